/**
 * 街乡吹哨、部门报到 repositories (DOMAIN.md §10): whistles and their summonses, on-site reports, the
 * trace, the 双考核 ratings and formulas, a unit's inbox, the escalation job's candidates, and the
 * month's assessment input — each read ONE query.
 *
 * The rules stay in core: a move is `applyWhistleTransition` / `applySummonsTransition` /
 * `escalateSummons` (which throw and change nothing); here each is written as a compare-and-set on the
 * row's status with its trace entry in the same transaction — of two units acting on one summons at
 * once, exactly one wins and the other gets `WhistleConflictError` with nothing written.
 */
import {
  type AssessedWhistle,
  applySummonsTransition,
  applyWhistleTransition,
  escalateSummons,
  type Page,
  type SummonsEscalationReason,
  type SummonsMove,
  type SummonsSnapshot,
  type SummonsStatus,
  type WhistleActor,
  type WhistleAssessmentRule,
  type WhistleEventDraft,
  type WhistleLevel,
  type WhistleMove,
  type WhistleReportInput,
  type WhistleSnapshot,
  type WhistleStatus,
} from "@gongzhi/core";
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { DbConstraintError, withConstraintErrors } from "../errors.ts";
import {
  whistleAssessmentFormulas,
  whistleEvents,
  whistleRatings,
  whistleReports,
  whistleSummons,
  whistles,
} from "../schema/index.ts";
import { beijingMonthBounds } from "./hotline.ts";
import { keysetSort, pageSize, type SortColumns } from "./pagination.ts";

export type WhistleRow = typeof whistles.$inferSelect;
export type WhistleSummonsRow = typeof whistleSummons.$inferSelect;
export type WhistleReportRow = typeof whistleReports.$inferSelect;
export type WhistleEventRow = typeof whistleEvents.$inferSelect;
export type WhistleRatingRow = typeof whistleRatings.$inferSelect;
export type WhistleAssessmentFormulaRow = typeof whistleAssessmentFormulas.$inferSelect;

/** Someone changed the whistle or the summons first: the compare-and-set found another status. */
export class WhistleConflictError extends DbConstraintError {
  constructor(what: "whistle" | "whistle_summons", id: string, expected: string) {
    super(
      "invalid_input",
      `${what}_status_changed`,
      `${what} ${id} is no longer ${expected}: someone acted on it first`,
    );
  }
}

export interface NewSummons {
  unitId: string;
  acknowledgeBy: Date;
  reportBy: Date;
}

export interface NewWhistle {
  districtId: string;
  subdistrictId: string;
  communityId: string | null;
  title: string;
  description: string;
  situation: WhistleRow["situation"];
  severity: WhistleRow["severity"];
  scope: WhistleRow["scope"];
  level: WhistleLevel;
  compoundId?: string | null;
  buildingId?: string | null;
  lat?: number | null;
  lng?: number | null;
  address: string;
  source: { kind: "none" } | { kind: "work_order" | "ledger_item" | "grid_event"; id: string };
  raisedAt: Date;
  raisedById: string | null;
  /** Who raises it (community or street staff). */
  actor: WhistleActor;
  summons: readonly NewSummons[];
}

export const whistleSortKeys = ["raisedAt"] as const;
export type WhistleSortKey = (typeof whistleSortKeys)[number];

export interface WhistleListOptions {
  statuses?: readonly WhistleStatus[];
  levels?: readonly WhistleLevel[];
  situations?: readonly WhistleRow["situation"][];
  cursor?: string | null;
  limit?: number;
}

const whistleSorts: SortColumns<WhistleRow, WhistleSortKey> = {
  raisedAt: { column: whistles.raisedAt, kind: "timestamp", value: (r) => r.raisedAt },
};

function whistleSnapshot(w: WhistleRow): WhistleSnapshot {
  return {
    id: w.id,
    status: w.status,
    level: w.level,
    escalatedAt: w.escalatedAt,
    resolvedAt: w.resolvedAt,
    closedAt: w.closedAt,
    withdrawnAt: w.withdrawnAt,
    resolution: w.resolution,
    withdrawReason: w.withdrawReason,
  };
}

