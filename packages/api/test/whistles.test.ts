/**
 * 街乡吹哨、部门报到 through the API (issue 12): the whole life of a whistle raised from an overdue work
 * order (two units acknowledge, report on site with evidence, finish; the street resolves, rates and
 * closes; residents rate; the month's ranking gives the hand-computed figures), units confined to the
 * whistles that summon them, communities to their own, one winner when acting at once, a refusal
 * escalated to the district, and bad input that changes nothing.
 */
import { hotlineRepository, tables } from "@gongzhi/db";
import { rowCounts } from "@gongzhi/db/testing";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escalateLateWhistles } from "../src/whistle-jobs.ts";
import { callerFor, makeUser, openTestDatabase, type TestDatabase } from "./support.ts";
import { buildWorld, type World } from "./world.ts";

const HOUR = 3_600_000;
/** Monday 2 March 2026, 10:00 Beijing. */
const T0 = new Date("2026-03-02T02:00:00Z");
let now = T0;
const clock = () => now;
const at = (h: number) => new Date(T0.getTime() + h * HOUR);

let t: TestDatabase;
let world: World;
let unitA: string;
let unitB: string;
let unitC: string;
let staffB: string;
let staffC: string;
let overdueOrder: string;

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
const key = (e: TRPCError) => (e as unknown as { messageKey?: string }).messageKey;

async function unit(tag: string, name: string) {
  const u = await hotlineRepository(t.db).createUnit({
    code: `WH${tag}${Date.now().toString(36)}`,
    name,
    kind: "district_department",
    tier: "departments",
    areaKind: "district",
    districtId: world.inside.districtId,
  });
  const staff = await makeUser(t.db, [{ role: "unit_staff", scopeKind: "handling_unit", scopeId: u.id }]);
  return { id: u.id, staff: staff.id };
}

const draft = (summons: { unitId: string; reportBy: Date; acknowledgeBy?: Date | null }[], extra = {}) => ({
  title: "占道经营及违建",
  description: "小区门口长期占道经营，并有违建，社区多次劝导无效。",
  situation: "joint_enforcement" as const,
  severity: "ordinary" as const,
  scope: "single_community" as const,
  subdistrictId: world.inside.subdistrictId,
  communityId: world.inside.communityId,
  place: {
    kind: "compound" as const,
    compoundId: world.inside.compoundId,
    buildingId: null,
    address: "小区南门",
  },
  summons: summons.map((s) => ({ acknowledgeBy: null, ...s })),
  ...extra,
});
const report = (arrivedAt: Date, evidenceIds: string[] = [crypto.randomUUID()]) => ({
  arrivedAt,
  people: ["王队长", "李科员"],
  evidenceIds,
  place: {
    kind: "compound" as const,
    compoundId: world.inside.compoundId,
    buildingId: null,
    address: "小区南门",
  },
  plan: "三日内拆除违建，清理占道",
  plannedFinishOn: "2026-03-05",
});
async function notices(messageKey: string, title: string) {
  return (await t.db.select().from(tables.notifications))
    .filter((n) => {
      const p = n.payload as { messageKey: string; params: { title?: string } };
      return p.messageKey === messageKey && p.params.title === title;
    })
    .map((n) => n.userId)
    .sort();
}

