/**
 * 街乡吹哨、部门报到 (DOMAIN.md §10) as transition tables, with the grading of a whistle's source level,
 * the summons deadlines and lateness, and the escalation inputs of the scheduler job. All pure.
 *
 * Whistle (吹哨):
 *
 *   raised 吹哨 ──first unit answers (system)──▶ responding 报到中 ──办结──▶ resolved ──考核──▶ closed
 *     │                                                 │                          ▲
 *     └──────────── 升级 (system: late / refused unit; ──┴──▶ escalated ──办结 (district)─┘
 *                   the street: cannot close it)            区指挥中心 commands, may summon more units
 *   raised / responding / escalated ──撤哨 (with a reason, before any unit reported on site)──▶ withdrawn
 *
 * | from → to                | who                                          | guard |
 * |--------------------------|----------------------------------------------|-------|
 * | raised → responding      | system                                       | a unit has answered (acknowledged or refused) |
 * | raised → escalated       | system, subdistrict_staff                    | not already at district |
 * | responding → escalated   | system, subdistrict_staff                    | not already at district |
 * | responding → resolved    | community / subdistrict / district staff     | staff of the commanding level or above; every summons finished, or refused and escalated; resolution text |
 * | escalated → resolved     | district_staff                               | as above |
 * | resolved → closed        | subdistrict_staff, district_staff, system    | every unit that reported has the street's rating, or the rating period is over |
 * | raised/responding → withdrawn | community / subdistrict / district staff | commanding level or above; reason; no unit reported on site yet |
 * | escalated → withdrawn    | district_staff                               | reason; no unit reported on site yet |
 *
 * Summons (报到, one unit):
 *
 * | from → to                 | who               | guard |
 * |---------------------------|-------------------|-------|
 * | summoned → acknowledged   | unit_staff        | of the summoned unit (every unit_staff row: while the whistle is open) |
 * | acknowledged → on_site    | unit_staff        | of the unit; the on-site report: people, evidence, place, plan, planned finish |
 * | on_site → finished        | unit_staff        | of the unit; the result |
 * | summoned → refused        | unit_staff        | of the unit; the reason |
 * | acknowledged → refused    | unit_staff        | of the unit; the reason |
 * | refused → summoned        | district_staff    | the whistle is open; a reason (驳回: the district overrules the refusal); new deadlines |
 * | summoned → cancelled      | system            | the whistle was withdrawn |
 * | acknowledged → cancelled  | system            | the whistle was withdrawn |
 *
 * Lateness is not a status (a late unit still acknowledges, reports and finishes): `summonsLateness`.
 * Escalation of a summons (late or refused → the district) is recorded once, with its reason, by
 * `escalateSummons`; the scheduler asks `shouldEscalateToDistrict` which ones are due.
 *
 * The law sets no fixed time or grade (DOMAIN.md §10): the deadlines are the whistle's own, and the
 * grading and default acknowledgement windows here are **practice**, stated as data.
 */
import type {
  SummonsStatus,
  WhistleActor,
  WhistleLevel,
  WhistleScope,
  WhistleSeverity,
  WhistleSituation,
  WhistleStatus,
} from "../model/enums.ts";
import { whistleLevels } from "../model/enums.ts";
import type { Whistle, WhistleReportInput, WhistleSummons } from "../model/whistle.ts";
import { RuleInputError } from "./errors.ts";
import { defineLifecycle, type TransitionRule } from "./transitions.ts";

const blank = (s: string | null | undefined): boolean => s === null || s === undefined || s.trim() === "";
const rank = (l: WhistleLevel): number => whistleLevels.indexOf(l);

/** The level of a staff actor (community_staff → community, …); null for unit staff and the system. */
export function whistleActorLevel(actor: WhistleActor): WhistleLevel | null {
  switch (actor) {
    case "community_staff":
      return "community";
    case "subdistrict_staff":
      return "subdistrict";
    case "district_staff":
      return "district";
    default:
      return null;
  }
}

// ——— whistle table ———

/** The part of a summons the whistle's guards read. */
export type SummonsState = Pick<WhistleSummons, "status" | "escalatedAt">;