export function summonsSnapshot(s: WhistleSummonsRow): SummonsSnapshot {
  return {
    id: s.id,
    whistleId: s.whistleId,
    unitId: s.unitId,
    status: s.status,
    summonedAt: s.summonedAt,
    acknowledgeBy: s.acknowledgeBy,
    reportBy: s.reportBy,
    acknowledgedAt: s.acknowledgedAt,
    reportedAt: s.reportedAt,
    finishedAt: s.finishedAt,
    refusedAt: s.refusedAt,
    refusalReason: s.refusalReason,
    result: s.result,
    escalatedAt: s.escalatedAt,
    escalationReason: s.escalationReason,
  };
}

/** The columns a summons transition writes: the snapshot less its identity. */
function summonsSet(s: SummonsSnapshot): Partial<typeof whistleSummons.$inferInsert> {
  const { id: _id, whistleId: _whistleId, unitId: _unitId, ...set } = s;
  return set;
}

const eventRow = (e: WhistleEventDraft, actorUserId: string | null, systemKey: string | null = null) => ({
  ...e,
  actorUserId,
  systemKey,
});

async function loadWhistle(tx: Executor, id: string): Promise<WhistleRow> {
  const [w] = await tx.select().from(whistles).where(eq(whistles.id, id));
  if (!w) throw new DbConstraintError("foreign_key_violation", "whistles", "the whistle does not exist");
  return w;
}

/** One whistle's CAS on its status. */
async function casWhistle(tx: Executor, current: WhistleRow, next: WhistleSnapshot) {
  const [row] = await tx
    .update(whistles)
    .set({
      status: next.status,
      level: next.level,
      escalatedAt: next.escalatedAt,
      resolvedAt: next.resolvedAt,
      closedAt: next.closedAt,
      withdrawnAt: next.withdrawnAt,
      resolution: next.resolution,
      withdrawReason: next.withdrawReason,
      updatedAt: new Date(),
    })
    .where(and(eq(whistles.id, current.id), eq(whistles.status, current.status)))
    .returning();
  if (!row) throw new WhistleConflictError("whistle", current.id, current.status);
  return row;
}

