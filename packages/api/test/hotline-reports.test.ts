/**
 * 接诉考评与分析 through the API: the 月报 and 日报 figures, rankings by group with month-over-month
 * change, and the 治理类 communities with their ledgers — all checked against a small district whose
 * every figure is counted by hand below (formula "rep-v1" = the published 10/50/40 with 基本满意 × 0.9).
 *
 * May 2025 (the report month), all orders of one 24-hour category tree (根 › K1, K2):
 *   unit A  (street, community C1, compound P, building B), received 10 May 09:00 Beijing:
 *     a1 contacted·solved·满意, answered +10 h     a2 contacted·solved·基本满意, +20 h
 *     a3 contacted·unsolved·不满意, +30 h (late)  a4 咨询 (K2) with a 满意 callback, +40 h (late)
 *     → base 3 (咨询 excluded): 响应 100 %, 解决 66.67 %, 满意 (1 + 0.9)/3 = 63.33 %, 综合 68.67
 *   unit S2 (street, C2), 9 May: s1, s2 contacted·solved·满意, +2 h / +4 h → 综合 100
 *   unit P1 (police, C3 in street SB), 20 May: contacted·solved·满意, +5 h → 100
 *   unit P2 (police, C3), 20 May: contacted·solved·不满意, +50 h (late) → 10 + 50 + 0 = 60
 *   unit D1 (department, C4 in SB): d1 received 9 May 10:00, d2 received 10 May 02:00, never answered
 *   C5 (SB) has no order.
 * April 2025: A one order contacted·solved·满意 (100); S2 one contacted·unsolved·不满意 (10).
 */
import { beijingStartOfDay, type CallbackSatisfaction, type WorkOrderType } from "@gongzhi/core";
import { hotlineRepository, ledgerRepository, registryRepository, tables } from "@gongzhi/db";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, openTestDatabase, type TestDatabase } from "./support.ts";
import { buildWorld, type World } from "./world.ts";

const HOUR = 3_600_000;
const now = new Date("2025-06-15T04:00:00Z");
const clock = () => now;

let t: TestDatabase;
let world: World;
const u: Record<"A" | "S2" | "P1" | "P2" | "D1", string> = { A: "", S2: "", P1: "", P2: "", D1: "" };
const c: Record<"C1" | "C2" | "C3" | "C4" | "C5", string> = { C1: "", C2: "", C3: "", C4: "", C5: "" };
let sbId: string;
let k1: string;
let k2: string;
let districtId: string;

const as = async (userId: string) => (await callerFor(t.db, userId, { now: clock })).caller;
const bj = (isoLocal: string) => new Date(`${isoLocal}+08:00`);

type Cb = { contacted: boolean; solved: boolean; satisfaction: CallbackSatisfaction };
const ok: Cb = { contacted: true, solved: true, satisfaction: "satisfied" };

async function order(o: {
  unit: string;
  community: string;
  subdistrict: string;
  at: Date;
  answerAfterHours?: number;
  callback?: Cb;
  type?: WorkOrderType;
  category?: string;
  compound?: boolean;
}) {
  const h = hotlineRepository(t.db);
  const w = await h.createWorkOrder(
    {
      type: o.type ?? "complaint",
      channel: "hotline_12345",
      districtId,
      subdistrictId: o.subdistrict,
      communityId: o.community,
      compoundId: o.compound ? world.inside.compoundId : null,
      buildingId: o.compound ? world.inside.buildingId : null,
      text: "报表测试",
      categoryId: o.category ?? k1,
      receivedAt: o.at,
    },
    null,
  );
  const step = (ms: number) => new Date(o.at.getTime() + ms);
  await h.transition(w.id, { to: "dispatched", actor: "dispatcher", unitId: o.unit, at: step(HOUR / 2) });
  await h.transition(w.id, { to: "accepted", actor: "unit_staff", unitId: o.unit, at: step(HOUR) });
  if (o.answerAfterHours === undefined) return w.id;
  await h.transition(w.id, { to: "in_progress", actor: "unit_staff", unitId: o.unit, at: step(HOUR) });
  await h.transition(w.id, {
    to: "answered",
    actor: "unit_staff",
    unitId: o.unit,
    answer: "已处理",
    at: step(o.answerAfterHours * HOUR),
  });
  if (o.callback) await h.recordCallback(w.id, { ...o.callback, at: step((o.answerAfterHours + 20) * HOUR) });
  return w.id;
}

