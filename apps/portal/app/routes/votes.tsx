import {
  buttonClasses,
  Card,
  EmptyState,
  PageHeader,
  t,
  useI18n,
  type VoteStatus,
  VoteStatusBadge,
} from "@gongzhi/ui";
import { Link } from "react-router";
import { requireUser } from "../lib/forms.server.ts";
import { localeFromRequest } from "../lib/locale.ts";
import { residentScope } from "../lib/votes.server.ts";
import type { Route } from "./+types/votes";

type Art278Item = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** The list's sections, in the order residents need them: open first, then announced, then results. */
const sections = [
  { key: "open", statuses: ["open"] },
  { key: "noticed", statuses: ["noticed"] },
  { key: "counting", statuses: ["closed", "tallied"] },
  { key: "published", statuses: ["published"] },
] as const;

export async function loader(args: Route.LoaderArgs) {
  const { user, caller } = await requireUser(args);
  const scope = await residentScope(caller, user);
  const pages = await Promise.all([
    ...scope.communityIds.map((communityId) => caller.decisions.list({ communityId, limit: 50 })),
    ...scope.compoundIds.map((compoundId) => caller.decisions.list({ compoundId, limit: 50 })),
  ]);
  const seen = new Set<string>();
  const votes = pages
    .flatMap((p) => p.items)
    .filter((d) => !seen.has(d.id) && seen.add(d.id))
    // Drafts and cancelled votes are the organiser's business, not the residents'.
    .filter((d) => d.status !== "draft" && d.status !== "cancelled")
    .map((d) => ({
      id: d.id,
      title: d.title,
      status: d.status as VoteStatus,
      secret: d.secret,
      matter: d.matter,
      art278Item: d.art278Item,
      opensAt: d.opensAt.toISOString(),
      closesAt: d.closesAt.toISOString(),
      compoundName: scope.units.find((u) => u.compoundId === d.compoundId)?.compoundName ?? null,
    }));
  return {
    locale: localeFromRequest(args.request).locale,
    hasScope: scope.communityIds.length + scope.compoundIds.length > 0,
    votes,
  };
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  return [{ title: `${t(locale, "votes.title")} · ${t(locale, "portal.title")}` }];
}

export default function Votes({ loaderData }: Route.ComponentProps) {
  const { t: tr, formatDateTime } = useI18n();
  const { votes, hasScope } = loaderData;
  const grouped = sections
    .map((s) => ({
      ...s,
      items: votes
        .filter((v) => (s.statuses as readonly string[]).includes(v.status))
        .sort((a, b) =>
          s.key === "published" ? (a.closesAt < b.closesAt ? 1 : -1) : a.closesAt < b.closesAt ? -1 : 1,
        ),
    }))
    .filter((s) => s.items.length > 0);
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6">
      <PageHeader title={tr("votes.title")} intro={tr("votes.intro")} />
      {!hasScope ? (
        <EmptyState
          title={tr("votes.list.noScope.title")}
          description={tr("votes.list.noScope.body")}
          action={
            <Link to="/verify" className={buttonClasses("primary")}>
              {tr("votes.list.verifyLink")}
            </Link>
          }
        />
      ) : grouped.length === 0 ? (
        <EmptyState title={tr("votes.list.empty.title")} description={tr("votes.list.empty.body")} />
      ) : (
        grouped.map((s) => (
          <Card key={s.key} title={tr(`votes.list.section.${s.key}`)} data-testid={`votes-${s.key}`}>
            <ul className="flex flex-col divide-y divide-slate-200">
              {s.items.map((v) => (
                <li key={v.id} className="flex flex-col gap-2 py-3 first:pt-0 last:pb-0">
                  <Link
                    to={`/votes/${v.id}`}
                    className="inline-flex min-h-11 items-center text-lg font-semibold text-brand-800 underline underline-offset-2"
                  >
                    {v.title}
                  </Link>
                  <VoteStatusBadge status={v.status} secret={v.secret} />
                  <p className="text-slate-700">
                    {v.compoundName ? `${v.compoundName} · ` : ""}
                    {tr(`votes.matter.${v.matter}`)} · {tr(`votes.item.${v.art278Item as Art278Item}`)}
                  </p>
                  <p className="text-slate-700">
                    {tr("votes.list.period", {
                      opens: formatDateTime(v.opensAt),
                      closes: formatDateTime(v.closesAt),
                    })}
                  </p>
                </li>
              ))}
            </ul>
          </Card>
        ))
      )}
    </div>
  );
}
