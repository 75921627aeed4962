/**
 * Pieces shared by the registry, household-code and user views: cursor pagination, a labelled select,
 * the 403 page, exact m² ↔ hundredths conversion and the .xlsx download.
 */
import { Button, ErrorState, useI18n } from "@gongzhi/ui";
import type { ReactNode, SelectHTMLAttributes } from "react";
import { useCallback, useId, useState } from "react";
import { errorCode, errorText } from "../../lib/errors.ts";

/**
 * Cursor pagination with a back stack (the API pages forward only). The stack belongs to `resetKey`
 * (e.g. the table's sort or filters): when the key changes the table is on page 1 at once, in the
 * same render, so a stale cursor is never sent with the new order.
 */
export function useCursorPager(resetKey = "") {
  const [state, setState] = useState<{ key: string; stack: (string | null)[] }>({
    key: resetKey,
    stack: [null],
  });
  const stack = state.key === resetKey ? state.stack : [null];
  const cursor = stack[stack.length - 1] ?? null;
  /** Go to the page at `c`; a null cursor (no next page) does nothing. */
  const next = useCallback(
    (c: string | null) => {
      if (c) setState((s) => ({ key: resetKey, stack: [...(s.key === resetKey ? s.stack : [null]), c] }));
    },
    [resetKey],
  );
  const prev = useCallback(
    () =>
      setState((s) => {
        const current = s.key === resetKey ? s.stack : [null];
        return { key: resetKey, stack: current.length > 1 ? current.slice(0, -1) : current };
      }),
    [resetKey],
  );
  const reset = useCallback(() => setState({ key: resetKey, stack: [null] }), [resetKey]);
  return { cursor, page: stack.length, next, prev, reset };
}

/** "上一页 / 第 n 页 / 下一页" under a table. */
export function Pager({
  pager,
  nextCursor,
  label,
}: {
  pager: ReturnType<typeof useCursorPager>;
  nextCursor: string | null | undefined;
  label: string;
}) {
  const { t } = useI18n();
  if (pager.page === 1 && !nextCursor) return null;
  return (
    <nav aria-label={label} className="flex flex-wrap items-center gap-3">
      <Button variant="secondary" disabled={pager.page === 1} onClick={pager.prev}>
        {t("adminRegistry.pager.prev")}
      </Button>
      <span aria-live="polite">{t("adminRegistry.pager.page", { page: pager.page })}</span>
      <Button variant="secondary" disabled={!nextCursor} onClick={() => pager.next(nextCursor ?? null)}>
        {t("adminRegistry.pager.next")}
      </Button>
    </nav>
  );
}

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> {
  label: ReactNode;
  name: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  error?: ReactNode;
}

/** A labelled `<select>` styled like the TextField, with its error next to it. */
export function SelectField({ label, name, options, error, className, ...rest }: SelectFieldProps) {
  const id = `field-${name}`;
  const errorId = useId();
  return (
    <div className={`flex flex-col gap-1 ${className ?? ""}`}>
      <label htmlFor={id} className="font-medium text-slate-900">
        {label}
      </label>
      {error ? (
        <p id={errorId} className="flex items-start gap-1 text-sm font-medium text-red-800">
          <span aria-hidden="true">⚠</span>
          <span>{error}</span>
        </p>
      ) : null}
      <select
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className={`min-h-11 w-full rounded-lg border bg-white px-3 py-2 text-base text-slate-900 ${error ? "border-2 border-red-700" : "border-slate-500"}`}
        {...rest}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** "没有权限" (403) or "找不到" (404) for a record outside the user's scope, else a load error. */
export function LoadFailure({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const code = errorCode(error);
  if (code === "FORBIDDEN")
    return (
      <ErrorState
        headingLevel={1}
        title={t("error.forbidden.title")}
        description={t("error.forbidden.body")}
        detail={t("error.status", { status: 403 })}
      />
    );
  if (code === "NOT_FOUND")
    return (
      <ErrorState
        headingLevel={1}
        title={t("error.notFound.title")}
        description={t("error.notFound.body")}
        detail={t("error.status", { status: 404 })}
      />
    );
  return (
    <ErrorState
      headingLevel={1}
      title={t("adminRegistry.loadError")}
      description={errorText(t, error)}
      onRetry={onRetry}
    />
  );
}

/** "89.37" (m², at most two decimals) → 8937, exactly (no float multiplication); null when invalid. */
export function parseAreaM2(text: string): number | null {
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const centi = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return centi > 0 && centi <= 100_000_000 ? centi : null;
}

/** 8937 → "89.37" (for edit fields; display uses the locale's formatArea). */
export function areaText(centi: number | null | undefined): string {
  if (centi === null || centi === undefined) return "";
  return `${Math.floor(centi / 100)}.${String(centi % 100).padStart(2, "0")}`;
}

/** Hands a workbook buffer to the browser as a download. */
export function downloadBuffer(buffer: ArrayBuffer | Uint8Array, filename: string): void {
  const blob = new Blob([buffer as BlobPart], {
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Today in Beijing, "YYYY-MM-DD" (for file names). */
export function beijingDay(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}