export interface WhistleTransitionContext {
  /** The level commanding the whistle now. */
  level?: WhistleLevel;
  /** The acting staff member's level (`whistleActorLevel`), null for the system. */
  actorLevel?: WhistleLevel | null;
  summons?: readonly SummonsState[];
  reason?: string | null;
  resolution?: string | null;
  /** Units that reported on site and have no street rating yet. */
  unratedReportedCount?: number;
  /** The rating period after resolution is over (the system may close unrated). */
  ratingPeriodOver?: boolean;
}

type WCtx = WhistleTransitionContext;
type WRule = TransitionRule<WhistleStatus, WhistleActor, WCtx>;

const OPEN_SUMMONS: readonly SummonsStatus[] = ["summoned", "acknowledged", "on_site"];
const REPORTED: readonly SummonsStatus[] = ["on_site", "finished"];

/** Is this summons settled for closing: finished, or refused and escalated to the district? */
export function isSummonsSettled(s: SummonsState): boolean {
  return s.status === "finished" || (s.status === "refused" && s.escalatedAt !== null);
}

const someAcknowledged = (c: WCtx) =>
  (c.summons ?? []).some(
    (s) => s.status === "acknowledged" || s.status === "refused" || REPORTED.includes(s.status),
  )
    ? null
    : "no summoned unit has answered (acknowledged or refused) yet";
const belowDistrict = (c: WCtx) =>
  c.level === "district" ? "already commanded by the district" : c.level ? null : "the level is required";
const commandingLevel = (c: WCtx) =>
  !c.level
    ? "the level is required"
    : c.actorLevel && rank(c.actorLevel) >= rank(c.level)
      ? null
      : `only staff of the ${c.level} level or above may do this`;
const settled = (c: WCtx) => {
  const all = c.summons ?? [];
  if (all.length === 0) return "a whistle summons at least one unit";
  if (all.some((s) => OPEN_SUMMONS.includes(s.status))) return "a summoned unit has not finished";
  if (!all.every(isSummonsSettled)) return "every refusal is escalated to the district before resolving";
  return blank(c.resolution) ? "the resolution (办结情况) is required" : null;
};
const resolvable = (c: WCtx) => commandingLevel(c) ?? settled(c);
const withdrawable = (c: WCtx) =>
  commandingLevel(c) ??
  (blank(c.reason)
    ? "withdrawing (撤哨) needs a reason"
    : (c.summons ?? []).some((s) => REPORTED.includes(s.status))
      ? "a unit has reported on site: resolve the whistle instead of withdrawing it"
      : null);
const rated = (c: WCtx) =>
  (c.unratedReportedCount ?? 0) === 0 || c.ratingPeriodOver === true
    ? null
    : "the street rates every unit that reported (双考核) before closing";

const staff = ["community_staff", "subdistrict_staff", "district_staff"] as const;

const whistleTable: readonly WRule[] = [
  {
    from: "raised",
    to: "responding",
    actors: ["system"],
    label: "报到中: the first summoned unit answered",
    guard: someAcknowledged,
  },
  {
    from: "raised",
    to: "escalated",
    actors: ["system", "subdistrict_staff"],
    label: "升级: raised to the district command (a unit late or refusing, or the street cannot solve it)",
    guard: belowDistrict,
  },
  {
    from: "responding",
    to: "escalated",
    actors: ["system", "subdistrict_staff"],
    label: "升级: raised to the district command (a unit late or refusing, or the street cannot close it)",
    guard: belowDistrict,
  },
  {
    from: "responding",
    to: "resolved",
    actors: staff,
    label: "办结: solved; every unit finished or refused-and-escalated",
    guard: resolvable,
  },
  {
    from: "escalated",
    to: "resolved",
    actors: ["district_staff"],
    label: "办结 under the district command",
    guard: resolvable,
  },
  {
    from: "resolved",
    to: "closed",
    actors: ["subdistrict_staff", "district_staff", "system"],
    label: "考核归档: closed once the street has rated every unit that reported (or the period is over)",
    guard: rated,
  },
  {
    from: "raised",
    to: "withdrawn",
    actors: staff,
    label: "撤哨: withdrawn with a reason before any unit reported",
    guard: withdrawable,
  },
  {
    from: "responding",
    to: "withdrawn",
    actors: staff,
    label: "撤哨: withdrawn with a reason before any unit reported",
    guard: withdrawable,
  },
  {
    from: "escalated",
    to: "withdrawn",
    actors: ["district_staff"],
    label: "撤哨 by the district command",
    guard: withdrawable,
  },
];

