/**
 * 接诉即办 in the database: constraints, dispatch lookup, compare-and-set transitions, the calendar
 * loader, the inbox's keyset paging — on PGlite and on PostgreSQL.
 */
import { addDays, IllegalTransitionError, isWorkingDay, type WorkingCalendar } from "@gongzhi/core";
import { getDayDetail } from "chinese-days";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  calendarYearDays,
  chineseDaysRows,
  correctCalendarDay,
  loadChineseDaysCalendar,
  revertCalendarDay,
  workingCalendarFrom,
} from "../src/calendar.ts";
import { createDatabase, type Db } from "../src/client.ts";
import { DbConstraintError } from "../src/errors.ts";
import { hotlineRepository, WorkOrderConflictError } from "../src/repositories/hotline.ts";
import {
  calendarDays,
  rateFormulas,
  workOrderCoHandlers,
  workOrderEvents,
  workOrders,
} from "../src/schema/index.ts";
import { openTestDatabase, rowCounts, type TestDatabase, testDriver } from "./support/db.ts";
import { makeCompound } from "./support/factory.ts";

let t: TestDatabase;
let db: Db;
let reg: Awaited<ReturnType<typeof makeCompound>>;
let calendar: WorkingCalendar;
const ids = {} as Record<string, string>;

beforeAll(async () => {
  t = await openTestDatabase();
  db = t.db;
  reg = await makeCompound(db);
  await loadChineseDaysCalendar(db, [2025, 2026]);
  calendar = await workingCalendarFrom(db, [2025, 2026]);
  const h = hotlineRepository(db);
  const district = reg.district.id;
  const sub = reg.subdistrict.id;
  const mk = (
    code: string,
    kind: "street_office" | "district_department" | "utility_heating",
    subdistrictId?: string,
  ) =>
    h.createUnit({
      code,
      name: code,
      kind,
      tier:
        kind === "street_office"
          ? "streets_towns"
          : kind === "district_department"
            ? "departments"
            : "utilities",
      areaKind: subdistrictId ? "subdistrict" : "district",
      districtId: district,
      subdistrictId: subdistrictId ?? null,
    });
  ids.street = (await mk("U-STREET", "street_office", sub)).id;
  ids.dept = (await mk("U-DEPT", "district_department")).id;
  ids.heat = (await mk("U-HEAT", "utility_heating")).id;
  ids.other = (await mk("U-OTHER", "street_office", sub)).id;
  const root = await h.createCategory({
    code: "T1",
    nameZh: "城乡建设",
    nameEn: "Urban",
    limitKind: "working_days",
    limitAmount: 13,
  });
  const leaf = await h.createCategory({
    parentId: root.id,
    code: "T1.1",
    nameZh: "电梯故障",
    nameEn: "Lift",
    limitKind: "working_days",
    limitAmount: 3,
  });
  const heat = await h.createCategory({
    code: "T2",
    nameZh: "供暖",
    nameEn: "Heating",
    limitKind: "natural_hours",
    limitAmount: 24,
    allHours: true,
  });
  ids.root = root.id;
  ids.leaf = leaf.id;
  ids.heatCat = heat.id;
  await h.createDispatchRule({ categoryId: root.id, districtId: district, unitId: ids.dept });
  await h.createDispatchRule({
    categoryId: root.id,
    districtId: district,
    subdistrictId: sub,
    unitId: ids.street,
  });
  await h.createDispatchRule({
    categoryId: root.id,
    districtId: district,
    subdistrictId: sub,
    communityId: reg.community.id,
    unitId: ids.other,
  });
  await h.createDispatchRule({ categoryId: heat.id, districtId: district, unitId: ids.heat });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const bj = (s: string) => new Date(`${s}+08:00`);

async function newOrder(receivedAt = bj("2026-03-02T10:00:00"), categoryId = ids.leaf!) {
  return hotlineRepository(db).createWorkOrder(
    {
      type: "complaint",
      channel: "hotline_12345",
      requesterName: "张三",
      requesterPhone: "13912345678",
      districtId: reg.district.id,
      subdistrictId: reg.subdistrict.id,
      communityId: reg.community.id,
      compoundId: reg.compound.id,
      buildingId: reg.building.id,
      text: "电梯停运三天",
      categoryId: categoryId!,
      receivedAt,
    },
    calendar,
  );
}

async function dispatchedTo(unitId: string, receivedAt?: Date) {
  const o = await newOrder(receivedAt);
  await hotlineRepository(db).transition(o.id, {
    to: "dispatched",
    actor: "dispatcher",
    at: new Date(o.receivedAt.getTime() + 60_000),
    unitId,
  });
  return o;
}

describe("integrity in the database", () => {
  it("refuses bad rows with DbConstraintError and changes nothing", async () => {
    const h = hotlineRepository(db);
    const order = await newOrder();
    const before = await rowCounts(db);
    const cases: [() => Promise<unknown>, string][] = [
      // a 退单 without its reason, written straight to the table
      [
        () =>
          db.insert(workOrderEvents).values({
            workOrderId: order.id,
            kind: "transition",
            fromStatus: "dispatched",
            toStatus: "returned",
            actor: "unit_staff",
            reason: "  ",
          }),
        "work_order_events_return_has_reason",
      ],
      [
        () =>
          db.insert(rateFormulas).values({
            version: "bad",
            name: "bad",
            validFrom: "2026-01-01",
            weightResponse: 1000,
            weightResolution: 5000,
            weightSatisfaction: 3999,
            basicallySatisfiedFactor: 9000,
          }),
        "rate_formulas_weights_sum",
      ],
      [
        () =>
          h.createFormula({
            version: "bad2",
            name: "bad",
            validFrom: "2026-01-01",
            weights: { response: 1000, resolution: 5000, satisfaction: 4000 },
            basicallySatisfiedFactor: 9000,
            exclusions: ["no_such_thing" as never],
          }),
        "rate_formulas_exclusions_known",
      ],
      [
        () =>
          db
            .update(workOrders)
            .set({ dueAt: bj("2026-03-01T00:00:00") })
            .where(sql`id = ${order.id}`),
        "work_orders_due_after_received",
      ],
      [
        () => db.update(workOrders).set({ lat: 40.46, lng: null }).where(sql`id = ${order.id}`),
        "work_orders_point_complete",
      ],
      [
        () =>
          h.recordCallback(order.id, {
            contacted: true,
            solved: true,
            satisfaction: "satisfied",
            valid: false,
            at: new Date(),
          }),
        "work_order_callbacks_invalid_has_reason",
      ],
      [
        () =>
          db
            .insert(calendarDays)
            .values({ date: "2026-03-04", kind: "make_up_workday", name: "x", source: "chinese-days" }),
        "calendar_days_make_up_on_weekend",
      ],
      [
        () =>
          h.createCategory({
            code: "BAD",
            nameZh: "供水",
            nameEn: "Water",
            limitKind: "working_days",
            limitAmount: 1,
            allHours: true,
          }),
        "request_categories_all_hours_in_hours",
      ],
      [
        () =>
          h.createDispatchRule({ categoryId: ids.root!, districtId: reg.district.id, unitId: ids.street! }),
        "dispatch_rules_one_current_per_area_uq",
      ],
    ];
    for (const [write, constraint] of cases) {
      const error = await withConstraint(write);
      expect(error, constraint).toBeInstanceOf(DbConstraintError);
      expect((error as DbConstraintError).constraint, constraint).toBe(constraint);
    }
    // one callback per order per round
    await h.recordCallback(order.id, {
      contacted: true,
      solved: true,
      satisfaction: "satisfied",
      at: new Date(),
    });
    const dup = await withConstraint(() =>
      h.recordCallback(order.id, {
        contacted: true,
        solved: false,
        satisfaction: "dissatisfied",
        at: new Date(),
      }),
    );
    expect(dup).toMatchObject({
      code: "unique_violation",
      constraint: "work_order_callbacks_order_round_uq",
    });
    await db.execute(sql`delete from work_order_callbacks where work_order_id = ${order.id}`);
    expect(await rowCounts(db)).toBe(before);
  });
});

async function withConstraint(write: () => Promise<unknown>): Promise<unknown> {
  const { withConstraintErrors } = await import("../src/errors.ts");
  return withConstraintErrors(write).then(
    () => null,
    (e: unknown) => e,
  );
}

describe("dispatch catalogue", () => {
  it("the most specific area wins; a leaf category falls back to its ancestor's rules", async () => {
    const h = hotlineRepository(db);
    const base = { categoryId: ids.leaf!, districtId: reg.district.id };
    expect((await h.dispatchUnitFor(base))?.unitId).toBe(ids.dept);
    expect((await h.dispatchUnitFor({ ...base, subdistrictId: reg.subdistrict.id }))?.unitId).toBe(
      ids.street,
    );
    expect(
      (await h.dispatchUnitFor({ ...base, subdistrictId: reg.subdistrict.id, communityId: reg.community.id }))
        ?.unitId,
    ).toBe(ids.other);
    expect(
      (await h.dispatchUnitFor({ ...base, categoryId: ids.heatCat!, subdistrictId: reg.subdistrict.id }))
        ?.unitId,
    ).toBe(ids.heat);
  });
});

describe("work orders", () => {
  it("numbers orders by Beijing day and times them by the category's limit on the calendar", async () => {
    const a = await newOrder(bj("2026-02-13T10:00:00"));
    const b = await newOrder(bj("2026-02-13T23:30:00"));
    expect(a.number).toMatch(/^20260213\d{5}$/);
    expect(Number(b.number.slice(8))).toBe(Number(a.number.slice(8)) + 1);
    // 3 working days from Fri 02-13: Sat 02-14 (调休), then after the Spring Festival 02-24, 02-25
    expect(a.dueAt.toISOString()).toBe(bj("2026-02-26T00:00:00").toISOString());
    const heat = await newOrder(bj("2026-02-17T08:00:00"), ids.heatCat);
    expect(heat.dueAt.getTime() - heat.receivedAt.getTime()).toBe(24 * 3_600_000);
  });

  it("transitions with a compare-and-set: a stale second accept changes nothing", async () => {
    const h = hotlineRepository(db);
    const o = await dispatchedTo(ids.street!);
    const at = new Date();
    const won = await h.transition(o.id, { to: "accepted", actor: "unit_staff", at, unitId: ids.street });
    expect(won.order.leadUnitId).toBe(ids.street);
    expect(won.order.acceptedAt?.getTime()).toBe(at.getTime());
    const history = await h.getWorkOrderWithHistory(o.id);
    expect(history?.events.map((e) => e.toStatus)).toEqual(["dispatched", "accepted"]);
    // a return needs its reason (core refuses before the database is asked)
    const o2 = await dispatchedTo(ids.street!);
    await expect(
      h.transition(o2.id, { to: "returned", actor: "unit_staff", at, unitId: ids.street }),
    ).rejects.toThrow();
    const r = await h.transition(o2.id, {
      to: "returned",
      actor: "unit_staff",
      at,
      unitId: ids.street,
      reason: "不属本单位职责",
    });
    expect(r.order.returnCount).toBe(1);
    expect(r.event.reason).toBe("不属本单位职责");
  });

  it.runIf(testDriver === "postgres")("two concurrent accepts: exactly one wins (PostgreSQL)", async () => {
    const o = await dispatchedTo(ids.street!);
    // two separate connections, as two handlers' requests would be
    const a = await createDatabase({ driver: "postgres", databaseUrl: t.url!, max: 2 });
    const b = await createDatabase({ driver: "postgres", databaseUrl: t.url!, max: 2 });
    try {
      const at = new Date();
      const results = await Promise.allSettled([
        hotlineRepository(a.db).transition(o.id, {
          to: "accepted",
          actor: "unit_staff",
          at,
          unitId: ids.street,
        }),
        hotlineRepository(b.db).transition(o.id, {
          to: "accepted",
          actor: "unit_staff",
          at,
          unitId: ids.street,
        }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      // The loser read the order either before the winner committed (its compare-and-set finds the
      // status changed: WorkOrderConflictError) or after (core's table refuses accepted → accepted):
      // both are refusals that write nothing, which is what the next lines check.
      expect(
        lost.reason instanceof WorkOrderConflictError || lost.reason instanceof IllegalTransitionError,
      ).toBe(true);
      const history = await hotlineRepository(db).getWorkOrderWithHistory(o.id);
      expect(history?.events.filter((e) => e.toStatus === "accepted")).toHaveLength(1);
      expect(history?.order.status).toBe("accepted");
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("the inbox pages every order exactly once, soonest due first", async () => {
    const h = hotlineRepository(db);
    const inboxUnit = (
      await h.createUnit({
        code: "U-INBOX",
        name: "收件单位",
        kind: "district_department",
        tier: "departments",
        areaKind: "district",
        districtId: reg.district.id,
      })
    ).id;
    const made: string[] = [];
    for (let i = 0; i < 23; i++) {
      // pairs received at the same instant share a due time: the id breaks the tie
      const o = await dispatchedTo(
        inboxUnit,
        bj(`2026-04-${String(1 + Math.floor(i / 2)).padStart(2, "0")}T09:00:00`),
      );
      made.push(o.id);
    }
    const seen: { id: string; dueAt: Date }[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof h.inbox>> = await h.inbox(inboxUnit, {
        statuses: ["dispatched"],
        limit: 5,
        cursor,
      });
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((s) => s.id).sort()).toEqual([...made].sort());
    expect(new Set(seen.map((s) => s.id)).size).toBe(made.length);
    for (let i = 1; i < seen.length; i++) {
      const p = seen[i - 1]!;
      const c = seen[i]!;
      expect(
        p.dueAt.getTime() < c.dueAt.getTime() || (p.dueAt.getTime() === c.dueAt.getTime() && p.id < c.id),
      ).toBe(true);
    }
  });
  it("the inbox with co-handled orders: held and co-handled once each, filtered and paged under either order", async () => {
    const h = hotlineRepository(db);
    const unit = async (code: string) =>
      (
        await h.createUnit({
          code,
          name: code,
          kind: "district_department",
          tier: "departments",
          areaKind: "district",
          districtId: reg.district.id,
        })
      ).id;
    const mine = await unit("U-INBOX-CO");
    const peer = await unit("U-INBOX-PEER");
    const day = (d: number, hh = "09") => bj(`2026-05-${String(d).padStart(2, "0")}T${hh}:00:00`);
    const held = [];
    for (const d of [4, 4, 6, 7, 11]) held.push(await dispatchedTo(mine, day(d)));
    const coOnly = [];
    for (const d of [4, 5, 8, 12]) coOnly.push(await dispatchedTo(peer, day(d, "10")));
    const both = await dispatchedTo(mine, day(9));
    const accepted = await dispatchedTo(mine, day(5));
    await h.transition(accepted.id, {
      to: "accepted",
      actor: "unit_staff",
      at: day(5, "12"),
      unitId: mine,
    });
    const elsewhere = await dispatchedTo(peer, day(6));
    await db
      .insert(workOrderCoHandlers)
      .values([...coOnly, both].map((o) => ({ workOrderId: o.id, unitId: mine })));
    const rows = new Map(
      await Promise.all(
        [...held, ...coOnly, both, accepted, elsewhere].map(
          async (o) => [o.id, (await h.getWorkOrder(o.id))!] as const,
        ),
      ),
    );
    const byDue = (a: { dueAt: Date; id: string }, b: { dueAt: Date; id: string }) =>
      a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : 1);
    const byReceivedDesc = (a: { receivedAt: Date; id: string }, b: { receivedAt: Date; id: string }) =>
      b.receivedAt.getTime() - a.receivedAt.getTime() || (a.id < b.id ? 1 : -1);
    const walk = async (opts: Parameters<typeof h.inbox>[1]) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof h.inbox>> = await h.inbox(mine, { ...opts, limit: 2, cursor });
        seen.push(...page.items.map((o) => o.id));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const ids = (list: { id: string }[]) => list.map((o) => o.id);
    const rowsOf = (list: { id: string }[]) => list.map((o) => rows.get(o.id)!);
    const dispatched = rowsOf([...held, ...coOnly, both]);
    expect(await walk({ statuses: ["dispatched"], withCoHandled: true })).toEqual(
      ids([...dispatched].sort(byDue)),
    );
    expect(
      await walk({
        statuses: ["dispatched"],
        withCoHandled: true,
        sort: { key: "receivedAt", direction: "desc" },
      }),
    ).toEqual(ids([...dispatched].sort(byReceivedDesc)));
    // every status: the accepted order too; held only: neither the co-handled nor the other unit's
    const all = rowsOf([...held, ...coOnly, both, accepted]);
    expect(await walk({ withCoHandled: true })).toEqual(ids([...all].sort(byDue)));
    expect(await walk({ statuses: ["dispatched", "accepted"] })).toEqual(
      ids(rowsOf([...held, both, accepted]).sort(byDue)),
    );
    // each order with its co-handlers, read in the same query
    const everything = (await h.inbox(mine, { withCoHandled: true, limit: 100 })).items;
    const coOf = (id: string) => everything.find((o) => o.id === id)?.coHandlerUnitIds;
    expect(coOf(coOnly[0]!.id)).toEqual([mine]);
    expect(coOf(both.id)).toEqual([mine]);
    expect(coOf(held[0]!.id)).toEqual([]);
    // only the overdue at an instant: due at or before it
    const cut = rows.get(coOnly[1]!.id)!.dueAt;
    expect(await walk({ statuses: ["dispatched"], withCoHandled: true, overdueAt: cut })).toEqual(
      ids(dispatched.filter((o) => o.dueAt.getTime() <= cut.getTime()).sort(byDue)),
    );
  });
});

describe("the working calendar (chinese-days → calendar_days)", () => {
  it("matches chinese-days on every day of 2026", () => {
    for (let d = "2026-01-01"; d.startsWith("2026"); d = addDays(d, 1))
      expect(isWorkingDay(d, calendar), d).toBe(getDayDetail(d).work);
  });

  it("is idempotent and keeps a staff correction", async () => {
    const again = await loadChineseDaysCalendar(db, [2026]);
    expect(again).toEqual([{ year: 2026, status: "official", written: 0, keptStaff: 0, removed: 0 }]);
    // a staff member marks 2026-12-31 (Thu) a holiday — e.g. an announcement the package lags behind —
    // and renames the 2026-10-10 make-up day
    await correctCalendarDay(db, { date: "2026-12-31", kind: "holiday", name: "临时休假", editedById: null });
    await correctCalendarDay(db, {
      date: "2026-10-10",
      kind: "make_up_workday",
      name: "国庆调休（人工核对）",
      editedById: null,
    });
    const before = await rowCounts(db);
    const third = await loadChineseDaysCalendar(db, [2026]);
    expect(third[0]).toMatchObject({ written: 0, keptStaff: 2, removed: 0 });
    expect(await rowCounts(db)).toBe(before);
    const cal = await workingCalendarFrom(db, [2026]);
    expect(isWorkingDay("2026-12-31", cal)).toBe(false);
    expect(isWorkingDay("2026-10-10", cal)).toBe(true);
    const [row] = await db.select().from(calendarDays).where(sql`date = '2026-10-10'`);
    expect(row).toMatchObject({ source: "staff", name: "国庆调休（人工核对）" });
    expect(chineseDaysRows(2026).filter((r) => r.kind === "make_up_workday")).toHaveLength(6);
  });

  it("a `regular` correction overrides a package holiday over reloads; reverting puts the package's row back", async () => {
    // 2026-02-17 (Tue, Spring Festival) declared an ordinary day, 2026-02-14 (调休 Sat) withdrawn
    await correctCalendarDay(db, { date: "2026-02-17", kind: "regular", name: "更正", editedById: null });
    await correctCalendarDay(db, { date: "2026-02-14", kind: "regular", name: "调休取消", editedById: null });
    await loadChineseDaysCalendar(db, [2026]);
    let cal = await workingCalendarFrom(db, [2026]);
    expect(isWorkingDay("2026-02-17", cal)).toBe(true);
    expect(isWorkingDay("2026-02-14", cal)).toBe(false);
    const view = await calendarYearDays(db, 2026);
    expect(view.year).toMatchObject({ year: 2026, status: "official" });
    expect(view.days.find((d) => d.date === "2026-02-17")).toMatchObject({
      kind: "regular",
      source: "staff",
    });
    expect(view.days.map((d) => d.date)).toEqual([...view.days.map((d) => d.date)].sort());

    const back = await revertCalendarDay(db, "2026-02-17");
    expect(back.removed).toMatchObject({ kind: "regular", source: "staff" });
    expect(back.now).toMatchObject({ kind: "holiday", name: "春节", source: "chinese-days", editedAt: null });
    await revertCalendarDay(db, "2026-02-14");
    // a staff row the package has no row for (2026-12-31): reverting leaves an ordinary day
    expect(await revertCalendarDay(db, "2026-12-31")).toMatchObject({ now: null });
    // no staff row: nothing changes
    const before = await rowCounts(db);
    expect(await revertCalendarDay(db, "2026-02-18")).toMatchObject({
      removed: null,
      now: { source: "chinese-days" },
    });
    expect(await revertCalendarDay(db, "2026-03-10")).toEqual({ removed: null, now: null });
    expect(await rowCounts(db)).toBe(before);
    cal = await workingCalendarFrom(db, [2026]);
    for (const d of ["2026-02-14", "2026-02-17", "2026-12-31"])
      expect(isWorkingDay(d, cal), d).toBe(getDayDetail(d).work);
    expect(await calendarYearDays(db, 2031)).toEqual({ year: null, days: [] });
  });

  it("a year chinese-days does not know yet (2027) is provisional: Mon–Fri, and named as such", async () => {
    expect(chineseDaysRows(2027)).toEqual([]);
    expect(await loadChineseDaysCalendar(db, [2027])).toEqual([
      { year: 2027, status: "provisional", written: 0, keptStaff: 0, removed: 0 },
    ]);
    const cal = await workingCalendarFrom(db, [2026, 2027, 2030]);
    expect([...cal.provisionalYears]).toEqual([2027]);
    expect(isWorkingDay("2027-01-04", cal)).toBe(true); // Monday
    expect(isWorkingDay("2027-01-09", cal)).toBe(false); // Saturday
    expect(() => isWorkingDay("2030-01-02", cal)).toThrow(/does not cover 2030/); // never loaded
  });
});

describe("the demo seed's 接诉即办 year", () => {
  let s: TestDatabase;
  beforeAll(async () => {
    s = await openTestDatabase();
    const { seedDemo } = await import("../src/seed/index.ts");
    await seedDemo(s.db, { today: "2026-03-18" });
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  it("lands near the targets: ~10 000 orders, 解决率 ≈ 90 %, 满意率 ≈ 92 %, returns and reopens, winter heating", async () => {
    const q = async (query: ReturnType<typeof sql>) => {
      const r = (await s.db.execute(query)) as unknown as
        | { rows?: Record<string, unknown>[] }
        | Record<string, unknown>[];
      return (Array.isArray(r) ? r : (r.rows ?? []))[0]!;
    };
    const r = await q(sql`with last as (
        select distinct on (cb.work_order_id) cb.* from work_order_callbacks cb join work_orders o on o.id = cb.work_order_id
         where o.type <> 'consultation' order by cb.work_order_id, cb.round desc)
      select (select count(*) from work_orders)::int as orders,
             count(*) filter (where valid)::int as valid,
             count(*) filter (where valid and solved)::int as solved,
             count(*) filter (where valid and satisfaction = 'satisfied')::int as sat,
             count(*) filter (where valid and satisfaction = 'basically_satisfied')::int as basic,
             (select count(*) from work_orders where return_count > 0)::int as returned,
             (select count(*) from work_orders where reopen_count > 0)::int as reopened
        from last`);
    expect(Number(r.orders)).toBe(10_000);
    const valid = Number(r.valid);
    // exact: 解决率 and 满意率 (published variant: 满意 + 0.9 × 基本满意) in basis points
    const resolution = Math.floor((Number(r.solved) * 10_000) / valid);
    const satisfaction = Math.floor(((Number(r.sat) * 10 + Number(r.basic) * 9) * 1000) / valid);
    expect(resolution).toBeGreaterThanOrEqual(8800);
    expect(resolution).toBeLessThanOrEqual(9200);
    expect(satisfaction).toBeGreaterThanOrEqual(9000);
    expect(satisfaction).toBeLessThanOrEqual(9400);
    expect(Number(r.returned)).toBeGreaterThan(250);
    expect(Number(r.returned)).toBeLessThan(600);
    expect(Number(r.reopened)).toBeGreaterThan(200);
    const h = hotlineRepository(s.db);
    const districtId = String((await q(sql`select id from districts where code = '110119'`)).id);
    const dec = await h.report.volumeByTopCategory(districtId, "2025-12");
    const jul = await h.report.volumeByTopCategory(districtId, "2025-07");
    const heating = (rows: typeof dec) => rows.find((x) => x.name === "供暖")?.orders ?? 0;
    expect(heating(dec)).toBeGreaterThan(5 * Math.max(1, heating(jul)));
    const water = (rows: typeof dec) => rows.find((x) => x.name === "供水")?.orders ?? 0;
    expect(water(jul)).toBeGreaterThan(water(dec));
    expect((await h.report.volumeBySubdistrict(districtId, "2025-12")).length).toBe(18);
    expect((await h.report.volumeByUnit(districtId, "2025-12")).length).toBeGreaterThan(20);
    const spots = await h.report.hotSpots(districtId, "2025-12", 5);
    expect(spots.some((x) => x.level === "building")).toBe(true);
    expect(spots.some((x) => x.level === "compound")).toBe(true);
    // every order is due after it was received, and none runs into an uncovered year
    expect(
      Number((await q(sql`select count(*)::int as n from work_orders where due_at < received_at`)).n),
    ).toBe(0);
  });
});
