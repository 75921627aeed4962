/**
 * 接诉即办 in the console: who the staff member works as (a handling unit's 承办人员, or a street/district
 * 派单员), and which actions an order offers them now — asked of core's lifecycle table
 * (`canTransitionWorkOrder`) and event rules (`recordWorkOrderEvent`), never re-encoded here. The API
 * checks the same rules again; this only decides which buttons to show.
 */
import {
  canTransitionWorkOrder,
  RuleInputError,
  recordWorkOrderEvent,
  type WorkOrderActor,
  type WorkOrderEventKind,
  type WorkOrderSnapshot,
  type WorkOrderStatus,
  type WorkOrderTransitionContext,
} from "@gongzhi/core";
import type { Locale, TranslateFn } from "@gongzhi/ui";
import type { Outputs } from "../../trpc.ts";

export type Detail = Outputs["workOrders"]["get"];
export type OrderView = Detail["order"];
export type InboxItem = Outputs["workOrders"]["inbox"]["items"][number];
export type TimeUsedView = NonNullable<InboxItem["timeUsed"]>;
export type Category = Outputs["handlingUnits"]["categories"][number];
export type HandlingUnit = Outputs["handlingUnits"]["list"][number];

/** The console's two ways of working on orders. */
export type Desk = { kind: "unit"; unitIds: string[] } | { kind: "dispatch" };

/** The actions of the order page, each one procedure of `workOrders`. */
export const orderActions = [
  "dispatch",
  "accept",
  "return",
  "answer",
  "addNote",
  "addCoHandler",
  "logContact",
  "requestExtension",
  "decideExtension",
  "callback",
  "merge",
  "reopen",
] as const;
export type OrderAction = (typeof orderActions)[number];

/**
 * What the form of an action will supply before it is sent (a reason, an answer, a target): the forms
 * require these fields, so core's guards are asked as if they were given — only who acts, on which
 * status, for which unit is left for the guards to decide.
 */
const SUPPLIED = "supplied-by-the-form";

function snapshot(o: OrderView): WorkOrderSnapshot {
  return {
    id: o.id,
    type: o.type,
    status: o.status,
    assignedUnitId: o.assignedUnitId,
    leadUnitId: o.leadUnitId,
    coHandlerUnitIds: o.coHandlerUnitIds,
    mergedIntoId: o.mergedIntoId,
    returnCount: o.returnCount,
    reopenCount: o.reopenCount,
  };
}

/** Whether core's event rules let `actor` record an event of `kind` on the order now. */
function eventAllowed(
  o: OrderView,
  kind: Exclude<WorkOrderEventKind, "transition">,
  actor: WorkOrderActor,
  unitId: string | null,
): boolean {
  try {
    recordWorkOrderEvent(snapshot(o), {
      kind,
      actor,
      at: new Date(),
      unitId,
      // a co-handler is another unit than the lead: the picker offers only those
      coHandlerUnitId: kind === "co_handler_added" ? SUPPLIED : null,
      note: SUPPLIED,
      reason: SUPPLIED,
    });
    return true;
  } catch (e) {
    if (e instanceof RuleInputError) return false;
    throw e;
  }
}

function can(
  o: OrderView,
  to: WorkOrderStatus,
  actor: WorkOrderActor,
  ctx: WorkOrderTransitionContext = {},
  from: WorkOrderStatus = o.status,
): boolean {
  return canTransitionWorkOrder(from, to, actor, {
    orderId: o.id,
    orderType: o.type,
    assignedUnitId: o.assignedUnitId,
    leadUnitId: o.leadUnitId,
    toUnitId: SUPPLIED,
    reason: SUPPLIED,
    answer: SUPPLIED,
    mergedIntoId: SUPPLIED,
    ...ctx,
  });
}

/** The actions `desk` may take on the order now (in `orderActions` order). */
export function availableActions(detail: Detail, desk: Desk): OrderAction[] {
  const o = detail.order;
  const out = new Set<OrderAction>();
  const pending = detail.extensions.some((e) => e.status === "pending");
  if (desk.kind === "unit") {
    const mine = new Set(desk.unitIds);
    const assigned = o.assignedUnitId && mine.has(o.assignedUnitId) ? o.assignedUnitId : null;
    const lead = o.leadUnitId && mine.has(o.leadUnitId) ? o.leadUnitId : null;
    const holding = lead ?? assigned ?? o.coHandlerUnitIds.find((u) => mine.has(u)) ?? null;
    if (can(o, "accepted", "unit_staff", { actorUnitId: assigned })) out.add("accept");
    if (can(o, "returned", "unit_staff", { actorUnitId: assigned })) out.add("return");
    // 办结 from in_progress, or from accepted / reopened through 开始办理 (the API makes both moves)
    const answerable =
      can(o, "answered", "unit_staff", { actorUnitId: lead }) ||
      (can(o, "in_progress", "unit_staff", { actorUnitId: lead }) &&
        can(o, "answered", "unit_staff", { actorUnitId: lead }, "in_progress"));
    if (answerable) out.add("answer");
    if (holding && eventAllowed(o, "note", "unit_staff", holding)) out.add("addNote");
    if (lead && eventAllowed(o, "co_handler_added", "unit_staff", lead)) out.add("addCoHandler");
    if (holding && eventAllowed(o, "contact_logged", "unit_staff", holding)) out.add("logContact");
    if (!pending && lead && eventAllowed(o, "extension_requested", "unit_staff", lead))
      out.add("requestExtension");
    return orderActions.filter((a) => out.has(a));
  }
  if (can(o, "dispatched", "dispatcher")) out.add("dispatch");
  if (eventAllowed(o, "note", "dispatcher", null)) out.add("addNote");
  if (eventAllowed(o, "co_handler_added", "dispatcher", null)) out.add("addCoHandler");
  if (pending && eventAllowed(o, "extension_decided", "dispatcher", null)) out.add("decideExtension");
  if (can(o, "called_back", "intake_staff", { callback: { solved: true, valid: true } })) out.add("callback");
  if (can(o, "merged", "dispatcher")) out.add("merge");
  const latest = detail.callbacks.at(-1);
  if (
    can(o, "reopened", "dispatcher", {
      callback: latest ? { solved: latest.solved, valid: latest.valid } : null,
    })
  )
    out.add("reopen");
  return orderActions.filter((a) => out.has(a));
}

/** A category's path in the tree: 城乡建设 › 供暖 › 室温不达标. */
export function categoryPath(categories: readonly Category[], id: string, locale: Locale): string {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const names: string[] = [];
  for (let c = byId.get(id); c && names.length < 10; c = c.parentId ? byId.get(c.parentId) : undefined)
    names.unshift(locale === "zh-CN" ? c.nameZh : c.nameEn);
  return names.length ? names.join(" › ") : "—";
}

/** "已用 63%" — the share of the limit used, rounded down like core's basis points. */
export function usedPercent(tu: TimeUsedView): number {
  return Math.floor(tu.basisPoints / 100);
}

/** The time limit in words: 3 个工作日 / 24 小时 / 当日 (English singular for one). */
export function limitText(t: TranslateFn, limit: OrderView["timeLimit"]): string {
  const count = limit.amount;
  if (limit.kind === "working_days") {
    if (count === 0) return t("hotline.limit.sameDay");
    return count === 1
      ? t("hotline.limit.workingDays.one", { count })
      : t("hotline.limit.workingDays.other", { count });
  }
  return count === 1 ? t("hotline.limit.hours.one", { count }) : t("hotline.limit.hours.other", { count });
}
