import {
  buttonClasses,
  Card,
  DistrictSummary,
  EmptyState,
  type MessageKey,
  t,
  useI18n,
  useT,
} from "@gongzhi/ui";
import { Link } from "react-router";
import { getCaller } from "../lib/context.server.ts";
import { getUser } from "../lib/forms.server.ts";
import { communityFromRoles, compoundsOf, myUnits, settle } from "../lib/home-scope.server.ts";
import { localeFromRequest } from "../lib/locale.ts";
import type { Route } from "./+types/home";

/** The Beijing calendar month of a moment (YYYY-MM). */
function beijingMonth(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
}

/**
 * Signed out: the public landing with the district summary. Signed in: the resident's dashboard,
 * every block loaded in parallel in this one loader; a failing block shows its own error.
 */
export async function loader(args: Route.LoaderArgs) {
  const locale = localeFromRequest(args.request).locale;
  const caller = await getCaller(args);
  const user = await getUser(args);
  if (!user) {
    const summary = await caller.registry.districtSummary();
    return { locale, dashboard: null, summary };
  }
  const now = new Date();
  const unitsPromise = myUnits(caller);
  const summaryPromise = settle(caller.registry.districtSummary());
  const communityId = communityFromRoles(user) ?? (await unitsPromise)?.[0]?.communityId ?? null;
  const compoundsPromise = unitsPromise.then((units) => compoundsOf(units ?? []));

  const [units, summary, meetings, topics, votes, compound] = await Promise.all([
    unitsPromise,
    summaryPromise,
    communityId
      ? settle(caller.meetings.list({ communityId, fromMonth: beijingMonth(now), limit: 6 }))
      : null,
    communityId ? settle(caller.topics.list({ communityId, status: "collecting", limit: 3 })) : null,
    compoundsPromise.then((compounds) =>
      compounds.length === 0
        ? null
        : settle(
            Promise.all(
              compounds.map((c) =>
                caller.decisions
                  .list({ compoundId: c.id, limit: 20 })
                  .then((page) => page.items.filter((d) => d.status === "open")),
              ),
            ).then((lists) => lists.flat()),
          ),
    ),
    compoundsPromise.then(async (compounds) => {
      const first = compounds[0];
      if (!first) return null;
      const [service, committee] = await Promise.all([
        settle(caller.propertyServices.current({ compoundId: first.id })),
        settle(caller.committees.forCompound({ compoundId: first.id })),
      ]);
      return { id: first.id, name: first.name, service, committee };
    }),
  ]);

  const nextMeeting =
    meetings?.ok === true
      ? (meetings.value.items.find(
          (m) => m.status === "planned" && m.scheduledAt.getTime() >= now.getTime(),
        ) ?? null)
      : null;

  return {
    locale,
    summary: null,
    dashboard: {
      displayName: user.displayName,
      communityId,
      district: summary.ok ? (summary.value.district?.name ?? null) : null,
      compounds: units ? compoundsOf(units).map((c) => c.name) : [],
      isOwner: (units?.length ?? 0) > 0,
      meeting: meetings === null ? null : meetings.ok ? { next: nextMeeting } : ("error" as const),
      topics:
        topics === null
          ? null
          : topics.ok
            ? topics.value.items.map((x) => ({ id: x.id, title: x.title, supportCount: x.supportCount }))
            : ("error" as const),
      votes:
        votes === null
          ? null
          : votes.ok
            ? votes.value.map((d) => ({ id: d.id, title: d.title, closesAt: d.closesAt }))
            : ("error" as const),
      compound: compound
        ? {
            id: compound.id,
            name: compound.name,
            service: compound.service.ok ? compound.service.value : ("error" as const),
            committee: compound.committee.ok ? compound.committee.value : ("error" as const),
          }
        : null,
    },
  };
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  const title = loaderData?.dashboard ? t(locale, "home.title") : t(locale, "district.summary.title");
  return [{ title: `${title} · ${t(locale, "portal.title")}` }];
}

const linkClass =
  "inline-flex min-h-11 min-w-11 items-center justify-center font-medium text-brand-800 underline underline-offset-4";

