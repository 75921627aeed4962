import { beijingDate, type IsoDate } from "@gongzhi/core";
import { getTableColumns, getTableName, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Tx } from "../client.ts";
import { GIVEN_FEMALE, GIVEN_MALE, SURNAMES } from "./data.ts";
import type { Rng, UuidSource } from "./prng.ts";

/** What every seed stage gets: the transaction, the PRNG, the id source and "today". */
export interface SeedContext {
  tx: Tx;
  rng: Rng;
  ids: UuidSource;
  today: IsoDate;
  /** Row counts per table, filled as stages insert. */
  counts: Record<string, number>;
}

export const CHUNK = 5000;

/**
 * Bulk insert in chunks. Each chunk is ONE statement with ONE parameter — the rows as JSON, expanded
 * by json_to_recordset — which is several times faster than thousands of bind parameters on PGlite
 * and stays far below PostgreSQL's 65,535-parameter limit on both drivers.
 * Columns absent from every row of a chunk keep their database defaults.
 */
export async function insertChunks<T extends PgTable>(
  ctx: SeedContext,
  key: string,
  table: T,
  rows: readonly T["$inferInsert"][],
  chunk = CHUNK,
): Promise<void> {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  for (let i = 0; i < rows.length; i += chunk) {
    const slice = rows.slice(i, i + chunk) as Record<string, unknown>[];
    const keys = [...new Set(slice.flatMap((r) => Object.keys(r)))].filter((k) =>
      slice.some((r) => r[k] !== undefined),
    );
    const cols = keys.map((k) => {
      const col = columns[k];
      if (!col) throw new Error(`seed: ${getTableName(table)} has no column ${k}`);
      return col;
    });
    const json = JSON.stringify(
      slice.map((r) => Object.fromEntries(cols.map((c, j) => [c.name, r[keys[j] as string] ?? null]))),
    );
    const names = sql.join(
      cols.map((c) => sql.identifier(c.name)),
      sql`, `,
    );
    const defs = sql.raw(cols.map((c) => `"${c.name}" ${c.getSQLType()}`).join(", "));
    await ctx.tx.execute(
      sql`insert into ${table} (${names}) select ${names} from json_to_recordset(${json}::json) as r(${defs})`,
    );
  }
  ctx.counts[key] = (ctx.counts[key] ?? 0) + rows.length;
}

/** A synthetic Chinese personal name. */
export function personName(
  rng: Rng,
  gender: "male" | "female" = rng.chance(0.5) ? "male" : "female",
): string {
  return rng.pick(SURNAMES) + rng.pick(gender === "male" ? GIVEN_MALE : GIVEN_FEMALE);
}

/** A Beijing-time instant on a calendar day. */
export function at(date: IsoDate, hour = 10, minute = 0): Date {
  const hh = String(hour).padStart(2, "0");
  const mm = String(minute).padStart(2, "0");
  return new Date(`${date}T${hh}:${mm}:00+08:00`);
}

export const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Today in Beijing, YYYY-MM-DD (core's one helper). */
export function beijingToday(now: Date = new Date()): IsoDate {
  return beijingDate(now);
}

/** "YYYY-MM" of a date. */
export const monthOf = (date: IsoDate) => date.slice(0, 7);
