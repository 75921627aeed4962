/**
 * Ledger (台账) items and 三级督办 (three-level supervision: community → subdistrict → district),
 * DOMAIN.md §6: open → in_progress → done (with evidence) | overdue (deadline missed) → escalated one
 * supervision level per missed deadline; monthly and quarterly close-out (销账) reports.
 */
import type { LedgerStatus, Role, SupervisionLevel } from "../model/enums.ts";
import { supervisionLevels } from "../model/enums.ts";
import { addDays, addMonths, assertIsoDate, compareDates, type IsoDate } from "./dates.ts";
import { RuleInputError } from "./errors.ts";
import { defineLifecycle, type TransitionRule } from "./transitions.ts";

export type LedgerActor = Role | "system";

export interface LedgerTransitionContext {
  /** Evidence (photos, documents, notes) — at least one item required to close. */
  evidence?: readonly unknown[] | null;
  /** Current supervision level, for → escalated (cannot escalate beyond district). */
  level?: SupervisionLevel;
}

const staff = ["community_staff", "subdistrict_staff", "district_staff"] as const satisfies readonly Role[];
const staffAndSystem = [...staff, "system"] as const;
// The system closes an item too, with evidence, when the work order it supervises is answered (办结 —
// the answer is the evidence; see the 接诉即办 督办 job): the item was opened by the system for that
// order alone, and its 三级督办 must stop once the order is answered.
const closers = staffAndSystem;
const evidenceGuard = (c: LedgerTransitionContext) =>
  c.evidence && c.evidence.length > 0 ? null : "evidence required to close (销账)";
const escalationGuard = (c: LedgerTransitionContext) =>
  c.level === undefined || nextSupervisionLevel(c.level) !== null ? null : "already at district level";

const table: readonly TransitionRule<LedgerStatus, LedgerActor, LedgerTransitionContext>[] = [
  { from: "open", to: "in_progress", actors: staff, label: "Work started" },
  { from: "open", to: "done", actors: closers, label: "Closed with evidence", guard: evidenceGuard },
  { from: "in_progress", to: "done", actors: closers, label: "Closed with evidence", guard: evidenceGuard },
  { from: "open", to: "overdue", actors: staffAndSystem, label: "Deadline missed" },
  { from: "in_progress", to: "overdue", actors: staffAndSystem, label: "Deadline missed" },
  {
    from: "overdue",
    to: "escalated",
    actors: staffAndSystem,
    label: "督办: one level up",
    guard: escalationGuard,
  },
  { from: "overdue", to: "done", actors: closers, label: "Closed late with evidence", guard: evidenceGuard },
  { from: "escalated", to: "in_progress", actors: staff, label: "Work resumed under supervision" },
  { from: "escalated", to: "done", actors: closers, label: "Closed with evidence", guard: evidenceGuard },
  { from: "escalated", to: "overdue", actors: staffAndSystem, label: "New deadline missed" },
];

export const ledgerLifecycle = defineLifecycle("ledger_item", table);
export const ledgerTransitions = table;

export function assertLedgerTransition(
  from: LedgerStatus,
  to: LedgerStatus,
  actor: LedgerActor,
  ctx?: LedgerTransitionContext,
): void {
  ledgerLifecycle.assert(from, to, actor, ctx);
}

export function canTransitionLedger(
  from: LedgerStatus,
  to: LedgerStatus,
  actor: LedgerActor,
  ctx?: LedgerTransitionContext,
): boolean {
  return ledgerLifecycle.can(from, to, actor, ctx);
}

export function nextLedgerStatuses(
  from: LedgerStatus,
  actor?: LedgerActor,
  ctx?: LedgerTransitionContext,
): LedgerStatus[] {
  return ledgerLifecycle.next(from, actor, ctx);
}

/** The next 三级督办 level, or null above district. */
export function nextSupervisionLevel(level: SupervisionLevel): SupervisionLevel | null {
  const i = supervisionLevels.indexOf(level);
  return supervisionLevels[i + 1] ?? null;
}

/** The supervision level after `missedDeadlines` missed deadlines, starting at community; capped at district. */
export function supervisionLevelAfter(
  missedDeadlines: number,
  start: SupervisionLevel = "community",
): SupervisionLevel {
  const i = Math.min(
    supervisionLevels.indexOf(start) + Math.max(0, missedDeadlines),
    supervisionLevels.length - 1,
  );
  return supervisionLevels[i] ?? "district";
}

