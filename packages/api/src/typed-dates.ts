/**
 * Every date a user types is checked against the clock (ctx.now, injectable in tests) by core's one
 * rule, `checkTypedDate`: events recorded as having happened are not in the future, deadlines being set
 * are not already past, notices are not backdated. A refused date is BAD_REQUEST with a message key.
 */
import { beijingDate, checkTypedDate, type DateMeaning, type IsoDate } from "@gongzhi/core";
import { ApiError } from "./errors.ts";

export function requireTypedDate(meaning: DateMeaning, date: IsoDate, now: Date, field: string): void {
  const today = beijingDate(now);
  const violation = checkTypedDate(meaning, date, today);
  if (!violation) return;
  const what =
    violation.code === "date_in_future"
      ? "cannot be later than today"
      : violation.code === "date_in_past"
        ? "cannot be earlier than today"
        : "a notice cannot be dated before the day it is recorded";
  throw new ApiError("BAD_REQUEST", `error.date.${violation.code}`, `${field} (${date}) ${what} (${today})`, {
    field,
    date,
    today,
  });
}
