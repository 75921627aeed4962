/**
 * Helpers shared by the governance sections (委员会, 物业, 协管员): the user's list scope, article
 * citations in the user's language, a compound finder, select fields, cursor paging and small states.
 */
import { Button, ErrorState, type Locale, type TranslateFn, useI18n } from "@gongzhi/ui";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ReactNode, type SelectHTMLAttributes, useId, useState } from "react";
import { Link } from "react-router";
import { errorCode, errorText } from "../../lib/errors.ts";
import { homeUnit, type UnitLevel } from "../../lib/session.ts";
import { useStaff } from "../../shell/staff.tsx";
import { useTRPC } from "../../trpc.ts";
import { useCursorPager } from "../registry/shared.tsx";

export { useCursorPager };

/** The unit the user's lists start from (a global admin: the district). */
export function useHomeUnit(): { level: UnitLevel; id: string } | null | undefined {
  const { scope } = useStaff();
  const trpc = useTRPC();
  const summary = useQuery({
    ...trpc.registry.districtSummary.queryOptions(),
    enabled: scope.scopeKind === "global",
  });
  const unit = homeUnit(scope, summary.data?.district?.id);
  if (unit) return unit;
  return summary.isPending && scope.scopeKind === "global" ? undefined : null;
}

/** Today in Beijing, "YYYY-MM-DD". */
export function beijingToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

const lawNamesEn: Record<string, string> = {
  北京市物业管理条例: "Beijing Property Management Regulations",
  中国共产党章程: "Constitution of the Communist Party of China",
};

/** "北京市物业管理条例 Art. 39–49" → 《北京市物业管理条例》第39–49条 (zh) / "…Regulations, Art. 39–49" (en). */
export function formatArticle(locale: Locale, article: string): string {
  const m = /^(.*?)\s*Art\.\s*(.+)$/.exec(article.trim());
  if (!m) return article;
  const [, law = "", number = ""] = m;
  if (locale === "zh-CN") return `《${law}》第${number}条`;
  return `${lawNamesEn[law] ?? law}, Art. ${number}`;
}

/** A message key built at run time (violation and alert codes), translated with loose params. */
export function tDynamic(t: TranslateFn, key: string, params: Record<string, unknown> = {}): string {
  const clean: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) clean[k] = v === null || v === undefined ? "—" : String(v);
  return (t as unknown as (k: string, p: Record<string, string | number>) => string)(key, clean);
}

/** A labelled native select, 44 px tall, with an error next to it. */
export function SelectField({
  label,
  name,
  error,
  hint,
  children,
  className,
  ...rest
}: SelectHTMLAttributes<HTMLSelectElement> & {
  label: ReactNode;
  name: string;
  error?: ReactNode;
  hint?: ReactNode;
}) {
  const uid = useId();
  const id = rest.id ?? `field-${name}`;
  const errorId = error ? `${uid}-error` : undefined;
  const hintId = hint ? `${uid}-hint` : undefined;
  return (
    <div className={`flex flex-col gap-1 ${className ?? ""}`}>
      <label htmlFor={id} className="font-medium text-slate-900">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm font-medium text-red-800">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
      <select
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}
        className={`min-h-11 rounded-lg border bg-white px-3 py-2 text-base text-slate-900 ${error ? "border-2 border-red-700" : "border-slate-500"}`}
        {...rest}
      >
        {children}
      </select>
    </div>
  );
}

/** Cursor pages kept as a stack so "previous" works: `cursor` is the current page's cursor. */

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
  return (
    <nav aria-label={label} className="flex flex-wrap items-center gap-3">
      <Button variant="secondary" disabled={pager.page <= 1} onClick={pager.prev}>
        {t("gov.pager.prev")}
      </Button>
      <span aria-live="polite">{t("gov.pager.page", { page: pager.page })}</span>
      <Button variant="secondary" disabled={!nextCursor} onClick={() => pager.next(nextCursor ?? null)}>
        {t("gov.pager.next")}
      </Button>
    </nav>
  );
}