export const whistleLifecycle = defineLifecycle("whistle", whistleTable);
export const whistleTransitions = whistleTable;
export const whistleTerminalStatuses = ["closed", "withdrawn"] as const satisfies readonly WhistleStatus[];
/** Statuses in which the units still work and more may be summoned. */
export const whistleOpenStatuses = [
  "raised",
  "responding",
  "escalated",
] as const satisfies readonly WhistleStatus[];
export const isWhistleOpen = (s: WhistleStatus): boolean =>
  (whistleOpenStatuses as readonly string[]).includes(s);

// ——— summons table ———

export interface SummonsTransitionContext {
  /** The summoned unit. */
  unitId?: string | null;
  /** The acting unit (unit_staff). */
  actorUnitId?: string | null;
  reason?: string | null;
  report?: WhistleReportInput | null;
  result?: string | null;
  whistleStatus?: WhistleStatus;
  /** For a re-summons: the new report-by time must be after `at`. */
  at?: Date;
  reportBy?: Date | null;
}

type SCtx = SummonsTransitionContext;
type SRule = TransitionRule<SummonsStatus, WhistleActor, SCtx>;

const ownUnit = (c: SCtx) =>
  !c.whistleStatus || !isWhistleOpen(c.whistleStatus)
    ? "the whistle is not open (resolved, closed or withdrawn)"
    : blank(c.actorUnitId) || c.actorUnitId !== c.unitId
      ? "only the summoned unit may act on its summons"
      : null;
const withReason = (c: SCtx) => ownUnit(c) ?? (blank(c.reason) ? "a refusal needs its reason" : null);

/** Why an on-site report is incomplete, or null (报到 needs who came, evidence, place, plan and date). */
export function onSiteReportProblem(r: WhistleReportInput | null | undefined): string | null {
  if (!r) return "the on-site report is required";
  if (r.people.filter((p) => !blank(p)).length === 0) return "the report names who came";
  if (r.evidenceIds.length === 0) return "the report carries evidence (a photo)";
  if (!r.place) return "the report gives the place";
  if (blank(r.plan)) return "the report states what the unit will do";
  if (blank(r.plannedFinishOn)) return "the report states by when";
  return null;
}

const summonsTable: readonly SRule[] = [
  {
    from: "summoned",
    to: "acknowledged",
    actors: ["unit_staff"],
    label: "响应: acknowledged by the unit",
    guard: ownUnit,
  },
  {
    from: "acknowledged",
    to: "on_site",
    actors: ["unit_staff"],
    label: "到场报到: on site, with who came, evidence, place, plan and date",
    guard: (c) => ownUnit(c) ?? onSiteReportProblem(c.report),
  },
  {
    from: "on_site",
    to: "finished",
    actors: ["unit_staff"],
    label: "完成: the unit's part is done, with its result",
    guard: (c) => ownUnit(c) ?? (blank(c.result) ? "the result (完成情况) is required" : null),
  },
  {
    from: "summoned",
    to: "refused",
    actors: ["unit_staff"],
    label: "拒绝: refused with a reason",
    guard: withReason,
  },
  {
    from: "acknowledged",
    to: "refused",
    actors: ["unit_staff"],
    label: "拒绝: refused with a reason",
    guard: withReason,
  },
  {
    from: "refused",
    to: "summoned",
    actors: ["district_staff"],
    label: "驳回拒绝: the district overrules the refusal and summons the unit again",
    guard: (c) =>
      c.whistleStatus && !isWhistleOpen(c.whistleStatus)
        ? "the whistle is no longer open"
        : blank(c.reason)
          ? "overruling a refusal needs a reason"
          : !c.reportBy || !c.at || c.reportBy.getTime() <= c.at.getTime()
            ? "a new report-by time after now is required"
            : null,
  },
  {
    from: "summoned",
    to: "cancelled",
    actors: ["system"],
    label: "Cancelled: the whistle was withdrawn",
    guard: (c) => (c.whistleStatus === "withdrawn" ? null : "only a withdrawn whistle cancels its summonses"),
  },
  {
    from: "acknowledged",
    to: "cancelled",
    actors: ["system"],
    label: "Cancelled: the whistle was withdrawn",
    guard: (c) => (c.whistleStatus === "withdrawn" ? null : "only a withdrawn whistle cancels its summonses"),
  },
];

