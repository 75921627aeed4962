import {
  buttonClasses,
  Card,
  EmptyState,
  MeetingCalendar,
  type MeetingStatus,
  PageHeader,
  type RenderLink,
  t,
  useI18n,
} from "@gongzhi/ui";
import { Link } from "react-router";
import { requireUser } from "../lib/forms.server.ts";
import { localeFromRequest } from "../lib/locale.ts";
import { beijingDate, beijingTime, residentScope } from "../lib/votes.server.ts";
import type { Route } from "./+types/meetings";

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

export async function loader(args: Route.LoaderArgs) {
  const { user, caller } = await requireUser(args);
  const url = new URL(args.request.url);
  const scope = await residentScope(caller, user);
  const asked = url.searchParams.get("community");
  const communityId = asked && scope.communityIds.includes(asked) ? asked : (scope.communityIds[0] ?? null);
  const today = beijingDate(Date.now());
  const thisMonth = today.slice(0, 7);
  const askedMonth = url.searchParams.get("month");
  const month = askedMonth && monthPattern.test(askedMonth) ? askedMonth : thisMonth;
  const meetings = communityId
    ? (
        await caller.meetings.list({
          communityId,
          fromMonth: shiftMonth(month, -6),
          toMonth: shiftMonth(month, 6),
          limit: 50,
        })
      ).items.map((m) => ({
        id: m.id,
        month: m.month,
        date: beijingDate(m.scheduledAt),
        time: beijingTime(m.scheduledAt),
        scheduledAt: m.scheduledAt.toISOString(),
        location: m.location,
        status: m.status as MeetingStatus,
      }))
    : [];
  return {
    locale: localeFromRequest(args.request).locale,
    communities: scope.communityIds,
    communityId,
    month,
    thisMonth,
    today,
    meetings,
  };
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  return [{ title: `${t(locale, "meetings.title")} · ${t(locale, "portal.title")}` }];
}

const routerLink: RenderLink = ({ href, children, ...rest }) => (
  <Link to={href} {...rest}>
    {children}
  </Link>
);

export default function Meetings({ loaderData }: Route.ComponentProps) {
  const { t: tr, formatDateTime } = useI18n();
  const { communities, communityId, month, thisMonth, today, meetings } = loaderData;
  const href = (m: string) => {
    const p = new URLSearchParams();
    if (communityId && communities.length > 1) p.set("community", communityId);
    p.set("month", m);
    return `/meetings?${p.toString()}`;
  };
  const monthTitle = (m: string) =>
    tr("meetings.monthTitle", { year: m.slice(0, 4), month: String(Number(m.slice(5, 7))) });
  if (!communityId)
    return (
      <div className="mx-auto flex max-w-4xl flex-col gap-6">
        <PageHeader title={tr("meetings.title")} intro={tr("meetings.intro")} />
        <EmptyState
          title={tr("meetings.noScope.title")}
          description={tr("meetings.noScope.body")}
          action={
            <Link to="/verify" className={buttonClasses("primary")}>
              {tr("votes.list.verifyLink")}
            </Link>
          }
        />
      </div>
    );
  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6">
      <PageHeader title={tr("meetings.title")} intro={tr("meetings.intro")} />
      {communities.length > 1 ? (
        <nav aria-label={tr("meetings.chooseCommunity")}>
          <ul className="flex flex-wrap gap-2">
            {communities.map((c, i) => (
              <li key={c}>
                <Link
                  to={`/meetings?community=${c}&month=${month}`}
                  aria-current={c === communityId ? "page" : undefined}
                  className={buttonClasses(c === communityId ? "primary" : "secondary")}
                >
                  {tr("meetings.communityN", { n: i + 1 })}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <Card>
        <MeetingCalendar
          month={month}
          today={today}
          prevHref={href(shiftMonth(month, -1))}
          nextHref={href(shiftMonth(month, 1))}
          thisMonthHref={month !== thisMonth ? href(thisMonth) : undefined}
          renderLink={routerLink}
          meetings={meetings.map((m) => ({
            id: m.id,
            date: m.date,
            href: `/meetings/${m.id}`,
            title: tr("meetings.itemTitle", { month: monthTitle(m.month) }),
            time: m.time,
            status: m.status,
          }))}
        />
      </Card>
      <Card title={tr("meetings.recent.heading")}>
        {meetings.length === 0 ? (
          <p className="text-slate-700">{tr("meetings.recent.empty")}</p>
        ) : (
          <ul className="flex flex-col divide-y divide-slate-200" data-testid="meetings-list">
            {meetings.map((m) => (
              <li key={m.id} className="flex flex-col gap-1 py-3 first:pt-0 last:pb-0">
                <Link
                  to={`/meetings/${m.id}`}
                  className="inline-flex min-h-11 items-center font-semibold text-brand-800 underline underline-offset-2"
                >
                  {tr("meetings.itemTitle", { month: monthTitle(m.month) })}
                </Link>
                <p className="text-slate-700">
                  {formatDateTime(m.scheduledAt)} · {tr(`meetings.status.${m.status}`)}
                </p>
                <p className="text-slate-700">{m.location}</p>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
