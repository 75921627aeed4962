/**
 * `pnpm db:migrate`: apply the committed migrations to DATABASE_URL (PostgreSQL) or the embedded PGlite.
 * On PostgreSQL, DATABASE_URL is the owner (migrator) role; with DATABASE_APP_ROLE set, the application
 * role is then granted what the server needs and nothing more (src/roles.ts, docs/deployment.md).
 */
import { createDatabase, migrate } from "../client.ts";
import { grantAppRole } from "../roles.ts";

const started = performance.now();
const database = await createDatabase();
try {
  const where =
    database.driver === "postgres" ? "PostgreSQL (DATABASE_URL)" : `PGlite at ${database.dataDir}`;
  console.log(`migrating ${where} …`);
  await migrate(database);
  console.log(`migrations applied in ${Math.round(performance.now() - started)} ms`);
  const appRole = process.env.DATABASE_APP_ROLE;
  if (database.driver === "postgres") {
    if (appRole) {
      await grantAppRole(database.db, appRole);
      console.log(
        `granted ${appRole}: DML on the tables, INSERT/SELECT on audit_log, SELECT on audit_chain_head, sequences; default privileges for later tables; CREATE on the database for the job queue's own schema (pgboss)`,
      );
    } else {
      console.warn(
        "DATABASE_APP_ROLE is not set: no grants made. The server must not connect as this (owner) role, or the audit log is append-only only by convention (docs/deployment.md).",
      );
    }
  } else if (appRole) {
    console.warn("DATABASE_APP_ROLE is ignored on PGlite: it has one user and no role separation.");
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
