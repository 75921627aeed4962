/**
 * Pure calendar arithmetic on ISO dates ("YYYY-MM-DD"). All arithmetic is on UTC
 * calendar days, so there are no timezone or DST effects.
 */
import { RuleInputError } from "./errors.ts";

/** An ISO calendar date, "YYYY-MM-DD". */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

function parts(date: IsoDate): { y: number; m: number; d: number } {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RuleInputError("invalid_date", `Not an ISO date (YYYY-MM-DD): ${date}`, date);
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    throw new RuleInputError("invalid_date", `No such calendar day: ${date}`, date);
  }
  return { y, m, d };
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function format(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** True when `date` is a valid "YYYY-MM-DD" calendar day. */
export function isIsoDate(date: string): boolean {
  try {
    parts(date);
    return true;
  } catch {
    return false;
  }
}

/** Throws `RuleInputError("invalid_date")` unless `date` is a valid calendar day; returns it. */
export function assertIsoDate(date: string): IsoDate {
  parts(date);
  return date;
}

function toDayNumber(date: IsoDate): number {
  const { y, m, d } = parts(date);
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return Math.round(t.getTime() / MS_PER_DAY);
}

function fromDayNumber(n: number): IsoDate {
  const t = new Date(n * MS_PER_DAY);
  return format(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** `date` plus `days` calendar days (negative to go back). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * `date` plus `months` calendar months; a day that does not exist in the target month is
 * clamped to its last day (2024-08-31 + 6 months = 2025-02-28).
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { y, m, d } = parts(date);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = index - ny * 12 + 1;
  return format(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** `date` plus `years` years (29 Feb clamps to 28 Feb). */
export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** -1, 0 or 1 like a comparator. ISO dates also compare correctly as strings once validated. */
export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const diff = toDayNumber(a) - toDayNumber(b);
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}
