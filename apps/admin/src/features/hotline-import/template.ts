/**
 * The 12345 import template (.xlsx, exceljs in the browser; loaded only when asked for): a sheet with
 * the export's Chinese headers (from core's `hotlineImportColumns`, the same list the API reads) and
 * no example row that could be imported by mistake, plus a sheet of instructions with an example.
 */
import { hotlineImportColumns } from "@gongzhi/core";
import * as ExcelJSModule from "exceljs";

const ExcelJS = ((ExcelJSModule as unknown as { default?: typeof ExcelJSModule }).default ??
  ExcelJSModule) as typeof ExcelJSModule;

const help: Record<(typeof hotlineImportColumns)[number]["field"], string> = {
  externalNumber:
    "必填。12345 平台的工单编号（字母、数字、- 或 _，最长 64 位）。已导入过的编号不会重复导入。",
  receivedAt:
    "必填。受理时间（北京时间），如 2026-12-01 09:30，也可以是 Excel 日期时间单元格。不能晚于现在。",
  type: "必填。咨询、求助、投诉、举报 或 建议。",
  category: "必填。诉求分类的编码，或“一级分类/二级分类”这样的完整路径，或唯一的分类名称。",
  community: "选填。所属社区（村）的编码或名称，须在导入的区或街道（乡镇）内。",
  compound:
    "选填。小区的编码或名称；同名小区较多时请同时填写所属社区。社区、小区都不填时，工单归属导入的区或街道。",
  address: "选填。详细地址，最长 300 字。",
  text: "必填。诉求内容，最长 5000 字。",
  requesterName: "选填。诉求人姓名，最长 50 字。",
  requesterPhone: "选填。11 位手机号码。",
};

export async function buildHotlineTemplate(example: {
  category: string;
  community: string;
}): Promise<ArrayBuffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Gongzhi";
  const sheet = wb.addWorksheet("工单");
  sheet.columns = hotlineImportColumns.map((c) => ({
    header: c.header,
    key: c.field,
    width: c.width,
    style: { numFmt: "@" },
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];

  const notes = wb.addWorksheet("填写说明");
  notes.columns = [
    { header: "列", key: "col", width: 16 },
    { header: "说明", key: "text", width: 90 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const c of hotlineImportColumns) notes.addRow({ col: c.header, text: help[c.field] });
  notes.addRow({
    col: "说明",
    text: "第1行是表头，请勿修改；从第2行起每行一张工单。也可以直接上传 12345 平台导出的 .xlsx 或 .csv（UTF-8 或 GBK），多余的列会被忽略。上传后先逐行检查，任何一行有误，整个文件都不会导入。",
  });
  notes.getColumn(2).alignment = { wrapText: true, vertical: "top" };
  notes.addRow({});
  notes.addRow({ col: "示例", text: "（以下示例仅供参考，请在“工单”工作表中填写）" });
  notes.addRow(hotlineImportColumns.map((c) => c.header)).font = { bold: true };
  notes.addRow([
    "2026120100123",
    "2026-12-01 09:30",
    "投诉",
    example.category,
    example.community,
    "",
    "3号楼2单元",
    "楼道灯坏了一周，无人维修",
    "王女士",
    "13912345678",
  ]);
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
}
