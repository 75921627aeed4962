/**
 * 月报 — the district's monthly analysis of 接诉即办 as a district leader prints it: volume by top
 * category, category, 街道 and unit; hot spots; the slowest units; each unit's 响应率 / 解决率 / 满意率 /
 * 综合成绩 and rank. Every chart has its table twin; the page exports to .xlsx and prints on A4.
 */
import { DataTable, type DataTableColumn, useI18n } from "@gongzhi/ui";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { ChartFigure } from "../../components/ChartFigure.tsx";
import { useTRPC } from "../../trpc.ts";
import { ReportPage, useDistrictName } from "./ReportPage.tsx";
import {
  FormulaNote,
  formatBp,
  formatScore,
  HotSpotFigure,
  lastFullMonth,
  type Monthly,
  MonthPicker,
  RankChange,
  type RankedUnit,
  Stat,
  useRateColumns,
  VolumeFigure,
} from "./shared.tsx";

export function MonthlyReportPage({ districtId }: { districtId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-\d{2}$/.test(params.get("month") ?? "") ? params.get("month")! : lastFullMonth();
  const report = useQuery({
    ...trpc.workOrders.reports.monthly.queryOptions({ districtId, month }),
    placeholderData: keepPreviousData,
  });
  const districtName = useDistrictName();
  return (
    <ReportPage
      testId="hotline-monthly"
      title={t("hotline.monthly.title", { district: districtName, month })}
      intro={t("hotline.monthly.intro")}
      picker={<MonthPicker value={month} onChange={(m) => setParams({ month: m })} />}
      report={report}
      download={async (data) =>
        (await import("./export.ts")).downloadMonthly(data, districtName || districtId)
      }
      empty={(data) => (data.orders === 0 ? t("hotline.monthly.empty", { month }) : null)}
    >
      {(data) => <MonthlyBody m={data} />}
    </ReportPage>
  );
}

function MonthlyBody({ m }: { m: Monthly }) {
  const { t, formatNumber } = useI18n();
  return (
    <>
      <section data-print-section="first" aria-labelledby="hm-summary" className="flex flex-col gap-3">
        <h2 id="hm-summary" className="text-xl font-semibold text-slate-900">
          {t("hotline.section.summary")}
        </h2>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="hotline-summary">
          <Stat label={t("hotline.stat.orders")} value={formatNumber(m.orders)} testId="stat-orders" />
          <Stat label={t("hotline.stat.base")} value={formatNumber(m.rates.base)} />
          <Stat label={t("hotline.rate.response")} value={formatBp(m.rates.response)} />
          <Stat label={t("hotline.rate.resolution")} value={formatBp(m.rates.resolution)} />
          <Stat label={t("hotline.rate.satisfaction")} value={formatBp(m.rates.satisfaction)} />
          <Stat label={t("hotline.rate.score")} value={formatScore(m.rates.score)} testId="stat-score" />
        </dl>
        <FormulaNote formula={m.formula} />
        <p className="text-sm text-slate-700">{t("hotline.notPropertyRates")}</p>
      </section>

      <div data-print-section="" className="flex flex-col gap-6">
        <h2 className="text-xl font-semibold text-slate-900">{t("hotline.section.volume")}</h2>
        <VolumeFigure
          testId="fig-top-category"
          title={t("hotline.figure.byTopCategory")}
          caption={t("hotline.caption.byTopCategory", { month: m.month })}
          nameHeader={t("hotline.col.topCategory")}
          rows={m.byTopCategory}
        />
        <VolumeFigure
          testId="fig-category"
          title={t("hotline.figure.byCategory")}
          caption={t("hotline.caption.byCategory", { month: m.month })}
          nameHeader={t("hotline.col.category")}
          rows={m.byCategory}
        />
      </div>
      <div data-print-section="" className="flex flex-col gap-6">
        <VolumeFigure
          testId="fig-subdistrict"
          title={t("hotline.figure.bySubdistrict")}
          caption={t("hotline.caption.bySubdistrict", { month: m.month })}
          nameHeader={t("hotline.col.subdistrict")}
          rows={m.bySubdistrict}
          max={30}
        />
        <VolumeFigure
          testId="fig-unit"
          title={t("hotline.figure.byUnit")}
          caption={t("hotline.caption.byUnit", { month: m.month })}
          nameHeader={t("hotline.col.unit")}
          rows={m.byUnit}
        />
      </div>
      <div data-print-section="" className="flex flex-col gap-6">
        <h2 className="text-xl font-semibold text-slate-900">{t("hotline.section.places")}</h2>
        <HotSpotFigure
          testId="fig-hot-spots"
          rows={m.hotSpots}
          caption={t("hotline.caption.hotSpots", { month: m.month })}
        />
      </div>
      <div data-print-section="" className="flex flex-col gap-6">
        <h2 className="text-xl font-semibold text-slate-900">{t("hotline.section.handling")}</h2>
        <SlowestFigure m={m} />
      </div>
      <div data-print-section="" className="flex flex-col gap-6">
        <h2 className="text-xl font-semibold text-slate-900">{t("hotline.section.assessment")}</h2>
        <UnitScoresFigure m={m} />
      </div>
    </>
  );
}

function SlowestFigure({ m }: { m: Monthly }) {
  const { t, formatNumber } = useI18n();
  type Row = Monthly["slowestUnits"][number];
  const rows = m.slowestUnits;
  const shown = rows.filter((r) => r.avgHours !== null).slice(0, 15);
  const hours = (h: number | null) => (h === null ? "—" : t("hotline.hours", { h: h.toFixed(1) }));
  const columns: DataTableColumn<Row>[] = [
    { key: "unit", header: t("hotline.col.unit"), rowHeader: true, cell: (r) => r.name },
    { key: "orders", header: t("hotline.col.orders"), align: "end", cell: (r) => formatNumber(r.orders) },
    {
      key: "answered",
      header: t("hotline.col.answered"),
      align: "end",
      cell: (r) => formatNumber(r.answered),
    },
    { key: "avg", header: t("hotline.col.avgHours"), align: "end", cell: (r) => hours(r.avgHours) },
    { key: "median", header: t("hotline.col.medianHours"), align: "end", cell: (r) => hours(r.medianHours) },
    { key: "overdue", header: t("hotline.col.overdue"), align: "end", cell: (r) => formatNumber(r.overdue) },
  ];
  const option = {
    animation: false,
    legend: { top: 0 },
    grid: { left: 8, right: 48, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "value" },
    yAxis: { type: "category", inverse: true, data: shown.map((r) => r.name) },
    series: [
      {
        name: t("hotline.col.avgHours"),
        type: "bar",
        data: shown.map((r) => r.avgHours),
        itemStyle: { color: "#b91c1c" },
        label: { show: true, position: "right" },
      },
      {
        name: t("hotline.col.medianHours"),
        type: "bar",
        data: shown.map((r) => r.medianHours),
        itemStyle: { color: "#64748b" },
      },
    ],
  };
  return (
    <ChartFigure
      data-testid="fig-slowest"
      title={t("hotline.figure.slowest")}
      option={option}
      height={Math.max(180, shown.length * 36 + 48)}
      empty={shown.length === 0 ? <p className="text-slate-700">{t("hotline.empty.figure")}</p> : undefined}
      table={
        <DataTable
          caption={t("hotline.caption.slowest", { month: m.month })}
          columns={columns}
          rows={rows}
          getRowKey={(r) => r.id}
          empty={t("hotline.empty.figure")}
        />
      }
    />
  );
}

function UnitScoresFigure({ m }: { m: Monthly }) {
  const { t, formatNumber } = useI18n();
  const rateCols = useRateColumns<RankedUnit>((u) => u.rates);
  const scored = m.units.filter((u) => u.rates.score !== null);
  const shown = [...scored].sort((a, b) => (b.rates.score ?? 0) - (a.rates.score ?? 0)).slice(0, 25);
  const columns: DataTableColumn<RankedUnit>[] = [
    { key: "tier", header: t("hotline.col.tier"), cell: (u) => t(`hotline.tier.${u.tier}`) },
    { key: "rank", header: t("hotline.col.rank"), align: "end", cell: (u) => u.rank ?? "—" },
    { key: "unit", header: t("hotline.col.unit"), rowHeader: true, cell: (u) => u.name },
    { key: "orders", header: t("hotline.col.orders"), align: "end", cell: (u) => formatNumber(u.orders) },
    { key: "base", header: t("hotline.col.base"), align: "end", cell: (u) => formatNumber(u.rates.base) },
    ...rateCols,
    { key: "change", header: t("hotline.col.change"), cell: (u) => <RankChange change={u.rankChange} /> },
  ];
  const option = {
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "value", min: 0, max: 100 },
    yAxis: { type: "category", inverse: true, data: shown.map((u) => u.name) },
    series: [
      {
        name: t("hotline.rate.score"),
        type: "bar",
        data: shown.map((u) => (u.rates.score ?? 0) / 100),
        itemStyle: { color: "#15803d" },
        label: { show: true, position: "right" },
      },
    ],
  };
  return (
    <ChartFigure
      data-testid="fig-unit-scores"
      title={t("hotline.figure.unitScores")}
      option={option}
      height={Math.max(180, shown.length * 24 + 32)}
      empty={shown.length === 0 ? <p className="text-slate-700">{t("hotline.empty.figure")}</p> : undefined}
      table={
        <DataTable
          caption={t("hotline.caption.unitScores", { month: m.month, version: m.formula.version })}
          columns={columns}
          rows={m.units}
          getRowKey={(u) => u.id}
          empty={t("hotline.empty.figure")}
        />
      }
    />
  );
}
