import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { partyOrgModes, propertyServiceModes } from "../../src/model/enums.ts";
import {
  addThreeRates,
  beijingThreeRatesTargets,
  computeThreeRates,
  defaultThreeRatesTargets,
  emptyThreeRates,
  gapToTarget,
  type PlacedThreeRatesCompound,
  propertyThreeRateKeys,
  RuleInputError,
  rollupThreeRates,
  rollupThreeRatesFromRows,
  type ThreeRatesCompound,
  type ThreeRatesRollup,
  threeRatesGap,
} from "../../src/rules/index.ts";

const compound = (over: Partial<ThreeRatesCompound> & { id: string }): ThreeRatesCompound => ({
  households: 100,
  inScope: true,
  propertyService: "professional",
  committee: null,
  ...over,
});

describe("computeThreeRates (物业管理三率, DOMAIN.md §2)", () => {
  const compounds: ThreeRatesCompound[] = [
    compound({
      id: "a",
      households: 300,
      committee: { kind: "owners_committee", inOffice: true, partyOrg: "own_branch" },
    }),
    compound({
      id: "b",
      households: 100,
      propertyService: "interim",
      committee: { kind: "interim_committee", inOffice: true, partyOrg: "none" },
    }),
    compound({
      id: "c",
      households: 50,
      propertyService: "self",
      committee: { kind: "owners_committee", inOffice: false, partyOrg: "attached" },
    }),
    compound({ id: "d", households: 50, propertyService: "none" }),
    // Out of scope: ignored everywhere.
    compound({
      id: "e",
      households: 1000,
      inScope: false,
      committee: { kind: "owners_committee", inOffice: true, partyOrg: "dispatched" },
    }),
  ];

  it("has the exact output shape with numerators, denominators and household weighting", () => {
    expect(computeThreeRates(compounds)).toEqual({
      propertyServiceCoverage: {
        numerator: 3,
        denominator: 4,
        rate: 0.75,
        householdWeighted: { numerator: 450, denominator: 500, rate: 0.9 },
      },
      committeeFormation: {
        numerator: 2,
        denominator: 4,
        rate: 0.5,
        householdWeighted: { numerator: 400, denominator: 500, rate: 0.8 },
      },
      // Party coverage divides by committees in office (a, b), not by compounds.
      partyOrgCoverage: {
        numerator: 1,
        denominator: 2,
        rate: 0.5,
        householdWeighted: { numerator: 300, denominator: 400, rate: 0.75 },
      },
    });
  });

  it("2021-like figures: party coverage above formation because of the smaller denominator", () => {
    // 10 compounds, 9 committees in office (90 %), all 9 covered (100 %).
    const list = Array.from({ length: 10 }, (_, i) =>
      compound({
        id: `c${i}`,
        committee: i < 9 ? { kind: "owners_committee", inOffice: true, partyOrg: "attached" } : null,
      }),
    );
    const r = computeThreeRates(list);
    expect(r.committeeFormation.rate).toBe(0.9);
    expect(r.partyOrgCoverage.rate).toBe(1);
  });

  it("rate is null when the denominator is 0", () => {
    const r = computeThreeRates([]);
    for (const k of propertyThreeRateKeys) {
      expect(r[k]).toEqual({
        numerator: 0,
        denominator: 0,
        rate: null,
        householdWeighted: { numerator: 0, denominator: 0, rate: null },
      });
    }
    // Compounds but no committee in office: party coverage has no denominator.
    const r2 = computeThreeRates([compound({ id: "x" })]);
    expect(r2.partyOrgCoverage.rate).toBeNull();
    expect(r2.propertyServiceCoverage.rate).toBe(1);
    // Zero households: the weighted rate is null, the count rate is not.
    const r3 = computeThreeRates([compound({ id: "x", households: 0 })]);
    expect(r3.propertyServiceCoverage.rate).toBe(1);
    expect(r3.propertyServiceCoverage.householdWeighted.rate).toBeNull();
  });

  it("rejects duplicate ids and bad households", () => {
    expect(() => computeThreeRates([compound({ id: "x" }), compound({ id: "x" })])).toThrow(RuleInputError);
    expect(() => computeThreeRates([compound({ id: "x", households: -1 })])).toThrow(RuleInputError);
    expect(() => computeThreeRates([compound({ id: "x", households: 1.5 })])).toThrow(RuleInputError);
  });
});

