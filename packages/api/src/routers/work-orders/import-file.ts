/**
 * Reading a 12345 export (.xlsx or .csv) on the server (ADR 0018): the file's bytes → a header row and
 * data rows of plain cells. CSV is decoded as UTF-8 (with or without BOM) or, when it is not valid
 * UTF-8, as GB18030 (a superset of GBK/GB2312 — what the 12345 platform exports); .xlsx is read with
 * exceljs after a check of the zip's declared sizes, so a small hostile file cannot make us inflate
 * gigabytes. Every failure is a 400 with an error code; nothing here touches the database.
 */
import { parse as parseCsv } from "csv-parse/sync";
import * as ExcelJSModule from "exceljs";
import { ApiError } from "../../errors.ts";

const ExcelJS = ((ExcelJSModule as unknown as { default?: typeof ExcelJSModule }).default ??
  ExcelJSModule) as typeof ExcelJSModule;

/** A cell as read: text, a number, a date (an Excel date cell), a boolean, or empty. */
export type Cell = string | number | boolean | Date | null;

export interface ReadSheet {
  format: "xlsx" | "csv";
  /** The text encoding of a CSV ("utf-8" or "gb18030"); null for .xlsx. */
  encoding: "utf-8" | "gb18030" | null;
  header: string[];
  /** Data rows (after the header), each as long as it is in the file; blank rows are dropped. */
  rows: { line: number; cells: Cell[] }[];
}

/** The largest file accepted: 5 MB (a 2,000-row export is well under 1 MB). */
export const MAX_IMPORT_FILE_BYTES = 5 * 1024 * 1024;
/** The most an .xlsx may declare it unpacks to (all entries together). */
export const MAX_XLSX_UNPACKED_BYTES = 64 * 1024 * 1024;
/** The most data rows one import takes. */
export const MAX_HOTLINE_IMPORT_ROWS = 2000;
const MAX_COLUMNS = 60;
const MAX_CELL_CHARS = 5000;

const bad = (key: string, message: string, params: Record<string, string | number> = {}) =>
  new ApiError("BAD_REQUEST", `error.hotline_import.${key}`, message, params);

/** Text of a CSV file: UTF-8 (BOM stripped) when it decodes as such, else GB18030. */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: "utf-8" | "gb18030" } {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  if (bytes[0] === 0xff || bytes[0] === 0xfe) throw bad("unsupported_encoding", "UTF-16 files are not read");
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(body), encoding: "utf-8" };
  } catch {
    // Not UTF-8: the platform's exports are GBK; GB18030 decodes every GBK file the same way.
    return { text: new TextDecoder("gb18030").decode(body), encoding: "gb18030" };
  }
}

/**
 * The sum of the uncompressed sizes an .xlsx (a zip) declares in its central directory, or null when
 * the file is not a readable zip. exceljs inflates whole entries in memory: refuse large ones before.
 */
export function zipDeclaredSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null;
    const size = view.getUint32(offset + 24, true);
    // 0xffffffff means ZIP64: sizes this large are refused anyway.
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
    total += size;
    offset +=
      46 +
      view.getUint16(offset + 28, true) +
      view.getUint16(offset + 30, true) +
      view.getUint16(offset + 32, true);
  }
  return total;
}

function clip(s: string): string {
  return s.length > MAX_CELL_CHARS ? s.slice(0, MAX_CELL_CHARS + 1) : s;
}

/** An exceljs cell value → a plain cell (rich text joined, a formula's cached result, a link's text). */
function plainCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return clip(v);
  if (typeof v === "number" || typeof v === "boolean") return v;
  if (v instanceof Date) return v;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText))
      return clip((o.richText as { text?: unknown }[]).map((r) => String(r.text ?? "")).join(""));
    if ("result" in o) return plainCell(o.result);
    if (typeof o.text === "string") return clip(o.text);
    if ("error" in o) return null;
  }
  return clip(String(v));
}

