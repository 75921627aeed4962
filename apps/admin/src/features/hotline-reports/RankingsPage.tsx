/**
 * 考评排名 — the units of one group (街乡 / 区直部门 / 公共服务企业 / 派出所 / 物业企业, 条例 Art. 32) ranked
 * by 综合成绩 for a month, with the change of rank against the previous month (▲ / ▼ with words), under
 * the formula version in force or a chosen one. Each row shows, on demand, the orders behind its figures.
 */
import { Button, DataTable, type DataTableColumn, Loading, PageHeader, useI18n } from "@gongzhi/ui";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { ChartFigure } from "../../components/ChartFigure.tsx";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { type Outputs, useTRPC } from "../../trpc.ts";
import { SelectField } from "../committees/shared.tsx";
import {
  FormulaNote,
  formatScore,
  lastFullMonth,
  MonthPicker,
  RankChange,
  type RankedUnit,
  ReportError,
  rankingTiers,
  useRateColumns,
} from "./shared.tsx";

type Tier = (typeof rankingTiers)[number];

export function RankingsPage({ districtId }: { districtId: string }) {
  const { t, formatNumber } = useI18n();
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-\d{2}$/.test(params.get("month") ?? "") ? params.get("month")! : lastFullMonth();
  const tier = (rankingTiers as readonly string[]).includes(params.get("tier") ?? "")
    ? (params.get("tier") as Tier)
    : "streets_towns";
  const version = params.get("version") ?? "";
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };
  const formulas = useQuery(trpc.workOrders.formulas.list.queryOptions({}));
  const ranking = useQuery({
    ...trpc.workOrders.rankings.queryOptions({ districtId, month, tier, ...(version ? { version } : {}) }),
    placeholderData: keepPreviousData,
  });
  const [drill, setDrill] = useState<RankedUnit | null>(null);
  useDocumentTitle(t("hotline.rankings.title"));
  const rateCols = useRateColumns<RankedUnit>((u) => u.rates);

  const columns: DataTableColumn<RankedUnit>[] = [
    { key: "rank", header: t("hotline.col.rank"), align: "end", cell: (u) => u.rank ?? "—" },
    { key: "unit", header: t("hotline.col.unit"), rowHeader: true, cell: (u) => u.name },
    { key: "orders", header: t("hotline.col.orders"), align: "end", cell: (u) => formatNumber(u.orders) },
    { key: "base", header: t("hotline.col.base"), align: "end", cell: (u) => formatNumber(u.rates.base) },
    ...rateCols,
    { key: "prev", header: t("hotline.col.previousRank"), align: "end", cell: (u) => u.previousRank ?? "—" },
    { key: "change", header: t("hotline.col.change"), cell: (u) => <RankChange change={u.rankChange} /> },
    {
      key: "orders-behind",
      header: t("hotline.col.behind"),
      cell: (u) =>
        u.rates.base > 0 ? (
          <Button
            variant="secondary"
            onClick={() => setDrill(u)}
            aria-label={t("hotline.drill.open", { unit: u.name })}
          >
            {t("hotline.drill.button")}
          </Button>
        ) : (
          "—"
        ),
    },
  ];

  const data = ranking.data;
  const scored = (data?.units ?? []).filter((u) => u.rates.score !== null);
  const option = {
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "value", min: 0, max: 100 },
    yAxis: { type: "category", inverse: true, data: scored.map((u) => `${u.rank}. ${u.name}`) },
    series: [
      {
        name: t("hotline.rate.score"),
        type: "bar",
        data: scored.map((u) => (u.rates.score ?? 0) / 100),
        itemStyle: { color: "#15803d" },
        label: { show: true, position: "right" },
      },
    ],
  };

  return (
    <div className="flex flex-col gap-6" data-print-report="" data-testid="hotline-rankings" data-tier={tier}>
      <PageHeader
        className="mb-0"
        title={t("hotline.rankings.title")}
        intro={t("hotline.rankings.intro")}
        actions={
          <div className="flex flex-wrap items-end gap-3" data-print-hide="">
            <MonthPicker value={month} onChange={(m) => set({ month: m })} />
            <SelectField
              label={t("hotline.pick.version")}
              name="version"
              value={version}
              onChange={(e) => set({ version: e.target.value })}
            >
              <option value="">{t("hotline.pick.versionInForce")}</option>
              {(formulas.data ?? []).map((f) => (
                <option key={f.id} value={f.version}>
                  {f.version} · {f.name}
                </option>
              ))}
            </SelectField>
            <Button variant="secondary" onClick={() => window.print()}>
              {t("hotline.print")}
            </Button>
          </div>
        }
      />
      <nav aria-label={t("hotline.rankings.tiers")} data-print-hide="">
        <ul className="flex flex-wrap gap-2">
          {rankingTiers.map((x) => (
            <li key={x}>
              <button
                type="button"
                aria-pressed={x === tier}
                onClick={() => set({ tier: x })}
                className={`inline-flex min-h-11 items-center gap-2 rounded-lg border px-3 font-medium ${
                  x === tier
                    ? "border-brand-700 bg-brand-50 text-brand-900"
                    : "border-slate-300 bg-white text-slate-800"
                }`}
                data-tier-tab={x}
              >
                {t(`hotline.tier.${x}`)}
                {data ? (
                  <span className="text-sm text-slate-700">({formatNumber(data.tierSizes[x])})</span>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {ranking.isPending ? (
        <Loading />
      ) : ranking.isError ? (
        <ReportError
          error={ranking.error}
          title={t("hotline.loadError")}
          onRetry={() => void ranking.refetch()}
        />
      ) : (
        <>
          <p className="font-medium text-slate-900" data-testid="ranking-heading">
            {t("hotline.rankings.heading", {
              tier: t(`hotline.tier.${tier}`),
              month: data!.month,
              previous: data!.previousMonth,
            })}
          </p>
          <FormulaNote formula={data!.formula} />
          <ChartFigure
            data-testid="fig-ranking"
            title={t("hotline.figure.ranking", { tier: t(`hotline.tier.${tier}`) })}
            option={option}
            height={Math.max(160, scored.length * 26 + 32)}
            empty={
              scored.length === 0 ? <p className="text-slate-700">{t("hotline.empty.ranking")}</p> : undefined
            }
            table={
              <DataTable
                caption={t("hotline.caption.ranking", {
                  tier: t(`hotline.tier.${tier}`),
                  month: data!.month,
                  version: data!.formula.version,
                })}
                columns={columns}
                rows={data!.units}
                getRowKey={(u) => u.id}
                empty={t("hotline.empty.rankingUnits")}
              />
            }
          />
          {drill ? <OrdersBehind unit={drill} onClose={() => setDrill(null)} /> : null}
        </>
      )}
    </div>
  );
}

type Rates = Outputs["workOrders"]["rates"];

/** The orders behind a unit's figures: `workOrders.rates` for the same unit, month and version. */
function OrdersBehind({ unit, onClose }: { unit: RankedUnit; onClose: () => void }) {
  const { t, formatNumber } = useI18n();
  const trpc = useTRPC();
  const rates = useQuery(trpc.workOrders.rates.queryOptions(unit.drill));
  const list = (label: string, ids: string[]) => (
    <details className="rounded-lg border border-slate-200 bg-white p-3">
      <summary className="min-h-11 cursor-pointer font-medium">
        {label} — {formatNumber(ids.length)}
      </summary>
      <ul className="mt-2 grid gap-1 font-mono text-sm sm:grid-cols-2">
        {ids.map((id) => (
          <li key={id}>{id}</li>
        ))}
      </ul>
    </details>
  );
  return (
    <section
      aria-labelledby="orders-behind-title"
      className="flex flex-col gap-3 rounded-xl border border-brand-700 bg-white p-4"
      data-testid="orders-behind"
      data-print-hide=""
    >
      <h2 id="orders-behind-title" className="text-lg font-semibold text-slate-900">
        {t("hotline.drill.title", { unit: unit.name, from: unit.drill.from, to: unit.drill.to })}
      </h2>
      {rates.isPending ? (
        <Loading />
      ) : rates.isError ? (
        <ReportError
          error={rates.error}
          title={t("hotline.loadError")}
          onRetry={() => void rates.refetch()}
        />
      ) : (
        <DrillBody r={rates.data} list={list} />
      )}
      <div>
        <Button variant="secondary" onClick={onClose}>
          {t("hotline.drill.close")}
        </Button>
      </div>
    </section>
  );
}

function DrillBody({ r, list }: { r: Rates; list: (label: string, ids: string[]) => React.ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <p className="text-sm text-slate-700" data-testid="drill-version">
        {t("hotline.drill.version", { version: r.formula.version, score: formatScore(r.score.hundredths) })}
      </p>
      {list(t("hotline.drill.base"), r.baseOrderIds)}
      {list(t("hotline.drill.contacted"), r.response.numeratorOrderIds)}
      {list(t("hotline.drill.solved"), r.resolution.numeratorOrderIds)}
      {list(t("hotline.drill.satisfied"), r.satisfaction.numeratorOrderIds)}
    </>
  );
}
