/**
 * 办理时限 — the time limits of 接诉即办 as a clock (北京市接诉即办工作条例 Art. 13: every order carries its
 * own limit, set from its category; Art. 19: water, power, gas and heating answer around the clock).
 *
 * Two kinds of limit (`TimeLimit`):
 * - **natural hours** (自然小时, the 24/7 services): due = the start + N × 3 600 000 ms. The calendar
 *   plays no part.
 * - **working days** (工作日): N working days = **the end of the Nth working day after the day the order
 *   was received**, in Beijing time (UTC+8). The day of receipt never counts, whatever the hour; the
 *   due instant is 00:00 Beijing of the day after the Nth working day (exclusive: at that instant the
 *   order is overdue). 0 working days means the same day (当日): the end of the day of receipt.
 *   Working days are Mon–Fri, minus the official holidays (法定节假日), plus the 调休 make-up working
 *   Saturdays and Sundays — the State Council's calendar, published each winter for the next year.
 *
 * The calendar is data (`WorkingCalendar`, built from plain rows) so the database can load it from a
 * table staff can correct; core never fetches or bundles it (ADR 0014). Asking about a year the
 * calendar does not cover is an error, not a guess: the next year's 调休 are unknown until announced.
 *
 * Extensions (延期): only an approved request moves the due time (`effectiveDueAt`); the clock keeps
 * running while a request is pending (a unit asks before its limit, the dispatcher decides).
 */
import type { TimeLimit, WorkingCalendarData } from "../model/hotline.ts";
import { beijingDate } from "./clock.ts";
import { addDays, assertIsoDate, type IsoDate } from "./dates.ts";
import { RuleInputError } from "./errors.ts";

const HOUR_MS = 3_600_000;
const BEIJING_OFFSET_MS = 8 * HOUR_MS;
const DAY_MS = 24 * HOUR_MS;

/** The official working calendar for some years: holidays and 调休 make-up working days. */
export interface WorkingCalendar {
  readonly years: ReadonlySet<number>;
  /** Days off that would otherwise be working days (and may list the weekend days inside a holiday). */
  readonly holidays: ReadonlySet<IsoDate>;
  /** 调休: Saturdays and Sundays that are working days. */
  readonly makeUpWorkdays: ReadonlySet<IsoDate>;
}

/** 0 = Sunday … 6 = Saturday, of a calendar day. */
export function dayOfWeek(date: IsoDate): number {
  return new Date(`${assertIsoDate(date)}T00:00:00Z`).getUTCDay();
}

/** Saturday or Sunday — the only days that can be 调休 make-up working days. */
export function isWeekend(date: IsoDate): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

/**
 * Builds a calendar from plain rows (`workingCalendarData`: the years covered and the exceptional
 * days). A `regular` row is an ordinary day (Mon–Fri work, weekend rest): no exception. Refuses a day outside the years, a day listed twice, a make-up working day that is not a
 * Saturday or Sunday, and an empty list of years (RuleInputError `invalid_calendar`).
 */
export function workingCalendar(data: WorkingCalendarData): WorkingCalendar {
  const bad = (msg: string, id?: string): never => {
    throw new RuleInputError("invalid_calendar", msg, id);
  };
  if (data.years.length === 0) bad("a calendar covers at least one year");
  const years = new Set(data.years);
  const holidays = new Set<IsoDate>();
  const makeUpWorkdays = new Set<IsoDate>();
  // `regular` rows (a staff correction: "an ordinary day") are no exception; kept only to refuse duplicates.
  const regular = new Set<IsoDate>();
  for (const day of data.days) {
    assertIsoDate(day.date);
    if (!years.has(Number(day.date.slice(0, 4))))
      bad(`${day.date} is outside the calendar's years`, day.date);
    if (holidays.has(day.date) || makeUpWorkdays.has(day.date) || regular.has(day.date))
      bad(`${day.date} is listed twice`, day.date);
    if (day.kind === "regular") regular.add(day.date);
    else if (day.kind === "make_up_workday") {
      if (!isWeekend(day.date))
        bad(`${day.date} is a weekday: only a weekend day is a make-up working day`, day.date);
      makeUpWorkdays.add(day.date);
    } else holidays.add(day.date);
  }
  return { years, holidays, makeUpWorkdays };
}

/** Whether `date` is a working day (工作日). Throws RuleInputError `calendar_out_of_range` outside its years. */
export function isWorkingDay(date: IsoDate, calendar: WorkingCalendar): boolean {
  const year = Number(assertIsoDate(date).slice(0, 4));
  if (!calendar.years.has(year)) {
    throw new RuleInputError(
      "calendar_out_of_range",
      `The working calendar does not cover ${year}; load that year's official calendar first`,
      date,
    );
  }
  if (calendar.makeUpWorkdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  return !isWeekend(date);
}

/** 00:00 Beijing time of a calendar day, as an instant. */
export function beijingStartOfDay(date: IsoDate): Date {
  return new Date(Date.parse(`${assertIsoDate(date)}T00:00:00Z`) - BEIJING_OFFSET_MS);
}

/** The end of a Beijing calendar day: 00:00 Beijing of the next day (exclusive). */
export function beijingEndOfDay(date: IsoDate): Date {
  return beijingStartOfDay(addDays(date, 1));
}

/** The Nth working day after `date` (N ≥ 1), or `date` itself for N = 0. */
export function addWorkingDays(date: IsoDate, n: number, calendar: WorkingCalendar): IsoDate {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RuleInputError("invalid_limit", `not a count of days: ${n}`);
  let d = date;
  for (let count = 0; count < n; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d, calendar)) count++;
  }
  return d;
}

