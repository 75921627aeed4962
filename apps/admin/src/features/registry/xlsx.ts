/**
 * Registry spreadsheets with exceljs, in the browser (this module and exceljs load only when used):
 * the compound import template, reading a filled template, and the compound list export. Headers are
 * Chinese: these are the sheets community offices already keep.
 */
import type { Workbook } from "exceljs";
import * as ExcelJSModule from "exceljs";
import { type CompoundType, compoundTypeZh } from "./model.ts";

const ExcelJS = ((ExcelJSModule as unknown as { default?: typeof ExcelJSModule }).default ??
  ExcelJSModule) as typeof ExcelJSModule;

/** Template columns: header → the API's import field. */
export const compoundImportColumns = [
  { header: "社区编码", field: "communityCode", width: 16 },
  { header: "小区编码", field: "code", width: 18 },
  { header: "小区名称", field: "name", width: 24 },
  { header: "类型", field: "type", width: 12 },
  { header: "地址", field: "address", width: 32 },
  { header: "户数", field: "households", width: 10 },
  { header: "纳入考核", field: "inScope", width: 10 },
] as const;
export type CompoundImportField = (typeof compoundImportColumns)[number]["field"];
export type CompoundImportRow = Record<CompoundImportField, string | number | boolean | null>;

/** The header of an API column name ("households" → "户数"). */
export function headerOf(field: string): string {
  return compoundImportColumns.find((c) => c.field === field)?.header ?? field;
}

function newWorkbook(): Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "共治 · 工作台";
  wb.created = new Date();
  return wb;
}

/** The import template: headers, one example row, and a sheet of instructions. */
export async function buildCompoundTemplate(communityCode: string): Promise<ArrayBuffer> {
  const wb = newWorkbook();
  const sheet = wb.addWorksheet("小区");
  sheet.columns = compoundImportColumns.map((c) => ({ header: c.header, key: c.field, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  sheet.addRow({
    communityCode,
    code: `${communityCode}-99`,
    name: "示例小区（导入前请删除此行）",
    type: "商品房",
    address: "延庆区示例路1号",
    households: 120,
    inScope: "是",
  });
  const types = Object.values(compoundTypeZh).join(",");
  for (let r = 2; r <= 1000; r++) {
    sheet.getCell(r, 4).dataValidation = { type: "list", allowBlank: false, formulae: [`"${types}"`] };
    sheet.getCell(r, 7).dataValidation = { type: "list", allowBlank: true, formulae: ['"是,否"'] };
  }
  const help = wb.addWorksheet("填写说明");
  help.columns = [
    { header: "列", key: "col", width: 14 },
    { header: "说明", key: "text", width: 80 },
  ];
  help.getRow(1).font = { bold: true };
  for (const [col, text] of [
    ["社区编码", "必填。小区所属社区的编码（只能导入您管理范围内的社区）。"],
    ["小区编码", "必填。字母、数字、- 或 _，最长40位，全区唯一。"],
    ["小区名称", "必填，最长100字。"],
    ["类型", `必填：${Object.values(compoundTypeZh).join("、")}。`],
    ["地址", "选填，最长200字。"],
    ["户数", "0–100000 的整数，空白按0计。"],
    ["纳入考核", "是 / 否，空白按“是”。是否纳入物业管理“三率”考核。"],
    ["说明", "第1行是表头，请勿修改；从第2行起每行一个小区。任何一行有误，整个文件都不会导入。"],
  ])
    help.addRow({ col, text });
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
}

const cellValue = (v: unknown): string | number | boolean | null => {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    const o = v as { text?: unknown; result?: unknown; richText?: { text: string }[] };
    if (o.richText) return o.richText.map((p) => p.text).join("");
    if (o.result !== undefined) return cellValue(o.result);
    if (o.text !== undefined) return cellValue(o.text);
  }
  return String(v);
};

/**
 * Reads a filled template: the first sheet, columns found by their Chinese headers. Returns the data
 * rows (row 2 → index 0) or the headers that are missing.
 */
export async function readCompoundWorkbook(
  data: ArrayBuffer,
): Promise<{ rows: CompoundImportRow[]; sheetRows: number[]; missing: string[] }> {
  const wb = newWorkbook();
  await wb.xlsx.load(data);
  const sheet = wb.worksheets[0];
  if (!sheet) return { rows: [], sheetRows: [], missing: compoundImportColumns.map((c) => c.header) };
  const header = sheet.getRow(1);
  const index = new Map<string, number>();
  header.eachCell((cell, col) => {
    const text = String(cellValue(cell.value) ?? "").trim();
    if (text) index.set(text, col);
  });
  const missing = compoundImportColumns
    .filter((c) => c.field !== "address" && c.field !== "inScope" && !index.has(c.header))
    .map((c) => c.header);
  if (missing.length > 0) return { rows: [], sheetRows: [], missing };
  const rows: CompoundImportRow[] = [];
  const sheetRows: number[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const values = compoundImportColumns.map((c) => {
      const col = index.get(c.header);
      const v = col ? cellValue(row.getCell(col).value) : null;
      return typeof v === "string" ? v.trim() || null : v;
    });
    if (values.every((v) => v === null)) continue;
    sheetRows.push(r);
    rows.push(
      Object.fromEntries(
        compoundImportColumns.map((c, i) => [c.field, values[i] ?? null]),
      ) as CompoundImportRow,
    );
  }
  return { rows, sheetRows, missing: [] };
}

export interface ExportCompound {
  code: string;
  name: string;
  type: CompoundType;
  address: string;
  households: number;
  inScope: boolean;
}

/** The compound list as the template's columns (so an export can be edited and imported elsewhere). */
export async function buildCompoundsWorkbook(rows: ExportCompound[], unitName: string): Promise<ArrayBuffer> {
  const wb = newWorkbook();
  const sheet = wb.addWorksheet("小区清单");
  sheet.columns = [
    { header: "小区编码", key: "code", width: 18 },
    { header: "小区名称", key: "name", width: 24 },
    { header: "类型", key: "type", width: 12 },
    { header: "地址", key: "address", width: 32 },
    { header: "户数", key: "households", width: 10 },
    { header: "纳入考核", key: "inScope", width: 10 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  for (const c of rows)
    sheet.addRow({
      code: c.code,
      name: c.name,
      type: compoundTypeZh[c.type],
      address: c.address,
      households: c.households,
      inScope: c.inScope ? "是" : "否",
    });
  sheet.addRow([]);
  sheet.addRow([`单位：${unitName}；共 ${rows.length} 个小区`]);
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
}