/** 吹哨: whistles, summonses, reports, the trace, ratings, formulas and the jobs' reads. */
export function whistlesRepository(db: Executor) {
  const summonsOf = (whistleId: string) =>
    db
      .select()
      .from(whistleSummons)
      .where(eq(whistleSummons.whistleId, whistleId))
      .orderBy(asc(whistleSummons.summonedAt), asc(whistleSummons.id));

  const repo = {
    get: async (id: string) => (await db.select().from(whistles).where(eq(whistles.id, id)))[0] ?? null,
    getSummons: async (id: string) =>
      (await db.select().from(whistleSummons).where(eq(whistleSummons.id, id)))[0] ?? null,
    summonsOf,

    /** A whistle with everything recorded about it (the trace in order). */
    details: async (id: string) => {
      const w = await repo.get(id);
      if (!w) return null;
      const [summons, reports, events, ratings] = await Promise.all([
        summonsOf(id),
        db
          .select()
          .from(whistleReports)
          .where(eq(whistleReports.whistleId, id))
          .orderBy(asc(whistleReports.reportedAt)),
        db
          .select()
          .from(whistleEvents)
          .where(eq(whistleEvents.whistleId, id))
          .orderBy(asc(whistleEvents.seq)),
        db
          .select()
          .from(whistleRatings)
          .where(eq(whistleRatings.whistleId, id))
          .orderBy(asc(whistleRatings.ratedAt), asc(whistleRatings.id)),
      ]);
      return { whistle: w, summons, reports, events, ratings };
    },

    /**
     * 吹哨: the whistle, its summonses and the trace (raised, and one `summons_added` per unit) in one
     * transaction. Deadlines and the level are the caller's (core's `summonsDeadlines`, grading).
     */
    raise: (input: NewWhistle) =>
      withConstraintErrors(() =>
        db.transaction(async (tx) => {
          const src = input.source;
          const [w] = await tx
            .insert(whistles)
            .values({
              districtId: input.districtId,
              subdistrictId: input.subdistrictId,
              communityId: input.communityId,
              title: input.title,
              description: input.description,
              situation: input.situation,
              severity: input.severity,
              scope: input.scope,
              sourceLevel: input.level,
              level: input.level,
              compoundId: input.compoundId ?? null,
              buildingId: input.buildingId ?? null,
              lat: input.lat ?? null,
              lng: input.lng ?? null,
              address: input.address,
              sourceKind: src.kind,
              sourceId: src.kind === "none" ? null : src.id,
              sourceWorkOrderId: src.kind === "work_order" ? src.id : null,
              sourceLedgerItemId: src.kind === "ledger_item" ? src.id : null,
              raisedById: input.raisedById,
              raisedAt: input.raisedAt,
            })
            .returning();
          await tx.insert(whistleEvents).values({
            whistleId: w!.id,
            kind: "transition",
            fromStatus: null,
            toStatus: "raised",
            actor: input.actor,
            actorUserId: input.raisedById,
            note: input.title,
            at: input.raisedAt,
          });
          const summons = await insertSummons(tx, w!, input.summons, input.level, input.actor, {
            at: input.raisedAt,
            userId: input.raisedById,
          });
          return { whistle: w!, summons };
        }),
      ),

    /** 召集更多单位: more summonses (each unit once per whistle — the unique index), with their trace. */
    addSummons: (
      whistleId: string,
      expectedStatus: WhistleStatus,
      requests: readonly NewSummons[],
      actor: WhistleActor,
      by: { at: Date; userId: string | null },
    ) =>
      withConstraintErrors(() =>
        db.transaction(async (tx) => {
          const [w] = await tx.select().from(whistles).where(eq(whistles.id, whistleId)).for("update");
          if (!w || w.status !== expectedStatus)
            throw new WhistleConflictError("whistle", whistleId, expectedStatus);
          return insertSummons(tx, w, requests, w.level, actor, by);
        }),
      ),

    /**
     * One whistle transition (core's `applyWhistleTransition`), compare-and-set on its status, with the
     * trace entry; withdrawing cancels the summonses still open (core's summons table, as the system).
     */
    transition: (id: string, move: WhistleMove, actorUserId: string | null) =>
      withConstraintErrors(() =>
        db.transaction(async (tx) => {
          const current = await loadWhistle(tx, id);
          const summons = await tx.select().from(whistleSummons).where(eq(whistleSummons.whistleId, id));
          const rated = await tx
            .select({ summonsId: whistleRatings.summonsId })
            .from(whistleRatings)
            .where(and(eq(whistleRatings.whistleId, id), eq(whistleRatings.kind, "street")));
          const { whistle: next, event } = applyWhistleTransition(
            whistleSnapshot(current),
            summons.map((s) => ({ id: s.id, status: s.status, escalatedAt: s.escalatedAt })),
            { ...move, ratedSummonsIds: rated.map((r) => r.summonsId!) },
          );
          const row = await casWhistle(tx, current, next);
          const events = [
            (await tx.insert(whistleEvents).values(eventRow(event, actorUserId)).returning())[0]!,
          ];
          if (next.status === "withdrawn")
            for (const s of summons.filter((x) => x.status === "summoned" || x.status === "acknowledged")) {
              const r = applySummonsTransition(summonsSnapshot(s), "withdrawn", {
                to: "cancelled",
                actor: "system",
                at: move.at,
              });
              await tx.update(whistleSummons).set(summonsSet(r.summons)).where(eq(whistleSummons.id, s.id));
              events.push((await tx.insert(whistleEvents).values(eventRow(r.event, null)).returning())[0]!);
            }
          return { whistle: row, events };
        }),
      ),

    /**
     * One summons transition (core's `applySummonsTransition`), compare-and-set on the summons' status,
     * with the trace entry, the late flag of the act, and for 到场报到 the report row. The first unit to
     * answer (acknowledge or refuse) moves a raised whistle to responding (as the system, once).
     */
    summonsTransition: (
      summonsId: string,
      move: SummonsMove,
      actorUserId: string | null,
      report?: WhistleReportInput & {
        compoundId?: string | null;
        buildingId?: string | null;
        lat?: number | null;
        lng?: number | null;
        address: string;
      },
    ) =>
      withConstraintErrors(() =>
        db.transaction(async (tx) => {
          const [current] = await tx.select().from(whistleSummons).where(eq(whistleSummons.id, summonsId));
          if (!current)
            throw new DbConstraintError("foreign_key_violation", "whistle_summons", "no such summons");
          const w = await loadWhistle(tx, current.whistleId);
          const { summons: next, event } = applySummonsTransition(summonsSnapshot(current), w.status, {
            ...move,
            report: report ?? move.report ?? null,
          });
          const late: Partial<typeof whistleSummons.$inferInsert> = {};
          if (next.status === "acknowledged" && move.at > current.acknowledgeBy) late.lateAcknowledge = true;
          if (next.status === "on_site" && move.at > current.reportBy) late.lateReport = true;
          const [row] = await tx
            .update(whistleSummons)
            .set({ ...summonsSet(next), ...late, updatedAt: new Date() })
            .where(and(eq(whistleSummons.id, summonsId), eq(whistleSummons.status, current.status)))
            .returning();
          if (!row) throw new WhistleConflictError("whistle_summons", summonsId, current.status);
          const events = [
            (await tx.insert(whistleEvents).values(eventRow(event, actorUserId)).returning())[0]!,
          ];
          if (next.status === "on_site" && report)
            await tx.insert(whistleReports).values({
              summonsId,
              whistleId: w.id,
              arrivedAt: report.arrivedAt,
              reportedAt: move.at,
              people: report.people,
              evidenceIds: report.evidenceIds,
              compoundId: report.compoundId ?? null,
              buildingId: report.buildingId ?? null,
              lat: report.lat ?? null,
              lng: report.lng ?? null,
              address: report.address,
              plan: report.plan,
              plannedFinishOn: report.plannedFinishOn,
              reportedById: actorUserId,
            });
          let whistle = w;
          if (w.status === "raised" && (next.status === "acknowledged" || next.status === "refused")) {
            const r = applyWhistleTransition(
              whistleSnapshot(w),
              [{ status: next.status, escalatedAt: next.escalatedAt }],
              { to: "responding", actor: "system", at: move.at },
            );
            // Conditional: of two units answering at once, one moves the whistle (the other sees it moved).
            const [moved] = await tx
              .update(whistles)
              .set({ status: "responding", updatedAt: new Date() })
              .where(and(eq(whistles.id, w.id), eq(whistles.status, "raised")))
              .returning();
            if (moved) {
              whistle = moved;
              events.push((await tx.insert(whistleEvents).values(eventRow(r.event, null)).returning())[0]!);
            }
          }
          return { summons: row, whistle, events };
        }),
      ),

    /**
     * Records summonses as escalated to the district (core's `escalateSummons`), each exactly once: the
     * trace entry is keyed `escalate:<summons id>` (unique per whistle), and only the summonses whose
     * entry this call wrote are updated. Returns what this call recorded.
     */
    escalateSummonses: async (
      items: readonly { summonsId: string; reason: SummonsEscalationReason }[],
      at: Date,
      actor: WhistleActor = "system",
      actorUserId: string | null = null,
    ) => {
      if (items.length === 0) return [];
      const rows = await db
        .select()
        .from(whistleSummons)
        .where(
          and(
            inArray(
              whistleSummons.id,
              items.map((i) => i.summonsId),
            ),
            isNull(whistleSummons.escalatedAt),
          ),
        );
      const byId = new Map(rows.map((r) => [r.id, r]));
      const drafts = items.flatMap((i) => {
        const s = byId.get(i.summonsId);
        if (!s) return [];
        const r = escalateSummons(summonsSnapshot(s), i.reason, at, actor);
        return [{ ...r, row: s, reason: i.reason }];
      });
      if (drafts.length === 0) return [];
      const recorded = await db
        .insert(whistleEvents)
        .values(drafts.map((d) => eventRow(d.event, actorUserId, `escalate:${d.row.id}`)))
        .onConflictDoNothing({
          target: [whistleEvents.whistleId, whistleEvents.systemKey],
          where: sql`${whistleEvents.systemKey} is not null`,
        })
        .returning({ summonsId: whistleEvents.summonsId });
      const fresh = new Set(recorded.map((r) => r.summonsId));
      const out: WhistleSummonsRow[] = [];
      for (const d of drafts) {
        if (!fresh.has(d.row.id)) continue;
        const [u] = await db
          .update(whistleSummons)
          .set({
            escalatedAt: at,
            escalationReason: d.reason,
            ...(d.reason === "late_acknowledge" ? { lateAcknowledge: true } : {}),
            ...(d.reason === "late_report" ? { lateReport: true } : {}),
            updatedAt: new Date(),
          })
          .where(and(eq(whistleSummons.id, d.row.id), isNull(whistleSummons.escalatedAt)))
          .returning();
        if (u) out.push(u);
      }
      return out;
    },

    /**
     * 升级 of the whistle itself by the system (the job): keyed `escalated` once per whistle, so two
     * schedulers escalate it once; null when another run did, or the whistle moved meanwhile.
     */
    escalateWhistleOnce: async (id: string, at: Date): Promise<WhistleRow | null> => {
      const w = await repo.get(id);
      if (!w || (w.status !== "raised" && w.status !== "responding") || w.level === "district") return null;
      const summons = await summonsOf(id);
      const { whistle: next, event } = applyWhistleTransition(
        whistleSnapshot(w),
        summons.map((s) => ({ id: s.id, status: s.status, escalatedAt: s.escalatedAt })),
        { to: "escalated", actor: "system", at, reason: "summons_late_or_refused" },
      );
      const [ev] = await db
        .insert(whistleEvents)
        .values(eventRow(event, null, "escalated"))
        .onConflictDoNothing({
          target: [whistleEvents.whistleId, whistleEvents.systemKey],
          where: sql`${whistleEvents.systemKey} is not null`,
        })
        .returning();
      if (!ev) return null;
      const [row] = await db
        .update(whistles)
        .set({ status: next.status, level: next.level, escalatedAt: next.escalatedAt, updatedAt: new Date() })
        .where(and(eq(whistles.id, id), eq(whistles.status, w.status)))
        .returning();
      if (!row) throw new WhistleConflictError("whistle", id, w.status);
      return row;
    },

    /**
     * The escalation job's candidates: summonses of open whistles, not escalated yet, refused or past a
     * deadline still owed at `now` — one query over the partial index. Core decides.
     */
    escalationCandidates: async (now: Date) =>
      db
        .select({ summons: whistleSummons, whistle: whistles })
        .from(whistleSummons)
        .innerJoin(whistles, eq(whistles.id, whistleSummons.whistleId))
        .where(
          and(
            isNull(whistleSummons.escalatedAt),
            inArray(whistles.status, ["raised", "responding", "escalated"]),
            or(
              eq(whistleSummons.status, "refused"),
              and(eq(whistleSummons.status, "summoned"), lt(whistleSummons.acknowledgeBy, now)),
              and(
                inArray(whistleSummons.status, ["summoned", "acknowledged"]),
                lt(whistleSummons.reportBy, now),
              ),
            ),
          ),
        )
        .orderBy(asc(whistleSummons.whistleId), asc(whistleSummons.id)),

    /** The street's rating of one summoned unit (once per summons) and its trace entry. */
    rateUnit: (input: {
      summons: WhistleSummonsRow;
      timeliness: number;
      effect: number;
      comment: string | null;
      ratedById: string;
      at: Date;
      actor: WhistleActor;
    }) =>
      withConstraintErrors(() =>
        db.transaction(async (tx) => {
          const [r] = await tx
            .insert(whistleRatings)
            .values({
              whistleId: input.summons.whistleId,
              kind: "street",
              summonsId: input.summons.id,
              unitId: input.summons.unitId,
              timeliness: input.timeliness,
              effect: input.effect,
              comment: input.comment,
              ratedById: input.ratedById,
              ratedAt: input.at,
            })
            .returning();
          await tx.insert(whistleEvents).values({
            whistleId: input.summons.whistleId,
            summonsId: input.summons.id,
            kind: "street_rating",
            actor: input.actor,
            actorUserId: input.ratedById,
            unitId: input.summons.unitId,
            note: `timeliness ${input.timeliness}, effect ${input.effect}`,
            at: input.at,
          });
          return r!;
        }),
      ),

    /** A resident's rating of the result (once per resident and whistle) and its trace entry. */
    rateResult: (input: {
      whistleId: string;
      score: number;
      comment: string | null;
      ratedById: string;
      at: Date;
    }) =>
      withConstraintErrors(() =>
        db.transaction(async (tx) => {
          const [r] = await tx
            .insert(whistleRatings)
            .values({
              whistleId: input.whistleId,
              kind: "resident",
              score: input.score,
              comment: input.comment,
              ratedById: input.ratedById,
              ratedAt: input.at,
            })
            .returning();
          // The trace keeps that a resident rated, not who (the rating row has the rater).
          await tx.insert(whistleEvents).values({
            whistleId: input.whistleId,
            kind: "resident_rating",
            actor: "system",
            note: `score ${input.score}`,
            at: input.at,
          });
          return r!;
        }),
      ),

    /**
     * The whistles of a district, a street or a community (newest first, keyset on raised_at and id),
     * with the status / level / situation filters.
     */
    within: async (
      scope: { level: "district" | "subdistrict" | "community"; id: string },
      opts: WhistleListOptions = {},
    ) =>
      pageWhistles(
        db,
        scope.level === "district"
          ? eq(whistles.districtId, scope.id)
          : scope.level === "subdistrict"
            ? eq(whistles.subdistrictId, scope.id)
            : eq(whistles.communityId, scope.id),
        opts,
      ),

    /** A unit's inbox: the whistles that summon it (cancelled summonses left out). */
    inbox: async (unitId: string, opts: WhistleListOptions = {}) =>
      pageWhistles(
        db,
        sql`${whistles.id} in (select s.whistle_id from ${whistleSummons} s where s.unit_id = ${unitId} and s.status <> 'cancelled')`,
        opts,
      ),

    createFormula: (f: {
      version: string;
      name: string;
      validFrom: string;
      validTo?: string | null;
      weights: WhistleAssessmentRule["weights"];
      source?: string | null;
      createdById?: string | null;
    }) =>
      withConstraintErrors(async () => {
        const [row] = await db
          .insert(whistleAssessmentFormulas)
          .values({
            version: f.version,
            name: f.name,
            validFrom: f.validFrom,
            validTo: f.validTo ?? null,
            weightAcknowledgeOnTime: f.weights.acknowledgeOnTime,
            weightReportOnTime: f.weights.reportOnTime,
            weightStreetTimeliness: f.weights.streetTimeliness,
            weightStreetEffect: f.weights.streetEffect,
            weightResident: f.weights.resident,
            source: f.source ?? null,
            createdById: f.createdById ?? null,
          })
          .returning();
        return row!;
      }),

    /** The formula valid on `date` (latest start first), as core's rule; null when none is stored. */
    formulaFor: async (date: string): Promise<WhistleAssessmentRule | null> => {
      const [f] = await db
        .select()
        .from(whistleAssessmentFormulas)
        .where(
          and(
            lte(whistleAssessmentFormulas.validFrom, date),
            sql`(${whistleAssessmentFormulas.validTo} is null or ${whistleAssessmentFormulas.validTo} >= ${date})`,
          ),
        )
        .orderBy(desc(whistleAssessmentFormulas.validFrom))
        .limit(1);
      return f
        ? {
            version: f.version,
            weights: {
              acknowledgeOnTime: f.weightAcknowledgeOnTime,
              reportOnTime: f.weightReportOnTime,
              streetTimeliness: f.weightStreetTimeliness,
              streetEffect: f.weightStreetEffect,
              resident: f.weightResident,
            },
          }
        : null;
    },

    /**
     * The assessment input of a district's month: every whistle closed in it (Beijing time), with its
     * summonses, the street's ratings and the residents' scores — three queries, whatever the count.
     */
    assessmentInput: async (districtId: string, month: string): Promise<AssessedWhistle[]> => {
      const { from, to } = beijingMonthBounds(month);
      const ws = await db
        .select({ id: whistles.id, closedAt: whistles.closedAt })
        .from(whistles)
        .where(
          and(
            eq(whistles.districtId, districtId),
            eq(whistles.status, "closed"),
            gte(whistles.closedAt, from),
            lt(whistles.closedAt, to),
          ),
        );
      if (ws.length === 0) return [];
      const ids = ws.map((w) => w.id);
      const [summons, ratings] = await Promise.all([
        db.select().from(whistleSummons).where(inArray(whistleSummons.whistleId, ids)),
        db.select().from(whistleRatings).where(inArray(whistleRatings.whistleId, ids)),
      ]);
      const street = new Map(
        ratings
          .filter((r) => r.kind === "street")
          .map((r) => [r.summonsId!, { timeliness: r.timeliness!, effect: r.effect! }]),
      );
      return ws.map((w) => ({
        id: w.id,
        closedAt: w.closedAt!,
        summons: summons
          .filter((s) => s.whistleId === w.id)
          .map((s) => ({
            summonsId: s.id,
            unitId: s.unitId,
            status: s.status,
            acknowledgeBy: s.acknowledgeBy,
            reportBy: s.reportBy,
            acknowledgedAt: s.acknowledgedAt,
            reportedAt: s.reportedAt,
            street: street.get(s.id) ?? null,
          })),
        residentScores: ratings
          .filter((r) => r.kind === "resident" && r.whistleId === w.id)
          .map((r) => r.score!),
      }));
    },
  };
  return repo;
}

