/**
 * 接诉即办 (12345) — residents' requests as work orders (DOMAIN.md §9; 北京市接诉即办工作条例,
 * 2021-09-24). The rules over these entities live in `rules/work-order-lifecycle.ts`,
 * `rules/time-limits.ts` and `rules/hotline-rates.ts`.
 */
import { z } from "zod";
import {
  code,
  id,
  isoDate,
  mainlandMobile,
  name,
  sensitive,
  storableString,
  text,
  timestamps,
} from "./common.ts";
import {
  calendarDayKinds,
  callbackSatisfactions,
  extensionStatuses,
  governancePlanStatuses,
  handlingUnitKinds,
  handlingUnitTiers,
  hotlineAreaKinds,
  hotlineRateExclusions,
  planTaskStatuses,
  timeLimitKinds,
  workOrderActors,
  workOrderEventKinds,
  workOrderStatuses,
  workOrderTypes,
} from "./enums.ts";

/** An area a unit serves or a dispatch rule applies to: a whole 区 or one 街道/乡镇. */
export const hotlineArea = z.object({ kind: z.enum(hotlineAreaKinds), id });
export type HotlineArea = z.infer<typeof hotlineArea>;

/**
 * 承办单位 — a unit that handles work orders: a street or town office, a district department, a police
 * station, a utility, a property company. `tier` decides which ranking it appears in (条例 Art. 32).
 */
export const handlingUnit = z.object({
  id,
  kind: z.enum(handlingUnitKinds),
  code,
  name: name(200),
  tier: z.enum(handlingUnitTiers),
  area: hotlineArea,
  active: z.boolean(),
  ...timestamps,
});
export type HandlingUnit = z.infer<typeof handlingUnit>;

/**
 * A time limit (办理时限): N working days (工作日, the official calendar with 调休) or N natural hours
 * (24/7). 0 working days means "the same day" (当日). 条例 Art. 13: each order carries its own limit.
 */
export const timeLimit = z.object({
  kind: z.enum(timeLimitKinds),
  amount: z.number().int().min(0).max(10_000),
});
export type TimeLimit = z.infer<typeof timeLimit>;

/**
 * A category's code: dotted by level, as the city's catalogue writes it (01 › 01.02 › 01.02.03), so
 * letters, digits, -, _ and dots.
 */
export const categoryCode = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z_-]+(\.[0-9A-Za-z_-]+)*$/, "expected a code of letters, digits, -, _ and dots")
  .max(40);

/**
 * 诉求分类 — a node of the category tree (e.g. 城乡建设 › 供暖 › 室温不达标). Each node carries the default
 * time limit of orders filed under it; `allHours` marks the 24/7 services of 条例 Art. 19 (water, power,
 * gas, heating), whose limits are natural hours whatever the calendar says.
 */
export const requestCategory = z
  .object({
    id,
    parentId: id.nullable(),
    code: categoryCode,
    nameZh: name(100),
    nameEn: name(100),
    defaultTimeLimit: timeLimit,
    /** 24/7 (条例 Art. 19): 供水、供电、供气、供热. */
    allHours: z.boolean(),
    active: z.boolean(),
    ...timestamps,
  })
  .refine((c) => c.parentId !== c.id, { message: "a category cannot be its own parent", path: ["parentId"] })
  .refine((c) => !c.allHours || c.defaultTimeLimit.kind === "natural_hours", {
    message: "a 24/7 category (条例 Art. 19) counts its limit in natural hours",
    path: ["defaultTimeLimit"],
  });
export type RequestCategory = z.infer<typeof requestCategory>;

/**
 * 派单目录 — one row of the dispatch catalogue: orders of this category in this area go first to this
 * unit (the street/town is the hub). The most specific area wins: a subdistrict row over a district row.
 */
export const dispatchRule = z.object({
  id,
  categoryId: id,
  area: hotlineArea,
  unitId: id,
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  ...timestamps,
});
export type DispatchRule = z.infer<typeof dispatchRule>;

/** Latitude/longitude in degrees (WGS-84 or GCJ-02 as the source gives it; the place says which). */
const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

/** Where a request is about: a compound (and building) of the registry, or a point on the map. */
export const workOrderPlace = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("compound"),
    compoundId: id,
    buildingId: id.nullable(),
    address: text(300),
  }),
  z.object({
    kind: z.literal("point"),
    lat: latitude,
    lng: longitude,
    datum: z.enum(["wgs84", "gcj02"]),
    address: text(300),
  }),
]);
export type WorkOrderPlace = z.infer<typeof workOrderPlace>;

