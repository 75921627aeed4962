/**
 * Backups (ADR 12). PostgreSQL: pg_dump custom format (`PGDMP…`), restored with pg_restore.
 * PGlite: pg_dump compiled to WASM (@electric-sql/pglite-tools), a plain SQL file of INSERTs restored
 * with `exec`. Either way the dump is logical and whole: every schema (the drizzle migrations table
 * too), the audit rows with their hashes, the chain head, the sequences; triggers are created after
 * the data, so restoring does not re-chain (or refuse) the audit rows.
 *
 * A restore refuses a database that has any table unless `force` is set; with `force` the schemas
 * `public` and `drizzle` are dropped first, so the result is exactly the backup.
 */
import { spawn } from "node:child_process";
import { open, readFile, writeFile } from "node:fs/promises";
import type { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { jobQueueSchema } from "./roles.ts";

export type BackupTarget = { driver: "postgres"; url: string } | { driver: "pglite"; pglite: PGlite };

export class RestoreRefusedError extends Error {}

const tablesQuery = `select n.nspname || '.' || c.relname as name
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
   and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
 order by 1`;

const wipeSql =
  "drop schema if exists drizzle cascade; drop schema if exists public cascade; create schema public;";

/** libpq environment for pg_dump/pg_restore, so the password never appears in a process list. */
function libpqEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  env.PGHOST = decodeURIComponent(u.hostname) || "localhost";
  env.PGPORT = u.port || "5432";
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  env.PGDATABASE = decodeURIComponent(u.pathname.replace(/^\//, ""));
  const sslmode = u.searchParams.get("sslmode");
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "inherit", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", (e) => reject(new Error(`${command} could not start: ${e.message}`)));
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}: ${stderr.trim()}`)),
    );
  });
}

/** The tables (schema.name) of a database, to decide whether it is empty. */
export async function listTables(target: BackupTarget): Promise<string[]> {
  if (target.driver === "pglite") {
    return (await target.pglite.query<{ name: string }>(tablesQuery)).rows.map((r) => r.name);
  }
  const client = postgres(target.url, { max: 1, onnotice: () => {} });
  try {
    return (await client.unsafe<{ name: string }[]>(tablesQuery)).map((r) => r.name);
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** Write a backup of the target to `file`. */
export async function backupDatabase(target: BackupTarget, file: string): Promise<void> {
  if (target.driver === "postgres") {
    await run(
      process.env.PG_DUMP ?? "pg_dump",
      // The job queue's schema belongs to the application role and is recreated by the server (ADR 15):
      // a restore as the owner could not hand it back, so it is not in the backup.
      ["--format=custom", "--no-password", `--exclude-schema=${jobQueueSchema}`, `--file=${file}`],
      libpqEnv(target.url),
    );
    return;
  }
  const { pgDump } = await import("@electric-sql/pglite-tools/pg_dump");
  const dump = await pgDump({ pg: target.pglite, args: [] });
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  // pg_dump leaves the session's search_path empty; give the instance its default back.
  await target.pglite.exec("reset search_path");
}

async function isCustomFormat(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(5);
    await handle.read(head, 0, 5, 0);
    return head.toString("latin1") === "PGDMP";
  } finally {
    await handle.close();
  }
}

/**
 * Restore `file` into the target. Refuses (RestoreRefusedError) a database that has tables unless
 * `force`, and a backup of the other driver's format.
 */
export async function restoreDatabase(
  target: BackupTarget,
  file: string,
  options: { force?: boolean } = {},
): Promise<void> {
  const custom = await isCustomFormat(file);
  if (target.driver === "postgres" && !custom)
    throw new RestoreRefusedError(
      `${file} is not a PostgreSQL custom-format backup (pnpm db:backup with DATABASE_URL set writes those); a PGlite backup is restored without DATABASE_URL`,
    );
  if (target.driver === "pglite" && custom)
    throw new RestoreRefusedError(
      `${file} is a PostgreSQL backup (pg_dump custom format): restore it with DATABASE_URL set to the target PostgreSQL database`,
    );
  const tables = await listTables(target);
  if (tables.length > 0 && !options.force)
    throw new RestoreRefusedError(
      `refusing to restore into a database that is not empty (${tables.length} tables, e.g. ${tables.slice(0, 3).join(", ")}): restore into an empty database, or pass --force to drop everything in it and replace it with the backup`,
    );

  if (target.driver === "postgres") {
    if (tables.length > 0) {
      const client = postgres(target.url, { max: 1, onnotice: () => {} });
      try {
        await client.unsafe(wipeSql);
      } finally {
        await client.end({ timeout: 5 });
      }
    }
    // Objects belong to the restoring (owner) role; grants are made afresh (DATABASE_APP_ROLE).
    await run(
      process.env.PG_RESTORE ?? "pg_restore",
      [
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        "--no-password",
        `--dbname=${libpqEnv(target.url).PGDATABASE}`,
        file,
      ],
      libpqEnv(target.url),
    );
    return;
  }
  const text = await readFile(file, "utf8");
  const pg = target.pglite;
  await pg.transaction(async (tx) => {
    if (tables.length > 0) await tx.exec(wipeSql);
    await tx.exec(text);
  });
  await pg.exec("reset search_path");
}
