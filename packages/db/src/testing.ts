import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { createDatabase, type Db, migrate } from "./client.ts";

export type TestDriver = "pglite" | "postgres";

/** Which database this test project runs against (set per vitest project in vitest.config.ts). */
export const testDriver: TestDriver = process.env.GONGZHI_TEST_DRIVER === "postgres" ? "postgres" : "pglite";

export interface TestDatabase {
  db: Db;
  driver: TestDriver;
  /** The URL of the created PostgreSQL database (postgres driver only). */
  url?: string;
  /** The embedded instance (pglite driver only). */
  pglite?: PGlite;
  close(): Promise<void>;
}

let counter = 0;

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or — in the PostgreSQL project —
 * a new database created on the server named by DATABASE_URL and dropped again on close.
 * `migrated: false` leaves it empty (restore and migration tests).
 */
export async function openTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  if (testDriver === "pglite") {
    const database = await createDatabase({ driver: "pglite", dataDir: "memory" });
    if (migrated) await migrate(database);
    return { db: database.db, driver: "pglite", pglite: database.pglite, close: () => database.close() };
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error("the PostgreSQL test project needs DATABASE_URL");
  const name = `gongzhi_test_${process.pid}_${process.env.VITEST_POOL_ID ?? "0"}_${Date.now().toString(36)}_${counter++}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await createDatabase({ driver: "postgres", databaseUrl: url.toString(), max: 20 });
  if (migrated) await migrate(database);
  return {
    db: database.db,
    driver: "postgres",
    url: url.toString(),
    async close() {
      await database.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/**
 * Row counts of every table of the schema (except throttling, rate-limit and session bookkeeping),
 * as one comparable string: tests use it to prove that a refused operation changed nothing.
 */
export async function rowCounts(db: Db): Promise<string> {
  const result = (await db.execute(sql`
    select string_agg(relname || '=' || n, ',' order by relname) as counts from (
      select c.relname,
             (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from %I', c.relname), false, true, '')))[1]::text as n
        from pg_class c join pg_namespace ns on ns.oid = c.relnamespace
       where ns.nspname = 'public' and c.relkind = 'r'
         and c.relname not in ('rate_limits', 'sessions')
    ) x`)) as unknown as { rows: { counts: string }[] } | { counts: string }[];
  return (Array.isArray(result) ? result : result.rows)[0]!.counts;
}

/**
 * Row count and an md5 of the whole content of every table in every schema (the drizzle migrations
 * table included), keyed by schema.table: two databases with equal checksums hold the same rows. Rows
 * are compared by their text form in a fixed order, so physical order does not matter.
 */
export async function tableChecksums(db: Db): Promise<Record<string, { rows: number; md5: string }>> {
  const list = async <R>(query: ReturnType<typeof sql>) => {
    const result = (await db.execute(query)) as unknown as { rows: R[] } | R[];
    return Array.isArray(result) ? result : result.rows;
  };
  const tables = await list<{ schema: string; name: string }>(sql`
    select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
       and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
     order by 1, 2`);
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const t of tables) {
    const table = sql`${sql.identifier(t.schema)}.${sql.identifier(t.name)}`;
    const [r] = await list<{ rows: string; md5: string }>(
      sql`select count(*)::text as rows, md5(coalesce(string_agg(x.t, E'\\n' order by x.t), '')) as md5
            from (select r::text as t from ${table} r) x`,
    );
    out[`${t.schema}.${t.name}`] = { rows: Number(r!.rows), md5: r!.md5 };
  }
  return out;
}