/**
 * 工单 — a work order. The requester's name and phone are personal data (`sensitive`): masked everywhere
 * but the handling screen. `leadUnitId` is the 首接负责 unit — the first unit that accepted (签收) it —
 * and never changes afterwards; `assignedUnitId` is where it sits now (before acceptance it may be
 * returned and re-dispatched). `dueAt` is computed by `rules/time-limits.ts` from `timeLimit`.
 */
export const workOrder = z.object({
  id,
  /** 工单编号, e.g. 2026021400123 (the platform's number). */
  number: code,
  type: z.enum(workOrderTypes),
  channel: z.enum(["hotline_12345", "web", "district_app", "open311", "other"]),
  requesterName: sensitive(name(50).nullable()),
  requesterPhone: sensitive(mainlandMobile.nullable()),
  place: workOrderPlace,
  /** Subdistrict and community the place falls in, for reports and 治理类 selection. */
  subdistrictId: id.nullable(),
  communityId: id.nullable(),
  text: storableString().trim().min(1).max(5000),
  photoIds: z.array(id).max(20),
  status: z.enum(workOrderStatuses),
  categoryId: id,
  timeLimit,
  assignedUnitId: id.nullable(),
  leadUnitId: id.nullable(),
  coHandlerUnitIds: z.array(id).max(20),
  /** The original this duplicate was merged into (重复件合并). */
  mergedIntoId: id.nullable(),
  receivedAt: z.date(),
  dispatchedAt: z.date().nullable(),
  acceptedAt: z.date().nullable(),
  answeredAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  dueAt: z.date(),
  /** 退单 count, kept on the order for the dispatch-quality report. */
  returnCount: z.number().int().min(0),
  /** 重办 count. */
  reopenCount: z.number().int().min(0),
  ...timestamps,
});
export type WorkOrder = z.infer<typeof workOrder>;

/**
 * One event of a work order's history (工单流转记录): every status transition (with from/to) and every
 * note, co-handler, contact with the requester, extension and reminder. A 退单 carries its reason.
 */
export const workOrderEvent = z
  .object({
    id,
    workOrderId: id,
    kind: z.enum(workOrderEventKinds),
    fromStatus: z.enum(workOrderStatuses).nullable(),
    toStatus: z.enum(workOrderStatuses).nullable(),
    actor: z.enum(workOrderActors),
    actorUserId: id.nullable(),
    /** The unit acting (or, for a dispatch, the unit dispatched to). */
    unitId: id.nullable(),
    note: text(2000).nullable(),
    reason: text(1000).nullable(),
    at: z.date(),
  })
  .refine((e) => (e.kind === "transition") === (e.fromStatus !== null && e.toStatus !== null), {
    message: "a transition event has from and to statuses, other events have none",
    path: ["toStatus"],
  })
  .refine((e) => e.toStatus !== "returned" || (e.reason !== null && e.reason.length > 0), {
    message: "a return (退单) needs its reason",
    path: ["reason"],
  });
export type WorkOrderEvent = z.infer<typeof workOrderEvent>;

/**
 * 回访 — the callback to the requester after 办结: did the unit contact you (响应), is it solved (解决),
 * are you satisfied (满意 / 基本满意 / 不满意). `valid: false` marks an invalid callback (unreachable,
 * refused, or judged invalid on review) with its reason; a rate formula may exclude those.
 */
export const callback = z
  .object({
    id,
    workOrderId: id,
    contacted: z.boolean(),
    solved: z.boolean(),
    satisfaction: z.enum(callbackSatisfactions),
    valid: z.boolean(),
    invalidReason: text(500).nullable(),
    at: z.date(),
    ...timestamps,
  })
  .refine((c) => c.valid || (c.invalidReason !== null && c.invalidReason.length > 0), {
    message: "an invalid callback needs its reason",
    path: ["invalidReason"],
  });
export type Callback = z.infer<typeof callback>;

/**
 * 延期申请 — a unit's request for more time, with its reason. Only an approved request extends the
 * order's limit (by `extension`, counted like the limit itself); a rejected one changes nothing.
 */
