/**
 * 回访 / 重办 / 延期 — the callback to the requester after 办结 (by staff on the phone, or by the
 * requester in the portal), the reopening of an unsolved order, and extensions (延期) that only an
 * approved request with a reason grants.
 */
import {
  callback as callbackEntity,
  callbackSatisfactions,
  extendDueAt,
  extensionRequest,
  timeLimit,
} from "@gongzhi/core";
import { hotlineRepository, type WorkOrderRow } from "@gongzhi/db";
import { z } from "zod";
import { ApiError, notFound } from "../../errors.ts";
import { links } from "../../links.ts";
import { notify } from "../../notify.ts";
import type { Assignment } from "../../policy.ts";
import { audited, type Context, signedInProcedure } from "../../trpc.ts";
import {
  actingUnit,
  calendarFrom,
  coHandlersOf,
  dispatcher,
  loadOrder,
  reasonText,
  toView,
  unitStaff,
  unitStaffUserIds,
  workOrderEventView,
  workOrderView,
} from "./shared.ts";

type Ctx = Pick<Context, "db" | "actor" | "ip" | "now">;

const callbackAnswer = {
  contacted: z.boolean(),
  solved: z.boolean(),
  satisfaction: z.enum(callbackSatisfactions),
};

export const callbackOutput = z.object({
  order: workOrderView,
  callback: callbackEntity,
  events: z.array(workOrderEventView),
});

/**
 * Record the callback of the current round and move answered → called_back; a solved one closes the
 * order (归档). An unsolved valid one waits for 重办 (`reopen`).
 */
async function recordCallback(
  ctx: Ctx,
  order: WorkOrderRow,
  actor: "intake_staff" | "system",
  cb: {
    contacted: boolean;
    solved: boolean;
    satisfaction: (typeof callbackSatisfactions)[number];
    valid: boolean;
    invalidReason: string | null;
  },
  action: string,
  unmasked: boolean,
) {
  const at = ctx.now();
  return audited(ctx, async (tx) => {
    const h = hotlineRepository(tx);
    const verdict = { solved: cb.solved, valid: cb.valid };
    const first = await h.transition(
      order.id,
      { to: "called_back", actor, at, callback: verdict },
      ctx.actor?.userId ?? null,
    );
    const events = [first.event];
    let current = first.order;
    const saved = await h.recordCallback(order.id, { ...cb, at, callerUserId: ctx.actor?.userId ?? null });
    if (cb.solved && cb.valid) {
      const closed = await h.transition(
        order.id,
        { to: "closed", actor, at, callback: verdict },
        ctx.actor?.userId ?? null,
      );
      events.push(closed.event);
      current = closed.order;
    }
    const co = (await coHandlersOf(tx, [order.id])).get(order.id) ?? [];
    return {
      result: { order: toView(current, co, unmasked), callback: saved, events },
      audit: {
        action,
        entityType: "work_order",
        entityId: order.id,
        before: { status: order.status },
        after: { status: current.status, callback: { ...verdict, satisfaction: cb.satisfaction } },
      },
    };
  });
}

