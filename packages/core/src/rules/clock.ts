/**
 * The clock: "now" as data, so every rule that compares a date a person typed with the present can be
 * tested at any moment (tests move time; nothing reads the system clock behind a rule's back).
 *
 * Gongzhi's calendar is Beijing's (UTC+8, no daylight saving since 1991): "today" is the Beijing
 * calendar day of an instant. The date rules here are the ones records must obey to be true:
 * - an event that is being recorded as having happened (a meeting held, a committee elected or filed,
 *   a contract filed, a coordinator hired) cannot be dated after today;
 * - a time limit being set (a ledger deadline) cannot already have passed;
 * - a notice (公告) cannot be dated before the day it is recorded (北京市物业管理条例 Art. 35 counts
 *   the 15 days from a real notice, not from a date typed in afterwards).
 */
import { compareDates, type IsoDate } from "./dates.ts";

/** Where "now" comes from. Production uses {@link systemClock}; tests use {@link manualClock}. */
export interface Clock {
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved: `set` and `advance` (milliseconds) move it. */
export interface ManualClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

/** A clock for tests, starting at `start`. */
export function manualClock(start: Date | string): ManualClock {
  let t = new Date(start).getTime();
  if (Number.isNaN(t)) throw new RangeError(`not a date: ${String(start)}`);
  return {
    now: () => new Date(t),
    set(at) {
      const next = new Date(at).getTime();
      if (Number.isNaN(next)) throw new RangeError(`not a date: ${String(at)}`);
      t = next;
    },
    advance(ms) {
      t += ms;
    },
  };
}

/** A clock running `offsetMs` ahead of (or, negative, behind) another one. */
export function offsetClock(base: Clock, offsetMs: () => number): Clock {
  return { now: () => new Date(base.now().getTime() + offsetMs()) };
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** The Beijing calendar day (UTC+8) of an instant, "YYYY-MM-DD". */
export function beijingDate(instant: Date): IsoDate {
  return new Date(instant.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Beijing calendar month (UTC+8) of an instant, "YYYY-MM". */
export function beijingMonth(instant: Date): string {
  return beijingDate(instant).slice(0, 7);
}

/** Today in Beijing by `clock`. */
export function beijingToday(clock: Clock): IsoDate {
  return beijingDate(clock.now());
}

/** What a typed date means, which decides how it must stand to today. */
export type DateMeaning =
  /** The day something happened (held, elected, filed, hired): today or earlier. */
  | "occurred"
  /** A time limit being set (a deadline): today or later. */
  | "due"
  /** The day a notice is posted: today or later (never backdated). */
  | "noticed";

/** Why a typed date was refused: stable codes the API turns into messages. */
export type DateRuleCode = "date_in_future" | "date_in_past" | "notice_backdated";

export interface DateRuleViolation {
  code: DateRuleCode;
  date: IsoDate;
  today: IsoDate;
}

/**
 * Checks a typed date against today (Beijing). Returns null when it may be recorded, else why not.
 * Boundaries: today itself is allowed for every meaning.
 */
export function checkTypedDate(
  meaning: DateMeaning,
  date: IsoDate,
  today: IsoDate,
): DateRuleViolation | null {
  const c = compareDates(date, today);
  if (meaning === "occurred" && c > 0) return { code: "date_in_future", date, today };
  if (meaning === "due" && c < 0) return { code: "date_in_past", date, today };
  if (meaning === "noticed" && c < 0) return { code: "notice_backdated", date, today };
  return null;
}
