import type { ReactNode } from "react";
import { cx } from "./cx.ts";

export interface PageHeaderProps {
  /** The page's one `<h1>`. */
  title: ReactNode;
  /** A sentence or two under the title. */
  intro?: ReactNode;
  /** Buttons or links on the title's line (wrap under it on phones). */
  actions?: ReactNode;
  className?: string;
}

/** Every page starts with this: the h1, an optional intro and actions. */
export function PageHeader({ title, intro, actions, className }: PageHeaderProps) {
  return (
    <div className={cx("mb-6 flex flex-wrap items-end justify-between gap-3", className)}>
      <div className="max-w-prose">
        <h1 className="text-2xl font-bold text-slate-900 sm:text-3xl">{title}</h1>
        {intro ? <p className="mt-1 text-slate-700">{intro}</p> : null}
      </div>
      {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}
