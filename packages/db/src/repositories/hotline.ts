/**
 * 接诉即办 (12345) repositories (DOMAIN.md §9): handling units, the category tree, the dispatch
 * catalogue, work orders (numbering, history, compare-and-set transitions, a unit's inbox), callbacks,
 * versioned rate formulas, and the district's monthly report figures — each figure ONE set-based query.
 *
 * The rules stay in core: a transition is `applyWorkOrderTransition` (which throws
 * IllegalTransitionError and changes nothing), a due time is `dueAt` on a `WorkingCalendar`.
 */
import {
  applyWorkOrderTransition,
  type CallbackSatisfaction,
  dueAt,
  extendDueAt,
  type HandlingUnitTier,
  type HotlineRateClass,
  type HotlineRateExclusion,
  type HotlineRateOrder,
  hotlineFormulaFor,
  type Page,
  recordWorkOrderEvent,
  type Sort,
  type TimeLimit,
  type WorkingCalendar,
  type WorkOrderActor,
  type WorkOrderEventKind,
  type WorkOrderMove,
  type WorkOrderSnapshot,
  type WorkOrderStatus,
  type WorkOrderType,
} from "@gongzhi/core";
import { and, asc, eq, getTableColumns, gte, inArray, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { DbConstraintError, toConstraintError, withConstraintErrors } from "../errors.ts";
import {
  dispatchRules,
  handlingUnits,
  rateFormulas,
  requestCategories,
  workOrderCallbacks,
  workOrderCoHandlers,
  workOrderEvents,
  workOrderExtensions,
  workOrderPhotos,
  workOrders,
} from "../schema/index.ts";
import { keysetSort, pageSize, type SortColumns } from "./pagination.ts";

export type HandlingUnitRow = typeof handlingUnits.$inferSelect;
export type RequestCategoryRow = typeof requestCategories.$inferSelect;
export type DispatchRuleRow = typeof dispatchRules.$inferSelect;
export type WorkOrderRow = typeof workOrders.$inferSelect;
export type WorkOrderEventRow = typeof workOrderEvents.$inferSelect;
export type WorkOrderCallbackRow = typeof workOrderCallbacks.$inferSelect;
export type RateFormulaRow = typeof rateFormulas.$inferSelect;

/** A node of the category tree with its children (ordered by code). */
export interface CategoryNode extends RequestCategoryRow {
  children: CategoryNode[];
}

/**
 * Another handler changed the order first: the compare-and-set on its status found a different status
 * (two units accepting at once — exactly one wins, the other gets this and nothing was written).
 */
export class WorkOrderConflictError extends DbConstraintError {
  constructor(
    readonly orderId: string,
    readonly expected: WorkOrderStatus,
  ) {
    super(
      "invalid_input",
      "work_order_status_changed",
      `work order ${orderId} is no longer ${expected}: someone acted on it first`,
    );
  }
}

async function rowsOf<R>(db: Executor, query: SQL): Promise<R[]> {
  const result = (await db.execute(query)) as unknown as { rows?: R[] } | R[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

function snapshotOf(o: WorkOrderRow, coHandlerUnitIds: string[]): WorkOrderSnapshot {
  return {
    id: o.id,
    type: o.type,
    status: o.status,
    assignedUnitId: o.assignedUnitId,
    leadUnitId: o.leadUnitId,
    coHandlerUnitIds,
    mergedIntoId: o.mergedIntoId,
    returnCount: o.returnCount,
    reopenCount: o.reopenCount,
  };
}

/** Beijing-time [start, end) instants of a month "YYYY-MM". */
export function beijingMonthBounds(month: string): { from: Date; to: Date } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new Error(`not a month: ${month}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, "0")}`;
  return { from: new Date(`${month}-01T00:00:00+08:00`), to: new Date(`${next}-01T00:00:00+08:00`) };
}

export interface NewWorkOrder {
  type: WorkOrderType;
  channel: WorkOrderRow["channel"];
  /** The order's number on its channel (the 12345 platform's 工单编号 of an import), unique per channel. */
  externalNumber?: string | null;
  requesterName?: string | null;
  requesterPhone?: string | null;
  /** The resident who filed it in the portal (their "my orders"); null for phone calls. */
  requesterUserId?: string | null;
  districtId: string;
  subdistrictId?: string | null;
  communityId?: string | null;
  compoundId?: string | null;
  buildingId?: string | null;
  lat?: number | null;
  lng?: number | null;
  address?: string;
  text: string;
  categoryId: string;
  receivedAt: Date;
  /** The order's own limit; default: its category's. */
  limit?: TimeLimit;
}

/** Sort keys of the order lists (inbox, district/street view). */
export const workOrderSortKeys = ["dueAt", "receivedAt"] as const;
export type WorkOrderSortKey = (typeof workOrderSortKeys)[number];

export interface OrderListOptions {
  statuses?: readonly WorkOrderStatus[];
  /** Only the orders already overdue at this instant (due at or before it: 条例 Art. 13's limit). */
  overdueAt?: Date | null;
  /** Default: soonest due first. */
  sort?: Sort<WorkOrderSortKey> | null;
  cursor?: string | null;
  limit?: number;
}

const orderSorts: SortColumns<WorkOrderRow, WorkOrderSortKey> = {
  dueAt: { column: workOrders.dueAt, kind: "timestamp", value: (r) => r.dueAt },
  receivedAt: { column: workOrders.receivedAt, kind: "timestamp", value: (r) => r.receivedAt },
};

/** An order as the lists show it: with its co-handling units (协办), in the order they were added. */
export type ListedWorkOrder = WorkOrderRow & { coHandlerUnitIds: string[] };

/** The columns of a list's orders: the order's own, and its co-handlers read in the same query. */
const listedOrderColumns = {
  ...getTableColumns(workOrders),
  coHandlerUnitIds: sql<
    string[]
  >`(select coalesce(json_agg(ch.unit_id order by ch.added_at, ch.unit_id), '[]'::json)
    from ${workOrderCoHandlers} ch where ch.work_order_id = ${workOrders.id})`,
};

/** One page of orders matching `where` and the list options, in keyset order. */
async function pageOrders(db: Executor, where: SQL, opts: OrderListOptions): Promise<Page<ListedWorkOrder>> {
  const limit = pageSize(opts.limit);
  const ks = keysetSort({
    columns: orderSorts,
    sort: opts.sort ?? { key: "dueAt", direction: "asc" },
    tiebreak: { column: workOrders.id, kind: "uuid", value: (r: WorkOrderRow) => r.id },
    cursor: opts.cursor,
  });
  const rows = await db
    .select(listedOrderColumns)
    .from(workOrders)
    .where(
      and(
        where,
        opts.statuses && opts.statuses.length > 0
          ? inArray(workOrders.status, [...opts.statuses])
          : undefined,
        opts.overdueAt ? lte(workOrders.dueAt, opts.overdueAt) : undefined,
        ks.where,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(limit + 1);
  return ks.toPage(rows, limit);
}

/**
 * One page of a unit's inbox, in two steps: first the page's ids in keyset order from each source
 * alone — the orders it holds straight from work_orders_inbox_idx (unit, status, due_at, id: an
 * index-only scan, no order's row read), and those it co-handles through the co-handlers' unit index —
 * appended (a co-handled order the unit also holds comes from the first branch only, so no order comes
 * twice and nothing needs de-duplicating); then only those rows, with their co-handlers. Reading every
 * held order's row to sort them cost ≈ 20 ms for a unit holding 2,200 open orders at 1,000,000
 * (packages/api/bench/hotline-scale.ts), the page's ids ≈ 2 ms. (An OR across held and co-handled
 * scanned every order; a union of ids then rows read them all.)
 */
async function pageInbox(
  db: Executor,
  unitId: string,
  opts: OrderListOptions & { withCoHandled?: boolean },
): Promise<Page<ListedWorkOrder>> {
  const limit = pageSize(opts.limit);
  const sort = opts.sort ?? { key: "dueAt" as const, direction: "asc" as const };
  const ks = keysetSort({
    columns: orderSorts,
    sort,
    tiebreak: { column: workOrders.id, kind: "uuid", value: (r: WorkOrderRow) => r.id },
    cursor: opts.cursor,
  });
  // Each source names the table work_orders itself, so the filters and the keyset condition (written
  // on its columns) apply inside each branch, on the index.
  const filters = and(
    opts.statuses && opts.statuses.length > 0 ? inArray(workOrders.status, [...opts.statuses]) : undefined,
    opts.overdueAt ? lte(workOrders.dueAt, opts.overdueAt) : undefined,
    ks.where,
  );
  const sortColumn = orderSorts[sort.key].column;
  const branch = (from: SQL) =>
    sql`select ${workOrders.id}, ${sortColumn} from ${from}${filters ? sql` and ${filters}` : sql``}`;
  const held = branch(sql`${workOrders} where ${workOrders.assignedUnitId} = ${unitId}`);
  const ids = opts.withCoHandled
    ? sql`${held} union all ${branch(
        sql`${workOrderCoHandlers} ch join ${workOrders} on ${workOrders.id} = ch.work_order_id
              where ch.unit_id = ${unitId} and ${workOrders.assignedUnitId} is distinct from ${unitId}`,
      )}`
    : held;
  // The outer query reads the union as "work_orders", so the sort written on the table's columns applies.
  const page = sql`select ${workOrders.id} from (${ids}) as ${workOrders} order by ${sql.join(ks.orderBy, sql`, `)} limit ${limit + 1}`;
  const rows = await db
    .select(listedOrderColumns)
    .from(workOrders)
    .where(sql`${workOrders.id} in (${page})`)
    .orderBy(...ks.orderBy);
  return ks.toPage(rows, limit);
}

/**
 * An order and its co-handling units, read inside a transaction (locked FOR UPDATE when asked); a
 * missing order is a clear integrity error.
 */
async function orderWithCoHandlers(tx: Executor, id: string, lock: boolean) {
  const query = tx.select().from(workOrders).where(eq(workOrders.id, id));
  const current = (await (lock ? query.for("update") : query))[0];
  if (!current)
    throw new DbConstraintError("foreign_key_violation", "work_orders", "the work order does not exist");
  const co = (
    await tx
      .select({ unitId: workOrderCoHandlers.unitId })
      .from(workOrderCoHandlers)
      .where(eq(workOrderCoHandlers.workOrderId, id))
  ).map((r) => r.unitId);
  return { current, co };
}

/** 接诉即办: units, categories, dispatch, work orders, callbacks, formulas, reports. */
export function hotlineRepository(db: Executor) {
  const getOrder = async (id: string) =>
    (await db.select().from(workOrders).where(eq(workOrders.id, id)))[0] ?? null;
  const coHandlersOf = async (id: string) =>
    (
      await db
        .select({ unitId: workOrderCoHandlers.unitId })
        .from(workOrderCoHandlers)
        .where(eq(workOrderCoHandlers.workOrderId, id))
        .orderBy(asc(workOrderCoHandlers.addedAt), asc(workOrderCoHandlers.unitId))
    ).map((r) => r.unitId);

  return {
    // ——— handling units (承办单位) ———
    createUnit: (row: typeof handlingUnits.$inferInsert) =>
      withConstraintErrors(async () => (await db.insert(handlingUnits).values(row).returning())[0]!),
    updateUnit: (id: string, set: Partial<Omit<typeof handlingUnits.$inferInsert, "id">>) =>
      withConstraintErrors(
        async () =>
          (await db.update(handlingUnits).set(set).where(eq(handlingUnits.id, id)).returning())[0] ?? null,
      ),
    getUnit: async (id: string) =>
      (await db.select().from(handlingUnits).where(eq(handlingUnits.id, id)))[0] ?? null,
    getUnitByCode: async (code: string) =>
      (await db.select().from(handlingUnits).where(eq(handlingUnits.code, code)))[0] ?? null,
    /**
     * Units of a district, optionally of one tier, or those serving a subdistrict (its own units and the
     * district-wide ones). Ordered by code.
     */
    listUnits: (filter: {
      districtId: string;
      tier?: HandlingUnitTier;
      servingSubdistrictId?: string;
      activeOnly?: boolean;
    }) =>
      db
        .select()
        .from(handlingUnits)
        .where(
          and(
            eq(handlingUnits.districtId, filter.districtId),
            filter.tier ? eq(handlingUnits.tier, filter.tier) : undefined,
            filter.servingSubdistrictId
              ? sql`(${handlingUnits.subdistrictId} is null or ${handlingUnits.subdistrictId} = ${filter.servingSubdistrictId})`
              : undefined,
            filter.activeOnly ? eq(handlingUnits.active, true) : undefined,
          ),
        )
        .orderBy(asc(handlingUnits.code)),

    // ——— categories (诉求分类) ———
    createCategory: (row: typeof requestCategories.$inferInsert) =>
      withConstraintErrors(async () => (await db.insert(requestCategories).values(row).returning())[0]!),
    getCategory: async (id: string) =>
      (await db.select().from(requestCategories).where(eq(requestCategories.id, id)))[0] ?? null,
    /** The whole category tree (a small table): roots first, children ordered by code. */
    categoryTree: async (): Promise<CategoryNode[]> => {
      const all = await db.select().from(requestCategories).orderBy(asc(requestCategories.code));
      const nodes = new Map(all.map((c) => [c.id, { ...c, children: [] as CategoryNode[] }]));
      const roots: CategoryNode[] = [];
      for (const n of nodes.values()) {
        const parent = n.parentId ? nodes.get(n.parentId) : undefined;
        if (parent) parent.children.push(n);
        else roots.push(n);
      }
      return roots;
    },

    // ——— dispatch catalogue (派单目录) ———
    createDispatchRule: (row: typeof dispatchRules.$inferInsert) =>
      withConstraintErrors(async () => (await db.insert(dispatchRules).values(row).returning())[0]!),
    /**
     * The unit an order of this category at this place goes to: the current rules (valid on `on`) of the
     * category or, failing that, of its nearest ancestor; among them the most specific area wins
     * (community over subdistrict over district). One recursive query; null when no rule applies.
     */
    dispatchUnitFor: async (input: {
      categoryId: string;
      districtId: string;
      subdistrictId?: string | null;
      communityId?: string | null;
      on?: string;
    }): Promise<{ unitId: string; ruleId: string } | null> => {
      const on = input.on ?? null;
      const [row] = await rowsOf<{ unit_id: string; rule_id: string }>(
        db,
        sql`with recursive up(id, parent_id, depth) as (
              select id, parent_id, 0 from ${requestCategories} where id = ${input.categoryId}
              union all
              select c.id, c.parent_id, up.depth + 1 from ${requestCategories} c join up on c.id = up.parent_id
            )
            select r.unit_id, r.id as rule_id
              from ${dispatchRules} r join up on up.id = r.category_id
             where r.district_id = ${input.districtId}
               and (r.subdistrict_id is null or r.subdistrict_id = ${input.subdistrictId ?? null}::uuid)
               and (r.community_id is null or r.community_id = ${input.communityId ?? null}::uuid)
               and r.valid_from <= coalesce(${on}::date, current_date)
               and (r.valid_to is null or r.valid_to >= coalesce(${on}::date, current_date))
             order by up.depth,
                      (r.community_id is not null) desc,
                      (r.subdistrict_id is not null) desc,
                      r.valid_from desc
             limit 1`,
      );
      return row ? { unitId: row.unit_id, ruleId: row.rule_id } : null;
    },

    // ——— work orders (工单) ———
    /**
     * Files an order: takes its limit from the category unless given, computes `due_at` with core's
     * `dueAt` (a 24/7 limit needs no calendar), and numbers it `YYYYMMDD` (Beijing day of receipt) +
     * a 5-digit sequence of that day. A concurrent insert taking the same number is retried.
     */
    createWorkOrder: async (input: NewWorkOrder, calendar: WorkingCalendar | null): Promise<WorkOrderRow> => {
      const category = (
        await db.select().from(requestCategories).where(eq(requestCategories.id, input.categoryId))
      )[0];
      if (!category)
        throw new DbConstraintError(
          "foreign_key_violation",
          "work_orders_category_id_request_categories_id_fk",
          "the category does not exist",
        );
      const limit: TimeLimit = input.limit ?? { kind: category.limitKind, amount: category.limitAmount };
      const due = dueAt(input.receivedAt, limit, calendar);
      const { limit: _limit, ...fields } = input;
      for (let attempt = 0; ; attempt++) {
        try {
          return await db.transaction(async (tx) => {
            const [n] = await rowsOf<{ number: string }>(
              tx,
              sql`select p.prefix || lpad((coalesce(max(substr(o.number, 9)::int), 0) + 1)::text, 5, '0') as number
                    from (select to_char(${input.receivedAt.toISOString()}::timestamptz at time zone 'Asia/Shanghai', 'YYYYMMDD') as prefix) p
                    left join ${workOrders} o on o.number like p.prefix || '_____' and substr(o.number, 9) ~ '^[0-9]{5}$'
                   group by p.prefix`,
            );
            return (
              await tx
                .insert(workOrders)
                .values({
                  ...fields,
                  number: n!.number,
                  limitKind: limit.kind,
                  limitAmount: limit.amount,
                  dueAt: due,
                  status: "received",
                })
                .returning()
            )[0]!;
          });
        } catch (error) {
          const e = toConstraintError(error);
          if (e?.constraint === "work_orders_number_unique" && attempt < 5) continue;
          throw e ?? error;
        }
      }
    },

    getWorkOrder: getOrder,
    getWorkOrderByNumber: async (number: string) =>
      (await db.select().from(workOrders).where(eq(workOrders.number, number)))[0] ?? null,

    /** An order with its history (events in time order), co-handlers, callbacks and extensions. */
    getWorkOrderWithHistory: async (id: string) => {
      const order = await getOrder(id);
      if (!order) return null;
      const [events, coHandlerUnitIds, callbacks, extensions] = await Promise.all([
        db
          .select()
          .from(workOrderEvents)
          .where(eq(workOrderEvents.workOrderId, id))
          .orderBy(asc(workOrderEvents.at), asc(workOrderEvents.id)),
        coHandlersOf(id),
        db
          .select()
          .from(workOrderCallbacks)
          .where(eq(workOrderCallbacks.workOrderId, id))
          .orderBy(asc(workOrderCallbacks.round)),
        db
          .select()
          .from(workOrderExtensions)
          .where(eq(workOrderExtensions.workOrderId, id))
          .orderBy(asc(workOrderExtensions.requestedAt)),
      ]);
      return { order, events, coHandlerUnitIds, callbacks, extensions };
    },

    /**
     * One transition, checked by core (`applyWorkOrderTransition`) and written with a compare-and-set on
     * the status read: if another handler moved the order in between, nothing is written and
     * WorkOrderConflictError is thrown — of two units accepting at once, exactly one wins. The event is
     * recorded in the same transaction, and the stage timestamps follow the new status.
     */
    transition: async (id: string, move: WorkOrderMove, actorUserId: string | null = null) =>
      withConstraintErrors(() =>
        db.transaction(async (tx) => {
          const { current, co } = await orderWithCoHandlers(tx, id, false);
          const { order: next, event } = applyWorkOrderTransition(snapshotOf(current, co), move);
          const stamp: Partial<typeof workOrders.$inferInsert> = {};
          if (next.status === "dispatched") stamp.dispatchedAt = move.at;
          if (next.status === "accepted" && !current.acceptedAt) stamp.acceptedAt = move.at;
          if (next.status === "answered") stamp.answeredAt = move.at;
          if (next.status === "closed") stamp.closedAt = move.at;
          const updated = await tx
            .update(workOrders)
            .set({
              status: next.status,
              assignedUnitId: next.assignedUnitId,
              leadUnitId: next.leadUnitId,
              mergedIntoId: next.mergedIntoId,
              returnCount: next.returnCount,
              reopenCount: next.reopenCount,
              ...stamp,
            })
            .where(and(eq(workOrders.id, id), eq(workOrders.status, current.status)))
            .returning();
          if (updated.length === 0) throw new WorkOrderConflictError(id, current.status);
          const [ev] = await tx
            .insert(workOrderEvents)
            .values({ ...event, actorUserId })
            .returning();
          return { order: updated[0]!, event: ev! };
        }),
      ),

    /**
     * A non-transition event (note, contact, co-handler, extension, reminder), checked by core's
     * `recordWorkOrderEvent`; a co-handler is also added to `work_order_co_handlers`.
     */
    addEvent: (
      id: string,
      e: {
        kind: Exclude<WorkOrderEventKind, "transition">;
        actor: WorkOrderActor;
        at: Date;
        unitId?: string | null;
        coHandlerUnitId?: string | null;
        note?: string | null;
        reason?: string | null;
      },
      actorUserId: string | null = null,
    ) =>
      withConstraintErrors(() =>
        db.transaction(async (tx) => {
          const { current, co } = await orderWithCoHandlers(tx, id, true);
          const { event } = recordWorkOrderEvent(snapshotOf(current, co), e);
          if (e.kind === "co_handler_added" && e.coHandlerUnitId && !co.includes(e.coHandlerUnitId))
            await tx
              .insert(workOrderCoHandlers)
              .values({ workOrderId: id, unitId: e.coHandlerUnitId, addedById: actorUserId, addedAt: e.at });
          return (
            await tx
              .insert(workOrderEvents)
              .values({ ...event, actorUserId })
              .returning()
          )[0]!;
        }),
      ),

    /**
     * A unit's inbox: the orders assigned to it (and, asked, those it co-handles; optionally in some
     * statuses, or only the overdue ones), soonest due first unless sorted by receipt (newest first),
     * ties by id, paged with keyset cursors (every order exactly once, whatever is inserted meanwhile
     * behind the cursor).
     */
    inbox: async (unitId: string, opts: OrderListOptions & { withCoHandled?: boolean } = {}) =>
      pageInbox(db, unitId, opts),

    /**
     * The orders of a district or of one 街道/乡镇 (the dispatchers' view), with the inbox's filters,
     * order and keyset pages.
     */
    ordersWithin: async (
      scope: { level: "district" | "subdistrict"; id: string },
      opts: OrderListOptions = {},
    ) =>
      pageOrders(
        db,
        scope.level === "district"
          ? eq(workOrders.districtId, scope.id)
          : eq(workOrders.subdistrictId, scope.id),
        opts,
      ),

    /** A requester's own orders (filed in the portal), newest first, keyset pages. */
    mine: async (
      userId: string,
      opts: { cursor?: string | null; limit?: number } = {},
    ): Promise<Page<ListedWorkOrder>> => {
      const limit = pageSize(opts.limit);
      const ks = keysetSort({
        columns: {
          receivedAt: {
            column: workOrders.receivedAt,
            kind: "timestamp",
            value: (r: WorkOrderRow) => r.receivedAt,
          },
        },
        sort: { key: "receivedAt", direction: "desc" },
        tiebreak: { column: workOrders.id, kind: "uuid", value: (r: WorkOrderRow) => r.id },
        cursor: opts.cursor,
      });
      const rows = await db
        .select(listedOrderColumns)
        .from(workOrders)
        .where(and(eq(workOrders.requesterUserId, userId), ks.where))
        .orderBy(...ks.orderBy)
        .limit(limit + 1);
      return ks.toPage(rows, limit);
    },

    // ——— extensions (延期) ———
    /**
     * A unit's request for more time: core's `recordWorkOrderEvent` checks it (the lead unit, an open
     * order, a reason), then the request row and its event are written together. One pending request
     * per order (the partial unique index refuses a second).
     */
    requestExtension: (
      orderId: string,
      r: { unitId: string; reason: string; extension: TimeLimit; at: Date },
      actorUserId: string | null = null,
    ) =>
      withConstraintErrors(() =>
        db.transaction(async (tx) => {
          const current = (
            await tx.select().from(workOrders).where(eq(workOrders.id, orderId)).for("update")
          )[0];
          if (!current)
            throw new DbConstraintError(
              "foreign_key_violation",
              "work_orders",
              "the work order does not exist",
            );
          const co = (
            await tx
              .select({ unitId: workOrderCoHandlers.unitId })
              .from(workOrderCoHandlers)
              .where(eq(workOrderCoHandlers.workOrderId, orderId))
          ).map((x) => x.unitId);
          const { event } = recordWorkOrderEvent(snapshotOf(current, co), {
            kind: "extension_requested",
            actor: "unit_staff",
            at: r.at,
            unitId: r.unitId,
            reason: r.reason,
            note: `${r.extension.amount} ${r.extension.kind}`,
          });
          const [ext] = await tx
            .insert(workOrderExtensions)
            .values({
              workOrderId: orderId,
              unitId: r.unitId,
              reason: r.reason,
              extensionKind: r.extension.kind,
              extensionAmount: r.extension.amount,
              requestedAt: r.at,
            })
            .returning();
          await tx.insert(workOrderEvents).values({ ...event, actorUserId });
          return ext!;
        }),
      ),
    getExtension: async (id: string) =>
      (await db.select().from(workOrderExtensions).where(eq(workOrderExtensions.id, id)))[0] ?? null,
    /**
     * A dispatcher's decision on a pending request (compare-and-set on `pending`: decided once). An
     * approval moves the order's due time by core's `extendDueAt`; a rejection changes nothing else.
     */
    decideExtension: (
      id: string,
      d: { approve: boolean; note?: string | null; at: Date; deciderUserId: string | null },
      calendar: WorkingCalendar | null,
    ) =>
      withConstraintErrors(() =>
        db.transaction(async (tx) => {
          const ext = (await tx.select().from(workOrderExtensions).where(eq(workOrderExtensions.id, id)))[0];
          if (!ext)
            throw new DbConstraintError(
              "foreign_key_violation",
              "work_order_extensions",
              "the extension request does not exist",
            );
          const current = (
            await tx.select().from(workOrders).where(eq(workOrders.id, ext.workOrderId)).for("update")
          )[0]!;
          const co = (
            await tx
              .select({ unitId: workOrderCoHandlers.unitId })
              .from(workOrderCoHandlers)
              .where(eq(workOrderCoHandlers.workOrderId, ext.workOrderId))
          ).map((x) => x.unitId);
          const { event } = recordWorkOrderEvent(snapshotOf(current, co), {
            kind: "extension_decided",
            actor: "dispatcher",
            at: d.at,
            unitId: ext.unitId,
            note: d.note ?? null,
            reason: d.approve ? "approved" : "rejected",
          });
          const [decided] = await tx
            .update(workOrderExtensions)
            .set({
              status: d.approve ? "approved" : "rejected",
              decidedAt: d.at,
              decidedById: d.deciderUserId,
              decisionNote: d.note ?? null,
            })
            .where(and(eq(workOrderExtensions.id, id), eq(workOrderExtensions.status, "pending")))
            .returning();
          if (!decided)
            throw new DbConstraintError(
              "invalid_input",
              "work_order_extension_decided",
              "this extension request was already decided",
            );
          let order = current;
          if (d.approve) {
            const due = extendDueAt(
              current.dueAt,
              { kind: ext.extensionKind, amount: ext.extensionAmount },
              calendar,
            );
            order = (
              await tx.update(workOrders).set({ dueAt: due }).where(eq(workOrders.id, current.id)).returning()
            )[0]!;
          }
          await tx.insert(workOrderEvents).values({ ...event, actorUserId: d.deciderUserId });
          return { extension: decided, order };
        }),
      ),

    /**
     * The orders received in [from, to) in a scope, with their callbacks, in core's shape for
     * `computeHotlineRates`: a district, a 街道/乡镇, or a handling unit (its lead orders, or the orders
     * it holds when none has accepted yet).
     */
    rateOrders: async (
      scope: { level: "district" | "subdistrict" | "handling_unit"; id: string },
      from: Date,
      to: Date,
    ): Promise<HotlineRateOrder[]> => {
      const where =
        scope.level === "district"
          ? eq(workOrders.districtId, scope.id)
          : scope.level === "subdistrict"
            ? eq(workOrders.subdistrictId, scope.id)
            : or(
                eq(workOrders.leadUnitId, scope.id),
                and(sql`${workOrders.leadUnitId} is null`, eq(workOrders.assignedUnitId, scope.id)),
              );
      const orders = await db
        .select({
          id: workOrders.id,
          type: workOrders.type,
          status: workOrders.status,
          mergedIntoId: workOrders.mergedIntoId,
        })
        .from(workOrders)
        .where(and(where, gte(workOrders.receivedAt, from), lt(workOrders.receivedAt, to)))
        .orderBy(asc(workOrders.receivedAt), asc(workOrders.id));
      if (orders.length === 0) return [];
      const cbs = await db
        .select()
        .from(workOrderCallbacks)
        .where(
          inArray(
            workOrderCallbacks.workOrderId,
            orders.map((o) => o.id),
          ),
        )
        .orderBy(asc(workOrderCallbacks.round));
      const byOrder = new Map<string, HotlineRateOrder["callbacks"][number][]>();
      for (const c of cbs) {
        const list = byOrder.get(c.workOrderId) ?? [];
        list.push({
          at: c.at,
          contacted: c.contacted,
          solved: c.solved,
          satisfaction: c.satisfaction,
          valid: c.valid,
        });
        byOrder.set(c.workOrderId, list);
      }
      return orders.map((o) => ({ ...o, callbacks: byOrder.get(o.id) ?? [] }));
    },
    getFormulaByVersion: async (version: string) =>
      (await db.select().from(rateFormulas).where(eq(rateFormulas.version, version)))[0] ?? null,

    // ——— callbacks (回访) ———
    /** The callback of the order's current round (1 + its 重办 count); a second one for the round is refused. */
    recordCallback: (
      orderId: string,
      cb: {
        contacted: boolean;
        solved: boolean;
        satisfaction: CallbackSatisfaction;
        valid?: boolean;
        invalidReason?: string | null;
        at: Date;
        callerUserId?: string | null;
      },
    ) =>
      withConstraintErrors(async () => {
        const order = await getOrder(orderId);
        if (!order)
          throw new DbConstraintError(
            "foreign_key_violation",
            "work_orders",
            "the work order does not exist",
          );
        return (
          await db
            .insert(workOrderCallbacks)
            .values({
              workOrderId: orderId,
              round: order.reopenCount + 1,
              contacted: cb.contacted,
              solved: cb.solved,
              satisfaction: cb.satisfaction,
              valid: cb.valid ?? true,
              invalidReason: cb.invalidReason ?? null,
              callerUserId: cb.callerUserId ?? null,
              at: cb.at,
            })
            .returning()
        )[0]!;
      }),
    callbacksOf: (orderId: string) =>
      db
        .select()
        .from(workOrderCallbacks)
        .where(eq(workOrderCallbacks.workOrderId, orderId))
        .orderBy(asc(workOrderCallbacks.round)),

    // ——— photos (files on disk, rows here; packages/api/src/uploads.ts) ———
    addPhotos: (
      orderId: string,
      photos: readonly { filePath: string; byteSize: number; contentType: string; sha256: string }[],
      uploadedById: string | null,
    ) =>
      photos.length === 0
        ? Promise.resolve([] as (typeof workOrderPhotos.$inferSelect)[])
        : withConstraintErrors(() =>
            db
              .insert(workOrderPhotos)
              .values(photos.map((p) => ({ ...p, workOrderId: orderId, uploadedById })))
              .returning(),
          ),
    /** An order's photos in upload order. */
    photosOf: (orderId: string) =>
      db
        .select()
        .from(workOrderPhotos)
        .where(eq(workOrderPhotos.workOrderId, orderId))
        .orderBy(asc(workOrderPhotos.uploadedAt), asc(workOrderPhotos.filePath)),
    getPhoto: async (id: string) =>
      (await db.select().from(workOrderPhotos).where(eq(workOrderPhotos.id, id)))[0] ?? null,

    // ——— rate formulas (考评公式, versioned) ———
    createFormula: (f: {
      version: string;
      name: string;
      validFrom: string;
      validTo?: string | null;
      weights: { response: number; resolution: number; satisfaction: number };
      basicallySatisfiedFactor: number;
      exclusions: readonly HotlineRateExclusion[];
      source?: string | null;
      createdById?: string | null;
    }) =>
      withConstraintErrors(
        async () =>
          (
            await db
              .insert(rateFormulas)
              .values({
                version: f.version,
                name: f.name,
                validFrom: f.validFrom,
                validTo: f.validTo ?? null,
                weightResponse: f.weights.response,
                weightResolution: f.weights.resolution,
                weightSatisfaction: f.weights.satisfaction,
                basicallySatisfiedFactor: f.basicallySatisfiedFactor,
                exclusions: [...f.exclusions],
                source: f.source ?? null,
                createdById: f.createdById ?? null,
              })
              .returning()
          )[0]!,
      ),
    listFormulas: () =>
      db.select().from(rateFormulas).orderBy(asc(rateFormulas.validFrom), asc(rateFormulas.version)),
    /** The formula in force on a date (core's `hotlineFormulaFor`: the latest start wins), in core's shape. */
    formulaFor: async (date: string) => {
      const all = await db.select().from(rateFormulas);
      const f = hotlineFormulaFor(all, date);
      return f
        ? {
            version: f.version,
            weights: {
              response: f.weightResponse,
              resolution: f.weightResolution,
              satisfaction: f.weightSatisfaction,
            },
            basicallySatisfiedFactor: f.basicallySatisfiedFactor,
            exclusions: f.exclusions as HotlineRateExclusion[],
            validFrom: f.validFrom,
            validTo: f.validTo,
          }
        : null;
    },

    // ——— the district's monthly report (月报): one set-based query per figure ———
    report: hotlineReport(db),
  };
}

export interface VolumeRow {
  id: string;
  code: string;
  name: string;
  orders: number;
}

/** The figures of a district's monthly report, each ONE query over the orders received in the month. */
/** A report period: a month "YYYY-MM" (Beijing), or any [from, to) instants (a 日报's day). */
export type ReportPeriod = string | { from: Date; to: Date };

const periodBounds = (p: ReportPeriod) => (typeof p === "string" ? beijingMonthBounds(p) : p);

export interface SlowUnitRow {
  id: string;
  code: string;
  name: string;
  orders: number;
  answered: number;
  /** Average and median hours from receipt to 办结 over the answered orders (one decimal); null if none. */
  avgHours: number | null;
  medianHours: number | null;
  /** Answered after their due time, or still open past it at `asOf` (or the period's end, if earlier). */
  overdue: number;
}

export function hotlineReport(db: Executor) {
  const monthWhere = (districtId: string, period: ReportPeriod) => {
    const { from, to } = periodBounds(period);
    return sql`o.district_id = ${districtId} and o.received_at >= ${from.toISOString()}::timestamptz and o.received_at < ${to.toISOString()}::timestamptz`;
  };
  const volume = async (query: SQL) =>
    (await rowsOf<{ id: string; code: string; name: string; orders: number | string }>(db, query)).map(
      (r) => ({ id: r.id, code: r.code, name: r.name, orders: Number(r.orders) }) satisfies VolumeRow,
    );
  return {
    /** Orders by top-level category (the tree's roots: every order counted under its root). */
    volumeByTopCategory: (districtId: string, month: ReportPeriod) =>
      volume(sql`with recursive root(id, root_id) as (
                   select id, id from ${requestCategories} where parent_id is null
                   union all
                   select c.id, root.root_id from ${requestCategories} c join root on c.parent_id = root.id
                 )
                 select r.id, r.code, r.name_zh as name, count(o.id)::int as orders
                   from ${workOrders} o join root on root.id = o.category_id
                   join ${requestCategories} r on r.id = root.root_id
                  where ${monthWhere(districtId, month)}
                  group by r.id, r.code, r.name_zh
                  order by orders desc, r.code`),
    /** Orders by the category they were filed under. */
    volumeByCategory: (districtId: string, month: ReportPeriod) =>
      volume(sql`select c.id, c.code, c.name_zh as name, count(*)::int as orders
                   from ${workOrders} o join ${requestCategories} c on c.id = o.category_id
                  where ${monthWhere(districtId, month)}
                  group by c.id, c.code, c.name_zh
                  order by orders desc, c.code`),
    /** Orders by 街道/乡镇. */
    volumeBySubdistrict: (districtId: string, month: ReportPeriod) =>
      volume(sql`select s.id, s.code, s.name, count(*)::int as orders
                   from ${workOrders} o join subdistricts s on s.id = o.subdistrict_id
                  where ${monthWhere(districtId, month)}
                  group by s.id, s.code, s.name
                  order by orders desc, s.code`),
    /** Orders by lead unit (首接负责; orders not yet accepted count under the unit holding them). */
    volumeByUnit: (districtId: string, month: ReportPeriod) =>
      volume(sql`select u.id, u.code, u.name, count(*)::int as orders
                   from ${workOrders} o join ${handlingUnits} u on u.id = coalesce(o.lead_unit_id, o.assigned_unit_id)
                  where ${monthWhere(districtId, month)}
                  group by u.id, u.code, u.name
                  order by orders desc, u.code`),
    /**
     * 热点 — places asked about repeatedly: buildings with at least `minOrders` orders in the month, and
     * compounds with at least `minOrders` (whatever the building), with their top category. One query.
     */
    hotSpots: async (districtId: string, month: ReportPeriod, minOrders = 3) =>
      (
        await rowsOf<{
          level: "building" | "compound";
          id: string;
          compound_id: string;
          compound_name: string;
          building_name: string | null;
          orders: number | string;
          top_category_id: string;
        }>(
          db,
          sql`with m as (
                select o.compound_id, o.building_id, o.category_id from ${workOrders} o
                 where ${monthWhere(districtId, month)} and o.compound_id is not null
              ), g as (
                select case when grouping(m.building_id) = 0 then 'building' else 'compound' end as level,
                       m.compound_id, m.building_id, count(*) as orders,
                       mode() within group (order by m.category_id) as top_category_id
                  from m
                 group by grouping sets ((m.compound_id, m.building_id), (m.compound_id))
                having count(*) >= ${minOrders} and (grouping(m.building_id) = 1 or m.building_id is not null)
              )
              select g.level, coalesce(g.building_id, g.compound_id) as id, g.compound_id, c.name as compound_name,
                     b.name as building_name, g.orders::int as orders, g.top_category_id
                from g join compounds c on c.id = g.compound_id left join buildings b on b.id = g.building_id
               order by g.orders desc, g.level, c.code, b.code`,
        )
      ).map((r) => ({
        level: r.level,
        id: r.id,
        compoundId: r.compound_id,
        compoundName: r.compound_name,
        buildingName: r.building_name,
        orders: Number(r.orders),
        topCategoryId: r.top_category_id,
      })),
    /**
     * The raw callback counts behind the month's 响应率 / 解决率 / 满意率 (orders received in the month,
     * by their latest callback, without consultations and merged duplicates). The exact rates are
     * core's `computeHotlineRates` over these orders; this is the one-query summary for the report.
     */
    callbackCounts: async (districtId: string, month: ReportPeriod) => {
      const [r] = await rowsOf<Record<string, number | string>>(
        db,
        sql`with last as (
              select distinct on (cb.work_order_id) cb.* from ${workOrderCallbacks} cb
                join ${workOrders} o on o.id = cb.work_order_id
               where ${monthWhere(districtId, month)} and o.type <> 'consultation' and o.status <> 'merged'
               order by cb.work_order_id, cb.round desc
            )
            select count(*)::int as callbacks,
                   count(*) filter (where valid)::int as valid,
                   count(*) filter (where valid and contacted)::int as contacted,
                   count(*) filter (where valid and solved)::int as solved,
                   count(*) filter (where valid and satisfaction = 'satisfied')::int as satisfied,
                   count(*) filter (where valid and satisfaction = 'basically_satisfied')::int as basically_satisfied,
                   count(*) filter (where valid and satisfaction = 'dissatisfied')::int as dissatisfied
              from last`,
      );
      return Object.fromEntries(Object.entries(r ?? {}).map(([k, v]) => [k, Number(v)])) as Record<
        "callbacks" | "valid" | "contacted" | "solved" | "satisfied" | "basically_satisfied" | "dissatisfied",
        number
      >;
    },
    /**
     * The period's orders counted in classes for core's `tallyHotlineRates`, per unit it counts for
     * (lead unit, else the unit holding it) or per community: type × status × merged × the latest
     * callback's answers (by time, then round — as `computeHotlineRates` picks it). The same figures as
     * `rateOrders` gives, a few hundred rows instead of one per order. One query.
     */
    rateClasses: async (
      districtId: string,
      period: ReportPeriod,
      by: "unit" | "community",
    ): Promise<(HotlineRateClass & { key: string | null })[]> => {
      const key = by === "unit" ? sql`coalesce(o.lead_unit_id, o.assigned_unit_id)` : sql`o.community_id`;
      const rows = await rowsOf<{
        key: string | null;
        type: WorkOrderType;
        status: WorkOrderStatus;
        merged: boolean;
        has_cb: boolean;
        contacted: boolean | null;
        solved: boolean | null;
        satisfaction: CallbackSatisfaction | null;
        valid: boolean | null;
        n: number | string;
      }>(
        db,
        sql`with m as (
              select o.id, o.type, o.status, o.merged_into_id is not null as merged, ${key} as key
                from ${workOrders} o
               where ${monthWhere(districtId, period)}
            ), last as (
              select distinct on (c.work_order_id) c.work_order_id, c.contacted, c.solved, c.satisfaction, c.valid
                from ${workOrderCallbacks} c join m on m.id = c.work_order_id
               order by c.work_order_id, c.at desc, c.round desc
            )
            select m.key, m.type, m.status, m.merged, last.work_order_id is not null as has_cb,
                   last.contacted, last.solved, last.satisfaction, last.valid, count(*) as n
              from m left join last on last.work_order_id = m.id
             group by 1, 2, 3, 4, 5, 6, 7, 8, 9`,
      );
      return rows.map((r) => ({
        key: r.key,
        type: r.type,
        status: r.status,
        merged: r.merged,
        callback: r.has_cb
          ? {
              contacted: r.contacted === true,
              solved: r.solved === true,
              satisfaction: r.satisfaction ?? "dissatisfied",
              valid: r.valid === true,
            }
          : null,
        count: Number(r.n),
      }));
    },

    /**
     * 办理时长 — each unit's orders of the period: how many were answered, the average and median hours
     * from receipt to 办结, and how many ran past their due time (answered late, or open and past due at
     * `asOf` or the period's end, whichever is earlier; duplicates merged away are not counted). The
     * slowest first (by average, then overdue count). One query.
     */
    slowestUnits: async (districtId: string, period: ReportPeriod, asOf: Date): Promise<SlowUnitRow[]> => {
      const { to } = periodBounds(period);
      const cut = new Date(Math.min(to.getTime(), asOf.getTime())).toISOString();
      return (
        await rowsOf<{
          id: string;
          code: string;
          name: string;
          orders: number | string;
          answered: number | string;
          avg_hours: number | string | null;
          median_hours: number | string | null;
          overdue: number | string;
        }>(
          db,
          sql`select u.id, u.code, u.name, count(*)::int as orders,
                     count(o.answered_at)::int as answered,
                     round((avg(extract(epoch from o.answered_at - o.received_at)) / 3600)::numeric, 1)::float8 as avg_hours,
                     round(((percentile_cont(0.5) within group (order by extract(epoch from o.answered_at - o.received_at))) / 3600)::numeric, 1)::float8 as median_hours,
                     count(*) filter (where o.status <> 'merged' and (o.answered_at > o.due_at
                                      or (o.answered_at is null and o.due_at < ${cut}::timestamptz)))::int as overdue
                from ${workOrders} o join ${handlingUnits} u on u.id = coalesce(o.lead_unit_id, o.assigned_unit_id)
               where ${monthWhere(districtId, period)}
               group by u.id, u.code, u.name
               order by avg_hours desc nulls last, overdue desc, u.code`,
        )
      ).map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        orders: Number(r.orders),
        answered: Number(r.answered),
        avgHours: r.avg_hours === null ? null : Number(r.avg_hours),
        medianHours: r.median_hours === null ? null : Number(r.median_hours),
        overdue: Number(r.overdue),
      }));
    },

    /**
     * 日报 counts of one Beijing day [from, to): orders received, dispatched (派单), answered (办结) in the
     * day, and orders whose due time fell in the day and were not answered by it (超期). One query.
     */
    dayCounts: async (districtId: string, day: { from: Date; to: Date }) => {
      const f = day.from.toISOString();
      const t = day.to.toISOString();
      const [r] = await rowsOf<Record<"received" | "dispatched" | "answered" | "overdue", number | string>>(
        db,
        sql`select count(*) filter (where o.received_at >= ${f}::timestamptz and o.received_at < ${t}::timestamptz)::int as received,
                   count(*) filter (where o.dispatched_at >= ${f}::timestamptz and o.dispatched_at < ${t}::timestamptz)::int as dispatched,
                   count(*) filter (where o.answered_at >= ${f}::timestamptz and o.answered_at < ${t}::timestamptz)::int as answered,
                   count(*) filter (where o.due_at >= ${f}::timestamptz and o.due_at < ${t}::timestamptz
                                      and o.status <> 'merged' and (o.answered_at is null or o.answered_at > o.due_at))::int as overdue
              from ${workOrders} o
             where o.district_id = ${districtId}
               and (o.received_at >= ${f}::timestamptz and o.received_at < ${t}::timestamptz
                    or o.dispatched_at >= ${f}::timestamptz and o.dispatched_at < ${t}::timestamptz
                    or o.answered_at >= ${f}::timestamptz and o.answered_at < ${t}::timestamptz
                    or o.due_at >= ${f}::timestamptz and o.due_at < ${t}::timestamptz)`,
      );
      return {
        received: Number(r?.received ?? 0),
        dispatched: Number(r?.dispatched ?? 0),
        answered: Number(r?.answered ?? 0),
        overdue: Number(r?.overdue ?? 0),
      };
    },

    /**
     * 临期 — orders open at `asOf` (received before it, not answered by it, not merged) that are not yet
     * overdue but have used at least `share` (default 80 %, the clock's second warning) of the time
     * between receipt and due, measured in elapsed time; soonest due first, at most `limit`, with the total.
     * One query.
     */
    nearingLimit: async (districtId: string, asOf: Date, opts: { share?: number; limit?: number } = {}) => {
      const a = asOf.toISOString();
      const share = opts.share ?? 0.8;
      const rows = await rowsOf<{
        id: string;
        number: string;
        received_at: Date | string;
        due_at: Date | string;
        category_id: string;
        category_name: string;
        unit_id: string | null;
        unit_name: string | null;
        used: number | string;
        total: number | string;
      }>(
        db,
        sql`select o.id, o.number, o.received_at, o.due_at, o.category_id, c.name_zh as category_name,
                   u.id as unit_id, u.name as unit_name,
                   round((extract(epoch from ${a}::timestamptz - o.received_at)
                          / nullif(extract(epoch from o.due_at - o.received_at), 0))::numeric, 4)::float8 as used,
                   count(*) over () as total
              from ${workOrders} o
              join ${requestCategories} c on c.id = o.category_id
              left join ${handlingUnits} u on u.id = coalesce(o.lead_unit_id, o.assigned_unit_id)
             where o.district_id = ${districtId}
               and o.received_at < ${a}::timestamptz
               and (o.answered_at is null or o.answered_at > ${a}::timestamptz)
               and o.status <> 'merged'
               and o.due_at > ${a}::timestamptz
               and extract(epoch from ${a}::timestamptz - o.received_at)
                   >= ${share} * extract(epoch from o.due_at - o.received_at)
             order by o.due_at, o.id
             limit ${opts.limit ?? 50}`,
      );
      return {
        total: Number(rows[0]?.total ?? 0),
        orders: rows.map((r) => ({
          id: r.id,
          number: r.number,
          receivedAt: new Date(r.received_at),
          dueAt: new Date(r.due_at),
          categoryId: r.category_id,
          categoryName: r.category_name,
          unitId: r.unit_id,
          unitName: r.unit_name,
          used: Number(r.used),
        })),
      };
    },

    /** The communities of a district with their 街道 (names for the 治理类 list). One query. */
    communitiesOf: async (districtId: string) =>
      (
        await rowsOf<{
          id: string;
          code: string;
          name: string;
          subdistrict_id: string;
          subdistrict_name: string;
        }>(
          db,
          sql`select c.id, c.code, c.name, s.id as subdistrict_id, s.name as subdistrict_name
                from communities c join subdistricts s on s.id = c.subdistrict_id
               where s.district_id = ${districtId}
               order by s.code, c.code`,
        )
      ).map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        subdistrictId: r.subdistrict_id,
        subdistrictName: r.subdistrict_name,
      })),
  };
}
