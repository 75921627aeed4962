/**
 * 工作日历 — the working calendar of 接诉即办 time limits (ADRs 0014, 0016, 0020): a year as loaded from
 * the `chinese-days` package with its exceptional days, and staff corrections of single days.
 *
 * The calendar is national, so it has no place in the hierarchy (`ctx.requireNational()`): the staff
 * who time orders read it (subdistrict and district staff, system admins); only a system admin
 * changes it. Every change is audited.
 *
 * **A correction does not move existing orders.** An order's due time was computed when it was filed
 * (or extended) and the handling unit was told it; it stays as it is. Only computations made after the
 * correction — new orders, new extensions, time used and reminders — count on the corrected calendar.
 */
import { calendarDayKinds, isoDate, isWeekend } from "@gongzhi/core";
import {
  type CalendarDayView,
  calendarYearDays,
  chineseDaysPackage,
  correctCalendarDay,
  revertCalendarDay,
  type Tx,
  tables,
} from "@gongzhi/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { ApiError } from "../errors.ts";
import { audited, router, scopedProcedure } from "../trpc.ts";

/** The staff who time work orders, and read the calendar. */
const readers = scopedProcedure(["subdistrict_staff", "district_staff", "system_admin"]);
/** Only a system admin changes the national calendar. */
const admins = scopedProcedure(["system_admin"]);

const yearInput = z.number().int().min(1949).max(2200);
const nameInput = z.string().trim().min(1).max(50);

const dayOut = z.object({
  date: isoDate,
  kind: z.enum(calendarDayKinds),
  name: z.string(),
  source: z.enum(["chinese-days", "staff"]),
  editedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  editedAt: z.date().nullable(),
});

function dayView(d: CalendarDayView): z.infer<typeof dayOut> {
  return {
    date: d.date,
    kind: d.kind,
    name: d.name,
    source: d.source,
    editedBy: d.editedById && d.editedByName ? { id: d.editedById, name: d.editedByName } : null,
    editedAt: d.editedAt,
  };
}

/** The date's year must be in `calendar_years` (official or provisional): a correction of a year never loaded would not count. */
async function requireLoadedYear(tx: Tx, date: string): Promise<void> {
  const year = Number(date.slice(0, 4));
  const [y] = await tx
    .select({ year: tables.calendarYears.year })
    .from(tables.calendarYears)
    .where(eq(tables.calendarYears.year, year));
  if (!y)
    throw new ApiError(
      "BAD_REQUEST",
      "error.calendar.year_not_loaded",
      `the working calendar of ${year} is not loaded`,
      { year },
    );
}

export const workingCalendarRouter = router({
  /** A year: official, provisional or not loaded, the package version, and its exceptional days by date. */
  year: readers
    .input(z.object({ year: yearInput }))
    .output(
      z.object({
        year: z.number().int(),
        status: z.enum(["official", "provisional", "not_loaded"]),
        /** Who made the year official: the package, or staff. Null when not loaded. */
        source: z.enum(["chinese-days", "staff"]).nullable(),
        /** The chinese-days version the year was loaded from (null for provisional or staff years). */
        packageVersion: z.string().nullable(),
        /** The chinese-days version installed now (what a reload or a revert would use). */
        installedPackageVersion: z.string(),
        loadedAt: z.date().nullable(),
        days: z.array(dayOut),
      }),
    )
    .query(async ({ ctx, input }) => {
      ctx.requireNational();
      const { year, days } = await calendarYearDays(ctx.db, input.year);
      return {
        year: input.year,
        status: year?.status ?? "not_loaded",
        source: year?.source ?? null,
        packageVersion: year?.packageVersion ?? null,
        installedPackageVersion: chineseDaysPackage().version,
        loadedAt: year?.loadedAt ?? null,
        days: days.map(dayView),
      };
    }),

  /**
   * Correct one day: a holiday, a 调休 make-up working day (Saturday or Sunday only), or `regular` — an
   * ordinary day, overriding a wrong or withdrawn package row. The row is marked as staff's, with who
   * and when, and a reload of the package never overwrites it. Existing orders keep their due time.
   */
  correct: admins
    .input(z.object({ date: isoDate, kind: z.enum(calendarDayKinds), name: nameInput }))
    .output(dayOut)
    .mutation(async ({ ctx, input }) => {
      ctx.requireNational({ change: true });
      if (input.kind === "make_up_workday" && !isWeekend(input.date))
        throw new ApiError(
          "BAD_REQUEST",
          "error.calendar.make_up_on_weekday",
          `${input.date} is a weekday: only a Saturday or Sunday can be a make-up working day`,
        );
      return audited(ctx, async (tx) => {
        await requireLoadedYear(tx, input.date);
        const year = Number(input.date.slice(0, 4));
        const before = (await calendarYearDays(tx, year)).days.find((d) => d.date === input.date) ?? null;
        await correctCalendarDay(tx, { ...input, editedById: ctx.actor.userId, at: ctx.now() });
        const after = (await calendarYearDays(tx, year)).days.find((d) => d.date === input.date)!;
        return {
          result: dayView(after),
          audit: {
            action: "workingCalendar.correct",
            entityType: "calendar_day",
            entityId: input.date,
            before: before && { kind: before.kind, name: before.name, source: before.source },
            after: { kind: after.kind, name: after.name, source: after.source },
          },
        };
      });
    }),

  /**
   * Undo a correction: the staff row goes, and the day is again what the installed package says (its
   * row, or an ordinary day when it has none). A day without a correction is refused (nothing changes).
   * Existing orders keep their due time.
   */
  revert: admins
    .input(z.object({ date: isoDate }))
    .output(z.object({ date: isoDate, now: dayOut.nullable() }))
    .mutation(async ({ ctx, input }) => {
      ctx.requireNational({ change: true });
      return audited(ctx, async (tx) => {
        await requireLoadedYear(tx, input.date);
        const { removed, now } = await revertCalendarDay(tx, input.date);
        if (!removed)
          throw new ApiError(
            "NOT_FOUND",
            "error.calendar.not_corrected",
            `${input.date} has no staff correction to undo`,
          );
        return {
          result: {
            date: input.date,
            now: now && {
              date: now.date,
              kind: now.kind,
              name: now.name,
              source: now.source,
              editedBy: null,
              editedAt: null,
            },
          },
          audit: {
            action: "workingCalendar.revert",
            entityType: "calendar_day",
            entityId: input.date,
            before: { kind: removed.kind, name: removed.name, source: removed.source },
            after: now && { kind: now.kind, name: now.name, source: now.source },
          },
        };
      });
    }),
});
