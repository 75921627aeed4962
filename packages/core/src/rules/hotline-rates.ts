/**
 * The hotline rates of 接诉即办 (北京市接诉即办工作条例 Art. 32: assessment, graded by kind of unit):
 * 响应率 (response), 解决率 (resolution), 满意率 (satisfaction) and the 综合成绩 (score) combining them.
 *
 * **Not** the property-management 三率 of `three-rates.ts`: every name here says `hotline`.
 *
 * The city sets the formula and changes it, so it is data (`rateFormula`, versioned): the weights, the
 * factor for 基本满意 and the exclusions. Every figure carries the formula version, its exact fraction
 * and the order ids behind its numerator and denominator. All arithmetic is exact: weights are integer
 * basis points, fractions are reduced in BigInt, display values are rounded half up only at the end.
 *
 * Base (the denominator) of every rate: orders with a callback (回访), after the formula's exclusions —
 * consultations (咨询), duplicates merged into an original (重复件), invalid callbacks (无效回访). An
 * invalid callback that the formula does not exclude stays in the base and counts as not contacted,
 * not solved and not satisfied. An order called back more than once (重办) counts by its latest callback.
 *
 *   响应率 = contacted / base
 *   解决率 = solved / base
 *   满意率 = (满意 + factor × 基本满意) / base
 *   综合   = 100 × (w_response × 响应率 + w_resolution × 解决率 + w_satisfaction × 满意率)
 */
import {
  type CallbackSatisfaction,
  type HandlingUnitKind,
  type HandlingUnitTier,
  type HotlineRateExclusion,
  handlingUnitTiers,
  type WorkOrderStatus,
  type WorkOrderType,
} from "../model/enums.ts";
import type { RateFormula } from "../model/hotline.ts";
import { RuleInputError } from "./errors.ts";
import type { Ratio } from "./exact.ts";

/** What a rate computation needs of a formula. */
export type HotlineRateFormula = Pick<
  RateFormula,
  "version" | "weights" | "basicallySatisfiedFactor" | "exclusions"
>;

/**
 * The published variant quoted in DOMAIN.md §9: all three rates over valid callbacks,
 * 满意率 = (满意 + 0.9 × 基本满意) / valid callbacks, 综合 = 0.1 × 响应 + 0.5 × 解决 + 0.4 × 满意.
 * Yanqing's published figures do not fit it — which is why formulas are data, not this constant.
 */
export const publishedHotlineFormulaExample = {
  version: "published-10-50-40",
  weights: { response: 1000, resolution: 5000, satisfaction: 4000 },
  basicallySatisfiedFactor: 9000,
  exclusions: ["consultation", "duplicate_merged", "invalid_callback"],
} as const satisfies HotlineRateFormula;

/** The formula version in force on a (Beijing) date: validFrom ≤ date ≤ validTo; the latest start wins. */
export function hotlineFormulaFor<F extends Pick<RateFormula, "validFrom" | "validTo">>(
  formulas: readonly F[],
  date: string,
): F | null {
  let best: F | null = null;
  for (const f of formulas) {
    if (f.validFrom <= date && (f.validTo === null || date <= f.validTo))
      if (!best || f.validFrom > best.validFrom) best = f;
  }
  return best;
}

export interface HotlineRateCallback {
  at: Date;
  contacted: boolean;
  solved: boolean;
  satisfaction: CallbackSatisfaction;
  valid: boolean;
}

export interface HotlineRateOrder {
  id: string;
  type: WorkOrderType;
  status: WorkOrderStatus;
  mergedIntoId: string | null;
  callbacks: readonly HotlineRateCallback[];
}

export type HotlineRateExclusionReason = HotlineRateExclusion | "no_callback";

