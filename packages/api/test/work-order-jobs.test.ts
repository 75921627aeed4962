/**
 * The 接诉即办 jobs (src/work-order-jobs.ts) run by the scheduler with a manual clock that crosses each
 * threshold: 催办 at 50 % and 80 % of the limit on the working calendar, once each; 督办 — an overdue
 * order's one ledger item, escalated by the nightly 三级督办; a late 回访 flagged once for the
 * dispatchers. Audited as the system. On PostgreSQL: two schedulers on one database remind once.
 */
import { type Clock, callbackDueAt, dueAt, manualClock, timeUsed } from "@gongzhi/core";
import {
  auditRepository,
  hotlineRepository,
  ledgerRepository,
  loadChineseDaysCalendar,
  tables,
  workingCalendarFrom,
} from "@gongzhi/db";
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
let categoryId: string;
let secondStaff: string;
const running: Scheduler[] = [];

beforeAll(async () => {
  t = await openTestDatabase();
  world = await buildWorld(t.db);
  await loadChineseDaysCalendar(t.db, [2026, 2027]);
  const h = hotlineRepository(t.db);
  const tag = Date.now().toString(36);
  categoryId = (
    await h.createCategory({
      code: `JOB${tag}`,
      nameZh: "市容环境",
      nameEn: "City appearance",
      limitKind: "working_days",
      limitAmount: 3,
    })
  ).id;
  await h.createDispatchRule({
    categoryId,
    districtId: world.inside.districtId,
    subdistrictId: world.inside.subdistrictId,
    unitId: world.inside.handlingUnitId,
    validFrom: "2020-01-01",
  });
  // a second member of the unit's staff: each is told once
  secondStaff = (
    await makeUser(t.db, [
      { role: "unit_staff", scopeKind: "handling_unit", scopeId: world.inside.handlingUnitId },
    ])
  ).id;
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
/** Run one job now and wait until it completed. */
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

async function newOrder(at: Date): Promise<string> {
  const dispatcher = (await callerFor(t.db, world.users.subdistrict_staff.id, { now: () => at })).caller;
  const created = await dispatcher.workOrders.create({
    type: "complaint",
    categoryId,
    compoundId: world.inside.compoundId,
    text: "楼道堆物占用消防通道",
    requesterName: "张三",
    requesterPhone: "13912345678",
  });
  expect(created.order.status).toBe("dispatched");
  return created.order.id;
}
async function systemEvents(orderId: string) {
  return (
    await t.db
      .select({ key: tables.workOrderEvents.systemKey, actor: tables.workOrderEvents.actor })
      .from(tables.workOrderEvents)
      .where(
        and(eq(tables.workOrderEvents.workOrderId, orderId), isNotNull(tables.workOrderEvents.systemKey)),
      )
  )
    .map((e) => `${e.actor}:${e.key}`)
    .sort();
}
/** Notifications about an order's number with a message key, per recipient. */
async function notices(messageKey: string, number: string) {
  const rows = await t.db.select().from(tables.notifications);
  return rows
    .filter((n) => {
      const p = n.payload as { messageKey: string; params: { number?: string } };
      return p.messageKey === messageKey && p.params.number === number;
    })
    .map((n) => n.userId)
    .sort();
}
const numberOf = async (id: string) => (await hotlineRepository(t.db).getWorkOrder(id))!.number;

describe(`work-order jobs (${process.env.GONGZHI_TEST_DRIVER ?? "pglite"})`, () => {
  it("催办 once at 50 % and once at 80 % of the working-day limit, then 督办 once when overdue, escalated by 三级督办", async () => {
    const orderId = await newOrder(T0);
    const number = await numberOf(orderId);
    const calendar = await workingCalendarFrom(t.db, [2026]);
    const due = dueAt(T0, { kind: "working_days", amount: 3 }, calendar);
    // Tue, Wed, Thu: due at Fri 6 March 00:00 Beijing; 14 h of Monday + 3 × 24 h = 86 working hours
    expect(due.toISOString()).toBe("2026-03-05T16:00:00.000Z");
    const half = new Date(T0.getTime() + 43 * HOUR);
    const eighty = new Date(T0.getTime() + 68.8 * HOUR);
    expect(timeUsed(T0, half, due, calendar).level).toBe("warning_50");
    expect(timeUsed(T0, new Date(eighty.getTime() - 1), due, calendar).level).toBe("warning_50");

    const clock = manualClock(new Date(half.getTime() - 1));
    const s = newScheduler(clock);
    await s.start();
    const staff = [world.users.unit_staff.id, secondStaff].sort();

    await run(s, jobNames.remindWorkOrders);
    expect(await systemEvents(orderId)).toEqual([]);
    expect(await notices("notification.work_order.time_used_50", number)).toEqual([]);

    clock.set(half);
    await run(s, jobNames.remindWorkOrders);
    expect(await systemEvents(orderId)).toEqual(["system:time_used:50"]);
    expect(await notices("notification.work_order.time_used_50", number)).toEqual(staff);
    await run(s, jobNames.remindWorkOrders); // again: nothing new
    clock.set(new Date(eighty.getTime() - 1));
    await run(s, jobNames.remindWorkOrders);
    expect(await systemEvents(orderId)).toEqual(["system:time_used:50"]);
    expect(await notices("notification.work_order.time_used_50", number)).toEqual(staff);
    expect(await notices("notification.work_order.time_used_80", number)).toEqual([]);

    clock.set(eighty);
    await run(s, jobNames.remindWorkOrders);
    await run(s, jobNames.remindWorkOrders);
    expect(await systemEvents(orderId)).toEqual(["system:time_used:50", "system:time_used:80"]);
    expect(await notices("notification.work_order.time_used_80", number)).toEqual(staff);
    const audit = (await auditRepository(t.db).query({ entityId: orderId, limit: 20 })).items.filter(
      (e) => e.action === "workOrders.remind",
    );
    expect(audit).toHaveLength(2);
    expect(audit.every((e) => e.actorId === null)).toBe(true);

    // 督办: not a moment before the due instant, then exactly one ledger item
    const ledgerOf = async () =>
      t.db.select().from(tables.ledgerItems).where(eq(tables.ledgerItems.workOrderId, orderId));
    clock.set(new Date(due.getTime() - 1));
    await run(s, jobNames.escalateOverdueWorkOrders);
    expect(await ledgerOf()).toEqual([]);
    clock.set(due);
    await run(s, jobNames.escalateOverdueWorkOrders);
    await run(s, jobNames.escalateOverdueWorkOrders);
    await run(s, jobNames.remindWorkOrders); // an overdue order is not reminded again
    const items = await ledgerOf();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      communityId: world.inside.communityId,
      deadline: "2026-03-05",
      status: "open",
      supervisionLevel: "community",
    });
    expect(await systemEvents(orderId)).toEqual([
      "system:overdue",
      "system:time_used:50",
      "system:time_used:80",
    ]);
    expect(await notices("notification.work_order.overdue_supervised", number)).toEqual(staff);
    const ledgerAudit = (await auditRepository(t.db).query({ entityId: items[0]!.id, limit: 10 })).items;
    expect(ledgerAudit.map((e) => [e.action, e.actorId])).toEqual([["workOrders.escalate_overdue", null]]);

    // the nightly 三级督办 (01:00 Beijing on the 7th) escalates it one level
    clock.set(new Date("2026-03-06T17:00:00Z"));
    await run(s, jobNames.escalateOverdueLedger);
    expect(await ledgerRepository(t.db).get(items[0]!.id)).toMatchObject({
      status: "escalated",
      supervisionLevel: "subdistrict",
    });
    await run(s, jobNames.escalateOverdueWorkOrders);
    expect(await ledgerOf()).toHaveLength(1);

    // 办结 ends the 督办: the item is closed by the system with the answer as evidence, in the same
    // transaction, and the next nightly run leaves it alone
    const answeredAt = new Date("2026-03-09T02:00:00Z");
    const unit = (await callerFor(t.db, world.users.unit_staff.id, { now: () => answeredAt })).caller;
    await unit.workOrders.accept({ id: orderId });
    await unit.workOrders.answer({ id: orderId, answer: "已督促物业清运并加装围挡" });
    const closed = await ledgerRepository(t.db).get(items[0]!.id);
    expect(closed).toMatchObject({ status: "done", closedOn: "2026-03-09", supervisionLevel: "subdistrict" });
    expect((await ledgerRepository(t.db).evidence(items[0]!.id)).map((e) => e.description)).toEqual([
      `工单 ${number} 已办结：已督促物业清运并加装围挡`,
    ]);
    const closeAudit = (await auditRepository(t.db).query({ entityId: items[0]!.id, limit: 10 })).items;
    expect(closeAudit.map((e) => e.action)).toContain("ledger.done");
    clock.set(new Date("2026-04-06T17:00:00Z"));
    await run(s, jobNames.escalateOverdueLedger);
    expect(await ledgerRepository(t.db).get(items[0]!.id)).toMatchObject({
      status: "done",
      supervisionLevel: "subdistrict",
    });
    await stop(s);
  }, 120_000);

  it("flags a 回访 past its window (the day after 办结) once for the dispatchers, and not once it is done", async () => {
    const received = new Date(T0.getTime() + 24 * HOUR); // Tue 10:00 Beijing
    const orderId = await newOrder(received);
    const number = await numberOf(orderId);
    const answeredAt = new Date(received.getTime() + 5 * HOUR); // Tue 15:00 Beijing
    const unit = (await callerFor(t.db, world.users.unit_staff.id, { now: () => answeredAt })).caller;
    await unit.workOrders.accept({ id: orderId });
    await unit.workOrders.answer({ id: orderId, answer: "已清理楼道堆物" });
    const late = callbackDueAt(answeredAt);
    expect(late.toISOString()).toBe("2026-03-04T16:00:00.000Z"); // Thu 00:00 Beijing

    const clock = manualClock(new Date(late.getTime() - 1));
    const s = newScheduler(clock);
    await s.start();
    await run(s, jobNames.flagLateCallbacks);
    expect(await systemEvents(orderId)).toEqual([]);
    clock.set(late);
    await run(s, jobNames.flagLateCallbacks);
    await run(s, jobNames.flagLateCallbacks);
    expect(await systemEvents(orderId)).toEqual(["system:callback_due:1"]);
    // the street's dispatchers (subdistrict_staff of the order's 街道), not the unit
    expect(await notices("notification.work_order.callback_due", number)).toEqual([
      world.users.subdistrict_staff.id,
    ]);
    const audit = (await auditRepository(t.db).query({ entityId: orderId, limit: 20 })).items.filter(
      (e) => e.action === "workOrders.callback_due",
    );
    expect(audit.map((e) => e.actorId)).toEqual([null]);

    // a second answered order, called back in time: never flagged
    const other = await newOrder(received);
    await unit.workOrders.accept({ id: other });
    await unit.workOrders.answer({ id: other, answer: "已处理" });
    const dispatcher = (await callerFor(t.db, world.users.subdistrict_staff.id, { now: () => answeredAt }))
      .caller;
    await dispatcher.workOrders.callback({
      id: other,
      contacted: true,
      solved: false,
      satisfaction: "dissatisfied",
    });
    clock.set(new Date(late.getTime() + 48 * HOUR));
    await run(s, jobNames.flagLateCallbacks);
    expect(await systemEvents(other)).toEqual([]);
    await stop(s);
  }, 120_000);

  it.skipIf(!onPostgres)(
    "two schedulers on one PostgreSQL database send a reminder exactly once",
    async () => {
      const received = new Date(T0.getTime() + 48 * HOUR);
      const ids = await Promise.all(Array.from({ length: 5 }, () => newOrder(received)));
      const clock = manualClock(new Date(received.getTime() + 60 * HOUR));
      const a = newScheduler(clock);
      const b = newScheduler(clock);
      await Promise.all([a.start(), b.start()]);
      await Promise.all([
        run(a, jobNames.remindWorkOrders),
        run(b, jobNames.remindWorkOrders),
        run(a, jobNames.remindWorkOrders),
        run(b, jobNames.remindWorkOrders),
      ]);
      const staff = [world.users.unit_staff.id, secondStaff].sort();
      for (const id of ids) {
        expect(await systemEvents(id)).toEqual(["system:time_used:50"]);
        expect(await notices("notification.work_order.time_used_50", await numberOf(id))).toEqual(staff);
      }
      await Promise.all([stop(a), stop(b)]);
    },
    120_000,
  );
});