async function insertSummons(
  tx: Executor,
  w: WhistleRow,
  requests: readonly NewSummons[],
  level: WhistleLevel,
  actor: WhistleActor,
  by: { at: Date; userId: string | null },
): Promise<WhistleSummonsRow[]> {
  if (requests.length === 0) return [];
  const rows = await tx
    .insert(whistleSummons)
    .values(
      requests.map((r) => ({
        whistleId: w.id,
        unitId: r.unitId,
        summonedAtLevel: level,
        summonedAt: by.at,
        acknowledgeBy: r.acknowledgeBy,
        reportBy: r.reportBy,
        summonedById: by.userId,
      })),
    )
    .returning();
  await tx.insert(whistleEvents).values(
    rows.map((s) => ({
      whistleId: w.id,
      summonsId: s.id,
      kind: "summons_added" as const,
      toStatus: "summoned" satisfies SummonsStatus,
      actor,
      actorUserId: by.userId,
      unitId: s.unitId,
      at: by.at,
    })),
  );
  return rows;
}

async function pageWhistles(db: Executor, where: SQL, opts: WhistleListOptions): Promise<Page<WhistleRow>> {
  const limit = pageSize(opts.limit);
  const ks = keysetSort({
    columns: whistleSorts,
    sort: { key: "raisedAt", direction: "desc" },
    tiebreak: { column: whistles.id, kind: "uuid", value: (r: WhistleRow) => r.id },
    cursor: opts.cursor,
  });
  const rows = await db
    .select()
    .from(whistles)
    .where(
      and(
        where,
        opts.statuses?.length ? inArray(whistles.status, [...opts.statuses]) : undefined,
        opts.levels?.length ? inArray(whistles.level, [...opts.levels]) : undefined,
        opts.situations?.length ? inArray(whistles.situation, [...opts.situations]) : undefined,
        ks.where,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(limit + 1);
  return ks.toPage(rows, limit);
}
