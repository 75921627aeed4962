import { type ReactNode, useEffect, useRef } from "react";
import { useT } from "../i18n/react.tsx";
import { cx } from "./cx.ts";

export type AlertTone = "error" | "success" | "info";

export interface AlertProps {
  tone?: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  /** Move keyboard focus here when shown (after a failed submit), so it is read first. */
  focusOnMount?: boolean;
  /** A "dismiss" link or button, e.g. a link to the same page without `?notice=`. */
  dismiss?: ReactNode;
  className?: string;
}

const tones: Record<AlertTone, string> = {
  error: "border-red-300 bg-red-50 text-red-900",
  success: "border-green-300 bg-green-50 text-green-900",
  info: "border-sky-300 bg-sky-50 text-slate-900",
};

/**
 * A message above a form or a page: a failed submit (role="alert"), or the outcome of the last action
 * after a redirect (role="status").
 */
export function Alert({ tone = "info", title, children, focusOnMount, dismiss, className }: AlertProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusOnMount) ref.current?.focus();
  }, [focusOnMount]);
  return (
    <div
      ref={ref}
      role={tone === "error" ? "alert" : "status"}
      tabIndex={focusOnMount ? -1 : undefined}
      className={cx("flex items-start gap-3 rounded-lg border px-4 py-3", tones[tone], className)}
    >
      <div className="flex-1">
        {title ? <p className="font-semibold">{title}</p> : null}
        {children ? <div className={cx(title ? "mt-1" : undefined)}>{children}</div> : null}
      </div>
      {dismiss}
    </div>
  );
}

export interface ErrorSummaryProps {
  /** The form-level error (e.g. "wrong phone number or password"). */
  message?: ReactNode;
  /** Field errors, each linking to its input (`href="#field-phone"`). */
  items?: Array<{ href: string; message: ReactNode }>;
  className?: string;
}

/** The errors of a failed submit, listed at the top of the form and focused (GOV.UK pattern). */
export function ErrorSummary({ message, items = [], className }: ErrorSummaryProps) {
  const t = useT();
  if (!message && items.length === 0) return null;
  return (
    <Alert tone="error" focusOnMount title={message ?? t("form.errorSummary")} className={className}>
      {items.length > 0 ? (
        <ul className="list-disc pl-5">
          {items.map((item) => (
            <li key={item.href}>
              <a href={item.href} className="text-red-900 underline underline-offset-2">
                {item.message}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
