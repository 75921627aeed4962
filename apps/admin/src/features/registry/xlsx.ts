/**
 * Registry spreadsheets with exceljs, in the browser (this module and exceljs load only when used):
 * the compound and unit import templates, reading a filled template, and the compound and unit
 * exports — each export in its template's columns, so an exported file can be edited and imported
 * again. Headers are Chinese: these are the sheets community offices already keep.
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

/** Unit template columns: header → the API's `importUnits` field. Areas in m², at most two decimals. */
export const unitImportColumns = [
  { header: "小区编码", field: "compoundCode", width: 18, text: true },
  { header: "楼栋编码", field: "buildingCode", width: 12, text: true },
  { header: "楼栋名称", field: "buildingName", width: 16, text: true },
  { header: "房号", field: "unitNumber", width: 10, text: true },
  { header: "登记面积（m²）", field: "registeredArea", width: 16, text: false },
  { header: "测绘面积（m²）", field: "surveyedArea", width: 16, text: false },
  { header: "合同面积（m²）", field: "contractArea", width: 16, text: false },
] as const;
export type UnitImportField = (typeof unitImportColumns)[number]["field"];
export type UnitImportRow = Record<UnitImportField, string | number | boolean | null>;

/** The header of a unit import column ("unitNumber" → "房号"). */
export function unitHeaderOf(field: string): string {
  return unitImportColumns.find((c) => c.field === field)?.header ?? field;
}

