/**
 * 街乡吹哨、部门报到 — whistle and report (DOMAIN.md §10). A street/town (or a community, through its
 * street) meets a problem it cannot solve alone and blows the whistle (吹哨); the units summoned must
 * report (报到): acknowledge, turn up on site with evidence, state what they will do by when, and finish.
 * The rules over these entities live in `rules/whistle-lifecycle.ts` and `rules/whistle-assessment.ts`.
 *
 * The law sets no fixed time: every summons carries its own `reportBy` (and `acknowledgeBy`).
 */
import { z } from "zod";
import { id, isoDate, name, storableString, text, timestamps } from "./common.ts";
import {
  summonsStatuses,
  whistleActors,
  whistleEventKinds,
  whistleLevels,
  whistleScopes,
  whistleSeverities,
  whistleSituations,
  whistleStatuses,
} from "./enums.ts";
import { workOrderPlace } from "./hotline.ts";

/** Where a whistle came from (it links back): a 工单, a 台账 item, a 网格 event — or nothing. */
export const whistleSource = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("work_order"), id }),
  z.object({ kind: z.literal("ledger_item"), id }),
  z.object({ kind: z.literal("grid_event"), id }),
  z.object({ kind: z.literal("none") }),
]);
export type WhistleSource = z.infer<typeof whistleSource>;

/** The most units one whistle summons at once (more can be added later, e.g. by the district). */
export const MAX_SUMMONS_PER_WHISTLE = 50;

const laterThan = (a: Date, b: Date) => a.getTime() > b.getTime();
const notBefore = (a: Date, b: Date) => a.getTime() >= b.getTime();

/** One unit named in a whistle: who must come, and by when it must acknowledge and report. */
export const summonsRequest = z
  .object({
    unitId: id,
    /** 报到时限: the time by which the unit must report on site. */
    reportBy: z.date(),
    /** The time by which it must acknowledge (响应); null → the practice default (`summonsDeadlines`). */
    acknowledgeBy: z.date().nullable(),
  })
  .refine((s) => s.acknowledgeBy === null || notBefore(s.reportBy, s.acknowledgeBy), {
    message: "a unit acknowledges no later than it must report",
    path: ["acknowledgeBy"],
  });
export type SummonsRequest = z.infer<typeof summonsRequest>;

/**
 * 吹哨 — the input of raising a whistle: the problem, the place, the situation, the grading inputs
 * (severity and scope; the level is graded by `gradeWhistleSource` unless the raiser sets a higher one),
 * where it came from, and the units summoned (at least one, each once, every deadline after raising).
 */
export const whistleDraft = z
  .object({
    title: name(200),
    description: storableString().trim().min(1).max(5000),
    situation: z.enum(whistleSituations),
    severity: z.enum(whistleSeverities),
    scope: z.enum(whistleScopes),
    /** The level it is blown at (分级哨源). */
    level: z.enum(whistleLevels),
    subdistrictId: id,
    /** The community concerned; required when a community blows the whistle. */
    communityId: id.nullable(),
    place: workOrderPlace,
    source: whistleSource,
    raisedAt: z.date(),
    summons: z.array(summonsRequest).min(1).max(MAX_SUMMONS_PER_WHISTLE),
  })
  .refine((w) => w.level !== "community" || w.communityId !== null, {
    message: "a community-level whistle names its community",
    path: ["communityId"],
  })
  .refine((w) => new Set(w.summons.map((s) => s.unitId)).size === w.summons.length, {
    message: "each unit is summoned once",
    path: ["summons"],
  })
  .refine(
    (w) =>
      w.summons.every(
        (s) =>
          laterThan(s.reportBy, w.raisedAt) &&
          (s.acknowledgeBy === null || laterThan(s.acknowledgeBy, w.raisedAt)),
      ),
    { message: "every deadline is after the whistle is raised", path: ["summons"] },
  );
export type WhistleDraft = z.infer<typeof whistleDraft>;

