/**
 * 街乡吹哨、部门报到 (DOMAIN.md §10): a street (or a community, through its street) raises a whistle and
 * summons units; each unit acknowledges, reports on site with evidence, and finishes — or refuses with a
 * reason; the street resolves, rates the units (双考核) and closes; residents of the community rate the
 * result; the district ranks the units each month. Every rule is core's (`rules/whistle-lifecycle.ts`,
 * `rules/whistle-assessment.ts`); every move a compare-and-set with its trace entry (`whistlesRepository`).
 *
 * Scope: a whistle is covered by the staff of its community, street and district; a unit's staff cover
 * it only while their unit is summoned to it (ancestry level "whistle").
 */
import {
  beijingDate,
  exampleWhistleAssessmentRule,
  gradeWhistleSource,
  mayAddSummons,
  pageInput,
  rateDepartments,
  ratingScore,
  type SummonsMove,
  startingWhistleLevel,
  summonsDeadlines,
  summonsRequest,
  summonsStatuses,
  type WhistleActor,
  type WhistleLevel,
  type WhistleMove,
  whistleDraft,
  whistleLevels,
  whistleReportFields,
  whistleScopes,
  whistleSeverities,
  whistleSituations,
  whistleSource,
  whistleStatuses,
  workOrderPlace,
} from "@gongzhi/core";
import {
  type Ancestry,
  ancestryOf,
  type Executor,
  hotlineJobsRepository,
  type NewSummons,
  tables,
  type WhistleEventRow,
  type WhistleRatingRow,
  type WhistleReportRow,
  type WhistleRow,
  type WhistleSummonsRow,
  whistlesRepository,
} from "@gongzhi/db";
import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { ApiError, notFound } from "../errors.ts";
import { links } from "../links.ts";
import { notify } from "../notify.ts";
import { type Assignment, districtStaffRoles, staffRoles } from "../policy.ts";
import { audited, type Context, router, scopedProcedure } from "../trpc.ts";
import { myUnits, reasonText } from "./work-orders/shared.ts";

/** Community, street and district staff (and the system admin). */
const staff = scopedProcedure(staffRoles);
/** The street and district: 升级, 考核归档, the street's rating. */
const streetRoles = ["subdistrict_staff", "district_staff", "system_admin"] as const;
const street = scopedProcedure(streetRoles);
/** Staff of a summoned unit. */
const unitStaff = scopedProcedure(["unit_staff"]);
/** Anyone who may read a whistle: its staff, or a summoned unit. */
const reader = scopedProcedure([...staffRoles, "unit_staff"]);
/** A resident of the whistle's community (群众评价). */
const resident = scopedProcedure(["resident"]);
const district = scopedProcedure(districtStaffRoles);

type Ctx = Pick<Context, "db" | "actor" | "ip" | "now"> & { scopes: Assignment[] };

const bad = (key: string, message: string) => new ApiError("BAD_REQUEST", `error.whistle.${key}`, message);
const conflict = (key: string, message: string) => new ApiError("CONFLICT", `error.whistle.${key}`, message);

// ——— views ———