export const summonsLifecycle = defineLifecycle("whistle_summons", summonsTable);
export const summonsTransitions = summonsTable;
export const summonsTerminalStatuses = ["finished", "cancelled"] as const satisfies readonly SummonsStatus[];

/** May `actor` add a summons (召集更多单位) to a whistle now? The commanding level or above, while open;
 * after 升级 only the district. */
export function mayAddSummons(w: Pick<Whistle, "status" | "level">, actor: WhistleActor): boolean {
  const l = whistleActorLevel(actor);
  if (!l || !isWhistleOpen(w.status)) return false;
  if (w.status === "escalated") return l === "district";
  return rank(l) >= rank(w.level);
}

// ——— applying transitions (with the trace entry) ———

export type WhistleSnapshot = Pick<
  Whistle,
  | "id"
  | "status"
  | "level"
  | "escalatedAt"
  | "resolvedAt"
  | "closedAt"
  | "withdrawnAt"
  | "resolution"
  | "withdrawReason"
>;
export type SummonsSnapshot = Pick<
  WhistleSummons,
  | "id"
  | "whistleId"
  | "unitId"
  | "status"
  | "summonedAt"
  | "acknowledgeBy"
  | "reportBy"
  | "acknowledgedAt"
  | "reportedAt"
  | "finishedAt"
  | "refusedAt"
  | "refusalReason"
  | "result"
  | "escalatedAt"
  | "escalationReason"
>;

/** A trace entry (信息留痕) as a rule produces it; the repository adds its id and the acting user. */
export interface WhistleEventDraft {
  whistleId: string;
  summonsId: string | null;
  kind: "transition" | "summons_transition" | "summons_escalated";
  fromStatus: string | null;
  toStatus: string | null;
  actor: WhistleActor;
  unitId: string | null;
  note: string | null;
  reason: string | null;
  at: Date;
}

export interface WhistleMove {
  to: WhistleStatus;
  actor: WhistleActor;
  at: Date;
  reason?: string | null;
  resolution?: string | null;
  /** Summons ids the street has rated (for closing). */
  ratedSummonsIds?: readonly string[];
  ratingPeriodOver?: boolean;
}

/** The guard context of a whistle from its data. */
export function whistleContext(
  w: Pick<Whistle, "level">,
  summons: readonly (SummonsState & { id?: string })[],
  move: Omit<WhistleMove, "to" | "at">,
): WhistleTransitionContext {
  const rated = new Set(move.ratedSummonsIds ?? []);
  return {
    level: w.level,
    actorLevel: whistleActorLevel(move.actor),
    summons,
    reason: move.reason ?? null,
    resolution: move.resolution ?? null,
    unratedReportedCount: summons.filter((s) => REPORTED.includes(s.status) && !(s.id && rated.has(s.id)))
      .length,
    ratingPeriodOver: move.ratingPeriodOver ?? false,
  };
}

/**
 * Applies one whistle transition (throws IllegalTransitionError, changing nothing): 升级 sets the level
 * to district and `escalatedAt`; 办结 records the resolution; 撤哨 the reason. Returns the trace entry.
 */
export function applyWhistleTransition(
  w: WhistleSnapshot,
  summons: readonly (SummonsState & { id?: string })[],
  move: WhistleMove,
): { whistle: WhistleSnapshot; event: WhistleEventDraft } {
  whistleLifecycle.assert(w.status, move.to, move.actor, whistleContext(w, summons, move));
  const next: WhistleSnapshot = { ...w, status: move.to };
  if (move.to === "escalated") {
    next.level = "district";
    next.escalatedAt = move.at;
  }
  if (move.to === "resolved") {
    next.resolvedAt = move.at;
    next.resolution = move.resolution?.trim() ?? null;
  }
  if (move.to === "closed") next.closedAt = move.at;
  if (move.to === "withdrawn") {
    next.withdrawnAt = move.at;
    next.withdrawReason = move.reason?.trim() ?? null;
  }
  return {
    whistle: next,
    event: {
      whistleId: w.id,
      summonsId: null,
      kind: "transition",
      fromStatus: w.status,
      toStatus: move.to,
      actor: move.actor,
      unitId: null,
      note: blank(move.resolution) ? null : (move.resolution ?? null),
      reason: blank(move.reason) ? null : (move.reason ?? null),
      at: move.at,
    },
  };
}

