/**
 * 协管员 workbooks (exceljs, loaded only with this module): the import template, reading an uploaded
 * sheet into rows validated with core's `coordinator` schema, the masked export, the census export.
 */
import { coordinator, maskSensitive } from "@gongzhi/core";
import type { Worksheet } from "exceljs";
import type { Outputs } from "../../trpc.ts";
import { downloadWorkbook, loadExcel } from "../committees/shared.tsx";
import { type CategoryRef, genderZh, type Place, sheetHeaders, statusZh } from "./data.ts";

type Row = Outputs["coordinators"]["list"]["items"][number];

function header(sheet: Worksheet, headers: readonly string[]) {
  sheet.addRow([...headers]);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  sheet.columns.forEach((c, i) => {
    c.width = Math.max(12, (headers[i]?.length ?? 4) * 2 + 4);
  });
}

export async function downloadTemplate(categories: CategoryRef[], communities: Place[]) {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("协管员");
  header(sheet, sheetHeaders);
  sheet.getColumn(4).numFmt = "@";
  sheet.getColumn(5).numFmt = "@";
  sheet.addRow([
    "张三",
    "男",
    1985,
    "13912345678",
    "110229198501011234",
    categories[0]?.nameZh ?? "",
    "延庆区城管委",
    communities[0]?.name ?? "",
    "2024-03-01",
  ]);
  const help = wb.addWorksheet("说明");
  help.addRow(["列", "要求"]);
  help.addRow(["性别", "男 / 女"]);
  help.addRow(["出生年份", "1940–2010 的四位数字"]);
  help.addRow(["手机号码", "11 位大陆手机号（请设为文本格式）"]);
  help.addRow(["身份证号", "18 位，末位可为 X"]);
  help.addRow(["类别", categories.map((c) => c.nameZh).join("、")]);
  help.addRow(["社区", communities.map((c) => c.name).join("、")]);
  help.addRow(["入职日期", "YYYY-MM-DD"]);
  help.getColumn(1).width = 12;
  help.getColumn(2).width = 80;
  await downloadWorkbook(wb, "协管员导入模板");
}

export interface ImportProblem {
  row: number;
  column: string;
  problem: string;
}
export interface ImportRow {
  row: number;
  input: {
    categoryId: string;
    name: string;
    gender: "male" | "female";
    birthYear: number;
    phone: string;
    idNumber: string;
    employerDepartment: string;
    communityId: string;
    hiredOn: string;
  };
}

/** Problem texts (zh-CN and en) — passed in so this module stays free of the i18n context. */
export interface ProblemTexts {
  required: string;
  unknownCategory: string;
  unknownCommunity: string;
  invalid: (column: string) => string;
  noRows: string;
  wrongHeaders: string;
  duplicate: string;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    const v = value as { text?: string; result?: unknown; richText?: { text: string }[] };
    if (v.richText)
      return v.richText
        .map((r) => r.text)
        .join("")
        .trim();
    if (v.text !== undefined) return String(v.text).trim();
    if (v.result !== undefined) return cellText(v.result);
  }
  return String(value).trim();
}

const schema = coordinator.pick({
  categoryId: true,
  name: true,
  gender: true,
  birthYear: true,
  phone: true,
  idNumber: true,
  employerDepartment: true,
  communityId: true,
  hiredOn: true,
});
const columnOf: Record<string, string> = {
  categoryId: "类别",
  name: "姓名",
  gender: "性别",
  birthYear: "出生年份",
  phone: "手机号码",
  idNumber: "身份证号",
  employerDepartment: "用工部门",
  communityId: "社区",
  hiredOn: "入职日期",
};

