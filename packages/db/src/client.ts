import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;
/**
 * The database type every repository is written against: drizzle's common PostgreSQL base,
 * so the same code runs on PGlite and on postgres.js.
 */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that can run a query: the database or a transaction. */
export type Executor = Db | Tx;

export type DatabaseOptions =
  | { driver?: undefined; databaseUrl?: string; dataDir?: string }
  | { driver: "pglite"; dataDir?: string | "memory" }
  | { driver: "postgres"; databaseUrl: string; max?: number };

export interface Database {
  db: Db;
  driver: "pglite" | "postgres";
  /** Where the embedded database lives ("memory" for an in-memory one); undefined on PostgreSQL. */
  dataDir?: string;
  /** The embedded instance (PGlite only): backups dump it with pglite-tools. */
  pglite?: PGlite;
  close(): Promise<void>;
}

/** The repository root (two levels above packages/db/src). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../drizzle");
export const defaultDataDir = path.join(repoRoot, ".data", "pglite");

/**
 * Open the database: PostgreSQL through postgres.js when a URL is given (or DATABASE_URL is set),
 * otherwise embedded PGlite, file-backed under ./.data/pglite (or PGLITE_DATA_DIR), or in memory.
 */
export async function createDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const env = process.env;
  const url =
    options.driver === "pglite"
      ? undefined
      : ((options as { databaseUrl?: string }).databaseUrl ??
        (options.driver ? undefined : env.DATABASE_URL));
  if (url) {
    const max = options.driver === "postgres" ? (options.max ?? 10) : 10;
    const client = postgres(url, { max, onnotice: () => {} });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    return { db, driver: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const dir = (options as { dataDir?: string }).dataDir ?? env.PGLITE_DATA_DIR ?? defaultDataDir;
  let client: PGlite;
  if (dir === "memory") {
    client = new PGlite();
  } else {
    mkdirSync(dir, { recursive: true });
    client = new PGlite(dir);
  }
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return { db, driver: "pglite", dataDir: dir, pglite: client, close: () => client.close() };
}

/** Apply the committed SQL migrations (drizzle-kit generate) that have not run yet. */
export async function migrate(
  database: Pick<Database, "db" | "driver">,
  folder = migrationsFolder,
): Promise<void> {
  if (database.driver === "pglite") {
    // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver-specific type
    await migratePglite(database.db as any, { migrationsFolder: folder });
  } else {
    // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver-specific type
    await migratePostgres(database.db as any, { migrationsFolder: folder });
  }
}
