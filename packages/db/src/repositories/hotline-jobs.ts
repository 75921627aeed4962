/**
 * The set-based queries behind the 接诉即办 jobs (`packages/api/src/jobs.ts`): 催办 reminder candidates,
 * system events recorded at most once per order and key, the 督办 ledger items of overdue orders, and
 * the answered orders whose 回访 is late. Each is ONE statement over the candidates only; what is
 * recorded is guarded by unique indexes (`work_order_events_system_key_uq`, `ledger_items_work_order_uq`),
 * so two servers (or a job re-run after a crash) never record — or notify — anything twice.
 */
import type { TimeLimitKind, WorkOrderStatus } from "@gongzhi/core";
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client.ts";
import {
  handlingUnits,
  ledgerItems,
  roleAssignments,
  workOrderCallbacks,
  workOrderEvents,
  workOrders,
} from "../schema/index.ts";

async function rowsOf<R>(db: Executor, query: SQL): Promise<R[]> {
  const result = (await db.execute(query)) as unknown as { rows?: R[] } | R[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const textArray = (xs: readonly string[]) =>
  sql`${`{${xs.map((x) => `"${x.replaceAll(/["\\]/g, "")}"`).join(",")}}`}::text[]`;

/** An unanswered order in a community, past its due time, without its 督办 ledger item (alias `o`). */
const overdueWithoutItem = (now: Date) =>
  sql`o.status = any(${textArray(unansweredStatuses)}::work_order_status[])
      and o.due_at <= ${ts(now)}
      and o.community_id is not null
      and not exists (select 1 from ${ledgerItems} l where l.work_order_id = o.id)`;

/** Statuses in which the unit holding an order is working on it, with its clock running. */
export const remindableStatuses = [
  "dispatched",
  "accepted",
  "in_progress",
  "reopened",
] as const satisfies readonly WorkOrderStatus[];
/** Statuses of an order still not answered (the limit applies until 办结). */
export const unansweredStatuses = [
  "received",
  "dispatched",
  "returned",
  "accepted",
  "in_progress",
  "reopened",
] as const satisfies readonly WorkOrderStatus[];

export interface ReminderCandidate {
  id: string;
  number: string;
  assignedUnitId: string;
  limitKind: TimeLimitKind;
  limitAmount: number;
  receivedAt: Date;
  dueAt: Date;
  /** The reminder keys already recorded for the order (`time_used:50`, `time_used:80`). */
  sentKeys: string[];
}

export interface RecordedSystemEvent {
  workOrderId: string;
  systemKey: string;
}

export interface OverdueLedgerItem {
  ledgerItemId: string;
  workOrderId: string;
  number: string;
  communityId: string;
  deadline: string;
  assignedUnitId: string | null;
}

export interface LateCallback {
  id: string;
  number: string;
  districtId: string;
  subdistrictId: string | null;
  answeredAt: Date;
  round: number;
}

export function hotlineJobsRepository(db: Executor) {
  return {
    /**
     * Open orders held by a unit, not yet overdue, still missing the 80 % reminder, that may have used
     * half of their limit by `now`. A necessary condition only (the exact figure is core's `timeUsed`
     * on the working calendar): natural-hour limits compare natural time exactly; a limit of N ≥ 1
     * working days covers at least N whole days, so half of it needs at least N × 12 natural hours
     * since receipt; same-day limits are always candidates.
     */
    reminderCandidates: async (now: Date, limit = 5000): Promise<ReminderCandidate[]> => {
      const rows = await rowsOf<{
        id: string;
        number: string;
        assigned_unit_id: string;
        limit_kind: TimeLimitKind;
        limit_amount: number;
        received_at: Date | string;
        due_at: Date | string;
        sent_keys: string[] | null;
      }>(
        db,
        sql`select o.id, o.number, o.assigned_unit_id, o.limit_kind, o.limit_amount, o.received_at, o.due_at,
                   (select array_agg(e.system_key order by e.system_key) from ${workOrderEvents} e
                     where e.work_order_id = o.id and e.system_key in ('time_used:50', 'time_used:80')) as sent_keys
              from ${workOrders} o
             where o.status = any(${textArray(remindableStatuses)}::work_order_status[])
               and o.assigned_unit_id is not null
               and o.due_at > ${ts(now)}
               and not exists (select 1 from ${workOrderEvents} e
                                where e.work_order_id = o.id and e.system_key = 'time_used:80')
               and case when o.limit_kind = 'natural_hours'
                        then (${ts(now)} - o.received_at) * 2 >= (o.due_at - o.received_at)
                        else o.limit_amount = 0 or ${ts(now)} - o.received_at >= o.limit_amount * interval '12 hours'
                   end
             order by o.due_at, o.id
             limit ${limit}`,
      );
      return rows.map((r) => ({
        id: r.id,
        number: r.number,
        assignedUnitId: r.assigned_unit_id,
        limitKind: r.limit_kind,
        limitAmount: Number(r.limit_amount),
        receivedAt: new Date(r.received_at),
        dueAt: new Date(r.due_at),
        sentKeys: r.sent_keys ?? [],
      }));
    },

    /**
     * Record system events (kind `reminder`, actor `system`) — each (order, key) at most once: a key
     * already recorded (by this run, an earlier one, or another server at the same moment) is skipped.
     * Returns the events actually written: exactly those whose notification is due.
     */
    recordSystemEvents: async (
      events: readonly { workOrderId: string; systemKey: string; unitId: string | null; note: string }[],
      at: Date,
    ): Promise<RecordedSystemEvent[]> => {
      if (events.length === 0) return [];
      const rows = await db
        .insert(workOrderEvents)
        .values(
          events.map((e) => ({
            workOrderId: e.workOrderId,
            kind: "reminder" as const,
            actor: "system" as const,
            unitId: e.unitId,
            note: e.note,
            systemKey: e.systemKey,
            at,
          })),
        )
        .onConflictDoNothing({
          target: [workOrderEvents.workOrderId, workOrderEvents.systemKey],
          where: sql`${workOrderEvents.systemKey} is not null`,
        })
        .returning({ workOrderId: workOrderEvents.workOrderId, systemKey: workOrderEvents.systemKey });
      return rows.map((r) => ({ workOrderId: r.workOrderId, systemKey: r.systemKey! }));
    },

    /**
     * 督办 of overdue orders: every unanswered order past its due time, in a community, without a
     * ledger item yet, gets ONE (linked by `work_order_id`, unique): its title the order's number and
     * text, the responsible unit the unit holding it, the deadline the last day of the order's limit —
     * already missed, so the nightly 三级督办 (`ledger.escalate-overdue`) escalates it. One INSERT …
     * SELECT; a concurrent run inserts nothing twice (ON CONFLICT on the link). Returns the new items.
     */
    /** Whether any order awaits its 督办 ledger item (`openOverdueLedgerItems` would open one). */
    anyOverdueWithoutLedgerItem: async (now: Date): Promise<boolean> =>
      (
        await rowsOf<{ one: number }>(
          db,
          sql`select 1 as one from ${workOrders} o where ${overdueWithoutItem(now)} limit 1`,
        )
      ).length > 0,

    openOverdueLedgerItems: async (now: Date, limit = 5000): Promise<OverdueLedgerItem[]> => {
      const rows = await rowsOf<{
        id: string;
        work_order_id: string;
        number: string;
        community_id: string;
        deadline: string;
        assigned_unit_id: string | null;
      }>(
        db,
        sql`with overdue as (
              select o.id, o.number, o.community_id, o.assigned_unit_id, o.text, o.due_at,
                     coalesce(u.name, '') as unit_name
                from ${workOrders} o
                left join ${handlingUnits} u on u.id = o.assigned_unit_id
               where ${overdueWithoutItem(now)}
               order by o.due_at, o.id
               limit ${limit}
            ), inserted as (
              insert into ${ledgerItems} (community_id, work_order_id, title, description, responsible_unit, deadline)
              select community_id, id, left('工单 ' || number || ' 超时督办', 200), left(text, 2000),
                     case when unit_name = '' then '未派单' else unit_name end,
                     ((due_at - interval '1 millisecond') at time zone 'Asia/Shanghai')::date
                from overdue
              on conflict (work_order_id) do nothing
              returning id, work_order_id, community_id, deadline
            )
            select i.id, i.work_order_id, o.number, i.community_id, i.deadline::text as deadline, o.assigned_unit_id
              from inserted i join overdue o on o.id = i.work_order_id
             order by o.due_at, o.id`,
      );
      return rows.map((r) => ({
        ledgerItemId: r.id,
        workOrderId: r.work_order_id,
        number: r.number,
        communityId: r.community_id,
        deadline: String(r.deadline).slice(0, 10),
        assignedUnitId: r.assigned_unit_id,
      }));
    },

    /**
     * Answered orders (办结) answered before `cutoff` (core's `callbackLateCutoff`: their 回访 window has
     * passed) with no callback recorded for the current round and no `callback_due:<round>` event yet.
     */
    lateCallbacks: async (cutoff: Date, limit = 5000): Promise<LateCallback[]> => {
      const rows = await rowsOf<{
        id: string;
        number: string;
        district_id: string;
        subdistrict_id: string | null;
        answered_at: Date | string;
        round: number;
      }>(
        db,
        sql`select o.id, o.number, o.district_id, o.subdistrict_id, o.answered_at, o.reopen_count + 1 as round
              from ${workOrders} o
             where o.status = 'answered'
               and o.answered_at < ${ts(cutoff)}
               and not exists (select 1 from ${workOrderCallbacks} c
                                where c.work_order_id = o.id and c.round = o.reopen_count + 1)
               and not exists (select 1 from ${workOrderEvents} e
                                where e.work_order_id = o.id
                                  and e.system_key = 'callback_due:' || (o.reopen_count + 1))
             order by o.answered_at, o.id
             limit ${limit}`,
      );
      return rows.map((r) => ({
        id: r.id,
        number: r.number,
        districtId: r.district_id,
        subdistrictId: r.subdistrict_id,
        answeredAt: new Date(r.answered_at),
        round: Number(r.round),
      }));
    },

    /** unit_staff of some handling units, by unit (one query). */
    unitStaffByUnit: async (unitIds: readonly string[]): Promise<Map<string, string[]>> => {
      const out = new Map<string, string[]>();
      if (unitIds.length === 0) return out;
      const rows = await rowsOf<{ scope_id: string; user_id: string }>(
        db,
        sql`select scope_id, user_id from ${roleAssignments}
             where role = 'unit_staff' and scope_kind = 'handling_unit'
               and scope_id = any(${`{${[...new Set(unitIds)].join(",")}}`}::uuid[])
             order by scope_id, user_id`,
      );
      for (const r of rows) out.set(r.scope_id, [...(out.get(r.scope_id) ?? []), r.user_id]);
      return out;
    },

    /**
     * The dispatchers (派单员) of some areas, by area id: the staff of each 街道/乡镇 (subdistrict_staff)
     * and of each district (district_staff) — one query.
     */
    dispatchersByArea: async (areaIds: readonly string[]): Promise<Map<string, string[]>> => {
      const out = new Map<string, string[]>();
      if (areaIds.length === 0) return out;
      const rows = await rowsOf<{ scope_id: string; user_id: string }>(
        db,
        sql`select scope_id, user_id from ${roleAssignments}
             where ((role = 'subdistrict_staff' and scope_kind = 'subdistrict')
                 or (role = 'district_staff' and scope_kind = 'district'))
               and scope_id = any(${`{${[...new Set(areaIds)].join(",")}}`}::uuid[])
             order by scope_id, user_id`,
      );
      for (const r of rows) out.set(r.scope_id, [...(out.get(r.scope_id) ?? []), r.user_id]);
      return out;
    },
  };
}