export interface HotlineRateFigure {
  /** The (weighted) count over the base, exact: for 满意率 e.g. 6 + 9/10 × 3 = 87/10. */
  numerator: Ratio;
  denominator: number;
  /** numerator / denominator, reduced; null when the base is empty. */
  rate: Ratio | null;
  /** The rate in basis points (87.00 % → 8700), rounded half up; null when the base is empty. */
  basisPoints: number | null;
  /** Orders counted in the numerator (for 满意率: 满意 and 基本满意). */
  numeratorOrderIds: string[];
}

export interface HotlineRates {
  formulaVersion: string;
  response: HotlineRateFigure;
  resolution: HotlineRateFigure;
  satisfaction: HotlineRateFigure & {
    satisfied: number;
    basicallySatisfied: number;
    dissatisfied: number;
    /** Invalid callbacks the formula keeps in the base (they count as nothing). */
    invalidInBase: number;
  };
  /** 综合成绩 out of 100: the exact value and in hundredths of a point (94.09 → 9409, half up). */
  score: { value: Ratio | null; hundredths: number | null };
  /** The base: orders in every denominator. */
  baseOrderIds: string[];
  excluded: { orderId: string; reason: HotlineRateExclusionReason }[];
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y) [x, y] = [y, x % y];
  return x;
};

/** A reduced fraction n/d (d > 0) as numbers; throws if it does not fit in a safe integer. */
export function hotlineFraction(n: bigint, d: bigint): Ratio {
  if (d === 0n) throw new RuleInputError("zero_denominator", "a fraction needs a non-zero denominator");
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d) || 1n;
  const num = (sign * n) / g;
  const den = (sign * d) / g;
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  if (num > max || -num > max || den > max) throw new RuleInputError("overflow", "fraction too large");
  return { numerator: Number(num), denominator: Number(den) };
}

/** round(f × scale), half away from zero, exact. */
export function roundFraction(f: Ratio, scale: number): number {
  const n = BigInt(f.numerator) * BigInt(scale);
  const d = BigInt(f.denominator);
  const q = ((n < 0n ? -n : n) * 2n + d) / (2n * d);
  return Number(n < 0n ? -q : q);
}

/** -1, 0, 1 comparing two fractions exactly. */
export function compareFractions(a: Ratio, b: Ratio): -1 | 0 | 1 {
  const l = BigInt(a.numerator) * BigInt(b.denominator);
  const r = BigInt(b.numerator) * BigInt(a.denominator);
  return l < r ? -1 : l > r ? 1 : 0;
}

/** a − b, exact. */
export function subtractFractions(a: Ratio, b: Ratio): Ratio {
  return hotlineFraction(
    BigInt(a.numerator) * BigInt(b.denominator) - BigInt(b.numerator) * BigInt(a.denominator),
    BigInt(a.denominator) * BigInt(b.denominator),
  );
}

function checkFormula(f: HotlineRateFormula): void {
  const { response, resolution, satisfaction } = f.weights;
  for (const w of [response, resolution, satisfaction, f.basicallySatisfiedFactor]) {
    if (!Number.isSafeInteger(w) || w < 0 || w > 10_000)
      throw new RuleInputError("invalid_formula", `weights are basis points 0–10 000, got ${w}`, f.version);
  }
  if (response + resolution + satisfaction !== 10_000)
    throw new RuleInputError("invalid_formula", "the weights add up to 10 000 basis points", f.version);
}

function latest(callbacks: readonly HotlineRateCallback[]): HotlineRateCallback | null {
  let last: HotlineRateCallback | null = null;
  for (const c of callbacks) if (!last || c.at.getTime() >= last.at.getTime()) last = c;
  return last;
}

/** Why an order is outside the base of every rate, or null when it is in (see the module comment). */
function exclusionOf(
  o: { type: WorkOrderType; status: WorkOrderStatus; merged: boolean },
  cb: Pick<HotlineRateCallback, "valid"> | null,
  excludes: ReadonlySet<HotlineRateExclusion>,
): HotlineRateExclusionReason | null {
  if (excludes.has("consultation") && o.type === "consultation") return "consultation";
  if (excludes.has("duplicate_merged") && (o.status === "merged" || o.merged)) return "duplicate_merged";
  if (cb === null) return "no_callback";
  if (excludes.has("invalid_callback") && !cb.valid) return "invalid_callback";
  return null;
}