export interface SummonsMove {
  to: SummonsStatus;
  actor: WhistleActor;
  at: Date;
  /** The acting unit (unit_staff). */
  unitId?: string | null;
  reason?: string | null;
  report?: WhistleReportInput | null;
  result?: string | null;
  /** For a re-summons by the district. */
  reportBy?: Date | null;
  acknowledgeBy?: Date | null;
}

/**
 * Applies one summons transition (throws IllegalTransitionError, changing nothing) and stamps its
 * time: acknowledgedAt, reportedAt (= the move's time; the report's `arrivedAt` is kept with the
 * report), finishedAt, refusedAt. A re-summons (驳回拒绝) starts again with new deadlines and keeps the
 * recorded escalation.
 */
export function applySummonsTransition(
  s: SummonsSnapshot,
  whistleStatus: WhistleStatus,
  move: SummonsMove,
): { summons: SummonsSnapshot; event: WhistleEventDraft } {
  summonsLifecycle.assert(s.status, move.to, move.actor, {
    unitId: s.unitId,
    actorUnitId: move.unitId ?? null,
    reason: move.reason ?? null,
    report: move.report ?? null,
    result: move.result ?? null,
    whistleStatus,
    at: move.at,
    reportBy: move.reportBy ?? null,
  });
  const next: SummonsSnapshot = { ...s, status: move.to };
  if (move.to === "acknowledged") next.acknowledgedAt = move.at;
  if (move.to === "on_site") next.reportedAt = move.at;
  if (move.to === "finished") {
    next.finishedAt = move.at;
    next.result = move.result?.trim() ?? null;
  }
  if (move.to === "refused") {
    next.refusedAt = move.at;
    next.refusalReason = move.reason?.trim() ?? null;
  }
  if (move.to === "summoned") {
    const reportBy = move.reportBy!;
    const ack = move.acknowledgeBy ?? reportBy;
    if (ack.getTime() > reportBy.getTime() || ack.getTime() <= move.at.getTime())
      throw new RuleInputError("invalid_deadline", "now < acknowledge-by ≤ report-by", s.id);
    Object.assign(next, {
      summonedAt: move.at,
      acknowledgeBy: ack,
      reportBy,
      acknowledgedAt: null,
      refusedAt: null,
      refusalReason: null,
    });
  }
  return {
    summons: next,
    event: {
      whistleId: s.whistleId,
      summonsId: s.id,
      kind: "summons_transition",
      fromStatus: s.status,
      toStatus: move.to,
      actor: move.actor,
      unitId: s.unitId,
      note: move.result ?? move.report?.plan ?? null,
      reason: blank(move.reason) ? null : (move.reason ?? null),
      at: move.at,
    },
  };
}

// ——— grading (分级哨源) ———

export interface WhistleGradingInput {
  severity: WhistleSeverity;
  scope: WhistleScope;
  situation: WhistleSituation;
}

export type WhistleGradingReason =
  | "several_subdistricts"
  | "severe"
  | "major_emergency"
  | "several_communities"
  | "major"
  | "emergency"
  | "joint_enforcement"
  | "local";

/**
 * 分级哨源 — the level a whistle is blown at, from its severity, scope and situation. **Practice, not
 * law**: the law sets no grade (DOMAIN.md §10); this is the common reading of "by severity and scope",
 * and a whistle may always be raised higher than graded, never lower. First match wins:
 *
 * 1. reaches several streets/towns → district (a street cannot command another street's area);
 * 2. severe (重大) → district;
 * 3. a major (较大) emergency → district;
 * 4. several communities of one street → subdistrict;
 * 5. major (较大) → subdistrict;
 * 6. an emergency (应急处置) → subdistrict (a community has no emergency command);
 * 7. joint enforcement (综合执法) → subdistrict (enforcement powers lie with the street and departments);
 * 8. otherwise → community (through its street).
 */