export const whistleView = z.object({
  id: z.uuid(),
  districtId: z.uuid(),
  subdistrictId: z.uuid(),
  communityId: z.uuid().nullable(),
  title: z.string(),
  description: z.string(),
  situation: z.enum(whistleSituations),
  severity: z.enum(whistleSeverities),
  scope: z.enum(whistleScopes),
  sourceLevel: z.enum(whistleLevels),
  level: z.enum(whistleLevels),
  place: workOrderPlace.nullable(),
  source: whistleSource,
  status: z.enum(whistleStatuses),
  raisedById: z.uuid().nullable(),
  raisedAt: z.date(),
  escalatedAt: z.date().nullable(),
  resolvedAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  withdrawnAt: z.date().nullable(),
  resolution: z.string().nullable(),
  withdrawReason: z.string().nullable(),
});
export const summonsView = z.object({
  id: z.uuid(),
  whistleId: z.uuid(),
  unitId: z.uuid(),
  status: z.enum(summonsStatuses),
  summonedAtLevel: z.enum(whistleLevels),
  summonedAt: z.date(),
  acknowledgeBy: z.date(),
  reportBy: z.date(),
  acknowledgedAt: z.date().nullable(),
  reportedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  refusedAt: z.date().nullable(),
  refusalReason: z.string().nullable(),
  result: z.string().nullable(),
  lateAcknowledge: z.boolean(),
  lateReport: z.boolean(),
  escalatedAt: z.date().nullable(),
  escalationReason: z.enum(["late_acknowledge", "late_report", "refused"]).nullable(),
});
const reportView = z.object({
  id: z.uuid(),
  summonsId: z.uuid(),
  arrivedAt: z.date(),
  reportedAt: z.date(),
  people: z.array(z.string()),
  evidenceIds: z.array(z.string()),
  place: workOrderPlace.nullable(),
  plan: z.string(),
  plannedFinishOn: z.string(),
});
const eventView = z.object({
  id: z.uuid(),
  summonsId: z.uuid().nullable(),
  kind: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  actor: z.string(),
  actorUserId: z.uuid().nullable(),
  unitId: z.uuid().nullable(),
  note: z.string().nullable(),
  reason: z.string().nullable(),
  at: z.date(),
});
const streetRatingView = z.object({
  id: z.uuid(),
  summonsId: z.uuid(),
  unitId: z.uuid(),
  timeliness: z.number().int(),
  effect: z.number().int(),
  comment: z.string().nullable(),
  ratedAt: z.date(),
});
/** A resident's rating, without who gave it. */
const residentRatingView = z.object({
  id: z.uuid(),
  score: z.number().int(),
  comment: z.string().nullable(),
  ratedAt: z.date(),
});
const detailOutput = z.object({
  whistle: whistleView,
  summons: z.array(summonsView),
  reports: z.array(reportView),
  events: z.array(eventView),
  streetRatings: z.array(streetRatingView),
  residentRatings: z.array(residentRatingView),
});
const pageOutput = z.object({ items: z.array(whistleView), nextCursor: z.string().nullable() });
const moveOutput = z.object({ whistle: whistleView, events: z.array(eventView) });
const summonsMoveOutput = z.object({
  whistle: whistleView,
  summons: summonsView,
  events: z.array(eventView),
});

function placeOf(r: {
  compoundId: string | null;
  buildingId: string | null;
  lat: number | null;
  lng: number | null;
  address: string;
}) {
  if (r.compoundId)
    return {
      kind: "compound" as const,
      compoundId: r.compoundId,
      buildingId: r.buildingId,
      address: r.address,
    };
  if (r.lat !== null && r.lng !== null)
    return { kind: "point" as const, lat: r.lat, lng: r.lng, datum: "gcj02" as const, address: r.address };
  return null;
}

export function toWhistleView(w: WhistleRow): z.infer<typeof whistleView> {
  return {
    id: w.id,
    districtId: w.districtId,
    subdistrictId: w.subdistrictId,
    communityId: w.communityId,
    title: w.title,
    description: w.description,
    situation: w.situation,
    severity: w.severity,
    scope: w.scope,
    sourceLevel: w.sourceLevel,
    level: w.level,
    place: placeOf(w),
    source: w.sourceKind === "none" ? { kind: "none" } : { kind: w.sourceKind, id: w.sourceId! },
    status: w.status,
    raisedById: w.raisedById,
    raisedAt: w.raisedAt,
    escalatedAt: w.escalatedAt,
    resolvedAt: w.resolvedAt,
    closedAt: w.closedAt,
    withdrawnAt: w.withdrawnAt,
    resolution: w.resolution,
    withdrawReason: w.withdrawReason,
  };
}
/** A summons as the API shows it: the row less who summoned it and the bookkeeping timestamps. */
const toSummonsView = ({
  summonedById: _by,
  createdAt: _created,
  updatedAt: _updated,
  ...view
}: WhistleSummonsRow): z.infer<typeof summonsView> => view;
const toReportView = (r: WhistleReportRow): z.infer<typeof reportView> => ({
  id: r.id,
  summonsId: r.summonsId,
  arrivedAt: r.arrivedAt,
  reportedAt: r.reportedAt,
  people: r.people,
  evidenceIds: r.evidenceIds,
  place: placeOf(r),
  plan: r.plan,
  plannedFinishOn: r.plannedFinishOn,
});
const toEventView = (e: WhistleEventRow): z.infer<typeof eventView> => ({
  id: e.id,
  summonsId: e.summonsId,
  kind: e.kind,
  fromStatus: e.fromStatus,
  toStatus: e.toStatus,
  actor: e.actor,
  actorUserId: e.actorUserId,
  unitId: e.unitId,
  note: e.note,
  reason: e.reason,
  at: e.at,
});
const toStreetRating = (r: WhistleRatingRow): z.infer<typeof streetRatingView> => ({
  id: r.id,
  summonsId: r.summonsId!,
  unitId: r.unitId!,
  timeliness: r.timeliness!,
  effect: r.effect!,
  comment: r.comment,
  ratedAt: r.ratedAt,
});

