/**
 * What the work-order procedures share: the output views built from core's entities, loading an order
 * with its co-handlers, the working calendar for due times, the acting unit of a unit_staff member, and
 * the people to notify.
 */
import {
  beijingDate,
  maskSensitive,
  timeUsed,
  timeUsedLevels,
  type WorkOrderPlace,
  workOrder,
  workOrderEvent,
  workOrderPlace,
} from "@gongzhi/core";
import {
  type Executor,
  type StoredWorkingCalendar,
  tables,
  type WorkOrderRow,
  workingCalendarFrom,
} from "@gongzhi/db";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { ApiError, notFound } from "../../errors.ts";
import type { Assignment } from "../../policy.ts";
import { staffRoles } from "../../policy.ts";
import { scopedProcedure } from "../../trpc.ts";

/** Intake and dispatch (受理员 / 派单员): street/town and district staff. */
export const dispatcherRoles = ["subdistrict_staff", "district_staff", "system_admin"] as const;
export const dispatcher = scopedProcedure(dispatcherRoles);
/** 承办人员: staff of a handling unit. */
export const unitStaff = scopedProcedure(["unit_staff"]);
/** Anyone who works on orders: a unit's staff or the dispatchers above it. */
export const handlerRoles = ["unit_staff", ...dispatcherRoles] as const;
export const handler = scopedProcedure(handlerRoles);
export { staffRoles };

export const orderId = z.object({ id: z.uuid() });
/** A reason or note typed by a person: trimmed, non-empty, bounded. */
export const reasonText = (max = 1000) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => s.length > 0);

/**
 * A work order as the API shows it: core's entity, with the requester's name and phone possibly
 * masked (core's `maskSensitive`: 138****5678) — only the lead unit's staff, who call back, and the
 * requester see them in full — and the place null when the order has neither compound nor point.
 */
export const workOrderView = workOrder
  .omit({ requesterName: true, requesterPhone: true, photoIds: true })
  .extend({
    requesterName: z.string().nullable(),
    requesterPhone: z.string().nullable(),
    /** Whether the requester's name and phone above are masked. */
    requesterMasked: z.boolean(),
    place: workOrderPlace.nullable(),
    districtId: z.uuid(),
  });
export type WorkOrderView = z.infer<typeof workOrderView>;

export const workOrderEventView = workOrderEvent;

/** The time used of an order's limit (预警 50 % / 80 % / 超时), from core's `timeUsed`. */
export const timeUsedView = z.object({
  usedMs: z.number().int(),
  totalMs: z.number().int(),
  basisPoints: z.number().int(),
  level: z.enum(timeUsedLevels),
  overdue: z.boolean(),
});

function placeOf(o: WorkOrderRow): WorkOrderPlace | null {
  if (o.compoundId)
    return { kind: "compound", compoundId: o.compoundId, buildingId: o.buildingId, address: o.address };
  if (o.lat !== null && o.lng !== null)
    return { kind: "point", lat: o.lat, lng: o.lng, datum: "gcj02", address: o.address };
  return null;
}

