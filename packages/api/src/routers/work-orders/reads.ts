/**
 * Reads: one order with its timeline (`get`, masked but for the lead unit's staff who call back), a
 * unit's inbox and the dispatchers' district/street list by due time with the time used (预警 50 % /
 * 80 % / 超时), and a resident's own orders.
 */
import {
  beijingDate,
  callback,
  extensionRequest,
  type Page,
  pageInput,
  RuleInputError,
  workOrderStatuses,
} from "@gongzhi/core";
import {
  type Executor,
  hotlineRepository,
  type ListedWorkOrder,
  type WorkOrderRow,
  type WorkOrderSortKey,
  workingCalendarFrom,
  workOrderSortKeys,
} from "@gongzhi/db";
import { z } from "zod";
import { notFound } from "../../errors.ts";
import { signedInProcedure } from "../../trpc.ts";
import type { photoContentTypes } from "../../uploads.ts";
import { sortable } from "../registry-shared.ts";
import { extensionOut } from "./callbacks.ts";
import { workOrderPhotoView } from "./photos.ts";
import {
  dispatcher,
  handler,
  inOrder,
  isLeadUnitStaff,
  timeUsedOf,
  timeUsedView,
  toView,
  workOrderEventView,
  workOrderView,
} from "./shared.ts";

export const detailOutput = z.object({
  order: workOrderView,
  events: z.array(workOrderEventView),
  callbacks: z.array(callback),
  extensions: z.array(extensionRequest),
  timeUsed: timeUsedView.nullable(),
  /** The photos the requester attached (read each through `workOrders.photo`). */
  photos: z.array(workOrderPhotoView),
});

const inboxItem = z.object({ order: workOrderView, timeUsed: timeUsedView.nullable() });
export const inboxOutput = z.object({ items: z.array(inboxItem), nextCursor: z.string().nullable() });

/** The years whose calendar the orders' time used needs (their days up to now); null when none does. */
function calendarYearsOf(orders: readonly WorkOrderRow[], now: Date): number[] | null {
  const working = orders.filter((o) => o.limitKind === "working_days");
  if (working.length === 0) return null;
  const years = new Set<number>();
  const last = Number(beijingDate(now).slice(0, 4));
  for (const o of working)
    for (
      let y = Number(beijingDate(o.receivedAt).slice(0, 4));
      y <= Math.max(last, Number(beijingDate(o.dueAt).slice(0, 4)));
      y++
    )
      years.add(y);
  return [...years];
}

/** The stored calendar of some years; null when no stored year covers them (no time used shown). */
async function calendarOf(db: Executor, years: readonly number[]) {
  try {
    return await workingCalendarFrom(db, years);
  } catch (e) {
    if (e instanceof RuleInputError) return null;
    throw e;
  }
}

/** The calendar covering the orders' days up to now (years not loaded are left out; see calendarFrom). */
async function calendarOver(db: Executor, orders: readonly WorkOrderRow[], now: Date) {
  const years = calendarYearsOf(orders, now);
  return years ? calendarOf(db, years) : null;
}

/** Time used, or null when the stored calendar does not cover the order's days (never a guess). */
function safeTimeUsed(o: WorkOrderRow, now: Date, cal: Awaited<ReturnType<typeof calendarOver>>) {
  if (o.limitKind === "working_days" && !cal) return null;
  try {
    return timeUsedOf(o, now, cal);
  } catch (e) {
    if (e instanceof RuleInputError) return null; // a day outside the stored calendar's years
    throw e;
  }
}

const openStatuses = ["dispatched", "returned", "accepted", "in_progress", "reopened"] as const;

/** What a dispatcher still follows by default: everything but the archived and the merged. */
const dispatcherStatuses = workOrderStatuses.filter((s) => s !== "closed" && s !== "merged");

/** The filters of the order lists: statuses (default: the open ones), and only the overdue (超时). */
const listFilters = {
  statuses: z.array(z.enum(workOrderStatuses)).max(workOrderStatuses.length).optional(),
  /** Only orders whose due time has passed (still open unless statuses say otherwise). */
  overdue: z.boolean().optional(),
};

function listOptions(
  input: {
    statuses?: (typeof workOrderStatuses)[number][] | undefined;
    overdue?: boolean | undefined;
    sort?: { key: WorkOrderSortKey; direction: "asc" | "desc" } | undefined;
    cursor?: string | null | undefined;
    limit: number;
  },
  now: Date,
  defaults: readonly (typeof workOrderStatuses)[number][] = openStatuses,
) {
  return {
    statuses: input.statuses ?? defaults,
    overdueAt: input.overdue ? now : null,
    sort: input.sort ?? null,
    cursor: input.cursor ?? null,
    limit: input.limit,
  };
}

/**
 * A page of orders (read with their co-handlers) with their time used. The calendar of last year to
 * next — the days of nearly every open order — is read side by side with the page, so a list costs one
 * round trip after the scope check; when the page's orders reach further back, exactly their years are
 * read after it (an order's time used only looks at the years of its own days, so the figures are the
 * same either way).
 */
