import { MAX_PAGE_SIZE, type Page, type Sort } from "@gongzhi/core";
import { type Column, eq, gt, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { InvalidCursorError } from "../errors.ts";

/** Clamp a requested page size to [1, MAX_PAGE_SIZE]. */
export function pageSize(limit: number | undefined, fallback = 20): number {
  const n = limit ?? fallback;
  if (!Number.isFinite(n)) return fallback;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(n)));
}

/**
 * Turn `limit + 1` rows fetched in key order into a page: the extra row only signals that another
 * page exists; the cursor is the key of the last row returned.
 */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? keyOf(last) : null };
}

// ------------------------------------------------------------------ keyset pagination under a sort

/**
 * What a sortable column holds, as read by the driver: `text` and `enum` (a pgEnum column; sorts in
 * the enum's declared order) are strings, `integer` a safe integer, `date` an ISO "YYYY-MM-DD"
 * string, `timestamp` a `Date` (compared at millisecond precision, which is what a `Date` keeps).
 */
export type SortValueKind = "text" | "enum" | "integer" | "date" | "timestamp";
type SortValue = string | number | Date | null;

/** One sortable column of a list: the column, what it holds, and how to read it from a result row. */
export interface SortColumn<Row> {
  column: Column;
  kind: SortValueKind;
  /** The column may be NULL; nulls come last in both directions. */
  nullable?: boolean;
  value: (row: Row) => SortValue;
}

/** The whitelisted sortable columns of a list, by sort key. */
export type SortColumns<Row, K extends string = string> = Record<K, SortColumn<Row>>;

/** A unique column that orders rows with equal sort values (an id or a natural key). */
export interface TiebreakColumn<Row> {
  column: Column;
  kind: "uuid" | "text";
  value: (row: Row) => string;
}

/** Cursors are bounded; API inputs accept at most this many characters. */
export const MAX_SORTED_CURSOR_LENGTH = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function validDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The JSON form of a sort value in a cursor (a `Date` as its ISO string). */
function encodeValue(kind: SortValueKind, v: SortValue): string | number | null {
  if (v === null) return null;
  if (kind === "timestamp") return (v as Date).toISOString();
  return v as string | number;
}

/** Check a sort value read back from a cursor; return it in the driver's form, or throw. */
function decodeValue(spec: SortColumn<unknown>, v: unknown): SortValue {
  if (v === null) {
    if (spec.nullable) return null;
    throw new InvalidCursorError("this column has no empty values");
  }
  switch (spec.kind) {
    case "text":
      if (typeof v === "string" && !v.includes("\0")) return v;
      break;
    case "enum": {
      const values = (spec.column as Column & { enumValues?: readonly string[] }).enumValues ?? [];
      if (typeof v === "string" && values.includes(v)) return v;
      break;
    }
    case "integer":
      if (typeof v === "number" && Number.isSafeInteger(v)) return v;
      break;
    case "date":
      if (typeof v === "string" && validDate(v)) return v;
      break;
    case "timestamp":
      if (typeof v === "string" && ISO_TIMESTAMP.test(v) && !Number.isNaN(Date.parse(v))) return new Date(v);
      break;
  }
  throw new InvalidCursorError(`not a ${spec.kind} value`);
}

/** Encode a position in a sorted list: base64url of JSON `[key, direction, value, tiebreak]`. */
function encodeCursor(sort: Sort, value: string | number | null, tiebreak: string): string {
  return Buffer.from(JSON.stringify([sort.key, sort.direction, value, tiebreak]), "utf8").toString(
    "base64url",
  );
}