/** The counts every rate is computed from. */
interface RateCounts {
  base: number;
  contacted: number;
  solved: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  invalidInBase: number;
}

/** The three rates and the 综合 from the counts, exact (the ids are the caller's). */
function ratesOf(c: RateCounts, formula: HotlineRateFormula) {
  const d = c.base;
  const figure = (num: Ratio) => {
    const rate = d === 0 ? null : hotlineFraction(BigInt(num.numerator), BigInt(num.denominator) * BigInt(d));
    return { numerator: num, denominator: d, rate, basisPoints: rate && roundFraction(rate, 10_000) };
  };
  const satisfiedWeighted =
    BigInt(c.satisfied) * 10_000n + BigInt(c.basicallySatisfied) * BigInt(formula.basicallySatisfiedFactor);
  let score: HotlineRates["score"] = { value: null, hundredths: null };
  if (d > 0) {
    // 100 × Σ (w / 10 000) × (n_i / d) with the satisfaction numerator over 10 000
    const w = formula.weights;
    const scaled =
      BigInt(w.response) * BigInt(c.contacted) * 10_000n +
      BigInt(w.resolution) * BigInt(c.solved) * 10_000n +
      BigInt(w.satisfaction) * satisfiedWeighted;
    const value = hotlineFraction(scaled * 100n, 10_000n * 10_000n * BigInt(d));
    score = { value, hundredths: roundFraction(value, 100) };
  }
  return {
    response: figure(hotlineFraction(BigInt(c.contacted), 1n)),
    resolution: figure(hotlineFraction(BigInt(c.solved), 1n)),
    satisfaction: figure(hotlineFraction(satisfiedWeighted, 10_000n)),
    score,
  };
}

/**
 * Computes the hotline rates of a set of orders (one unit, area or month — the caller chooses) under
 * one formula version. See the module comment for the definitions.
 *
 *   10 valid callbacks: 10 contacted, 8 solved, 6 满意 + 3 基本满意 + 1 不满意, published formula:
 *   响应 100 %, 解决 80 %, 满意 (6 + 0.9 × 3) / 10 = 87 %, 综合 = 10 + 40 + 34.8 = 84.80.
 */
export function computeHotlineRates(
  orders: readonly HotlineRateOrder[],
  formula: HotlineRateFormula,
): HotlineRates {
  checkFormula(formula);
  const excludes = new Set(formula.exclusions);
  const seen = new Set<string>();
  const excluded: HotlineRates["excluded"] = [];
  const base: string[] = [];
  const contactedIds: string[] = [];
  const solvedIds: string[] = [];
  const satisfiedIds: string[] = [];
  const c: RateCounts = {
    base: 0,
    contacted: 0,
    solved: 0,
    satisfied: 0,
    basicallySatisfied: 0,
    dissatisfied: 0,
    invalidInBase: 0,
  };
  for (const o of orders) {
    if (seen.has(o.id)) throw new RuleInputError("duplicate_order", `order ${o.id} listed twice`, o.id);
    seen.add(o.id);
    const cb = latest(o.callbacks);
    const reason = exclusionOf({ ...o, merged: o.mergedIntoId !== null }, cb, excludes);
    if (reason || !cb) {
      excluded.push({ orderId: o.id, reason: reason ?? "no_callback" });
      continue;
    }
    base.push(o.id);
    if (!cb.valid) {
      c.invalidInBase++;
      continue;
    }
    if (cb.contacted) contactedIds.push(o.id);
    if (cb.solved) solvedIds.push(o.id);
    if (cb.satisfaction === "satisfied") c.satisfied++;
    else if (cb.satisfaction === "basically_satisfied") c.basicallySatisfied++;
    else c.dissatisfied++;
    if (cb.satisfaction !== "dissatisfied") satisfiedIds.push(o.id);
  }
  c.base = base.length;
  c.contacted = contactedIds.length;
  c.solved = solvedIds.length;
  const r = ratesOf(c, formula);
  return {
    formulaVersion: formula.version,
    response: { ...r.response, numeratorOrderIds: contactedIds },
    resolution: { ...r.resolution, numeratorOrderIds: solvedIds },
    satisfaction: {
      ...r.satisfaction,
      numeratorOrderIds: satisfiedIds,
      satisfied: c.satisfied,
      basicallySatisfied: c.basicallySatisfied,
      dissatisfied: c.dissatisfied,
      invalidInBase: c.invalidInBase,
    },
    score: r.score,
    baseOrderIds: base,
    excluded,
  };
}

