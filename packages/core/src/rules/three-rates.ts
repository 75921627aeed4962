/**
 * 物业管理"三率" of Beijing's 2020–2022 three-year action plan (DOMAIN.md §2):
 * 物业服务覆盖率 (propertyServiceCoverage), 业委会（物管会）组建率 (committeeFormation) and
 * 党的组织覆盖率 (partyOrgCoverage).
 *
 * Not to be confused with the 12345 hotline's 接诉即办 "三率" (响应率 / 解决率 / 满意率): every
 * name here is prefixed by the property-management metric it is.
 *
 * Denominators: coverage and formation divide by the residential compounds in scope; party-org
 * coverage divides by the committees in office (业委会 + 物管会) of in-scope compounds. Each rate has a
 * household-weighted twin with the same rule, counting households instead of compounds.
 */
import type { CommitteeKind, PartyOrgMode, PropertyServiceMode } from "../model/enums.ts";
import { RuleInputError } from "./errors.ts";
import { ceilFractionOf, rateOf, strictlyAboveFractionOf } from "./exact.ts";

export const propertyThreeRateKeys = [
  "propertyServiceCoverage",
  "committeeFormation",
  "partyOrgCoverage",
] as const;
export type PropertyThreeRateKey = (typeof propertyThreeRateKeys)[number];

export interface ThreeRatesCompound {
  id: string;
  households: number;
  inScope: boolean;
  propertyService: PropertyServiceMode;
  committee: null | { kind: CommitteeKind; inOffice: boolean; partyOrg: PartyOrgMode };
}

export interface RateFigure {
  numerator: number;
  denominator: number;
  /** numerator / denominator in [0, 1]; null when the denominator is 0. */
  rate: number | null;
}

export interface ThreeRateValue extends RateFigure {
  householdWeighted: RateFigure;
}

export type ThreeRates = Record<PropertyThreeRateKey, ThreeRateValue>;

function figure(numerator: number, denominator: number): RateFigure {
  return { numerator, denominator, rate: rateOf(numerator, denominator) };
}

function value(n: number, d: number, hn: number, hd: number): ThreeRateValue {
  return { ...figure(n, d), householdWeighted: figure(hn, hd) };
}

/** All-zero rates (every rate null). The identity of `addThreeRates`. */
export function emptyThreeRates(): ThreeRates {
  return {
    propertyServiceCoverage: value(0, 0, 0, 0),
    committeeFormation: value(0, 0, 0, 0),
    partyOrgCoverage: value(0, 0, 0, 0),
  };
}

/** Sum two sets of rates: numerators and denominators add, rates are derived again. */
export function addThreeRates(a: ThreeRates, b: ThreeRates): ThreeRates {
  const add = (k: PropertyThreeRateKey): ThreeRateValue =>
    value(
      a[k].numerator + b[k].numerator,
      a[k].denominator + b[k].denominator,
      a[k].householdWeighted.numerator + b[k].householdWeighted.numerator,
      a[k].householdWeighted.denominator + b[k].householdWeighted.denominator,
    );
  return {
    propertyServiceCoverage: add("propertyServiceCoverage"),
    committeeFormation: add("committeeFormation"),
    partyOrgCoverage: add("partyOrgCoverage"),
  };
}

/** Does this compound have a committee (业委会 or 物管会) in office? */
export function hasCommitteeInOffice(c: ThreeRatesCompound): boolean {
  return c.committee?.inOffice === true;
}

/**
 * The 三率 of a set of compounds (DOMAIN.md §2). Compounds with `inScope: false` are ignored.
 * Throws `RuleInputError` on a duplicate id or a households count that is not a non-negative integer.
 */