// ——— helpers ———

async function loadWhistle(db: Executor, id: string): Promise<WhistleRow> {
  const w = await whistlesRepository(db).get(id);
  if (!w) throw notFound("whistle");
  return w;
}

/**
 * The level a staff member acts at on a whistle: the highest of their assignments covering it (a
 * global or district assignment → district, a street → subdistrict, a community → community).
 */
function staffActor(scopes: readonly Assignment[], a: Ancestry): WhistleActor {
  let best: WhistleActor | null = null;
  const rank = { community_staff: 0, subdistrict_staff: 1, district_staff: 2 } as Record<string, number>;
  for (const s of scopes) {
    const level: WhistleActor | null =
      s.scopeKind === "global" || (s.scopeKind === "district" && s.scopeId === a.districtId)
        ? "district_staff"
        : s.scopeKind === "subdistrict" && s.scopeId === a.subdistrictId
          ? "subdistrict_staff"
          : s.scopeKind === "community" && s.scopeId !== null && s.scopeId === a.communityId
            ? "community_staff"
            : null;
    if (level && (best === null || rank[level]! > rank[best]!)) best = level;
  }
  if (!best) throw new ApiError("FORBIDDEN", "error.forbidden", "forbidden: outside your scope");
  return best;
}

/** The summons of the acting unit's staff on this whistle (`unitId` picks one when they have several). */
async function mySummons(ctx: Ctx, whistleId: string, unitId: string | null | undefined) {
  const mine = new Set(myUnits(ctx.scopes));
  const all = await whistlesRepository(ctx.db).summonsOf(whistleId);
  const s = all.find((x) => mine.has(x.unitId) && (!unitId || x.unitId === unitId));
  if (!s) throw new ApiError("FORBIDDEN", "error.forbidden", "forbidden: your unit is not summoned");
  return s;
}

/** Units must be active and of the whistle's district. */
async function checkUnits(db: Executor, unitIds: readonly string[], districtId: string) {
  if (unitIds.length === 0) return;
  const units = await db
    .select()
    .from(tables.handlingUnits)
    .where(inArray(tables.handlingUnits.id, [...unitIds]));
  if (units.length !== new Set(unitIds).size) throw notFound("handling_unit");
  if (units.some((u) => !u.active || u.districtId !== districtId))
    throw bad("unit_not_available", "a summoned unit is inactive or outside the whistle's district");
}

const summonsInput = z.array(summonsRequest).min(1).max(50);

/** Deadlines of new summonses (core's `summonsDeadlines`: the practice default acknowledge-by). */
function deadlines(
  requests: z.infer<typeof summonsInput>,
  situation: WhistleRow["situation"],
  at: Date,
): NewSummons[] {
  if (new Set(requests.map((r) => r.unitId)).size !== requests.length)
    throw bad("unit_twice", "each unit is summoned once");
  return requests.map((r) => {
    if (
      r.reportBy.getTime() <= at.getTime() ||
      (r.acknowledgeBy && r.acknowledgeBy.getTime() <= at.getTime())
    )
      throw bad("deadline_past", "every deadline is after now");
    const d = summonsDeadlines(
      { summonedAt: at, reportBy: r.reportBy, acknowledgeBy: r.acknowledgeBy },
      situation,
    );
    return { unitId: r.unitId, ...d };
  });
}

async function notifyUnits(
  tx: Executor,
  w: WhistleRow,
  unitIds: readonly string[],
  except: string,
  at: Date,
) {
  const staffByUnit = await hotlineJobsRepository(tx).unitStaffByUnit(unitIds);
  await notify(tx, {
    userIds: unitIds.flatMap((u) => staffByUnit.get(u) ?? []),
    except,
    kind: "whistle_update",
    messageKey: "notification.whistle.summoned",
    params: { title: w.title },
    link: links.consoleWhistle(w.id),
    at,
  });
}

/** The staff of an area (a street's subdistrict_staff, or a district's district_staff). */
export async function areaStaff(tx: Executor, areaId: string): Promise<string[]> {
  return (await hotlineJobsRepository(tx).dispatchersByArea([areaId])).get(areaId) ?? [];
}

