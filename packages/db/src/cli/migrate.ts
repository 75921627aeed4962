/** `pnpm db:migrate`: apply the committed migrations to DATABASE_URL (PostgreSQL) or the embedded PGlite. */
import { createDatabase, migrate } from "../client.ts";

const started = performance.now();
const database = await createDatabase();
try {
  const where =
    database.driver === "postgres" ? "PostgreSQL (DATABASE_URL)" : `PGlite at ${database.dataDir}`;
  console.log(`migrating ${where} …`);
  await migrate(database);
  console.log(`migrations applied in ${Math.round(performance.now() - started)} ms`);
} finally {
  await database.close();
}
