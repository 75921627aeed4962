/**
 * The statutory owners' vote (业主共同决定).
 *
 * 民法典 Art. 278 para. 2: a joint decision requires the participation (参与表决) of owners
 * holding ≥ 2/3 of the total exclusive area AND ≥ 2/3 of the total number of owners.
 * - Items (6) 筹集维修资金, (7) 改建、重建, (8) 改变共有部分用途或经营: approval by ≥ 3/4 of the
 *   participating area AND ≥ 3/4 of the participating owners ("special").
 * - Every other item: approval by more than 1/2 of the participating area AND more than 1/2 of
 *   the participating owners ("ordinary").
 * 民法典 Art. 1259: "以上" includes the number itself; "过半数" (more than half) does not.
 * 法释〔2009〕7号 Art. 8: area = the exclusive area in the 不动产登记簿 (else surveyed, else contract).
 * 法释〔2009〕7号 Art. 9: headcount = one owner per unit, but all units of one buyer count as one
 * owner, and all units the developer has not sold count as one owner — the caller expresses both
 * by giving those units the same `ownerKey`.
 *
 * All arithmetic is exact: areas are integer hundredths of m² (centi-m²), comparisons are by
 * cross-multiplication in BigInt.
 */
import type { Art278Item, BallotChoice, DecisionMatter } from "../model/enums.ts";
import { art278SpecialItems, ballotChoices, decisionMatters } from "../model/enums.ts";
import { atLeastFraction, ceilFractionOf, moreThanFraction } from "./exact.ts";

export interface OwnersVoteUnit {
  id: string;
  /** Exclusive area in integer hundredths of m² (e.g. 89.57 m² → 8957). */
  areaCentiM2: number;
  /** One key per owner for headcount (法释〔2009〕7号 Art. 9); one key may own several units. */
  ownerKey: string;
}

export interface OwnersVoteBallot {
  ownerKey: string;
  choice: BallotChoice;
}

export interface OwnersVoteInput {
  matter: DecisionMatter;
  units: readonly OwnersVoteUnit[];
  ballots: readonly OwnersVoteBallot[];
}

export interface AreaAndHeadcount {
  areaCentiM2: number;
  headcount: number;
}

export interface OwnersVoteTally {
  matter: DecisionMatter;
  eligible: AreaAndHeadcount;
  participated: AreaAndHeadcount;
  for: AreaAndHeadcount;
  against: AreaAndHeadcount;
  abstain: AreaAndHeadcount;
  /** participated ≥ 2/3 of eligible, by area AND by headcount (Art. 278, Art. 1259). */
  quorumMet: boolean;
  quorumByArea: boolean;
  quorumByHeadcount: boolean;
  /** for vs participated: > 1/2 (ordinary) or ≥ 3/4 (special), by area AND by headcount. */
  approved: boolean;
  approvedByArea: boolean;
  approvedByHeadcount: boolean;
  passed: boolean;
  /** The thresholds applied, for display: quorum 2/3 inclusive; approval 1/2 strict or 3/4 inclusive. */
  rule: {
    quorum: { numerator: 2; denominator: 3; inclusive: true };
    approval: { numerator: number; denominator: number; inclusive: boolean };
  };
}

export type OwnersVoteInputErrorCode =
  | "invalid_matter"
  | "no_units"
  | "invalid_unit_id"
  | "duplicate_unit_id"
  | "invalid_area"
  | "area_overflow"
  | "invalid_owner_key"
  | "unknown_owner_key"
  | "duplicate_ballot"
  | "invalid_choice";

/** Invalid input to the owners' vote; nothing is computed. `id` names the offending unit or owner key. */
export class OwnersVoteInputError extends Error {
  override readonly name = "OwnersVoteInputError";
  constructor(
    readonly code: OwnersVoteInputErrorCode,
    message: string,
    readonly id?: string,
  ) {
    super(message);
  }
}

/** 民法典 Art. 278: items (6), (7), (8) are special matters (≥ 3/4); all others ordinary (> 1/2). */
export function matterForItem(item: Art278Item): DecisionMatter {
  return (art278SpecialItems as readonly number[]).includes(item) ? "special" : "ordinary";
}

/** The approval threshold of a matter: ordinary "过半数" (> 1/2), special "四分之三以上" (≥ 3/4). */
export function approvalRule(matter: DecisionMatter): {
  numerator: number;
  denominator: number;
  inclusive: boolean;
} {
  return matter === "special"
    ? { numerator: 3, denominator: 4, inclusive: true }
    : { numerator: 1, denominator: 2, inclusive: false };
}

