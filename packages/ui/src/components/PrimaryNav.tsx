import type { ReactNode } from "react";
import { cx } from "./cx.ts";

export interface NavItem {
  href: string;
  label: ReactNode;
  /** The section the visitor is in: marked with aria-current="page" and an underline. */
  current?: boolean;
}

/** How to render a link: a plain `<a>` by default, the router's `<Link>` in an app. */
export type RenderLink = (props: {
  href: string;
  className: string;
  children: ReactNode;
  "aria-current"?: "page";
  "aria-label"?: string;
}) => ReactNode;

export const renderAnchor: RenderLink = ({ href, children, ...rest }) => (
  <a href={href} {...rest}>
    {children}
  </a>
);

export interface PrimaryNavProps {
  items: NavItem[];
  renderLink?: RenderLink;
  className?: string;
}

/** The main sections as a wrapping row of 44 px links; put it in `<Header nav>` (which adds `<nav>`). */
export function PrimaryNav({ items, renderLink = renderAnchor, className }: PrimaryNavProps) {
  return (
    <ul className={cx("flex flex-wrap gap-x-1", className)}>
      {items.map((item) => (
        <li key={item.href}>
          {renderLink({
            href: item.href,
            "aria-current": item.current ? "page" : undefined,
            className: cx(
              "inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg px-3 font-medium",
              "no-underline hover:bg-slate-100",
              item.current ? "text-brand-800 underline decoration-2 underline-offset-8" : "text-slate-800",
            ),
            children: item.label,
          })}
        </li>
      ))}
    </ul>
  );
}

export interface CountBadgeProps {
  count: number;
  /** Above this, show "99+". */
  max?: number;
  className?: string;
}

/**
 * A small count on a link (unread notifications). Decorative: the link's accessible name must say
 * the count in words (`aria-label`).
 */
export function CountBadge({ count, max = 99, className }: CountBadgeProps) {
  if (count <= 0) return null;
  return (
    <span
      aria-hidden="true"
      className={cx(
        "inline-flex h-5 min-w-5 items-center justify-center rounded-full bg-brand-700 px-1.5 text-xs font-bold text-white",
        className,
      )}
    >
      {count > max ? `${max}+` : count}
    </span>
  );
}
