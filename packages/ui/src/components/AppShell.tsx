import type { MouseEvent, ReactNode } from "react";
import { type Locale, locales } from "../i18n/i18n.ts";
import { useI18n } from "../i18n/react.tsx";
import { cx } from "./cx.ts";

export interface LocaleSwitchProps {
  /** Link target for each language: works without JavaScript (`?lang=en`). */
  hrefFor?: (locale: Locale) => string;
  /** Called on choice; with `hrefFor` the link's navigation is then prevented. */
  onSelect?: (locale: Locale) => void;
  className?: string;
}

/** The language switch: links (or buttons) for zh-CN and en, the current one marked. */
export function LocaleSwitch({ hrefFor, onSelect, className }: LocaleSwitchProps) {
  const { locale: current, t } = useI18n();
  const itemClass =
    "inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg px-3 text-sm font-medium";
  return (
    <nav aria-label={t("locale.switch")} className={className}>
      <ul className="flex items-center gap-1">
        {locales.map((locale) => {
          const label = t(`locale.${locale}`);
          if (locale === current) {
            return (
              <li key={locale}>
                <span
                  aria-current="true"
                  lang={locale}
                  className={cx(itemClass, "bg-brand-50 text-brand-900")}
                >
                  {label}
                </span>
              </li>
            );
          }
          const onClick = onSelect
            ? (event: MouseEvent) => {
                event.preventDefault();
                onSelect(locale);
              }
            : undefined;
          return (
            <li key={locale}>
              {hrefFor ? (
                <a
                  href={hrefFor(locale)}
                  hrefLang={locale}
                  lang={locale}
                  onClick={onClick}
                  className={cx(
                    itemClass,
                    "text-slate-800 underline-offset-4 hover:bg-slate-100 hover:underline",
                  )}
                >
                  {label}
                </a>
              ) : (
                <button
                  type="button"
                  lang={locale}
                  onClick={onClick}
                  className={cx(itemClass, "text-slate-800 hover:bg-slate-100")}
                >
                  {label}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export interface HeaderProps {
  /** Product name shown in the bar; defaults to "共治". */
  title?: ReactNode;
  /** Where the title links; defaults to "/". */
  homeHref?: string;
  /** Primary navigation links. */
  nav?: ReactNode;
  /** Right-hand side, usually `<LocaleSwitch>` and the account menu. */
  end?: ReactNode;
}

export function Header({ title, homeHref = "/", nav, end }: HeaderProps) {
  const { t } = useI18n();
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-2">
        <a
          href={homeHref}
          className="inline-flex min-h-11 items-center gap-2 rounded-lg text-lg font-bold text-brand-800 no-underline"
        >
          <span
            aria-hidden="true"
            className="inline-flex h-8 w-8 items-center justify-center rounded-md bg-brand-700 text-base text-white"
          >
            治
          </span>
          <span>{title ?? t("app.name")}</span>
        </a>
        {nav ? (
          <nav aria-label={t("nav.primary")} className="order-3 w-full sm:order-none sm:w-auto">
            {nav}
          </nav>
        ) : null}
        {end ? <div className="flex items-center gap-2">{end}</div> : null}
      </div>
    </header>
  );
}

export interface AppShellProps extends HeaderProps {
  /** Replaces the default header entirely. */
  header?: ReactNode;
  footer?: ReactNode;
  children: ReactNode;
  /** id of the `<main>` element, the skip link's target. */
  mainId?: string;
}

/** Page frame: skip link, header, `<main>` landmark and footer, readable width on any screen. */
export function AppShell({ header, footer, children, mainId = "main", ...headerProps }: AppShellProps) {
  const { t } = useI18n();
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href={`#${mainId}`}
        className="sr-only z-50 rounded-lg bg-white px-4 py-3 text-brand-900 focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
      >
        {t("nav.skipToContent")}
      </a>
      {header ?? <Header {...headerProps} />}
      <main
        id={mainId}
        tabIndex={-1}
        className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 outline-none sm:py-8"
      >
        {children}
      </main>
      <footer className="border-t border-slate-200 bg-white">
        <div className="mx-auto max-w-5xl px-4 py-4 text-sm text-slate-700">
          {footer ?? t("footer.notice")}
        </div>
      </footer>
    </div>
  );
}
