/**
 * .xlsx export of a 三率 dashboard view, in the browser with exceljs (this module and exceljs are
 * loaded only when the user exports). Headers are Chinese: these sheets go into reports upward.
 */
import type { Worksheet } from "exceljs";
import * as ExcelJSModule from "exceljs";
import type { UnitLevel } from "../../lib/session.ts";
import {
  type CompoundLacks,
  lackKeys,
  lackNamesZh,
  levelNamesZh,
  type NamedChild,
  type RatesNode,
  rateKeys,
  rateNamesZh,
  type TrendPoint,
  targetOf,
} from "./model.ts";

export interface ExportInput {
  level: UnitLevel;
  unitName: string;
  node: RatesNode;
  children: NamedChild[];
  trend: TrendPoint[];
  compounds: CompoundLacks[];
  /** Community id → name, for the compound sheet. */
  communityNames: Map<string, string>;
}

/** The headers of the 三率 sheet (the e2e test checks them). */
export const ratesSheetHeaders = [
  "指标",
  "分子",
  "分母",
  "比率",
  "按户数分子",
  "按户数分母",
  "按户数比率",
  "目标",
  "是否达标",
  "距目标还差（个）",
  "按户数距目标还差（户）",
];

const percent = "0.0%";
const ratio = (r: number | null) => (r === null ? null : r);
const metText = (m: boolean | null) => (m === null ? "无可统计对象" : m ? "是" : "否");

function headerRow(sheet: Worksheet, headers: string[]) {
  sheet.addRow(headers);
  const row = sheet.getRow(1);
  row.font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  sheet.columns.forEach((c, i) => {
    c.width = Math.max(10, (headers[i]?.length ?? 4) * 2 + 2);
  });
}

export async function buildRatesWorkbook(input: ExportInput) {
  const ExcelJS = ((ExcelJSModule as unknown as { default?: typeof ExcelJSModule }).default ??
    ExcelJSModule) as typeof ExcelJSModule;
  const wb = new ExcelJS.Workbook();
  wb.creator = "共治 · 工作台";
  wb.created = new Date();

  // 1. 三率
  const rates = wb.addWorksheet("三率");
  headerRow(rates, ratesSheetHeaders);
  for (const k of rateKeys) {
    const f = input.node.rates[k];
    const g = input.node.gap[k];
    rates.addRow([
      rateNamesZh[k],
      f.numerator,
      f.denominator,
      ratio(f.rate),
      f.householdWeighted.numerator,
      f.householdWeighted.denominator,
      ratio(f.householdWeighted.rate),
      targetOf(k),
      metText(g.met),
      g.additionalNeeded,
      g.householdWeighted.additionalNeeded,
    ]);
  }
  for (const col of [4, 7, 8]) rates.getColumn(col).numFmt = percent;
  rates.addRow([]);
  rates.addRow([`单位：${input.unitName}（${levelNamesZh[input.level]}）`]);
  rates.addRow([
    "说明：物业管理“三率”（物业服务覆盖率、业委会（物管会）组建率、党的组织覆盖率），不是12345接诉即办的响应率、解决率、满意率。党的组织覆盖率的分母为在任业委会（物管会）数。",
  ]);
  rates.addRow([`导出时间：${new Date().toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" })}`]);

  // 2. 排名 (the units below)
  if (input.level !== "community") {
    const ranking = wb.addWorksheet("排名");
    const headers = ["单位", "层级"];
    for (const k of rateKeys) {
      const n = rateNamesZh[k];
      headers.push(n, `${n}分子`, `${n}分母`, `${n}（按户数）`, `${n}距目标还差`);
    }
    headerRow(ranking, headers);
    const sorted = [...input.children].sort(
      (a, b) => (b.rates.propertyServiceCoverage.rate ?? -1) - (a.rates.propertyServiceCoverage.rate ?? -1),
    );
    for (const c of sorted) {
      const row: (string | number | null)[] = [c.name, levelNamesZh[c.level as UnitLevel] ?? c.level];
      for (const k of rateKeys) {
        row.push(
          ratio(c.rates[k].rate),
          c.rates[k].numerator,
          c.rates[k].denominator,
          ratio(c.rates[k].householdWeighted.rate),
          c.gap[k].additionalNeeded,
        );
      }
      ranking.addRow(row);
    }
    rateKeys.forEach((_, i) => {
      ranking.getColumn(3 + i * 5).numFmt = percent;
      ranking.getColumn(6 + i * 5).numFmt = percent;
    });
  }

  // 3. 趋势
  const trend = wb.addWorksheet("趋势");
  const trendHeaders = ["月份"];
  for (const k of rateKeys)
    trendHeaders.push(rateNamesZh[k], `${rateNamesZh[k]}分子`, `${rateNamesZh[k]}分母`);
  headerRow(trend, trendHeaders);
  for (const p of input.trend) {
    const row: (string | number | null)[] = [p.month];
    for (const k of rateKeys) row.push(ratio(p.rates[k].rate), p.rates[k].numerator, p.rates[k].denominator);
    trend.addRow(row);
  }
  rateKeys.forEach((_, i) => {
    trend.getColumn(2 + i * 3).numFmt = percent;
  });

  // 4. 小区清单
  const list = wb.addWorksheet("小区清单");
  headerRow(list, [
    "小区编码",
    "小区名称",
    "所属社区",
    "户数",
    "纳入考核",
    "缺项",
    ...lackKeys.map((l) => lackNamesZh[l]),
  ]);
  for (const c of input.compounds) {
    list.addRow([
      c.code,
      c.name,
      input.communityNames.get(c.communityId) ?? "",
      c.households,
      c.inScope ? "是" : "否",
      c.lacks.map((l) => lackNamesZh[l]).join("、"),
      ...lackKeys.map((l) => (c.lacks.includes(l) ? "是" : "")),
    ]);
  }
  return wb;
}

/** Builds the workbook and hands it to the browser as a download. */
export async function downloadRatesWorkbook(input: ExportInput): Promise<void> {
  const wb = await buildRatesWorkbook(input);
  const buffer = await wb.xlsx.writeBuffer();
  const blob = new Blob([buffer], {
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  a.download = `物业管理三率-${input.unitName || input.level}-${day}.xlsx`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