function checkLimit(limit: TimeLimit): void {
  if (!Number.isSafeInteger(limit.amount) || limit.amount < 0)
    throw new RuleInputError("invalid_limit", `a time limit is a whole number ≥ 0, got ${limit.amount}`);
}

/**
 * When an order started at `start` is due under `limit` (see the module comment for the exact rule).
 * Natural hours ignore the calendar (it may be null); working days need it.
 *
 *   dueAt(2026-02-13 10:00 Beijing, 3 working days) = 2026-02-26 00:00 Beijing: the 14th is a 调休
 *   Saturday (1), the 15th–23rd are the Spring Festival, then the 24th (2) and the 25th (3).
 */
export function dueAt(start: Date, limit: TimeLimit, calendar: WorkingCalendar | null): Date {
  checkLimit(limit);
  if (limit.kind === "natural_hours") return new Date(start.getTime() + limit.amount * HOUR_MS);
  if (!calendar) throw new RuleInputError("calendar_required", "a limit in working days needs the calendar");
  return beijingEndOfDay(addWorkingDays(beijingDate(start), limit.amount, calendar));
}

/**
 * A due time moved by an extension (延期) of `extension`: natural hours add to the instant; working days
 * count from the last day of the current limit (the Beijing day just before `due`).
 */
export function extendDueAt(due: Date, extension: TimeLimit, calendar: WorkingCalendar | null): Date {
  checkLimit(extension);
  if (extension.kind === "natural_hours") return new Date(due.getTime() + extension.amount * HOUR_MS);
  if (!calendar)
    throw new RuleInputError("calendar_required", "an extension in working days needs the calendar");
  const lastDay = beijingDate(new Date(due.getTime() - 1));
  return beijingEndOfDay(addWorkingDays(lastDay, extension.amount, calendar));
}

/**
 * The due time of an order after its extensions: only **approved** requests count, applied in the order
 * they were decided. Pending and rejected requests change nothing.
 */
export function effectiveDueAt(
  start: Date,
  limit: TimeLimit,
  extensions: readonly { status: string; extension: TimeLimit; decidedAt: Date | null }[],
  calendar: WorkingCalendar | null,
): Date {
  const approved = extensions
    .filter((e) => e.status === "approved" && e.decidedAt !== null)
    .sort((a, b) => a.decidedAt!.getTime() - b.decidedAt!.getTime());
  return approved.reduce((due, e) => extendDueAt(due, e.extension, calendar), dueAt(start, limit, calendar));
}

/** Days since 1970-01-01 of the Beijing calendar day of an instant (ms). */
const beijingDayNumber = (ms: number): number => Math.floor((ms + BEIJING_OFFSET_MS) / DAY_MS);

/** A calendar's exceptional days as day numbers (cached per set: a calendar is an immutable value). */
const dayNumberCache = new WeakMap<ReadonlySet<IsoDate>, { size: number; days: Set<number> }>();
function dayNumbersOf(dates: ReadonlySet<IsoDate>): Set<number> {
  const hit = dayNumberCache.get(dates);
  if (hit && hit.size === dates.size) return hit.days;
  // An entry that is not a calendar day (never in a calendar `workingCalendar` built) matches no day.
  const days = new Set<number>();
  for (const d of dates) days.add(Date.parse(`${d}T00:00:00Z`) / DAY_MS);
  dayNumberCache.set(dates, { size: dates.size, days });
  return days;
}

/**
 * Milliseconds of [from, to) that fall on working days (whole Beijing days count, 24 h each). The
 * same rule as `isWorkingDay` day by day, on day numbers: a list deep in a unit's inbox asks this of
 * orders received months ago, and string dates cost ≈ 0.1 ms per order per month
 * (packages/api/bench/hotline-scale.ts). Throws `calendar_out_of_range` for the first day of the span
 * outside the calendar's years, as `isWorkingDay` does.
 */
