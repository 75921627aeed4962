import type { ReactNode } from "react";
import { useI18n } from "../i18n/react.tsx";
import { cx } from "./cx.ts";
import { type RenderLink, renderAnchor } from "./PrimaryNav.tsx";

export interface NotificationItemProps {
  /** The message, already translated. */
  text: string;
  createdAt: Date | string;
  unread: boolean;
  /** Where the notification leads (an in-app path). */
  href?: string | null;
  renderLink?: RenderLink;
  /** E.g. a "mark as read" form; shown for unread items. */
  action?: ReactNode;
  className?: string;
}

/** One in-app notification: unread ones are bold, marked in words and with a bar (not colour alone). */
export function NotificationItem({
  text,
  createdAt,
  unread,
  href,
  renderLink = renderAnchor,
  action,
  className,
}: NotificationItemProps) {
  const { t, formatDateTime } = useI18n();
  return (
    <li
      className={cx(
        "flex flex-col gap-2 border-l-4 px-4 py-3 sm:flex-row sm:items-center sm:justify-between",
        unread ? "border-l-brand-700 bg-brand-50" : "border-l-transparent bg-white",
        className,
      )}
      data-testid="notification"
      data-unread={unread || undefined}
    >
      <div className="min-w-0">
        <p className={cx("break-words", unread ? "font-semibold text-slate-900" : "text-slate-800")}>
          <span
            className={cx(
              "mr-2 inline-block rounded px-1.5 py-0.5 text-xs font-semibold",
              unread ? "bg-brand-700 text-white" : "bg-slate-200 text-slate-800",
            )}
          >
            {unread ? t("notifications.unread") : t("notifications.read")}
          </span>
          {text}
        </p>
        <p className="mt-1 text-sm text-slate-700">
          <time dateTime={new Date(createdAt).toISOString()}>{formatDateTime(createdAt)}</time>
        </p>
      </div>
      <div className="flex shrink-0 flex-wrap items-center gap-2">
        {href
          ? renderLink({
              href,
              className:
                "inline-flex min-h-11 min-w-11 items-center justify-center px-2 font-medium text-brand-800 underline underline-offset-4",
              "aria-label": `${t("notifications.open")}：${text}`,
              children: t("notifications.open"),
            })
          : null}
        {action}
      </div>
    </li>
  );
}

/** The list around `NotificationItem`s. */
export function NotificationList({ children, label }: { children: ReactNode; label?: string }) {
  const { t } = useI18n();
  return (
    <ul
      aria-label={label ?? t("notifications.listLabel")}
      className="flex flex-col divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200"
      data-testid="notifications"
    >
      {children}
    </ul>
  );
}