/** 吹哨 — a whistle as stored. `level` is the level commanding it now (district after 升级). */
export const whistle = z
  .object({
    id,
    title: name(200),
    description: storableString().trim().min(1).max(5000),
    situation: z.enum(whistleSituations),
    severity: z.enum(whistleSeverities),
    scope: z.enum(whistleScopes),
    /** The level it was blown at. */
    sourceLevel: z.enum(whistleLevels),
    /** The level commanding it now (raised to district by 升级). */
    level: z.enum(whistleLevels),
    subdistrictId: id,
    communityId: id.nullable(),
    place: workOrderPlace,
    source: whistleSource,
    status: z.enum(whistleStatuses),
    raisedAt: z.date(),
    escalatedAt: z.date().nullable(),
    resolvedAt: z.date().nullable(),
    closedAt: z.date().nullable(),
    withdrawnAt: z.date().nullable(),
    /** 办结情况: how the problem was solved. */
    resolution: text(5000).nullable(),
    withdrawReason: text(1000).nullable(),
    ...timestamps,
  })
  .refine((w) => w.level !== "community" || w.communityId !== null, {
    message: "a community-level whistle names its community",
    path: ["communityId"],
  })
  .refine((w) => levelIndex(w.level) >= levelIndex(w.sourceLevel), {
    message: "a whistle is only ever raised, never lowered",
    path: ["level"],
  })
  .refine((w) => w.status !== "withdrawn" || (w.withdrawReason !== null && w.withdrawReason.length > 0), {
    message: "a withdrawn whistle (撤哨) has its reason",
    path: ["withdrawReason"],
  })
  .refine((w) => !["resolved", "closed"].includes(w.status) || (w.resolution ?? "").length > 0, {
    message: "a resolved whistle has its resolution",
    path: ["resolution"],
  });
export type Whistle = z.infer<typeof whistle>;

function levelIndex(l: (typeof whistleLevels)[number]): number {
  return whistleLevels.indexOf(l);
}

/**
 * 报到 — one unit's participation in a whistle, with its deadlines and what happened when. Late flags
 * are computed, not stored (`summonsLateness`); an escalation (late or refused → the district) is
 * recorded once with its time and reason.
 */
export const whistleSummons = z
  .object({
    id,
    whistleId: id,
    unitId: id,
    status: z.enum(summonsStatuses),
    /** The level that summoned it (the district may summon more after 升级). */
    summonedAtLevel: z.enum(whistleLevels),
    summonedAt: z.date(),
    acknowledgeBy: z.date(),
    reportBy: z.date(),
    acknowledgedAt: z.date().nullable(),
    /** When the on-site report was made (到场报到). */
    reportedAt: z.date().nullable(),
    finishedAt: z.date().nullable(),
    refusedAt: z.date().nullable(),
    refusalReason: text(1000).nullable(),
    /** What the unit did (完成情况). */
    result: text(5000).nullable(),
    escalatedAt: z.date().nullable(),
    escalationReason: z.enum(["late_acknowledge", "late_report", "refused"]).nullable(),
    ...timestamps,
  })
  .refine((s) => notBefore(s.reportBy, s.acknowledgeBy) && laterThan(s.acknowledgeBy, s.summonedAt), {
    message: "summoned < acknowledge-by ≤ report-by",
    path: ["acknowledgeBy"],
  })
  .refine((s) => s.status !== "refused" || (s.refusalReason !== null && s.refusalReason.length > 0), {
    message: "a refusal needs its reason",
    path: ["refusalReason"],
  })
  .refine((s) => s.status !== "finished" || (s.result !== null && s.result.length > 0), {
    message: "a finished summons has its result",
    path: ["result"],
  })
  .refine(
    (s) => {
      const seq = [s.summonedAt, s.acknowledgedAt, s.reportedAt, s.finishedAt].filter(
        (d): d is Date => d !== null,
      );
      return seq.every((d, i) => i === 0 || notBefore(d, seq[i - 1]!));
    },
    { message: "summoned ≤ acknowledged ≤ reported ≤ finished", path: ["finishedAt"] },
  )
  .refine((s) => (s.escalatedAt === null) === (s.escalationReason === null), {
    message: "an escalation has its time and its reason",
    path: ["escalationReason"],
  });
