/**
 * 工单 lifecycle of 接诉即办 (北京市接诉即办工作条例; DOMAIN.md §9) as a transition table.
 *
 *   received 受理 ──派单──▶ dispatched ──签收──▶ accepted ──▶ in_progress 办理 ──办结──▶ answered
 *        │                    │  ▲                                  ▲                   │
 *        │                    │  └──re-dispatch── returned 退单 ◀──┘ (reason, counted)  ▼ 回访
 *        │                    │                                     │            called_back
 *        ├──────merged◀───────┘ (a duplicate into its original)     │             │      │
 *        └──即时办结 (consultations at the hotline)──▶ answered      └── reopened ◀┘      ▼
 *                                                                      重办 (unsolved)  closed 归档
 *
 * 首接负责 (first-receiver responsibility): the first unit that accepts (签收) an order becomes its lead
 * unit for good. It may add co-handlers (协办) but cannot return or pass the order on; only the lead
 * answers (办结), and a reopened order goes back to the lead. Before accepting, the unit dispatched to
 * may return it (退单) — only with a recorded reason, and every return is counted.
 *
 * Notes, contact with the requester, co-handlers, extension requests and reminders (催办) are events,
 * not transitions: `recordWorkOrderEvent`. Closed (归档) is terminal except one rule: a dispatcher may
 * reopen a closed order on review (复核, e.g. after the requester appeals), with a reason. Merged is
 * terminal. Extensions change the due time (`rules/time-limits.ts`), never the status.
 */
import type { WorkOrderActor, WorkOrderEventKind, WorkOrderStatus, WorkOrderType } from "../model/enums.ts";
import type { WorkOrder, WorkOrderEvent } from "../model/hotline.ts";
import { RuleInputError } from "./errors.ts";
import { defineLifecycle, type TransitionRule } from "./transitions.ts";

export interface WorkOrderTransitionContext {
  orderId?: string;
  orderType?: WorkOrderType;
  /** The unit of the staff member acting (unit_staff). */
  actorUnitId?: string | null;
  /** Where the order sits now; while `returned`, the unit that returned it. */
  assignedUnitId?: string | null;
  /** 首接负责 unit: the first unit that accepted it. */
  leadUnitId?: string | null;
  /** For a dispatch: the unit dispatched to. */
  toUnitId?: string | null;
  /** Why: required for 退单, for re-dispatching to the unit that returned it, for closing unsolved, for 复核. */
  reason?: string | null;
  /** The reply to the requester (办结答复). */
  answer?: string | null;
  /** The callback's verdict, for called_back, closed and reopened. */
  callback?: { solved: boolean; valid: boolean } | null;
  /** The requester could not be reached for the callback after the attempts the rules require. */
  callbackUnreachable?: boolean;
  /** For merged: the original order. */
  mergedIntoId?: string | null;
}

type Ctx = WorkOrderTransitionContext;
type Rule = TransitionRule<WorkOrderStatus, WorkOrderActor, Ctx>;

const blank = (s: string | null | undefined): boolean => s === null || s === undefined || s.trim() === "";

const needsTarget = (c: Ctx): string | null =>
  blank(c.toUnitId) ? "the unit to dispatch to is required" : null;

const byAssignedUnit = (c: Ctx): string | null =>
  blank(c.actorUnitId) || c.actorUnitId !== c.assignedUnitId
    ? "only the unit the order is dispatched to may act on it"
    : null;

const byLeadUnit = (c: Ctx): string | null =>
  blank(c.actorUnitId) || c.actorUnitId !== c.leadUnitId
    ? "only the lead unit (首接负责) may act on it"
    : null;