beforeAll(async () => {
  t = await openTestDatabase();
  world = await buildWorld(t.db);
  unitA = world.inside.handlingUnitId;
  const b = await unit("B", "区城管执法局");
  const c = await unit("C", "区住建委");
  unitB = b.id;
  staffB = b.staff;
  unitC = c.id;
  staffC = c.staff;
  const h = hotlineRepository(t.db);
  const cat = await h.createCategory({
    code: `WHC${Date.now().toString(36)}`,
    nameZh: "占道经营",
    nameEn: "Street vending",
    limitKind: "natural_hours",
    limitAmount: 24,
    allHours: true,
  });
  // An order received two days ago with a 24-hour limit: overdue at T0.
  const o = await h.createWorkOrder(
    {
      type: "complaint",
      channel: "hotline_12345",
      districtId: world.inside.districtId,
      subdistrictId: world.inside.subdistrictId,
      communityId: world.inside.communityId,
      compoundId: world.inside.compoundId,
      address: "小区南门",
      text: "门口占道经营",
      categoryId: cat.id,
      receivedAt: at(-48),
    },
    null,
  );
  expect(o.dueAt.getTime()).toBeLessThan(T0.getTime());
  overdueOrder = o.id;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`whistles (${process.env.GONGZHI_TEST_DRIVER ?? "pglite"})`, () => {
  it("the whole life: raised from an overdue order → two units report → resolved, rated, closed → ranked", async () => {
    now = T0;
    const street = await as(world.users.subdistrict_staff.id);
    const raised = await street.whistles.raise(
      draft(
        [
          { unitId: unitA, reportBy: at(4) },
          { unitId: unitB, reportBy: at(4) },
        ],
        {
          title: "全过程吹哨",
          source: { kind: "work_order", id: overdueOrder },
        },
      ),
    );
    const w = raised.whistle;
    // joint enforcement → graded subdistrict (core's gradeWhistleSource); the practice default 2 h to acknowledge
    expect(w).toMatchObject({ level: "subdistrict", sourceLevel: "subdistrict", status: "raised" });
    expect(w.source).toEqual({ kind: "work_order", id: overdueOrder });
    expect(raised.summons.map((s) => s.acknowledgeBy.getTime())).toEqual([at(2).getTime(), at(2).getTime()]);
    expect(await notices("notification.whistle.summoned", "全过程吹哨")).toEqual(
      [world.users.unit_staff.id, staffB].sort(),
    );

    const a = await as(world.users.unit_staff.id);
    const b = await as(staffB);
    now = at(1);
    const ackA = await a.whistles.acknowledge({ id: w.id });
    expect(ackA.whistle.status).toBe("responding");
    await b.whistles.acknowledge({ id: w.id });

    // evidence is required: nothing changes without it
    now = at(3);
    const before = await rowCounts(t.db);
    const noEvidence = await refused(a.whistles.reportOnSite({ id: w.id, report: report(at(2.5), []) }));
    expect(noEvidence.code).toBe("BAD_REQUEST");
    expect(await rowCounts(t.db)).toBe(before);

    await a.whistles.reportOnSite({ id: w.id, report: report(at(2.5)) });
    expect(await notices("notification.whistle.reported", "全过程吹哨")).toEqual([
      world.users.subdistrict_staff.id,
    ]);
    now = at(5); // B reports an hour after its report-by time
    const late = await b.whistles.reportOnSite({ id: w.id, report: report(at(4.5)) });
    expect(late.summons).toMatchObject({ status: "on_site", lateReport: true, lateAcknowledge: false });

    // not every unit finished: cannot resolve yet
    now = at(6);
    expect((await refused(street.whistles.resolve({ id: w.id, resolution: "已处理" }))).code).toBe(
      "CONFLICT",
    );
    await a.whistles.finish({ id: w.id, result: "违建已拆除" });
    await b.whistles.finish({ id: w.id, result: "占道已清理" });
    const resolved = await street.whistles.resolve({ id: w.id, resolution: "违建拆除，占道清理完毕" });
    expect(resolved.whistle.status).toBe("resolved");

    // closing needs the street's rating of every unit that reported
    expect((await refused(street.whistles.close({ id: w.id }))).code).toBe("CONFLICT");
    await street.whistles.rateUnit({ id: w.id, unitId: unitA, timeliness: 5, effect: 5 });
    await street.whistles.rateUnit({
      id: w.id,
      unitId: unitB,
      timeliness: 3,
      effect: 4,
      comment: "报到迟到",
    });
    expect(
      (await refused(street.whistles.rateUnit({ id: w.id, unitId: unitB, timeliness: 1, effect: 1 }))).code,
    ).toBe("CONFLICT");

    // residents of the community rate the result, once each
    await (await as(world.users.resident.id)).whistles.rateResult({ id: w.id, score: 4 });
    await (await as(world.users.verified_owner.id)).whistles.rateResult({ id: w.id, score: 5 });
    expect(
      (await refused((await as(world.users.resident.id)).whistles.rateResult({ id: w.id, score: 1 }))).code,
    ).toBe("CONFLICT");

    now = at(7);
    expect((await street.whistles.close({ id: w.id })).whistle.status).toBe("closed");

    const detail = await street.whistles.get({ id: w.id });
    expect(detail.reports).toHaveLength(2);
    expect(detail.reports[0]!.evidenceIds).toHaveLength(1);
    expect(detail.streetRatings).toHaveLength(2);
    expect(detail.residentRatings.map((r) => r.score).sort()).toEqual([4, 5]);
    // the trace (信息留痕): raised, 2 summoned, 2×(ack, on site, finished), responding, resolved, 2 ratings, 2 resident, closed
    expect(detail.events.map((e) => `${e.kind}:${e.toStatus ?? ""}`)).toEqual([
      "transition:raised",
      "summons_added:summoned",
      "summons_added:summoned",
      "summons_transition:acknowledged",
      "transition:responding",
      "summons_transition:acknowledged",
      "summons_transition:on_site",
      "summons_transition:on_site",
      "summons_transition:finished",
      "summons_transition:finished",
      "transition:resolved",
      "street_rating:",
      "street_rating:",
      "resident_rating:",
      "resident_rating:",
      "transition:closed",
    ]);

    // 双考核 with core's example rule (15/15/20/25/25):
    //  A: ack 1/1, report 1/1, timeliness 5, effect 5, residents 4.5 → 100×(.15+.15+.2+.25+.25×.9) = 97.50
    //  B: ack 1/1, report 0/1, timeliness 3, effect 4, residents 4.5 → 100×(.15+0+.2×.6+.25×.8+.25×.9) = 69.50
    const ranks = await (await as(world.users.district_staff.id)).whistles.rankings({
      districtId: world.inside.districtId,
      month: "2026-03",
    });
    expect(ranks.formulaVersion).toBe("example-15-15-20-25-25");
    expect(
      ranks.rows.map((r) => ({
        unitId: r.unitId,
        rank: r.rank,
        score: r.scoreHundredths,
        report: r.reportOnTime,
      })),
    ).toEqual([
      { unitId: unitA, rank: 1, score: 9750, report: { numerator: 1, denominator: 1 } },
      { unitId: unitB, rank: 2, score: 6950, report: { numerator: 0, denominator: 1 } },
    ]);
    expect(ranks.rows[1]!.streetTimeliness).toEqual({ numerator: 3, denominator: 1 });
    expect(ranks.rows[0]!.resident).toEqual({ numerator: 9, denominator: 2 });
  });

  it("a unit sees only the whistles that summon it; a community only its own", async () => {
    now = T0;
    const street = await as(world.users.subdistrict_staff.id);
    const { whistle: w } = await street.whistles.raise(
      draft([{ unitId: unitA, reportBy: at(4) }], { title: "只召集A" }),
    );
    const c = await as(staffC);
    expect((await refused(c.whistles.get({ id: w.id }))).code).toBe("FORBIDDEN");
    expect((await refused(c.whistles.acknowledge({ id: w.id }))).code).toBe("FORBIDDEN");
    expect((await c.whistles.inbox({ unitId: unitC })).items.map((x) => x.id)).not.toContain(w.id);
    // another unit's inbox is not C's to read
    expect((await refused(c.whistles.inbox({ unitId: unitA }))).code).toBe("FORBIDDEN");
    const a = await as(world.users.unit_staff.id);
    expect((await a.whistles.inbox({ unitId: unitA })).items.map((x) => x.id)).toContain(w.id);
    expect((await a.whistles.get({ id: w.id })).summons).toHaveLength(1);

    // a community raises for its own community only, and sees only its own
    const community = await as(world.users.community_staff.id);
    const own = await community.whistles.raise(
      draft([{ unitId: unitC, reportBy: at(4) }], {
        title: "社区吹哨",
        situation: "public_request",
      }),
    );
    expect(own.whistle.level).toBe("community");
    expect(
      (
        await refused(
          community.whistles.raise(draft([{ unitId: unitC, reportBy: at(4) }], { communityId: null })),
        )
      ).code,
    ).toBe("FORBIDDEN");
    const outsider = await makeUser(t.db, [
      { role: "community_staff", scopeKind: "community", scopeId: world.outside.communityId },
    ]);
    const other = await as(outsider.id);
    expect((await refused(other.whistles.get({ id: own.whistle.id }))).code).toBe("FORBIDDEN");
    expect(
      (await other.whistles.list({ scopeLevel: "community", scopeId: world.outside.communityId })).items,
    ).toEqual([]);
    const mine = await community.whistles.list({
      scopeLevel: "community",
      scopeId: world.inside.communityId,
    });
    expect(mine.items.every((x) => x.communityId === world.inside.communityId)).toBe(true);
    expect(
      (
        await refused(
          community.whistles.list({ scopeLevel: "subdistrict", scopeId: world.inside.subdistrictId }),
        )
      ).code,
    ).toBe("FORBIDDEN");

    // the street's list: filters and keyset pages (every whistle once)
    const page1 = await street.whistles.list({
      scopeLevel: "subdistrict",
      scopeId: world.inside.subdistrictId,
      limit: 1,
    });
    expect(page1.items).toHaveLength(1);
    const all = await street.whistles.list({
      scopeLevel: "subdistrict",
      scopeId: world.inside.subdistrictId,
    });
    const paged = [...page1.items];
    for (let cursor = page1.nextCursor; cursor; ) {
      const p = await street.whistles.list({
        scopeLevel: "subdistrict",
        scopeId: world.inside.subdistrictId,
        limit: 1,
        cursor,
      });
      paged.push(...p.items);
      cursor = p.nextCursor;
    }
    expect(paged.map((x) => x.id)).toEqual(all.items.map((x) => x.id));
    const community2 = await street.whistles.list({
      scopeLevel: "subdistrict",
      scopeId: world.inside.subdistrictId,
      levels: ["community"],
    });
    expect(community2.items.map((x) => x.id)).toEqual([own.whistle.id]);
  });

  it("acting at once: one unit acknowledging twice — one wins; two units at once — the whistle moves once", async () => {
    now = T0;
    const street = await as(world.users.subdistrict_staff.id);
    const { whistle: w } = await street.whistles.raise(
      draft(
        [
          { unitId: unitA, reportBy: at(4) },
          { unitId: unitB, reportBy: at(4) },
        ],
        { title: "并发" },
      ),
    );
    const a1 = await as(world.users.unit_staff.id);
    const a2 = await as(world.users.unit_staff.id);
    const b = await as(staffB);
    const results = await Promise.allSettled([
      a1.whistles.acknowledge({ id: w.id }),
      a2.whistles.acknowledge({ id: w.id }),
      b.whistles.acknowledge({ id: w.id }),
    ]);
    const [r1, r2, r3] = results;
    expect(r3.status).toBe("fulfilled");
    expect([r1.status, r2.status].sort()).toEqual(["fulfilled", "rejected"]);
    const lost = [r1, r2].find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((lost.reason as TRPCError).code).toBe("CONFLICT");
    const d = await street.whistles.get({ id: w.id });
    expect(d.whistle.status).toBe("responding");
    expect(d.events.filter((e) => e.kind === "transition" && e.toStatus === "responding")).toHaveLength(1);
    expect(d.events.filter((e) => e.kind === "summons_transition")).toHaveLength(2);
  });

  it("a refusal: the street is told, the job escalates it (and the whistle) to the district once", async () => {
    now = T0;
    const street = await as(world.users.subdistrict_staff.id);
    const { whistle: w } = await street.whistles.raise(
      draft(
        [
          { unitId: unitA, reportBy: at(4) },
          { unitId: unitC, reportBy: at(4) },
        ],
        { title: "拒绝升级" },
      ),
    );
    const c = await as(staffC);
    expect((await refused(c.whistles.refuse({ id: w.id, reason: "   " }))).code).toBe("BAD_REQUEST");
    now = at(0.5);
    await c.whistles.refuse({ id: w.id, reason: "不属于本单位职责" });
    expect(await notices("notification.whistle.refused", "拒绝升级")).toEqual([
      world.users.subdistrict_staff.id,
    ]);
    const sys = { db: t.db, actor: null, ip: null };
    const first = await escalateLateWhistles(sys, at(0.6));
    expect(first.whistles).toBe(1);
    expect(first.summons).toBeGreaterThanOrEqual(1);
    expect(await escalateLateWhistles(sys, at(0.7))).toEqual({ summons: 0, whistles: 0 });
    const d = await street.whistles.get({ id: w.id });
    expect(d.whistle).toMatchObject({ status: "escalated", level: "district", sourceLevel: "subdistrict" });
    const sc = d.summons.find((s) => s.unitId === unitC)!;
    expect(sc).toMatchObject({ status: "refused", escalationReason: "refused" });
    expect(d.events.filter((e) => e.kind === "summons_escalated" && e.summonsId === sc.id)).toHaveLength(1);
    expect(await notices("notification.whistle.escalated", "拒绝升级")).toEqual([
      world.users.district_staff.id,
    ]);
    // after 升级 only the district adds units
    expect(
      (
        await refused(
          street.whistles.addSummons({
            id: w.id,
            summons: [{ unitId: unitB, reportBy: at(8), acknowledgeBy: null }],
          }),
        )
      ).code,
    ).toBe("CONFLICT");
    const added = await (await as(world.users.district_staff.id)).whistles.addSummons({
      id: w.id,
      summons: [{ unitId: unitB, reportBy: at(8), acknowledgeBy: null }],
    });
    expect(added[0]).toMatchObject({ unitId: unitB, summonedAtLevel: "district" });
    expect(
      (
        await refused(
          (
            await as(world.users.district_staff.id)
          ).whistles.addSummons({
            id: w.id,
            summons: [{ unitId: unitB, reportBy: at(8), acknowledgeBy: null }],
          }),
        )
      ).code,
    ).toBe("CONFLICT");
  });

  it("bad input changes nothing", async () => {
    now = T0;
    const street = await as(world.users.subdistrict_staff.id);
    const before = await rowCounts(t.db);
    const cases = [
      draft([{ unitId: unitA, reportBy: at(-1) }]), // deadline past
      draft([
        { unitId: unitA, reportBy: at(4) },
        { unitId: unitA, reportBy: at(4) },
      ]), // a unit twice
      draft([{ unitId: world.outside.handlingUnitId, reportBy: at(4) }]), // a unit of another district
      draft([{ unitId: unitA, reportBy: at(4) }], { title: "   " }),
      draft([{ unitId: unitA, reportBy: at(4), acknowledgeBy: at(5) }]), // acknowledge after report
      draft([], {}),
      draft([{ unitId: unitA, reportBy: at(4) }], { communityId: world.outside.communityId }),
      draft([{ unitId: unitA, reportBy: at(4) }], {
        source: { kind: "ledger_item", id: crypto.randomUUID() },
      }),
    ];
    for (const input of cases) {
      const e = await refused(street.whistles.raise(input));
      expect(["BAD_REQUEST", "NOT_FOUND", "FORBIDDEN"]).toContain(e.code);
    }
    const deadline = await refused(street.whistles.raise(cases[0]!));
    expect(key(deadline)).toBe("error.whistle.deadline_past");
    expect(key(await refused(street.whistles.raise(cases[2]!)))).toBe("error.whistle.unit_not_available");
    expect(await rowCounts(t.db)).toBe(before);

    // a whistle no unit reported to is withdrawn with its reason; its summonses are cancelled
    const { whistle: w } = await street.whistles.raise(
      draft([{ unitId: unitA, reportBy: at(4) }], { title: "撤哨" }),
    );
    expect((await refused(street.whistles.withdraw({ id: w.id, reason: "" }))).code).toBe("BAD_REQUEST");
    const out = await street.whistles.withdraw({ id: w.id, reason: "已由物业自行解决" });
    expect(out.whistle.status).toBe("withdrawn");
    const [s] = await t.db
      .select()
      .from(tables.whistleSummons)
      .where(eq(tables.whistleSummons.whistleId, w.id));
    expect(s!.status).toBe("cancelled");
    // a cancelled summons no longer lets the unit in
    expect((await refused((await as(world.users.unit_staff.id)).whistles.get({ id: w.id }))).code).toBe(
      "FORBIDDEN",
    );
  });
});
