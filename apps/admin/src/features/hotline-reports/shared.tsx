/**
 * What the 接诉考评与分析 pages share: the district the user reads, the month and day pickers, the
 * section's tabs, the figure formatters (rates in basis points, 综合 in hundredths) and the chart with
 * its table twin. These are the 12345 hotline rates (响应率 / 解决率 / 满意率 / 综合成绩), never the
 * property-management 三率 of the `rates` section: every label here says 接诉即办.
 */
import type { HotlineRankingTier } from "@gongzhi/core";
import { DataTable, type DataTableColumn, ErrorState, type MessageKey, useI18n } from "@gongzhi/ui";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { NavLink } from "react-router";
import { ChartFigure } from "../../components/ChartFigure.tsx";
import { errorCode, errorText } from "../../lib/errors.ts";
import { useStaff } from "../../shell/staff.tsx";
import { type Outputs, useTRPC } from "../../trpc.ts";

export type Monthly = Outputs["workOrders"]["reports"]["monthly"];
export type Daily = Outputs["workOrders"]["reports"]["daily"];
export type RankedUnit = Monthly["units"][number];
export type RateLine = Monthly["rates"];
export type VolumeRow = Monthly["byCategory"][number];
export type HotSpot = Monthly["hotSpots"][number];

export const rankingTiers = [
  "streets_towns",
  "departments",
  "utilities",
  "police",
  "property",
] as const satisfies readonly HotlineRankingTier[];

/**
 * The district whose analysis the user reads: a district staff member's own, a global admin's demo
 * district, a 街道 staff member's district (through their subdistrict). undefined while loading,
 * null when the user has none.
 */
export function useReportDistrict(): string | null | undefined {
  const { scope } = useStaff();
  const trpc = useTRPC();
  const summary = useQuery({
    ...trpc.registry.districtSummary.queryOptions(),
    enabled: scope.scopeKind === "global",
  });
  const sub = useQuery({
    ...trpc.registryAdmin.getSubdistrict.queryOptions({ subdistrictId: scope.scopeId ?? "" }),
    enabled: scope.scopeKind === "subdistrict" && !!scope.scopeId,
  });
  if (scope.scopeKind === "district") return scope.scopeId;
  if (scope.scopeKind === "global")
    return summary.isPending ? undefined : (summary.data?.district?.id ?? null);
  if (scope.scopeKind === "subdistrict") return sub.isPending ? undefined : (sub.data?.districtId ?? null);
  return null;
}

/** Can the user change settings, open ledgers, add formula versions (the API's districtStaffRoles)? */
export function useCanManage(): boolean {
  const { scope } = useStaff();
  return scope.role === "district_staff" || scope.role === "system_admin";
}