const table: readonly Rule[] = [
  {
    from: "received",
    to: "dispatched",
    actors: ["dispatcher", "system"],
    label: "派单: dispatched to a unit (by the catalogue or a dispatcher)",
    guard: needsTarget,
  },
  {
    from: "received",
    to: "answered",
    actors: ["intake_staff"],
    label: "即时办结: a consultation answered at the hotline",
    guard: (c) =>
      c.orderType !== "consultation"
        ? "only a consultation (咨询) may be answered at intake"
        : blank(c.answer)
          ? "the answer is required"
          : null,
  },
  {
    from: "received",
    to: "merged",
    actors: ["intake_staff", "dispatcher"],
    label: "重复件合并: merged into its original",
    guard: (c) => mergeGuard(c),
  },
  {
    from: "dispatched",
    to: "accepted",
    actors: ["unit_staff"],
    label: "签收: accepted; the first unit to accept is the lead (首接负责)",
    guard: byAssignedUnit,
  },
  {
    from: "dispatched",
    to: "returned",
    actors: ["unit_staff"],
    label: "退单: returned before accepting, with a reason (counted)",
    guard: (c) => byAssignedUnit(c) ?? (blank(c.reason) ? "a return (退单) needs its reason" : null),
  },
  {
    from: "dispatched",
    to: "merged",
    actors: ["intake_staff", "dispatcher"],
    label: "重复件合并: merged into its original",
    guard: (c) => mergeGuard(c),
  },
  {
    from: "returned",
    to: "dispatched",
    actors: ["dispatcher"],
    label: "再派单: re-dispatched (to the same unit only with a reason: 驳回退单)",
    guard: (c) =>
      needsTarget(c) ??
      (c.toUnitId === c.assignedUnitId && blank(c.reason)
        ? "re-dispatching to the unit that returned it needs a reason (驳回退单)"
        : null),
  },
  {
    from: "accepted",
    to: "in_progress",
    actors: ["unit_staff"],
    label: "办理: handling started",
    guard: byLeadUnit,
  },
  {
    from: "in_progress",
    to: "answered",
    actors: ["unit_staff"],
    label: "办结: answered by the lead unit",
    guard: (c) => byLeadUnit(c) ?? (blank(c.answer) ? "the answer (办结答复) is required" : null),
  },
  {
    from: "answered",
    to: "called_back",
    actors: ["intake_staff", "system"],
    label: "回访: the requester was called back",
    guard: (c) => (c.callback ? null : "the callback's result is required"),
  },
  {
    from: "answered",
    to: "closed",
    actors: ["system"],
    label: "归档 without a callback: the requester could not be reached",
    guard: (c) => (c.callbackUnreachable === true ? null : "close without a callback only when unreachable"),
  },
  {
    from: "called_back",
    to: "closed",
    actors: ["intake_staff", "dispatcher", "system"],
    label: "归档: closed (solved, or unsolved with a recorded reason)",
    guard: (c) =>
      !c.callback
        ? "the callback's result is required"
        : c.callback.solved || !blank(c.reason)
          ? null
          : "an unsolved order is closed only with a reason (else 重办)",
  },
  {
    from: "called_back",
    to: "reopened",
    // the requester may ask for it in the portal (我要反映 → 申请重办) after saying unsolved
    actors: ["intake_staff", "dispatcher", "system", "requester"],
    label: "重办: reopened because the callback says unsolved",
    guard: (c) =>
      !c.callback
        ? "the callback's result is required"
        : c.callback.solved || !c.callback.valid
          ? "only a valid callback saying unsolved reopens an order"
          : null,
  },
  {
    from: "reopened",
    to: "in_progress",
    actors: ["unit_staff"],
    label: "重办: back to the lead unit",
    guard: byLeadUnit,
  },
  {
    from: "reopened",
    to: "dispatched",
    actors: ["dispatcher"],
    label: "重办 of an order answered at intake: dispatched to a unit",
    guard: (c) => (c.leadUnitId ? "a reopened order goes back to its lead unit (首接负责)" : needsTarget(c)),
  },
  {
    from: "closed",
    to: "reopened",
    actors: ["dispatcher"],
    label: "复核: a closed order reopened on review, with a reason",
    guard: (c) => (blank(c.reason) ? "reopening a closed order (复核) needs a reason" : null),
  },
];

function mergeGuard(c: Ctx): string | null {
  if (blank(c.mergedIntoId)) return "the original order is required";
  return c.mergedIntoId === c.orderId ? "an order cannot be merged into itself" : null;
}

