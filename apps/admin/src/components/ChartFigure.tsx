import { Loading, useI18n } from "@gongzhi/ui";
import { lazy, type ReactNode, Suspense } from "react";
import type { EChartOption } from "./EChart.tsx";

const EChart = lazy(() => import("./EChart.tsx"));

export interface ChartFigureProps {
  /** The chart's title: a heading, and the chart's accessible name. */
  title: string;
  headingLevel?: 2 | 3;
  option: EChartOption;
  height: number;
  /** Controls above the chart (e.g. which rate to rank by). */
  controls?: ReactNode;
  /**
   * The accessible twin: a `<DataTable>` with a caption holding the same numbers. Always rendered
   * below the chart; the chart itself is one labelled image for assistive technology.
   */
  table: ReactNode;
  /** Shown instead of the chart (the table still shows) when there is nothing to draw. */
  empty?: ReactNode;
  "data-testid"?: string;
}

/** The pattern for every chart in the console: heading, chart (lazy ECharts), data-table twin. */
export function ChartFigure({
  title,
  headingLevel = 2,
  option,
  height,
  controls,
  table,
  empty,
  ...rest
}: ChartFigureProps) {
  const { t } = useI18n();
  const Heading = `h${headingLevel}` as const;
  return (
    <section
      className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
      data-testid={rest["data-testid"]}
    >
      <Heading className="text-lg font-semibold text-slate-900">{title}</Heading>
      {controls}
      {empty ?? (
        <div role="img" aria-label={t("admin.rates.chartLabel", { title })} style={{ minHeight: height }}>
          <Suspense fallback={<Loading />}>
            <EChart option={option} height={height} />
          </Suspense>
        </div>
      )}
      {table}
    </section>
  );
}
