import { useI18n } from "../i18n/react.tsx";
import { cx } from "./cx.ts";

export interface TopicSupportMeterProps {
  /** Supports so far. */
  count: number;
  /** The community's threshold for screening. */
  threshold: number;
  /** The count is an optimistic guess while a support is being sent. */
  pending?: boolean;
  className?: string;
}

/**
 * Supports against the community's threshold: the sentence says it all (screen readers read it),
 * the bar repeats it for the eye.
 */
export function TopicSupportMeter({ count, threshold, pending = false, className }: TopicSupportMeterProps) {
  const { t, formatNumber } = useI18n();
  const safeThreshold = Math.max(1, threshold);
  const reached = count >= safeThreshold;
  const percent = Math.min(100, Math.round((count / safeThreshold) * 100));
  const sentence = t(reached ? "topics.support.reached" : "topics.support.progress", {
    count: formatNumber(count),
    threshold: formatNumber(safeThreshold),
  });
  return (
    <div className={cx("flex flex-col gap-2", className)} aria-busy={pending || undefined}>
      <p className="font-medium text-slate-900" aria-live="polite" data-testid="support-count">
        {sentence}
      </p>
      <div
        role="progressbar"
        aria-label={t("topics.support.meterLabel")}
        aria-valuemin={0}
        aria-valuemax={safeThreshold}
        aria-valuenow={Math.min(count, safeThreshold)}
        aria-valuetext={sentence}
        className="h-3 w-full overflow-hidden rounded-full border border-slate-500 bg-slate-100"
      >
        <div
          className={cx(
            "h-full rounded-full motion-safe:transition-[width]",
            reached ? "bg-green-700" : "bg-brand-700",
            pending && "opacity-70",
          )}
          style={{ width: `${percent}%` }}
        />
      </div>
    </div>
  );
}