export const workOrderLifecycle = defineLifecycle("work_order", table);
export const workOrderTransitions = table;
/** Statuses no transition leaves. */
export const workOrderTerminalStatuses = ["merged"] as const satisfies readonly WorkOrderStatus[];

export function assertWorkOrderTransition(
  from: WorkOrderStatus,
  to: WorkOrderStatus,
  actor: WorkOrderActor,
  ctx?: WorkOrderTransitionContext,
): void {
  workOrderLifecycle.assert(from, to, actor, ctx);
}

export function canTransitionWorkOrder(
  from: WorkOrderStatus,
  to: WorkOrderStatus,
  actor: WorkOrderActor,
  ctx?: WorkOrderTransitionContext,
): boolean {
  return workOrderLifecycle.can(from, to, actor, ctx);
}

export function nextWorkOrderStatuses(
  from: WorkOrderStatus,
  actor?: WorkOrderActor,
  ctx?: WorkOrderTransitionContext,
): WorkOrderStatus[] {
  return workOrderLifecycle.next(from, actor, ctx);
}

/** The part of a work order the lifecycle reads and changes. */
export type WorkOrderSnapshot = Pick<
  WorkOrder,
  | "id"
  | "type"
  | "status"
  | "assignedUnitId"
  | "leadUnitId"
  | "coHandlerUnitIds"
  | "mergedIntoId"
  | "returnCount"
  | "reopenCount"
>;

/** An event as the lifecycle produces it; the repository adds its id and the acting user. */
export type WorkOrderEventDraft = Omit<WorkOrderEvent, "id" | "actorUserId">;

/** A requested move: the target status, who makes it, and what the guards need. */
export interface WorkOrderMove {
  to: WorkOrderStatus;
  actor: WorkOrderActor;
  at: Date;
  /** The acting unit (unit_staff), or for a dispatch the unit dispatched to. */
  unitId?: string | null;
  reason?: string | null;
  answer?: string | null;
  note?: string | null;
  callback?: { solved: boolean; valid: boolean } | null;
  callbackUnreachable?: boolean;
  mergedIntoId?: string | null;
}

/**
 * Applies one transition to a work order: checks the table (throws IllegalTransitionError, changing
 * nothing) and returns the new snapshot and the event to record. Keeps the 首接负责 invariants: the lead
 * is set once, on the first 签收, and never changes; a 退单 keeps the returning unit as `assignedUnitId`
 * until the re-dispatch and increments `returnCount`; 重办 increments `reopenCount`.
 */
export function applyWorkOrderTransition(
  order: WorkOrderSnapshot,
  move: WorkOrderMove,
): { order: WorkOrderSnapshot; event: WorkOrderEventDraft } {
  const dispatching = move.to === "dispatched";
  const ctx: WorkOrderTransitionContext = {
    orderId: order.id,
    orderType: order.type,
    actorUnitId: dispatching ? null : (move.unitId ?? null),
    assignedUnitId: order.assignedUnitId,
    leadUnitId: order.leadUnitId,
    toUnitId: dispatching ? (move.unitId ?? null) : null,
    reason: move.reason ?? null,
    answer: move.answer ?? null,
    callback: move.callback ?? null,
    callbackUnreachable: move.callbackUnreachable ?? false,
    mergedIntoId: move.mergedIntoId ?? null,
  };
  workOrderLifecycle.assert(order.status, move.to, move.actor, ctx);
  const next: WorkOrderSnapshot = {
    ...order,
    coHandlerUnitIds: [...order.coHandlerUnitIds],
    status: move.to,
  };
  if (dispatching) next.assignedUnitId = move.unitId ?? null;
  if (move.to === "accepted" && next.leadUnitId === null) next.leadUnitId = order.assignedUnitId;
  if (move.to === "returned") next.returnCount = order.returnCount + 1;
  if (move.to === "reopened") next.reopenCount = order.reopenCount + 1;
  if (move.to === "merged") next.mergedIntoId = move.mergedIntoId ?? null;
  if (move.to === "reopened" && next.leadUnitId) next.assignedUnitId = next.leadUnitId;
  const note = move.answer ?? move.note ?? null;
  return {
    order: next,
    event: {
      workOrderId: order.id,
      kind: "transition",
      fromStatus: order.status,
      toStatus: move.to,
      actor: move.actor,
      unitId: move.unitId ?? null,
      note: blank(note) ? null : note,
      reason: blank(move.reason) ? null : (move.reason ?? null),
      at: move.at,
    },
  };
}