/** Decode and check a cursor against the requested sort; anything unexpected is an InvalidCursorError. */
function decodeCursor<Row>(
  cursor: string,
  sort: Sort,
  spec: SortColumn<Row>,
  tiebreak: TiebreakColumn<Row>,
): { value: SortValue; tiebreak: string } {
  if (cursor.length > MAX_SORTED_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor))
    throw new InvalidCursorError("not a cursor of this list");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError("not a cursor of this list");
  }
  if (!Array.isArray(parsed) || parsed.length !== 4)
    throw new InvalidCursorError("not a cursor of this list");
  const [key, direction, value, tie] = parsed as unknown[];
  if (key !== sort.key || direction !== sort.direction)
    throw new InvalidCursorError("the cursor belongs to another sort order; start from the first page");
  const tieOk =
    typeof tie === "string" &&
    (tiebreak.kind === "uuid" ? UUID.test(tie) : tie.length > 0 && !tie.includes("\0"));
  if (!tieOk) throw new InvalidCursorError("not a cursor of this list");
  return { value: decodeValue(spec as SortColumn<unknown>, value), tiebreak: tie };
}

/**
 * Keyset pagination of a list sorted by one whitelisted column in either direction, ties broken by a
 * unique column in the same direction; NULL sort values come last in both directions. The cursor is
 * opaque (base64url JSON of `[key, direction, value, tiebreak]`) and checked when read back: garbage,
 * a tampered value or a cursor of another sort order throws `InvalidCursorError` (a client error).
 *
 * ```ts
 * const ks = keysetSort({ columns: compoundSortColumns, sort, tiebreak, cursor: input.cursor });
 * const rows = await db.select().from(compounds).where(and(...where, ks.where))
 *   .orderBy(...ks.orderBy).limit(limit + 1);
 * return ks.toPage(rows, limit);
 * ```
 */
export function keysetSort<Row, K extends string>(input: {
  columns: SortColumns<Row, K>;
  sort: Sort<K>;
  tiebreak: TiebreakColumn<Row>;
  cursor?: string | null;
}): {
  where: SQL | undefined;
  orderBy: SQL[];
  /** A page of `rows` (fetched with `limit + 1`), its cursor read from the last row returned. */
  toPage: <R extends Row>(rows: R[], limit: number) => Page<R>;
} {
  const { sort, tiebreak } = input;
  const spec = input.columns[sort.key];
  if (!spec) throw new InvalidCursorError(`unknown sort key ${String(sort.key)}`);
  const desc = sort.direction === "desc";
  // Timestamps are compared at millisecond precision: a `Date` (and so a cursor) keeps no more.
  const expr: SQL | Column =
    spec.kind === "timestamp" ? sql`date_trunc('milliseconds', ${spec.column})` : spec.column;
  const param = (v: Exclude<SortValue, null>): unknown =>
    spec.kind === "timestamp" ? sql`${(v as Date).toISOString()}::timestamptz` : v;
  // (drizzle's operators take a column or an SQL expression; the overloads just do not accept the union)
  const beyond = (a: SQL | Column, b: unknown) => (desc ? lt(a as Column, b) : gt(a as Column, b));
  const dir = desc ? sql.raw("desc") : sql.raw("asc");
  const orderBy = [
    spec.nullable ? sql`${expr} ${dir} nulls last` : sql`${expr} ${dir}`,
    sql`${tiebreak.column} ${dir}`,
  ];

  let where: SQL | undefined;
  if (input.cursor) {
    const at = decodeCursor(input.cursor, sort, spec, tiebreak);
    if (at.value === null) {
      // Within the trailing nulls, only the tiebreak orders the rest.
      where = sql`(${isNull(spec.column)} and ${beyond(tiebreak.column, at.tiebreak)})`;
    } else {
      const v = param(at.value);
      where = or(
        beyond(expr, v),
        sql`(${eq(expr as Column, v)} and ${beyond(tiebreak.column, at.tiebreak)})`,
        spec.nullable ? isNull(spec.column) : undefined,
      );
    }
  }

  return {
    where,
    orderBy,
    toPage(rows, limit) {
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items,
        nextCursor:
          rows.length > limit && last
            ? encodeCursor(sort, encodeValue(spec.kind, spec.value(last)), tiebreak.value(last))
            : null,
      };
    },
  };
}