export function gradeWhistleSource(input: WhistleGradingInput): {
  level: WhistleLevel;
  reason: WhistleGradingReason;
} {
  const { severity, scope, situation } = input;
  if (scope === "multiple_subdistricts") return { level: "district", reason: "several_subdistricts" };
  if (severity === "severe") return { level: "district", reason: "severe" };
  if (severity === "major" && situation === "emergency")
    return { level: "district", reason: "major_emergency" };
  if (scope === "multiple_communities") return { level: "subdistrict", reason: "several_communities" };
  if (severity === "major") return { level: "subdistrict", reason: "major" };
  if (situation === "emergency") return { level: "subdistrict", reason: "emergency" };
  if (situation === "joint_enforcement") return { level: "subdistrict", reason: "joint_enforcement" };
  return { level: "community", reason: "local" };
}

/** The level a whistle starts at: the graded level, or the raiser's if higher (never lower). */
export function startingWhistleLevel(graded: WhistleLevel, requested?: WhistleLevel | null): WhistleLevel {
  return requested && rank(requested) > rank(graded) ? requested : graded;
}

// ——— deadlines, lateness, escalation ———

/**
 * Default time to acknowledge (响应) when the whistle does not set one: 30 minutes for an emergency, two
 * hours otherwise, never later than the report-by time. **Practice, not law.**
 */
export const whistlePracticeDeadlines = {
  version: "practice-2026",
  acknowledgeWithinMs: {
    emergency: 30 * 60_000,
    public_request: 2 * 3_600_000,
    key_task: 2 * 3_600_000,
    joint_enforcement: 2 * 3_600_000,
  },
} as const satisfies { version: string; acknowledgeWithinMs: Record<WhistleSituation, number> };

/** The two deadlines of a summons: acknowledge-by (given, or the practice default) and report-by. */
export function summonsDeadlines(
  s: { summonedAt: Date; reportBy: Date; acknowledgeBy?: Date | null },
  situation: WhistleSituation,
  practice: { acknowledgeWithinMs: Record<WhistleSituation, number> } = whistlePracticeDeadlines,
): { acknowledgeBy: Date; reportBy: Date } {
  if (s.reportBy.getTime() <= s.summonedAt.getTime())
    throw new RuleInputError("invalid_deadline", "the report-by time is after the summons");
  const ack =
    s.acknowledgeBy ??
    new Date(
      Math.min(s.summonedAt.getTime() + practice.acknowledgeWithinMs[situation], s.reportBy.getTime()),
    );
  if (ack.getTime() > s.reportBy.getTime())
    throw new RuleInputError("invalid_deadline", "a unit acknowledges no later than it must report");
  return { acknowledgeBy: ack, reportBy: s.reportBy };
}

export interface DeadlineState {
  due: Date;
  /** When it was done (acknowledged / reported), or null. */
  doneAt: Date | null;
  /** Still owed at `now`. */
  outstanding: boolean;
  /** Done after the deadline, or still owed after it. The deadline instant itself is on time. */
  late: boolean;
  /** How late (0 when not late). */
  lateByMs: number;
}

export type SummonsTimes = Pick<
  WhistleSummons,
  "status" | "acknowledgeBy" | "reportBy" | "acknowledgedAt" | "reportedAt" | "refusedAt"
>;

/**
 * 迟到 — is a unit late to acknowledge or to report? A deadline is met when the act happens at or before
 * it (a whistle names "the time by which to report": that instant is on time; one ms later is late).
 * Still owed after the deadline is late too. A refusal answers the summons: a unit that refused is
 * not late to acknowledge if it refused in time, and owes no report (the refusal is counted apart).
 */
export function summonsLateness(
  s: SummonsTimes,
  now: Date,
): { acknowledge: DeadlineState; report: DeadlineState } {
  const state = (due: Date, doneAt: Date | null, outstanding: boolean): DeadlineState => {
    const t = doneAt ?? (outstanding ? now : null);
    const lateByMs = t ? Math.max(0, t.getTime() - due.getTime()) : 0;
    return { due, doneAt, outstanding, late: lateByMs > 0, lateByMs };
  };
  const answered = s.acknowledgedAt ?? (s.status === "refused" ? s.refusedAt : null);
  return {
    acknowledge: state(s.acknowledgeBy, answered, s.status === "summoned"),
    report: state(s.reportBy, s.reportedAt, s.status === "summoned" || s.status === "acknowledged"),
  };
}