/** Reads the first sheet; every row is validated before anything is sent (all-or-nothing). */
export async function parseImport(
  file: ArrayBuffer,
  categories: CategoryRef[],
  communities: Place[],
  texts: ProblemTexts,
): Promise<{ rows: ImportRow[]; problems: ImportProblem[] }> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file);
  const sheet = wb.worksheets[0];
  const problems: ImportProblem[] = [];
  const rows: ImportRow[] = [];
  if (!sheet) return { rows, problems: [{ row: 1, column: "", problem: texts.noRows }] };
  const heads = (sheet.getRow(1).values as unknown[]).slice(1).map(cellText);
  const index = new Map(heads.map((h, i) => [h, i + 1]));
  const missing = sheetHeaders.filter((h) => !index.has(h));
  if (missing.length > 0) {
    return { rows, problems: [{ row: 1, column: missing.join("、"), problem: texts.wrongHeaders }] };
  }
  const byCategory = new Map<string, string>();
  for (const c of categories) {
    byCategory.set(c.nameZh, c.id);
    byCategory.set(c.nameEn.toLowerCase(), c.id);
    byCategory.set(c.code, c.id);
  }
  const byCommunity = new Map(communities.map((c) => [c.name, c.id]));
  const seenIds = new Map<string, number>();
  sheet.eachRow((r, rowNumber) => {
    if (rowNumber === 1) return;
    const get = (h: string) => cellText(r.getCell(index.get(h) ?? 0).value);
    const raw = Object.fromEntries(sheetHeaders.map((h) => [h, get(h)]));
    if (Object.values(raw).every((v) => v === "")) return;
    const rowProblems: ImportProblem[] = [];
    for (const h of sheetHeaders) {
      if (!raw[h] && !(h === "社区" && communities.length === 1))
        rowProblems.push({ row: rowNumber, column: h, problem: texts.required });
    }
    const categoryId = byCategory.get(raw.类别 ?? "") ?? byCategory.get((raw.类别 ?? "").toLowerCase());
    if (raw.类别 && !categoryId)
      rowProblems.push({ row: rowNumber, column: "类别", problem: texts.unknownCategory });
    const communityId = raw.社区
      ? byCommunity.get(raw.社区)
      : communities.length === 1
        ? communities[0]?.id
        : undefined;
    if (raw.社区 && !communityId)
      rowProblems.push({ row: rowNumber, column: "社区", problem: texts.unknownCommunity });
    const gender =
      raw.性别 === "男" || raw.性别 === "male"
        ? "male"
        : raw.性别 === "女" || raw.性别 === "female"
          ? "female"
          : raw.性别;
    const input = {
      categoryId: categoryId ?? "",
      name: raw.姓名 ?? "",
      gender,
      birthYear: Number(raw.出生年份),
      phone: raw.手机号码 ?? "",
      idNumber: (raw.身份证号 ?? "").toUpperCase(),
      employerDepartment: raw.用工部门 ?? "",
      communityId: communityId ?? "",
      hiredOn: raw.入职日期 ?? "",
    };
    if (rowProblems.length === 0) {
      const checked = schema.safeParse(input);
      if (!checked.success) {
        const cols = new Set(
          checked.error.issues.map((i) => columnOf[String(i.path[0])] ?? String(i.path[0])),
        );
        for (const col of cols)
          rowProblems.push({ row: rowNumber, column: col, problem: texts.invalid(col) });
      }
      const first = seenIds.get(input.idNumber);
      if (first !== undefined)
        rowProblems.push({ row: rowNumber, column: "身份证号", problem: `${texts.duplicate} ${first}` });
      seenIds.set(input.idNumber, rowNumber);
    }
    problems.push(...rowProblems);
    if (rowProblems.length === 0) rows.push({ row: rowNumber, input: input as ImportRow["input"] });
  });
  if (rows.length === 0 && problems.length === 0)
    problems.push({ row: 2, column: "", problem: texts.noRows });
  return { rows, problems };
}

/** The registry as shown (phone and ID number masked), with Chinese headers. */
export async function exportCoordinators(
  rows: Row[],
  names: { categoryName: Map<string, string>; communityName: Map<string, string> },
) {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = "共治 · 工作台";
  const sheet = wb.addWorksheet("协管员");
  header(sheet, [...sheetHeaders, "状态"]);
  for (const r of rows) {
    sheet.addRow([
      r.name,
      genderZh[r.gender],
      r.birthYear,
      // The list is masked by the API; mask again so an unmasked value can never slip into a file.
      r.phone.includes("*") ? r.phone : maskSensitive(r.phone),
      r.idNumber.includes("*") ? r.idNumber : maskSensitive(r.idNumber),
      names.categoryName.get(r.categoryId) ?? "",
      r.employerDepartment,
      names.communityName.get(r.communityId) ?? "",
      r.hiredOn,
      statusZh[r.status],
    ]);
  }
  sheet.addRow([]);
  sheet.addRow(["说明：手机号码和身份证号已脱敏。"]);
  await downloadWorkbook(wb, "协管员名册");
}

/** The census: categories down, subdistricts across, with totals. */
export async function exportCensus(
  categories: { name: string; counts: number[]; total: number }[],
  subdistricts: string[],
  totals: number[],
  total: number,
) {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("协管员摸底");
  header(sheet, ["类别", ...subdistricts, "合计"]);
  for (const c of categories) sheet.addRow([c.name, ...c.counts, c.total]);
  sheet.addRow(["合计", ...totals, total]);
  sheet.getRow(sheet.rowCount).font = { bold: true };
  await downloadWorkbook(wb, "协管员摸底统计");
}