/** "YYYY-MM" of the month before the current Beijing month (the last complete month). */
export function lastFullMonth(now = new Date()): string {
  const bj = new Date(now.getTime() + 8 * 3600_000);
  const y = bj.getUTCFullYear();
  const m = bj.getUTCMonth(); // 0-based: the previous month's number
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, "0")}`;
}

/** "YYYY-MM-DD" of yesterday in Beijing (the last complete day). */
export function yesterday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
}

/** A basis-points rate as a percent with two decimals (8571 → "85.71%"), "—" when empty. */
export function formatBp(bp: number | null): string {
  return bp === null ? "—" : `${(bp / 100).toFixed(2)}%`;
}
/** A 综合 in hundredths as points (9409 → "94.09"), "—" when empty. */
export function formatScore(hundredths: number | null): string {
  return hundredths === null ? "—" : (hundredths / 100).toFixed(2);
}

/** Plural-keyed messages: `<base>.one` for exactly 1, `<base>.other` otherwise (zh-CN has the same text in both). */
export type PluralBase =
  | "hotline.rank.up"
  | "hotline.rank.down"
  | "hotline.governance.opened"
  | "hotline.governance.already"
  | "hotline.governance.confirmBody"
  | "hotline.governance.rule"
  | "hotline.figure.nearing";
export function usePlural() {
  const { t } = useI18n();
  const tr = t as unknown as (key: string, params?: Record<string, string | number>) => string;
  return (base: PluralBase, n: number, params: Record<string, string | number> = {}) =>
    tr(`${base}.${n === 1 ? "one" : "other"}`, { n, ...params });
}

/** The change of rank with an arrow AND words (▲3 上升3位), so it does not rest on colour or shape. */
export function RankChange({ change }: { change: number | null }) {
  const { t } = useI18n();
  const plural = usePlural();
  if (change === null) return <span data-rank-change="none">{t("hotline.rank.new")}</span>;
  if (change === 0) return <span data-rank-change="0">{t("hotline.rank.same")}</span>;
  const up = change > 0;
  return (
    <span data-rank-change={change} className={up ? "text-green-800" : "text-red-800"}>
      <span aria-hidden="true">{up ? "▲" : "▼"}</span>
      {plural(up ? "hotline.rank.up" : "hotline.rank.down", Math.abs(change))}
    </span>
  );
}

const tabs: { to: string; label: Extract<MessageKey, `hotline.tab.${string}`>; end?: boolean }[] = [
  { to: "/hotline-reports", label: "hotline.tab.monthly", end: true },
  { to: "/hotline-reports/daily", label: "hotline.tab.daily" },
  { to: "/hotline-reports/rankings", label: "hotline.tab.rankings" },
  { to: "/hotline-reports/governance", label: "hotline.tab.governance" },
  { to: "/hotline-reports/formulas", label: "hotline.tab.formulas" },
];

/** The section's pages as tabs (hidden in print). */
export function ReportTabs() {
  const { t } = useI18n();
  return (
    <nav aria-label={t("hotline.tabs.label")} data-print-hide="" className="mb-4">
      <ul className="flex flex-wrap gap-2">
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink
              to={tab.to}
              end={tab.end}
              className={({ isActive }) =>
                `inline-flex min-h-11 items-center rounded-lg px-3 font-medium no-underline ${
                  isActive
                    ? "bg-brand-50 text-brand-900 ring-1 ring-brand-700"
                    : "text-slate-800 hover:bg-slate-100"
                }`
              }
            >
              {t(tab.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A month input (native: keyboard and screen readers know it). */
export function MonthPicker({ value, onChange }: { value: string; onChange: (m: string) => void }) {
  const { t } = useI18n();
  return (
    <label className="inline-flex flex-col gap-1 font-medium text-slate-900" data-print-hide="">
      {t("hotline.pick.month")}
      <input
        type="month"
        name="month"
        value={value}
        max={new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7)}
        onChange={(e) => {
          if (/^\d{4}-\d{2}$/.test(e.target.value)) onChange(e.target.value);
        }}
        className="min-h-11 rounded-lg border border-slate-500 bg-white px-3 py-2 text-base"
      />
    </label>
  );
}

export function DayPicker({ value, onChange }: { value: string; onChange: (d: string) => void }) {
  const { t } = useI18n();
  return (
    <label className="inline-flex flex-col gap-1 font-medium text-slate-900" data-print-hide="">
      {t("hotline.pick.day")}
      <input
        type="date"
        name="date"
        value={value}
        onChange={(e) => {
          if (/^\d{4}-\d{2}-\d{2}$/.test(e.target.value)) onChange(e.target.value);
        }}
        className="min-h-11 rounded-lg border border-slate-500 bg-white px-3 py-2 text-base"
      />
    </label>
  );
}

/** A load failure of a report as a page-level error with retry. */
export function ReportError({
  error,
  title,
  onRetry,
}: {
  error: unknown;
  title: string;
  onRetry: () => void;
}) {
  const { t } = useI18n();
  const code = errorCode(error);
  return (
    <ErrorState
      headingLevel={2}
      title={title}
      description={errorText(t, error)}
      detail={
        code
          ? t("error.status", { status: code === "NOT_FOUND" ? 404 : code === "FORBIDDEN" ? 403 : 500 })
          : undefined
      }
      onRetry={onRetry}
    />
  );
}

/**
 * A horizontal bar chart of named counts and its table twin (same rows, same numbers): the pattern of
 * every volume figure of the reports.
 */
export function VolumeFigure({
  title,
  caption,
  rows,
  nameHeader,
  testId,
  max = 15,
}: {
  title: string;
  caption: string;
  rows: readonly { id: string; name: string; orders: number }[];
  nameHeader: string;
  testId: string;
  /** The chart shows the first `max` rows; the table all. */
  max?: number;
}) {
  const { t, formatNumber } = useI18n();
  const shown = rows.slice(0, max);
  const columns: DataTableColumn<{ id: string; name: string; orders: number }>[] = [
    { key: "name", header: nameHeader, rowHeader: true, cell: (r) => r.name },
    { key: "orders", header: t("hotline.col.orders"), align: "end", cell: (r) => formatNumber(r.orders) },
  ];
  const option = {
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: shown.map((r) => r.name) },
    series: [
      {
        name: t("hotline.col.orders"),
        type: "bar",
        data: shown.map((r) => r.orders),
        itemStyle: { color: "#1d4ed8" },
        label: { show: true, position: "right" },
      },
    ],
  };
  return (
    <ChartFigure
      data-testid={testId}
      title={title}
      option={option}
      height={Math.max(160, shown.length * 26 + 32)}
      empty={rows.length === 0 ? <p className="text-slate-700">{t("hotline.empty.figure")}</p> : undefined}
      table={
        <DataTable
          caption={caption}
          columns={columns}
          rows={rows}
          getRowKey={(r) => r.id}
          empty={t("hotline.empty.figure")}
        />
      }
    />
  );
}

/** Hot spots (the same building or compound again and again): chart + table twin. */
export function HotSpotFigure({
  rows,
  caption,
  testId,
}: {
  rows: HotSpot[];
  caption: string;
  testId: string;
}) {
  const { t, formatNumber } = useI18n();
  const name = (h: HotSpot) => (h.buildingName ? `${h.compoundName} · ${h.buildingName}` : h.compoundName);
  const shown = rows.slice(0, 15);
  const columns: DataTableColumn<HotSpot>[] = [
    { key: "place", header: t("hotline.col.place"), rowHeader: true, cell: name },
    {
      key: "level",
      header: t("hotline.col.level"),
      cell: (h) => t(h.level === "building" ? "hotline.spot.building" : "hotline.spot.compound"),
    },
    { key: "orders", header: t("hotline.col.orders"), align: "end", cell: (h) => formatNumber(h.orders) },
    { key: "top", header: t("hotline.col.topCategory"), cell: (h) => h.topCategoryName },
  ];
  const option = {
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: shown.map(name) },
    series: [
      {
        name: t("hotline.col.orders"),
        type: "bar",
        data: shown.map((h) => h.orders),
        itemStyle: { color: "#b45309" },
        label: { show: true, position: "right" },
      },
    ],
  };
  return (
    <ChartFigure
      data-testid={testId}
      title={t("hotline.figure.hotSpots")}
      option={option}
      height={Math.max(160, shown.length * 26 + 32)}
      empty={rows.length === 0 ? <p className="text-slate-700">{t("hotline.empty.hotSpots")}</p> : undefined}
      table={
        <DataTable
          caption={caption}
          columns={columns}
          rows={rows}
          getRowKey={(h) => `${h.level}:${h.id}`}
          empty={t("hotline.empty.hotSpots")}
        />
      }
    />
  );
}

/** The rates of one line as table cells: 响应率 · 解决率 · 满意率 · 综合. */
export function rateColumns<R>(get: (r: R) => RateLine): DataTableColumn<R>[] {
  return [
    { key: "response", header: "", align: "end", cell: (r) => formatBp(get(r).response) },
    { key: "resolution", header: "", align: "end", cell: (r) => formatBp(get(r).resolution) },
    { key: "satisfaction", header: "", align: "end", cell: (r) => formatBp(get(r).satisfaction) },
    {
      key: "score",
      header: "",
      align: "end",
      cell: (r) => <span data-score="">{formatScore(get(r).score)}</span>,
    },
  ];
}

/** `rateColumns` with their headers in the user's language. */
export function useRateColumns<R>(get: (r: R) => RateLine): DataTableColumn<R>[] {
  const { t } = useI18n();
  const headers: Record<string, string> = {
    response: t("hotline.rate.response"),
    resolution: t("hotline.rate.resolution"),
    satisfaction: t("hotline.rate.satisfaction"),
    score: t("hotline.rate.score"),
  };
  return rateColumns(get).map((c) => ({ ...c, header: headers[c.key] }));
}

/** A labelled stat for the report heads (tiles print well). */
export function Stat({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3" data-testid={testId}>
      <dt className="text-sm text-slate-700">{label}</dt>
      <dd className="text-2xl font-semibold text-slate-900" data-value="">
        {value}
      </dd>
    </div>
  );
}

/** The formula version line every figure names. */
export function FormulaNote({ formula }: { formula: Monthly["formula"] }) {
  const { t } = useI18n();
  return (
    <p className="text-sm text-slate-700" data-testid="formula-note">
      {t("hotline.formula.note", {
        version: formula.version,
        name: formula.name,
        response: formula.weights.response / 100,
        resolution: formula.weights.resolution / 100,
        satisfaction: formula.weights.satisfaction / 100,
        factor: formula.basicallySatisfiedFactor / 10_000,
      })}
    </p>
  );
}
