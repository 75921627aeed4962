import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CallbackSatisfaction } from "../../src/model/enums.ts";
import { rateFormula } from "../../src/model/hotline.ts";
import {
  compareFractions,
  computeHotlineRates,
  type HotlineRateClass,
  type HotlineRateFormula,
  type HotlineRateOrder,
  hotlineFormulaFor,
  hotlineRankingTierOf,
  hotlineRankingTiers,
  publishedHotlineFormulaExample,
  RuleInputError,
  rankUnits,
  selectGovernanceCommunities,
  tallyHotlineRates,
} from "../../src/rules/index.ts";

const at = new Date("2026-03-10T02:00:00Z");
const later = new Date("2026-03-20T02:00:00Z");

function order(
  id: string,
  cb: null | { contacted?: boolean; solved?: boolean; satisfaction?: CallbackSatisfaction; valid?: boolean },
  extra: Partial<HotlineRateOrder> = {},
): HotlineRateOrder {
  return {
    id,
    type: "complaint",
    status: "closed",
    mergedIntoId: null,
    callbacks: cb
      ? [
          {
            at,
            contacted: cb.contacted ?? true,
            solved: cb.solved ?? true,
            satisfaction: cb.satisfaction ?? "satisfied",
            valid: cb.valid ?? true,
          },
        ]
      : [],
    ...extra,
  };
}

/** 10 valid callbacks: all contacted, 8 solved, 6 满意 + 3 基本满意 + 1 不满意 — plus four that do not count. */
const fixture: HotlineRateOrder[] = [
  ...[1, 2, 3, 4, 5, 6].map((i) => order(`o${i}`, { solved: i <= 5 })),
  ...[7, 8, 9].map((i) => order(`o${i}`, { satisfaction: "basically_satisfied", solved: i <= 8 })),
  order("o10", { satisfaction: "dissatisfied", solved: true }),
  order("c1", { solved: false, satisfaction: "dissatisfied" }, { type: "consultation" }),
  order("d1", { solved: false, satisfaction: "dissatisfied" }, { status: "merged", mergedIntoId: "o1" }),
  order("i1", { solved: false, satisfaction: "dissatisfied", valid: false }),
  order("n1", null, { status: "in_progress" }),
];