export const callbackProcedures = {
  /** 回访 by staff: the requester called back after 办结. */
  callback: dispatcher
    .input(
      z.object({
        id: z.uuid(),
        ...callbackAnswer,
        valid: z.boolean().default(true),
        invalidReason: reasonText(500).nullish(),
      }),
    )
    .output(callbackOutput)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "work_order", id: input.id });
      const order = await loadOrder(ctx.db, input.id);
      if (!input.valid && !input.invalidReason)
        throw new ApiError(
          "BAD_REQUEST",
          "error.work_order.invalid_callback_reason",
          "an invalid callback needs its reason",
        );
      return recordCallback(
        ctx,
        order,
        "intake_staff",
        { ...input, invalidReason: input.invalidReason ?? null },
        "workOrders.callback",
        false,
      );
    }),

  /** 回访 in the portal: the requester answers for their own order after 办结. */
  answerCallback: signedInProcedure
    .input(z.object({ id: z.uuid(), ...callbackAnswer }))
    .output(callbackOutput)
    .mutation(async ({ ctx, input }) => {
      const order = await hotlineRepository(ctx.db).getWorkOrder(input.id);
      if (!order || order.requesterUserId !== ctx.actor.userId) throw notFound("work_order");
      return recordCallback(
        ctx,
        order,
        "system",
        { ...input, valid: true, invalidReason: null },
        "workOrders.answerCallback",
        true,
      );
    }),

  /**
   * 重办: an order whose latest callback says unsolved goes back to its lead unit; a closed order is
   * reopened on review (复核) only with a reason.
   */
  reopen: dispatcher
    .input(z.object({ id: z.uuid(), reason: reasonText().nullish() }))
    .output(z.object({ order: workOrderView, events: z.array(workOrderEventView) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "work_order", id: input.id });
      const order = await loadOrder(ctx.db, input.id);
      return reopenOrder(ctx, order, "dispatcher", input.reason ?? null);
    }),

  /**
   * 重办 asked by the requester in the portal: their own order whose callback (their answer, or the
   * staff's call) says unsolved goes back to its lead unit. Only from 回访 (called_back) with a valid
   * unsolved callback — core's lifecycle refuses anything else; a closed order is reopened only by a
   * dispatcher on review (复核, `reopen`).
   */
  reopenMine: signedInProcedure
    .input(z.object({ id: z.uuid(), reason: reasonText().nullish() }))
    .output(z.object({ order: workOrderView, events: z.array(workOrderEventView) }))
    .mutation(async ({ ctx, input }) => {
      const h = hotlineRepository(ctx.db);
      const order = await h.getWorkOrder(input.id);
      if (!order || order.requesterUserId !== ctx.actor.userId) throw notFound("work_order");
      if (order.status !== "called_back")
        throw new ApiError(
          "BAD_REQUEST",
          "error.work_order.reopen_not_allowed",
          "only an order whose callback says unsolved can be reopened by its requester",
        );
      return reopenOrder(ctx, order, "requester", input.reason ?? null);
    }),

  /** 延期申请: the lead unit asks for more time, with a reason; the new due time must lie ahead. */
  requestExtension: unitStaff
    .input(
      z.object({
        id: z.uuid(),
        extension: timeLimit.refine((l) => l.amount > 0, { message: "an extension adds time" }),
        reason: reasonText(),
      }),
    )
    .output(extensionRequest)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "work_order", id: input.id });
      const order = await loadOrder(ctx.db, input.id);
      const co = (await coHandlersOf(ctx.db, [order.id])).get(order.id) ?? [];
      const unitId = actingUnit(ctx.scopes as Assignment[], order, co, [order.leadUnitId]);
      const at = ctx.now();
      await requireFutureDue(ctx, order, input.extension, at);
      return audited(ctx, async (tx) => {
        const ext = await hotlineRepository(tx).requestExtension(
          order.id,
          { unitId, reason: input.reason, extension: input.extension, at },
          ctx.actor.userId,
        );
        return {
          result: extensionOut(ext),
          audit: {
            action: "workOrders.requestExtension",
            entityType: "work_order",
            entityId: order.id,
            after: ext,
          },
        };
      });
    }),

  /** 延期审批: a dispatcher approves (the due time moves) or rejects (nothing changes) a pending request. */
  decideExtension: dispatcher
    .input(z.object({ extensionId: z.uuid(), approve: z.boolean(), note: reasonText().nullish() }))
    .output(z.object({ extension: extensionRequest, order: workOrderView }))
    .mutation(async ({ ctx, input }) => {
      const h = hotlineRepository(ctx.db);
      const ext = await h.getExtension(input.extensionId);
      if (!ext) throw notFound("work_order_extension");
      await ctx.requireScope({ level: "work_order", id: ext.workOrderId });
      const order = await loadOrder(ctx.db, ext.workOrderId);
      const at = ctx.now();
      const extension = { kind: ext.extensionKind, amount: ext.extensionAmount };
      if (input.approve) await requireFutureDue(ctx, order, extension, at);
      const calendar = extension.kind === "natural_hours" ? null : await calendarFrom(ctx.db, order.dueAt);
      return audited(ctx, async (tx) => {
        const r = await hotlineRepository(tx).decideExtension(
          ext.id,
          { approve: input.approve, note: input.note ?? null, at, deciderUserId: ctx.actor.userId },
          calendar,
        );
        await notify(tx, {
          userIds: await unitStaffUserIds(tx, ext.unitId),
          except: ctx.actor.userId,
          kind: "work_order_update",
          messageKey: input.approve
            ? "notification.work_order.extension_approved"
            : "notification.work_order.extension_rejected",
          params: { number: order.number },
          link: links.consoleWorkOrder(order.id),
          at,
        });
        const co = (await coHandlersOf(tx, [order.id])).get(order.id) ?? [];
        return {
          result: { extension: extensionOut(r.extension), order: toView(r.order, co, false) },
          audit: {
            action: "workOrders.decideExtension",
            entityType: "work_order",
            entityId: order.id,
            before: { dueAt: order.dueAt },
            after: { status: r.extension.status, dueAt: r.order.dueAt },
          },
        };
      });
    }),
};