const whistleId = z.object({ id: z.uuid() });
const unitAct = z.object({ id: z.uuid(), unitId: z.uuid().nullish() });

async function whistleMove(
  ctx: Ctx,
  w: WhistleRow,
  action: string,
  move: WhistleMove,
  more?: (tx: Executor, row: WhistleRow) => Promise<void>,
) {
  return audited(ctx, async (tx) => {
    const r = await whistlesRepository(tx).transition(w.id, move, ctx.actor?.userId ?? null);
    await more?.(tx, r.whistle);
    return {
      result: { whistle: toWhistleView(r.whistle), events: r.events.map(toEventView) },
      audit: {
        action,
        entityType: "whistle",
        entityId: w.id,
        before: { status: w.status, level: w.level },
        after: { status: r.whistle.status, level: r.whistle.level },
      },
    };
  });
}

async function summonsMove(
  ctx: Ctx,
  s: WhistleSummonsRow,
  action: string,
  move: SummonsMove,
  report?: Parameters<ReturnType<typeof whistlesRepository>["summonsTransition"]>[3],
  more?: (tx: Executor, w: WhistleRow) => Promise<void>,
) {
  return audited(ctx, async (tx) => {
    const r = await whistlesRepository(tx).summonsTransition(s.id, move, ctx.actor?.userId ?? null, report);
    await more?.(tx, r.whistle);
    return {
      result: {
        whistle: toWhistleView(r.whistle),
        summons: toSummonsView(r.summons),
        events: r.events.map(toEventView),
      },
      audit: {
        action,
        entityType: "whistle_summons",
        entityId: s.id,
        before: { status: s.status },
        after: { status: r.summons.status, whistleId: s.whistleId, unitId: s.unitId },
      },
    };
  });
}

const listFilters = {
  statuses: z.array(z.enum(whistleStatuses)).max(whistleStatuses.length).optional(),
  levels: z.array(z.enum(whistleLevels)).max(whistleLevels.length).optional(),
  situations: z.array(z.enum(whistleSituations)).max(whistleSituations.length).optional(),
};

const ratioView = z.object({ numerator: z.number(), denominator: z.number() });
const rankingRow = z.object({
  unitId: z.uuid(),
  unitName: z.string(),
  rank: z.number().int().nullable(),
  previousRank: z.number().int().nullable(),
  formulaVersion: z.string(),
  whistles: z.number().int(),
  summons: z.number().int(),
  refused: z.number().int(),
  acknowledgeOnTime: ratioView.nullable(),
  reportOnTime: ratioView.nullable(),
  streetTimeliness: ratioView.nullable(),
  streetEffect: ratioView.nullable(),
  resident: ratioView.nullable(),
  score: ratioView.nullable(),
  scoreHundredths: z.number().int().nullable(),
});