describe("computeHotlineRates (响应率 / 解决率 / 满意率 / 综合成绩)", () => {
  it("the published formula, worked by hand: 100 %, 80 %, 87 %, 综合 84.80", () => {
    const r = computeHotlineRates(fixture, publishedHotlineFormulaExample);
    expect(r.formulaVersion).toBe("published-10-50-40");
    expect(r.baseOrderIds).toEqual(["o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8", "o9", "o10"]);
    expect(r.excluded).toEqual([
      { orderId: "c1", reason: "consultation" },
      { orderId: "d1", reason: "duplicate_merged" },
      { orderId: "i1", reason: "invalid_callback" },
      { orderId: "n1", reason: "no_callback" },
    ]);
    expect(r.response).toMatchObject({
      denominator: 10,
      rate: { numerator: 1, denominator: 1 },
      basisPoints: 10_000,
    });
    expect(r.resolution).toMatchObject({
      numerator: { numerator: 8, denominator: 1 },
      rate: { numerator: 4, denominator: 5 },
      basisPoints: 8000,
    });
    expect(r.resolution.numeratorOrderIds).toEqual(["o1", "o2", "o3", "o4", "o5", "o7", "o8", "o10"]);
    // (6 + 0.9 × 3) / 10 = 8.7 / 10
    expect(r.satisfaction).toMatchObject({
      numerator: { numerator: 87, denominator: 10 },
      rate: { numerator: 87, denominator: 100 },
      basisPoints: 8700,
      satisfied: 6,
      basicallySatisfied: 3,
      dissatisfied: 1,
    });
    // 0.1 × 100 + 0.5 × 80 + 0.4 × 87 = 10 + 40 + 34.8
    expect(r.score).toEqual({ value: { numerator: 424, denominator: 5 }, hundredths: 8480 });
  });

  it("changing one weight changes 综合 exactly as by hand (0.2 / 0.4 / 0.4 → 86.80), and the factor too", () => {
    const f: HotlineRateFormula = {
      ...publishedHotlineFormulaExample,
      version: "v2",
      weights: { response: 2000, resolution: 4000, satisfaction: 4000 },
    };
    // 0.2 × 100 + 0.4 × 80 + 0.4 × 87 = 20 + 32 + 34.8 = 86.8
    expect(computeHotlineRates(fixture, f).score).toEqual({
      value: { numerator: 434, denominator: 5 },
      hundredths: 8680,
    });
    // 基本满意 at 0.8: 满意率 (6 + 2.4) / 10 = 84 %; 综合 = 10 + 40 + 33.6 = 83.6
    const g = { ...publishedHotlineFormulaExample, basicallySatisfiedFactor: 8000 };
    const r = computeHotlineRates(fixture, g);
    expect(r.satisfaction.basisPoints).toBe(8400);
    expect(r.score.hundredths).toBe(8360);
  });

  it("exclusions come from the formula: without them the consultation, duplicate and invalid callback count", () => {
    const none = { ...publishedHotlineFormulaExample, exclusions: [] };
    const r = computeHotlineRates(fixture, none);
    expect(r.baseOrderIds).toHaveLength(13);
    expect(r.excluded).toEqual([{ orderId: "n1", reason: "no_callback" }]);
    expect(r.satisfaction.invalidInBase).toBe(1);
    // contacted: 10 + c1 + d1 (the invalid one counts as nothing) = 12 / 13
    expect(r.response.rate).toEqual({ numerator: 12, denominator: 13 });
    expect(r.resolution.rate).toEqual({ numerator: 8, denominator: 13 });
  });

  it("thirds stay exact (no float drift); the latest callback of a reopened order counts", () => {
    const r = computeHotlineRates(
      [
        order("a", { solved: true }),
        order("b", { solved: false, satisfaction: "dissatisfied" }),
        {
          ...order("c", { solved: false, satisfaction: "dissatisfied" }),
          callbacks: [
            { at: later, contacted: true, solved: false, satisfaction: "dissatisfied", valid: true },
            { at, contacted: true, solved: true, satisfaction: "satisfied", valid: true },
          ],
        },
      ],
      publishedHotlineFormulaExample,
    );
    expect(r.resolution.rate).toEqual({ numerator: 1, denominator: 3 });
    expect(r.resolution.basisPoints).toBe(3333);
    // 10 + 50/3 + 40/3 = 40
    expect(r.score.value).toEqual({ numerator: 40, denominator: 1 });
  });

  it("empty base: every rate null; refuses duplicates and bad formulas", () => {
    const r = computeHotlineRates([order("x", null)], publishedHotlineFormulaExample);
    expect([r.response.rate, r.satisfaction.basisPoints, r.score.value]).toEqual([null, null, null]);
    expect(() =>
      computeHotlineRates([order("x", null), order("x", null)], publishedHotlineFormulaExample),
    ).toThrow(RuleInputError);
    expect(() =>
      computeHotlineRates([], {
        ...publishedHotlineFormulaExample,
        weights: { response: 1000, resolution: 5000, satisfaction: 3000 },
      }),
    ).toThrow(/10 000/);
  });

  it("the rateFormula schema stores the published variant and refuses weights that do not add up", () => {
    const row = {
      id: "00000000-0000-4000-8000-000000000001",
      name: "接诉即办考评（示例）",
      validFrom: "2026-01-01",
      validTo: null,
      source: "DOMAIN.md §9",
      ...publishedHotlineFormulaExample,
      exclusions: [...publishedHotlineFormulaExample.exclusions],
    };
    expect(rateFormula.safeParse(row).success).toBe(true);
    expect(
      rateFormula.safeParse({ ...row, weights: { response: 1000, resolution: 5000, satisfaction: 3999 } })
        .success,
    ).toBe(false);
    expect(rateFormula.safeParse({ ...row, basicallySatisfiedFactor: 0.9 }).success).toBe(false);
    const v2 = { ...row, version: "v2", validFrom: "2026-07-01" };
    expect(hotlineFormulaFor([row, { ...row, validTo: "2026-06-30" }, v2], "2026-06-30")?.version).toBe(
      "published-10-50-40",
    );
    expect(hotlineFormulaFor([{ ...row, validTo: "2026-06-30" }, v2], "2026-07-01")?.version).toBe("v2");
    expect(hotlineFormulaFor([v2], "2026-01-01")).toBeNull();
  });

  const cbArb = fc.record({
    contacted: fc.boolean(),
    solved: fc.boolean(),
    satisfaction: fc.constantFrom<CallbackSatisfaction>("satisfied", "basically_satisfied", "dissatisfied"),
    valid: fc.boolean(),
  });
  const weightsArb = fc
    .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }))
    .map(([a, b]) => {
      const [x, y] = a <= b ? [a, b] : [b, a];
      return { response: x, resolution: y - x, satisfaction: 10_000 - y };
    });

  it("properties: 0 ≤ 综合 ≤ 100, exact, and one more solved order never lowers it", () => {
    fc.assert(
      fc.property(
        fc.array(cbArb, { minLength: 1, maxLength: 40 }),
        weightsArb,
        fc.integer({ min: 0, max: 10_000 }),
        (cbs, weights, factor) => {
          const f: HotlineRateFormula = {
            version: "p",
            weights,
            basicallySatisfiedFactor: factor,
            exclusions: ["invalid_callback"],
          };
          const orders = cbs.map((c, i) => order(`o${i}`, c));
          const r = computeHotlineRates(orders, f);
          if (r.score.value === null) return;
          expect(compareFractions(r.score.value, { numerator: 0, denominator: 1 })).toBeGreaterThanOrEqual(0);
          expect(compareFractions(r.score.value, { numerator: 100, denominator: 1 })).toBeLessThanOrEqual(0);
          // the score is exactly the weighted sum of the three rates
          const d = r.baseOrderIds.length;
          const n = (x: { numerator: { numerator: number; denominator: number } }) =>
            x.numerator.numerator / x.numerator.denominator;
          const approx =
            (weights.response * n(r.response) +
              weights.resolution * n(r.resolution) +
              weights.satisfaction * n(r.satisfaction)) /
            (100 * d);
          expect(r.score.value.numerator / r.score.value.denominator).toBeCloseTo(approx, 9);
          const i = cbs.findIndex((c) => c.valid && !c.solved);
          if (i >= 0) {
            const better = orders.map((o, k) => (k === i ? order(o.id, { ...cbs[i]!, solved: true }) : o));
            const s2 = computeHotlineRates(better, f).score.value!;
            expect(compareFractions(s2, r.score.value)).toBeGreaterThanOrEqual(0);
            if (weights.resolution > 0) expect(compareFractions(s2, r.score.value)).toBe(1);
          }
        },
      ),
    );
  });

  it("tallying classes of orders gives exactly the figures of computing the orders (property; reopened, merged, consultations, no callback)", () => {
    const orderArb = fc.record({
      type: fc.constantFrom("complaint", "consultation", "request_help") as fc.Arbitrary<
        HotlineRateOrder["type"]
      >,
      status: fc.constantFrom("closed", "merged", "in_progress", "answered") as fc.Arbitrary<
        HotlineRateOrder["status"]
      >,
      merged: fc.boolean(),
      // up to three callbacks (重办: the latest one counts; equal times: the last listed)
      callbacks: fc.array(fc.tuple(cbArb, fc.integer({ min: 0, max: 3 })), { maxLength: 3 }),
    });
    const exclusionsArb = fc.subarray(["consultation", "duplicate_merged", "invalid_callback"] as const);
    fc.assert(
      fc.property(
        fc.array(orderArb, { maxLength: 60 }),
        weightsArb,
        fc.integer({ min: 0, max: 10_000 }),
        exclusionsArb,
        (raw, weights, factor, exclusions) => {
          const f: HotlineRateFormula = {
            version: "p",
            weights,
            basicallySatisfiedFactor: factor,
            exclusions,
          };
          const orders: HotlineRateOrder[] = raw.map((o, i) => ({
            id: `o${i}`,
            type: o.type,
            status: o.status,
            mergedIntoId: o.merged ? "o0" : null,
            callbacks: o.callbacks.map(([c, day]) => ({
              ...c,
              at: new Date(at.getTime() + day * 86_400_000),
            })),
          }));
          // the classes a GROUP BY would count: the latest callback as the database picks it
          const classes = new Map<string, HotlineRateClass>();
          for (const o of orders) {
            let last: HotlineRateOrder["callbacks"][number] | null = null;
            for (const c of o.callbacks) if (!last || c.at.getTime() >= last.at.getTime()) last = c;
            const callback = last && {
              contacted: last.contacted,
              solved: last.solved,
              satisfaction: last.satisfaction,
              valid: last.valid,
            };
            const k = JSON.stringify([o.type, o.status, o.mergedIntoId !== null, callback]);
            const had = classes.get(k);
            if (had) had.count++;
            else
              classes.set(k, {
                type: o.type,
                status: o.status,
                merged: o.mergedIntoId !== null,
                callback,
                count: 1,
              });
          }
          const r = computeHotlineRates(orders, f);
          const t = tallyHotlineRates([...classes.values()], f);
          expect(t.orders).toBe(orders.length);
          expect(t.base).toBe(r.baseOrderIds.length);
          expect(t.contacted).toBe(r.response.numeratorOrderIds.length);
          expect(t.solved).toBe(r.resolution.numeratorOrderIds.length);
          expect([t.satisfied, t.basicallySatisfied, t.dissatisfied, t.invalidInBase]).toEqual([
            r.satisfaction.satisfied,
            r.satisfaction.basicallySatisfied,
            r.satisfaction.dissatisfied,
            r.satisfaction.invalidInBase,
          ]);
          const { numeratorOrderIds: _a, ...resp } = r.response;
          const { numeratorOrderIds: _b, ...reso } = r.resolution;
          const {
            numeratorOrderIds: _c,
            satisfied: _d,
            basicallySatisfied: _e,
            dissatisfied: _f,
            invalidInBase: _g,
            ...sat
          } = r.satisfaction;
          expect(t.response).toEqual(resp);
          expect(t.resolution).toEqual(reso);
          expect(t.satisfaction).toEqual(sat);
          expect(t.score).toEqual(r.score);
          const byReason = { consultation: 0, duplicate_merged: 0, invalid_callback: 0, no_callback: 0 };
          for (const e of r.excluded) byReason[e.reason]++;
          expect(t.excluded).toEqual(byReason);
        },
      ),
      { numRuns: 300 },
    );
    expect(() =>
      tallyHotlineRates(
        [{ type: "complaint", status: "closed", merged: false, callback: null, count: -1 }],
        publishedHotlineFormulaExample,
      ),
    ).toThrow(RuleInputError);
  });
});

