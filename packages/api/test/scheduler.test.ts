/**
 * The scheduler (ADR 0015) on both drivers: pg-boss on PostgreSQL, the scheduled_jobs runner on PGlite.
 * On PGlite "due" follows the injected clock (moved by hand here); pg-boss judges due-ness by the
 * database's clock, so there the tests wait real (short) times. Polls are short in both.
 */
import { type Clock, manualClock } from "@gongzhi/core";
import { auditRepository, ledgerRepository } from "@gongzhi/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobNames, registerJobs } from "../src/jobs.ts";
import { createApiRuntime } from "../src/runtime.ts";
import {
  createPgBossScheduler,
  createTableScheduler,
  type JobHandler,
  type JobInfo,
  type Scheduler,
} from "../src/scheduler/index.ts";
import { openTestDatabase, type TestDatabase } from "./support.ts";
import { buildWorld } from "./world.ts";

const onPostgres = process.env.GONGZHI_TEST_DRIVER === "postgres";
let t: TestDatabase;
const running: Scheduler[] = [];

beforeAll(async () => {
  t = await openTestDatabase();
  await t.db.execute(sql`create table job_runs (key text not null, at timestamptz not null default now())`);
}, 120_000);
afterAll(async () => {
  for (const s of running) await s.stop({ timeoutMs: 1000 });
  await t?.close();
});