export const extensionRequest = z
  .object({
    id,
    workOrderId: id,
    unitId: id,
    reason: storableString().trim().min(1).max(1000),
    extension: timeLimit,
    status: z.enum(extensionStatuses),
    requestedAt: z.date(),
    decidedAt: z.date().nullable(),
    decidedById: id.nullable(),
    decisionNote: text(1000).nullable(),
    ...timestamps,
  })
  .refine((e) => e.extension.amount > 0, { message: "an extension adds time", path: ["extension"] })
  .refine((e) => (e.status === "pending") === (e.decidedAt === null), {
    message: "a decided request has its decision time, a pending one has none",
    path: ["decidedAt"],
  });
export type ExtensionRequest = z.infer<typeof extensionRequest>;

/** A weight or factor in basis points: 10 000 = 1 (0.9 → 9000, 0.4 → 4000). Exact, never a float. */
export const basisPoints = z.number().int().min(0).max(10_000);

/**
 * 考评公式 — a versioned rule for the hotline rates (条例 Art. 32). The city changes it, so each version
 * is data with its weights, the 基本满意 factor and what it excludes, and every computed figure names
 * the version it came from. Weights are basis points and add up to 10 000 (综合成绩 out of 100).
 */
export const rateFormula = z
  .object({
    id,
    version: code,
    name: name(200),
    validFrom: isoDate,
    validTo: isoDate.nullable(),
    weights: z.object({ response: basisPoints, resolution: basisPoints, satisfaction: basisPoints }),
    /** How much a 基本满意 counts towards 满意率 (e.g. 9000 = 0.9). */
    basicallySatisfiedFactor: basisPoints,
    exclusions: z.array(z.enum(hotlineRateExclusions)),
    source: text(500).nullable(),
  })
  .refine((f) => f.weights.response + f.weights.resolution + f.weights.satisfaction === 10_000, {
    message: "the weights add up to 10 000 basis points",
    path: ["weights"],
  })
  .refine((f) => new Set(f.exclusions).size === f.exclusions.length, {
    message: "each exclusion once",
    path: ["exclusions"],
  })
  .refine((f) => !f.validTo || f.validFrom <= f.validTo, {
    message: "a formula ends after it starts",
    path: ["validTo"],
  });
export type RateFormula = z.infer<typeof rateFormula>;

/**
 * 专项治理方案 — a plan of 未诉先办 / 主动治理 (the law's chapter on proactive governance): drawn from
 * concentrated requests on some themes (categories) in some areas, with a measured effect (did requests
 * on those themes fall?).
 */
export const governancePlanFields = z.object({
  id,
  title: name(200),
  ownerUnitId: id,
  themeCategoryIds: z.array(id).min(1).max(50),
  areas: z.array(hotlineArea).min(1).max(100),
  status: z.enum(governancePlanStatuses),
  startsOn: isoDate,
  endsOn: isoDate,
  description: text(5000),
  ...timestamps,
});
/** A plan: its fields (`governancePlanFields`, for `.pick`) and dates in order. */
export const governancePlan = governancePlanFields.refine((p) => p.startsOn <= p.endsOn, {
  message: "a plan ends after it starts",
  path: ["endsOn"],
});
export type GovernancePlan = z.infer<typeof governancePlan>;

/** 主动治理任务 — a task of a plan, with its owner unit and deadline. */
export const planTask = z.object({
  id,
  planId: id,
  title: name(200),
  ownerUnitId: id,
  deadline: isoDate,
  status: z.enum(planTaskStatuses),
  doneOn: isoDate.nullable(),
  ...timestamps,
});
export type PlanTask = z.infer<typeof planTask>;

/**
 * A day of the working calendar that differs from Mon–Fri: a public holiday (法定节假日, incl. the
 * weekend days inside a holiday period) or a 调休 make-up working day on a weekend. Rows of a table staff
 * can correct; loaded from `chinese-days` (ADR 0014).
 */
export const calendarDay = z.object({
  date: isoDate,
  kind: z.enum(calendarDayKinds),
  name: text(100),
});
export type CalendarDay = z.infer<typeof calendarDay>;

/** The plain data a `WorkingCalendar` is built from: the years it covers and the exceptional days. */
export const workingCalendarData = z.object({
  years: z.array(z.number().int().min(1949).max(2200)).min(1),
  days: z.array(calendarDay),
});
export type WorkingCalendarData = z.infer<typeof workingCalendarData>;