export interface LateSummons {
  summonsId: string;
  unitId: string;
  /** Which deadlines are missed. */
  late: ("acknowledge" | "report")[];
  /** Still owing something past its deadline (the scheduler acts on these). */
  outstanding: boolean;
}

/** The summonses late at `now` (done late, or still owed past a deadline), in input order. */
export function lateSummons(
  now: Date,
  summons: readonly (SummonsTimes & { id: string; unitId: string })[],
): LateSummons[] {
  const out: LateSummons[] = [];
  for (const s of summons) {
    const l = summonsLateness(s, now);
    const late: LateSummons["late"] = [];
    if (l.acknowledge.late) late.push("acknowledge");
    if (l.report.late) late.push("report");
    if (late.length)
      out.push({
        summonsId: s.id,
        unitId: s.unitId,
        late,
        outstanding:
          (l.acknowledge.late && l.acknowledge.outstanding) || (l.report.late && l.report.outstanding),
      });
  }
  return out;
}

export type SummonsEscalationReason = "late_acknowledge" | "late_report" | "refused";

export interface EscalationDecision {
  /** Summonses to record as escalated to the district (each once), with why. */
  summons: { summonsId: string; unitId: string; reason: SummonsEscalationReason }[];
  /** Raise the whistle itself to the district command (it is below district and a unit failed). */
  escalateWhistle: boolean;
}

/**
 * The scheduler's question: which summonses go to the district now, and does the whistle itself? A
 * summons escalates once (it has no `escalatedAt` yet), while the whistle is open, when it was refused,
 * or still owes its acknowledgement or report past the deadline (a unit that acknowledged late but did
 * act is recorded late by `summonsLateness`, not escalated). The whistle escalates when any summons
 * does and it is raised or responding below district level.
 */
export function shouldEscalateToDistrict(
  w: Pick<Whistle, "status" | "level">,
  summons: readonly (SummonsTimes & Pick<WhistleSummons, "id" | "unitId" | "escalatedAt">)[],
  now: Date,
): EscalationDecision {
  if (!isWhistleOpen(w.status)) return { summons: [], escalateWhistle: false };
  const due: EscalationDecision["summons"] = [];
  for (const s of summons) {
    if (s.escalatedAt !== null) continue;
    const l = summonsLateness(s, now);
    const reason: SummonsEscalationReason | null =
      s.status === "refused"
        ? "refused"
        : l.acknowledge.outstanding && l.acknowledge.late
          ? "late_acknowledge"
          : l.report.outstanding && l.report.late
            ? "late_report"
            : null;
    if (reason) due.push({ summonsId: s.id, unitId: s.unitId, reason });
  }
  return {
    summons: due,
    escalateWhistle:
      due.length > 0 && w.level !== "district" && (w.status === "raised" || w.status === "responding"),
  };
}

/** Records a summons' escalation (once): its time and reason, and the trace entry. */
export function escalateSummons(
  s: SummonsSnapshot,
  reason: SummonsEscalationReason,
  at: Date,
  actor: WhistleActor = "system",
): { summons: SummonsSnapshot; event: WhistleEventDraft } {
  if (s.escalatedAt !== null) throw new RuleInputError("already_escalated", "a summons escalates once", s.id);
  if (reason === "refused" && s.status !== "refused")
    throw new RuleInputError("not_refused", "only a refused summons escalates as refused", s.id);
  if (actor !== "system" && actor !== "subdistrict_staff" && actor !== "district_staff")
    throw new RuleInputError("not_allowed", "the system or the street/district escalates a summons", s.id);
  return {
    summons: { ...s, escalatedAt: at, escalationReason: reason },
    event: {
      whistleId: s.whistleId,
      summonsId: s.id,
      kind: "summons_escalated",
      fromStatus: null,
      toStatus: null,
      actor,
      unitId: s.unitId,
      note: null,
      reason,
      at,
    },
  };
}