async function pageOut(
  db: Executor,
  pageQuery: Promise<Page<ListedWorkOrder>>,
  now: Date,
  unmasked: (o: WorkOrderRow) => boolean,
) {
  const year = Number(beijingDate(now).slice(0, 4));
  const likely = [year - 1, year, year + 1];
  const [page, likelyCalendar] = await Promise.all([pageQuery, calendarOf(db, likely)]);
  const years = calendarYearsOf(page.items, now);
  const cal =
    years === null
      ? null
      : years.every((y) => likely.includes(y))
        ? likelyCalendar
        : await calendarOf(db, years);
  return {
    items: page.items.map((o) => ({
      order: toView(o, o.coHandlerUnitIds, unmasked(o)),
      timeUsed: safeTimeUsed(o, now, cal),
    })),
    nextCursor: page.nextCursor,
  };
}

async function detail(
  db: Executor,
  id: string,
  now: Date,
  unmasked: (o: WorkOrderRow) => boolean,
  transitionsOnly = false,
) {
  const h = await hotlineRepository(db).getWorkOrderWithHistory(id);
  if (!h) throw notFound("work_order");
  const cal = await calendarOver(db, [h.order], now);
  const open = (openStatuses as readonly string[]).includes(h.order.status) || h.order.status === "received";
  const photos = await hotlineRepository(db).photosOf(id);
  return {
    order: toView(h.order, h.coHandlerUnitIds, unmasked(h.order)),
    events: transitionsOnly ? inOrder(h.events).filter((e) => e.kind === "transition") : inOrder(h.events),
    callbacks: h.callbacks,
    extensions: h.extensions.map(extensionOut),
    timeUsed: open ? safeTimeUsed(h.order, now, cal) : null,
    photos: photos.map((p) => ({
      id: p.id,
      contentType: p.contentType as (typeof photoContentTypes)[number],
      byteSize: p.byteSize,
      uploadedAt: p.uploadedAt,
    })),
  };
}

export const readProcedures = {
  /** One order with its timeline, callbacks and extensions (unit staff of its units, dispatchers above). */
  get: handler
    .input(z.object({ id: z.uuid() }))
    .output(detailOutput)
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "work_order", id: input.id });
      return detail(ctx.db, input.id, ctx.now(), (o) => isLeadUnitStaff(ctx.scopes, o));
    }),

  /**
   * A unit's inbox: the orders it holds or co-handles (协办), open ones unless statuses are given (or
   * only the overdue ones), soonest due first unless sorted otherwise, with the time used of each
   * (keyset pages).
   */
  inbox: handler
    .input(sortable(pageInput.extend({ unitId: z.uuid(), ...listFilters }), workOrderSortKeys))
    .output(inboxOutput)
    .query(async ({ ctx, input }) => {
      const now = ctx.now();
      const page = hotlineRepository(ctx.db).inbox(input.unitId, {
        ...listOptions(input, now),
        withCoHandled: true,
      });
      // The scope check runs beside the (read-only) page and calendar queries instead of before them —
      // one round trip deep, not two; a page is returned only once the check has passed.
      const [, out] = await Promise.all([
        ctx.requireScope({ level: "handling_unit", id: input.unitId }),
        pageOut(ctx.db, page, now, (o) => isLeadUnitStaff(ctx.scopes, o)),
      ]);
      return out;
    }),

  /**
   * The dispatchers' view (派单员): the orders of their district or of one 街道/乡镇 — by default all but
   * the closed and merged ones (incl. those awaiting dispatch or callback) — with the inbox's filters
   * and order.
   */
  list: dispatcher
    .input(
      sortable(
        pageInput.extend({
          scopeLevel: z.enum(["district", "subdistrict"]),
          scopeId: z.uuid(),
          ...listFilters,
        }),
        workOrderSortKeys,
      ),
    )
    .output(inboxOutput)
    .query(async ({ ctx, input }) => {
      const now = ctx.now();
      const page = hotlineRepository(ctx.db).ordersWithin(
        { level: input.scopeLevel, id: input.scopeId },
        listOptions(input, now, dispatcherStatuses),
      );
      // beside the page, as in the inbox: nothing is returned unless the check passes
      const [, out] = await Promise.all([
        ctx.requireScope({ level: input.scopeLevel, id: input.scopeId }),
        pageOut(ctx.db, page, now, (o) => isLeadUnitStaff(ctx.scopes, o)),
      ]);
      return out;
    }),

  /** 我的诉求: the signed-in resident's own orders, newest first. */
  mine: signedInProcedure
    .input(pageInput)
    .output(inboxOutput)
    .query(async ({ ctx, input }) => {
      const page = hotlineRepository(ctx.db).mine(ctx.actor.userId, {
        cursor: input.cursor ?? null,
        limit: input.limit,
      });
      // the requester sees their own name and phone
      return pageOut(ctx.db, page, ctx.now(), () => true);
    }),

  /** One of my own orders with its status changes (the units' internal notes stay with the units). */
  myOrder: signedInProcedure
    .input(z.object({ id: z.uuid() }))
    .output(detailOutput)
    .query(async ({ ctx, input }) => {
      const o = await hotlineRepository(ctx.db).getWorkOrder(input.id);
      if (!o || o.requesterUserId !== ctx.actor.userId) throw notFound("work_order");
      return detail(ctx.db, input.id, ctx.now(), () => true, true);
    }),
};