function Unavailable() {
  const tr = useT();
  return <p className="text-slate-800">{tr("home.unavailable")}</p>;
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const tr = useT();
  if (!loaderData.dashboard) {
    return (
      <div className="flex flex-col gap-6">
        <div>
          <h1 className="text-2xl font-bold text-slate-900 sm:text-3xl">{tr("district.summary.title")}</h1>
          <p className="mt-1 text-slate-700">{tr("app.tagline")}</p>
        </div>
        {loaderData.summary ? <DistrictSummary summary={loaderData.summary} /> : null}
        <Card>
          <p className="mb-3 text-slate-800">{tr("home.landing.prompt")}</p>
          <div className="flex flex-wrap gap-3">
            <Link to="/signin" className={buttonClasses("primary")}>
              {tr("home.landing.signIn")}
            </Link>
            <Link to="/signup" className={buttonClasses("secondary")}>
              {tr("home.landing.signUp")}
            </Link>
          </div>
        </Card>
      </div>
    );
  }
  return <Dashboard data={loaderData.dashboard} />;
}

type DashboardData = NonNullable<Route.ComponentProps["loaderData"]["dashboard"]>;

const modeKey = (mode: string) => `compound.mode.${mode}` as MessageKey;
const kindKey = (kind: string) => `compound.kind.${kind}` as MessageKey;
const statusKey = (status: string) => `compound.status.${status}` as MessageKey;

