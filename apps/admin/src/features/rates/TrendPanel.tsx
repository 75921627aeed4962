import { Alert, Button, DataTable, type DataTableColumn, formatRate, Loading, useI18n } from "@gongzhi/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ChartFigure } from "../../components/ChartFigure.tsx";
import { errorText } from "../../lib/errors.ts";
import { beijingMonth, canSnapshot, type UnitLevel } from "../../lib/session.ts";
import { useStaff } from "../../shell/staff.tsx";
import { useTRPC } from "../../trpc.ts";
import { rateKeys, type TrendPoint } from "./model.ts";

/** Monthly trend from stored snapshots: a line chart and its table; district staff take snapshots. */
export function TrendPanel({ level, id, unitName }: { level: UnitLevel; id: string; unitName: string }) {
  const { t, locale, formatNumber } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope } = useStaff();
  const trend = useQuery(trpc.threeRates.trend.queryOptions({ level, id }));
  const summary = useQuery({ ...trpc.registry.districtSummary.queryOptions(), enabled: canSnapshot(scope) });
  const districtId = scope.scopeKind === "district" ? scope.scopeId : summary.data?.district?.id;
  const snapshot = useMutation(
    trpc.threeRates.snapshot.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.threeRates.trend.pathKey() }),
    }),
  );

  const points = trend.data ?? [];
  const columns: DataTableColumn<TrendPoint>[] = [
    { key: "month", header: t("admin.rates.col.month"), rowHeader: true, cell: (p) => p.month },
    ...rateKeys.map((k) => ({
      key: k,
      header: t(`admin.rates.rate.${k}`),
      align: "end" as const,
      cell: (p: TrendPoint) =>
        `${formatRate(locale, p.rates[k].rate)} (${formatNumber(p.rates[k].numerator)} / ${formatNumber(p.rates[k].denominator)})`,
    })),
  ];
  const option = {
    grid: { left: 8, right: 24, top: 48, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis", valueFormatter: (v: number) => `${v}%` },
    legend: { top: 0 },
    xAxis: { type: "category", data: points.map((p) => p.month) },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: rateKeys.map((k) => ({
      name: t(`admin.rates.rate.${k}`),
      type: "line",
      data: points.map((p) => (p.rates[k].rate === null ? null : Math.round(p.rates[k].rate * 1000) / 10)),
    })),
  };

  const snapshotControl =
    canSnapshot(scope) && districtId ? (
      <div className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-3">
          <Button
            variant="secondary"
            loading={snapshot.isPending}
            onClick={() => snapshot.mutate({ districtId, month: beijingMonth() })}
          >
            {snapshot.isPending ? t("admin.rates.trend.snapshotting") : t("admin.rates.trend.snapshot")}
          </Button>
          <p className="text-sm text-slate-700">{t("admin.rates.trend.snapshotHint")}</p>
        </div>
        {snapshot.isSuccess ? (
          <Alert tone="success">{t("admin.rates.trend.snapshotDone", { month: snapshot.data.month })}</Alert>
        ) : null}
        {snapshot.isError ? <Alert tone="error">{errorText(t, snapshot.error)}</Alert> : null}
      </div>
    ) : null;

  return (
    <ChartFigure
      data-testid="rates-trend"
      title={t("admin.rates.trend.title")}
      option={option}
      height={300}
      controls={snapshotControl}
      empty={
        trend.isPending ? (
          <Loading />
        ) : points.length < 2 ? (
          <p
            className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-slate-800"
            data-testid="trend-too-few"
          >
            {t("admin.rates.trend.tooFew", { count: points.length })}
          </p>
        ) : undefined
      }
      table={
        <DataTable
          caption={t("admin.rates.trend.caption", { unit: unitName })}
          columns={columns}
          rows={points}
          getRowKey={(p) => p.month}
          loading={trend.isPending}
          error={trend.isError ? errorText(t, trend.error) : undefined}
        />
      }
    />
  );
}
