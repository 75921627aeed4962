/**
 * 街乡吹哨、部门报到 — DOMAIN.md §10, core's `model/whistle.ts`. A whistle (吹哨) raised by a street or a
 * community, the units it summons (报到, one row per unit), their on-site reports, the trace (信息留痕:
 * every step, idempotent system steps keyed by `system_key`), the 双考核 ratings and the versioned
 * assessment formulas. The rules live in core (`rules/whistle-lifecycle.ts`); integrity lives here.
 */
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./account.ts";
import { pk, timestamps } from "./columns.ts";
import {
  summonsEscalationReason,
  summonsStatus,
  whistleActor,
  whistleEventKind,
  whistleLevel,
  whistleRatingKind,
  whistleScope,
  whistleSeverity,
  whistleSituation,
  whistleSourceKind,
  whistleStatus,
} from "./enums.ts";
import { handlingUnits, workOrders } from "./hotline.ts";
import { ledgerItems } from "./ledger.ts";
import { buildings, communities, compounds, districts, subdistricts } from "./registry.ts";

const nonBlank = (c: AnyPgColumn) => sql`length(btrim(${c})) > 0`;

/**
 * 吹哨 — one whistle. `source_level` is the level it was blown at, `level` the one commanding it now
 * (district after 升级). Its source links back: a work order or a ledger item by foreign key; a grid
 * event (网格事件, no table yet) by kind and id only.
 */
export const whistles = pgTable(
  "whistles",
  {
    id: pk(),
    districtId: uuid("district_id")
      .notNull()
      .references(() => districts.id, { onDelete: "restrict" }),
    subdistrictId: uuid("subdistrict_id")
      .notNull()
      .references(() => subdistricts.id, { onDelete: "restrict" }),
    communityId: uuid("community_id").references(() => communities.id, { onDelete: "restrict" }),
    title: text("title").notNull(),
    description: text("description").notNull(),
    situation: whistleSituation("situation").notNull(),
    severity: whistleSeverity("severity").notNull(),
    scope: whistleScope("scope").notNull(),
    sourceLevel: whistleLevel("source_level").notNull(),
    level: whistleLevel("level").notNull(),
    compoundId: uuid("compound_id").references(() => compounds.id, { onDelete: "restrict" }),
    buildingId: uuid("building_id").references(() => buildings.id, { onDelete: "restrict" }),
    lat: doublePrecision("lat"),
    lng: doublePrecision("lng"),
    address: text("address").notNull().default(""),
    sourceKind: whistleSourceKind("source_kind").notNull().default("none"),
    /** The source's id, whatever its kind (a grid event's too, without a foreign key). */
    sourceId: uuid("source_id"),
    sourceWorkOrderId: uuid("source_work_order_id").references(() => workOrders.id, {
      onDelete: "restrict",
    }),
    sourceLedgerItemId: uuid("source_ledger_item_id").references(() => ledgerItems.id, {
      onDelete: "restrict",
    }),
    status: whistleStatus("status").notNull().default("raised"),
    raisedById: uuid("raised_by").references(() => users.id, { onDelete: "set null" }),
    raisedAt: timestamp("raised_at", { withTimezone: true }).notNull(),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    resolution: text("resolution"),
    withdrawReason: text("withdraw_reason"),
    ...timestamps,
  },
  (t) => [
    // the street's and district's lists: newest first, keyset on (raised_at, id)
    index("whistles_subdistrict_raised_idx").on(t.subdistrictId, t.raisedAt, t.id),
    index("whistles_district_raised_idx").on(t.districtId, t.raisedAt, t.id),
    index("whistles_community_raised_idx").on(t.communityId, t.raisedAt),
    index("whistles_district_closed_idx").on(t.districtId, t.closedAt),
    index("whistles_source_work_order_idx").on(t.sourceWorkOrderId),
    index("whistles_source_ledger_item_idx").on(t.sourceLedgerItemId),
    check("whistles_title_nonblank", sql`${nonBlank(t.title)} and length(${t.title}) <= 200`),
    check(
      "whistles_description_nonblank",
      sql`${nonBlank(t.description)} and length(${t.description}) <= 5000`,
    ),
    check(
      "whistles_community_level_has_community",
      sql`${t.sourceLevel} <> 'community' or ${t.communityId} is not null`,
    ),
    check(
      "whistles_level_never_lowered",
      sql`array_position(enum_range(null::whistle_level), ${t.level}) >= array_position(enum_range(null::whistle_level), ${t.sourceLevel})`,
    ),
    check(
      "whistles_source_linked",
      sql`(${t.sourceKind} = 'none') = (${t.sourceId} is null)
        and (${t.sourceKind} = 'work_order') = (${t.sourceWorkOrderId} is not null)
        and (${t.sourceKind} = 'ledger_item') = (${t.sourceLedgerItemId} is not null)
        and (${t.sourceWorkOrderId} is null or ${t.sourceWorkOrderId} = ${t.sourceId})
        and (${t.sourceLedgerItemId} is null or ${t.sourceLedgerItemId} = ${t.sourceId})`,
    ),
    check(
      "whistles_point_complete",
      sql`(${t.lat} is null) = (${t.lng} is null) and (${t.lat} is null or (${t.lat} between -90 and 90 and ${t.lng} between -180 and 180))`,
    ),
    check("whistles_building_has_compound", sql`${t.buildingId} is null or ${t.compoundId} is not null`),
    check("whistles_escalated_at_district", sql`${t.escalatedAt} is null or ${t.level} = 'district'`),
    check(
      "whistles_resolved_has_resolution",
      sql`${t.status} not in ('resolved', 'closed') or (${t.resolvedAt} is not null and ${t.resolution} is not null and ${nonBlank(t.resolution)})`,
    ),
    check(
      "whistles_withdrawn_has_reason",
      sql`(${t.status} = 'withdrawn') = (${t.withdrawnAt} is not null) and (${t.status} <> 'withdrawn' or (${t.withdrawReason} is not null and ${nonBlank(t.withdrawReason)}))`,
    ),
    check("whistles_closed_has_time", sql`(${t.status} = 'closed') = (${t.closedAt} is not null)`),
  ],
);

