/**
 * The 接诉即办 jobs (registered in `jobs.ts`), each run as the system (actorId null), each a few
 * set-based statements over the candidates only (`hotlineJobsRepository`), each idempotent — what it
 * records is keyed by a unique index, so a re-run, a restart or a second server records and notifies
 * nothing twice:
 *
 * - **催办** `remindWorkOrders`: an order whose time used (core's `timeUsed` on the working calendar)
 *   reached 50 % / 80 % of its limit gets a `reminder` event `time_used:50` / `time_used:80`, and the
 *   staff of the unit holding it a notification, once per threshold (DOMAIN.md §9 预警).
 * - **督办** `escalateOverdueWorkOrders`: an unanswered order past its due time gets ONE ledger item
 *   (台账, DOMAIN.md §6) linked to it, at community level with the missed day as its deadline, which the
 *   nightly 三级督办 (`ledger.escalate-overdue`) then escalates; and an `overdue` event.
 * - **回访** `flagLateCallbacks`: an answered order whose callback is past its window (the day after
 *   办结, core's `callbackDueAt`) gets a `callback_due:<round>` event, and the dispatchers of its
 *   街道/乡镇 (else of its district) a notification.
 */
import {
  beijingDate,
  callbackLateCutoff,
  type ReminderThreshold,
  RuleInputError,
  reachedReminderThresholds,
  timeUsed,
} from "@gongzhi/core";
import { type AuditInput, hotlineJobsRepository, workingCalendarFrom } from "@gongzhi/db";
import { links } from "./links.ts";
import { notify } from "./notify.ts";
import { audited, type Context } from "./trpc.ts";

type JobCtx = Pick<Context, "db" | "actor" | "ip">;
type Entry = Omit<AuditInput, "actorId" | "ip">;

export const reminderKey = (t: ReminderThreshold) => `time_used:${t}`;
export const overdueKey = "overdue";
export const callbackDueKey = (round: number) => `callback_due:${round}`;

export interface ReminderSummary {
  candidates: number;
  reminded: number;
  skipped: number;
}

/** 催办 at 50 % / 80 % of the limit (see the module comment). */
export async function remindWorkOrders(
  ctx: JobCtx,
  now: Date,
  log: (line: string) => void = () => {},
): Promise<ReminderSummary> {
  const jobs = hotlineJobsRepository(ctx.db);
  const candidates = await jobs.reminderCandidates(now);
  if (candidates.length === 0) return { candidates: 0, reminded: 0, skipped: 0 };
  const firstYear = Math.min(...candidates.map((c) => Number(beijingDate(c.receivedAt).slice(0, 4))));
  const lastYear = Math.max(...candidates.map((c) => Number(beijingDate(c.dueAt).slice(0, 4))));
  const years = Array.from({ length: lastYear - firstYear + 1 }, (_, i) => firstYear + i);
  const calendar = await workingCalendarFrom(ctx.db, years);
  let skipped = 0;
  const due: { c: (typeof candidates)[number]; thresholds: ReminderThreshold[] }[] = [];
  for (const c of candidates) {
    try {
      const used = timeUsed(c.receivedAt, now, c.dueAt, c.limitKind === "natural_hours" ? null : calendar);
      const thresholds = reachedReminderThresholds(used).filter((t) => !c.sentKeys.includes(reminderKey(t)));
      if (thresholds.length > 0) due.push({ c, thresholds });
    } catch (error) {
      // A year the calendar does not cover: not guessed (ADR 0016); the next tick tries again.
      if (!(error instanceof RuleInputError)) throw error;
      skipped += 1;
      log(`[scheduler] 催办 ${c.number} skipped: ${error.message}`);
    }
  }
  if (due.length === 0) return { candidates: candidates.length, reminded: 0, skipped };
  return audited(ctx, async (tx) => {
    const repo = hotlineJobsRepository(tx);
    const recorded = await repo.recordSystemEvents(
      due.flatMap(({ c, thresholds }) =>
        thresholds.map((t) => ({
          workOrderId: c.id,
          systemKey: reminderKey(t),
          unitId: c.assignedUnitId,
          note: `催办：办理时限已用 ${t}%`,
        })),
      ),
      now,
    );
    const byOrder = new Map<string, ReminderThreshold[]>();
    for (const r of recorded) {
      const t = Number(r.systemKey.split(":")[1]) as ReminderThreshold;
      byOrder.set(r.workOrderId, [...(byOrder.get(r.workOrderId) ?? []), t]);
    }
    const staff = await repo.unitStaffByUnit(due.map((d) => d.c.assignedUnitId));
    const entries: Entry[] = [];
    for (const { c } of due) {
      const thresholds = byOrder.get(c.id);
      if (!thresholds) continue; // another run recorded them first
      const highest = Math.max(...thresholds) as ReminderThreshold;
      await notify(tx, {
        userIds: staff.get(c.assignedUnitId) ?? [],
        kind: "work_order_update",
        messageKey: `notification.work_order.time_used_${highest}`,
        params: { number: c.number },
        link: links.consoleWorkOrder(c.id),
        at: now,
      });
      entries.push({
        action: "workOrders.remind",
        entityType: "work_order",
        entityId: c.id,
        after: { thresholds: thresholds.sort((a, b) => a - b), unitId: c.assignedUnitId },
      });
    }
    const summary = { candidates: candidates.length, reminded: entries.length, skipped };
    return {
      result: summary,
      audit: [...entries, { action: "workOrders.remind_due", entityType: "job", after: summary }],
    };
  });
}