/** An extension whose new due time is already past extends nothing: refused as a past date. */
async function requireFutureDue(
  ctx: Ctx,
  order: WorkOrderRow,
  extension: { kind: "working_days" | "natural_hours"; amount: number },
  at: Date,
) {
  const calendar = extension.kind === "natural_hours" ? null : await calendarFrom(ctx.db, order.dueAt);
  const due = extendDueAt(order.dueAt, extension, calendar);
  if (due.getTime() <= at.getTime())
    throw new ApiError(
      "BAD_REQUEST",
      "error.work_order.extension_in_past",
      `the extended due time (${due.toISOString()}) is already past`,
      { dueAt: due.toISOString() },
    );
}

function extensionOut(e: {
  id: string;
  workOrderId: string;
  unitId: string;
  reason: string;
  extensionKind: "working_days" | "natural_hours";
  extensionAmount: number;
  status: "pending" | "approved" | "rejected";
  requestedAt: Date;
  decidedAt: Date | null;
  decidedById: string | null;
  decisionNote: string | null;
  createdAt: Date;
  updatedAt: Date;
}) {
  return {
    id: e.id,
    workOrderId: e.workOrderId,
    unitId: e.unitId,
    reason: e.reason,
    extension: { kind: e.extensionKind, amount: e.extensionAmount },
    status: e.status,
    requestedAt: e.requestedAt,
    decidedAt: e.decidedAt,
    decidedById: e.decidedById,
    decisionNote: e.decisionNote,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

export { extensionOut };

/**
 * 重办, by a dispatcher (`reopen`) or by the requester (`reopenMine`): core's lifecycle decides from
 * the latest callback whether the order may go back; the lead unit's staff are told (all but the actor),
 * and the requester sees their own phone unmasked.
 */
async function reopenOrder(
  ctx: Ctx & { actor: NonNullable<Ctx["actor"]> },
  order: WorkOrderRow,
  actor: "dispatcher" | "requester",
  reason: string | null,
) {
  const latest = (await hotlineRepository(ctx.db).callbacksOf(order.id)).at(-1);
  const at = ctx.now();
  return audited(ctx, async (tx) => {
    const r = await hotlineRepository(tx).transition(
      order.id,
      {
        to: "reopened",
        actor,
        at,
        reason,
        callback: latest ? { solved: latest.solved, valid: latest.valid } : null,
      },
      ctx.actor.userId,
    );
    if (r.order.leadUnitId)
      await notify(tx, {
        userIds: await unitStaffUserIds(tx, r.order.leadUnitId),
        except: ctx.actor.userId,
        kind: "work_order_update",
        messageKey: "notification.work_order.reopened",
        params: { number: r.order.number },
        link: links.consoleWorkOrder(r.order.id),
        at,
      });
    const co = (await coHandlersOf(tx, [order.id])).get(order.id) ?? [];
    return {
      result: { order: toView(r.order, co, actor === "requester"), events: [r.event] },
      audit: {
        action: actor === "requester" ? "workOrders.reopenMine" : "workOrders.reopen",
        entityType: "work_order",
        entityId: order.id,
        before: { status: order.status },
        after: { status: r.order.status, reopenCount: r.order.reopenCount, reason },
      },
    };
  });
}
