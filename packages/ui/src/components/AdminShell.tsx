import type { ReactNode } from "react";
import { useI18n } from "../i18n/react.tsx";
import { cx } from "./cx.ts";
import { type NavItem, type RenderLink, renderAnchor } from "./PrimaryNav.tsx";

export interface AdminShellProps {
  /** Product name in the bar ("共治 · 工作台"). */
  title: ReactNode;
  /** Where the title links (the console's home). */
  homeHref: string;
  /** The console's sections, shown as a side navigation (a list on top on phones). */
  nav: NavItem[];
  /** Accessible name of the side navigation. */
  navLabel: string;
  /** The router's `<Link>` in an app; a plain `<a>` by default. */
  renderLink?: RenderLink;
  /** Who is signed in, their scope and the sign-out button. */
  account?: ReactNode;
  /** Right-hand side of the bar, usually the `<LocaleSwitch>`. */
  end?: ReactNode;
  children: ReactNode;
  mainId?: string;
}

/**
 * The staff console's frame: skip link, a full-width bar (title, account, language), a side
 * navigation of 44 px links and the `<main>` landmark. Wider than the portal's `AppShell`: the
 * console is used at a desk, with tables.
 */
export function AdminShell({
  title,
  homeHref,
  nav,
  navLabel,
  renderLink = renderAnchor,
  account,
  end,
  children,
  mainId = "main",
}: AdminShellProps) {
  const { t } = useI18n();
  return (
    <div className="flex min-h-screen flex-col bg-slate-50">
      <a
        href={`#${mainId}`}
        className="sr-only z-50 rounded-lg bg-white px-4 py-3 text-brand-900 focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
      >
        {t("nav.skipToContent")}
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-2">
          {renderLink({
            href: homeHref,
            className:
              "inline-flex min-h-11 items-center gap-2 rounded-lg text-lg font-bold text-brand-800 no-underline",
            children: (
              <>
                <span
                  aria-hidden="true"
                  className="inline-flex h-8 w-8 items-center justify-center rounded-md bg-brand-700 text-base text-white"
                >
                  治
                </span>
                <span>{title}</span>
              </>
            ),
          })}
          <div className="flex flex-wrap items-center gap-2">
            {account}
            {end}
          </div>
        </div>
      </header>
      <div className="flex flex-1 flex-col md:flex-row">
        <nav
          aria-label={navLabel}
          className="border-b border-slate-200 bg-white md:w-52 md:border-e md:border-b-0"
        >
          <ul className="grid grid-cols-2 gap-1 p-2 sm:grid-cols-5 md:sticky md:top-0 md:grid-cols-1">
            {nav.map((item) => (
              <li key={item.href}>
                {renderLink({
                  href: item.href,
                  "aria-current": item.current ? "page" : undefined,
                  className: cx(
                    "flex min-h-11 items-center rounded-lg px-3 font-medium no-underline",
                    item.current
                      ? "bg-brand-50 text-brand-900 ring-1 ring-brand-700"
                      : "text-slate-800 hover:bg-slate-100",
                  ),
                  children: item.label,
                })}
              </li>
            ))}
          </ul>
        </nav>
        <main id={mainId} tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 outline-none sm:px-6">
          {children}
        </main>
      </div>
    </div>
  );
}

export interface AdminAccountProps {
  name: ReactNode;
  /** Role and scope in words ("区级工作人员 · 延庆区"). */
  scope: ReactNode;
  /** The sign-out control. */
  signOut: ReactNode;
  label: string;
}

/** Who is signed in and where they work, with the sign-out button, for `AdminShell`'s `account`. */
export function AdminAccount({ name, scope, signOut, label }: AdminAccountProps) {
  return (
    <section aria-label={label} className="flex flex-wrap items-center gap-3">
      <p className="flex flex-col text-sm leading-tight">
        <span className="font-semibold text-slate-900">{name}</span>
        <span className="text-slate-700" data-testid="admin-scope">
          {scope}
        </span>
      </p>
      {signOut}
    </section>
  );
}