/**
 * A class of orders that every rate treats alike, with how many orders it holds: what a database can
 * count with one GROUP BY (type, status, merged or not, and the latest callback's answers).
 */
export interface HotlineRateClass {
  type: WorkOrderType;
  status: WorkOrderStatus;
  /** Merged into another order (`mergedIntoId` set). */
  merged: boolean;
  /** The latest callback (by time, then round), or null when the order has none. */
  callback: Omit<HotlineRateCallback, "at"> | null;
  count: number;
}

/** `computeHotlineRates`' figures without the order ids, from counted classes of orders. */
export interface HotlineRateTally extends RateCounts {
  formulaVersion: string;
  /** Orders in the classes (in the base or not). */
  orders: number;
  response: Omit<HotlineRateFigure, "numeratorOrderIds">;
  resolution: Omit<HotlineRateFigure, "numeratorOrderIds">;
  satisfaction: Omit<HotlineRateFigure, "numeratorOrderIds">;
  score: HotlineRates["score"];
  excluded: Record<HotlineRateExclusionReason, number>;
}

/**
 * The same rates as `computeHotlineRates`, from classes of orders counted by the database instead of
 * the orders themselves — for rankings and reports over many orders, where only the figures are shown
 * (the orders behind a figure are listed by `computeHotlineRates` on the drill-down). For any orders,
 * tallying their classes gives exactly the figures computing the orders gives (a property test holds
 * the two together).
 */
export function tallyHotlineRates(
  classes: readonly HotlineRateClass[],
  formula: HotlineRateFormula,
): HotlineRateTally {
  checkFormula(formula);
  const excludes = new Set(formula.exclusions);
  const c: RateCounts = {
    base: 0,
    contacted: 0,
    solved: 0,
    satisfied: 0,
    basicallySatisfied: 0,
    dissatisfied: 0,
    invalidInBase: 0,
  };
  const excluded: Record<HotlineRateExclusionReason, number> = {
    consultation: 0,
    duplicate_merged: 0,
    invalid_callback: 0,
    no_callback: 0,
  };
  let orders = 0;
  for (const k of classes) {
    if (!Number.isSafeInteger(k.count) || k.count < 0)
      throw new RuleInputError("invalid_count", `a class counts orders, got ${k.count}`);
    orders += k.count;
    const cb = k.callback;
    const reason = exclusionOf(k, cb, excludes);
    if (reason || !cb) {
      excluded[reason ?? "no_callback"] += k.count;
      continue;
    }
    c.base += k.count;
    if (!cb.valid) {
      c.invalidInBase += k.count;
      continue;
    }
    if (cb.contacted) c.contacted += k.count;
    if (cb.solved) c.solved += k.count;
    if (cb.satisfaction === "satisfied") c.satisfied += k.count;
    else if (cb.satisfaction === "basically_satisfied") c.basicallySatisfied += k.count;
    else c.dissatisfied += k.count;
  }
  return { formulaVersion: formula.version, orders, ...c, ...ratesOf(c, formula), excluded };
}

// ——— rankings ———