const pts = (p: number) => ({ numerator: p, denominator: 1 });

describe("rankUnits: per tier, month over month", () => {
  it("ranks by score within a tier, ties share a rank, unscored last; change = previous − current", () => {
    const r = rankUnits(
      [
        { unitId: "s1", tier: "streets_towns", score: pts(90) },
        { unitId: "s2", tier: "streets_towns", score: { numerator: 190, denominator: 2 } },
        { unitId: "s3", tier: "streets_towns", score: pts(90) },
        { unitId: "s4", tier: "streets_towns", score: null },
        { unitId: "s5", tier: "streets_towns", score: pts(80) },
        { unitId: "w1", tier: "utilities", score: pts(70) },
      ],
      [
        { unitId: "s1", tier: "streets_towns", score: pts(99) },
        { unitId: "s2", tier: "streets_towns", score: pts(85) },
        { unitId: "s3", tier: "streets_towns", score: pts(95) },
        { unitId: "s5", tier: "streets_towns", score: pts(80) },
      ],
    );
    expect(r.streets_towns.map((u) => [u.unitId, u.rank, u.previousRank, u.rankChange])).toEqual([
      ["s2", 1, 3, 2],
      ["s1", 2, 1, -1],
      ["s3", 2, 2, 0],
      ["s5", 4, 4, 0],
      ["s4", null, null, null],
    ]);
    expect(r.streets_towns[0]!.scoreChange).toEqual({ numerator: 10, denominator: 1 });
    expect(r.streets_towns[1]!.scoreChange).toEqual({ numerator: -9, denominator: 1 });
    expect(r.utilities).toMatchObject([
      { unitId: "w1", rank: 1, previousRank: null, rankChange: null, scoreChange: null },
    ]);
    expect(r.departments).toEqual([]);
  });

  it("is deterministic: the input order does not matter (property)", () => {
    const rows = fc.uniqueArray(
      fc.record({
        unitId: fc.string({ minLength: 1, maxLength: 3 }),
        score: fc.option(fc.integer({ min: 0, max: 5 }).map(pts)),
      }),
      { selector: (r) => r.unitId, maxLength: 12 },
    );
    fc.assert(
      fc.property(rows, (list) => {
        const cur = list.map((r) => ({ ...r, tier: "departments" as const }));
        expect(rankUnits([...cur].reverse(), [])).toEqual(rankUnits(cur, []));
        const ranked = rankUnits(cur, []).departments;
        for (let i = 1; i < ranked.length; i++) {
          const a = ranked[i - 1]!;
          const b = ranked[i]!;
          if (a.score && b.score) expect(compareFractions(a.score, b.score)).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});

describe("ranking groups by unit kind (条例 Art. 32: graded by kind of unit)", () => {
  it("puts every kind in one group; police stations apart from the departments", () => {
    expect(hotlineRankingTierOf("street_office")).toBe("streets_towns");
    expect(hotlineRankingTierOf("town_office")).toBe("streets_towns");
    expect(hotlineRankingTierOf("district_department")).toBe("departments");
    expect(hotlineRankingTierOf("other")).toBe("departments");
    expect(hotlineRankingTierOf("police_station")).toBe("police");
    for (const k of ["utility_water", "utility_power", "utility_gas", "utility_heating"] as const)
      expect(hotlineRankingTierOf(k)).toBe("utilities");
    expect(hotlineRankingTierOf("property_company")).toBe("property");
  });

  it("ranks within the given groups and refuses a unit of no listed group", () => {
    const r = rankUnits(
      [
        { unitId: "p1", tier: "police", score: pts(80) },
        { unitId: "p2", tier: "police", score: pts(90) },
        { unitId: "d1", tier: "departments", score: pts(70) },
      ],
      [
        { unitId: "p1", tier: "police", score: pts(95) },
        { unitId: "p2", tier: "police", score: pts(85) },
      ],
      hotlineRankingTiers,
    );
    expect(r.police.map((u) => [u.unitId, u.rank, u.rankChange])).toEqual([
      ["p2", 1, 1],
      ["p1", 2, -1],
    ]);
    expect(r.departments.map((u) => [u.unitId, u.rank])).toEqual([["d1", 1]]);
    expect(Object.keys(r)).toEqual([...hotlineRankingTiers]);
    expect(() =>
      rankUnits([{ unitId: "x", tier: "police" as never, score: null }], [], ["departments"]),
    ).toThrow(RuleInputError);
  });
});

describe("selectGovernanceCommunities (治理类: bottom N by 综合 + top M by volume)", () => {
  const rows = [
    { communityId: "c1", score: pts(70), volume: 10 },
    { communityId: "c2", score: pts(60), volume: 50 },
    { communityId: "c3", score: pts(70), volume: 30 },
    { communityId: "c4", score: pts(95), volume: 300 },
    { communityId: "c5", score: null, volume: 300 },
    { communityId: "c6", score: pts(99), volume: 5 },
  ];
  it("takes exactly N and M with reasons; ties broken by volume, then score, then id", () => {
    expect(selectGovernanceCommunities(rows, { bottomN: 2, topM: 2 })).toEqual([
      { communityId: "c2", reasons: [{ kind: "bottom_score", position: 1, score: pts(60) }] },
      // c1 and c3 tie at 70: the one with more requests (c3) is taken
      { communityId: "c3", reasons: [{ kind: "bottom_score", position: 2, score: pts(70) }] },
      // c4 and c5 tie at 300: the scored one first
      { communityId: "c4", reasons: [{ kind: "top_volume", position: 1, volume: 300 }] },
      { communityId: "c5", reasons: [{ kind: "top_volume", position: 2, volume: 300 }] },
    ]);
    const both = selectGovernanceCommunities(rows, { bottomN: 1, topM: 3 });
    expect(both.find((c) => c.communityId === "c2")!.reasons).toEqual([
      { kind: "bottom_score", position: 1, score: pts(60) },
      { kind: "top_volume", position: 3, volume: 50 },
    ]);
    expect(selectGovernanceCommunities(rows, { bottomN: 0, topM: 0 })).toEqual([]);
    expect(() => selectGovernanceCommunities([...rows, rows[0]!], { bottomN: 1, topM: 1 })).toThrow(
      RuleInputError,
    );
  });

  it("property: order-independent, and at most N + M communities", () => {
    const arb = fc.uniqueArray(
      fc.record({
        communityId: fc.string({ minLength: 1, maxLength: 3 }),
        score: fc.option(fc.integer({ min: 0, max: 4 }).map(pts)),
        volume: fc.integer({ min: 0, max: 4 }),
      }),
      { selector: (r) => r.communityId, maxLength: 15 },
    );
    fc.assert(
      fc.property(arb, fc.nat(5), fc.nat(5), (list, n, m) => {
        const a = selectGovernanceCommunities(list, { bottomN: n, topM: m });
        expect(selectGovernanceCommunities([...list].reverse(), { bottomN: n, topM: m })).toEqual(a);
        expect(a.length).toBeLessThanOrEqual(n + m);
        expect(a.filter((c) => c.reasons.some((r) => r.kind === "bottom_score"))).toHaveLength(
          Math.min(n, list.filter((r) => r.score).length),
        );
      }),
    );
  });
});