async function readXlsx(bytes: Uint8Array): Promise<Cell[][]> {
  const declared = zipDeclaredSize(bytes);
  if (declared === null) throw bad("unreadable_file", "the file is not a readable .xlsx workbook");
  if (declared > MAX_XLSX_UNPACKED_BYTES)
    throw bad("file_too_large", `the workbook unpacks to more than ${MAX_XLSX_UNPACKED_BYTES} bytes`, {
      limitBytes: MAX_XLSX_UNPACKED_BYTES,
    });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
  } catch {
    throw bad("unreadable_file", "the file is not a readable .xlsx workbook");
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw bad("no_rows", "the workbook has no sheet");
  const out: Cell[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    if (rowNumber > MAX_HOTLINE_IMPORT_ROWS + 2) return;
    const cells: Cell[] = [];
    const values = row.values as unknown[];
    for (let c = 1; c < Math.min(values.length, MAX_COLUMNS + 2); c++) cells.push(plainCell(values[c]));
    out[rowNumber - 1] = cells;
  });
  return Array.from(out, (r) => r ?? []);
}

function readCsvText(text: string): Cell[][] {
  try {
    return parseCsv(text, {
      relax_column_count: true,
      skip_empty_lines: false,
      bom: true,
      max_record_size: MAX_CELL_CHARS * MAX_COLUMNS,
      to_line: MAX_HOTLINE_IMPORT_ROWS + 2,
    }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw bad("unreadable_csv", `the CSV cannot be read${line ? ` (near line ${line})` : ""}`, {
      line: line ?? 0,
    });
  }
}

const blank = (c: Cell) => c === null || (typeof c === "string" && c.trim() === "");

/**
 * Read an export: .xlsx by its zip signature, anything else as CSV. The first non-blank row is the
 * header; more than MAX_HOTLINE_IMPORT_ROWS data rows is refused as a whole.
 */
export async function readImportFile(bytes: Uint8Array, fileName: string): Promise<ReadSheet> {
  if (bytes.length === 0) throw bad("empty_file", "the file is empty");
  if (bytes.length > MAX_IMPORT_FILE_BYTES)
    throw bad("file_too_large", `the file is larger than ${MAX_IMPORT_FILE_BYTES} bytes`, {
      limitBytes: MAX_IMPORT_FILE_BYTES,
    });
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const lower = fileName.toLowerCase();
  if (!isZip && (lower.endsWith(".xlsx") || lower.endsWith(".xls")))
    throw bad("unreadable_file", "the file is not a readable .xlsx workbook (save .xls as .xlsx)");
  let grid: Cell[][];
  let encoding: ReadSheet["encoding"] = null;
  if (isZip) grid = await readXlsx(bytes);
  else {
    const decoded = decodeCsv(bytes);
    encoding = decoded.encoding;
    if (decoded.text.includes("\u0000")) throw bad("unreadable_file", "the file is not a text CSV");
    grid = readCsvText(decoded.text);
  }
  const headerIndex = grid.findIndex((r) => r.some((c) => !blank(c)));
  if (headerIndex < 0) throw bad("no_rows", "the file has no header row");
  const header = grid[headerIndex]!.map((c) => (c === null ? "" : String(c).trim()));
  const rows = grid
    .slice(headerIndex + 1)
    .map((cells, i) => ({ line: headerIndex + 2 + i, cells }))
    .filter((r) => r.cells.some((c) => !blank(c)));
  if (rows.length === 0) throw bad("no_rows", "the file has a header but no data rows");
  if (rows.length > MAX_HOTLINE_IMPORT_ROWS)
    throw bad("too_many_rows", `at most ${MAX_HOTLINE_IMPORT_ROWS} rows per import`, {
      max: MAX_HOTLINE_IMPORT_ROWS,
    });
  return { format: isZip ? "xlsx" : "csv", encoding, header, rows };
}
