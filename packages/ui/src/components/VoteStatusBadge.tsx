import { useT } from "../i18n/react.tsx";
import { cx } from "./cx.ts";

export type VoteStatus = "draft" | "noticed" | "open" | "closed" | "tallied" | "published" | "cancelled";

export interface VoteStatusBadgeProps {
  status: VoteStatus;
  /** Secret ballot: adds a second badge saying so. */
  secret?: boolean;
  className?: string;
}

const tones: Record<VoteStatus, string> = {
  draft: "border-slate-400 bg-slate-100 text-slate-900",
  noticed: "border-amber-400 bg-amber-50 text-amber-900",
  open: "border-green-400 bg-green-50 text-green-900",
  closed: "border-slate-400 bg-slate-100 text-slate-900",
  tallied: "border-slate-400 bg-slate-100 text-slate-900",
  published: "border-sky-400 bg-sky-50 text-sky-900",
  cancelled: "border-slate-400 bg-white text-slate-700",
};

/** The status of an owners' vote as words in a pill (the colour only repeats the words). */
export function VoteStatusBadge({ status, secret = false, className }: VoteStatusBadgeProps) {
  const t = useT();
  return (
    <span className={cx("inline-flex flex-wrap gap-2", className)}>
      <span className={cx("rounded-full border px-2.5 py-0.5 text-sm font-medium", tones[status])}>
        {t(`votes.status.${status}`)}
      </span>
      {secret ? (
        <span className="rounded-full border border-violet-400 bg-violet-50 px-2.5 py-0.5 text-sm font-medium text-violet-900">
          {t("votes.secret")}
        </span>
      ) : null}
    </span>
  );
}
