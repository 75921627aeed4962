/**
 * 双考核 — the double assessment of the units that report to whistles (DOMAIN.md §10): the street rates
 * each unit that reported (及时性 timeliness and 实效 effect, 1–5) and the residents concerned rate the
 * result (1–5); with the units' punctuality, both feed a monthly department ranking beside the 接诉即办
 * rates. The weights are a versioned rule (`WhistleAssessmentFormula`), stored, not hard-wired, like the
 * hotline `rateFormula`; every figure is an exact fraction and names the formula version.
 *
 * Per unit, over the whistles **closed** in the (Beijing) month, cancelled summonses left out:
 *
 *   acknowledgeOnTime = summonses acknowledged at or before acknowledge-by / summonses
 *   reportOnTime      = summonses reported on site at or before report-by / summonses
 *                       (a refusal is neither; it counts in the denominators)
 *   streetTimeliness  = mean of the street's timeliness ratings (1–5) of the unit
 *   streetEffect      = mean of the street's effect ratings (1–5)
 *   resident          = mean of the residents' ratings (1–5) of the whistles the unit reported to
 *
 *   score = 100 × Σ wᵢ·xᵢ / Σ wᵢ over the components that have data, where xᵢ is a rate as is and a
 *           mean rating divided by 5 (5 → 1, 1 → 0.2). A component with no data (no rating yet) is
 *           left out and the other weights carry the score; no data at all → no score.
 */
import type { SummonsStatus } from "../model/enums.ts";
import type { WhistleAssessmentFormula } from "../model/whistle.ts";
import { beijingMonth } from "./clock.ts";
import { RuleInputError } from "./errors.ts";
import type { Ratio } from "./exact.ts";
import { type HotlineUnitRank, hotlineFraction, rankUnits, roundFraction } from "./hotline-rates.ts";

export type WhistleAssessmentRule = Pick<WhistleAssessmentFormula, "version" | "weights">;
export type WhistleAssessmentComponent = keyof WhistleAssessmentRule["weights"];
export const whistleAssessmentComponents = [
  "acknowledgeOnTime",
  "reportOnTime",
  "streetTimeliness",
  "streetEffect",
  "resident",
] as const satisfies readonly WhistleAssessmentComponent[];

/**
 * An example rule, **not** an official formula: punctuality 30 % (acknowledge 15, report 15), the
 * street's rating 45 % (timeliness 20, effect 25), the residents 25 %. Districts store their own.
 */
export const exampleWhistleAssessmentRule = {
  version: "example-15-15-20-25-25",
  weights: {
    acknowledgeOnTime: 1500,
    reportOnTime: 1500,
    streetTimeliness: 2000,
    streetEffect: 2500,
    resident: 2500,
  },
} as const satisfies WhistleAssessmentRule;

export interface AssessedSummons {
  summonsId: string;
  unitId: string;
  status: SummonsStatus;
  acknowledgeBy: Date;
  reportBy: Date;
  acknowledgedAt: Date | null;
  reportedAt: Date | null;
  /** The street's rating of this unit for this whistle, or null if not rated. */
  street: { timeliness: number; effect: number } | null;
}

export interface AssessedWhistle {
  id: string;
  /** When it was closed (考核归档); the month is taken in Beijing time. */
  closedAt: Date;
  summons: readonly AssessedSummons[];
  /** The residents' ratings (1–5) of the result. */
  residentScores: readonly number[];
}

export interface DepartmentAssessment {
  unitId: string;
  formulaVersion: string;
  /** Whistles the unit was summoned to. */
  whistles: number;
  summons: number;
  refused: number;
  acknowledgeOnTime: Ratio | null;
  reportOnTime: Ratio | null;
  streetTimeliness: Ratio | null;
  streetEffect: Ratio | null;
  resident: Ratio | null;
  /** Out of 100, exact; and in hundredths (half up). Null when no component has data. */
  score: Ratio | null;
  scoreHundredths: number | null;
  /** The whistles behind the figures. */
  whistleIds: string[];
}

export type DepartmentRank = DepartmentAssessment & Omit<HotlineUnitRank<"all">, "unitId" | "score" | "tier">;

const REPORTED: readonly SummonsStatus[] = ["on_site", "finished"];

function checkRule(rule: WhistleAssessmentRule): void {
  let sum = 0;
  for (const k of whistleAssessmentComponents) {
    const w = rule.weights[k];
    if (!Number.isSafeInteger(w) || w < 0 || w > 10_000)
      throw new RuleInputError(
        "invalid_formula",
        `weights are basis points 0–10 000, got ${w}`,
        rule.version,
      );
    sum += w;
  }
  if (sum !== 10_000)
    throw new RuleInputError("invalid_formula", "the weights add up to 10 000", rule.version);
}

const checkScore = (n: number, what: string) => {
  if (!Number.isInteger(n) || n < 1 || n > 5)
    throw new RuleInputError("invalid_rating", `${what} is 1–5, got ${n}`);
};

interface Acc {
  whistleIds: Set<string>;
  summons: number;
  refused: number;
  ackOnTime: number;
  reportOnTime: number;
  timeliness: number[];
  effect: number[];
  resident: number[];
}

