/**
 * .xlsx exports of the 接诉即办 月报 and 日报, in the browser with exceljs (this module and exceljs load
 * only when the user exports). Headers are Chinese: these sheets go into reports upward. Rates are
 * written as fractions with a percent format (85.71 % → 0.8571), 综合 as points (94.09).
 */
import type { Workbook, Worksheet } from "exceljs";
import * as ExcelJSModule from "exceljs";
import type { Daily, Monthly } from "./shared.tsx";

const tierNamesZh: Record<string, string> = {
  streets_towns: "街乡",
  departments: "区直部门",
  utilities: "公共服务企业",
  police: "公安派出所",
  property: "物业企业",
};

/** The headers of the 考评排名 sheet (the e2e test checks them). */
export const rankingSheetHeaders = [
  "类别",
  "排名",
  "上月排名",
  "名次变化",
  "承办单位",
  "工单量",
  "有效回访",
  "响应率",
  "解决率",
  "满意率",
  "综合成绩",
];

const percent = "0.00%";
const rate = (bp: number | null) => (bp === null ? null : bp / 10_000);
const points = (h: number | null) => (h === null ? null : h / 100);

function sheet(wb: Workbook, name: string, headers: string[]): Worksheet {
  const s = wb.addWorksheet(name);
  s.addRow(headers);
  s.getRow(1).font = { bold: true };
  s.views = [{ state: "frozen", ySplit: 1 }];
  s.columns.forEach((c, i) => {
    c.width = Math.max(10, (headers[i]?.length ?? 4) * 2 + 4);
  });
  return s;
}

function volumeSheet(
  wb: Workbook,
  name: string,
  nameHeader: string,
  rows: readonly { code: string; name: string; orders: number }[],
) {
  const s = sheet(wb, name, ["编码", nameHeader, "工单量"]);
  for (const r of rows) s.addRow([r.code, r.name, r.orders]);
}

function hotSpotSheet(wb: Workbook, rows: Monthly["hotSpots"]) {
  const s = sheet(wb, "热点", ["层级", "小区", "楼栋", "工单量", "主要诉求"]);
  for (const h of rows)
    s.addRow([
      h.level === "building" ? "楼栋" : "小区",
      h.compoundName,
      h.buildingName ?? "",
      h.orders,
      h.topCategoryName,
    ]);
}

function workbook() {
  const ExcelJS = ((ExcelJSModule as unknown as { default?: typeof ExcelJSModule }).default ??
    ExcelJSModule) as typeof ExcelJSModule;
  const wb = new ExcelJS.Workbook();
  wb.creator = "共治 · 工作台";
  wb.created = new Date();
  return wb;
}

const note =
  "说明：12345接诉即办的响应率、解决率、满意率和综合成绩（《北京市接诉即办工作条例》第32条考评），不是物业管理“三率”。";

export function buildMonthlyWorkbook(m: Monthly, districtName: string): Workbook {
  const wb = workbook();
  const s = sheet(wb, "概况", ["指标", "数值"]);
  s.addRow(["区", districtName]);
  s.addRow(["月份", m.month]);
  s.addRow(["受理工单", m.orders]);
  s.addRow(["有效回访（考评基数）", m.rates.base]);
  s.addRow(["响应率", rate(m.rates.response)]);
  s.addRow(["解决率", rate(m.rates.resolution)]);
  s.addRow(["满意率", rate(m.rates.satisfaction)]);
  s.addRow(["综合成绩", points(m.rates.score)]);
  s.addRow(["考评公式", `${m.formula.version} · ${m.formula.name}`]);
  for (const r of [6, 7, 8]) s.getCell(r, 2).numFmt = percent;
  s.addRow([]);
  s.addRow([note]);
  s.addRow([`导出时间：${new Date().toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" })}`]);

  volumeSheet(wb, "按一级分类", "一级分类", m.byTopCategory);
  volumeSheet(wb, "按分类", "诉求分类", m.byCategory);
  volumeSheet(wb, "按街乡", "街道（乡镇）", m.bySubdistrict);
  volumeSheet(wb, "按承办单位", "承办单位", m.byUnit);
  hotSpotSheet(wb, m.hotSpots);

  const slow = sheet(wb, "办理时长", [
    "编码",
    "承办单位",
    "工单量",
    "已办结",
    "平均时长（小时）",
    "中位时长（小时）",
    "超期件数",
  ]);
  for (const u of m.slowestUnits)
    slow.addRow([u.code, u.name, u.orders, u.answered, u.avgHours, u.medianHours, u.overdue]);

  const rank = sheet(wb, "考评排名", rankingSheetHeaders);
  for (const u of m.units)
    rank.addRow([
      tierNamesZh[u.tier] ?? u.tier,
      u.rank,
      u.previousRank,
      u.rankChange,
      u.name,
      u.orders,
      u.rates.base,
      rate(u.rates.response),
      rate(u.rates.resolution),
      rate(u.rates.satisfaction),
      points(u.rates.score),
    ]);
  for (const c of [8, 9, 10]) rank.getColumn(c).numFmt = percent;
  return wb;
}

export function buildDailyWorkbook(d: Daily, districtName: string): Workbook {
  const wb = workbook();
  const s = sheet(wb, "概况", ["指标", "数值"]);
  s.addRow(["区", districtName]);
  s.addRow(["日期", d.date]);
  s.addRow(["受理", d.counts.received]);
  s.addRow(["派单", d.counts.dispatched]);
  s.addRow(["办结", d.counts.answered]);
  s.addRow(["超期", d.counts.overdue]);
  s.addRow(["临期工单", d.nearingLimit.total]);
  s.addRow([]);
  s.addRow([note]);
  volumeSheet(wb, "按分类", "诉求分类", d.byCategory);
  volumeSheet(wb, "按街乡", "街道（乡镇）", d.bySubdistrict);
  const near = sheet(wb, "临期工单", [
    "工单编号",
    "诉求分类",
    "承办单位",
    "受理时间",
    "办理时限",
    "已用时限",
  ]);
  const fmt = (x: Date | string) => new Date(x).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" });
  for (const o of d.nearingLimit.orders)
    near.addRow([o.number, o.categoryName, o.unitName ?? "", fmt(o.receivedAt), fmt(o.dueAt), o.used]);
  near.getColumn(6).numFmt = "0%";
  hotSpotSheet(wb, d.hotSpots);
  return wb;
}

/** Hands a workbook to the browser as a download. */
export async function downloadWorkbook(wb: Workbook, fileName: string): Promise<void> {
  const buffer = await wb.xlsx.writeBuffer();
  const blob = new Blob([buffer], {
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function downloadMonthly(m: Monthly, districtName: string) {
  await downloadWorkbook(
    buildMonthlyWorkbook(m, districtName),
    `接诉即办月报-${districtName}-${m.month}.xlsx`,
  );
}
export async function downloadDaily(d: Daily, districtName: string) {
  await downloadWorkbook(buildDailyWorkbook(d, districtName), `接诉即办日报-${districtName}-${d.date}.xlsx`);
}