function Dashboard({ data }: { data: DashboardData }) {
  const { t: tr, formatDateTime, formatNumber } = useI18n();
  const say = tr as (key: MessageKey) => string;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-bold text-slate-900 sm:text-3xl">
          {tr("home.greeting", { name: data.displayName })}
        </h1>
        <p className="mt-1 max-w-prose text-slate-700">{tr("home.intro")}</p>
      </div>

      <Card title={tr("home.community.title")} data-testid="home-community">
        {data.communityId ? (
          <div className="flex flex-col gap-3">
            <p className="text-slate-800">
              {data.district
                ? tr("home.community.registered", { district: data.district })
                : tr("home.community.registeredNoDistrict")}
            </p>
            {data.compounds.length > 0 ? (
              <p className="text-slate-800">
                {tr("home.community.myCompounds", { names: data.compounds.join("、") })}
              </p>
            ) : null}
            <nav aria-label={tr("home.community.shortcuts")}>
              <ul className="flex flex-wrap gap-x-4">
                <li>
                  <Link to="/topics" className={linkClass}>
                    {tr("nav.topics")}
                  </Link>
                </li>
                <li>
                  <Link to="/meetings" className={linkClass}>
                    {tr("nav.meetings")}
                  </Link>
                </li>
                <li>
                  <Link to="/votes" className={linkClass}>
                    {tr("nav.votes")}
                  </Link>
                </li>
                <li>
                  <Link to="/ledger" className={linkClass}>
                    {tr("nav.ledger")}
                  </Link>
                </li>
                <li>
                  <Link to="/requests/new" className={linkClass}>
                    {tr("nav.requests")}
                  </Link>
                </li>
              </ul>
            </nav>
          </div>
        ) : (
          <EmptyState
            title={tr("home.community.none")}
            description={tr("home.community.noneBody")}
            action={
              <div className="flex flex-wrap gap-3">
                <Link to="/residency" className={buttonClasses("primary")}>
                  {tr("home.community.request")}
                </Link>
                <Link to="/verify" className={buttonClasses("secondary")}>
                  {tr("home.community.verify")}
                </Link>
              </div>
            }
          />
        )}
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card
          title={tr("home.meeting.title")}
          data-testid="home-meeting"
          actions={
            <Link to="/meetings" className={linkClass}>
              {tr("home.meeting.all")}
            </Link>
          }
        >
          {data.meeting === "error" ? (
            <Unavailable />
          ) : data.meeting?.next ? (
            <div className="flex flex-col gap-1">
              <p className="font-medium">
                {tr("home.meeting.when", { time: formatDateTime(data.meeting.next.scheduledAt) })}
              </p>
              <p className="break-words">
                {tr("home.meeting.where", { location: data.meeting.next.location })}
              </p>
              <p>
                <Link to={`/meetings/${data.meeting.next.id}`} className={linkClass}>
                  {tr("home.meeting.view")}
                </Link>
              </p>
            </div>
          ) : (
            <EmptyState title={tr("home.meeting.empty")} description={tr("home.meeting.emptyBody")} />
          )}
        </Card>

        <Card
          title={tr("home.topics.title")}
          data-testid="home-topics"
          actions={
            <Link to="/topics" className={linkClass}>
              {tr("home.topics.all")}
            </Link>
          }
        >
          {data.topics === "error" ? (
            <Unavailable />
          ) : data.topics && data.topics.length > 0 ? (
            <ul className="flex flex-col divide-y divide-slate-200">
              {data.topics.map((topic) => (
                <li key={topic.id} className="py-2">
                  <Link to={`/topics/${topic.id}`} className={`${linkClass} break-words`}>
                    {topic.title}
                  </Link>
                  <p className="text-sm text-slate-700">
                    {tr("home.topics.supports", { count: formatNumber(topic.supportCount) })}
                  </p>
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState title={tr("home.topics.empty")} description={tr("home.topics.emptyBody")} />
          )}
        </Card>

        <Card
          title={tr("home.votes.title")}
          data-testid="home-votes"
          actions={
            <Link to="/votes" className={linkClass}>
              {tr("home.votes.all")}
            </Link>
          }
        >
          {!data.isOwner ? (
            <EmptyState
              title={tr("home.votes.notOwner")}
              description={tr("home.votes.notOwnerBody")}
              action={
                <Link to="/verify" className={buttonClasses("secondary")}>
                  {tr("home.community.verify")}
                </Link>
              }
            />
          ) : data.votes === "error" ? (
            <Unavailable />
          ) : data.votes && data.votes.length > 0 ? (
            <ul className="flex flex-col divide-y divide-slate-200">
              {data.votes.map((vote) => (
                <li key={vote.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <div className="min-w-0">
                    <p className="break-words font-medium">{vote.title}</p>
                    <p className="text-sm text-slate-700">
                      {tr("home.votes.closes", { time: formatDateTime(vote.closesAt) })}
                    </p>
                  </div>
                  <Link
                    to={`/votes/${vote.id}`}
                    className={buttonClasses("primary")}
                    aria-label={`${tr("home.votes.view")}：${vote.title}`}
                  >
                    {tr("home.votes.view")}
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState title={tr("home.votes.empty")} description={tr("home.votes.emptyBody")} />
          )}
        </Card>

        <Card
          title={tr("home.compound.title")}
          data-testid="home-compound"
          actions={
            data.compound ? (
              <Link to="/compound" className={linkClass}>
                {tr("home.compound.view")}
              </Link>
            ) : undefined
          }
        >
          {data.compound ? (
            <div className="flex flex-col gap-2">
              <p className="break-words text-lg font-semibold">{data.compound.name}</p>
              <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
                <dt className="font-medium text-slate-700">{tr("home.compound.property")}</dt>
                <dd className="break-words">
                  {data.compound.service === "error"
                    ? tr("home.unavailable")
                    : data.compound.service
                      ? [say(modeKey(data.compound.service.mode)), data.compound.service.companyName]
                          .filter(Boolean)
                          .join(" · ")
                      : tr("compound.property.empty")}
                </dd>
                <dt className="font-medium text-slate-700">{tr("home.compound.committee")}</dt>
                <dd className="break-words">
                  {data.compound.committee === "error"
                    ? tr("home.unavailable")
                    : data.compound.committee
                      ? `${say(kindKey(data.compound.committee.kind))} · ${say(statusKey(data.compound.committee.status))}`
                      : tr("home.compound.noCommittee")}
                </dd>
              </dl>
            </div>
          ) : (
            <EmptyState
              title={tr("home.compound.none")}
              description={tr("home.compound.noneBody")}
              action={
                <Link to="/verify" className={buttonClasses("secondary")}>
                  {tr("home.community.verify")}
                </Link>
              }
            />
          )}
        </Card>
      </div>
    </div>
  );
}
