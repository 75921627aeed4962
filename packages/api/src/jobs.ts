/**
 * The server's jobs (ADR 0015), registered on the runtime's scheduler. Each runs as the system
 * (actorId null in its audit entries) with the API's database handle and clock.
 */
import type { Clock } from "@gongzhi/core";
import { type Database, registryRepository } from "@gongzhi/db";
import { escalateOverdueLedgerItems } from "./routers/ledger-escalation.ts";
import { createScheduler, type Scheduler } from "./scheduler/index.ts";

export const jobNames = {
  /** 三级督办 of every district's overdue ledger items (the same function as `ledger.escalateOverdue`). */
  escalateOverdueLedger: "ledger.escalate-overdue",
} as const;

/** 01:00 Beijing time, every day: the day after a deadline is the first day it is missed. */
export const escalateOverdueLedgerCron = "0 1 * * *";

/** The system actor: no user, no address (audit entries with actorId null). */
const system = { actor: null, ip: null } as const;

export function registerJobs(scheduler: Scheduler): void {
  scheduler.define(
    jobNames.escalateOverdueLedger,
    async (_payload, { db, now, log }) => {
      for (const district of await registryRepository(db).listDistricts()) {
        const summary = await escalateOverdueLedgerItems(
          { db, ...system },
          { level: "district", id: district.id },
          now(),
        );
        if (summary.markedOverdue + summary.escalated + summary.atDistrict > 0)
          log(
            `[scheduler] 三级督办 ${district.name}: ${summary.markedOverdue} overdue, ${summary.escalated} escalated, ${summary.atDistrict} at district level`,
          );
      }
    },
    { retries: 3, retryDelaySeconds: 300 },
  );
  scheduler.recurring(jobNames.escalateOverdueLedger, escalateOverdueLedgerCron, { tz: "Asia/Shanghai" });
}

/**
 * The runtime's scheduler: pg-boss on PostgreSQL (its own pool from `databaseUrl`), the table runner on
 * PGlite; the server's jobs registered, started.
 */
export async function startServerScheduler(
  database: Pick<Database, "db" | "driver">,
  options: {
    clock: Clock;
    log: (line: string) => void;
    databaseUrl: string | undefined;
    pollIntervalMs?: number;
  },
): Promise<Scheduler> {
  if (database.driver === "postgres" && !options.databaseUrl)
    throw new Error(
      "the scheduler needs the PostgreSQL URL for pg-boss: pass `databaseUrl` with `database`, or `scheduler: false`",
    );
  const scheduler = createScheduler(database, options);
  registerJobs(scheduler);
  await scheduler.start();
  return scheduler;
}