/**
 * 报到 — one summoned unit of a whistle: its deadlines, what it did when, a refusal's reason, whether it
 * was late (set when it acted late, or by the escalation job), and its escalation to the district (once).
 */
export const whistleSummons = pgTable(
  "whistle_summons",
  {
    id: pk(),
    whistleId: uuid("whistle_id")
      .notNull()
      .references(() => whistles.id, { onDelete: "cascade" }),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => handlingUnits.id, { onDelete: "restrict" }),
    status: summonsStatus("status").notNull().default("summoned"),
    summonedAtLevel: whistleLevel("summoned_at_level").notNull(),
    summonedAt: timestamp("summoned_at", { withTimezone: true }).notNull(),
    acknowledgeBy: timestamp("acknowledge_by", { withTimezone: true }).notNull(),
    reportBy: timestamp("report_by", { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    reportedAt: timestamp("reported_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    refusedAt: timestamp("refused_at", { withTimezone: true }),
    refusalReason: text("refusal_reason"),
    result: text("result"),
    lateAcknowledge: boolean("late_acknowledge").notNull().default(false),
    lateReport: boolean("late_report").notNull().default(false),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    escalationReason: summonsEscalationReason("escalation_reason"),
    summonedById: uuid("summoned_by").references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("whistle_summons_whistle_unit_uq").on(t.whistleId, t.unitId),
    // a unit's inbox
    index("whistle_summons_unit_idx").on(t.unitId, t.status, t.whistleId),
    // the escalation job's candidates: not yet escalated, by deadline
    index("whistle_summons_unescalated_idx")
      .on(t.acknowledgeBy, t.reportBy)
      .where(sql`${t.escalatedAt} is null`),
    check(
      "whistle_summons_deadlines",
      sql`${t.acknowledgeBy} > ${t.summonedAt} and ${t.reportBy} >= ${t.acknowledgeBy}`,
    ),
    check(
      "whistle_summons_refused_has_reason",
      sql`${t.status} <> 'refused' or (${t.refusalReason} is not null and ${nonBlank(t.refusalReason)} and ${t.refusedAt} is not null)`,
    ),
    check(
      "whistle_summons_finished_has_result",
      sql`${t.status} <> 'finished' or (${t.result} is not null and ${nonBlank(t.result)} and ${t.finishedAt} is not null)`,
    ),
    check(
      "whistle_summons_order",
      sql`(${t.acknowledgedAt} is null or ${t.acknowledgedAt} >= ${t.summonedAt})
        and (${t.reportedAt} is null or (${t.acknowledgedAt} is not null and ${t.reportedAt} >= ${t.acknowledgedAt}))
        and (${t.finishedAt} is null or (${t.reportedAt} is not null and ${t.finishedAt} >= ${t.reportedAt}))`,
    ),
    check(
      "whistle_summons_escalation_complete",
      sql`(${t.escalatedAt} is null) = (${t.escalationReason} is null)`,
    ),
  ],
);

/**
 * 到场报到 — a unit's on-site report (one per summons): when it arrived, who came, the evidence (photo or
 * document ids), the place, what it will do and by when.
 */
export const whistleReports = pgTable(
  "whistle_reports",
  {
    id: pk(),
    summonsId: uuid("summons_id")
      .notNull()
      .unique()
      .references(() => whistleSummons.id, { onDelete: "cascade" }),
    whistleId: uuid("whistle_id")
      .notNull()
      .references(() => whistles.id, { onDelete: "cascade" }),
    arrivedAt: timestamp("arrived_at", { withTimezone: true }).notNull(),
    reportedAt: timestamp("reported_at", { withTimezone: true }).notNull(),
    people: jsonb("people").$type<string[]>().notNull(),
    evidenceIds: jsonb("evidence_ids").$type<string[]>().notNull(),
    compoundId: uuid("compound_id").references(() => compounds.id, { onDelete: "restrict" }),
    buildingId: uuid("building_id").references(() => buildings.id, { onDelete: "restrict" }),
    lat: doublePrecision("lat"),
    lng: doublePrecision("lng"),
    address: text("address").notNull().default(""),
    plan: text("plan").notNull(),
    plannedFinishOn: date("planned_finish_on", { mode: "string" }).notNull(),
    reportedById: uuid("reported_by").references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    index("whistle_reports_whistle_idx").on(t.whistleId),
    check("whistle_reports_reported_after_arrival", sql`${t.reportedAt} >= ${t.arrivedAt}`),
    check(
      "whistle_reports_people",
      sql`jsonb_typeof(${t.people}) = 'array' and jsonb_array_length(${t.people}) between 1 and 50`,
    ),
    check(
      "whistle_reports_evidence",
      sql`jsonb_typeof(${t.evidenceIds}) = 'array' and jsonb_array_length(${t.evidenceIds}) between 1 and 20`,
    ),
    check("whistle_reports_plan_nonblank", nonBlank(t.plan)),
    check(
      "whistle_reports_place",
      sql`${t.compoundId} is not null or (${t.lat} is not null and ${t.lng} is not null)`,
    ),
  ],
);

/**
 * 信息留痕 — every step of a whistle and its summonses: transitions, summonses added, escalations,
 * ratings, notes. `system_key` (unique per whistle) makes a scheduler step happen exactly once.
 */
export const whistleEvents = pgTable(
  "whistle_events",
  {
    id: pk(),
    whistleId: uuid("whistle_id")
      .notNull()
      .references(() => whistles.id, { onDelete: "cascade" }),
    summonsId: uuid("summons_id").references(() => whistleSummons.id, { onDelete: "cascade" }),
    kind: whistleEventKind("kind").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    actor: whistleActor("actor").notNull(),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    unitId: uuid("unit_id").references(() => handlingUnits.id, { onDelete: "restrict" }),
    note: text("note"),
    reason: text("reason"),
    systemKey: text("system_key"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** Insertion order: the trace in the order things were recorded (several share one instant). */
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity().notNull(),
  },
  (t) => [
    index("whistle_events_whistle_at_idx").on(t.whistleId, t.at),
    uniqueIndex("whistle_events_system_key_uq")
      .on(t.whistleId, t.systemKey)
      .where(sql`${t.systemKey} is not null`),
    check(
      "whistle_events_transition_has_status",
      sql`${t.kind} not in ('transition', 'summons_transition') or ${t.toStatus} is not null`,
    ),
    check(
      "whistle_events_summons_kinds_have_summons",
      sql`${t.kind} not in ('summons_added', 'summons_transition', 'summons_escalated', 'street_rating') or ${t.summonsId} is not null`,
    ),
  ],
);

/**
 * 双考核 ratings: the street's rating of one summoned unit (及时性, 实效, once per summons), and a
 * resident's rating of the result (once per resident and whistle).
 */
export const whistleRatings = pgTable(
  "whistle_ratings",
  {
    id: pk(),
    whistleId: uuid("whistle_id")
      .notNull()
      .references(() => whistles.id, { onDelete: "cascade" }),
    kind: whistleRatingKind("kind").notNull(),
    summonsId: uuid("summons_id").references(() => whistleSummons.id, { onDelete: "cascade" }),
    unitId: uuid("unit_id").references(() => handlingUnits.id, { onDelete: "restrict" }),
    timeliness: integer("timeliness"),
    effect: integer("effect"),
    score: integer("score"),
    comment: text("comment"),
    ratedById: uuid("rated_by")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    ratedAt: timestamp("rated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("whistle_ratings_street_uq").on(t.summonsId).where(sql`${t.kind} = 'street'`),
    uniqueIndex("whistle_ratings_resident_uq")
      .on(t.whistleId, t.ratedById)
      .where(sql`${t.kind} = 'resident'`),
    index("whistle_ratings_whistle_idx").on(t.whistleId, t.kind),
    check(
      "whistle_ratings_shape",
      sql`(${t.kind} = 'street' and ${t.summonsId} is not null and ${t.unitId} is not null
            and ${t.timeliness} between 1 and 5 and ${t.effect} between 1 and 5 and ${t.score} is null)
       or (${t.kind} = 'resident' and ${t.summonsId} is null and ${t.unitId} is null
            and ${t.timeliness} is null and ${t.effect} is null and ${t.score} between 1 and 5)`,
    ),
    check("whistle_ratings_comment_length", sql`${t.comment} is null or length(${t.comment}) <= 1000`),
  ],
);

/**
 * 双考核 formulas — versioned weights (basis points, adding up to 10 000) of core's `rateDepartments`,
 * like the hotline `rate_formulas`; the one valid on a month's first day rates that month.
 */
export const whistleAssessmentFormulas = pgTable(
  "whistle_assessment_formulas",
  {
    id: pk(),
    version: text("version").notNull().unique(),
    name: text("name").notNull(),
    validFrom: date("valid_from", { mode: "string" }).notNull(),
    validTo: date("valid_to", { mode: "string" }),
    weightAcknowledgeOnTime: integer("weight_acknowledge_on_time").notNull(),
    weightReportOnTime: integer("weight_report_on_time").notNull(),
    weightStreetTimeliness: integer("weight_street_timeliness").notNull(),
    weightStreetEffect: integer("weight_street_effect").notNull(),
    weightResident: integer("weight_resident").notNull(),
    source: text("source"),
    createdById: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      "whistle_assessment_formulas_weights_range",
      sql`least(${t.weightAcknowledgeOnTime}, ${t.weightReportOnTime}, ${t.weightStreetTimeliness}, ${t.weightStreetEffect}, ${t.weightResident}) >= 0
        and greatest(${t.weightAcknowledgeOnTime}, ${t.weightReportOnTime}, ${t.weightStreetTimeliness}, ${t.weightStreetEffect}, ${t.weightResident}) <= 10000`,
    ),
    check(
      "whistle_assessment_formulas_weights_sum",
      sql`${t.weightAcknowledgeOnTime} + ${t.weightReportOnTime} + ${t.weightStreetTimeliness} + ${t.weightStreetEffect} + ${t.weightResident} = 10000`,
    ),
    check(
      "whistle_assessment_formulas_valid_range",
      sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`,
    ),
  ],
);
