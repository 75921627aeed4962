/**
 * `pnpm db:restore <file> [--force]`: restore a `db:backup` file into DATABASE_URL (PostgreSQL, as the
 * owner role; DATABASE_APP_ROLE is granted afresh) or into the embedded PGlite (server stopped).
 * Refuses a database that has tables unless --force, which drops everything in it first. Verifies the
 * audit chain of the restored database.
 */
import path from "node:path";
import { verifyAuditChain } from "../audit-chain.ts";
import { RestoreRefusedError, restoreDatabase } from "../backup.ts";
import { createDatabase } from "../client.ts";
import { grantAppRole } from "../roles.ts";

const args = process.argv.slice(2);
const force = args.includes("--force");
const files = args.filter((a) => a !== "--force");
if (files.length !== 1 || files[0]!.startsWith("--")) {
  console.error("usage: pnpm db:restore <backup file> [--force]");
  process.exit(2);
}
// pnpm runs this in packages/db; a relative path means relative to where the command was typed.
const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), files[0]!);

const database = await createDatabase();
try {
  await restoreDatabase(
    database.driver === "postgres"
      ? { driver: "postgres", url: process.env.DATABASE_URL! }
      : { driver: "pglite", pglite: database.pglite! },
    file,
    { force },
  );
  console.log(`restored ${file} into ${database.driver === "postgres" ? "DATABASE_URL" : database.dataDir}`);
  const appRole = process.env.DATABASE_APP_ROLE;
  if (database.driver === "postgres" && appRole) {
    await grantAppRole(database.db, appRole);
    console.log(`granted ${appRole} (as pnpm db:migrate does)`);
  } else if (database.driver === "postgres") {
    console.warn("DATABASE_APP_ROLE is not set: no grants made (the backup carries none).");
  }
  const chain = await verifyAuditChain(database.db);
  if (chain.ok)
    console.log(
      `audit chain OK: ${chain.rows} rows; head ${chain.head ? `${chain.head.id}:${chain.head.hash}` : "empty"}`,
    );
  else {
    console.error(`audit chain BROKEN at row ${chain.brokenAt}: ${chain.reason}`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(
    error instanceof RestoreRefusedError
      ? `refused: ${error.message}`
      : error instanceof Error
        ? error.message
        : error,
  );
  process.exitCode = 1;
} finally {
  await database.close();
}