export interface OverdueSummary {
  opened: number;
}

/** 督办: one ledger item per overdue order (see the module comment). */
export async function escalateOverdueWorkOrders(ctx: JobCtx, now: Date): Promise<OverdueSummary> {
  if (!(await hotlineJobsRepository(ctx.db).anyOverdueWithoutLedgerItem(now))) return { opened: 0 };
  return audited(ctx, async (tx) => {
    const repo = hotlineJobsRepository(tx);
    const items = await repo.openOverdueLedgerItems(now);
    await repo.recordSystemEvents(
      items.map((i) => ({
        workOrderId: i.workOrderId,
        systemKey: overdueKey,
        unitId: i.assignedUnitId,
        note: "超时：已转督办台账",
      })),
      now,
    );
    const staff = await repo.unitStaffByUnit(
      items.flatMap((i) => (i.assignedUnitId ? [i.assignedUnitId] : [])),
    );
    for (const i of items)
      if (i.assignedUnitId)
        await notify(tx, {
          userIds: staff.get(i.assignedUnitId) ?? [],
          kind: "work_order_update",
          messageKey: "notification.work_order.overdue_supervised",
          params: { number: i.number },
          link: links.consoleWorkOrder(i.workOrderId),
          at: now,
        });
    const entries: Entry[] = items.map((i) => ({
      action: "workOrders.escalate_overdue",
      entityType: "ledger_item",
      entityId: i.ledgerItemId,
      after: { workOrderId: i.workOrderId, communityId: i.communityId, deadline: i.deadline },
    }));
    return {
      result: { opened: items.length },
      audit: [
        ...entries,
        { action: "workOrders.escalate_overdue_due", entityType: "job", after: { opened: items.length } },
      ],
    };
  });
}

export interface LateCallbackSummary {
  flagged: number;
}

/** 回访 past its window: a queue entry (event + notification) for the dispatchers (module comment). */
export async function flagLateCallbacks(ctx: JobCtx, now: Date): Promise<LateCallbackSummary> {
  const cutoff = callbackLateCutoff(now);
  const late = await hotlineJobsRepository(ctx.db).lateCallbacks(cutoff);
  if (late.length === 0) return { flagged: 0 };
  return audited(ctx, async (tx) => {
    const repo = hotlineJobsRepository(tx);
    const recorded = await repo.recordSystemEvents(
      late.map((o) => ({
        workOrderId: o.id,
        systemKey: callbackDueKey(o.round),
        unitId: null,
        note: `回访超期：第 ${o.round} 轮回访未完成`,
      })),
      now,
    );
    const fresh = new Set(recorded.map((r) => r.workOrderId));
    const dispatchers = await repo.dispatchersByArea(late.flatMap((o) => [o.subdistrictId ?? o.districtId]));
    const entries: Entry[] = [];
    for (const o of late) {
      if (!fresh.has(o.id)) continue;
      await notify(tx, {
        userIds: dispatchers.get(o.subdistrictId ?? o.districtId) ?? [],
        kind: "work_order_update",
        messageKey: "notification.work_order.callback_due",
        params: { number: o.number },
        link: links.consoleWorkOrder(o.id),
        at: now,
      });
      entries.push({
        action: "workOrders.callback_due",
        entityType: "work_order",
        entityId: o.id,
        after: { round: o.round, answeredAt: o.answeredAt.toISOString() },
      });
    }
    return {
      result: { flagged: entries.length },
      audit: [
        ...entries,
        {
          action: "workOrders.callback_due_scan",
          entityType: "job",
          after: { flagged: entries.length, cutoff: cutoff.toISOString() },
        },
      ],
    };
  });
}
