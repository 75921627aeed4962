import { type ReactNode, useId } from "react";
import { useI18n } from "../i18n/react.tsx";
import { cx } from "./cx.ts";
import { Loading } from "./Spinner.tsx";

/** One dimension of the 民法典 Art. 278 quorum: what took part, of what, against what is required. */
export interface QuorumMeasure {
  participated: number;
  eligible: number;
  /** The least participation meeting the quorum (2/3 of `eligible`, rounded up). */
  required: number;
}

export interface QuorumProgressProps {
  /** Participating exclusive area, in integer hundredths of m². */
  area?: QuorumMeasure | null;
  /** Participating owners (one per owner key). */
  headcount?: QuorumMeasure | null;
  /** Both measures reached two thirds. */
  met?: boolean;
  /** False when the remaining owners can no longer carry the vote past the quorum. */
  reachable?: boolean;
  loading?: boolean;
  /** A message or `ErrorState` shown instead of the bars. */
  error?: ReactNode;
  className?: string;
}

const percentOf = (part: number, whole: number) => (whole > 0 ? Math.floor((part * 1000) / whole) / 10 : 0);

function Measure({
  label,
  measure,
  format,
  valueKey,
}: {
  label: string;
  measure: QuorumMeasure;
  format: (n: number) => string;
  valueKey: "votes.progress.areaValue" | "votes.progress.headValue";
}) {
  const { t } = useI18n();
  const labelId = useId();
  const reached = measure.participated >= measure.required;
  const percent = percentOf(measure.participated, measure.eligible);
  const markerAt = percentOf(measure.required, measure.eligible);
  const needed = Math.max(0, measure.required - measure.participated);
  const state = reached
    ? t("votes.progress.reached")
    : t("votes.progress.stillNeeded", { needed: format(needed) });
  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3">
        <span id={labelId} className="font-semibold text-slate-900">
          {label}
        </span>
        <span className="tabular-nums text-slate-900">
          {t(valueKey, { participated: format(measure.participated), eligible: format(measure.eligible) })}
        </span>
      </div>
      <div
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={measure.eligible}
        aria-valuenow={measure.participated}
        aria-valuetext={t("votes.progress.valueText", {
          participated: format(measure.participated),
          eligible: format(measure.eligible),
          required: format(measure.required),
          state,
        })}
        className="relative h-4 overflow-hidden rounded-full border border-slate-500 bg-slate-100"
      >
        <div
          className={cx("h-full", reached ? "bg-green-700" : "bg-brand-700")}
          style={{ width: `${Math.min(100, percent)}%` }}
        />
        <div
          aria-hidden="true"
          title={t("votes.progress.marker")}
          className="absolute inset-y-0 w-0.5 bg-slate-900"
          style={{ left: `${markerAt}%` }}
        />
      </div>
      <p className="flex flex-wrap gap-x-3 text-sm text-slate-700">
        <span>{t("votes.progress.percent", { percent: String(percent) })}</span>
        <span>{t("votes.progress.required", { required: format(measure.required) })}</span>
        <span className={cx("font-semibold", reached ? "text-green-800" : "text-slate-900")}>
          <span aria-hidden="true">{reached ? "✓ " : "… "}</span>
          {state}
        </span>
      </p>
    </div>
  );
}

/**
 * Live participation of an open owners' vote against the 2/3 quorum (民法典 Art. 278 para. 2): area
 * AND headcount, each a labelled progressbar with the numbers in text (never colour alone), and a
 * two-thirds marker. Show it only for open, non-secret votes.
 */
export function QuorumProgress({
  area,
  headcount,
  met = false,
  reachable = true,
  loading = false,
  error,
  className,
}: QuorumProgressProps) {
  const { t, formatArea, formatNumber } = useI18n();
  if (loading) return <Loading className={className} />;
  if (error) return <div className={className}>{error}</div>;
  if (!area || !headcount || area.eligible === 0 || headcount.eligible === 0)
    return <p className={cx("text-slate-700", className)}>{t("votes.progress.empty")}</p>;
  return (
    <div className={cx("flex flex-col gap-4", className)}>
      <Measure
        label={t("votes.progress.area")}
        measure={area}
        format={formatArea}
        valueKey="votes.progress.areaValue"
      />
      <Measure
        label={t("votes.progress.headcount")}
        measure={headcount}
        format={formatNumber}
        valueKey="votes.progress.headValue"
      />
      <p
        className={cx(
          "rounded-lg border px-3 py-2",
          met ? "border-green-300 bg-green-50 text-green-900" : "border-slate-300 bg-slate-50 text-slate-900",
        )}
      >
        <span aria-hidden="true">{met ? "✓ " : reachable ? "" : "✗ "}</span>
        {met
          ? t("votes.progress.met")
          : reachable
            ? t("votes.progress.notMet")
            : t("votes.progress.unreachable")}
      </p>
    </div>
  );
}
