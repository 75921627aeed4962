import { DataTable, type DataTableColumn, formatRate, useI18n } from "@gongzhi/ui";
import { useId, useState } from "react";
import { Link } from "react-router";
import { ChartFigure } from "../../components/ChartFigure.tsx";
import type { UnitLevel } from "../../lib/session.ts";
import { recordPaths } from "../../shell/sections.ts";
import {
  childLevel,
  type NamedChild,
  type PropertyThreeRateKey,
  rankBy,
  rateKeys,
  targetOf,
} from "./model.ts";

const pct = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/** The units below ranked by one rate: a bar chart and its table twin, with drill-down links. */
export function RankingPanel({
  level,
  unitName,
  items,
  loading,
}: {
  level: UnitLevel;
  unitName: string;
  items: NamedChild[];
  loading: boolean;
}) {
  const { t, locale, formatNumber } = useI18n();
  const [key, setKey] = useState<PropertyThreeRateKey>("propertyServiceCoverage");
  const groupName = useId();
  const ranked = rankBy(items, key);
  const below = childLevel(level);
  const rateName = t(`admin.rates.rate.${key}`);
  const target = targetOf(key);

  const columns: DataTableColumn<NamedChild & { rank: number }>[] = [
    { key: "rank", header: t("admin.rates.col.rank"), cell: (r) => r.rank, align: "end" },
    {
      key: "unit",
      header: t("admin.rates.col.unit"),
      rowHeader: true,
      cell: (r) =>
        below === "compound" ? (
          r.name
        ) : (
          <Link
            to={recordPaths.ratesOf(below, r.id)}
            className="inline-flex min-h-11 items-center text-brand-800 underline"
            data-drill=""
          >
            {r.name}
          </Link>
        ),
    },
    {
      key: "rate",
      header: t("admin.rates.col.rate"),
      align: "end",
      cell: (r) => formatRate(locale, r.rates[key].rate),
    },
    {
      key: "fraction",
      header: t("admin.rates.col.fraction"),
      align: "end",
      cell: (r) => `${formatNumber(r.rates[key].numerator)} / ${formatNumber(r.rates[key].denominator)}`,
    },
    {
      key: "households",
      header: t("admin.rates.col.households"),
      align: "end",
      cell: (r) => formatRate(locale, r.rates[key].householdWeighted.rate),
    },
    {
      key: "gap",
      header: t("admin.rates.col.gap"),
      align: "end",
      cell: (r) =>
        r.gap[key].met === null
          ? "—"
          : r.gap[key].met
            ? t("admin.rates.met")
            : `−${formatNumber(r.gap[key].additionalNeeded)}`,
    },
  ];

  const option = {
    grid: { left: 8, right: 56, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v: number) => `${v}%` },
    xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", inverse: true, data: ranked.map((r) => r.name) },
    series: [
      {
        name: rateName,
        type: "bar",
        data: ranked.map((r) => pct(r.rates[key].rate)),
        itemStyle: { color: "#1d4ed8" },
        label: { show: true, position: "right", formatter: "{c}%" },
        markLine: {
          symbol: "none",
          data: [{ xAxis: target * 100 }],
          lineStyle: { color: "#b45309", type: "dashed", width: 2 },
          label: { formatter: t("admin.rates.target", { target: formatRate(locale, target) }) },
        },
      },
    ],
  };

  return (
    <ChartFigure
      data-testid="rates-ranking"
      title={t("admin.rates.ranking.title")}
      option={option}
      height={Math.max(200, ranked.length * 30 + 48)}
      empty={
        items.length === 0 ? <p className="text-slate-700">{t("admin.rates.ranking.empty")}</p> : undefined
      }
      controls={
        <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-1">
          <legend className="mb-1 text-sm font-medium text-slate-800">
            {t("admin.rates.ranking.choose")}
          </legend>
          {rateKeys.map((k) => (
            <label key={k} className="inline-flex min-h-11 items-center gap-2">
              <input
                type="radio"
                name={groupName}
                value={k}
                checked={k === key}
                onChange={() => setKey(k)}
                className="h-5 w-5"
              />
              {t(`admin.rates.rate.${k}`)}
            </label>
          ))}
        </fieldset>
      }
      table={
        <DataTable
          caption={t("admin.rates.ranking.caption", { unit: unitName, rate: rateName })}
          columns={columns}
          rows={ranked.map((r, i) => ({ ...r, rank: i + 1 }))}
          getRowKey={(r) => r.id}
          loading={loading}
          empty={t("admin.rates.ranking.empty")}
        />
      }
    />
  );
}
