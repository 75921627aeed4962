/**
 * The server's jobs (ADR 0015), registered on the runtime's scheduler. Each runs as the system
 * (actorId null in its audit entries) with the API's database handle and clock.
 */
import type { Clock } from "@gongzhi/core";
import { type Database, registryRepository } from "@gongzhi/db";
import { escalateOverdueLedgerItems } from "./routers/ledger-escalation.ts";
import { createScheduler, type Scheduler } from "./scheduler/index.ts";
import { escalateLateWhistles } from "./whistle-jobs.ts";
import { escalateOverdueWorkOrders, flagLateCallbacks, remindWorkOrders } from "./work-order-jobs.ts";

export const jobNames = {
  /** 三级督办 of every district's overdue ledger items (the same function as `ledger.escalateOverdue`). */
  escalateOverdueLedger: "ledger.escalate-overdue",
  /** 催办 at 50 % / 80 % of an order's limit, to the unit holding it (src/work-order-jobs.ts). */
  remindWorkOrders: "work-orders.remind",
  /** 督办: an overdue order gets its one ledger item, escalated by the nightly 三级督办. */
  escalateOverdueWorkOrders: "work-orders.escalate-overdue",
  /** 回访 past its window (the day after 办结): a queue entry for the dispatchers. */
  flagLateCallbacks: "work-orders.callbacks-due",
  /** 升级: summonses refused or late to acknowledge / report go to the district, once (src/whistle-jobs.ts). */
  escalateLateWhistles: "whistles.escalate-late",
} as const;

/** Every 5 minutes: a missed 响应 / 报到 deadline reaches the district within five minutes. */
export const escalateLateWhistlesCron = "*/5 * * * *";

/** Every 15 minutes: a threshold is noticed within a quarter of an hour of being crossed. */
export const remindWorkOrdersCron = "*/15 * * * *";
/** Every 15 minutes, offset: overdue orders reach the ledger well before the 01:00 三级督办. */
export const escalateOverdueWorkOrdersCron = "7,22,37,52 * * * *";
/** Hourly: a late callback shows up within the hour. */
export const flagLateCallbacksCron = "11 * * * *";

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

  scheduler.define(
    jobNames.remindWorkOrders,
    async (_payload, { db, now, log }) => {
      const s = await remindWorkOrders({ db, ...system }, now(), log);
      if (s.reminded + s.skipped > 0)
        log(`[scheduler] 催办: ${s.reminded} reminded, ${s.skipped} skipped of ${s.candidates} candidates`);
    },
    { retries: 2, retryDelaySeconds: 60 },
  );
  scheduler.recurring(jobNames.remindWorkOrders, remindWorkOrdersCron, { tz: "Asia/Shanghai" });

  scheduler.define(
    jobNames.escalateOverdueWorkOrders,
    async (_payload, { db, now, log }) => {
      const s = await escalateOverdueWorkOrders({ db, ...system }, now());
      if (s.opened > 0) log(`[scheduler] 督办: ${s.opened} overdue orders entered in the ledger`);
    },
    { retries: 2, retryDelaySeconds: 60 },
  );
  scheduler.recurring(jobNames.escalateOverdueWorkOrders, escalateOverdueWorkOrdersCron, {
    tz: "Asia/Shanghai",
  });

  scheduler.define(
    jobNames.flagLateCallbacks,
    async (_payload, { db, now, log }) => {
      const s = await flagLateCallbacks({ db, ...system }, now());
      if (s.flagged > 0) log(`[scheduler] 回访: ${s.flagged} late callbacks flagged`);
    },
    { retries: 2, retryDelaySeconds: 300 },
  );
  scheduler.recurring(jobNames.flagLateCallbacks, flagLateCallbacksCron, { tz: "Asia/Shanghai" });

  scheduler.define(
    jobNames.escalateLateWhistles,
    async (_payload, { db, now, log }) => {
      const s = await escalateLateWhistles({ db, ...system }, now());
      if (s.summons > 0)
        log(`[scheduler] 吹哨升级: ${s.summons} summonses escalated, ${s.whistles} whistles to the district`);
    },
    { retries: 2, retryDelaySeconds: 60 },
  );
  scheduler.recurring(jobNames.escalateLateWhistles, escalateLateWhistlesCron, { tz: "Asia/Shanghai" });
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
