/** .xlsx export of the 销账 report (loaded only when the user exports; exceljs comes with it). */
import * as ExcelJSModule from "exceljs";

/** The report sheet's headers (the e2e test checks them). */
export const ledgerReportHeaders = ["责任单位", "新增", "办结", "按期办结", "逾期", "未办结"];

export interface LedgerReportExport {
  unitName: string;
  periodLabel: string;
  report: {
    start: string;
    end: string;
    units: {
      responsibleUnit: string;
      opened: number;
      closed: number;
      closedOnTime: number;
      overdue: number;
      outstanding: number;
    }[];
    totals: { opened: number; closed: number; closedOnTime: number; overdue: number; outstanding: number };
  };
}

export async function buildLedgerReport(input: LedgerReportExport) {
  const ExcelJS = ((ExcelJSModule as unknown as { default?: typeof ExcelJSModule }).default ??
    ExcelJSModule) as typeof ExcelJSModule;
  const wb = new ExcelJS.Workbook();
  wb.creator = "共治 · 工作台";
  wb.created = new Date();
  const sheet = wb.addWorksheet("销账报表");
  sheet.addRow(ledgerReportHeaders);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  for (const u of input.report.units)
    sheet.addRow([u.responsibleUnit, u.opened, u.closed, u.closedOnTime, u.overdue, u.outstanding]);
  const tt = input.report.totals;
  const total = sheet.addRow(["合计", tt.opened, tt.closed, tt.closedOnTime, tt.overdue, tt.outstanding]);
  total.font = { bold: true };
  sheet.columns.forEach((c, i) => {
    c.width = i === 0 ? 28 : 12;
  });
  const about = wb.addWorksheet("说明");
  about.addRow(["单位", input.unitName]);
  about.addRow(["期间", input.periodLabel]);
  about.addRow(["起止", `${input.report.start} 至 ${input.report.end}`]);
  about.addRow(["导出时间", new Date().toISOString()]);
  return wb;
}

export async function downloadLedgerReport(input: LedgerReportExport) {
  const wb = await buildLedgerReport(input);
  const buffer = await wb.xlsx.writeBuffer();
  const blob = new Blob([buffer], {
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = `销账报表-${input.unitName}-${input.periodLabel}.xlsx`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
