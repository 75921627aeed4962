/**
 * 派单 / 签收 / 退单 / 办理 / 办结 / 合并 — every status change through core's lifecycle table, written by
 * the repository's compare-and-set `transition` (two handlers accepting at once: one wins, the other
 * gets CONFLICT); notes, co-handlers and contact are events checked by core's `recordWorkOrderEvent`.
 */
import { assertLedgerTransition, beijingDate, type WorkOrderActor, type WorkOrderMove } from "@gongzhi/core";
import {
  type AuditInput,
  hotlineRepository,
  ledgerRepository,
  type Tx,
  type WorkOrderRow,
} from "@gongzhi/db";
import { z } from "zod";
import { ApiError, notFound } from "../../errors.ts";
import { links } from "../../links.ts";
import { notify } from "../../notify.ts";
import type { Assignment } from "../../policy.ts";
import { audited, type Context } from "../../trpc.ts";
import {
  actingUnit,
  coHandlersOf,
  dispatcher,
  handler,
  loadOrder,
  myUnits,
  reasonText,
  toView,
  unitStaff,
  unitStaffUserIds,
  workOrderEventView,
  workOrderView,
} from "./shared.ts";

type AuditEntry = Omit<AuditInput, "actorId" | "ip">;
type Ctx = Pick<Context, "db" | "actor" | "ip" | "now"> & { scopes: Assignment[] };

export const moveOutput = z.object({ order: workOrderView, events: z.array(workOrderEventView) });

/** Apply moves in order (one transaction with the audit entry), then build the output. */
async function move(
  ctx: Ctx,
  order: WorkOrderRow,
  action: string,
  moves: WorkOrderMove[],
  /** More to do in the same transaction; it may return more audit entries. */
  after?: (tx: Tx, o: WorkOrderRow) => Promise<AuditEntry[]> | Promise<void>,
) {
  return audited(ctx, async (tx) => {
    const h = hotlineRepository(tx);
    let current = order;
    const events = [];
    for (const m of moves) {
      const r = await h.transition(order.id, m, ctx.actor?.userId ?? null);
      current = r.order;
      events.push(r.event);
    }
    const more = (await after?.(tx, current)) ?? [];
    const co = (await coHandlersOf(tx, [current.id])).get(current.id) ?? [];
    return {
      result: { order: toView(current, co, false), events },
      audit: [
        {
          action,
          entityType: "work_order",
          entityId: order.id,
          before: { status: order.status, assignedUnitId: order.assignedUnitId },
          after: {
            status: current.status,
            assignedUnitId: current.assignedUnitId,
            leadUnitId: current.leadUnitId,
          },
        },
        ...more,
      ],
    };
  });
}

/**
 * 办结 ends the 督办 of an order that ran overdue: each ledger item opened for it (and not yet closed)
 * is closed by the system, with the unit's answer as its evidence (销账 needs evidence — core's ledger
 * lifecycle checks it), so the nightly 三级督办 stops escalating an order that has been answered.
 */
async function closeSupervision(
  tx: Tx,
  order: WorkOrderRow,
  at: Date,
  answer: string,
): Promise<AuditEntry[]> {
  const ledger = ledgerRepository(tx);
  const entries: AuditEntry[] = [];
  for (const item of await ledger.openForWorkOrder(order.id)) {
    const description = `工单 ${order.number} 已办结：${answer}`;
    const evidence = await ledger.addEvidence({ itemId: item.id, description, url: null, at });
    assertLedgerTransition(item.status, "done", "system", {
      evidence: [evidence],
      level: item.supervisionLevel,
    });
    const closed = await ledger.setStatus(item.id, item.status, {
      status: "done",
      closedOn: beijingDate(at),
    });
    if (!closed) throw new ApiError("CONFLICT", "error.conflict", "the ledger item changed meanwhile");
    entries.push({
      action: "ledger.done",
      entityType: "ledger_item",
      entityId: item.id,
      before: { status: item.status },
      after: { status: "done", closedOn: closed.closedOn, workOrderId: order.id },
    });
  }
  return entries;
}