const previousMonth = (m: string) => {
  const [y, mo] = m.split("-").map(Number) as [number, number];
  return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, "0")}`;
};

export const whistlesRouter = router({
  /**
   * 吹哨: street staff (or community staff, for their community) raise a whistle summoning units of
   * the district; the level is core's grading (分级哨源), or the raiser's if higher. From a work order or
   * a ledger item of the same street (in the raiser's scope), optionally.
   */
  raise: staff
    .input(
      z.object({
        title: z.string().max(200),
        description: z.string().max(5000),
        situation: z.enum(whistleSituations),
        severity: z.enum(whistleSeverities),
        scope: z.enum(whistleScopes),
        /** A higher level than graded, if the raiser wants one (never lower). */
        level: z.enum(whistleLevels).nullish(),
        subdistrictId: z.uuid(),
        communityId: z.uuid().nullish(),
        place: workOrderPlace,
        source: whistleSource.default({ kind: "none" }),
        summons: summonsInput,
      }),
    )
    .output(z.object({ whistle: whistleView, summons: z.array(summonsView) }))
    .mutation(async ({ ctx, input }) => {
      const communityId = input.communityId ?? null;
      const area = communityId
        ? await ctx.requireScope({ level: "community", id: communityId })
        : await ctx.requireScope({ level: "subdistrict", id: input.subdistrictId });
      if (area.subdistrictId !== input.subdistrictId)
        throw bad("community_outside_subdistrict", "the community is not in that street/town");
      const actor = staffActor(ctx.scopes, area);
      const graded = gradeWhistleSource(input);
      const level: WhistleLevel = startingWhistleLevel(graded.level, input.level ?? null);
      const at = ctx.now();
      const summons = deadlines(input.summons, input.situation, at);
      const draft = whistleDraft.safeParse({ ...input, communityId, level, raisedAt: at });
      if (!draft.success)
        throw bad("invalid", draft.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      if (level === "community" && !communityId) throw bad("community_required", "name the community");
      const place = input.place;
      if (place.kind === "compound") {
        const a = await ctx.requireScope({ level: "compound", id: place.compoundId });
        if (a.subdistrictId !== input.subdistrictId || (communityId && a.communityId !== communityId))
          throw bad("place_outside", "the compound is outside the whistle's area");
      }
      const src = input.source;
      if (src.kind === "work_order") {
        const a = await ctx.requireScope({ level: "work_order", id: src.id });
        if (a.subdistrictId !== input.subdistrictId)
          throw bad("source_outside", "the work order is outside the whistle's street/town");
      }
      if (src.kind === "ledger_item") {
        const [item] = await ctx.db
          .select({ communityId: tables.ledgerItems.communityId })
          .from(tables.ledgerItems)
          .where(eq(tables.ledgerItems.id, src.id));
        if (!item) throw notFound("ledger_item");
        const a = await ctx.requireScope({ level: "community", id: item.communityId });
        if (a.subdistrictId !== input.subdistrictId)
          throw bad("source_outside", "the ledger item is outside the whistle's street/town");
      }
      await checkUnits(
        ctx.db,
        input.summons.map((s) => s.unitId),
        area.districtId,
      );
      return audited(ctx, async (tx) => {
        const r = await whistlesRepository(tx).raise({
          districtId: area.districtId,
          subdistrictId: input.subdistrictId,
          communityId,
          title: draft.data.title,
          description: draft.data.description,
          situation: input.situation,
          severity: input.severity,
          scope: input.scope,
          level,
          compoundId: place.kind === "compound" ? place.compoundId : null,
          buildingId: place.kind === "compound" ? place.buildingId : null,
          lat: place.kind === "point" ? place.lat : null,
          lng: place.kind === "point" ? place.lng : null,
          address: place.address,
          source: src,
          raisedAt: at,
          raisedById: ctx.actor.userId,
          actor,
          summons,
        });
        await notifyUnits(
          tx,
          r.whistle,
          summons.map((s) => s.unitId),
          ctx.actor.userId,
          at,
        );
        return {
          result: { whistle: toWhistleView(r.whistle), summons: r.summons.map(toSummonsView) },
          audit: {
            action: "whistles.raise",
            entityType: "whistle",
            entityId: r.whistle.id,
            after: {
              level,
              graded: graded.level,
              gradingReason: graded.reason,
              units: summons.map((s) => s.unitId),
              source: src.kind,
            },
          },
        };
      });
    }),

  /** The whistles of a district, street or community, newest first (keyset pages), with filters. */
  list: staff
    .input(
      pageInput.extend({
        scopeLevel: z.enum(["district", "subdistrict", "community"]),
        scopeId: z.uuid(),
        ...listFilters,
      }),
    )
    .output(pageOutput)
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: input.scopeLevel, id: input.scopeId });
      const page = await whistlesRepository(ctx.db).within(
        { level: input.scopeLevel, id: input.scopeId },
        input,
      );
      return { items: page.items.map(toWhistleView), nextCursor: page.nextCursor };
    }),

  /** A unit's inbox: the whistles that summon it, newest first (keyset pages), with filters. */
  inbox: unitStaff
    .input(pageInput.extend({ unitId: z.uuid(), ...listFilters }))
    .output(pageOutput)
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "handling_unit", id: input.unitId });
      const page = await whistlesRepository(ctx.db).inbox(input.unitId, input);
      return { items: page.items.map(toWhistleView), nextCursor: page.nextCursor };
    }),

  /** One whistle with its summonses, reports, trace and ratings (a unit: only if summoned to it). */
  get: reader
    .input(whistleId)
    .output(detailOutput)
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "whistle", id: input.id });
      const d = await whistlesRepository(ctx.db).details(input.id);
      if (!d) throw notFound("whistle");
      return {
        whistle: toWhistleView(d.whistle),
        summons: d.summons.map(toSummonsView),
        reports: d.reports.map(toReportView),
        events: d.events.map(toEventView),
        streetRatings: d.ratings.filter((r) => r.kind === "street").map(toStreetRating),
        residentRatings: d.ratings
          .filter((r) => r.kind === "resident")
          .map((r) => ({ id: r.id, score: r.score!, comment: r.comment, ratedAt: r.ratedAt })),
      };
    }),

  /** 响应: the summoned unit acknowledges (of two clicks at once, one wins; the other gets CONFLICT). */
  acknowledge: unitStaff
    .input(unitAct)
    .output(summonsMoveOutput)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "whistle", id: input.id });
      const s = await mySummons(ctx, input.id, input.unitId);
      return summonsMove(ctx, s, "whistles.acknowledge", {
        to: "acknowledged",
        actor: "unit_staff",
        at: ctx.now(),
        unitId: s.unitId,
      });
    }),

  /** 拒绝: the unit refuses with its reason; the street is told (the job escalates it to the district). */
  refuse: unitStaff
    .input(unitAct.extend({ reason: reasonText() }))
    .output(summonsMoveOutput)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "whistle", id: input.id });
      const s = await mySummons(ctx, input.id, input.unitId);
      const at = ctx.now();
      return summonsMove(
        ctx,
        s,
        "whistles.refuse",
        { to: "refused", actor: "unit_staff", at, unitId: s.unitId, reason: input.reason },
        undefined,
        async (tx, w) => {
          await notify(tx, {
            userIds: await areaStaff(tx, w.subdistrictId),
            except: ctx.actor.userId,
            kind: "whistle_update",
            messageKey: "notification.whistle.refused",
            params: { title: w.title },
            link: links.consoleWhistle(w.id),
            at,
          });
        },
      );
    }),

  /** 到场报到: on site, with who came, evidence (at least one photo), the place, the plan and its date. */
  reportOnSite: unitStaff
    .input(unitAct.extend({ report: whistleReportFields }))
    .output(summonsMoveOutput)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "whistle", id: input.id });
      const s = await mySummons(ctx, input.id, input.unitId);
      const at = ctx.now();
      const r = input.report;
      if (r.arrivedAt.getTime() > at.getTime())
        throw bad("arrival_in_future", "the unit has not arrived yet");
      if (r.plannedFinishOn < beijingDate(r.arrivedAt))
        throw bad("planned_finish_past", "the planned finish is not before the arrival");
      if (r.place.kind === "compound") {
        // The unit's staff have no compound scope: the compound must lie in the whistle's street/town.
        const [w, place] = await Promise.all([
          loadWhistle(ctx.db, input.id),
          ancestryOf(ctx.db, "compound", r.place.compoundId),
        ]);
        if (!place || place.subdistrictId !== w.subdistrictId)
          throw bad("place_outside", "the report's compound is outside the whistle's street/town");
      }
      const report = {
        ...r,
        compoundId: r.place.kind === "compound" ? r.place.compoundId : null,
        buildingId: r.place.kind === "compound" ? r.place.buildingId : null,
        lat: r.place.kind === "point" ? r.place.lat : null,
        lng: r.place.kind === "point" ? r.place.lng : null,
        address: r.place.address,
      };
      return summonsMove(
        ctx,
        s,
        "whistles.reportOnSite",
        { to: "on_site", actor: "unit_staff", at, unitId: s.unitId, report: r },
        report,
        async (tx, w) => {
          await notify(tx, {
            userIds: await areaStaff(tx, w.subdistrictId),
            except: ctx.actor.userId,
            kind: "whistle_update",
            messageKey: "notification.whistle.reported",
            params: { title: w.title },
            link: links.consoleWhistle(w.id),
            at,
          });
        },
      );
    }),

  /** 完成: the unit's part is done, with its result. */
  finish: unitStaff
    .input(unitAct.extend({ result: reasonText(5000) }))
    .output(summonsMoveOutput)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "whistle", id: input.id });
      const s = await mySummons(ctx, input.id, input.unitId);
      return summonsMove(ctx, s, "whistles.finish", {
        to: "finished",
        actor: "unit_staff",
        at: ctx.now(),
        unitId: s.unitId,
        result: input.result,
      });
    }),

  /** 召集更多单位: the commanding level or above (after 升级, only the district) summons more units. */
  addSummons: staff
    .input(z.object({ id: z.uuid(), summons: summonsInput }))
    .output(z.array(summonsView))
    .mutation(async ({ ctx, input }) => {
      const a = await ctx.requireScope({ level: "whistle", id: input.id });
      const w = await loadWhistle(ctx.db, input.id);
      const actor = staffActor(ctx.scopes, a);
      if (!mayAddSummons(w, actor))
        throw conflict(
          "may_not_add_summons",
          "only the commanding level or above adds units to an open whistle (after 升级, the district)",
        );
      await checkUnits(
        ctx.db,
        input.summons.map((s) => s.unitId),
        w.districtId,
      );
      const at = ctx.now();
      const requests = deadlines(input.summons, w.situation, at);
      return audited(ctx, async (tx) => {
        const rows = await whistlesRepository(tx).addSummons(w.id, w.status, requests, actor, {
          at,
          userId: ctx.actor.userId,
        });
        await notifyUnits(
          tx,
          w,
          requests.map((r) => r.unitId),
          ctx.actor.userId,
          at,
        );
        return {
          result: rows.map(toSummonsView),
          audit: {
            action: "whistles.addSummons",
            entityType: "whistle",
            entityId: w.id,
            after: { units: requests.map((r) => r.unitId), level: w.level },
          },
        };
      });
    }),

  /**
   * 升级: the street raises the whistle to the district command (refused summonses are recorded as
   * escalated with it); the district's staff are told.
   */
  escalate: street
    .input(whistleId.extend({ reason: reasonText() }))
    .output(moveOutput)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "whistle", id: input.id });
      const w = await loadWhistle(ctx.db, input.id);
      const at = ctx.now();
      return whistleMove(
        ctx,
        w,
        "whistles.escalate",
        { to: "escalated", actor: "subdistrict_staff", at, reason: input.reason },
        async (tx, row) => {
          const refused = (await whistlesRepository(tx).summonsOf(w.id)).filter(
            (s) => s.status === "refused" && s.escalatedAt === null,
          );
          await whistlesRepository(tx).escalateSummonses(
            refused.map((s) => ({ summonsId: s.id, reason: "refused" as const })),
            at,
            "subdistrict_staff",
            ctx.actor.userId,
          );
          await notify(tx, {
            userIds: await areaStaff(tx, row.districtId),
            except: ctx.actor.userId,
            kind: "whistle_update",
            messageKey: "notification.whistle.escalated",
            params: { title: row.title },
            link: links.consoleWhistle(row.id),
            at,
          });
        },
      );
    }),

  /** 办结: every unit finished (or refused and escalated); the commanding level or above, with the resolution. */
  resolve: staff
    .input(whistleId.extend({ resolution: reasonText(5000) }))
    .output(moveOutput)
    .mutation(async ({ ctx, input }) => {
      const a = await ctx.requireScope({ level: "whistle", id: input.id });
      const w = await loadWhistle(ctx.db, input.id);
      return whistleMove(ctx, w, "whistles.resolve", {
        to: "resolved",
        actor: staffActor(ctx.scopes, a),
        at: ctx.now(),
        resolution: input.resolution,
      });
    }),

  /** 考核归档: closed once the street has rated every unit that reported. */
  close: street
    .input(whistleId)
    .output(moveOutput)
    .mutation(async ({ ctx, input }) => {
      const a = await ctx.requireScope({ level: "whistle", id: input.id });
      const w = await loadWhistle(ctx.db, input.id);
      const actor = staffActor(ctx.scopes, a);
      return whistleMove(ctx, w, "whistles.close", { to: "closed", actor, at: ctx.now() });
    }),

  /** 撤哨: withdrawn with a reason before any unit reported on site; open summonses are cancelled. */
  withdraw: staff
    .input(whistleId.extend({ reason: reasonText() }))
    .output(moveOutput)
    .mutation(async ({ ctx, input }) => {
      const a = await ctx.requireScope({ level: "whistle", id: input.id });
      const w = await loadWhistle(ctx.db, input.id);
      return whistleMove(ctx, w, "whistles.withdraw", {
        to: "withdrawn",
        actor: staffActor(ctx.scopes, a),
        at: ctx.now(),
        reason: input.reason,
      });
    }),

  /** 双考核: the street rates a unit that reported (及时性, 实效, 1–5), once per summons. */
  rateUnit: street
    .input(
      whistleId.extend({
        unitId: z.uuid(),
        timeliness: ratingScore,
        effect: ratingScore,
        comment: z.string().trim().max(1000).nullish(),
      }),
    )
    .output(streetRatingView)
    .mutation(async ({ ctx, input }) => {
      const a = await ctx.requireScope({ level: "whistle", id: input.id });
      const w = await loadWhistle(ctx.db, input.id);
      const actor = staffActor(ctx.scopes, a);
      if (w.status === "withdrawn") throw conflict("not_ratable", "a withdrawn whistle is not rated");
      const s = (await whistlesRepository(ctx.db).summonsOf(w.id)).find((x) => x.unitId === input.unitId);
      if (!s) throw notFound("whistle_summons");
      if (s.status !== "on_site" && s.status !== "finished")
        throw conflict("unit_not_reported", "only a unit that reported on site is rated");
      return audited(ctx, async (tx) => {
        const r = await whistlesRepository(tx).rateUnit({
          summons: s,
          timeliness: input.timeliness,
          effect: input.effect,
          comment: input.comment || null,
          ratedById: ctx.actor.userId,
          at: ctx.now(),
          actor,
        });
        return {
          result: toStreetRating(r),
          audit: {
            action: "whistles.rateUnit",
            entityType: "whistle_summons",
            entityId: s.id,
            after: { timeliness: r.timeliness, effect: r.effect },
          },
        };
      });
    }),

  /** 群众评价: a resident of the whistle's community rates the result (1–5), once, after 办结. */
  rateResult: resident
    .input(whistleId.extend({ score: ratingScore, comment: z.string().trim().max(1000).nullish() }))
    .output(residentRatingView)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "whistle", id: input.id });
      const w = await loadWhistle(ctx.db, input.id);
      if (w.status !== "resolved" && w.status !== "closed")
        throw conflict("not_resolved", "the result is rated once the whistle is resolved");
      return audited(ctx, async (tx) => {
        const r = await whistlesRepository(tx).rateResult({
          whistleId: w.id,
          score: input.score,
          comment: input.comment || null,
          ratedById: ctx.actor.userId,
          at: ctx.now(),
        });
        return {
          result: { id: r.id, score: r.score!, comment: r.comment, ratedAt: r.ratedAt },
          audit: {
            action: "whistles.rateResult",
            entityType: "whistle",
            entityId: w.id,
            after: { score: r.score },
          },
        };
      });
    }),

  /**
   * 双考核 ranking of a district's units for a (Beijing) month: core's `rateDepartments` over the
   * whistles closed in it, under the stored formula valid on the month's first day (else core's
   * example rule), with last month's ranks.
   */
  rankings: district
    .input(z.object({ districtId: z.uuid(), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }))
    .output(z.object({ month: z.string(), formulaVersion: z.string(), rows: z.array(rankingRow) }))
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "district", id: input.districtId });
      const repo = whistlesRepository(ctx.db);
      const rule = (await repo.formulaFor(`${input.month}-01`)) ?? exampleWhistleAssessmentRule;
      const prevMonth = previousMonth(input.month);
      const [current, before] = await Promise.all([
        repo.assessmentInput(input.districtId, input.month),
        repo.assessmentInput(input.districtId, prevMonth),
      ]);
      const prevRule = (await repo.formulaFor(`${prevMonth}-01`)) ?? exampleWhistleAssessmentRule;
      const previous = before.length ? rateDepartments(prevMonth, before, prevRule) : [];
      const rows = rateDepartments(input.month, current, rule, previous);
      const names = rows.length
        ? new Map(
            (
              await ctx.db
                .select({ id: tables.handlingUnits.id, name: tables.handlingUnits.name })
                .from(tables.handlingUnits)
                .where(
                  inArray(
                    tables.handlingUnits.id,
                    rows.map((r) => r.unitId),
                  ),
                )
            ).map((u) => [u.id, u.name]),
          )
        : new Map<string, string>();
      return {
        month: input.month,
        formulaVersion: rule.version,
        rows: rows.map((r) => ({
          unitId: r.unitId,
          unitName: names.get(r.unitId) ?? "",
          rank: r.rank,
          previousRank: r.previousRank,
          formulaVersion: r.formulaVersion,
          whistles: r.whistles,
          summons: r.summons,
          refused: r.refused,
          acknowledgeOnTime: r.acknowledgeOnTime,
          reportOnTime: r.reportOnTime,
          streetTimeliness: r.streetTimeliness,
          streetEffect: r.streetEffect,
          resident: r.resident,
          score: r.score,
          scoreHundredths: r.scoreHundredths,
        })),
      };
    }),
});