export type WhistleSummons = z.infer<typeof whistleSummons>;

/**
 * 到场报到 — the on-site report: when the unit arrived, who came, photos and the place as evidence,
 * what it will do (承诺事项) and by when.
 */
export const whistleReportFields = z.object({
  arrivedAt: z.date(),
  /** Who came: names (and posts) of the unit's people on site. */
  people: z.array(name(100)).min(1).max(50),
  /** Photo / document ids (at least one). */
  evidenceIds: z.array(id).min(1).max(20),
  place: workOrderPlace,
  /** What the unit will do. */
  plan: storableString().trim().min(1).max(2000),
  /** By when it will be done (Beijing date). */
  plannedFinishOn: isoDate,
});
export const whistleReport = z
  .object({ id, summonsId: id, reportedAt: z.date(), ...whistleReportFields.shape, ...timestamps })
  .refine((r) => notBefore(r.reportedAt, r.arrivedAt), {
    message: "a unit reports once it has arrived",
    path: ["reportedAt"],
  })
  .refine((r) => r.plannedFinishOn >= beijingDay(r.arrivedAt), {
    message: "the planned finish is not before the arrival",
    path: ["plannedFinishOn"],
  });
export type WhistleReport = z.infer<typeof whistleReport>;
export type WhistleReportInput = z.infer<typeof whistleReportFields>;

function beijingDay(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A 1–5 score. */
export const ratingScore = z.number().int().min(1).max(5);

/** 双考核 — the street's rating of one unit that reported: 及时性 timeliness and 实效 effect, 1–5. */
export const whistleStreetRating = z.object({
  id,
  whistleId: id,
  summonsId: id,
  unitId: id,
  timeliness: ratingScore,
  effect: ratingScore,
  comment: text(1000).nullable(),
  ratedById: id,
  ratedAt: z.date(),
});
export type WhistleStreetRating = z.infer<typeof whistleStreetRating>;

/** 双考核 — a resident's rating of the result (群众评价), 1–5, once per resident and whistle. */
export const whistleResidentRating = z.object({
  id,
  whistleId: id,
  residentUserId: id,
  score: ratingScore,
  comment: text(1000).nullable(),
  ratedAt: z.date(),
});
export type WhistleResidentRating = z.infer<typeof whistleResidentRating>;

/** One entry of a whistle's trace (信息留痕): every transition, summons, escalation, rating and note. */
export const whistleEvent = z.object({
  id,
  whistleId: id,
  summonsId: id.nullable(),
  kind: z.enum(whistleEventKinds),
  fromStatus: z.string().max(40).nullable(),
  toStatus: z.string().max(40).nullable(),
  actor: z.enum(whistleActors),
  actorUserId: id.nullable(),
  unitId: id.nullable(),
  note: text(2000).nullable(),
  reason: text(1000).nullable(),
  at: z.date(),
});
export type WhistleEvent = z.infer<typeof whistleEvent>;

/** A weight in basis points (10 000 = 1). */
const weight = z.number().int().min(0).max(10_000);

/**
 * 双考核 formula — versioned, like the hotline `rateFormula`: the weights (basis points, adding up to
 * 10 000) of the five components of a unit's combined score. See `rules/whistle-assessment.ts`.
 */
export const whistleAssessmentFormula = z
  .object({
    version: z.string().trim().min(1).max(40),
    weights: z.object({
      acknowledgeOnTime: weight,
      reportOnTime: weight,
      streetTimeliness: weight,
      streetEffect: weight,
      resident: weight,
    }),
    validFrom: isoDate,
    validTo: isoDate.nullable(),
    source: text(500).nullable(),
  })
  .refine((f) => Object.values(f.weights).reduce((a, b) => a + b, 0) === 10_000, {
    message: "the weights add up to 10 000 basis points",
    path: ["weights"],
  })
  .refine((f) => !f.validTo || f.validFrom <= f.validTo, {
    message: "a formula ends after it starts",
    path: ["validTo"],
  });
export type WhistleAssessmentFormula = z.infer<typeof whistleAssessmentFormula>;
