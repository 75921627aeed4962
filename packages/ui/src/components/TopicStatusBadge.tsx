import type { TopicStatus } from "@gongzhi/core";
import { useT } from "../i18n/react.tsx";
import { cx } from "./cx.ts";

/** Colour per status group (all pairs meet 4.5:1): gathering, under review, moving on, closed. */
const tones: Record<TopicStatus, string> = {
  draft: "bg-slate-100 text-slate-800 border-slate-400",
  collecting: "bg-sky-50 text-sky-900 border-sky-300",
  awaiting_screening: "bg-amber-50 text-amber-900 border-amber-300",
  accepted: "bg-green-50 text-green-900 border-green-300",
  scheduled: "bg-green-50 text-green-900 border-green-300",
  deliberated: "bg-indigo-50 text-indigo-900 border-indigo-300",
  decided: "bg-indigo-50 text-indigo-900 border-indigo-300",
  in_progress: "bg-indigo-50 text-indigo-900 border-indigo-300",
  done: "bg-emerald-50 text-emerald-900 border-emerald-300",
  rated: "bg-emerald-50 text-emerald-900 border-emerald-300",
  merged: "bg-slate-100 text-slate-800 border-slate-400",
  declined: "bg-red-50 text-red-900 border-red-300",
};

export interface TopicStatusBadgeProps {
  status: TopicStatus;
  className?: string;
}

/** A topic's status in plain words (never only a colour). */
export function TopicStatusBadge({ status, className }: TopicStatusBadgeProps) {
  const t = useT();
  return (
    <span
      className={cx(
        "inline-flex items-center rounded-full border px-2.5 py-0.5 text-sm font-semibold",
        tones[status],
        className,
      )}
      data-status={status}
    >
      {t(`topics.status.${status}`)}
    </span>
  );
}
