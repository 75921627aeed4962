import type { ReactNode } from "react";
import { useT } from "../i18n/react.tsx";
import { buttonClasses } from "./Button.tsx";
import { cx } from "./cx.ts";
import { CountBadge, type RenderLink, renderAnchor } from "./PrimaryNav.tsx";

export interface AccountNavProps {
  /** The signed-in user, or null when signed out. */
  user: { displayName: string } | null;
  /** Unread notifications; null hides the notifications link (not available). */
  unread?: number | null;
  /** The sign-out control: a `<form method="post" action="/signout">` with a button. */
  signOut?: ReactNode;
  hrefs?: { me?: string; notifications?: string; signIn?: string; signUp?: string };
  renderLink?: RenderLink;
  className?: string;
}

const linkClass =
  "inline-flex min-h-11 min-w-11 items-center justify-center gap-1 rounded-lg px-3 text-sm font-medium text-slate-800 no-underline hover:bg-slate-100";

/** The account corner of the header: sign in / sign up, or notifications, my account and sign out. */
export function AccountNav({
  user,
  unread = null,
  signOut,
  hrefs = {},
  renderLink = renderAnchor,
  className,
}: AccountNavProps) {
  const t = useT();
  const { me = "/me", notifications = "/notifications", signIn = "/signin", signUp = "/signup" } = hrefs;
  return (
    <nav aria-label={t("nav.account")} className={className}>
      <ul className="flex flex-wrap items-center gap-1">
        {user ? (
          <>
            {unread !== null ? (
              <li>
                {renderLink({
                  href: notifications,
                  className: linkClass,
                  // The visible word is the start of the accessible name; the count is read in words.
                  children: (
                    <>
                      <span>{t("nav.notifications")}</span>
                      {unread > 0 ? (
                        <span className="sr-only">{t("nav.unreadSuffix", { count: unread })}</span>
                      ) : null}
                      <CountBadge count={unread} />
                    </>
                  ),
                })}
              </li>
            ) : null}
            <li>
              {renderLink({
                href: me,
                className: cx(linkClass, "max-w-48"),
                "aria-label": t("nav.signedInAs", { name: user.displayName }),
                children: <span className="truncate">{user.displayName}</span>,
              })}
            </li>
            {signOut ? <li>{signOut}</li> : null}
          </>
        ) : (
          <>
            <li>{renderLink({ href: signIn, className: linkClass, children: t("nav.signIn") })}</li>
            <li>
              {renderLink({
                href: signUp,
                className: cx(buttonClasses("primary"), "min-h-11 text-sm"),
                children: t("nav.signUp"),
              })}
            </li>
          </>
        )}
      </ul>
    </nav>
  );
}

/** The sign-out button's look (a button inside the app's POST form). */
export const signOutButtonClass = linkClass;