async function unitInDistrict(ctx: Ctx, unitId: string, districtId: string) {
  const unit = await hotlineRepository(ctx.db).getUnit(unitId);
  if (!unit) throw notFound("handling_unit");
  if (!unit.active || unit.districtId !== districtId)
    throw new ApiError(
      "BAD_REQUEST",
      "error.work_order.unit_not_available",
      "that unit is inactive or outside the order's district",
    );
  return unit;
}

/** Whether the actor works on this order as unit staff (else as a dispatcher above it). */
function asUnit(ctx: Ctx, order: WorkOrderRow, co: readonly string[]): boolean {
  const mine = new Set(myUnits(ctx.scopes));
  return [order.assignedUnitId, order.leadUnitId, ...co].some((u) => u !== null && mine.has(u));
}

/**
 * Who acts on an order's history: unit staff of a unit holding it (then that unit is named on the
 * event), or a dispatcher above it.
 */
function eventActor(ctx: Ctx, order: WorkOrderRow, co: readonly string[]) {
  return asUnit(ctx, order, co)
    ? { actor: "unit_staff" as const, unitId: actingUnit(ctx.scopes, order, co, [order.leadUnitId]) }
    : { actor: "dispatcher" as const, unitId: null };
}

export const handlingProcedures = {
  /** 派单 / 再派单: a dispatcher sends the order to a unit of its district (again, after a 退单). */
  dispatch: dispatcher
    .input(z.object({ id: z.uuid(), unitId: z.uuid(), reason: reasonText().nullish() }))
    .output(moveOutput)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "work_order", id: input.id });
      const order = await loadOrder(ctx.db, input.id);
      await unitInDistrict(ctx, input.unitId, order.districtId);
      const at = ctx.now();
      return move(
        ctx,
        order,
        "workOrders.dispatch",
        [{ to: "dispatched", actor: "dispatcher", at, unitId: input.unitId, reason: input.reason ?? null }],
        async (tx, o) => {
          await notify(tx, {
            userIds: await unitStaffUserIds(tx, input.unitId),
            except: ctx.actor.userId,
            kind: "work_order_update",
            messageKey: "notification.work_order.dispatched",
            params: { number: o.number },
            link: links.consoleWorkOrder(o.id),
            at,
          });
        },
      );
    }),

  /** 签收: the unit the order was dispatched to accepts it; the first to accept leads (首接负责). */
  accept: unitStaff
    .input(z.object({ id: z.uuid() }))
    .output(moveOutput)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "work_order", id: input.id });
      const order = await loadOrder(ctx.db, input.id);
      const unitId = actingUnit(ctx.scopes, order, [], [order.assignedUnitId]);
      return move(ctx, order, "workOrders.accept", [
        { to: "accepted", actor: "unit_staff", at: ctx.now(), unitId },
      ]);
    }),

  /** 退单: the unit returns the order before accepting, with its reason (counted). */
  return: unitStaff
    .input(z.object({ id: z.uuid(), reason: reasonText() }))
    .output(moveOutput)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "work_order", id: input.id });
      const order = await loadOrder(ctx.db, input.id);
      const unitId = actingUnit(ctx.scopes, order, [], [order.assignedUnitId]);
      return move(ctx, order, "workOrders.return", [
        { to: "returned", actor: "unit_staff", at: ctx.now(), unitId, reason: input.reason },
      ]);
    }),

  /** 办结: the lead unit answers the requester (starting the handling first if it had not). */
  answer: unitStaff
    .input(z.object({ id: z.uuid(), answer: reasonText(2000) }))
    .output(moveOutput)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "work_order", id: input.id });
      const order = await loadOrder(ctx.db, input.id);
      const co = (await coHandlersOf(ctx.db, [order.id])).get(order.id) ?? [];
      const unitId = actingUnit(ctx.scopes, order, co, [order.leadUnitId]);
      const at = ctx.now();
      const moves: WorkOrderMove[] =
        order.status === "accepted" || order.status === "reopened"
          ? [{ to: "in_progress", actor: "unit_staff", at, unitId }]
          : [];
      moves.push({ to: "answered", actor: "unit_staff", at, unitId, answer: input.answer });
      return move(ctx, order, "workOrders.answer", moves, async (tx, o) => {
        // The requester waits for the answer, and is asked for the callback (回访) now due.
        await notify(tx, {
          userIds: [o.requesterUserId],
          except: ctx.actor.userId,
          kind: "work_order_update",
          messageKey: "notification.work_order.answered",
          params: { number: o.number },
          link: links.myRequest(o.id),
          at,
        });
        return closeSupervision(tx, o, at, input.answer);
      });
    }),

  /** 重复件合并: a duplicate merged into its original (both in scope; the original not itself merged). */
  merge: dispatcher
    .input(z.object({ id: z.uuid(), intoId: z.uuid() }))
    .output(moveOutput)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "work_order", id: input.id });
      await ctx.requireScope({ level: "work_order", id: input.intoId });
      const order = await loadOrder(ctx.db, input.id);
      const into = await loadOrder(ctx.db, input.intoId);
      if (into.status === "merged" || into.id === order.id)
        throw new ApiError(
          "BAD_REQUEST",
          "error.work_order.merge_target",
          "merge into an original that is itself not merged, and not into the order itself",
        );
      return move(ctx, order, "workOrders.merge", [
        { to: "merged", actor: "dispatcher", at: ctx.now(), mergedIntoId: into.id },
      ]);
    }),

  /** A note on the order's history (the unit's staff, or a dispatcher). */
  addNote: handler
    .input(z.object({ id: z.uuid(), note: reasonText(2000) }))
    .output(workOrderEventView)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "work_order", id: input.id });
      const order = await loadOrder(ctx.db, input.id);
      const co = (await coHandlersOf(ctx.db, [order.id])).get(order.id) ?? [];
      return event(ctx, order, "workOrders.addNote", {
        kind: "note",
        ...eventActor(ctx, order, co),
        note: input.note,
      });
    }),

  /** 协办: the lead unit (or a dispatcher) adds a co-handling unit of the district. */
  addCoHandler: handler
    .input(z.object({ id: z.uuid(), unitId: z.uuid() }))
    .output(workOrderEventView)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "work_order", id: input.id });
      const order = await loadOrder(ctx.db, input.id);
      await unitInDistrict(ctx, input.unitId, order.districtId);
      const co = (await coHandlersOf(ctx.db, [order.id])).get(order.id) ?? [];
      return event(ctx, order, "workOrders.addCoHandler", {
        kind: "co_handler_added",
        ...eventActor(ctx, order, co),
        coHandlerUnitId: input.unitId,
      });
    }),

  /** Contact with the requester (电话联系), logged by the handling unit. */
  logContact: unitStaff
    .input(z.object({ id: z.uuid(), note: reasonText(2000) }))
    .output(workOrderEventView)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "work_order", id: input.id });
      const order = await loadOrder(ctx.db, input.id);
      const co = (await coHandlersOf(ctx.db, [order.id])).get(order.id) ?? [];
      return event(ctx, order, "workOrders.logContact", {
        kind: "contact_logged",
        actor: "unit_staff",
        unitId: actingUnit(ctx.scopes, order, co, [order.leadUnitId, order.assignedUnitId]),
        note: input.note,
      });
    }),
};

async function event(
  ctx: Ctx,
  order: WorkOrderRow,
  action: string,
  e: {
    kind: "note" | "co_handler_added" | "contact_logged";
    actor: WorkOrderActor;
    unitId: string | null;
    note?: string;
    coHandlerUnitId?: string;
  },
) {
  return audited(ctx, async (tx) => {
    const ev = await hotlineRepository(tx).addEvent(
      order.id,
      { ...e, at: ctx.now() },
      ctx.actor?.userId ?? null,
    );
    return {
      result: ev,
      audit: {
        action,
        entityType: "work_order",
        entityId: order.id,
        after: { kind: ev.kind, unitId: ev.unitId },
      },
    };
  });
}
