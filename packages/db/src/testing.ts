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
  close(): Promise<void>;
}

let counter = 0;

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or — in the PostgreSQL project —
 * a new database created on the server named by DATABASE_URL and dropped again on close.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  if (testDriver === "pglite") {
    const database = await createDatabase({ driver: "pglite", dataDir: "memory" });
    await migrate(database);
    return { db: database.db, driver: "pglite", close: () => database.close() };
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error("the PostgreSQL test project needs DATABASE_URL");
  const name = `gongzhi_test_${process.pid}_${process.env.VITEST_POOL_ID ?? "0"}_${Date.now().toString(36)}_${counter++}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await createDatabase({ driver: "postgres", databaseUrl: url.toString(), max: 20 });
  await migrate(database);
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
