/**
 * 接诉即办 (12345) — DOMAIN.md §9, core's `model/hotline.ts`. Handling units, the category tree, the
 * dispatch catalogue, the working calendar (correctable rows), work orders with their events,
 * co-handlers, callbacks, extensions and photo metadata, versioned rate formulas, and the 主动治理
 * plans with their tasks. Integrity lives here: foreign keys, checks and unique constraints.
 */
import { hotlineRateExclusions } from "@gongzhi/core";
import { type SQL, sql } from "drizzle-orm";
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
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./account.ts";
import { bytea, pk, timestamps } from "./columns.ts";
import {
  calendarDayKind,
  calendarDaySource,
  calendarYearStatus,
  callbackSatisfaction,
  extensionStatus,
  governancePlanStatus,
  handlingUnitKind,
  handlingUnitTier,
  hotlineAreaKind,
  planTaskStatus,
  timeLimitKind,
  workOrderActor,
  workOrderChannel,
  workOrderEventKind,
  workOrderStatus,
  workOrderType,
} from "./enums.ts";
import { ledgerItems } from "./ledger.ts";
import { buildings, communities, compounds, districts, grids, subdistricts } from "./registry.ts";

const nonBlank = (c: AnyPgColumn): SQL => sql`length(btrim(${c})) > 0`;

/**
 * 承办单位 — a street/town office, a district department, a police station, a utility, a property
 * company. Its scope is the whole district or one 街道/乡镇 (`subdistrict_id` set exactly then).
 */
export const handlingUnits = pgTable(
  "handling_units",
  {
    id: pk(),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    kind: handlingUnitKind("kind").notNull(),
    tier: handlingUnitTier("tier").notNull(),
    areaKind: hotlineAreaKind("area_kind").notNull(),
    districtId: uuid("district_id")
      .notNull()
      .references(() => districts.id, { onDelete: "restrict" }),
    subdistrictId: uuid("subdistrict_id").references(() => subdistricts.id, { onDelete: "restrict" }),
    active: boolean("active").notNull().default(true),
    ...timestamps,
  },
  (t) => [
    index("handling_units_district_idx").on(t.districtId, t.tier),
    index("handling_units_subdistrict_idx").on(t.subdistrictId),
    check("handling_units_name_nonblank", nonBlank(t.name)),
    check(
      "handling_units_scope_matches_kind",
      sql`(${t.areaKind} = 'subdistrict') = (${t.subdistrictId} is not null)`,
    ),
  ],
);

