import { type HTMLAttributes, type ReactNode, useId } from "react";
import { cx } from "./cx.ts";

export interface CardProps extends Omit<HTMLAttributes<HTMLElement>, "title"> {
  /** Heading of the card; the section is labelled by it. */
  title?: ReactNode;
  /** Heading level of the title (default 2). */
  headingLevel?: 2 | 3 | 4;
  /** Extra content on the heading's line (a link, a button). */
  actions?: ReactNode;
  children: ReactNode;
}

/** A white surface with an optional heading; renders a labelled `<section>`. */
export function Card({ title, headingLevel = 2, actions, className, children, ...rest }: CardProps) {
  const headingId = useId();
  const Heading = `h${headingLevel}` as const;
  return (
    <section
      aria-labelledby={title ? headingId : undefined}
      className={cx("rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6", className)}
      {...rest}
    >
      {title || actions ? (
        <div className="mb-4 flex flex-wrap items-start justify-between gap-2">
          {title ? (
            <Heading id={headingId} className="text-lg font-semibold text-slate-900 sm:text-xl">
              {title}
            </Heading>
          ) : null}
          {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
        </div>
      ) : null}
      {children}
    </section>
  );
}