export function workingMsBetween(from: Date, to: Date, calendar: WorkingCalendar): number {
  const f = from.getTime();
  const t = to.getTime();
  if (t <= f) return 0;
  if (Number.isNaN(f) || Number.isNaN(t)) throw new RangeError("Invalid time value");
  const first = beijingDayNumber(f);
  const last = beijingDayNumber(t - 1);
  const firstYear = new Date(first * DAY_MS).getUTCFullYear();
  const lastYear = new Date(last * DAY_MS).getUTCFullYear();
  for (let y = firstYear; y <= lastYear; y++) {
    if (calendar.years.has(y)) continue;
    const day = Math.max(first, Date.UTC(y, 0, 1) / DAY_MS);
    // isWorkingDay's error, for the same (first uncovered) day
    isWorkingDay(new Date(day * DAY_MS).toISOString().slice(0, 10), calendar);
  }
  const makeUp = dayNumbersOf(calendar.makeUpWorkdays);
  const holidays = dayNumbersOf(calendar.holidays);
  let total = 0;
  for (let n = first; n <= last; n++) {
    const dow = (((n + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
    const working = makeUp.has(n) || (!holidays.has(n) && dow !== 0 && dow !== 6);
    if (!working) continue;
    const s = Math.max(n * DAY_MS - BEIJING_OFFSET_MS, f);
    const e = Math.min((n + 1) * DAY_MS - BEIJING_OFFSET_MS, t);
    if (e > s) total += e - s;
  }
  return total;
}

/** 预警 levels: under half of the limit used, at least 50 %, at least 80 %, overdue (超时). */
export const timeUsedLevels = ["normal", "warning_50", "warning_80", "overdue"] as const;
export type TimeUsedLevel = (typeof timeUsedLevels)[number];

export interface TimeUsed {
  /** Time used so far and the whole limit, in ms: a fraction exact in integers. */
  usedMs: number;
  totalMs: number;
  /** usedMs / totalMs in basis points, rounded down (can exceed 10 000 when overdue). */
  basisPoints: number;
  level: TimeUsedLevel;
  overdue: boolean;
}

/**
 * How much of its limit an order has used at `now`. With a calendar (working-day limits) only time on
 * working days counts — a holiday does not eat into the limit; with `null` (24/7 limits) all time
 * counts. Levels: ≥ 50 % warning_50, ≥ 80 % warning_80 (both inclusive, compared exactly in
 * integers), and overdue from `due` on. If the limit has no working time at all (0 working days,
 * received on a day off), natural time is used.
 */
export function timeUsed(start: Date, now: Date, due: Date, calendar: WorkingCalendar | null): TimeUsed {
  const measure = (a: Date, b: Date): number =>
    calendar ? workingMsBetween(a, b, calendar) : Math.max(0, b.getTime() - a.getTime());
  let totalMs = measure(start, due);
  let usedMs = measure(start, now);
  if (totalMs === 0) {
    totalMs = Math.max(0, due.getTime() - start.getTime());
    usedMs = Math.max(0, now.getTime() - start.getTime());
  }
  const overdue = isOverdue(now, due);
  const bp = totalMs === 0 ? (overdue ? 10_000 : 0) : Number((BigInt(usedMs) * 10_000n) / BigInt(totalMs));
  const level: TimeUsedLevel = overdue
    ? "overdue"
    : totalMs > 0 && usedMs * 5 >= totalMs * 4
      ? "warning_80"
      : totalMs > 0 && usedMs * 2 >= totalMs
        ? "warning_50"
        : "normal";
  return { usedMs, totalMs, basisPoints: bp, level, overdue };
}

/** 超时: an order is overdue from its due instant on (the due instant itself is already late). */
export function isOverdue(now: Date, due: Date): boolean {
  return now.getTime() >= due.getTime();
}

/**
 * Limits seen in departmental rules (practice, not law — DOMAIN.md §9): emergencies the same day,
 * consultation and help within 3 working days, complaints, reports and suggestions within 13. The
 * category's own `defaultTimeLimit` is what an order takes; these seed the categories.
 */
export const practiceTimeLimits = {
  emergency: { kind: "working_days", amount: 0 },
  consultation: { kind: "working_days", amount: 3 },
  help: { kind: "working_days", amount: 3 },
  complaint: { kind: "working_days", amount: 13 },
  report: { kind: "working_days", amount: 13 },
  suggestion: { kind: "working_days", amount: 13 },
} as const satisfies Record<string, TimeLimit>;

/**
 * 催办 thresholds (预警): a reminder to the unit holding an order when its time used first reaches 50 %
 * and again at 80 % of the limit (DOMAIN.md §9; the levels of `timeUsed`). Each is sent once per order.
 */
export const reminderThresholds = [50, 80] as const;
export type ReminderThreshold = (typeof reminderThresholds)[number];

/** The thresholds an order's time used has reached (none once it is overdue: that is 督办, not 催办). */
export function reachedReminderThresholds(used: TimeUsed): ReminderThreshold[] {
  if (used.level === "warning_80") return [50, 80];
  if (used.level === "warning_50") return [50];
  return [];
}

/**
 * 回访 window: the callback is due the day after 办结 (DOMAIN.md §9, "callback the next day") — by the
 * end of the next Beijing calendar day. `callbackDueAt(answeredAt)` is that instant (exclusive: from it
 * on the callback is late).
 */
export function callbackDueAt(answeredAt: Date): Date {
  return beijingEndOfDay(addDays(beijingDate(answeredAt), 1));
}

/**
 * The set-based form of `callbackDueAt` for a query: at `now`, the callbacks of orders answered before
 * the returned instant are late (answeredAt < cutoff ⟺ callbackDueAt(answeredAt) ≤ now).
 */
export function callbackLateCutoff(now: Date): Date {
  return beijingStartOfDay(addDays(beijingDate(now), -1));
}