export function computeThreeRates(compounds: readonly ThreeRatesCompound[]): ThreeRates {
  const seen = new Set<string>();
  let scoped = 0;
  let scopedH = 0;
  let served = 0;
  let servedH = 0;
  let formed = 0;
  let formedH = 0;
  let covered = 0;
  let coveredH = 0;
  for (const c of compounds) {
    if (seen.has(c.id))
      throw new RuleInputError("duplicate_compound_id", `Duplicate compound id ${c.id}`, c.id);
    seen.add(c.id);
    if (!Number.isSafeInteger(c.households) || c.households < 0) {
      throw new RuleInputError(
        "invalid_households",
        `Compound ${c.id}: households must be an integer ≥ 0`,
        c.id,
      );
    }
    if (!c.inScope) continue;
    scoped += 1;
    scopedH += c.households;
    // 物业服务覆盖率: any arrangement other than 无物业.
    if (c.propertyService !== "none") {
      served += 1;
      servedH += c.households;
    }
    // 组建率: a 业委会 or 物管会 currently in office; 党组织覆盖率 counts those committees.
    if (c.committee?.inOffice) {
      formed += 1;
      formedH += c.households;
      if (c.committee.partyOrg !== "none") {
        covered += 1;
        coveredH += c.households;
      }
    }
  }
  return {
    propertyServiceCoverage: value(served, scoped, servedH, scopedH),
    committeeFormation: value(formed, scoped, formedH, scopedH),
    partyOrgCoverage: value(covered, formed, coveredH, formedH),
  };
}

// ---------------------------------------------------------------------------------------------
// Hierarchy rollup: district → subdistrict → community → compound
// ---------------------------------------------------------------------------------------------

export const rollupLevels = ["district", "subdistrict", "community", "compound"] as const;
export type RollupLevel = (typeof rollupLevels)[number];

/** A node of the administrative tree. Compound leaves carry their data; other nodes carry children. */
export type ThreeRatesTreeNode =
  | { level: "compound"; id: string; name?: string; compound: ThreeRatesCompound }
  | {
      level: Exclude<RollupLevel, "compound">;
      id: string;
      name?: string;
      children: readonly ThreeRatesTreeNode[];
    };

export interface ThreeRatesRollup {
  level: RollupLevel;
  id: string;
  name?: string;
  rates: ThreeRates;
  children: ThreeRatesRollup[];
}

/**
 * Roll the 三率 up a tree. Every parent's numerators and denominators are exactly the sums of its
 * children's (so a parent's figures equal `computeThreeRates` over all its compounds); rates are
 * derived from the sums, never averaged.
 */
export function rollupThreeRates(node: ThreeRatesTreeNode): ThreeRatesRollup {
  const base =
    node.name === undefined
      ? { level: node.level, id: node.id }
      : { level: node.level, id: node.id, name: node.name };
  if (node.level === "compound") {
    return { ...base, rates: computeThreeRates([node.compound]), children: [] };
  }
  const children = node.children.map(rollupThreeRates);
  const rates = children.reduce((acc, child) => addThreeRates(acc, child.rates), emptyThreeRates());
  return { ...base, rates, children };
}

/** A compound with its place in the hierarchy, as a registry query returns it. */
export interface PlacedThreeRatesCompound extends ThreeRatesCompound {
  districtId: string;
  subdistrictId: string;
  communityId: string;
}

/**
 * Build the district → subdistrict → community → compound tree from flat rows and roll it up.
 * Returns one rollup per district, in first-seen order.
 */
export function rollupThreeRatesFromRows(rows: readonly PlacedThreeRatesCompound[]): ThreeRatesRollup[] {
  type Mutable = { level: Exclude<RollupLevel, "compound">; id: string; children: ThreeRatesTreeNode[] };
  const districts = new Map<string, Mutable>();
  const subs = new Map<string, Mutable>();
  const comms = new Map<string, Mutable>();
  const child = (
    map: Map<string, Mutable>,
    parent: Mutable | null,
    level: Mutable["level"],
    id: string,
  ): Mutable => {
    const key = `${parent?.id ?? ""}\u0000${id}`;
    let node = map.get(key);
    if (!node) {
      node = { level, id, children: [] };
      map.set(key, node);
      parent?.children.push(node);
    }
    return node;
  };
  for (const row of rows) {
    const d = child(districts, null, "district", row.districtId);
    const s = child(subs, d, "subdistrict", row.subdistrictId);
    const c = child(comms, s, "community", row.communityId);
    const { districtId: _d, subdistrictId: _s, communityId: _c, ...compound } = row;
    c.children.push({ level: "compound", id: row.id, compound });
  }
  return [...districts.values()].map(rollupThreeRates);
}

