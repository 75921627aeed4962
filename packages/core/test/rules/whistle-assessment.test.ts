/** 双考核: per-unit figures and the combined score against a hand-computed fixture. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { whistleAssessmentFormula } from "../../src/model/whistle.ts";
import {
  type AssessedSummons,
  type AssessedWhistle,
  exampleWhistleAssessmentRule,
  RuleInputError,
  rateDepartments,
} from "../../src/rules/index.ts";

const h = (hhmm: string, day = "2026-03-10") => new Date(`${day}T${hhmm}:00+08:00`);
const ackBy = h("10:00");
const repBy = h("12:00");
let seq = 0;
const s = (unitId: string, o: Partial<AssessedSummons> = {}): AssessedSummons => ({
  summonsId: `${unitId}-${++seq}`,
  unitId,
  status: "finished",
  acknowledgeBy: ackBy,
  reportBy: repBy,
  acknowledgedAt: h("09:30"),
  reportedAt: h("11:00"),
  street: null,
  ...o,
});

// Hand-computed fixture (March 2026, Beijing):
//   w1: A on time (acknowledged exactly at the deadline), street 4/5; B acknowledged 1 ms late, street 3/4;
//       residents 4, 5
//   w2: A reported late, street 5/5; C refused; residents 3
//   w5: closed 2026-03-01 00:00 Beijing (still March): B on time, unrated; D on time, unrated; no residents
//   w3: closed 2026-04-01 00:00 Beijing → April, left out; w6: A cancelled → not counted
const fixture: AssessedWhistle[] = [
  {
    id: "w1",
    closedAt: h("18:00"),
    summons: [
      s("A", { acknowledgedAt: ackBy, street: { timeliness: 4, effect: 5 } }),
      s("B", { acknowledgedAt: new Date(ackBy.getTime() + 1), street: { timeliness: 3, effect: 4 } }),
    ],
    residentScores: [4, 5],
  },
  {
    id: "w2",
    closedAt: h("18:00", "2026-03-20"),
    summons: [
      s("A", { reportedAt: new Date(repBy.getTime() + 1), street: { timeliness: 5, effect: 5 } }),
      s("C", { status: "refused", acknowledgedAt: null, reportedAt: null }),
    ],
    residentScores: [3],
  },
  {
    id: "w5",
    closedAt: new Date("2026-02-28T16:00:00Z"),
    summons: [s("B"), s("D")],
    residentScores: [],
  },
  {
    id: "w3",
    closedAt: new Date("2026-03-31T16:00:00Z"),
    summons: [s("A", { street: { timeliness: 1, effect: 1 } })],
    residentScores: [1],
  },
  { id: "w6", closedAt: h("18:00"), summons: [s("A", { status: "cancelled" })], residentScores: [1] },
];

const f = (numerator: number, denominator = 1) => ({ numerator, denominator });

describe("rateDepartments (双考核)", () => {
  it("matches the hand-computed figures and ranks them", () => {
    const r = rateDepartments("2026-03", fixture, exampleWhistleAssessmentRule);
    expect(r.map((u) => [u.unitId, u.rank, u.scoreHundredths])).toEqual([
      // D: only punctuality has data: 100 × (1500 × 1 + 1500 × 1) / 3000
      ["D", 1, 10000],
      // A: 100 × (.15 × 1 + .15 × 1/2 + .20 × 4.5/5 + .25 × 5/5 + .25 × 4/5) = 85.50
      ["A", 2, 8550],
      // B: 100 × (.15 × 1/2 + .15 × 1 + .20 × 3/5 + .25 × 4/5 + .25 × 4.5/5) = 77.00
      ["B", 3, 7700],
      // C: refused: acknowledge 0, report 0, nothing rated → 0
      ["C", 4, 0],
    ]);
    const a = r.find((u) => u.unitId === "A")!;
    expect(a).toMatchObject({
      formulaVersion: "example-15-15-20-25-25",
      whistles: 2,
      summons: 2,
      refused: 0,
      acknowledgeOnTime: f(1),
      reportOnTime: f(1, 2),
      streetTimeliness: f(9, 2),
      streetEffect: f(5),
      // residents of w1 (4, 5) and w2 (3)
      resident: f(4),
      score: f(171, 2),
      whistleIds: ["w1", "w2"],
    });
    const b = r.find((u) => u.unitId === "B")!;
    expect(b).toMatchObject({
      whistles: 2,
      acknowledgeOnTime: f(1, 2),
      reportOnTime: f(1),
      resident: f(9, 2),
      score: f(77),
    });
    const c = r.find((u) => u.unitId === "C")!;
    expect(c).toMatchObject({
      refused: 1,
      acknowledgeOnTime: f(0),
      streetEffect: null,
      resident: null,
      score: f(0),
    });
  });

  it("a changed weight changes the score exactly as by hand", () => {
    const v2 = {
      version: "v2",
      weights: { ...exampleWhistleAssessmentRule.weights, acknowledgeOnTime: 1000, reportOnTime: 2000 },
    };
    const r = rateDepartments("2026-03", fixture, v2);
    const score = (id: string) => r.find((u) => u.unitId === id)!;
    // A: 10 × 1 + 20 × 1/2 + 18 + 25 + 20 = 83; B: 10 × 1/2 + 20 + 12 + 20 + 22.5 = 79.5
    expect(score("A")).toMatchObject({ score: f(83), scoreHundredths: 8300, formulaVersion: "v2" });
    expect(score("B")).toMatchObject({ score: f(159, 2), scoreHundredths: 7950 });
    expect(score("D").score).toEqual(f(100));
  });

  it("ties share a rank; previous month gives rank and score change", () => {
    const w: AssessedWhistle = {
      id: "t",
      closedAt: h("18:00"),
      summons: [s("X"), s("Y"), s("Z", { reportedAt: null, status: "acknowledged" })],
      residentScores: [],
    };
    const r = rateDepartments("2026-03", [w], exampleWhistleAssessmentRule, [
      { unitId: "X", score: f(90) },
      { unitId: "Z", score: f(60) },
    ]);
    expect(r.map((u) => [u.unitId, u.rank])).toEqual([
      ["X", 1],
      ["Y", 1],
      ["Z", 3],
    ]);
    expect(r[0]).toMatchObject({ previousRank: 1, rankChange: 0, scoreChange: f(10) });
    expect(r[2]).toMatchObject({ score: f(50), previousRank: 2, rankChange: -1, scoreChange: f(-10) });
  });

  it("refuses bad input: weights not adding to 10 000, ratings out of 1–5, a whistle twice, a bad month", () => {
    expect(() =>
      rateDepartments("2026-03", fixture, {
        version: "x",
        weights: { ...exampleWhistleAssessmentRule.weights, resident: 0 },
      }),
    ).toThrow(RuleInputError);
    const bad = [{ ...fixture[0]!, residentScores: [6] }];
    expect(() => rateDepartments("2026-03", bad)).toThrow(RuleInputError);
    expect(() => rateDepartments("2026-03", [fixture[0]!, fixture[0]!])).toThrow(RuleInputError);
    expect(() => rateDepartments("2026-13", fixture)).toThrow(RuleInputError);
    expect(
      whistleAssessmentFormula.safeParse({
        ...exampleWhistleAssessmentRule,
        validFrom: "2026-01-01",
        validTo: null,
        source: null,
      }).success,
    ).toBe(true);
    expect(
      whistleAssessmentFormula.safeParse({
        ...exampleWhistleAssessmentRule,
        weights: { ...exampleWhistleAssessmentRule.weights, resident: 1 },
        validFrom: "2026-01-01",
        validTo: null,
        source: null,
      }).success,
    ).toBe(false);
  });

  it("property: scores lie in 0–100 and all-perfect units score exactly 100", () => {
    const unit = fc.constantFrom("A", "B", "C");
    const summons = fc.record({
      unitId: unit,
      onTimeAck: fc.boolean(),
      onTimeRep: fc.boolean(),
      rating: fc.option(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))),
    });
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.uniqueArray(summons, { selector: (x) => x.unitId, minLength: 1 }),
            fc.array(fc.integer({ min: 1, max: 5 })),
          ),
          { maxLength: 8 },
        ),
        (ws) => {
          const whistles = ws.map(([ss, res], i) => ({
            id: `w${i}`,
            closedAt: h("18:00"),
            residentScores: res,
            summons: ss.map((x) =>
              s(x.unitId, {
                acknowledgedAt: x.onTimeAck ? ackBy : h("10:01"),
                reportedAt: x.onTimeRep ? repBy : h("12:01"),
                street: x.rating ? { timeliness: x.rating[0], effect: x.rating[1] } : null,
              }),
            ),
          }));
          for (const u of rateDepartments("2026-03", whistles)) {
            const v = u.score!.numerator / u.score!.denominator;
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(100);
          }
          const perfect = whistles.map((w) => ({
            ...w,
            residentScores: [5],
            summons: w.summons.map((x) => ({
              ...x,
              acknowledgedAt: ackBy,
              reportedAt: repBy,
              street: { timeliness: 5, effect: 5 },
            })),
          }));
          for (const u of rateDepartments("2026-03", perfect)) expect(u.score).toEqual(f(100));
        },
      ),
    );
  });
});
