import type { ReactNode } from "react";
import { useI18n } from "../i18n/react.tsx";
import { cx } from "./cx.ts";

export interface StatTileProps {
  label: ReactNode;
  /** The count; `null` shows a dash (unknown). */
  value: number | null;
  /** A short note under the number (unit, comparison, date). */
  hint?: ReactNode;
  className?: string;
}

/**
 * One number with its label. Renders a `<div>` holding `<dt>`/`<dd>`, so place tiles inside
 * `StatGrid` (a `<dl>`), which screen readers announce as label–value pairs.
 */
export function StatTile({ label, value, hint, className }: StatTileProps) {
  const { formatNumber } = useI18n();
  return (
    <div className={cx("flex flex-col rounded-xl border border-slate-200 bg-white p-4 shadow-sm", className)}>
      <dt className="order-2 text-sm text-slate-700 sm:text-base">{label}</dt>
      <dd className="order-1 text-3xl font-semibold tabular-nums text-slate-900">
        {value === null ? "—" : formatNumber(value)}
      </dd>
      {hint ? <dd className="order-3 mt-1 text-sm text-slate-600">{hint}</dd> : null}
    </div>
  );
}

export interface StatGridProps {
  children: ReactNode;
  className?: string;
  "aria-label"?: string;
}

/** A responsive grid of `StatTile`s: two columns on phones, three on tablets and wider. */
export function StatGrid({ children, className, ...rest }: StatGridProps) {
  return (
    <dl className={cx("grid grid-cols-2 gap-3 sm:grid-cols-3 sm:gap-4", className)} {...rest}>
      {children}
    </dl>
  );
}
