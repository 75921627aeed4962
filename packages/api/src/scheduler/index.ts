import type { Database } from "@gongzhi/db";
import { createPgBossScheduler } from "./pg-boss-scheduler.ts";
import { createTableScheduler } from "./table-scheduler.ts";
import type { Scheduler, SchedulerOptions } from "./types.ts";

export { createPgBossScheduler, type PgBossSchedulerOptions } from "./pg-boss-scheduler.ts";
export { createTableScheduler } from "./table-scheduler.ts";
export * from "./types.ts";

/**
 * The scheduler for a database: pg-boss on PostgreSQL (it needs the URL for its own pool), the
 * in-process table runner on PGlite.
 */
export function createScheduler(
  database: Pick<Database, "db" | "driver">,
  options: Omit<SchedulerOptions, "db"> & { databaseUrl?: string },
): Scheduler {
  if (database.driver === "pglite") return createTableScheduler({ ...options, db: database.db });
  if (!options.databaseUrl)
    throw new Error("scheduler: on PostgreSQL pg-boss needs the database URL (DATABASE_URL)");
  return createPgBossScheduler({ ...options, db: database.db, databaseUrl: options.databaseUrl });
}
