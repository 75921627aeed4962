/**
 * The 吹哨报到 job `whistles.escalate-late` (src/whistle-jobs.ts) run by the scheduler with a manual
 * clock: a unit late to acknowledge and one late to report are escalated to the district once each,
 * the whistle raised to the district command once, recorded in the trace under unique system keys, the
 * district's staff told once — run twice, and on PostgreSQL by two schedulers at once.
 */
import { type Clock, manualClock } from "@gongzhi/core";
import { auditRepository, hotlineRepository, tables } from "@gongzhi/db";
import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobNames, registerJobs } from "../src/jobs.ts";
import { createPgBossScheduler, createTableScheduler, type Scheduler } from "../src/scheduler/index.ts";
import { callerFor, makeUser, openTestDatabase, type TestDatabase } from "./support.ts";
import { buildWorld, type World } from "./world.ts";

const onPostgres = process.env.GONGZHI_TEST_DRIVER === "postgres";
const HOUR = 3_600_000;
/** Monday 2 March 2026, 10:00 Beijing. */
const T0 = new Date("2026-03-02T02:00:00Z");

let t: TestDatabase;
let world: World;
let unitB: string;
let staffB: string;
const running: Scheduler[] = [];

beforeAll(async () => {
  t = await openTestDatabase();
  world = await buildWorld(t.db);
  const b = await hotlineRepository(t.db).createUnit({
    code: `WJB${Date.now().toString(36)}`,
    name: "区城管执法局",
    kind: "district_department",
    tier: "departments",
    areaKind: "district",
    districtId: world.inside.districtId,
  });
  unitB = b.id;
  staffB = (await makeUser(t.db, [{ role: "unit_staff", scopeKind: "handling_unit", scopeId: b.id }])).id;
}, 120_000);
afterAll(async () => {
  for (const s of running) await s.stop({ timeoutMs: 1000 });
  await t?.close();
});