const ratio = (n: number, d: number): Ratio | null =>
  d === 0 ? null : hotlineFraction(BigInt(n), BigInt(d));
const mean = (xs: number[]): Ratio | null =>
  ratio(
    xs.reduce((a, b) => a + b, 0),
    xs.length,
  );

/**
 * 双考核 per unit for one month under one rule version, ranked: higher score first, equal scores share a
 * rank (1, 2, 2, 4), unscored last (the hotline `rankUnits`); with `previous` (last month's result)
 * each row has its previous rank and exact score change.
 *
 *   Unit A, two whistles closed in 2026-03, both acknowledged and reported on time, the street rated
 *   (4, 5) and (5, 5), residents 4 and 5 → 100 % / 100 % / 4.5 / 5 / 4.5 → with the example rule
 *   100 × (0.15 + 0.15 + 0.2 × 0.9 + 0.25 × 1 + 0.25 × 0.9) = 95.50.
 */
export function rateDepartments(
  month: string,
  whistles: readonly AssessedWhistle[],
  rule: WhistleAssessmentRule = exampleWhistleAssessmentRule,
  previous: readonly Pick<DepartmentAssessment, "unitId" | "score">[] = [],
): DepartmentRank[] {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
    throw new RuleInputError("invalid_month", `not YYYY-MM: ${month}`);
  checkRule(rule);
  const units = new Map<string, Acc>();
  const seen = new Set<string>();
  for (const w of whistles) {
    if (seen.has(w.id)) throw new RuleInputError("duplicate_whistle", `whistle ${w.id} listed twice`, w.id);
    seen.add(w.id);
    if (beijingMonth(w.closedAt) !== month) continue;
    for (const r of w.residentScores) checkScore(r, "a resident rating");
    const inThis = new Set<string>();
    for (const s of w.summons) {
      if (s.status === "cancelled") continue;
      if (inThis.has(s.unitId))
        throw new RuleInputError("duplicate_unit", `unit ${s.unitId} summoned twice in ${w.id}`, w.id);
      inThis.add(s.unitId);
      let a = units.get(s.unitId);
      if (!a) {
        a = {
          whistleIds: new Set(),
          summons: 0,
          refused: 0,
          ackOnTime: 0,
          reportOnTime: 0,
          timeliness: [],
          effect: [],
          resident: [],
        };
        units.set(s.unitId, a);
      }
      a.whistleIds.add(w.id);
      a.summons++;
      if (s.status === "refused") a.refused++;
      if (s.acknowledgedAt && s.acknowledgedAt.getTime() <= s.acknowledgeBy.getTime()) a.ackOnTime++;
      if (s.reportedAt && s.reportedAt.getTime() <= s.reportBy.getTime()) a.reportOnTime++;
      if (s.street) {
        checkScore(s.street.timeliness, "timeliness");
        checkScore(s.street.effect, "effect");
        a.timeliness.push(s.street.timeliness);
        a.effect.push(s.street.effect);
      }
      if (REPORTED.includes(s.status)) a.resident.push(...w.residentScores);
    }
  }
  const rows: DepartmentAssessment[] = [...units.entries()].map(([unitId, a]) => {
    const figures = {
      acknowledgeOnTime: ratio(a.ackOnTime, a.summons),
      reportOnTime: ratio(a.reportOnTime, a.summons),
      streetTimeliness: mean(a.timeliness),
      streetEffect: mean(a.effect),
      resident: mean(a.resident),
    };
    const score = combine(figures, rule);
    return {
      unitId,
      formulaVersion: rule.version,
      whistles: a.whistleIds.size,
      summons: a.summons,
      refused: a.refused,
      ...figures,
      score,
      scoreHundredths: score && roundFraction(score, 100),
      whistleIds: [...a.whistleIds],
    };
  });
  const ranked = rankUnits<"all">(
    rows.map((r) => ({ unitId: r.unitId, tier: "all", score: r.score })),
    previous.map((r) => ({ unitId: r.unitId, tier: "all", score: r.score })),
    ["all"],
  ).all;
  const byId = new Map(rows.map((r) => [r.unitId, r]));
  return ranked.map((r) => ({
    ...byId.get(r.unitId)!,
    rank: r.rank,
    previousRank: r.previousRank,
    rankChange: r.rankChange,
    scoreChange: r.scoreChange,
  }));
}

/** 100 × Σ wᵢ·xᵢ / Σ wᵢ over present components (ratings / 5), exact. */
function combine(
  f: Record<WhistleAssessmentComponent, Ratio | null>,
  rule: WhistleAssessmentRule,
): Ratio | null {
  let num = 0n;
  let den = 1n;
  let weights = 0n;
  for (const k of whistleAssessmentComponents) {
    const x = f[k];
    const w = BigInt(rule.weights[k]);
    if (!x || w === 0n) continue;
    const scale = k === "acknowledgeOnTime" || k === "reportOnTime" ? 1n : 5n;
    // num/den + w·x.n/(x.d·scale)
    const d = BigInt(x.denominator) * scale;
    num = num * d + w * BigInt(x.numerator) * den;
    den = den * d;
    weights += w;
  }
  if (weights === 0n) return null;
  return hotlineFraction(num * 100n, den * weights);
}