// ---------------------------------------------------------------------------------------------
// Targets and gap to target
// ---------------------------------------------------------------------------------------------

/** A target as an exact fraction; `inclusive` for "≥" (以上/达到), false for "> " (超过). */
export interface RateTarget {
  numerator: number;
  denominator: number;
  inclusive: boolean;
}

export type ThreeRatesTargets = Record<PropertyThreeRateKey, RateTarget>;

const pct = (p: number, inclusive = true): RateTarget => ({ numerator: p, denominator: 100, inclusive });

/** The default target: 90 % for each rate. */
export const defaultThreeRatesTargets: ThreeRatesTargets = {
  propertyServiceCoverage: pct(90),
  committeeFormation: pct(90),
  partyOrgCoverage: pct(90),
};

/**
 * Published year-end targets of Beijing's 2020–2022 action plan (DOMAIN.md §2):
 * 2020 组建率 and 党组织覆盖率 ≥ 30 %, 覆盖率 > 60 %; 2021 all three ≥ 70 %; 2022 all three ≥ 90 %.
 */
export const beijingThreeRatesTargets: Readonly<Record<2020 | 2021 | 2022, ThreeRatesTargets>> = {
  2020: { propertyServiceCoverage: pct(60, false), committeeFormation: pct(30), partyOrgCoverage: pct(30) },
  2021: { propertyServiceCoverage: pct(70), committeeFormation: pct(70), partyOrgCoverage: pct(70) },
  2022: { propertyServiceCoverage: pct(90), committeeFormation: pct(90), partyOrgCoverage: pct(90) },
};

export interface RateGap {
  /** null when the denominator is 0 (nothing to measure). */
  met: boolean | null;
  /** How many more compounds (or committees, or households) must count to reach the target; 0 when met. */
  additionalNeeded: number;
  /** The smallest numerator that meets the target with this denominator. */
  requiredNumerator: number;
  /** max(0, target − rate), null when the rate is null. */
  rateGap: number | null;
}

/**
 * Gap of one figure to a target, exactly: the smallest n with n/d ≥ p/q is ceil(d·p/q); with n/d > p/q
 * it is floor(d·p/q) + 1. The denominator is held fixed (new committees do not add compounds).
 */
export function gapToTarget(fig: { numerator: number; denominator: number }, target: RateTarget): RateGap {
  if (fig.denominator === 0) {
    return { met: null, additionalNeeded: 0, requiredNumerator: 0, rateGap: null };
  }
  const required = target.inclusive
    ? ceilFractionOf(fig.denominator, target.numerator, target.denominator)
    : strictlyAboveFractionOf(fig.denominator, target.numerator, target.denominator);
  const requiredNumerator = Number(required);
  const additionalNeeded = Math.max(0, requiredNumerator - fig.numerator);
  const rate = fig.numerator / fig.denominator;
  return {
    met: additionalNeeded === 0,
    additionalNeeded,
    requiredNumerator,
    rateGap: Math.max(0, target.numerator / target.denominator - rate),
  };
}

export type ThreeRatesGap = Record<PropertyThreeRateKey, RateGap & { householdWeighted: RateGap }>;

/** Gap to target for each of the three rates of one unit (compound counts and households). */
export function threeRatesGap(
  rates: ThreeRates,
  targets: ThreeRatesTargets = defaultThreeRatesTargets,
): ThreeRatesGap {
  const one = (k: PropertyThreeRateKey) => ({
    ...gapToTarget(rates[k], targets[k]),
    householdWeighted: gapToTarget(rates[k].householdWeighted, targets[k]),
  });
  return {
    propertyServiceCoverage: one("propertyServiceCoverage"),
    committeeFormation: one("committeeFormation"),
    partyOrgCoverage: one("partyOrgCoverage"),
  };
}
