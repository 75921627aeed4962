import { Card, type MeetingStatus, PageHeader, t, useI18n } from "@gongzhi/ui";
import { data, Link } from "react-router";
import { requireUser } from "../lib/forms.server.ts";
import { localeFromRequest } from "../lib/locale.ts";
import { isUuid, orNotFound } from "../lib/votes.server.ts";
import type { Route } from "./+types/meetings.$id";

type TopicStatus =
  | "draft"
  | "collecting"
  | "awaiting_screening"
  | "accepted"
  | "merged"
  | "declined"
  | "scheduled"
  | "deliberated"
  | "decided"
  | "in_progress"
  | "done"
  | "rated";

export async function loader(args: Route.LoaderArgs) {
  const { caller } = await requireUser(args);
  const id = args.params.id;
  if (!isUuid(id)) throw data(null, { status: 404 });
  const m = await orNotFound(caller.meetings.get({ meetingId: id }));
  // The owners' votes created from this meeting's decisions (decisions carry meetingDecisionId).
  const votes =
    m.decisions.length > 0
      ? await caller.decisions.list({ communityId: m.communityId, limit: 100 }).then(
          (p) => p.items,
          () => [],
        )
      : [];
  const voteOf = new Map(
    votes
      .filter((v) => v.meetingDecisionId && v.status !== "draft" && v.status !== "cancelled")
      .map((v) => [v.meetingDecisionId as string, { id: v.id, title: v.title }]),
  );
  const capacities = new Map<string, number>();
  for (const a of m.attendees) capacities.set(a.capacity, (capacities.get(a.capacity) ?? 0) + 1);
  return {
    locale: localeFromRequest(args.request).locale,
    meeting: {
      id: m.id,
      month: m.month,
      scheduledAt: m.scheduledAt.toISOString(),
      location: m.location,
      status: m.status as MeetingStatus,
      minutes: m.minutes,
      attendanceCount: m.attendanceCount,
    },
    agenda: m.agenda.map((a) => ({
      id: a.id,
      title: a.title,
      topicId: a.topicId,
      topicStatus: a.topicStatus as TopicStatus | null,
    })),
    capacities: [...capacities.entries()].map(([capacity, count]) => ({ capacity, count })),
    decisions: m.decisions.map((d) => ({
      id: d.id,
      text: d.text,
      topicId: d.topicId,
      topicTitle: m.agenda.find((a) => a.topicId === d.topicId)?.title ?? null,
      requiresOwnersVote: d.requiresOwnersVote,
      vote: voteOf.get(d.id) ?? null,
    })),
  };
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  const m = loaderData?.meeting.month;
  const title = m
    ? t(locale, "meetings.itemTitle", {
        month: t(locale, "meetings.monthTitle", {
          year: m.slice(0, 4),
          month: String(Number(m.slice(5, 7))),
        }),
      })
    : t(locale, "meetings.title");
  return [{ title: `${title} · ${t(locale, "portal.title")}` }];
}

const link = "text-brand-800 underline underline-offset-2";

export default function MeetingDetail({ loaderData }: Route.ComponentProps) {
  const { t: tr, formatDateTime, formatNumber } = useI18n();
  const { meeting, agenda, capacities, decisions } = loaderData;
  const title = tr("meetings.itemTitle", {
    month: tr("meetings.monthTitle", {
      year: meeting.month.slice(0, 4),
      month: String(Number(meeting.month.slice(5, 7))),
    }),
  });
  const planned = meeting.status === "planned";
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6">
      <p>
        <Link to={`/meetings?month=${meeting.month}`} className={`inline-flex min-h-11 items-center ${link}`}>
          ← {tr("meetings.detail.back")}
        </Link>
      </p>
      <PageHeader title={title} />
      <Card>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2" data-testid="meeting-facts">
          <dt className="text-slate-700">{tr("meetings.detail.when")}</dt>
          <dd>{formatDateTime(meeting.scheduledAt)}</dd>
          <dt className="text-slate-700">{tr("meetings.detail.where")}</dt>
          <dd>{meeting.location}</dd>
          <dt className="text-slate-700">{tr("meetings.detail.status")}</dt>
          <dd>{tr(`meetings.status.${meeting.status}`)}</dd>
          <dt className="text-slate-700">{tr("meetings.detail.attendance")}</dt>
          <dd data-testid="attendance">
            {meeting.attendanceCount === null
              ? tr("meetings.detail.attendanceUnknown")
              : tr("meetings.detail.attendanceValue", { count: formatNumber(meeting.attendanceCount) })}
          </dd>
        </dl>
        {capacities.length > 0 ? (
          <div className="mt-4">
            <h2 className="font-semibold">{tr("meetings.detail.attendanceBy")}</h2>
            <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-slate-700">
              {capacities.map((c) => (
                <li key={c.capacity}>
                  {tr("meetings.detail.capacityCount", {
                    capacity: c.capacity,
                    count: formatNumber(c.count),
                  })}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </Card>

      <Card title={tr("meetings.agenda.heading")} data-testid="agenda">
        {agenda.length === 0 ? (
          <p className="text-slate-700">{tr("meetings.agenda.empty")}</p>
        ) : (
          <ol className="flex list-decimal flex-col gap-3 pl-6">
            {agenda.map((a) => (
              <li key={a.id}>
                {a.topicId ? (
                  <Link to={`/topics/${a.topicId}`} className={`inline-flex min-h-11 items-center ${link}`}>
                    {a.title}
                  </Link>
                ) : (
                  <span>
                    {a.title}
                    <span className="block text-sm text-slate-700">{tr("meetings.agenda.freeItem")}</span>
                  </span>
                )}
                {a.topicStatus ? (
                  <span className="block text-sm text-slate-700">
                    {tr("meetings.agenda.topicStatus", {
                      status: tr(`meetings.topicStatus.${a.topicStatus}`),
                    })}
                  </span>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </Card>

      <Card title={tr("meetings.minutes.heading")} data-testid="minutes">
        {meeting.minutes ? (
          <p className="whitespace-pre-line leading-relaxed">{meeting.minutes}</p>
        ) : (
          <p className="text-slate-700">
            {planned ? tr("meetings.minutes.planned") : tr("meetings.minutes.empty")}
          </p>
        )}
      </Card>

      <Card title={tr("meetings.decisions.heading")} data-testid="decisions">
        {decisions.length === 0 ? (
          <p className="text-slate-700">
            {planned ? tr("meetings.decisions.planned") : tr("meetings.decisions.empty")}
          </p>
        ) : (
          <ul className="flex flex-col divide-y divide-slate-200">
            {decisions.map((d) => (
              <li key={d.id} className="flex flex-col gap-1 py-3 first:pt-0 last:pb-0">
                <p>{d.text}</p>
                {d.topicId ? (
                  <p className="text-sm">
                    <span className="text-slate-700">{tr("meetings.decisions.topic")}</span>
                    <Link to={`/topics/${d.topicId}`} className={`inline-flex min-h-11 items-center ${link}`}>
                      {d.topicTitle ?? d.topicId}
                    </Link>
                  </p>
                ) : null}
                {d.requiresOwnersVote ? (
                  <p className="text-sm">
                    <span className="font-semibold">{tr("meetings.decisions.requiresVote")}</span>{" "}
                    {d.vote ? (
                      <Link
                        to={`/votes/${d.vote.id}`}
                        className={`inline-flex min-h-11 items-center ${link}`}
                      >
                        {tr("meetings.decisions.voteLink", { title: d.vote.title })}
                      </Link>
                    ) : (
                      <span className="text-slate-700">{tr("meetings.decisions.voteNotYet")}</span>
                    )}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