/** The sheet of instructions that goes with a template: one line per column, then general notes. */
function addHelpSheet(wb: Workbook, lines: [string, string][]) {
  const help = wb.addWorksheet("填写说明");
  help.columns = [
    { header: "列", key: "col", width: 16 },
    { header: "说明", key: "text", width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const [col, text] of lines) help.addRow({ col, text });
  help.getColumn(2).alignment = { wrapText: true, vertical: "top" };
  return help;
}

/** Lays out a unit sheet: the template's headers, codes and numbers kept as text, areas as 0.00. */
function unitSheet(wb: Workbook, name: string) {
  const sheet = wb.addWorksheet(name);
  sheet.columns = unitImportColumns.map((c) => ({
    header: c.header,
    key: c.field,
    width: c.width,
    style: { numFmt: c.text ? "@" : "0.00" },
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  return sheet;
}

/**
 * The unit import template: a sheet with the headers only (no example row that could be imported by
 * mistake) and a sheet of instructions with the codes to use and an example.
 */
export async function buildUnitTemplate(codes: {
  compoundCode?: string;
  buildingCode?: string;
  buildingName?: string;
}): Promise<ArrayBuffer> {
  const wb = newWorkbook();
  unitSheet(wb, "房屋");
  const compoundCode = codes.compoundCode ?? "110119001001-01";
  const buildingCode = codes.buildingCode ?? "1";
  const help = addHelpSheet(wb, [
    ["小区编码", "必填。房屋所在小区的编码（见小区清单；只能导入您管理范围内的小区）。"],
    ["楼栋编码", "必填。字母、数字、- 或 _，最长40位，在小区内唯一。楼栋不存在时会一并新建。"],
    ["楼栋名称", "选填，最长100字。仅在新建楼栋时使用；空白时用楼栋编码作名称。"],
    ["房号", "必填，最长20字。同一楼栋内不能重复，也不能与已登记的房屋重复。"],
    ["登记面积（m²）", "不动产登记簿记载的面积，单位平方米，大于0，最多两位小数，例如 89.37。"],
    ["测绘面积（m²）", "实测面积，格式同上。"],
    ["合同面积（m²）", "购房合同面积，格式同上。三个面积至少填一个；表决按登记、测绘、合同的顺序取面积。"],
    [
      "说明",
      "第1行是表头，请勿修改；从第2行起每行一套房屋。上传后先逐行校验，任何一行有误，整个文件都不会导入。",
    ],
    ...(codes.compoundCode ? ([["本小区", `小区编码：${codes.compoundCode}`]] as [string, string][]) : []),
    ...(codes.buildingCode
      ? ([
          [
            "本楼栋",
            `楼栋编码：${codes.buildingCode}${codes.buildingName ? `（${codes.buildingName}）` : ""}`,
          ],
        ] as [string, string][])
      : []),
  ]);
  help.addRow({});
  help.addRow({ col: "示例", text: "（以下示例仅供参考，请在“房屋”工作表中填写）" });
  const example = help.addRow(unitImportColumns.map((c) => c.header));
  example.font = { bold: true };
  help.addRow([compoundCode, buildingCode, codes.buildingName ?? "1号楼", "101", 89.37, null, 92.5]);
  help.addRow([compoundCode, buildingCode, null, "102", null, 76, null]);
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
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

/** What reading a filled template gives: the data rows (sheet row 2 → index 0) or the missing headers. */
export interface ReadResult<Row> {
  rows: Row[];
  /** The sheet row number of each data row (blank rows are skipped). */
  sheetRows: number[];
  missing: string[];
}

/**
 * Reads a filled template: the first sheet, columns found by their Chinese headers (in any order).
 * Blank rows are skipped; a missing header of `required` stops the reading.
 */
async function readWorkbook<F extends string>(
  data: ArrayBuffer,
  columns: readonly { header: string; field: F }[],
  required: readonly F[],
): Promise<ReadResult<Record<F, string | number | boolean | null>>> {
  const wb = newWorkbook();
  await wb.xlsx.load(data);
  const sheet = wb.worksheets[0];
  if (!sheet) return { rows: [], sheetRows: [], missing: columns.map((c) => c.header) };
  const header = sheet.getRow(1);
  const index = new Map<string, number>();
  header.eachCell((cell, col) => {
    const text = String(cellValue(cell.value) ?? "").trim();
    if (text) index.set(text, col);
  });
  const missing = columns
    .filter((c) => required.includes(c.field) && !index.has(c.header))
    .map((c) => c.header);
  if (missing.length > 0) return { rows: [], sheetRows: [], missing };
  const rows: Record<F, string | number | boolean | null>[] = [];
  const sheetRows: number[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const values = columns.map((c) => {
      const col = index.get(c.header);
      const v = col ? cellValue(row.getCell(col).value) : null;
      return typeof v === "string" ? v.trim() || null : v;
    });
    if (values.every((v) => v === null)) continue;
    sheetRows.push(r);
    rows.push(
      Object.fromEntries(columns.map((c, i) => [c.field, values[i] ?? null])) as Record<
        F,
        string | number | boolean | null
      >,
    );
  }
  return { rows, sheetRows, missing: [] };
}

/** Reads a filled compound template (address and 纳入考核 may be left out). */
export function readCompoundWorkbook(data: ArrayBuffer): Promise<ReadResult<CompoundImportRow>> {
  return readWorkbook(data, compoundImportColumns, ["communityCode", "code", "name", "type", "households"]);
}

/** Reads a filled unit template (or a unit export); area columns may be left out. */
export function readUnitWorkbook(data: ArrayBuffer): Promise<ReadResult<UnitImportRow>> {
  return readWorkbook(data, unitImportColumns, ["compoundCode", "buildingCode", "unitNumber"]);
}

export interface ExportCompound {
  communityCode: string;
  code: string;
  name: string;
  type: CompoundType;
  address: string;
  households: number;
  inScope: boolean;
}

/**
 * The compound list in the import template's columns (社区编码 first), so an export can be edited and
 * imported again; the summary goes on a second sheet, never below the data.
 */
export async function buildCompoundsWorkbook(rows: ExportCompound[], unitName: string): Promise<ArrayBuffer> {
  const wb = newWorkbook();
  const sheet = wb.addWorksheet("小区清单");
  sheet.columns = compoundImportColumns.map((c) => ({ header: c.header, key: c.field, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  for (const c of rows)
    sheet.addRow({
      communityCode: c.communityCode,
      code: c.code,
      name: c.name,
      type: compoundTypeZh[c.type],
      address: c.address,
      households: c.households,
      inScope: c.inScope ? "是" : "否",
    });
  addHelpSheet(wb, [
    ["单位", unitName],
    ["小区数", String(rows.length)],
    ["说明", "列与小区导入模板相同：修改后可直接上传导入（小区编码不能与已登记的小区重复）。"],
  ]);
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
}

/** A unit as exported: its building's code and name, areas in integer hundredths of m². */
export interface ExportUnit {
  buildingCode: string;
  buildingName: string;
  number: string;
  registeredAreaCentiM2: number | null;
  surveyedAreaCentiM2: number | null;
  contractAreaCentiM2: number | null;
}

/** 8937 → 89.37 (exact: hundredths have a shortest decimal form of at most two decimals). */
const m2 = (centi: number | null) => (centi === null ? null : centi / 100);

/**
 * Units in the unit import template's columns (areas as numbers in m², two decimals shown), so the
 * file can be edited and imported again; the summary goes on a second sheet.
 */
export async function buildUnitsWorkbook(
  compoundCode: string,
  rows: ExportUnit[],
  title: string,
): Promise<ArrayBuffer> {
  const wb = newWorkbook();
  const sheet = unitSheet(wb, "房屋清单");
  for (const u of rows)
    sheet.addRow({
      compoundCode,
      buildingCode: u.buildingCode,
      buildingName: u.buildingName,
      unitNumber: u.number,
      registeredArea: m2(u.registeredAreaCentiM2),
      surveyedArea: m2(u.surveyedAreaCentiM2),
      contractArea: m2(u.contractAreaCentiM2),
    });
  addHelpSheet(wb, [
    ["范围", title],
    ["房屋数", String(rows.length)],
    [
      "说明",
      "列与房屋导入模板相同：可在此表中增加房屋后上传导入；已登记的房屋会被报告为“房屋已存在”，请删除这些行再导入。",
    ],
  ]);
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
}