function newScheduler(clock: Clock): Scheduler {
  const s = onPostgres
    ? createPgBossScheduler({ db: t.db, clock, databaseUrl: t.url!, pollIntervalMs: 500, log: () => {} })
    : createTableScheduler({ db: t.db, clock, pollIntervalMs: 20, log: () => {} });
  registerJobs(s);
  running.push(s);
  return s;
}
async function stop(s: Scheduler) {
  await s.stop({ timeoutMs: 5000 });
  running.splice(running.indexOf(s), 1);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function run(s: Scheduler, name: string) {
  const id = await s.schedule(name, {});
  const end = Date.now() + 30_000;
  for (;;) {
    const job = await s.job(name, id!);
    if (job?.state === "completed") return;
    if (job?.state === "failed") throw new Error(`${name} failed: ${job.error}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${name}`);
    await sleep(30);
  }
}

/** A whistle raised at `at` summoning units A and B (acknowledge within 1 h, report within 2 h); B acknowledges at once. */
async function newWhistle(at: Date, title: string): Promise<string> {
  const street = (await callerFor(t.db, world.users.subdistrict_staff.id, { now: () => at })).caller;
  const { whistle } = await street.whistles.raise({
    title,
    description: "井盖缺失，存在安全隐患",
    situation: "key_task",
    severity: "ordinary",
    scope: "single_community",
    subdistrictId: world.inside.subdistrictId,
    communityId: world.inside.communityId,
    place: { kind: "compound", compoundId: world.inside.compoundId, buildingId: null, address: "东门" },
    summons: [
      {
        unitId: world.inside.handlingUnitId,
        acknowledgeBy: new Date(at.getTime() + HOUR),
        reportBy: new Date(at.getTime() + 2 * HOUR),
      },
      {
        unitId: unitB,
        acknowledgeBy: new Date(at.getTime() + HOUR),
        reportBy: new Date(at.getTime() + 2 * HOUR),
      },
    ],
  });
  await (await callerFor(t.db, staffB, { now: () => at })).caller.whistles.acknowledge({ id: whistle.id });
  return whistle.id;
}
async function systemKeys(whistleId: string) {
  return (
    await t.db
      .select({ key: tables.whistleEvents.systemKey, summonsId: tables.whistleEvents.summonsId })
      .from(tables.whistleEvents)
      .where(and(eq(tables.whistleEvents.whistleId, whistleId), isNotNull(tables.whistleEvents.systemKey)))
  )
    .map((e) => e.key!)
    .sort();
}
async function notices(title: string) {
  return (await t.db.select().from(tables.notifications))
    .filter((n) => {
      const p = n.payload as { messageKey: string; params: { title?: string } };
      return p.messageKey === "notification.whistle.escalated" && p.params.title === title;
    })
    .map((n) => n.userId);
}

describe(`whistle jobs (${process.env.GONGZHI_TEST_DRIVER ?? "pglite"})`, () => {
  it("escalates a unit late to acknowledge, then one late to report, each once, and the whistle once", async () => {
    const id = await newWhistle(T0, "井盖缺失一");
    const [sa, sb] = await t.db
      .select()
      .from(tables.whistleSummons)
      .where(eq(tables.whistleSummons.whistleId, id))
      .then((rows) => [
        rows.find((r) => r.unitId === world.inside.handlingUnitId)!,
        rows.find((r) => r.unitId === unitB)!,
      ]);
    const clock = manualClock(new Date(T0.getTime() + 30 * 60_000));
    const s = newScheduler(clock);
    await s.start();
    await run(s, jobNames.escalateLateWhistles); // nothing late yet
    expect(await systemKeys(id)).toEqual([]);

    clock.set(new Date(T0.getTime() + 1.5 * HOUR)); // A has not acknowledged (due at +1 h)
    await run(s, jobNames.escalateLateWhistles);
    await run(s, jobNames.escalateLateWhistles);
    expect(await systemKeys(id)).toEqual([`escalate:${sa!.id}`, "escalated"].sort());

    clock.set(new Date(T0.getTime() + 3 * HOUR)); // B acknowledged but has not reported (due at +2 h)
    await run(s, jobNames.escalateLateWhistles);
    await run(s, jobNames.escalateLateWhistles);
    expect(await systemKeys(id)).toEqual([`escalate:${sa!.id}`, `escalate:${sb!.id}`, "escalated"].sort());

    const rows = await t.db
      .select()
      .from(tables.whistleSummons)
      .where(eq(tables.whistleSummons.whistleId, id));
    expect(rows.find((r) => r.id === sa!.id)).toMatchObject({
      escalationReason: "late_acknowledge",
      lateAcknowledge: true,
    });
    expect(rows.find((r) => r.id === sb!.id)).toMatchObject({
      escalationReason: "late_report",
      lateReport: true,
    });
    const [w] = await t.db.select().from(tables.whistles).where(eq(tables.whistles.id, id));
    expect(w).toMatchObject({ status: "escalated", level: "district", sourceLevel: "community" });
    // the district's staff: once per run that recorded something (A's, then B's escalation)
    expect(await notices("井盖缺失一")).toEqual([
      world.users.district_staff.id,
      world.users.district_staff.id,
    ]);
    const audit = await auditRepository(t.db).query({ entityId: id, limit: 50 });
    expect(audit.items.filter((e) => e.action === "whistles.escalate" && e.actorId === null)).toHaveLength(1);
    await stop(s);
  }, 120_000);

  it.skipIf(!onPostgres)(
    "two schedulers on one PostgreSQL database escalate exactly once",
    async () => {
      const at = new Date(T0.getTime() + 24 * HOUR);
      const ids = await Promise.all([1, 2, 3].map((i) => newWhistle(at, `并发升级${i}`)));
      const clock = manualClock(new Date(at.getTime() + 1.5 * HOUR));
      const a = newScheduler(clock);
      const b = newScheduler(clock);
      await Promise.all([a.start(), b.start()]);
      await Promise.all([
        run(a, jobNames.escalateLateWhistles),
        run(b, jobNames.escalateLateWhistles),
        run(a, jobNames.escalateLateWhistles),
        run(b, jobNames.escalateLateWhistles),
      ]);
      for (const [i, id] of ids.entries()) {
        const keys = await systemKeys(id);
        expect(keys).toHaveLength(2); // the late unit's escalation, and the whistle's
        expect(keys).toContain("escalated");
        expect(await notices(`并发升级${i + 1}`)).toEqual([world.users.district_staff.id]);
      }
      await Promise.all([stop(a), stop(b)]);
    },
    120_000,
  );
});