/** 诉求分类 — the category tree, each node with the default time limit of its orders. */
export const requestCategories = pgTable(
  "request_categories",
  {
    id: pk(),
    parentId: uuid("parent_id").references((): AnyPgColumn => requestCategories.id, {
      onDelete: "restrict",
    }),
    code: text("code").notNull().unique(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    limitKind: timeLimitKind("limit_kind").notNull(),
    limitAmount: integer("limit_amount").notNull(),
    /** 24/7 (条例 Art. 19): water, power, gas, heating — limits in natural hours. */
    allHours: boolean("all_hours").notNull().default(false),
    active: boolean("active").notNull().default(true),
    ...timestamps,
  },
  (t) => [
    index("request_categories_parent_idx").on(t.parentId),
    check("request_categories_not_own_parent", sql`${t.parentId} is distinct from ${t.id}`),
    check("request_categories_limit_range", sql`${t.limitAmount} between 0 and 10000`),
    check(
      "request_categories_all_hours_in_hours",
      sql`not ${t.allHours} or ${t.limitKind} = 'natural_hours'`,
    ),
  ],
);

/** The zero UUID stands for "no subdistrict / no community" in the dispatch catalogue's unique key. */
const NO_ID = sql`'00000000-0000-0000-0000-000000000000'::uuid`;

/**
 * 派单目录 — orders of a category in an area go to a unit. The area is the district, a 街道/乡镇, or one
 * community (the most specific wins). One current rule (valid_to null) per category and area.
 */
export const dispatchRules = pgTable(
  "dispatch_rules",
  {
    id: pk(),
    categoryId: uuid("category_id")
      .notNull()
      .references(() => requestCategories.id, { onDelete: "cascade" }),
    districtId: uuid("district_id")
      .notNull()
      .references(() => districts.id, { onDelete: "restrict" }),
    subdistrictId: uuid("subdistrict_id").references(() => subdistricts.id, { onDelete: "restrict" }),
    communityId: uuid("community_id").references(() => communities.id, { onDelete: "restrict" }),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => handlingUnits.id, { onDelete: "restrict" }),
    validFrom: date("valid_from", { mode: "string" }).notNull().default(sql`current_date`),
    validTo: date("valid_to", { mode: "string" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("dispatch_rules_one_current_per_area_uq")
      .on(
        t.categoryId,
        t.districtId,
        sql`coalesce(${t.subdistrictId}, ${NO_ID})`,
        sql`coalesce(${t.communityId}, ${NO_ID})`,
      )
      .where(sql`${t.validTo} is null`),
    index("dispatch_rules_unit_idx").on(t.unitId),
    check(
      "dispatch_rules_community_in_subdistrict",
      sql`${t.communityId} is null or ${t.subdistrictId} is not null`,
    ),
    check("dispatch_rules_valid_range", sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
);

/**
 * The calendar years known to the database (ADR 0016): `official` once its holidays and 调休 are
 * loaded (from chinese-days, or entered by staff), `provisional` while no source has it yet — timed as
 * plain Mon–Fri until the loader (or a person) fills it in.
 */
export const calendarYears = pgTable(
  "calendar_years",
  {
    year: integer("year").primaryKey(),
    status: calendarYearStatus("status").notNull(),
    source: calendarDaySource("source").notNull(),
    /** The chinese-days version the year was loaded from (null for staff-entered or provisional years). */
    packageVersion: text("package_version"),
    loadedAt: timestamp("loaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("calendar_years_range", sql`${t.year} between 1949 and 2200`)],
);

/**
 * 法定节假日 / 调休 — the days that differ from Mon–Fri (ADR 0014). Loaded from chinese-days; a staff
 * correction (`source = 'staff'`, with who and when) is never overwritten by the loader.
 */
export const calendarDays = pgTable(
  "calendar_days",
  {
    date: date("date", { mode: "string" }).primaryKey(),
    kind: calendarDayKind("kind").notNull(),
    name: text("name").notNull(),
    source: calendarDaySource("source").notNull(),
    editedById: uuid("edited_by").references(() => users.id, { onDelete: "set null" }),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    check(
      "calendar_days_make_up_on_weekend",
      sql`${t.kind} <> 'make_up_workday' or extract(isodow from ${t.date}) in (6, 7)`,
    ),
    check("calendar_days_staff_edit_recorded", sql`(${t.source} = 'staff') = (${t.editedAt} is not null)`),
  ],
);

/**
 * 工单 — a work order. `requester_name` / `requester_phone` are personal data (masked outside the
 * handling screen). `assigned_unit_id` is where it sits now; `lead_unit_id` (首接负责) the first unit
 * that accepted it. The order carries its own limit (条例 Art. 13) and its computed `due_at`.
 */
export const workOrders = pgTable(
  "work_orders",
  {
    id: pk(),
    number: text("number").notNull().unique(),
    /**
     * The number the order carries on the channel it came from (the 12345 platform's 工单编号 of an
     * imported export): unique per channel, so importing one export twice files nothing twice.
     */
    externalNumber: text("external_number"),
    type: workOrderType("type").notNull(),
    channel: workOrderChannel("channel").notNull(),
    requesterName: text("requester_name"),
    requesterPhone: text("requester_phone"),
    /** The signed-in resident who filed it in the portal (null for phone calls): their "my orders". */
    requesterUserId: uuid("requester_user_id").references(() => users.id, { onDelete: "set null" }),
    districtId: uuid("district_id")
      .notNull()
      .references(() => districts.id, { onDelete: "restrict" }),
    subdistrictId: uuid("subdistrict_id").references(() => subdistricts.id, { onDelete: "restrict" }),
    communityId: uuid("community_id").references(() => communities.id, { onDelete: "restrict" }),
    compoundId: uuid("compound_id").references(() => compounds.id, { onDelete: "restrict" }),
    buildingId: uuid("building_id").references(() => buildings.id, { onDelete: "restrict" }),
    lat: doublePrecision("lat"),
    lng: doublePrecision("lng"),
    /** 落格: the grid its point (or its compound's) lies in, set on filing by the grid index. */
    gridId: uuid("grid_id").references(() => grids.id, { onDelete: "set null" }),
    address: text("address").notNull().default(""),
    text: text("text").notNull(),
    categoryId: uuid("category_id")
      .notNull()
      .references(() => requestCategories.id, { onDelete: "restrict" }),
    status: workOrderStatus("status").notNull().default("received"),
    limitKind: timeLimitKind("limit_kind").notNull(),
    limitAmount: integer("limit_amount").notNull(),
    assignedUnitId: uuid("assigned_unit_id").references(() => handlingUnits.id, { onDelete: "restrict" }),
    leadUnitId: uuid("lead_unit_id").references(() => handlingUnits.id, { onDelete: "restrict" }),
    mergedIntoId: uuid("merged_into_id").references((): AnyPgColumn => workOrders.id, {
      onDelete: "restrict",
    }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    dispatchedAt: timestamp("dispatched_at", { withTimezone: true }),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    returnCount: integer("return_count").notNull().default(0),
    reopenCount: integer("reopen_count").notNull().default(0),
    ...timestamps,
  },
  (t) => [
    // a unit's inbox: its open orders by status, soonest due first (keyset on due_at, id)
    index("work_orders_inbox_idx").on(t.assignedUnitId, t.status, t.dueAt, t.id),
    index("work_orders_lead_unit_idx").on(t.leadUnitId, t.receivedAt),
    index("work_orders_subdistrict_received_idx").on(t.subdistrictId, t.receivedAt),
    index("work_orders_community_received_idx").on(t.communityId, t.receivedAt),
    index("work_orders_category_received_idx").on(t.categoryId, t.receivedAt),
    index("work_orders_compound_received_idx").on(t.compoundId, t.receivedAt),
    index("work_orders_building_idx").on(t.buildingId),
    index("work_orders_grid_received_idx").on(t.gridId, t.receivedAt),
    index("work_orders_received_idx").on(t.receivedAt),
    // The district's daily and monthly reports read a period's orders by these columns only: with them
    // all in the index (trailing keys — drizzle has no INCLUDE) each figure is an index-only scan
    // (packages/api/bench/hotline-scale.ts: ≈240 → ≈50 ms per figure over 1,000,000 orders).
    index("work_orders_district_received_idx").on(
      t.districtId,
      t.receivedAt,
      t.categoryId,
      t.subdistrictId,
      t.communityId,
      t.compoundId,
      t.buildingId,
      t.assignedUnitId,
      t.leadUnitId,
      t.type,
      t.status,
      t.dueAt,
      t.answeredAt,
      t.closedAt,
    ),
    index("work_orders_merged_into_idx").on(t.mergedIntoId),
    index("work_orders_requester_user_idx").on(t.requesterUserId, t.receivedAt),
    uniqueIndex("work_orders_channel_external_number_uq")
      .on(t.channel, t.externalNumber)
      .where(sql`${t.externalNumber} is not null`),
    check(
      "work_orders_external_number_nonblank",
      sql`${t.externalNumber} is null or (${nonBlank(t.externalNumber)} and length(${t.externalNumber}) <= 64)`,
    ),
    check("work_orders_number_nonblank", nonBlank(t.number)),
    check("work_orders_text_nonblank", nonBlank(t.text)),
    check("work_orders_due_after_received", sql`${t.dueAt} >= ${t.receivedAt}`),
    check("work_orders_limit_range", sql`${t.limitAmount} between 0 and 10000`),
    check(
      "work_orders_point_complete",
      sql`(${t.lat} is null) = (${t.lng} is null) and (${t.lat} is null or (${t.lat} between -90 and 90 and ${t.lng} between -180 and 180))`,
    ),
    check("work_orders_building_has_compound", sql`${t.buildingId} is null or ${t.compoundId} is not null`),
    check("work_orders_compound_has_community", sql`${t.compoundId} is null or ${t.communityId} is not null`),
    check(
      "work_orders_community_has_subdistrict",
      sql`${t.communityId} is null or ${t.subdistrictId} is not null`,
    ),
    check(
      "work_orders_merged_has_target",
      sql`(${t.status} = 'merged') = (${t.mergedIntoId} is not null) and ${t.mergedIntoId} is distinct from ${t.id}`,
    ),
    check("work_orders_counts_nonnegative", sql`${t.returnCount} >= 0 and ${t.reopenCount} >= 0`),
    check(
      "work_orders_phone_format",
      sql`${t.requesterPhone} is null or ${t.requesterPhone} ~ '^1[3-9][0-9]{9}$'`,
    ),
  ],
);

/**
 * Open311 GeoReport v2 API keys (ADR 0019): each bound to a district and to the channel its requests
 * are filed under. Only SHA-256 of the secret is stored (like sessions, ADR 0003); a revoked key stays
 * for the record.
 */
export const open311ApiKeys = pgTable(
  "open311_api_keys",
  {
    /** The public half of the key `id.secret`. */
    id: text("id").primaryKey(),
    secretHash: bytea("secret_hash").notNull(),
    label: text("label").notNull(),
    districtId: uuid("district_id")
      .notNull()
      .references(() => districts.id, { onDelete: "restrict" }),
    channel: workOrderChannel("channel").notNull().default("open311"),
    createdById: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    index("open311_api_keys_district_idx").on(t.districtId),
    check("open311_api_keys_label_nonblank", nonBlank(t.label)),
    check("open311_api_keys_channel", sql`${t.channel} in ('open311', 'district_app', 'other')`),
  ],
);

/**
 * What an Open311 client sent with a request (GeoReport v2 POST) beyond the work order: its key, the
 * token it may poll, the requester's e-mail (personal data, never in GET output) and media URL.
 */
export const open311Requests = pgTable(
  "open311_requests",
  {
    workOrderId: uuid("work_order_id")
      .primaryKey()
      .references(() => workOrders.id, { onDelete: "cascade" }),
    apiKeyId: text("api_key_id")
      .notNull()
      .references(() => open311ApiKeys.id, { onDelete: "restrict" }),
    token: uuid("token").notNull().unique().defaultRandom(),
    email: text("email"),
    mediaUrl: text("media_url"),
    /** The device id the client gave (`device_id`), if any. */
    deviceId: text("device_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("open311_requests_key_idx").on(t.apiKeyId, t.createdAt),
    check("open311_requests_email_length", sql`${t.email} is null or length(${t.email}) <= 254`),
    check(
      "open311_requests_media_url",
      sql`${t.mediaUrl} is null or (${t.mediaUrl} ~ '^https?://' and length(${t.mediaUrl}) <= 2000)`,
    ),
  ],
);

/** 工单流转记录 — every transition (with from/to) and every note, contact, extension and reminder. */
export const workOrderEvents = pgTable(
  "work_order_events",
  {
    id: pk(),
    workOrderId: uuid("work_order_id")
      .notNull()
      .references(() => workOrders.id, { onDelete: "cascade" }),
    kind: workOrderEventKind("kind").notNull(),
    fromStatus: workOrderStatus("from_status"),
    toStatus: workOrderStatus("to_status"),
    actor: workOrderActor("actor").notNull(),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    unitId: uuid("unit_id").references(() => handlingUnits.id, { onDelete: "restrict" }),
    note: text("note"),
    reason: text("reason"),
    /**
     * What a system event is about (`time_used:50`, `time_used:80`, `overdue`, `callback_due:<round>`):
     * unique per order, so a job records (and notifies) each exactly once, across restarts and servers.
     */
    systemKey: text("system_key"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("work_order_events_order_at_idx").on(t.workOrderId, t.at),
    uniqueIndex("work_order_events_system_key_uq")
      .on(t.workOrderId, t.systemKey)
      .where(sql`${t.systemKey} is not null`),
    check(
      "work_order_events_transition_has_statuses",
      sql`(${t.kind} = 'transition') = (${t.fromStatus} is not null and ${t.toStatus} is not null)`,
    ),
    check(
      "work_order_events_return_has_reason",
      sql`${t.toStatus} is distinct from 'returned' or (${t.reason} is not null and ${nonBlank(t.reason)})`,
    ),
  ],
);

/** 协办 — units the lead unit added to an order. */
export const workOrderCoHandlers = pgTable(
  "work_order_co_handlers",
  {
    workOrderId: uuid("work_order_id")
      .notNull()
      .references(() => workOrders.id, { onDelete: "cascade" }),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => handlingUnits.id, { onDelete: "restrict" }),
    addedById: uuid("added_by").references(() => users.id, { onDelete: "set null" }),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workOrderId, t.unitId] }),
    index("work_order_co_handlers_unit_idx").on(t.unitId),
  ],
);

/**
 * 回访 — one callback per order per round (round 1 after the first 办结, round n+1 after each 重办).
 * An invalid callback carries its reason.
 */
export const workOrderCallbacks = pgTable(
  "work_order_callbacks",
  {
    id: pk(),
    workOrderId: uuid("work_order_id")
      .notNull()
      .references(() => workOrders.id, { onDelete: "cascade" }),
    round: integer("round").notNull(),
    contacted: boolean("contacted").notNull(),
    solved: boolean("solved").notNull(),
    satisfaction: callbackSatisfaction("satisfaction").notNull(),
    valid: boolean("valid").notNull().default(true),
    invalidReason: text("invalid_reason"),
    callerUserId: uuid("caller_user_id").references(() => users.id, { onDelete: "set null" }),
    at: timestamp("at", { withTimezone: true }).notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("work_order_callbacks_order_round_uq").on(t.workOrderId, t.round),
    index("work_order_callbacks_at_idx").on(t.at),
    check("work_order_callbacks_round_positive", sql`${t.round} >= 1`),
    check(
      "work_order_callbacks_invalid_has_reason",
      sql`${t.valid} or (${t.invalidReason} is not null and ${nonBlank(t.invalidReason)})`,
    ),
  ],
);

/** 延期申请 — only an approved request extends the limit; at most one pending request per order. */
export const workOrderExtensions = pgTable(
  "work_order_extensions",
  {
    id: pk(),
    workOrderId: uuid("work_order_id")
      .notNull()
      .references(() => workOrders.id, { onDelete: "cascade" }),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => handlingUnits.id, { onDelete: "restrict" }),
    reason: text("reason").notNull(),
    extensionKind: timeLimitKind("extension_kind").notNull(),
    extensionAmount: integer("extension_amount").notNull(),
    status: extensionStatus("status").notNull().default("pending"),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decidedById: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decisionNote: text("decision_note"),
    ...timestamps,
  },
  (t) => [
    index("work_order_extensions_order_idx").on(t.workOrderId),
    uniqueIndex("work_order_extensions_one_pending_uq").on(t.workOrderId).where(sql`${t.status} = 'pending'`),
    check("work_order_extensions_reason_nonblank", nonBlank(t.reason)),
    check("work_order_extensions_adds_time", sql`${t.extensionAmount} between 1 and 10000`),
    check(
      "work_order_extensions_decided_has_time",
      sql`(${t.status} = 'pending') = (${t.decidedAt} is null) and (${t.decidedAt} is null or ${t.decidedAt} >= ${t.requestedAt})`,
    ),
  ],
);

/** Photo metadata of an order: the files live on disk (`file_path`), checked by their sha256. */
export const workOrderPhotos = pgTable(
  "work_order_photos",
  {
    id: pk(),
    workOrderId: uuid("work_order_id")
      .notNull()
      .references(() => workOrders.id, { onDelete: "cascade" }),
    filePath: text("file_path").notNull().unique(),
    byteSize: bigint("byte_size", { mode: "number" }).notNull(),
    contentType: text("content_type").notNull(),
    sha256: text("sha256").notNull(),
    uploadedById: uuid("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("work_order_photos_order_sha256_uq").on(t.workOrderId, t.sha256),
    check("work_order_photos_size", sql`${t.byteSize} between 1 and 20971520`),
    check(
      "work_order_photos_type",
      sql`${t.contentType} in ('image/jpeg', 'image/png', 'image/webp', 'image/heic')`,
    ),
    check("work_order_photos_sha256", sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check("work_order_photos_path_relative", sql`${t.filePath} !~ '(^/|\\.\\.)' and ${nonBlank(t.filePath)}`),
  ],
);

const exclusionVocabulary = sql.raw(`'${JSON.stringify(hotlineRateExclusions)}'::jsonb`);

/**
 * 考评公式 — versioned rate formulas (ADR 0014): weights and the 基本满意 factor in basis points
 * (10 000 = 1), the weights adding up to 10 000; exclusions from core's vocabulary.
 */
export const rateFormulas = pgTable(
  "rate_formulas",
  {
    id: pk(),
    version: text("version").notNull().unique(),
    name: text("name").notNull(),
    validFrom: date("valid_from", { mode: "string" }).notNull(),
    validTo: date("valid_to", { mode: "string" }),
    weightResponse: integer("weight_response").notNull(),
    weightResolution: integer("weight_resolution").notNull(),
    weightSatisfaction: integer("weight_satisfaction").notNull(),
    basicallySatisfiedFactor: integer("basically_satisfied_factor").notNull(),
    exclusions: jsonb("exclusions").$type<string[]>().notNull().default([]),
    source: text("source"),
    createdById: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      "rate_formulas_weights_range",
      sql`${t.weightResponse} between 0 and 10000 and ${t.weightResolution} between 0 and 10000 and ${t.weightSatisfaction} between 0 and 10000 and ${t.basicallySatisfiedFactor} between 0 and 10000`,
    ),
    check(
      "rate_formulas_weights_sum",
      sql`${t.weightResponse} + ${t.weightResolution} + ${t.weightSatisfaction} = 10000`,
    ),
    check(
      "rate_formulas_exclusions_known",
      sql`jsonb_typeof(${t.exclusions}) = 'array' and ${t.exclusions} <@ ${exclusionVocabulary}`,
    ),
    check("rate_formulas_valid_range", sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
);

/** 专项治理方案 — a plan of 主动治理 drawn from concentrated requests on some themes. */
export const governancePlans = pgTable(
  "governance_plans",
  {
    id: pk(),
    title: text("title").notNull(),
    ownerUnitId: uuid("owner_unit_id")
      .notNull()
      .references(() => handlingUnits.id, { onDelete: "restrict" }),
    status: governancePlanStatus("status").notNull().default("draft"),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    description: text("description").notNull().default(""),
    ...timestamps,
  },
  (t) => [
    index("governance_plans_owner_idx").on(t.ownerUnitId),
    check("governance_plans_title_nonblank", nonBlank(t.title)),
    check("governance_plans_dates", sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);

/** The themes (categories) of a plan. */
export const governancePlanThemes = pgTable(
  "governance_plan_themes",
  {
    planId: uuid("plan_id")
      .notNull()
      .references(() => governancePlans.id, { onDelete: "cascade" }),
    categoryId: uuid("category_id")
      .notNull()
      .references(() => requestCategories.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.planId, t.categoryId] })],
);

/** The areas of a plan: a whole district (subdistrict null) or one 街道/乡镇. */
export const governancePlanAreas = pgTable(
  "governance_plan_areas",
  {
    id: pk(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => governancePlans.id, { onDelete: "cascade" }),
    districtId: uuid("district_id")
      .notNull()
      .references(() => districts.id, { onDelete: "restrict" }),
    subdistrictId: uuid("subdistrict_id").references(() => subdistricts.id, { onDelete: "restrict" }),
  },
  (t) => [
    uniqueIndex("governance_plan_areas_uq").on(
      t.planId,
      t.districtId,
      sql`coalesce(${t.subdistrictId}, ${NO_ID})`,
    ),
  ],
);

/** 主动治理任务 — a task of a plan with its owner unit and deadline; a done task has its date. */
export const planTasks = pgTable(
  "plan_tasks",
  {
    id: pk(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => governancePlans.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    ownerUnitId: uuid("owner_unit_id")
      .notNull()
      .references(() => handlingUnits.id, { onDelete: "restrict" }),
    deadline: date("deadline", { mode: "string" }).notNull(),
    status: planTaskStatus("status").notNull().default("open"),
    doneOn: date("done_on", { mode: "string" }),
    ...timestamps,
  },
  (t) => [
    index("plan_tasks_plan_idx").on(t.planId),
    index("plan_tasks_owner_idx").on(t.ownerUnitId, t.status),
    check("plan_tasks_title_nonblank", nonBlank(t.title)),
    check("plan_tasks_done_has_date", sql`(${t.status} = 'done') = (${t.doneOn} is not null)`),
  ],
);

/**
 * A district's settings of the 接诉即办 analysis: how many communities the 治理类 rule takes (DOMAIN.md
 * §9: the bottom N by 综合成绩 and the top M by volume; the seed's district uses 5 and 30). One row per
 * district; a district without a row uses the defaults.
 */
export const hotlineDistrictSettings = pgTable(
  "hotline_district_settings",
  {
    districtId: uuid("district_id")
      .primaryKey()
      .references(() => districts.id, { onDelete: "cascade" }),
    governanceBottomN: integer("governance_bottom_n").notNull().default(5),
    governanceTopM: integer("governance_top_m").notNull().default(30),
    updatedById: uuid("updated_by_id").references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    check("hotline_district_settings_bottom_n", sql`${t.governanceBottomN} between 0 and 1000`),
    check("hotline_district_settings_top_m", sql`${t.governanceTopM} between 0 and 1000`),
  ],
);

/**
 * The remediation ledger (整改台账, DOMAIN.md §6) opened for a 治理类 community of one month: at most one
 * per community and month, so opening the month's ledgers twice opens nothing new.
 */
export const governanceCommunityLedgers = pgTable(
  "governance_community_ledgers",
  {
    id: pk(),
    districtId: uuid("district_id")
      .notNull()
      .references(() => districts.id, { onDelete: "restrict" }),
    /** The report month, "YYYY-MM". */
    month: text("month").notNull(),
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "restrict" }),
    ledgerItemId: uuid("ledger_item_id")
      .notNull()
      .unique()
      .references(() => ledgerItems.id, { onDelete: "cascade" }),
    /** Why the rule took it: [{ kind: "bottom_score" | "top_volume", position, … }]. */
    reasons: jsonb("reasons").notNull(),
    openedById: uuid("opened_by_id").references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("governance_community_ledgers_month_uq").on(t.communityId, t.month),
    index("governance_community_ledgers_district_idx").on(t.districtId, t.month),
    check("governance_community_ledgers_month", sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
  ],
);