/**
 * The groups units are ranked in on the rankings page (条例 Art. 32 grades the assessment by kind of
 * unit): streets and towns together, district departments together, the utilities together, the police
 * stations together, the property companies together — taken from the unit's kind, so a police station
 * (stored in the `departments` tier) is ranked with the other police stations.
 */
export const hotlineRankingTiers = [
  "streets_towns",
  "departments",
  "utilities",
  "police",
  "property",
] as const;
export type HotlineRankingTier = (typeof hotlineRankingTiers)[number];

/** The ranking group of a unit kind (see `hotlineRankingTiers`). */
export function hotlineRankingTierOf(kind: HandlingUnitKind): HotlineRankingTier {
  switch (kind) {
    case "street_office":
    case "town_office":
      return "streets_towns";
    case "police_station":
      return "police";
    case "utility_water":
    case "utility_power":
    case "utility_gas":
    case "utility_heating":
      return "utilities";
    case "property_company":
      return "property";
    case "district_department":
    case "other":
      return "departments";
  }
}

export interface HotlineUnitScore<T extends string = HandlingUnitTier> {
  unitId: string;
  tier: T;
  /** 综合成绩 (out of 100), exact; null when the unit had no orders in the base. */
  score: Ratio | null;
}

export interface HotlineUnitRank<T extends string = HandlingUnitTier> extends HotlineUnitScore<T> {
  /** 1 = best in its tier; equal scores share a rank (1, 2, 2, 4); null when unscored. */
  rank: number | null;
  previousRank: number | null;
  /** previousRank − rank: positive = moved up; null when either month is unranked. */
  rankChange: number | null;
  /** score − previous score, exact (may be negative); null when either is missing. */
  scoreChange: Ratio | null;
}

function rankWithin<T extends string>(rows: readonly HotlineUnitScore<T>[]): Map<string, number> {
  const scored = rows.filter((r): r is HotlineUnitScore<T> & { score: Ratio } => r.score !== null);
  scored.sort(
    (a, b) => compareFractions(b.score, a.score) || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0),
  );
  const ranks = new Map<string, number>();
  scored.forEach((r, i) => {
    const prev = scored[i - 1];
    ranks.set(
      r.unitId,
      prev && compareFractions(prev.score, r.score) === 0 ? ranks.get(prev.unitId)! : i + 1,
    );
  });
  return ranks;
}

/**
 * Ranks units by 综合成绩 within each tier (条例 Art. 32 grades by kind of unit) with the month-over-month
 * change. Deterministic: higher score first, equal scores share a rank, then by unit id; unscored units
 * come last with rank null. A unit's previous rank is taken within the tier it is in now.
 * `tiers` names the groups (default: the stored `handlingUnitTiers`; the rankings page passes
 * `hotlineRankingTiers` with each unit's `hotlineRankingTierOf(kind)`).
 */
export function rankUnits<T extends string = HandlingUnitTier>(
  current: readonly HotlineUnitScore<NoInfer<T>>[],
  previous: readonly HotlineUnitScore<NoInfer<T>>[],
  tiers: readonly T[] = handlingUnitTiers as unknown as readonly T[],
): Record<T, HotlineUnitRank<T>[]> {
  const out = Object.fromEntries(tiers.map((t) => [t, [] as HotlineUnitRank<T>[]])) as Record<
    T,
    HotlineUnitRank<T>[]
  >;
  const ids = new Set<string>();
  for (const r of current) {
    if (ids.has(r.unitId))
      throw new RuleInputError("duplicate_unit", `unit ${r.unitId} listed twice`, r.unitId);
    if (!tiers.includes(r.tier))
      throw new RuleInputError("unknown_tier", `unit ${r.unitId} is in no tier listed`, r.unitId);
    ids.add(r.unitId);
  }
  for (const tier of tiers) {
    const now = current.filter((r) => r.tier === tier);
    const before = previous.filter((r) => r.tier === tier);
    const ranks = rankWithin(now);
    const prevRanks = rankWithin(before);
    const prevScore = new Map(before.map((r) => [r.unitId, r.score]));
    out[tier] = now
      .map((r): HotlineUnitRank<T> => {
        const rank = ranks.get(r.unitId) ?? null;
        const previousRank = prevRanks.get(r.unitId) ?? null;
        const ps = prevScore.get(r.unitId) ?? null;
        return {
          ...r,
          rank,
          previousRank,
          rankChange: rank !== null && previousRank !== null ? previousRank - rank : null,
          scoreChange: r.score && ps ? subtractFractions(r.score, ps) : null,
        };
      })
      .sort(
        (a, b) =>
          (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) ||
          (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0),
      );
  }
  return out;
}

