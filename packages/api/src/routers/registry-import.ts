/**
 * Bulk import of registry rows (compounds, units): every row is validated first and a row-by-row
 * report is returned; nothing is written unless every row is good (all-or-nothing).
 */
import { code as codeSchema, compoundTypes, name as nameSchema } from "@gongzhi/core";
import { z } from "zod";

/** A spreadsheet cell as the console sends it: text, a number, a boolean or empty. */
export const cell = z.union([z.string().max(500), z.number(), z.boolean()]).nullish();

export const MAX_IMPORT_ROWS = 5000;
/** The largest unit area accepted: 1,000,000 m² (the column is a 32-bit integer of hundredths). */
export const MAX_AREA_CENTI_M2 = 100_000_000;
/** At most this many problems are reported (the rest are counted). */
export const MAX_REPORTED_PROBLEMS = 1000;

export const importProblem = z.object({
  /** 1-based row number, as in the spreadsheet's data rows. */
  row: z.number().int(),
  column: z.string(),
  messageKey: z.string(),
  message: z.string(),
});
export type ImportProblem = z.infer<typeof importProblem>;

export const compoundImportRow = z.object({
  communityCode: cell,
  code: cell,
  name: cell,
  type: cell,
  address: cell,
  households: cell,
  inScope: cell,
});

export const unitImportRow = z.object({
  compoundCode: cell,
  buildingCode: cell,
  buildingName: cell,
  unitNumber: cell,
  registeredArea: cell,
  surveyedArea: cell,
  contractArea: cell,
});

/** Collects problems of one import. */
export class Report {
  readonly problems: ImportProblem[] = [];
  total = 0;
  add(row: number, column: string, messageKey: string, message: string) {
    this.total += 1;
    if (this.problems.length < MAX_REPORTED_PROBLEMS)
      this.problems.push({ row, column, messageKey, message });
  }
  get ok() {
    return this.total === 0;
  }
}

const text = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s === "" ? null : s;
};

/** Read a required code-like cell. */
export function readCode(report: Report, row: number, column: string, v: unknown): string | null {
  const s = text(v);
  if (s === null) {
    report.add(row, column, "error.import.required", `${column} is required`);
    return null;
  }
  const parsed = codeSchema.safeParse(s);
  if (!parsed.success) {
    report.add(row, column, "error.import.invalid_code", `${column} must be letters, digits, - or _ (≤ 40)`);
    return null;
  }
  return parsed.data;
}

/** Read a required name cell (≤ max characters). */
export function readName(report: Report, row: number, column: string, v: unknown, max = 100): string | null {
  const s = text(v);
  const parsed = nameSchema(max).safeParse(s ?? "");
  if (!parsed.success) {
    report.add(
      row,
      column,
      s === null ? "error.import.required" : "error.import.too_long",
      s === null ? `${column} is required` : `${column} is longer than ${max} characters`,
    );
    return null;
  }
  return parsed.data;
}

/** Chinese labels accepted for compound types (商品房, 老旧小区, 自管楼, 回迁房, 平房区). */
const compoundTypeLabels: Record<string, (typeof compoundTypes)[number]> = {
  商品房: "commercial",
  老旧小区: "old",
  自管楼: "self_managed_building",
  回迁房: "resettlement",
  平房区: "bungalow",
};

export function readCompoundType(report: Report, row: number, v: unknown) {
  const s = text(v);
  const value = s === null ? null : (compoundTypeLabels[s] ?? s);
  if (value === null || !(compoundTypes as readonly string[]).includes(value)) {
    report.add(
      row,
      "type",
      "error.import.invalid_compound_type",
      `type must be one of ${compoundTypes.join(", ")}`,
    );
    return null;
  }
  return value as (typeof compoundTypes)[number];
}

export function readHouseholds(report: Report, row: number, v: unknown): number | null {
  const s = text(v);
  if (s === null) return 0;
  if (!/^\d{1,6}$/.test(s) || Number(s) > 100_000) {
    report.add(
      row,
      "households",
      "error.import.invalid_households",
      "households must be a whole number 0–100000",
    );
    return null;
  }
  return Number(s);
}

export function readBoolean(report: Report, row: number, column: string, v: unknown, fallback: boolean) {
  if (typeof v === "boolean") return v;
  const s = text(v);
  if (s === null) return fallback;
  const lower = s.toLowerCase();
  if (["true", "1", "yes", "y", "是"].includes(lower)) return true;
  if (["false", "0", "no", "n", "否"].includes(lower)) return false;
  report.add(row, column, "error.import.invalid_boolean", `${column} must be yes or no`);
  return null;
}

export function readAddress(report: Report, row: number, v: unknown): string | null {
  const s = text(v) ?? "";
  if (s.length > 200) {
    report.add(row, "address", "error.import.too_long", "address is longer than 200 characters");
    return null;
  }
  return s;
}

/**
 * An area in m² as a decimal string ("89.37") → integer hundredths of m² (8937), exactly: the digits
 * are read as text, never through a float (民法典 Art. 278 needs exact area arithmetic).
 * Returns undefined when the cell is empty, null when it is invalid (and reports it).
 */
export function readAreaCentiM2(
  report: Report,
  row: number,
  column: string,
  v: unknown,
): number | null | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "boolean") {
    report.add(row, column, "error.import.invalid_area", `${column} must be an area in m² like 89.37`);
    return null;
  }
  // A number cell is read through its shortest decimal text (89.37 → "89.37"), never multiplied.
  const s = String(v).trim();
  if (s === "") return undefined;
  const m = /^(\d{1,8})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) {
    report.add(
      row,
      column,
      "error.import.invalid_area",
      `${column} must be an area in m² with at most two decimals, like 89.37`,
    );
    return null;
  }
  const centi = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  if (centi <= 0 || centi > MAX_AREA_CENTI_M2) {
    report.add(
      row,
      column,
      "error.import.invalid_area",
      `${column} must be positive and at most 1,000,000 m²`,
    );
    return null;
  }
  return centi;
}
