import type { ReactNode } from "react";
import { useT } from "../i18n/react.tsx";
import { Button } from "./Button.tsx";
import { cx } from "./cx.ts";

export interface ErrorStateProps {
  /** Defaults to "出错了" / "Something went wrong". */
  title?: ReactNode;
  description?: ReactNode;
  /** A technical detail for support (status code, request id), shown small. */
  detail?: ReactNode;
  /** Shows a "重试" button calling this. */
  onRetry?: () => void;
  /** Any other way out (a link home); rendered after the retry button. */
  action?: ReactNode;
  /** Heading level of the title; `1` on full-page errors. */
  headingLevel?: 1 | 2 | 3;
  className?: string;
}

/** A failure explained in plain words, announced to screen readers, with a way to recover. */
export function ErrorState({
  title,
  description,
  detail,
  onRetry,
  action,
  headingLevel = 2,
  className,
}: ErrorStateProps) {
  const t = useT();
  const Heading = `h${headingLevel}` as const;
  return (
    <div
      role="alert"
      className={cx(
        "flex flex-col gap-3 rounded-xl border border-red-200 bg-red-50 px-4 py-6 sm:px-6",
        className,
      )}
    >
      <Heading className={cx("font-semibold text-red-900", headingLevel === 1 ? "text-2xl" : "text-lg")}>
        {title ?? t("error.title")}
      </Heading>
      <p className="max-w-prose text-slate-800">{description ?? t("error.generic")}</p>
      {detail ? <p className="text-sm text-slate-700">{detail}</p> : null}
      {onRetry || action ? (
        <div className="mt-1 flex flex-wrap gap-3">
          {onRetry ? (
            <Button variant="secondary" onClick={onRetry}>
              {t("common.retry")}
            </Button>
          ) : null}
          {action}
        </div>
      ) : null}
    </div>
  );
}