/** A 403/404/other load failure as a page-level error. */
export function LoadError({
  error,
  title,
  onRetry,
}: {
  error: unknown;
  title: string;
  onRetry?: () => void;
}) {
  const { t } = useI18n();
  const code = errorCode(error);
  if (code === "FORBIDDEN" || code === "NOT_FOUND") {
    return (
      <ErrorState
        headingLevel={1}
        title={code === "FORBIDDEN" ? t("error.forbidden.title") : t("gov.notFound")}
        description={code === "FORBIDDEN" ? t("error.forbidden.body") : errorText(t, error)}
        detail={t("error.status", { status: code === "FORBIDDEN" ? 403 : 404 })}
      />
    );
  }
  return <ErrorState headingLevel={1} title={title} description={errorText(t, error)} onRetry={onRetry} />;
}

/**
 * Find a compound in the user's scope by name or code, and link to it (`hrefOf`). Server-side
 * search, 20 at a time.
 */
export function CompoundFinder({ hrefOf, label }: { hrefOf: (compoundId: string) => string; label: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const unit = useHomeUnit();
  const [search, setSearch] = useState("");
  const [submitted, setSubmitted] = useState("");
  const pager = useCursorPager();
  const headingId = useId();
  const list = useQuery({
    ...trpc.registryAdmin.listCompounds.queryOptions({
      scopeLevel: unit?.level ?? "community",
      scopeId: unit?.id ?? "00000000-0000-4000-8000-000000000000",
      search: submitted || undefined,
      limit: 20,
      cursor: pager.cursor,
    }),
    enabled: !!unit,
    placeholderData: keepPreviousData,
  });
  return (
    <section
      aria-labelledby={headingId}
      className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 id={headingId} className="text-lg font-semibold text-slate-900">
        {label}
      </h2>
      <form
        aria-label={t("gov.search")}
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted(search.trim());
          pager.reset();
        }}
      >
        <div className="flex flex-col gap-1">
          <label htmlFor={`${headingId}-q`} className="font-medium text-slate-900">
            {t("gov.compound.search")}
          </label>
          <input
            id={`${headingId}-q`}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            className="min-h-11 rounded-lg border border-slate-500 px-3"
          />
        </div>
        <Button type="submit" variant="secondary">
          {t("gov.search")}
        </Button>
      </form>
      {list.isError ? (
        <p className="text-red-800">{errorText(t, list.error)}</p>
      ) : list.data ? (
        list.data.items.length === 0 ? (
          <p>{t("gov.compound.none")}</p>
        ) : (
          <ul className="grid gap-1 sm:grid-cols-2 lg:grid-cols-3" data-testid="compound-finder">
            {list.data.items.map((c) => (
              <li key={c.id}>
                <Link
                  to={hrefOf(c.id)}
                  className="inline-flex min-h-11 items-center text-brand-800 underline"
                >
                  {c.name}（{c.code}）
                </Link>
              </li>
            ))}
          </ul>
        )
      ) : (
        <p>{t("common.loading")}</p>
      )}
      <Pager pager={pager} nextCursor={list.data?.nextCursor} label={t("gov.compound.pages")} />
    </section>
  );
}

/** Triggers a browser download of an exceljs workbook. */
export async function downloadWorkbook(
  wb: { xlsx: { writeBuffer: () => Promise<ArrayBuffer | Uint8Array> } },
  name: string,
) {
  const buffer = await wb.xlsx.writeBuffer();
  const blob = new Blob([buffer as BlobPart], {
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `${name}-${beijingToday()}.xlsx`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Loads exceljs (its own chunk) and returns the constructor namespace. */
export async function loadExcel() {
  const mod = await import("exceljs");
  return ((mod as unknown as { default?: typeof mod }).default ?? mod) as typeof mod;
}

/** Lets the days-left figure read naturally: "还剩 12 天" / "逾期 3 天". */
export function daysLeftText(t: TranslateFn, days: number): string {
  return days < 0 ? t("gov.days.overdue", { days: -days }) : t("gov.days.left", { days });
}