/** Is an unfinished item past its deadline on `today`? (Due on the deadline day itself is not overdue.) */
export function isLedgerItemOverdue(
  item: { status: LedgerStatus; deadline: IsoDate },
  today: IsoDate,
): boolean {
  return item.status !== "done" && compareDates(today, item.deadline) > 0;
}

// ---------------------------------------------------------------------------------------------
// Close-out (销账) reports
// ---------------------------------------------------------------------------------------------

export type ReportPeriod =
  | { kind: "month"; year: number; month: number }
  | { kind: "quarter"; year: number; quarter: number };

/** First and last day (inclusive) of a month or quarter. */
export function periodBounds(period: ReportPeriod): { start: IsoDate; end: IsoDate } {
  const firstMonth = period.kind === "month" ? period.month : (period.quarter - 1) * 3 + 1;
  const months = period.kind === "month" ? 1 : 3;
  const valid =
    Number.isInteger(period.year) &&
    (period.kind === "month"
      ? Number.isInteger(period.month) && period.month >= 1 && period.month <= 12
      : Number.isInteger(period.quarter) && period.quarter >= 1 && period.quarter <= 4);
  if (!valid) throw new RuleInputError("invalid_period", `Invalid report period ${JSON.stringify(period)}`);
  const start = `${String(period.year).padStart(4, "0")}-${String(firstMonth).padStart(2, "0")}-01`;
  return { start, end: addDays(addMonths(start, months), -1) };
}

export interface LedgerReportItem {
  id: string;
  /** The responsible unit (as on the LedgerItem entity). */
  responsibleUnit: string;
  /** The day the item was opened (e.g. the entity's createdAt date). */
  openedOn: IsoDate;
  deadline: IsoDate;
  /** The day it was closed (销账) with evidence, or null. */
  closedOn: IsoDate | null;
}

export interface LedgerUnitReport {
  responsibleUnit: string;
  /** Opened within the period. */
  opened: number;
  /** Closed within the period. */
  closed: number;
  /** Of those closed, closed on or before their deadline. */
  closedOnTime: number;
  /** Open at the end of the period and past their deadline then. */
  overdue: number;
  /** Open at the end of the period (overdue or not). */
  outstanding: number;
}

/**
 * Monthly or quarterly close-out (销账) report per responsible unit: opened / closed / overdue counts.
 * "Overdue" = still open at the period end with its deadline before the period end.
 * Units appear in first-seen order; units with nothing to report in the period are omitted.
 */
export function ledgerCloseOutReport(
  items: readonly LedgerReportItem[],
  period: ReportPeriod,
): {
  period: ReportPeriod;
  start: IsoDate;
  end: IsoDate;
  units: LedgerUnitReport[];
  totals: Omit<LedgerUnitReport, "responsibleUnit">;
} {
  const { start, end } = periodBounds(period);
  const within = (d: IsoDate) => compareDates(d, start) >= 0 && compareDates(d, end) <= 0;
  const byUnit = new Map<string, LedgerUnitReport>();
  const totals = { opened: 0, closed: 0, closedOnTime: 0, overdue: 0, outstanding: 0 };
  for (const item of items) {
    assertIsoDate(item.openedOn);
    assertIsoDate(item.deadline);
    if (item.closedOn !== null) assertIsoDate(item.closedOn);
    const row = { opened: 0, closed: 0, closedOnTime: 0, overdue: 0, outstanding: 0 };
    if (within(item.openedOn)) row.opened = 1;
    if (item.closedOn !== null && within(item.closedOn)) {
      row.closed = 1;
      if (compareDates(item.closedOn, item.deadline) <= 0) row.closedOnTime = 1;
    }
    const openAtEnd =
      compareDates(item.openedOn, end) <= 0 &&
      (item.closedOn === null || compareDates(item.closedOn, end) > 0);
    if (openAtEnd) {
      row.outstanding = 1;
      if (compareDates(item.deadline, end) < 0) row.overdue = 1;
    }
    if (row.opened + row.closed + row.outstanding === 0) continue;
    let unit = byUnit.get(item.responsibleUnit);
    if (!unit) {
      unit = {
        responsibleUnit: item.responsibleUnit,
        opened: 0,
        closed: 0,
        closedOnTime: 0,
        overdue: 0,
        outstanding: 0,
      };
      byUnit.set(item.responsibleUnit, unit);
    }
    for (const k of ["opened", "closed", "closedOnTime", "overdue", "outstanding"] as const) {
      unit[k] += row[k];
      totals[k] += row[k];
    }
  }
  return { period, start, end, units: [...byUnit.values()], totals };
}