export function toView(o: WorkOrderRow, coHandlerUnitIds: string[], unmasked: boolean): WorkOrderView {
  const mask = (v: string | null) => (v === null || unmasked ? v : maskSensitive(v));
  return {
    id: o.id,
    number: o.number,
    type: o.type,
    channel: o.channel,
    requesterName: mask(o.requesterName),
    requesterPhone: mask(o.requesterPhone),
    requesterMasked: !unmasked && (o.requesterName !== null || o.requesterPhone !== null),
    place: placeOf(o),
    districtId: o.districtId,
    subdistrictId: o.subdistrictId,
    communityId: o.communityId,
    text: o.text,
    status: o.status,
    categoryId: o.categoryId,
    timeLimit: { kind: o.limitKind, amount: o.limitAmount },
    assignedUnitId: o.assignedUnitId,
    leadUnitId: o.leadUnitId,
    coHandlerUnitIds,
    mergedIntoId: o.mergedIntoId,
    receivedAt: o.receivedAt,
    dispatchedAt: o.dispatchedAt,
    acceptedAt: o.acceptedAt,
    answeredAt: o.answeredAt,
    closedAt: o.closedAt,
    dueAt: o.dueAt,
    returnCount: o.returnCount,
    reopenCount: o.reopenCount,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

/** Co-handlers of some orders, by order. */
export async function coHandlersOf(db: Executor, ids: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .select({
      workOrderId: tables.workOrderCoHandlers.workOrderId,
      unitId: tables.workOrderCoHandlers.unitId,
    })
    .from(tables.workOrderCoHandlers)
    .where(inArray(tables.workOrderCoHandlers.workOrderId, [...ids]))
    .orderBy(tables.workOrderCoHandlers.addedAt, tables.workOrderCoHandlers.unitId);
  for (const r of rows) out.set(r.workOrderId, [...(out.get(r.workOrderId) ?? []), r.unitId]);
  return out;
}

/** The actor's handling units (unit_staff assignments). */
export function myUnits(scopes: readonly Assignment[]): string[] {
  return scopes
    .filter((a) => a.role === "unit_staff" && a.scopeKind === "handling_unit" && a.scopeId)
    .map((a) => a.scopeId!);
}

/**
 * The unit a unit_staff member acts for on this order: the first of `prefer` (e.g. the lead unit for
 * 办结, the assigned unit for 签收) that is theirs, else any unit of the order that is theirs. The scope
 * check before has made sure there is one; core's lifecycle then decides whether that unit may act.
 */
export function actingUnit(
  scopes: readonly Assignment[],
  order: Pick<WorkOrderRow, "assignedUnitId" | "leadUnitId">,
  coHandlers: readonly string[],
  prefer: readonly (string | null)[],
): string {
  const mine = new Set(myUnits(scopes));
  for (const u of [...prefer, order.assignedUnitId, order.leadUnitId, ...coHandlers])
    if (u && mine.has(u)) return u;
  throw new ApiError("FORBIDDEN", "error.forbidden", "forbidden: not an order of your unit");
}

/** Whether the actor is staff of the order's lead unit (who must call the requester back). */
export function isLeadUnitStaff(
  scopes: readonly Assignment[],
  order: Pick<WorkOrderRow, "leadUnitId">,
): boolean {
  return order.leadUnitId !== null && myUnits(scopes).includes(order.leadUnitId);
}

export async function loadOrder(db: Executor, id: string): Promise<WorkOrderRow> {
  const [o] = await db.select().from(tables.workOrders).where(eq(tables.workOrders.id, id));
  if (!o) throw notFound("work_order");
  return o;
}

/**
 * The working calendar for due times from `at` on (its Beijing year and the next), as stored (ADR
 * 0014, 0016). A year not loaded yet is refused by core (`calendar_out_of_range`) rather than guessed.
 */
export function calendarFrom(db: Executor, at: Date): Promise<StoredWorkingCalendar> {
  const year = Number(beijingDate(at).slice(0, 4));
  return workingCalendarFrom(db, [year, year + 1]);
}

/** The users holding unit_staff for a handling unit (to notify them). */
export async function unitStaffUserIds(db: Executor, unitId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: tables.roleAssignments.userId })
    .from(tables.roleAssignments)
    .where(
      and(
        eq(tables.roleAssignments.role, "unit_staff"),
        eq(tables.roleAssignments.scopeKind, "handling_unit"),
        eq(tables.roleAssignments.scopeId, unitId),
      ),
    );
  return rows.map((r) => r.userId);
}

export function timeUsedOf(o: WorkOrderRow, now: Date, calendar: StoredWorkingCalendar | null) {
  return timeUsed(o.receivedAt, now, o.dueAt, o.limitKind === "natural_hours" ? null : calendar);
}

/**
 * The timeline in the order things happened. Events are stored with their instant; moves made in one
 * call (开始办理 then 办结, 回访 then 归档) share it, so within one instant the transitions are chained
 * from status to status (each starts where the previous ended), before the other events of that instant.
 */
export function inOrder<
  E extends { at: Date; kind: string; fromStatus: string | null; toStatus: string | null },
>(events: readonly E[]): E[] {
  const out: E[] = [];
  let status: string | null = "received";
  for (let i = 0; i < events.length; ) {
    let j = i;
    while (j < events.length && events[j]!.at.getTime() === events[i]!.at.getTime()) j++;
    const group = events.slice(i, j);
    const transitions = group.filter((e) => e.kind === "transition");
    while (transitions.length > 0) {
      const k = transitions.findIndex((e) => e.fromStatus === status);
      const [next] = transitions.splice(Math.max(k, 0), 1);
      out.push(next!);
      status = next!.toStatus;
    }
    out.push(...group.filter((e) => e.kind !== "transition"));
    i = j;
  }
  return out;
}
