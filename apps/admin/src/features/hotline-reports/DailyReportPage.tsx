/**
 * 日报 — one day of 接诉即办 in the district: received / dispatched / answered / overdue, the day's new
 * orders by category and 街道, the orders nearing their limit, the day's hot spots. Charts with table
 * twins, .xlsx export, A4 print.
 */
import { Alert, DataTable, type DataTableColumn, formatDateTime, useI18n } from "@gongzhi/ui";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { ChartFigure } from "../../components/ChartFigure.tsx";
import { useTRPC } from "../../trpc.ts";
import { ReportPage, useDistrictName } from "./ReportPage.tsx";
import { type Daily, DayPicker, HotSpotFigure, Stat, usePlural, VolumeFigure, yesterday } from "./shared.tsx";

export function DailyReportPage({ districtId }: { districtId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const date = /^\d{4}-\d{2}-\d{2}$/.test(params.get("date") ?? "") ? params.get("date")! : yesterday();
  const report = useQuery({
    ...trpc.workOrders.reports.daily.queryOptions({ districtId, date }),
    placeholderData: keepPreviousData,
  });
  const districtName = useDistrictName();
  return (
    <ReportPage
      testId="hotline-daily"
      title={t("hotline.daily.title", { district: districtName, date })}
      intro={t("hotline.daily.intro")}
      picker={<DayPicker value={date} onChange={(d) => setParams({ date: d })} />}
      report={report}
      download={async (data) => (await import("./export.ts")).downloadDaily(data, districtName || districtId)}
    >
      {(data) => <DailyBody d={data} />}
    </ReportPage>
  );
}

function DailyBody({ d }: { d: Daily }) {
  const { t, formatNumber } = useI18n();
  const c = d.counts;
  const countRows = [
    { id: "received", name: t("hotline.daily.received"), orders: c.received },
    { id: "dispatched", name: t("hotline.daily.dispatched"), orders: c.dispatched },
    { id: "answered", name: t("hotline.daily.answered"), orders: c.answered },
    { id: "overdue", name: t("hotline.daily.overdue"), orders: c.overdue },
  ];
  const quiet = Object.values(c).every((n) => n === 0) && d.nearingLimit.total === 0;
  return (
    <>
      <section data-print-section="first" aria-labelledby="hd-summary" className="flex flex-col gap-3">
        <h2 id="hd-summary" className="text-xl font-semibold text-slate-900">
          {t("hotline.section.summary")}
        </h2>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5" data-testid="hotline-day-counts">
          {countRows.map((r) => (
            <Stat key={r.id} label={r.name} value={formatNumber(r.orders)} testId={`day-${r.id}`} />
          ))}
          <Stat
            label={t("hotline.daily.nearing")}
            value={formatNumber(d.nearingLimit.total)}
            testId="day-nearing"
          />
        </dl>
        {quiet ? <Alert tone="info">{t("hotline.daily.empty", { date: d.date })}</Alert> : null}
        <VolumeFigure
          testId="fig-day-counts"
          title={t("hotline.figure.dayCounts")}
          caption={t("hotline.caption.dayCounts", { date: d.date })}
          nameHeader={t("hotline.col.measure")}
          rows={countRows}
        />
      </section>
      <div data-print-section="" className="flex flex-col gap-6">
        <h2 className="text-xl font-semibold text-slate-900">{t("hotline.section.newOrders")}</h2>
        <VolumeFigure
          testId="fig-day-category"
          title={t("hotline.figure.byCategory")}
          caption={t("hotline.caption.dayByCategory", { date: d.date })}
          nameHeader={t("hotline.col.category")}
          rows={d.byCategory}
        />
        <VolumeFigure
          testId="fig-day-subdistrict"
          title={t("hotline.figure.bySubdistrict")}
          caption={t("hotline.caption.dayBySubdistrict", { date: d.date })}
          nameHeader={t("hotline.col.subdistrict")}
          rows={d.bySubdistrict}
          max={30}
        />
      </div>
      <div data-print-section="" className="flex flex-col gap-6">
        <h2 className="text-xl font-semibold text-slate-900">{t("hotline.section.nearing")}</h2>
        <NearingTable d={d} />
        <HotSpotFigure
          testId="fig-day-hot-spots"
          rows={d.hotSpots}
          caption={t("hotline.caption.dayHotSpots", { date: d.date })}
        />
      </div>
    </>
  );
}

function NearingTable({ d }: { d: Daily }) {
  const { t, locale } = useI18n();
  const plural = usePlural();
  type Row = Daily["nearingLimit"]["orders"][number];
  const columns: DataTableColumn<Row>[] = [
    { key: "number", header: t("hotline.col.number"), rowHeader: true, cell: (o) => o.number },
    { key: "category", header: t("hotline.col.category"), cell: (o) => o.categoryName },
    { key: "unit", header: t("hotline.col.unit"), cell: (o) => o.unitName ?? "—" },
    { key: "due", header: t("hotline.col.due"), cell: (o) => formatDateTime(locale, o.dueAt) },
    { key: "used", header: t("hotline.col.used"), align: "end", cell: (o) => `${Math.round(o.used * 100)}%` },
  ];
  const shown = d.nearingLimit.orders.slice(0, 15);
  const option = {
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", min: 0, max: 100 },
    yAxis: { type: "category", inverse: true, data: shown.map((o) => o.number) },
    series: [
      {
        name: t("hotline.col.used"),
        type: "bar",
        data: shown.map((o) => Math.round(o.used * 100)),
        itemStyle: { color: "#b45309" },
        label: { show: true, position: "right", formatter: "{c}%" },
      },
    ],
  };
  return (
    <ChartFigure
      data-testid="fig-day-nearing"
      title={plural("hotline.figure.nearing", d.nearingLimit.total)}
      option={option}
      height={Math.max(160, shown.length * 26 + 32)}
      empty={shown.length === 0 ? <p className="text-slate-700">{t("hotline.empty.nearing")}</p> : undefined}
      table={
        <DataTable
          caption={t("hotline.caption.nearing", {
            shown: d.nearingLimit.orders.length,
            total: d.nearingLimit.total,
          })}
          columns={columns}
          rows={d.nearingLimit.orders}
          getRowKey={(o) => o.id}
          empty={t("hotline.empty.nearing")}
        />
      }
    />
  );
}