/** A scheduler on the test database: short polls; on PGlite, the given clock decides what is due. */
function newScheduler(clock: Clock = { now: () => new Date() }): Scheduler {
  const s = onPostgres
    ? createPgBossScheduler({ db: t.db, clock, databaseUrl: t.url!, pollIntervalMs: 500, log: () => {} })
    : createTableScheduler({ db: t.db, clock, pollIntervalMs: 20, log: () => {} });
  running.push(s);
  return s;
}
async function stop(s: Scheduler, timeoutMs?: number) {
  await s.stop(timeoutMs === undefined ? {} : { timeoutMs });
  running.splice(running.indexOf(s), 1);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
async function runsOf(key: string): Promise<number> {
  const result = (await t.db.execute(
    sql`select count(*)::int as n from job_runs where key = ${key}`,
  )) as unknown as { rows: { n: number }[] } | { n: number }[];
  return (Array.isArray(result) ? result : result.rows)[0]!.n;
}
/** A handler that records each run of its payload's key in job_runs. */
const recordRun: JobHandler<{ key: string }> = async ({ key }, { db }) => {
  await db.execute(sql`insert into job_runs (key) values (${key})`);
};
const stateOf = async (s: Scheduler, name: string, id: string, state: JobInfo["state"]) =>
  until(`${name} ${id} to be ${state}`, async () => {
    const job = await s.job(name, id);
    return job?.state === state ? job : null;
  });

let seq = 0;
const uniqueKey = (label: string) => `${label}-${Date.now().toString(36)}-${seq++}`;

describe(`scheduler (${process.env.GONGZHI_TEST_DRIVER ?? "pglite"})`, () => {
  it("runs a job at its runAt and not before", async () => {
    const clock = manualClock("2026-12-03T08:00:00Z");
    const s = newScheduler(onPostgres ? undefined : clock);
    s.define("test.at", recordRun);
    await s.start();
    const key = uniqueKey("at");
    const wait = onPostgres ? 2500 : 3_600_000;
    const runAt = new Date((onPostgres ? Date.now() : clock.now().getTime()) + wait);
    const id = await s.schedule("test.at", { key }, { runAt });
    expect(id).toBeTruthy();
    await sleep(onPostgres ? 1200 : 200); // many polls, before its time
    expect(await runsOf(key)).toBe(0);
    expect((await s.job("test.at", id!))?.state).toBe("created");
    if (!onPostgres) clock.advance(wait);
    await stateOf(s, "test.at", id!, "completed");
    expect(await runsOf(key)).toBe(1);
    if (onPostgres) {
      const result = (await t.db.execute(
        sql`select min(at) as at from job_runs where key = ${key}`,
      )) as unknown as { rows: { at: Date | string }[] } | { at: Date | string }[];
      const at = new Date((Array.isArray(result) ? result : result.rows)[0]!.at);
      expect(at.getTime()).toBeGreaterThanOrEqual(runAt.getTime() - 50);
    }
    await stop(s);
  });

  it("keeps a job across a restart: a new scheduler on the same database runs it", async () => {
    const clock = manualClock("2026-12-03T08:00:00Z");
    const first = newScheduler(onPostgres ? undefined : clock);
    first.define("test.restart", recordRun);
    await first.start();
    const key = uniqueKey("restart");
    const id = await first.schedule(
      "test.restart",
      { key },
      { runAt: new Date((onPostgres ? Date.now() : clock.now().getTime()) + 1500) },
    );
    await stop(first);
    expect(await runsOf(key)).toBe(0);

    const second = newScheduler(onPostgres ? undefined : clock);
    second.define("test.restart", recordRun);
    await second.start();
    if (!onPostgres) clock.advance(1500);
    await stateOf(second, "test.restart", id!, "completed");
    expect(await runsOf(key)).toBe(1);
    await stop(second);
  });

  it("retries a failing job with backoff, then keeps it as failed with its error", async () => {
    const clock = manualClock("2026-12-03T08:00:00Z");
    const s = newScheduler(onPostgres ? undefined : clock);
    let attempts = 0;
    s.define(
      "test.fail",
      async () => {
        attempts += 1;
        throw new Error(`boom ${attempts}`);
      },
      { retries: 2, retryDelaySeconds: 1 },
    );
    await s.start();
    const id = await s.schedule("test.fail", {});
    await until("the first attempt", async () => attempts >= 1);
    const retrying = await stateOf(s, "test.fail", id!, "retry");
    expect(retrying.error).toContain("boom 1");
    if (!onPostgres) {
      // The first retry waits retryDelaySeconds, the second twice that.
      clock.advance(999);
      await sleep(150);
      expect(attempts).toBe(1);
      clock.advance(1);
      await until("the second attempt", async () => attempts >= 2);
      await stateOf(s, "test.fail", id!, "retry");
      clock.advance(1999);
      await sleep(150);
      expect(attempts).toBe(2);
      clock.advance(1);
    }
    const failed = await stateOf(s, "test.fail", id!, "failed");
    expect(attempts).toBe(3);
    expect(failed.retryCount).toBe(2);
    expect(failed.error).toContain("boom 3");
    await sleep(onPostgres ? 1000 : 100);
    expect(attempts).toBe(3); // and no more
    await stop(s);
  }, 60_000);

  it("dedupes by singletonKey while a job waits; jobs without a key are all kept", async () => {
    const clock = manualClock("2026-12-03T08:00:00Z");
    const s = newScheduler(onPostgres ? undefined : clock);
    s.define("test.once", recordRun);
    await s.start();
    const key = uniqueKey("once");
    const later = new Date((onPostgres ? Date.now() : clock.now().getTime()) + 1500);
    const a = await s.schedule("test.once", { key }, { runAt: later, singletonKey: "order-42:remind" });
    const b = await s.schedule("test.once", { key }, { runAt: later, singletonKey: "order-42:remind" });
    expect(a).toBeTruthy();
    expect(b).toBeNull();
    const free = uniqueKey("free");
    const c = await s.schedule("test.once", { key: free }, { runAt: later });
    const d = await s.schedule("test.once", { key: free }, { runAt: later });
    expect(c && d && c !== d).toBeTruthy();
    if (!onPostgres) clock.advance(1500);
    await stateOf(s, "test.once", a!, "completed");
    await stateOf(s, "test.once", d!, "completed");
    await stateOf(s, "test.once", c!, "completed");
    expect(await runsOf(key)).toBe(1);
    expect(await runsOf(free)).toBe(2);
    // Once the job ran, the key is free again (a new reminder can be scheduled).
    expect(await s.schedule("test.once", { key }, { singletonKey: "order-42:remind" })).toBeTruthy();
    await until("the second run", async () => (await runsOf(key)) === 2);
    await stop(s);
  });

  it("stop() lets the running job finish and takes no new ones", async () => {
    const s = newScheduler();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let started = 0;
    let finished = 0;
    s.define("test.slow", async (payload: { key: string }, ctx) => {
      started += 1;
      await gate;
      await recordRun(payload, ctx);
      finished += 1;
    });
    await s.start();
    const key = uniqueKey("slow");
    const id = await s.schedule("test.slow", { key });
    await until("the slow job to start", async () => started === 1);
    const queued = await s.schedule("test.slow", { key: uniqueKey("queued") });
    let stopped = false;
    const stopping = s.stop({ timeoutMs: 20_000 }).then(() => {
      stopped = true;
    });
    await sleep(700);
    expect(stopped).toBe(false);
    release();
    await stopping;
    running.splice(running.indexOf(s), 1);
    expect(finished).toBe(1);
    expect(started).toBe(1);
    expect(await runsOf(key)).toBe(1);
    // Read the rows with a scheduler that defines nothing (so runs nothing): the queued job still waits.
    const check = newScheduler();
    await check.start();
    expect((await check.job("test.slow", id!))?.state).toBe("completed");
    expect((await check.job("test.slow", queued!))?.state).toBe("created");
    await stop(check);
  });

  it("a job cut off by a stop that timed out is run again by the next scheduler", async () => {
    const clock = manualClock("2026-12-03T08:00:00Z");
    const first = newScheduler(onPostgres ? undefined : clock);
    let calls = 0;
    first.define(
      "test.cut",
      async () => {
        calls += 1;
        await new Promise(() => {}); // never finishes
      },
      { retries: 1, retryDelaySeconds: 1 },
    );
    await first.start();
    const key = uniqueKey("cut");
    const id = await first.schedule("test.cut", { key });
    await until("the job to start", async () => calls === 1);
    await stop(first, 1000);
    const second = newScheduler(onPostgres ? undefined : clock);
    second.define("test.cut", recordRun, { retries: 1, retryDelaySeconds: 1 });
    await second.start();
    if (!onPostgres) clock.advance(1000);
    const done = await stateOf(second, "test.cut", id!, "completed");
    expect(done.retryCount).toBe(1);
    expect(await runsOf(key)).toBe(1);
    await stop(second);
  }, 60_000);

  it.skipIf(!onPostgres)(
    "two schedulers on one PostgreSQL database run each job exactly once",
    async () => {
      const handler: JobHandler<{ key: string }> = async (payload, ctx) => {
        await sleep(10);
        await recordRun(payload, ctx);
      };
      const a = newScheduler();
      const b = newScheduler();
      a.define("test.race", handler);
      b.define("test.race", handler);
      await Promise.all([a.start(), b.start()]);
      const keys = Array.from({ length: 20 }, (_, i) => uniqueKey(`race${i}`));
      const ids = await Promise.all(keys.map((key, i) => (i % 2 ? a : b).schedule("test.race", { key })));
      for (const id of ids) await stateOf(a, "test.race", id!, "completed");
      await sleep(1000); // a duplicate run would have happened by now
      for (const key of keys) expect(await runsOf(key)).toBe(1);
      await Promise.all([stop(a), stop(b)]);
    },
    60_000,
  );
});

describe(`ledger.escalate-overdue job (${process.env.GONGZHI_TEST_DRIVER ?? "pglite"})`, () => {
  it("escalates an overdue item once, as the system, audited; running again changes nothing", async () => {
    const world = await buildWorld(t.db);
    const item = await ledgerRepository(t.db).create({
      communityId: world.inside.communityId,
      title: "修复楼道照明",
      responsibleUnit: "物业公司",
      deadline: "2026-11-30",
    });
    const clock = manualClock("2026-12-03T01:00:00Z");
    const s = newScheduler(clock);
    registerJobs(s);
    await s.start();
    const first = await s.schedule(jobNames.escalateOverdueLedger, {});
    await stateOf(s, jobNames.escalateOverdueLedger, first!, "completed");
    expect(await ledgerRepository(t.db).get(item.id)).toMatchObject({
      status: "escalated",
      supervisionLevel: "subdistrict",
    });
    const entries = (await auditRepository(t.db).query({ entityId: item.id, limit: 10 })).items;
    expect(entries.map((e) => e.action)).toEqual(["ledger.escalate"]);
    expect(entries[0]!.actorId).toBeNull();

    const second = await s.schedule(jobNames.escalateOverdueLedger, {});
    await stateOf(s, jobNames.escalateOverdueLedger, second!, "completed");
    expect(await ledgerRepository(t.db).get(item.id)).toMatchObject({
      status: "escalated",
      supervisionLevel: "subdistrict",
    });
    expect((await auditRepository(t.db).query({ entityId: item.id, limit: 10 })).items).toHaveLength(1);
    await stop(s);
  });

  it.skipIf(onPostgres)("is scheduled nightly at 01:00 Beijing time (the table runner)", async () => {
    const clock = manualClock("2026-12-03T10:00:00Z"); // 18:00 in Beijing
    const s = newScheduler(clock);
    registerJobs(s);
    await s.start();
    const result = (await t.db.execute(
      sql`select run_at from scheduled_jobs where name = ${jobNames.escalateOverdueLedger} and state = 'created' and singleton_key = 'cron'`,
    )) as unknown as { rows: { run_at: Date | string }[] };
    expect(result.rows.map((r) => new Date(r.run_at).toISOString())).toEqual(["2026-12-03T17:00:00.000Z"]);
    await stop(s);
  });
});

describe(`the runtime's scheduler (${process.env.GONGZHI_TEST_DRIVER ?? "pglite"})`, () => {
  it("createApiRuntime starts it with the server's jobs; close() stops it before the database", async () => {
    let databaseClosed = false;
    const runtime = await createApiRuntime({
      database: {
        db: t.db,
        driver: t.driver,
        close: async () => {
          databaseClosed = true;
        },
      },
      ...(t.url ? { databaseUrl: t.url } : {}),
      migrate: false,
      seedDemoIfEmpty: false,
      scheduler: { pollIntervalMs: 500 },
      log: () => {},
    });
    const scheduler = runtime.scheduler!;
    expect(scheduler.kind).toBe(onPostgres ? "pg-boss" : "table");
    const id = await scheduler.schedule(jobNames.escalateOverdueLedger, {});
    await stateOf(scheduler, jobNames.escalateOverdueLedger, id!, "completed");
    await runtime.close();
    expect(databaseClosed).toBe(true);
  });

  it("is off with scheduler: false", async () => {
    const runtime = await createApiRuntime({
      database: { db: t.db, driver: t.driver, close: async () => {} },
      migrate: false,
      seedDemoIfEmpty: false,
      scheduler: false,
      log: () => {},
    });
    expect(runtime.scheduler).toBeNull();
    await runtime.close();
  });
});
