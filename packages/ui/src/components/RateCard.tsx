import type { ReactNode } from "react";
import type { Locale } from "../i18n/i18n.ts";
import { useI18n } from "../i18n/react.tsx";
import { cx } from "./cx.ts";

const percentFormats = new Map<Locale, Intl.NumberFormat>();

/** A rate in [0, 1] as a percentage with one decimal ("89.4%"); "—" when unknown. */
export function formatRate(locale: Locale, rate: number | null): string {
  if (rate === null) return "—";
  let format = percentFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: "percent",
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    });
    percentFormats.set(locale, format);
  }
  return format.format(rate);
}

export type RateStatus = "met" | "unmet" | "none";

export interface RateCardProps {
  /** The rate's name (a heading). */
  title: ReactNode;
  /** In [0, 1]; null when the denominator is 0. */
  rate: number | null;
  /** Numerator and denominator in words, e.g. "41 / 46 个小区有物业服务". */
  fraction: ReactNode;
  /** The household-weighted variant in words, shown beside the compound count. */
  weighted?: ReactNode;
  /** The target in [0, 1], drawn as a mark on the bar. */
  target: number;
  /** The target in words ("目标 90%"). */
  targetLabel: ReactNode;
  status: RateStatus;
  /** The gap in words ("还需 4 个小区…") or "已达标". */
  statusText: ReactNode;
  /** More lines under the status (e.g. the household gap). */
  detail?: ReactNode;
  headingLevel?: 2 | 3;
  className?: string;
  "data-testid"?: string;
}

const statusClasses: Record<RateStatus, string> = {
  met: "border-green-300 bg-green-50 text-green-900",
  unmet: "border-amber-300 bg-amber-50 text-amber-950",
  none: "border-slate-300 bg-slate-50 text-slate-800",
};

/**
 * One rate with everything a report asks for: the percentage, numerator / denominator, the
 * household-weighted variant, the target and the gap. The bar is decorative (aria-hidden); the
 * numbers are all in text.
 */
export function RateCard({
  title,
  rate,
  fraction,
  weighted,
  target,
  targetLabel,
  status,
  statusText,
  detail,
  headingLevel = 3,
  className,
  ...rest
}: RateCardProps) {
  const { locale } = useI18n();
  const Heading = `h${headingLevel}` as const;
  const width = rate === null ? 0 : Math.min(100, Math.max(0, rate * 100));
  return (
    <section
      className={cx(
        "flex flex-col gap-2 rounded-xl border border-slate-200 bg-white p-4 shadow-sm",
        className,
      )}
      data-testid={rest["data-testid"]}
    >
      <Heading className="text-base font-semibold text-slate-900">{title}</Heading>
      <p className="text-3xl font-semibold tabular-nums text-slate-900" data-rate="">
        {formatRate(locale, rate)}
      </p>
      <div aria-hidden="true" className="relative h-2 rounded-full bg-slate-200">
        <div
          className={cx("h-2 rounded-full", status === "met" ? "bg-green-700" : "bg-brand-700")}
          style={{ width: `${width}%` }}
        />
        <div
          className="absolute -top-1 h-4 w-0.5 bg-slate-900"
          style={{ left: `${Math.min(100, target * 100)}%` }}
        />
      </div>
      <p className="text-sm text-slate-800 tabular-nums" data-fraction="">
        {fraction}
      </p>
      {weighted ? (
        <p className="text-sm text-slate-700 tabular-nums" data-weighted="">
          {weighted}
        </p>
      ) : null}
      <p className="text-sm text-slate-700">{targetLabel}</p>
      <p className={cx("rounded-lg border px-3 py-2 text-sm font-medium", statusClasses[status])}>
        {statusText}
      </p>
      {detail ? <div className="text-sm text-slate-700">{detail}</div> : null}
    </section>
  );
}