interface Validated {
  matter: DecisionMatter;
  /** area per owner key */
  ownerArea: Map<string, bigint>;
  totalArea: bigint;
  ballotByKey: Map<string, BallotChoice>;
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

function validate(input: OwnersVoteInput): Validated {
  if (!(decisionMatters as readonly string[]).includes(input.matter)) {
    throw new OwnersVoteInputError("invalid_matter", `Unknown matter: ${String(input.matter)}`);
  }
  if (input.units.length === 0) throw new OwnersVoteInputError("no_units", "No units: nothing to vote on");
  const unitIds = new Set<string>();
  const ownerArea = new Map<string, bigint>();
  let totalArea = 0n;
  for (const unit of input.units) {
    if (typeof unit.id !== "string" || unit.id === "") {
      throw new OwnersVoteInputError("invalid_unit_id", "A unit has an empty id", String(unit.id));
    }
    if (unitIds.has(unit.id))
      throw new OwnersVoteInputError("duplicate_unit_id", `Duplicate unit id ${unit.id}`, unit.id);
    unitIds.add(unit.id);
    if (!Number.isSafeInteger(unit.areaCentiM2) || unit.areaCentiM2 <= 0) {
      throw new OwnersVoteInputError(
        "invalid_area",
        `Unit ${unit.id}: area must be a positive integer of centi-m², got ${unit.areaCentiM2}`,
        unit.id,
      );
    }
    if (typeof unit.ownerKey !== "string" || unit.ownerKey === "") {
      throw new OwnersVoteInputError("invalid_owner_key", `Unit ${unit.id} has no owner key`, unit.id);
    }
    const area = BigInt(unit.areaCentiM2);
    ownerArea.set(unit.ownerKey, (ownerArea.get(unit.ownerKey) ?? 0n) + area);
    totalArea += area;
  }
  if (totalArea > MAX)
    throw new OwnersVoteInputError("area_overflow", "Total area exceeds Number.MAX_SAFE_INTEGER");
  const ballotByKey = new Map<string, BallotChoice>();
  for (const ballot of input.ballots) {
    if (!ownerArea.has(ballot.ownerKey)) {
      throw new OwnersVoteInputError(
        "unknown_owner_key",
        `Ballot for owner key ${ballot.ownerKey} who owns no unit`,
        ballot.ownerKey,
      );
    }
    if (ballotByKey.has(ballot.ownerKey)) {
      throw new OwnersVoteInputError(
        "duplicate_ballot",
        `Two ballots for owner key ${ballot.ownerKey}`,
        ballot.ownerKey,
      );
    }
    if (!(ballotChoices as readonly string[]).includes(ballot.choice)) {
      throw new OwnersVoteInputError(
        "invalid_choice",
        `Unknown choice ${String(ballot.choice)}`,
        ballot.ownerKey,
      );
    }
    ballotByKey.set(ballot.ownerKey, ballot.choice);
  }
  return { matter: input.matter, ownerArea, totalArea, ballotByKey };
}

interface Sums {
  eligible: [bigint, number];
  participated: [bigint, number];
  for: [bigint, number];
  against: [bigint, number];
  abstain: [bigint, number];
  remaining: [bigint, number];
}

function sums(v: Validated): Sums {
  const s: Sums = {
    eligible: [v.totalArea, v.ownerArea.size],
    participated: [0n, 0],
    for: [0n, 0],
    against: [0n, 0],
    abstain: [0n, 0],
    remaining: [0n, 0],
  };
  for (const [key, area] of v.ownerArea) {
    const choice = v.ballotByKey.get(key);
    const bucket = choice === undefined ? s.remaining : s[choice];
    bucket[0] += area;
    bucket[1] += 1;
    if (choice !== undefined) {
      s.participated[0] += area;
      s.participated[1] += 1;
    }
  }
  return s;
}

const toPair = ([area, headcount]: [bigint, number]): AreaAndHeadcount => ({
  areaCentiM2: Number(area),
  headcount,
});

/** Quorum (民法典 Art. 278 para. 2): "三分之二以上", inclusive by Art. 1259. */
function quorum(
  participated: [bigint, number],
  eligible: [bigint, number],
): { area: boolean; head: boolean } {
  return {
    area: atLeastFraction(participated[0], eligible[0], 2, 3),
    head: atLeastFraction(participated[1], eligible[1], 2, 3),
  };
}

/** Approval: ordinary "过半数" strictly > 1/2; special "四分之三以上" ≥ 3/4 (Art. 278, Art. 1259). */
function approval(
  matter: DecisionMatter,
  forVotes: [bigint, number],
  participated: [bigint, number],
): { area: boolean; head: boolean } {
  // With nobody participating nothing is approved (also keeps 0 ≥ 3/4·0 from passing).
  if (participated[1] === 0) return { area: false, head: false };
  const { numerator, denominator, inclusive } = approvalRule(matter);
  const cmp = inclusive ? atLeastFraction : moreThanFraction;
  return {
    area: cmp(forVotes[0], participated[0], numerator, denominator),
    head: cmp(forVotes[1], participated[1], numerator, denominator),
  };
}

/**
 * Tally an owners' joint decision (民法典 Art. 278; 法释〔2009〕7号 Art. 8–9; 民法典 Art. 1259).
 * Abstentions participate (count toward the quorum and the approval denominator) but do not approve.
 * Throws `OwnersVoteInputError` on invalid input and computes nothing.
 */
export function tallyOwnersDecision(input: OwnersVoteInput): OwnersVoteTally {
  const v = validate(input);
  const s = sums(v);
  const q = quorum(s.participated, s.eligible);
  const a = approval(v.matter, s.for, s.participated);
  const quorumMet = q.area && q.head;
  const approved = a.area && a.head;
  return {
    matter: v.matter,
    eligible: toPair(s.eligible),
    participated: toPair(s.participated),
    for: toPair(s.for),
    against: toPair(s.against),
    abstain: toPair(s.abstain),
    quorumMet,
    quorumByArea: q.area,
    quorumByHeadcount: q.head,
    approved,
    approvedByArea: a.area,
    approvedByHeadcount: a.head,
    passed: quorumMet && approved,
    rule: { quorum: { numerator: 2, denominator: 3, inclusive: true }, approval: approvalRule(v.matter) },
  };
}

export type VoteOutcome = "passed" | "failed";

export interface VotingProgress {
  /** The tally of the ballots cast so far, as if the vote closed now. */
  current: OwnersVoteTally;
  /** Owners who have not voted yet. */
  remaining: AreaAndHeadcount;
  quorum: {
    met: boolean;
    /** ceil(2/3 · eligible): the participation needed, by area and headcount. */
    required: AreaAndHeadcount;
    /** What is still missing to reach the quorum (0 when reached). */
    stillNeeded: AreaAndHeadcount;
    /** Whether the quorum can still be reached if enough of the remaining owners vote. */
    reachable: boolean;
  };
  /**
   * The outcome if it no longer depends on the remaining owners, else null.
   * "passed": the quorum is already met and the vote passes even if every remaining owner
   * votes against. "failed": it fails even if every remaining owner votes for.
   * Assumes cast ballots are final.
   */
  decided: VoteOutcome | null;
  /** Outcome if every remaining owner votes for (the best case for passing). */
  bestCase: OwnersVoteTally;
  /** Outcome if every remaining owner votes against (the worst case once the quorum is met). */
  worstCase: OwnersVoteTally;
}

/**
 * Live progress of a vote (民法典 Art. 278; Art. 1259): what is still needed for the 2/3 quorum and
 * whether the outcome is already decided whatever the remaining owners do.
 *
 * Why the bounds are exact: adding a "for" ballot raises participation and both approval ratios, so
 * "everyone left votes for" is the best case; once the quorum is met, more ballots keep it met, and an
 * "against" (or abstain) ballot only lowers the approval ratios, so "everyone left votes against" is the
 * worst case. If the quorum is not yet met, "nobody else votes" fails, so the vote cannot be decided
 * as passed.
 */
export function votingProgress(input: OwnersVoteInput): VotingProgress {
  const v = validate(input);
  const s = sums(v);
  const current = tallyOwnersDecision(input);
  const remainingKeys = [...v.ownerArea.keys()].filter((k) => !v.ballotByKey.has(k));
  const withRemaining = (choice: BallotChoice): OwnersVoteTally =>
    tallyOwnersDecision({
      matter: input.matter,
      units: input.units,
      ballots: [...input.ballots, ...remainingKeys.map((ownerKey) => ({ ownerKey, choice }))],
    });
  const bestCase = withRemaining("for");
  const worstCase = withRemaining("against");
  const requiredArea = ceilFractionOf(s.eligible[0], 2, 3);
  const requiredHead = Number(ceilFractionOf(s.eligible[1], 2, 3));
  const needArea = requiredArea > s.participated[0] ? requiredArea - s.participated[0] : 0n;
  const needHead = Math.max(0, requiredHead - s.participated[1]);
  let decided: VoteOutcome | null = null;
  if (current.quorumMet && worstCase.passed) decided = "passed";
  else if (!bestCase.passed) decided = "failed";
  return {
    current,
    remaining: toPair(s.remaining),
    quorum: {
      met: current.quorumMet,
      required: { areaCentiM2: Number(requiredArea), headcount: requiredHead },
      stillNeeded: { areaCentiM2: Number(needArea), headcount: needHead },
      reachable: bestCase.quorumMet,
    },
    decided,
    bestCase,
    worstCase,
  };
}