/** Statuses in which notes, contact, co-handlers, extensions and reminders may be recorded. */
export const workOrderOpenStatuses = [
  "received",
  "dispatched",
  "returned",
  "accepted",
  "in_progress",
  "reopened",
] as const satisfies readonly WorkOrderStatus[];

/**
 * Records an event that is not a transition. Only while the order is open; a co-handler (协办) is added
 * only by the lead unit, after acceptance, and is never the lead itself; contact with the requester and
 * notes come from the unit holding the order. Throws RuleInputError (code `event_not_allowed`) otherwise.
 */
export function recordWorkOrderEvent(
  order: WorkOrderSnapshot,
  e: {
    kind: Exclude<WorkOrderEventKind, "transition">;
    actor: WorkOrderActor;
    at: Date;
    unitId?: string | null;
    coHandlerUnitId?: string | null;
    note?: string | null;
    reason?: string | null;
  },
): { order: WorkOrderSnapshot; event: WorkOrderEventDraft } {
  const refuse = (why: string): never => {
    throw new RuleInputError("event_not_allowed", why, order.id);
  };
  if (!(workOrderOpenStatuses as readonly string[]).includes(order.status))
    refuse(`no ${e.kind} on a ${order.status} order`);
  const next: WorkOrderSnapshot = { ...order, coHandlerUnitIds: [...order.coHandlerUnitIds] };
  let unitId = e.unitId ?? null;
  if (e.kind === "co_handler_added") {
    if (e.actor !== "unit_staff" && e.actor !== "dispatcher")
      refuse("co-handlers are added by the lead unit");
    if (e.actor === "unit_staff" && (!order.leadUnitId || e.unitId !== order.leadUnitId))
      refuse("only the lead unit (首接负责) adds co-handlers (协办)");
    if (!order.leadUnitId) refuse("co-handlers join after the lead unit accepted");
    const co = e.coHandlerUnitId ?? "";
    if (co === "" || co === order.leadUnitId) refuse("a co-handler is another unit than the lead");
    if (!next.coHandlerUnitIds.includes(co)) next.coHandlerUnitIds.push(co);
    unitId = co;
  }
  if ((e.kind === "contact_logged" || e.kind === "extension_requested") && e.actor !== "unit_staff")
    refuse(`${e.kind} is recorded by the handling unit`);
  if (e.kind === "extension_requested" && (!order.leadUnitId || e.unitId !== order.leadUnitId))
    refuse("only the lead unit requests an extension (延期)");
  if (e.kind === "extension_requested" && blank(e.reason)) refuse("an extension request needs its reason");
  if (e.kind === "extension_decided" && e.actor !== "dispatcher") refuse("a dispatcher decides extensions");
  if (e.kind === "note" && blank(e.note)) refuse("a note needs its text");
  return {
    order: next,
    event: {
      workOrderId: order.id,
      kind: e.kind,
      fromStatus: null,
      toStatus: null,
      actor: e.actor,
      unitId,
      note: blank(e.note) ? null : (e.note ?? null),
      reason: blank(e.reason) ? null : (e.reason ?? null),
      at: e.at,
    },
  };
}

/** 退单 per unit from an order's events (the dispatch-quality report counts them). */
export function countReturnsByUnit(events: readonly Pick<WorkOrderEvent, "kind" | "toStatus" | "unitId">[]) {
  const counts = new Map<string, number>();
  for (const e of events) {
    if (e.kind === "transition" && e.toStatus === "returned" && e.unitId)
      counts.set(e.unitId, (counts.get(e.unitId) ?? 0) + 1);
  }
  return counts;
}