// ——— 治理类 communities ———

export interface HotlineCommunityRow {
  communityId: string;
  /** 综合成绩, exact; null when no order of the community reached the base. */
  score: Ratio | null;
  /** 诉求量: the number of requests in the period. */
  volume: number;
}

export type GovernanceCommunityReason =
  | { kind: "bottom_score"; position: number; score: Ratio }
  | { kind: "top_volume"; position: number; volume: number };

export interface GovernanceCommunity {
  communityId: string;
  reasons: GovernanceCommunityReason[];
}

const byId = (a: HotlineCommunityRow, b: HotlineCommunityRow) =>
  a.communityId < b.communityId ? -1 : a.communityId > b.communityId ? 1 : 0;

/**
 * 治理类社区 (DOMAIN.md §9: the bottom five of the district by 综合 or the top thirty by volume): the
 * bottom `bottomN` by score plus the top `topM` by volume, each with its reasons and position.
 * Exactly N and M are taken; ties at a cut-off are decided deterministically:
 * - bottom by score: lower score first, then the higher volume, then community id (unscored
 *   communities cannot be ranked by score and are not taken here);
 * - top by volume: higher volume first, then the lower score (unscored last), then community id.
 * Result order: the bottom list by position, then the volume-only ones by position.
 */
export function selectGovernanceCommunities(
  rows: readonly HotlineCommunityRow[],
  opts: { bottomN: number; topM: number },
): GovernanceCommunity[] {
  for (const n of [opts.bottomN, opts.topM])
    if (!Number.isSafeInteger(n) || n < 0) throw new RuleInputError("invalid_count", `not a count: ${n}`);
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.communityId))
      throw new RuleInputError(
        "duplicate_community",
        `community ${r.communityId} listed twice`,
        r.communityId,
      );
    seen.add(r.communityId);
    if (!Number.isSafeInteger(r.volume) || r.volume < 0)
      throw new RuleInputError("invalid_volume", `volume must be a count, got ${r.volume}`, r.communityId);
  }
  const bottom = rows
    .filter((r): r is HotlineCommunityRow & { score: Ratio } => r.score !== null)
    .sort((a, b) => compareFractions(a.score, b.score) || b.volume - a.volume || byId(a, b))
    .slice(0, opts.bottomN);
  const top = [...rows]
    .sort(
      (a, b) =>
        b.volume - a.volume ||
        (a.score && b.score ? compareFractions(a.score, b.score) : a.score ? -1 : b.score ? 1 : 0) ||
        byId(a, b),
    )
    .slice(0, opts.topM);
  const result = new Map<string, GovernanceCommunity>();
  bottom.forEach((r, i) => {
    result.set(r.communityId, {
      communityId: r.communityId,
      reasons: [{ kind: "bottom_score", position: i + 1, score: r.score }],
    });
  });
  top.forEach((r, i) => {
    const reason: GovernanceCommunityReason = { kind: "top_volume", position: i + 1, volume: r.volume };
    const entry = result.get(r.communityId);
    if (entry) entry.reasons.push(reason);
    else result.set(r.communityId, { communityId: r.communityId, reasons: [reason] });
  });
  return [...result.values()];
}
