import { useT } from "../i18n/react.tsx";
import { cx } from "./cx.ts";

export interface SpinnerProps {
  /** Pixel size of the circle; defaults to 20. */
  size?: number;
  className?: string;
}

/** A decorative spinning circle (hidden from assistive technology; pair it with text). */
export function Spinner({ size = 20, className }: SpinnerProps) {
  return (
    <svg
      aria-hidden="true"
      focusable="false"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      className={cx("motion-safe:animate-spin", className)}
    >
      <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" strokeOpacity="0.25" strokeWidth="4" />
      <path
        d="M22 12a10 10 0 0 0-10-10"
        fill="none"
        stroke="currentColor"
        strokeWidth="4"
        strokeLinecap="round"
      />
    </svg>
  );
}

export interface LoadingProps {
  /** Text announced to screen readers and shown next to the spinner; defaults to "正在加载…". */
  label?: string;
  className?: string;
}

/** A polite live region with a spinner and a visible label, for a region that is loading. */
export function Loading({ label, className }: LoadingProps) {
  const t = useT();
  return (
    <div
      role="status"
      aria-live="polite"
      className={cx("flex items-center justify-center gap-3 py-10 text-slate-700", className)}
    >
      <Spinner size={24} className="text-brand-700" />
      <span>{label ?? t("common.loading")}</span>
    </div>
  );
}
