/**
 * 接诉即办 work orders through the API (issue 11): the whole life of an order with its events, unit
 * staff confined to their unit, residents to their own orders, masked phones, rates equal to core's
 * computeHotlineRates under stored formula versions, refused bad input that changes nothing, and (on
 * PostgreSQL) two units' staff accepting at once.
 */
import {
  computeHotlineRates,
  dueAt,
  extendDueAt,
  type HotlineRateOrder,
  maskSensitive,
  publishedHotlineFormulaExample,
  timeUsed,
} from "@gongzhi/core";
import {
  accountsRepository,
  hotlineRepository,
  loadChineseDaysCalendar,
  notificationsRepository,
  workingCalendarFrom,
} from "@gongzhi/db";
import { rowCounts } from "@gongzhi/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, makeUser, openTestDatabase, type TestDatabase } from "./support.ts";
import { buildWorld, type World } from "./world.ts";

const onPostgres = process.env.GONGZHI_TEST_DRIVER === "postgres";
const HOUR = 3_600_000;
/** Monday 2 March 2026, 10:00 Beijing. */
const T0 = new Date("2026-03-02T02:00:00Z");
let now = T0;
const clock = () => now;

let t: TestDatabase;
let world: World;
let unitB: string;
let staffB: string;
let categoryId: string;

