import { DataTable, type DataTableColumn, useI18n } from "@gongzhi/ui";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { errorText } from "../../lib/errors.ts";
import type { UnitLevel } from "../../lib/session.ts";
import { useTRPC } from "../../trpc.ts";
import { daysLeftText, formatArticle, Pager, tDynamic, useCursorPager } from "./shared.tsx";

interface AlertRow {
  key: string;
  committeeId: string;
  compound: string;
  kind: "owners_committee" | "interim_committee";
  code: string;
  severity: "info" | "warning" | "overdue";
  article: string;
  dueDate: string;
  daysLeft: number;
}

/**
 * 委员会 alerts within a scope (filing overdue, term ending, 换届 due, 物管会 to dissolve): one row per
 * alert, overdue first, then by days left.
 */
export function CommitteeAlerts({ level, id }: { level: UnitLevel; id: string }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const pager = useCursorPager();
  const alerts = useQuery({
    ...trpc.committees.alerts.queryOptions({
      scopeLevel: level,
      scopeId: id,
      limit: 50,
      cursor: pager.cursor,
    }),
    placeholderData: keepPreviousData,
  });
  const rows: AlertRow[] = (alerts.data?.items ?? [])
    .flatMap((item) =>
      item.alerts.map((a) => ({
        key: `${item.committee.id}:${a.code}`,
        committeeId: item.committee.id,
        compound: item.compound.name,
        kind: item.committee.kind,
        code: a.code,
        severity: a.severity,
        article: a.article,
        dueDate: a.dueDate,
        daysLeft: a.daysLeft,
      })),
    )
    .sort(
      (a, b) =>
        Number(b.severity === "overdue") - Number(a.severity === "overdue") ||
        a.daysLeft - b.daysLeft ||
        a.compound.localeCompare(b.compound, "zh-CN"),
    );
  const columns: DataTableColumn<AlertRow>[] = [
    {
      key: "compound",
      header: t("gov.col.compound"),
      rowHeader: true,
      cell: (r) => (
        <Link to={`/committees/${r.committeeId}`} className="text-brand-800 underline">
          {r.compound}
        </Link>
      ),
    },
    { key: "kind", header: t("gov.col.kind"), cell: (r) => t(`gov.kind.${r.kind}`) },
    {
      key: "alert",
      header: t("gov.col.alert"),
      cell: (r) => (
        <span data-alert={r.code} data-severity={r.severity}>
          {r.severity === "overdue" ? (
            <strong className="text-red-800">{tDynamic(t, `gov.alert.${r.code}`)}</strong>
          ) : (
            tDynamic(t, `gov.alert.${r.code}`)
          )}
        </span>
      ),
    },
    { key: "due", header: t("gov.col.dueDate"), cell: (r) => r.dueDate },
    { key: "days", header: t("gov.col.daysLeft"), align: "end", cell: (r) => daysLeftText(t, r.daysLeft) },
    { key: "article", header: t("gov.col.article"), cell: (r) => formatArticle(locale, r.article) },
  ];
  return (
    <section
      className="flex flex-col gap-3"
      data-testid="committee-alerts"
      aria-labelledby="committee-alerts-h"
    >
      <h2 id="committee-alerts-h" className="text-lg font-semibold text-slate-900">
        {t("gov.alerts.title")}
      </h2>
      <DataTable
        caption={t("gov.alerts.caption")}
        columns={columns}
        rows={rows}
        getRowKey={(r) => r.key}
        loading={alerts.isPending}
        error={alerts.isError ? errorText(t, alerts.error) : undefined}
        empty={t("gov.alerts.empty")}
      />
      {pager.page > 1 || alerts.data?.nextCursor ? (
        <Pager pager={pager} nextCursor={alerts.data?.nextCursor} label={t("gov.alerts.pages")} />
      ) : null}
    </section>
  );
}
