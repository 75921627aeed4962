import type { TopicStatus } from "@gongzhi/core";
import { useI18n } from "../i18n/react.tsx";
import { cx } from "./cx.ts";
import { TopicStatusBadge } from "./TopicStatusBadge.tsx";

export interface TopicTimelineEntry {
  id: string;
  to: TopicStatus;
  at: Date | string;
  /** A public note (e.g. the reason when declined). */
  note?: string | null;
}

export interface TopicTimelineProps {
  /** Oldest first. */
  entries: TopicTimelineEntry[];
  /** When the topic was proposed (the first line). */
  createdAt?: Date | string;
  className?: string;
}

/** The public status history of a topic, as an ordered list of dated steps. */
export function TopicTimeline({ entries, createdAt, className }: TopicTimelineProps) {
  const { t, formatDateTime } = useI18n();
  if (entries.length === 0 && !createdAt)
    return <p className={cx("text-slate-700", className)}>{t("topics.history.empty")}</p>;
  return (
    <ol className={cx("flex flex-col", className)} data-testid="topic-timeline">
      {createdAt ? (
        <li className="relative border-l-2 border-slate-300 pb-4 pl-5">
          <span
            aria-hidden="true"
            className="absolute -left-[7px] top-1.5 size-3 rounded-full bg-slate-500"
          />
          <p className="font-medium text-slate-900">{t("topics.history.created")}</p>
          <p className="text-sm text-slate-700">
            <time dateTime={new Date(createdAt).toISOString()}>{formatDateTime(createdAt)}</time>
          </p>
        </li>
      ) : null}
      {entries.map((entry, i) => (
        <li
          key={entry.id}
          className={cx(
            "relative border-l-2 pl-5",
            i === entries.length - 1 ? "border-transparent" : "border-slate-300 pb-4",
          )}
        >
          <span
            aria-hidden="true"
            className="absolute -left-[7px] top-1.5 size-3 rounded-full bg-brand-700"
          />
          <TopicStatusBadge status={entry.to} />
          <p className="mt-1 text-sm text-slate-700">
            <time dateTime={new Date(entry.at).toISOString()}>{formatDateTime(entry.at)}</time>
          </p>
          {entry.note ? <p className="mt-1 max-w-prose break-words text-slate-900">{entry.note}</p> : null}
        </li>
      ))}
    </ol>
  );
}