const as = async (userId: string) => (await callerFor(t.db, userId, { now: clock })).caller;
async function refused(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

beforeAll(async () => {
  t = await openTestDatabase();
  world = await buildWorld(t.db);
  await loadChineseDaysCalendar(t.db, [2026, 2027]);
  const h = hotlineRepository(t.db);
  const tag = Date.now().toString(36);
  const cat = await h.createCategory({
    code: `WOT${tag}`,
    nameZh: "市容环境",
    nameEn: "City appearance",
    limitKind: "working_days",
    limitAmount: 3,
  });
  categoryId = cat.id;
  // The catalogue sends this category in the inside subdistrict to the inside street office (unit A).
  await h.createDispatchRule({
    categoryId,
    districtId: world.inside.districtId,
    subdistrictId: world.inside.subdistrictId,
    unitId: world.inside.handlingUnitId,
    validFrom: "2020-01-01",
  });
  const b = await h.createUnit({
    code: `WOB${tag}`,
    name: "区城管执法局",
    kind: "district_department",
    tier: "departments",
    areaKind: "district",
    districtId: world.inside.districtId,
  });
  unitB = b.id;
  staffB = (await makeUser(t.db, [{ role: "unit_staff", scopeKind: "handling_unit", scopeId: unitB }])).id;
  await h.createFormula({
    version: "test-v1",
    name: "公开口径 10/50/40",
    validFrom: "2020-01-01",
    weights: publishedHotlineFormulaExample.weights,
    basicallySatisfiedFactor: publishedHotlineFormulaExample.basicallySatisfiedFactor,
    exclusions: [...publishedHotlineFormulaExample.exclusions],
  });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`work orders (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  let orderId: string;
  let secondId: string;

  it("lives its whole life: file → dispatch → return → re-dispatch → accept → note → answer → callback unsolved → reopen → answer → callback solved → closed", async () => {
    now = T0;
    const resident = await as(world.users.resident.id);
    const unitA = await as(world.users.unit_staff.id);
    const b = await as(staffB);
    const dispatcher = await as(world.users.subdistrict_staff.id);

    const filed = await resident.workOrders.file({
      type: "complaint",
      categoryId,
      compoundId: world.inside.compoundId,
      buildingId: world.inside.buildingId,
      address: "1号楼东侧",
      text: "楼下垃圾桶满溢多日无人清运",
    });
    orderId = filed.order.id;
    // dispatched by the catalogue to unit A; due by core's clock over the stored calendar
    expect(filed.dispatchedTo).toBe(world.inside.handlingUnitId);
    expect(filed.order.status).toBe("dispatched");
    const calendar = await workingCalendarFrom(t.db, [2026, 2027]);
    expect(filed.order.dueAt).toEqual(dueAt(T0, { kind: "working_days", amount: 3 }, calendar));
    const me = await accountsRepository(t.db).findById(world.users.resident.id);
    expect(filed.order.requesterPhone).toBe(me!.phone);
    // unit A's staff were told
    const aNotes = await notificationsRepository(t.db).list({ userId: world.users.unit_staff.id, limit: 10 });
    expect(JSON.stringify(aNotes)).toContain("notification.work_order.dispatched");

    // 退单 needs its reason: refused, nothing changed
    const before = await rowCounts(t.db);
    const noReason = await refused(unitA.workOrders.return({ id: orderId, reason: "   " }));
    expect(noReason.code).toBe("BAD_REQUEST");
    expect(await rowCounts(t.db)).toBe(before);

    now = new Date(T0.getTime() + HOUR);
    const returned = await unitA.workOrders.return({ id: orderId, reason: "不属于本单位职责，应由城管处理" });
    expect(returned.order.status).toBe("returned");
    expect(returned.order.returnCount).toBe(1);

    now = new Date(T0.getTime() + 2 * HOUR);
    await dispatcher.workOrders.dispatch({ id: orderId, unitId: unitB });
    // unit A no longer holds it: refused, and its inbox is empty
    expect((await refused(unitA.workOrders.get({ id: orderId }))).code).toBe("FORBIDDEN");
    expect((await refused(unitA.workOrders.accept({ id: orderId }))).code).toBe("FORBIDDEN");
    expect((await unitA.workOrders.inbox({ unitId: world.inside.handlingUnitId })).items).toEqual([]);
    expect((await refused(unitA.workOrders.inbox({ unitId: unitB }))).code).toBe("FORBIDDEN");
    const inboxB = await b.workOrders.inbox({ unitId: unitB });
    expect(inboxB.items.map((i) => i.order.id)).toEqual([orderId]);
    expect(inboxB.items[0]!.timeUsed?.level).toBe("normal");

    now = new Date(T0.getTime() + 3 * HOUR);
    const accepted = await b.workOrders.accept({ id: orderId });
    expect(accepted.order.leadUnitId).toBe(unitB);
    now = new Date(T0.getTime() + 3.5 * HOUR);
    await b.workOrders.addNote({ id: orderId, note: "已安排清运车辆" });
    now = new Date(T0.getTime() + 4 * HOUR);
    await b.workOrders.logContact({ id: orderId, note: "已电话告知诉求人处理进度" });
    now = new Date(T0.getTime() + 5 * HOUR);
    const answered = await b.workOrders.answer({ id: orderId, answer: "已清运完毕并增加清运频次" });
    expect(answered.order.status).toBe("answered");
    // the requester waits: told the answer is there and the callback is due
    const rNotes = await notificationsRepository(t.db).list({ userId: world.users.resident.id, limit: 10 });
    expect(JSON.stringify(rNotes)).toContain("notification.work_order.answered");

    now = new Date(T0.getTime() + 24 * HOUR);
    const cb1 = await dispatcher.workOrders.callback({
      id: orderId,
      contacted: true,
      solved: false,
      satisfaction: "dissatisfied",
    });
    expect(cb1.order.status).toBe("called_back");
    const reopened = await dispatcher.workOrders.reopen({ id: orderId, reason: "回访未解决" });
    expect(reopened.order.status).toBe("reopened");
    expect(reopened.order.assignedUnitId).toBe(unitB);
    expect(reopened.order.reopenCount).toBe(1);

    now = new Date(T0.getTime() + 26 * HOUR);
    await b.workOrders.answer({ id: orderId, answer: "已协调物业每日清运" });
    now = new Date(T0.getTime() + 30 * HOUR);
    const cb2 = await resident.workOrders.answerCallback({
      id: orderId,
      contacted: true,
      solved: true,
      satisfaction: "satisfied",
    });
    expect(cb2.order.status).toBe("closed");

    const got = await dispatcher.workOrders.get({ id: orderId });
    const timeline = got.events.map((e) =>
      e.kind === "transition" ? `${e.fromStatus}>${e.toStatus}` : e.kind,
    );
    expect(timeline).toEqual([
      "received>dispatched",
      "dispatched>returned",
      "returned>dispatched",
      "dispatched>accepted",
      "note",
      "contact_logged",
      "accepted>in_progress",
      "in_progress>answered",
      "answered>called_back",
      "called_back>reopened",
      "reopened>in_progress",
      "in_progress>answered",
      "answered>called_back",
      "called_back>closed",
    ]);
    expect(got.events.find((e) => e.toStatus === "returned")?.reason).toBe("不属于本单位职责，应由城管处理");
    expect(got.callbacks.map((c) => c.solved)).toEqual([false, true]);
  });

  it("masks the requester's phone except for the lead unit's staff", async () => {
    const phone = (await accountsRepository(t.db).findById(world.users.resident.id))!.phone;
    const byDispatcher = await (await as(world.users.subdistrict_staff.id)).workOrders.get({ id: orderId });
    expect(byDispatcher.order.requesterPhone).toBe(maskSensitive(phone));
    expect(byDispatcher.order.requesterMasked).toBe(true);
    const byLead = await (await as(staffB)).workOrders.get({ id: orderId });
    expect(byLead.order.requesterPhone).toBe(phone);
  });

  it("shows a resident only their own orders", async () => {
    const resident = await as(world.users.resident.id);
    const other = await as(world.users.verified_owner.id);
    expect((await resident.workOrders.mine({})).items.map((i) => i.order.id)).toEqual([orderId]);
    expect((await other.workOrders.mine({})).items).toEqual([]);
    expect((await refused(other.workOrders.myOrder({ id: orderId }))).code).toBe("NOT_FOUND");
    expect(
      (
        await refused(
          other.workOrders.answerCallback({
            id: orderId,
            contacted: true,
            solved: true,
            satisfaction: "satisfied",
          }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    const mine = await resident.workOrders.myOrder({ id: orderId });
    expect(mine.events.every((e) => e.kind === "transition")).toBe(true);
    // a resident cannot act as staff
    expect((await refused(resident.workOrders.get({ id: orderId }))).code).toBe("FORBIDDEN");
  });

  it("takes a call at intake, and refuses past extensions and missing reasons without changing anything", async () => {
    now = new Date(T0.getTime() + 31 * HOUR);
    const dispatcher = await as(world.users.subdistrict_staff.id);
    const unitA = await as(world.users.unit_staff.id);
    const created = await dispatcher.workOrders.create({
      type: "help",
      categoryId,
      compoundId: world.inside.compoundId,
      text: "小区路灯不亮",
      requesterName: "王五",
      requesterPhone: "13912345678",
    });
    secondId = created.order.id;
    expect(created.order.requesterPhone).toBe(maskSensitive("13912345678"));
    await unitA.workOrders.accept({ id: secondId });
    // only the lead answers; a co-handler joins but cannot answer
    await unitA.workOrders.addCoHandler({ id: secondId, unitId: unitB });
    // the co-handler sees it in its inbox and may read it; unit A's first order stays out of A's inbox
    const coInbox = await (await as(staffB)).workOrders.inbox({ unitId: unitB });
    expect(coInbox.items.map((i) => i.order.id)).toContain(secondId);
    expect((await (await as(staffB)).workOrders.get({ id: secondId })).order.coHandlerUnitIds).toEqual([
      unitB,
    ]);
    expect((await refused((await as(staffB)).workOrders.answer({ id: secondId, answer: "已修" }))).code).toBe(
      "CONFLICT",
    );

    // the order is overdue weeks later: a 1-hour extension would end in the past
    now = new Date(T0.getTime() + 30 * 24 * HOUR);
    const before = await rowCounts(t.db);
    const past = await refused(
      unitA.workOrders.requestExtension({
        id: secondId,
        extension: { kind: "natural_hours", amount: 1 },
        reason: "需协调",
      }),
    );
    expect(past.code).toBe("BAD_REQUEST");
    expect((past as unknown as { messageKey: string }).messageKey).toBe("error.work_order.extension_in_past");
    const zero = await refused(
      unitA.workOrders.requestExtension({
        id: secondId,
        extension: { kind: "working_days", amount: 0 },
        reason: "x",
      }),
    );
    expect(zero.code).toBe("BAD_REQUEST");
    const noReason = await refused(
      unitA.workOrders.requestExtension({
        id: secondId,
        extension: { kind: "working_days", amount: 5 },
        reason: "",
      }),
    );
    expect(noReason.code).toBe("BAD_REQUEST");
    expect(await rowCounts(t.db)).toBe(before);

    // an approved extension with its reason moves the due time by core's extendDueAt
    now = new Date(T0.getTime() + 32 * HOUR);
    const ext = await unitA.workOrders.requestExtension({
      id: secondId,
      extension: { kind: "working_days", amount: 5 },
      reason: "需更换线路，等待电力公司配合",
    });
    const old = (await hotlineRepository(t.db).getWorkOrder(secondId))!.dueAt;
    const decided = await dispatcher.workOrders.decideExtension({ extensionId: ext.id, approve: true });
    const calendar = await workingCalendarFrom(t.db, [2026, 2027]);
    expect(decided.order.dueAt).toEqual(extendDueAt(old, { kind: "working_days", amount: 5 }, calendar));
    expect(
      (await refused(dispatcher.workOrders.decideExtension({ extensionId: ext.id, approve: false }))).code,
    ).toBe("CONFLICT");

    await unitA.workOrders.answer({ id: secondId, answer: "已更换线路" });
    await dispatcher.workOrders.callback({
      id: secondId,
      contacted: true,
      solved: false,
      satisfaction: "basically_satisfied",
    });
  });

  it("computes the rates with core's computeHotlineRates, and a new formula version changes 综合 as by hand", async () => {
    const staff = await as(world.users.district_staff.id);
    const scope = { level: "district" as const, id: world.inside.districtId };
    const v1 = await staff.workOrders.rates({
      scope,
      from: "2026-03-01",
      to: "2026-03-31",
      version: "test-v1",
    });
    // the same orders, by hand from their callbacks
    const h = hotlineRepository(t.db);
    const orders: HotlineRateOrder[] = [];
    for (const id of [orderId, secondId]) {
      const o = (await h.getWorkOrder(id))!;
      orders.push({
        id,
        type: o.type,
        status: o.status,
        mergedIntoId: o.mergedIntoId,
        callbacks: (await h.callbacksOf(id)).map((c) => ({ ...c })),
      });
    }
    const expected = computeHotlineRates(orders, { ...publishedHotlineFormulaExample, version: "test-v1" });
    expect(v1.orders).toBe(2);
    expect(v1.formula.version).toBe("test-v1");
    expect(v1.response).toEqual(expected.response);
    expect(v1.resolution).toEqual(expected.resolution);
    expect(v1.score).toEqual(expected.score);
    // 解决 1/2; 满意 (1 + 0.9 × 1) / 2 = 95 %; 综合 = 10 + 25 + 38 = 73.00
    expect(v1.resolution.numerator).toEqual({ numerator: 1, denominator: 1 });
    expect(v1.resolution.denominator).toBe(2);
    expect(v1.satisfaction.basisPoints).toBe(9500);
    expect(v1.score.hundredths).toBe(7300);

    await staff.workOrders.formulas.create({
      districtId: world.inside.districtId,
      formula: {
        version: "test-v2",
        name: "新口径 20/30/50",
        validFrom: "2026-01-01",
        weights: { response: 2000, resolution: 3000, satisfaction: 5000 },
        basicallySatisfiedFactor: 8000,
        exclusions: ["consultation", "duplicate_merged", "invalid_callback"],
      },
    });
    const v2 = await staff.workOrders.rates({ scope, from: "2026-03-01", to: "2026-03-31" });
    // in force on the period's end: v2. 满意 (1 + 0.8) / 2 = 90 %; 综合 = 20 + 15 + 45 = 80.00
    expect(v2.formula.version).toBe("test-v2");
    expect(v2.satisfaction.basisPoints).toBe(9000);
    expect(v2.score.hundredths).toBe(8000);
    expect((await staff.workOrders.formulas.list()).map((f) => f.version)).toContain("test-v2");
    // weights not adding up to 10 000: refused
    const bad = await refused(
      staff.workOrders.formulas.create({
        districtId: world.inside.districtId,
        formula: {
          version: "test-bad",
          name: "错",
          validFrom: "2026-01-01",
          weights: { response: 2000, resolution: 3000, satisfaction: 4000 },
          basicallySatisfiedFactor: 8000,
          exclusions: [],
        },
      }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    // unit staff see their own unit's rates only
    const unitA = await as(world.users.unit_staff.id);
    expect(
      (
        await refused(
          unitA.workOrders.rates({
            scope: { level: "handling_unit", id: unitB },
            from: "2026-03-01",
            to: "2026-03-31",
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });

  it.skipIf(!onPostgres)(
    "two staff of the unit accepting at once: exactly one wins, the other gets CONFLICT",
    async () => {
      now = new Date(T0.getTime() + 40 * HOUR);
      const other = (
        await makeUser(t.db, [
          { role: "unit_staff", scopeKind: "handling_unit", scopeId: world.inside.handlingUnitId },
        ])
      ).id;
      const dispatcher = await as(world.users.subdistrict_staff.id);
      const created = await dispatcher.workOrders.create({
        type: "complaint",
        categoryId,
        compoundId: world.inside.compoundId,
        text: "噪音扰民",
      });
      const [a, b] = [await as(world.users.unit_staff.id), await as(other)];
      const results = await Promise.allSettled([
        a.workOrders.accept({ id: created.order.id }),
        b.workOrders.accept({ id: created.order.id }),
      ]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0]!.reason as TRPCError).code).toBe("CONFLICT");
      const history = await hotlineRepository(t.db).getWorkOrderWithHistory(created.order.id);
      expect(history!.events.filter((e) => e.toStatus === "accepted")).toHaveLength(1);
    },
  );
  it("lists a district's or street's orders for dispatchers, and filters inbox and list by status and overdue (超时) under either order", async () => {
    const h = hotlineRepository(t.db);
    const tag = Date.now().toString(36);
    const [day, twoHours] = await Promise.all(
      [24, 2].map((amount, i) =>
        h.createCategory({
          code: `WOL${i}${tag}`,
          nameZh: "供水",
          nameEn: "Water supply",
          limitKind: "natural_hours",
          limitAmount: amount,
          allHours: true,
        }),
      ),
    );
    const dispatcher = await as(world.users.subdistrict_staff.id);
    const districtStaff = await as(world.users.district_staff.id);
    const unitA = await as(world.users.unit_staff.id);
    const start = new Date(T0.getTime() + 90 * 24 * HOUR);
    const at = (hours: number) => new Date(start.getTime() + hours * HOUR);
    const ids: string[] = [];
    // A at 0 h (due 24 h), B at 1 h (due 3 h), C at 2 h (due 26 h): due order B A C, newest first C B A
    for (const [hours, category] of [
      [0, day],
      [1, twoHours],
      [2, day],
    ] as const) {
      now = at(hours);
      const r = await dispatcher.workOrders.create({
        type: "help",
        categoryId: category!.id,
        compoundId: world.inside.compoundId,
        text: `停水 ${hours}`,
      });
      expect(r.dispatchedTo).toBeNull();
      ids.push(r.order.id);
    }
    const [a, b, c] = ids as [string, string, string];
    now = at(3);
    await dispatcher.workOrders.dispatch({ id: a, unitId: world.inside.handlingUnitId });
    await dispatcher.workOrders.dispatch({ id: b, unitId: world.inside.handlingUnitId });
    const mine = (page: { items: { order: { id: string } }[] }) =>
      page.items.map((i) => i.order.id).filter((id) => ids.includes(id));

    const street = { scopeLevel: "subdistrict" as const, scopeId: world.inside.subdistrictId, limit: 100 };
    expect(mine(await dispatcher.workOrders.list(street))).toEqual([b, a, c]);
    expect(
      mine(
        await districtStaff.workOrders.list({ ...street, sort: { key: "receivedAt", direction: "desc" } }),
      ),
    ).toEqual([c, b, a]);
    expect(
      mine(await districtStaff.workOrders.list({ scopeLevel: "district", scopeId: world.inside.districtId })),
    ).toEqual([b, a, c]);
    expect(mine(await dispatcher.workOrders.list({ ...street, statuses: ["received"] }))).toEqual([c]);
    // due at 3 h: overdue from that instant on (the due instant itself is late)
    const overdue = await dispatcher.workOrders.list({ ...street, overdue: true });
    expect(mine(overdue)).toEqual([b]);
    expect(overdue.items.find((i) => i.order.id === b)!.timeUsed?.level).toBe("overdue");
    now = new Date(at(3).getTime() - 1);
    expect(mine(await dispatcher.workOrders.list({ ...street, overdue: true }))).toEqual([]);
    now = at(4);
    expect(
      mine(await unitA.workOrders.inbox({ unitId: world.inside.handlingUnitId, overdue: true, limit: 100 })),
    ).toEqual([b]);
    expect(
      mine(
        await unitA.workOrders.inbox({
          unitId: world.inside.handlingUnitId,
          sort: { key: "receivedAt", direction: "desc" },
          limit: 100,
        }),
      ),
    ).toEqual([b, a]);
    // one at a time: every order once, in order
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof dispatcher.workOrders.list>> = await dispatcher.workOrders.list({
        ...street,
        limit: 1,
        cursor,
      });
      walked.push(...mine(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual([b, a, c]);

    // unit staff have no district view; a street's dispatcher not another street's; a cursor of the
    // other order is refused
    expect((await refused(unitA.workOrders.list(street))).code).toBe("FORBIDDEN");
    // …but know their own units (the console's inbox starts there); others have none
    expect((await unitA.handlingUnits.mine()).map((u) => u.id)).toEqual([world.inside.handlingUnitId]);
    expect(await dispatcher.handlingUnits.mine()).toEqual([]);
    expect(
      (await refused(dispatcher.workOrders.list({ ...street, scopeId: world.outside.subdistrictId }))).code,
    ).toBe("FORBIDDEN");
    const first = await dispatcher.workOrders.list({ ...street, limit: 1 });
    expect(
      (
        await refused(
          dispatcher.workOrders.list({
            ...street,
            limit: 1,
            cursor: first.nextCursor,
            sort: { key: "receivedAt", direction: "desc" },
          }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
  });
  it("times a list's orders over the stored calendar of exactly their years, also for orders from years back", async () => {
    await loadChineseDaysCalendar(t.db, [2025]);
    const resident = await as(world.users.resident.id);
    const unitA = await as(world.users.unit_staff.id);
    const file = async (at: string, text: string) => {
      now = new Date(at);
      return (
        await resident.workOrders.file({
          type: "complaint",
          categoryId,
          compoundId: world.inside.compoundId,
          text,
        })
      ).order;
    };
    // read in 2027: the order of 2025 lies outside the years read beside the page (2026–2028)
    const old = await file("2025-12-30T02:00:00Z", "去年年底的诉求");
    const recent = await file("2026-06-01T02:00:00Z", "今年的诉求");
    now = new Date("2027-03-01T02:00:00Z");
    const calendar = await workingCalendarFrom(t.db, [2025, 2026, 2027]);
    const inbox = await unitA.workOrders.inbox({ unitId: world.inside.handlingUnitId, limit: 100 });
    const mine = await resident.workOrders.mine({ limit: 100 });
    for (const page of [inbox, mine])
      for (const o of [old, recent]) {
        const item = page.items.find((i) => i.order.id === o.id);
        expect(item?.timeUsed).not.toBeNull();
        expect(item?.timeUsed).toEqual(timeUsed(o.receivedAt, now, o.dueAt, calendar));
      }
    // a year no calendar covers shows no time used rather than a guess
    now = new Date("2031-01-05T02:00:00Z");
    const later = await unitA.workOrders.inbox({ unitId: world.inside.handlingUnitId, limit: 100 });
    expect(later.items.find((i) => i.order.id === recent.id)?.timeUsed).toBeNull();
  });
});