beforeAll(async () => {
  t = await openTestDatabase();
  world = await buildWorld(t.db);
  districtId = world.inside.districtId;
  const r = registryRepository(t.db);
  const h = hotlineRepository(t.db);
  const tag = Date.now().toString(36);
  const sb = await r.createSubdistrict({ districtId, code: `R${tag}SB`, name: "妫水街道", kind: "street" });
  sbId = sb.id;
  const community = (code: string, name: string, subdistrictId: string) =>
    r
      .createCommunity({
        subdistrictId,
        code: `R${tag}${code}`,
        name,
        kind: "community",
        supportThreshold: 2,
      })
      .then((x) => x.id);
  c.C1 = world.inside.communityId;
  c.C2 = await community("C2", "二社区", world.inside.subdistrictId);
  c.C3 = await community("C3", "三社区", sb.id);
  c.C4 = await community("C4", "四社区", sb.id);
  c.C5 = await community("C5", "五社区", sb.id);
  const unit = (code: string, kind: "street_office" | "police_station" | "district_department") =>
    h
      .createUnit({
        code: `R${tag}${code}`,
        name: `单位${code}`,
        kind,
        tier: kind === "street_office" ? "streets_towns" : "departments",
        areaKind: "district",
        districtId,
      })
      .then((x) => x.id);
  u.A = world.inside.handlingUnitId;
  u.S2 = await unit("S2", "street_office");
  u.P1 = await unit("P1", "police_station");
  u.P2 = await unit("P2", "police_station");
  u.D1 = await unit("D1", "district_department");
  const root = await h.createCategory({
    code: `R${tag}R`,
    nameZh: "城乡建设",
    nameEn: "Urban",
    limitKind: "natural_hours",
    limitAmount: 24,
    allHours: true,
  });
  const cat = (code: string, nameZh: string) =>
    h
      .createCategory({
        parentId: root.id,
        code: `R${tag}${code}`,
        nameZh,
        nameEn: code,
        limitKind: "natural_hours",
        limitAmount: 24,
        allHours: true,
      })
      .then((x) => x.id);
  k1 = await cat("K1", "供水");
  k2 = await cat("K2", "政策咨询");
  await h.createFormula({
    version: "rep-v1",
    name: "公开口径 10/50/40",
    validFrom: "2020-01-01",
    weights: { response: 1000, resolution: 5000, satisfaction: 4000 },
    basicallySatisfiedFactor: 9000,
    exclusions: ["consultation", "duplicate_merged", "invalid_callback"],
  });
  await h.createFormula({
    version: "rep-v2",
    name: "20/40/40，基本满意 0.8",
    validFrom: "2025-05-01",
    weights: { response: 2000, resolution: 4000, satisfaction: 4000 },
    basicallySatisfiedFactor: 8000,
    exclusions: ["consultation", "duplicate_merged", "invalid_callback"],
  });
  const inside = world.inside.subdistrictId;
  const a = {
    unit: u.A,
    community: c.C1,
    subdistrict: inside,
    at: bj("2025-05-10T09:00:00"),
    compound: true,
  };
  await order({ ...a, answerAfterHours: 10, callback: ok });
  await order({ ...a, answerAfterHours: 20, callback: { ...ok, satisfaction: "basically_satisfied" } });
  await order({
    ...a,
    answerAfterHours: 30,
    callback: { contacted: true, solved: false, satisfaction: "dissatisfied" },
  });
  await order({ ...a, answerAfterHours: 40, callback: ok, type: "consultation", category: k2 });
  const s = { unit: u.S2, community: c.C2, subdistrict: inside, at: bj("2025-05-09T09:00:00") };
  await order({ ...s, answerAfterHours: 2, callback: ok });
  await order({ ...s, answerAfterHours: 4, callback: ok });
  const p = { community: c.C3, subdistrict: sb.id, at: bj("2025-05-20T09:00:00") };
  await order({ ...p, unit: u.P1, answerAfterHours: 5, callback: ok });
  await order({ ...p, unit: u.P2, answerAfterHours: 50, callback: { ...ok, satisfaction: "dissatisfied" } });
  await order({ unit: u.D1, community: c.C4, subdistrict: sb.id, at: bj("2025-05-09T10:00:00") });
  await order({ unit: u.D1, community: c.C4, subdistrict: sb.id, at: bj("2025-05-10T02:00:00") });
  // April
  await order({ ...a, at: bj("2025-04-15T09:00:00"), answerAfterHours: 3, callback: ok });
  await order({
    ...s,
    at: bj("2025-04-15T09:00:00"),
    answerAfterHours: 3,
    callback: { contacted: true, solved: false, satisfaction: "dissatisfied" },
  });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function refused(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe(`hotline reports (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("月报: volumes, hot spots, slowest units and each unit's rates match the hand count", async () => {
    const staff = await as(world.users.district_staff.id);
    const m = await staff.workOrders.reports.monthly({ districtId, month: "2025-05", version: "rep-v1" });
    expect(m.formula.version).toBe("rep-v1");
    expect(m.orders).toBe(10);
    // base 7: contacted 7, solved 6, 满意 4, 基本满意 1, 不满意 2
    expect(m.rates).toMatchObject({
      base: 7,
      contacted: 7,
      solved: 6,
      satisfied: 4,
      basicallySatisfied: 1,
      dissatisfied: 2,
      response: 10000,
      resolution: 8571,
      satisfaction: 7000,
      score: 8086,
    });
    expect(m.byTopCategory.map((v) => [v.name, v.orders])).toEqual([["城乡建设", 10]]);
    expect(m.byCategory.map((v) => [v.id, v.orders])).toEqual([
      [k1, 9],
      [k2, 1],
    ]);
    expect(Object.fromEntries(m.bySubdistrict.map((v) => [v.id, v.orders]))).toEqual({
      [world.inside.subdistrictId]: 6,
      [sbId]: 4,
    });
    expect(Object.fromEntries(m.byUnit.map((v) => [v.id, v.orders]))).toEqual({
      [u.A]: 4,
      [u.S2]: 2,
      [u.P1]: 1,
      [u.P2]: 1,
      [u.D1]: 2,
    });
    expect(m.hotSpots.map((h) => [h.level, h.id, h.orders, h.topCategoryName])).toEqual([
      ["building", world.inside.buildingId, 4, "供水"],
      ["compound", world.inside.compoundId, 4, "供水"],
    ]);
    // slowest: P2 50 h, A (10+20+30+40)/4 = 25 h, P1 5 h, S2 3 h, D1 nothing answered
    expect(m.slowestUnits.map((s) => [s.id, s.answered, s.avgHours, s.medianHours, s.overdue])).toEqual([
      [u.P2, 1, 50, 50, 1],
      [u.A, 4, 25, 25, 2],
      [u.P1, 1, 5, 5, 0],
      [u.S2, 2, 3, 3, 0],
      [u.D1, 0, null, null, 2],
    ]);
    const a = m.units.find((x) => x.id === u.A)!;
    expect(a.rates).toMatchObject({
      base: 3,
      response: 10000,
      resolution: 6667,
      satisfaction: 6333,
      score: 6867,
    });
    expect(a.rank).toBe(2);
    expect(m.units.find((x) => x.id === u.D1)).toMatchObject({ tier: "departments", rank: null, orders: 2 });
  });

  it("a unit's figure equals workOrders.rates for the same unit, month and version (the orders behind it)", async () => {
    const staff = await as(world.users.district_staff.id);
    const r = await staff.workOrders.rankings({
      districtId,
      month: "2025-05",
      tier: "streets_towns",
      version: "rep-v1",
    });
    const a = r.units.find((x) => x.id === u.A)!;
    const drill = await staff.workOrders.rates(a.drill);
    expect(drill.formula.version).toBe("rep-v1");
    expect(drill.score.hundredths).toBe(a.rates.score);
    expect(drill.baseOrderIds).toHaveLength(a.rates.base);
    expect(drill.resolution.numeratorOrderIds).toHaveLength(a.rates.solved);
  });

  it("rankings: grouped by kind (police apart from departments), ranked, with the change against April", async () => {
    const staff = await as(world.users.district_staff.id);
    const streets = await staff.workOrders.rankings({
      districtId,
      month: "2025-05",
      tier: "streets_towns",
      version: "rep-v1",
    });
    expect(streets.previousMonth).toBe("2025-04");
    // May: S2 100 (1st), A 68.67 (2nd); April: A 100 (1st), S2 10 (2nd)
    expect(
      streets.units.map((x) => [x.id, x.rates.score, x.rank, x.previousRank, x.rankChange, x.previousScore]),
    ).toEqual([
      [u.S2, 10000, 1, 2, 1, 1000],
      [u.A, 6867, 2, 1, -1, 10000],
    ]);
    const police = await staff.workOrders.rankings({
      districtId,
      month: "2025-05",
      tier: "police",
      version: "rep-v1",
    });
    expect(police.units.map((x) => [x.id, x.rates.score, x.rank, x.rankChange])).toEqual([
      [u.P1, 10000, 1, null],
      [u.P2, 6000, 2, null],
    ]);
    const departments = await staff.workOrders.rankings({
      districtId,
      month: "2025-05",
      tier: "departments",
      version: "rep-v1",
    });
    expect(departments.units.map((x) => [x.id, x.rank])).toEqual([[u.D1, null]]);
    expect(streets.tierSizes).toEqual({
      streets_towns: 2,
      departments: 1,
      utilities: 0,
      police: 2,
      property: 0,
    });
  });

  it("rankings name the formula in force on the month's last day, or the one chosen", async () => {
    const staff = await as(world.users.district_staff.id);
    const r = await staff.workOrders.rankings({ districtId, month: "2025-05", tier: "streets_towns" });
    expect(r.formula.version).toBe("rep-v2");
    // A under 20/40/40 and 0.8: 20 + 40 × 2/3 + 40 × 1.8/3 = 70.67
    expect(r.units.find((x) => x.id === u.A)!.rates.score).toBe(7067);
    expect(r.units.every((x) => x.drill.version === "rep-v2")).toBe(true);
    const april = await staff.workOrders.rankings({ districtId, month: "2025-04", tier: "streets_towns" });
    expect(april.formula.version).toBe("rep-v1");
  });

  it("日报: the day's counts, new orders by category and 街道, orders nearing their limit, hot spots", async () => {
    const staff = await as(world.users.subdistrict_staff.id); // a street's staff read their district's report
    const d = await staff.workOrders.reports.daily({ districtId, date: "2025-05-10" });
    // received: a1–a4 and d2; dispatched the same; answered: a1 (19:00); overdue: d1 (due 10 May 10:00)
    expect(d.counts).toEqual({ received: 5, dispatched: 5, answered: 1, overdue: 1 });
    expect(d.asOf).toEqual(beijingStartOfDay("2025-05-11"));
    expect(Object.fromEntries(d.byCategory.map((v) => [v.id, v.orders]))).toEqual({ [k1]: 4, [k2]: 1 });
    expect(Object.fromEntries(d.bySubdistrict.map((v) => [v.id, v.orders]))).toEqual({
      [world.inside.subdistrictId]: 4,
      [sbId]: 1,
    });
    // at 24:00: a2–a4 have used 15/24 h (62.5 %), d2 22/24 h (91.67 %) — only d2 is near its limit
    expect(d.nearingLimit.total).toBe(1);
    expect(d.nearingLimit.orders[0]).toMatchObject({ used: 0.9167, unitName: expect.stringContaining("D1") });
    expect(d.hotSpots.map((h) => [h.level, h.orders])).toEqual([
      ["building", 4],
      ["compound", 4],
    ]);
  });

  it("治理类: the bottom N by 综合 and the top M by volume, exactly at the boundaries", async () => {
    const staff = await as(world.users.district_staff.id);
    const list = async (bottomN: number, topM: number) => {
      await staff.workOrders.governanceCommunities.saveSettings({ districtId, settings: { bottomN, topM } });
      const l = await staff.workOrders.governanceCommunities.list({
        districtId,
        month: "2025-05",
        version: "rep-v1",
      });
      return l.communities.map((x) => [x.communityId, x.reasons.map((r) => `${r.kind}:${r.position}`)]);
    };
    // scores: C1 68.67, C3 80, C2 100, C4 and C5 none; volumes: C1 4, C2 2, C3 2, C4 2, C5 0
    expect(await list(1, 1)).toEqual([[c.C1, ["bottom_score:1", "top_volume:1"]]]);
    expect(await list(2, 2)).toEqual([
      [c.C1, ["bottom_score:1", "top_volume:1"]],
      [c.C3, ["bottom_score:2", "top_volume:2"]],
    ]);
    // N = 3 takes C2 as well; the unscored C4 and C5 are never "bottom by score"
    expect(await list(3, 0)).toEqual([
      [c.C1, ["bottom_score:1"]],
      [c.C3, ["bottom_score:2"]],
      [c.C2, ["bottom_score:3"]],
    ]);
    expect(await list(5, 0)).toHaveLength(3);
    // by volume, ties broken by the lower score (unscored last): C1, C3, C2, C4 — then C5 at M = 5
    expect(await list(0, 4)).toEqual([
      [c.C1, ["top_volume:1"]],
      [c.C3, ["top_volume:2"]],
      [c.C2, ["top_volume:3"]],
      [c.C4, ["top_volume:4"]],
    ]);
    expect((await list(0, 5)).map((x) => x[0])).toContain(c.C5);
  });

  it("openLedgers opens one ledger per listed community, audited, and opens nothing new the second time", async () => {
    const staff = await as(world.users.district_staff.id);
    await staff.workOrders.governanceCommunities.saveSettings({
      districtId,
      settings: { bottomN: 1, topM: 1 },
    });
    const audits = async () => (await t.db.select().from(tables.auditLog)).length;
    const before = await audits();
    const first = await staff.workOrders.governanceCommunities.openLedgers({
      districtId,
      month: "2025-05",
      version: "rep-v1",
    });
    expect(first).toMatchObject({ listed: 1, alreadyOpen: 0, deadline: "2025-07-31" });
    expect(first.opened.map((o) => o.communityId)).toEqual([c.C1]);
    expect(await audits()).toBe(before + 2); // the run and the ledger item
    const item = await ledgerRepository(t.db).get(first.opened[0]!.ledgerItemId);
    expect(item).toMatchObject({
      communityId: c.C1,
      deadline: "2025-07-31",
      supervisionLevel: "community",
      status: "open",
    });
    expect(item!.description).toContain("倒数第1名");

    const itemsOf = async () =>
      (await t.db.select().from(tables.ledgerItems).where(eq(tables.ledgerItems.communityId, c.C1))).length;
    const itemsBefore = await itemsOf();
    const again = await staff.workOrders.governanceCommunities.openLedgers({
      districtId,
      month: "2025-05",
      version: "rep-v1",
    });
    expect(again).toMatchObject({ listed: 1, opened: [], alreadyOpen: 1 });
    expect(await itemsOf()).toBe(itemsBefore);

    // widening the rule opens only the newcomer
    await staff.workOrders.governanceCommunities.saveSettings({
      districtId,
      settings: { bottomN: 2, topM: 2 },
    });
    const wider = await staff.workOrders.governanceCommunities.openLedgers({
      districtId,
      month: "2025-05",
      version: "rep-v1",
    });
    expect(wider.opened.map((o) => o.communityId)).toEqual([c.C3]);
    expect(wider.alreadyOpen).toBe(1);
    const l = await staff.workOrders.governanceCommunities.list({
      districtId,
      month: "2025-05",
      version: "rep-v1",
    });
    expect(l.communities.every((x) => x.ledger !== null)).toBe(true);
  });

  it("refuses a past deadline, an unknown version and other districts' staff, changing nothing", async () => {
    const staff = await as(world.users.district_staff.id);
    const count = async () => (await t.db.select().from(tables.ledgerItems)).length;
    const n = await count();
    const e = await refused(
      staff.workOrders.governanceCommunities.openLedgers({
        districtId,
        month: "2025-06",
        deadline: "2025-06-01",
      }),
    );
    expect(e.code).toBe("BAD_REQUEST");
    expect(
      (
        await refused(
          staff.workOrders.rankings({ districtId, month: "2025-05", tier: "police", version: "no-such" }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    const outsider = await as(world.users.community_staff.id);
    expect((await refused(outsider.workOrders.reports.monthly({ districtId, month: "2025-05" }))).code).toBe(
      "FORBIDDEN",
    );
    expect(
      (
        await refused(
          (
            await as(world.users.subdistrict_staff.id)
          ).workOrders.governanceCommunities.openLedgers({
            districtId,
            month: "2025-05",
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(await count()).toBe(n);
  });
});
