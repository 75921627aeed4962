/**
 * `pnpm db:seed`: open the database (DATABASE_URL → PostgreSQL, else PGlite under ./.data/pglite or
 * PGLITE_DATA_DIR), apply migrations, seed the demo district (skipped if already seeded), print the logins.
 * Optional: SEED_TODAY=YYYY-MM-DD to pin the dates.
 */
import { createDatabase, migrate } from "../client.ts";
import { DEMO_OPEN311_KEY, demoLogins, seedDemo } from "../seed/index.ts";

const started = performance.now();
const ms = () => `${Math.round(performance.now() - started)} ms`;
const database = await createDatabase();
let failed = false;
try {
  const where =
    database.driver === "postgres" ? "PostgreSQL (DATABASE_URL)" : `PGlite at ${database.dataDir}`;
  console.log(`database: ${where} (opened at ${ms()})`);
  await migrate(database);
  console.log(`migrations applied (${ms()})`);
  const report = await seedDemo(database.db, {
    log: (line) => console.log(line),
    today: process.env.SEED_TODAY || undefined,
  });
  console.log(
    report.skipped
      ? `already seeded — nothing written (total ${ms()})`
      : `demo district seeded (total ${ms()})`,
  );
  console.log("\nDemo logins (password for all):", demoLogins[0]?.password);
  for (const l of demoLogins) {
    console.log(`  ${l.phone}  ${l.label["zh-CN"]} / ${l.label.en.padEnd(22)} ${l.scope["zh-CN"]}`);
  }
  console.log(`Demo Open311 api_key (POST /open311/v2/requests.json): ${DEMO_OPEN311_KEY}`);
} catch (error) {
  failed = true;
  console.error("seed failed:", error);
} finally {
  await database.close();
}
if (failed) process.exitCode = 1;