describe("gapToTarget / threeRatesGap", () => {
  it("exact ceil arithmetic: 90 % of 11 compounds needs 10 (9.9 → 10)", () => {
    expect(
      gapToTarget({ numerator: 8, denominator: 11 }, defaultThreeRatesTargets.committeeFormation),
    ).toMatchObject({
      met: false,
      additionalNeeded: 2,
      requiredNumerator: 10,
    });
  });

  it("exactly on an inclusive target is met: 9 of 10 at 90 %", () => {
    const g = gapToTarget({ numerator: 9, denominator: 10 }, defaultThreeRatesTargets.committeeFormation);
    expect(g).toEqual({ met: true, additionalNeeded: 0, requiredNumerator: 9, rateGap: 0 });
  });

  it("strict 2020 coverage target (> 60 %): exactly 60 % is not met, 61 % is", () => {
    const t = beijingThreeRatesTargets[2020].propertyServiceCoverage;
    expect(t.inclusive).toBe(false);
    expect(gapToTarget({ numerator: 60, denominator: 100 }, t)).toMatchObject({
      met: false,
      additionalNeeded: 1,
    });
    expect(gapToTarget({ numerator: 61, denominator: 100 }, t)).toMatchObject({
      met: true,
      additionalNeeded: 0,
    });
    // 3 of 5 is exactly 60 %: need a 4th.
    expect(gapToTarget({ numerator: 3, denominator: 5 }, t)).toMatchObject({
      met: false,
      requiredNumerator: 4,
    });
  });

  it("published targets as data", () => {
    expect(beijingThreeRatesTargets[2020].committeeFormation).toEqual({
      numerator: 30,
      denominator: 100,
      inclusive: true,
    });
    expect(beijingThreeRatesTargets[2020].partyOrgCoverage.numerator).toBe(30);
    for (const k of propertyThreeRateKeys) {
      expect(beijingThreeRatesTargets[2021][k]).toEqual({ numerator: 70, denominator: 100, inclusive: true });
      expect(beijingThreeRatesTargets[2022][k]).toEqual({ numerator: 90, denominator: 100, inclusive: true });
    }
  });

  it("rate gap and null when nothing to measure", () => {
    const g = gapToTarget({ numerator: 1, denominator: 2 }, defaultThreeRatesTargets.committeeFormation);
    expect(g.rateGap).toBeCloseTo(0.4, 12);
    expect(
      gapToTarget({ numerator: 0, denominator: 0 }, defaultThreeRatesTargets.committeeFormation),
    ).toEqual({
      met: null,
      additionalNeeded: 0,
      requiredNumerator: 0,
      rateGap: null,
    });
  });

  it("threeRatesGap per rate, compounds and households", () => {
    const rates = computeThreeRates([
      compound({
        id: "a",
        households: 900,
        committee: { kind: "owners_committee", inOffice: true, partyOrg: "none" },
      }),
      compound({ id: "b", households: 100, propertyService: "none" }),
    ]);
    const gap = threeRatesGap(rates);
    expect(gap.propertyServiceCoverage.additionalNeeded).toBe(1); // 1 of 2 → needs 2
    expect(gap.propertyServiceCoverage.householdWeighted).toMatchObject({ met: true, additionalNeeded: 0 }); // 900/1000
    expect(gap.partyOrgCoverage).toMatchObject({ met: false, additionalNeeded: 1 });
    const gap2021 = threeRatesGap(rates, beijingThreeRatesTargets[2021]);
    expect(gap2021.committeeFormation.requiredNumerator).toBe(2); // ceil(1.4)
  });

  it("property: adding additionalNeeded meets the target and one fewer does not", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.nat(),
        fc.integer({ min: 1, max: 99 }),
        fc.boolean(),
        (d, n0, p, inclusive) => {
          const n = n0 % (d + 1);
          const target = { numerator: p, denominator: 100, inclusive };
          const g = gapToTarget({ numerator: n, denominator: d }, target);
          const meets = (x: number) => (inclusive ? x * 100 >= p * d : x * 100 > p * d);
          expect(meets(n + g.additionalNeeded)).toBe(true);
          expect(meets(g.requiredNumerator)).toBe(true);
          expect(meets(g.requiredNumerator - 1)).toBe(false);
          expect(g.met).toBe(meets(n));
        },
      ),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Rollup
// ---------------------------------------------------------------------------------------------

const compoundArb = fc.record({
  households: fc.integer({ min: 0, max: 5000 }),
  inScope: fc.boolean(),
  propertyService: fc.constantFrom(...propertyServiceModes),
  committee: fc.option(
    fc.record({
      kind: fc.constantFrom("owners_committee" as const, "interim_committee" as const),
      inOffice: fc.boolean(),
      partyOrg: fc.constantFrom(...partyOrgModes),
    }),
    { nil: null },
  ),
});

const rowsArb = fc
  .array(
    fc.record({
      c: compoundArb,
      district: fc.constantFrom("yanqing", "huairou"),
      sub: fc.integer({ min: 0, max: 3 }),
      comm: fc.integer({ min: 0, max: 3 }),
    }),
    { maxLength: 60 },
  )
  .map((rows) =>
    rows.map(
      (r, i): PlacedThreeRatesCompound => ({
        id: `c${i}`,
        ...r.c,
        districtId: r.district,
        subdistrictId: `${r.district}-s${r.sub}`,
        communityId: `${r.district}-s${r.sub}-c${r.comm}`,
      }),
    ),
  );

function collectCompoundIds(node: ThreeRatesRollup): string[] {
  return node.level === "compound" ? [node.id] : node.children.flatMap(collectCompoundIds);
}

function checkNode(node: ThreeRatesRollup, all: Map<string, ThreeRatesCompound>): void {
  if (node.level === "compound") return;
  // Parent = sum of children.
  const sum = node.children.reduce((acc, c) => addThreeRates(acc, c.rates), emptyThreeRates());
  expect(node.rates).toEqual(sum);
  // Parent = computeThreeRates over its compounds.
  const ids = collectCompoundIds(node);
  expect(node.rates).toEqual(computeThreeRates(ids.map((id) => all.get(id)!)));
  for (const c of node.children) checkNode(c, all);
}

describe("rollupThreeRates (district → subdistrict → community → compound)", () => {
  it("worked example: a two-community subdistrict", () => {
    const tree = rollupThreeRates({
      level: "subdistrict",
      id: "s1",
      name: "儒林街道",
      children: [
        {
          level: "community",
          id: "k1",
          children: [
            {
              level: "compound",
              id: "a",
              compound: compound({
                id: "a",
                committee: { kind: "owners_committee", inOffice: true, partyOrg: "attached" },
              }),
            },
            { level: "compound", id: "b", compound: compound({ id: "b", propertyService: "none" }) },
          ],
        },
        {
          level: "community",
          id: "k2",
          children: [{ level: "compound", id: "c", compound: compound({ id: "c" }) }],
        },
      ],
    });
    expect(tree.name).toBe("儒林街道");
    expect(tree.rates.propertyServiceCoverage).toMatchObject({ numerator: 2, denominator: 3 });
    expect(tree.rates.committeeFormation).toMatchObject({ numerator: 1, denominator: 3 });
    expect(tree.rates.partyOrgCoverage).toMatchObject({ numerator: 1, denominator: 1, rate: 1 });
    expect(tree.children[1]!.rates.partyOrgCoverage.rate).toBeNull();
  });

  it("property: every parent equals the sum of its children and computeThreeRates of its compounds", () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const all = new Map<string, ThreeRatesCompound>(rows.map((r) => [r.id, r]));
        const districts = rollupThreeRatesFromRows(rows);
        for (const d of districts) {
          expect(d.level).toBe("district");
          checkNode(d, all);
        }
        const grand = districts.reduce((acc, d) => addThreeRates(acc, d.rates), emptyThreeRates());
        expect(grand).toEqual(computeThreeRates(rows));
      }),
      { numRuns: 200 },
    );
  });

  it("property: every rate is within [0, 1] or null exactly when its denominator is 0", () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const r = computeThreeRates(rows);
        for (const k of propertyThreeRateKeys) {
          for (const f of [r[k], r[k].householdWeighted]) {
            expect(f.numerator).toBeLessThanOrEqual(f.denominator);
            if (f.denominator === 0) expect(f.rate).toBeNull();
            else {
              expect(f.rate).not.toBeNull();
              expect(f.rate!).toBeGreaterThanOrEqual(0);
              expect(f.rate!).toBeLessThanOrEqual(1);
            }
          }
        }
      }),
    );
  });
});
