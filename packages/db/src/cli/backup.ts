/**
 * `pnpm db:backup [file]`: back up DATABASE_URL (PostgreSQL, pg_dump custom format; use the owner
 * role's URL) or the embedded PGlite (pg_dump for PGlite, SQL; stop the server first: PGlite is one
 * process). Default file: ./.data/backups/gongzhi-<driver>-<UTC time>.{dump,sql}. Prints the audit
 * chain head at the time of the backup: keep it with the backup as an anchor for `audit:verify --expect`.
 */
import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { verifyAuditChain } from "../audit-chain.ts";
import { backupDatabase } from "../backup.ts";
import { createDatabase, repoRoot } from "../client.ts";

const database = await createDatabase();
try {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const ext = database.driver === "postgres" ? "dump" : "sql";
  // pnpm runs this in packages/db; a relative path means relative to where the command was typed.
  const file = path.resolve(
    process.env.INIT_CWD ?? process.cwd(),
    process.argv[2] ?? path.join(repoRoot, ".data", "backups", `gongzhi-${database.driver}-${stamp}.${ext}`),
  );
  mkdirSync(path.dirname(file), { recursive: true });
  const chain = await verifyAuditChain(database.db);
  await backupDatabase(
    database.driver === "postgres"
      ? { driver: "postgres", url: process.env.DATABASE_URL! }
      : { driver: "pglite", pglite: database.pglite! },
    file,
  );
  console.log(`backup written: ${file} (${statSync(file).size} bytes)`);
  if (chain.ok)
    console.log(
      `audit chain at backup: ${chain.rows} rows, ${chain.head ? `--expect ${chain.head.id}:${chain.head.hash}` : "empty"}`,
    );
  else
    console.warn(
      `warning: the audit chain did not verify at backup time: row ${chain.brokenAt}: ${chain.reason}`,
    );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
