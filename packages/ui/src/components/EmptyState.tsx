import type { ReactNode } from "react";
import { cx } from "./cx.ts";

export interface EmptyStateProps {
  title: ReactNode;
  description?: ReactNode;
  /** A button or link leading out of the empty state. */
  action?: ReactNode;
  className?: string;
}

/** What a list or panel shows when it has nothing to show, with a way forward. */
export function EmptyState({ title, description, action, className }: EmptyStateProps) {
  return (
    <div
      className={cx(
        "flex flex-col items-center gap-3 rounded-xl border border-dashed border-slate-300 bg-white px-4 py-10 text-center",
        className,
      )}
    >
      <svg
        aria-hidden="true"
        focusable="false"
        width="40"
        height="40"
        viewBox="0 0 24 24"
        className="text-slate-500"
      >
        <path
          d="M3 7l9-4 9 4v10l-9 4-9-4V7zm9-4v18M3 7l9 4 9-4"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
          strokeLinejoin="round"
        />
      </svg>
      <p className="text-lg font-semibold text-slate-900">{title}</p>
      {description ? <p className="max-w-prose text-slate-700">{description}</p> : null}
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}
