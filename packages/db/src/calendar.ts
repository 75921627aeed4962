/**
 * The working calendar of 接诉即办 as correctable data (ADR 0014, ADR 0016).
 *
 * - `loadChineseDaysCalendar(db, years)` reads the `chinese-days` package and upserts each year's
 *   holidays (incl. the weekend days inside a holiday period) and 调休 make-up working days into
 *   `calendar_days` with source 'chinese-days'. A row a staff member corrected (source 'staff') is
 *   never overwritten or removed; a package row the package no longer lists is removed. Idempotent.
 * - A year the package does not know yet is recorded in `calendar_years` as **provisional** (no rows:
 *   Mon–Fri work, Saturday and Sunday rest), so orders running into it can still be timed; loading it
 *   again once the package has it fills it in and makes it official.
 * - `correctCalendarDay` writes a staff row (kind `holiday`, `make_up_workday`, or `regular` — "an
 *   ordinary day", overriding a package row that is wrong or withdrawn; ADR 0020); `revertCalendarDay`
 *   deletes it and puts back what the package says for that date, if anything. `calendarYearDays`
 *   reads a year for the console.
 * - `workingCalendarFrom(db, years)` builds core's `WorkingCalendar` from the table, with the
 *   provisional years named; a year not in `calendar_years` at all stays uncovered (core refuses it).
 */
import { createRequire } from "node:module";
import { type CalendarDay, type WorkingCalendar, workingCalendar } from "@gongzhi/core";
import { and, asc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Executor } from "./client.ts";
import { withConstraintErrors } from "./errors.ts";
import { calendarDays, calendarYears, users } from "./schema/index.ts";

const require = createRequire(import.meta.url);

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let cached: { version: string; data: ChineseDaysData } | null = null;

/** The data and version of the installed `chinese-days` package. */
export function chineseDaysPackage(): { version: string; data: ChineseDaysData } {
  if (!cached) {
    cached = {
      version: (require("chinese-days/package.json") as { version: string }).version,
      data: require("chinese-days/dist/chinese-days.json") as ChineseDaysData,
    };
  }
  return cached;
}

/** "New Year's Day,元旦,1" → "元旦". */
const zhName = (entry: string): string => entry.split(",")[1]?.trim() || entry;

/** The calendar rows chinese-days has for a year (empty when it does not know the year). */
export function chineseDaysRows(year: number): CalendarDay[] {
  const { data } = chineseDaysPackage();
  const prefix = `${year}-`;
  const rows: CalendarDay[] = [];
  for (const [date, entry] of Object.entries(data.holidays))
    if (date.startsWith(prefix)) rows.push({ date, kind: "holiday", name: zhName(entry) });
  for (const [date, entry] of Object.entries(data.workdays))
    if (date.startsWith(prefix)) rows.push({ date, kind: "make_up_workday", name: zhName(entry) });
  return rows.sort((a, b) => a.date.localeCompare(b.date));
}

export interface CalendarLoadYear {
  year: number;
  status: "official" | "provisional";
  /** Package rows written (inserted or changed). */
  written: number;
  /** Staff corrections left as they are. */
  keptStaff: number;
  /** Package rows the package no longer lists, removed. */
  removed: number;
}

/**
 * Load `years` from chinese-days into `calendar_days` / `calendar_years` (see the module comment).
 * Run it inside a transaction for all-or-nothing; it is safe to run again at any time.
 */
export async function loadChineseDaysCalendar(
  db: Executor,
  years: readonly number[],
): Promise<CalendarLoadYear[]> {
  const { version } = chineseDaysPackage();
  const out: CalendarLoadYear[] = [];
  for (const year of [...new Set(years)].sort((a, b) => a - b)) {
    if (!Number.isInteger(year) || year < 1949 || year > 2200)
      throw new Error(`not a calendar year: ${year}`);
    const rows = chineseDaysRows(year);
    const from = `${year}-01-01`;
    const to = `${year + 1}-01-01`;
    if (rows.length === 0) {
      // Unknown to the package: provisional (Mon–Fri) unless the year is already there (official from
      // an earlier package or entered by staff — never downgraded).
      await db
        .insert(calendarYears)
        .values({ year, status: "provisional", source: "chinese-days", packageVersion: version })
        .onConflictDoNothing();
      const [y] = await db.select().from(calendarYears).where(eq(calendarYears.year, year));
      out.push({ year, status: y!.status, written: 0, keptStaff: 0, removed: 0 });
      continue;
    }
    const written = await withConstraintErrors(() =>
      db
        .insert(calendarDays)
        .values(rows.map((r) => ({ ...r, source: "chinese-days" as const })))
        .onConflictDoUpdate({
          target: calendarDays.date,
          set: { kind: sql`excluded.kind`, name: sql`excluded.name`, updatedAt: sql`now()` },
          setWhere: sql`${calendarDays.source} = 'chinese-days' and (${calendarDays.kind} <> excluded.kind or ${calendarDays.name} <> excluded.name)`,
        })
        .returning({ date: calendarDays.date }),
    );
    const dates = rows.map((r) => r.date);
    const removed = await db
      .delete(calendarDays)
      .where(
        and(
          gte(calendarDays.date, from),
          lt(calendarDays.date, to),
          eq(calendarDays.source, "chinese-days"),
          sql`${calendarDays.date} <> all(${`{${dates.join(",")}}`}::date[])`,
        ),
      )
      .returning({ date: calendarDays.date });
    const [staff] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(calendarDays)
      .where(and(gte(calendarDays.date, from), lt(calendarDays.date, to), eq(calendarDays.source, "staff")));
    await db
      .insert(calendarYears)
      .values({ year, status: "official", source: "chinese-days", packageVersion: version })
      .onConflictDoUpdate({
        target: calendarYears.year,
        set: { status: "official", packageVersion: version, loadedAt: sql`now()` },
        // a year staff declared official keeps its source; a provisional or package year becomes the package's
        setWhere: sql`not (${calendarYears.source} = 'staff' and ${calendarYears.status} = 'official')`,
      });
    out.push({
      year,
      status: "official",
      written: written.length,
      keptStaff: Number(staff?.n ?? 0),
      removed: removed.length,
    });
  }
  return out;
}

/**
 * A staff correction of one day (when the package lags behind an announcement, or is wrong): written
 * with source 'staff', who and when, and never touched by the loader afterwards. Kind `regular` says
 * "an ordinary day" (the Mon–Fri rule), overriding a holiday or 调休 row of the package.
 */
export function correctCalendarDay(
  db: Executor,
  day: CalendarDay & { editedById: string | null; at?: Date },
): Promise<typeof calendarDays.$inferSelect> {
  const at = day.at ?? new Date();
  return withConstraintErrors(
    async () =>
      (
        await db
          .insert(calendarDays)
          .values({
            date: day.date,
            kind: day.kind,
            name: day.name,
            source: "staff",
            editedById: day.editedById,
            editedAt: at,
          })
          .onConflictDoUpdate({
            target: calendarDays.date,
            set: {
              kind: day.kind,
              name: day.name,
              source: "staff",
              editedById: day.editedById,
              editedAt: at,
              updatedAt: sql`now()`,
            },
          })
          .returning()
      )[0]!,
  );
}

/**
 * Undo a staff correction: delete the staff row of `date` and put back the package's row for that
 * date, if the installed chinese-days has one (source 'chinese-days', as the loader would write it).
 * Returns the staff row removed (null when the date had no staff row: nothing changes) and the row the
 * date has now (null: an ordinary day).
 */
export async function revertCalendarDay(
  db: Executor,
  date: string,
): Promise<{
  removed: typeof calendarDays.$inferSelect | null;
  now: typeof calendarDays.$inferSelect | null;
}> {
  const [removed] = await db
    .delete(calendarDays)
    .where(and(eq(calendarDays.date, date), eq(calendarDays.source, "staff")))
    .returning();
  if (!removed) {
    const [row] = await db.select().from(calendarDays).where(eq(calendarDays.date, date));
    return { removed: null, now: row ?? null };
  }
  const pkg = chineseDaysRows(Number(date.slice(0, 4))).find((r) => r.date === date);
  if (!pkg) return { removed, now: null };
  const [now] = await withConstraintErrors(() =>
    db
      .insert(calendarDays)
      .values({ ...pkg, source: "chinese-days" })
      .returning(),
  );
  return { removed, now: now! };
}

/** One exceptional day of a year as the console shows it: with the name of who corrected it. */
export interface CalendarDayView {
  date: string;
  kind: CalendarDay["kind"];
  name: string;
  source: "chinese-days" | "staff";
  editedById: string | null;
  editedByName: string | null;
  editedAt: Date | null;
}

/**
 * A year of the calendar: its `calendar_years` row (null when the year was never loaded) and its rows
 * in `calendar_days`, by date.
 */
export async function calendarYearDays(
  db: Executor,
  year: number,
): Promise<{ year: typeof calendarYears.$inferSelect | null; days: CalendarDayView[] }> {
  const [y] = await db.select().from(calendarYears).where(eq(calendarYears.year, year));
  const days = await db
    .select({
      date: calendarDays.date,
      kind: calendarDays.kind,
      name: calendarDays.name,
      source: calendarDays.source,
      editedById: calendarDays.editedById,
      editedByName: users.displayName,
      editedAt: calendarDays.editedAt,
    })
    .from(calendarDays)
    .leftJoin(users, eq(users.id, calendarDays.editedById))
    .where(and(gte(calendarDays.date, `${year}-01-01`), lt(calendarDays.date, `${year + 1}-01-01`)))
    .orderBy(asc(calendarDays.date));
  return { year: y ?? null, days };
}

/** A WorkingCalendar that also says which of its years are provisional (ADR 0016). */
export interface StoredWorkingCalendar extends WorkingCalendar {
  /** Years timed as plain Mon–Fri because no official calendar was loaded yet. */
  readonly provisionalYears: ReadonlySet<number>;
}

/**
 * Core's WorkingCalendar from `calendar_years` and `calendar_days` for `years`. Years absent from
 * `calendar_years` are left out (core then refuses dates in them); provisional years are covered with
 * no exceptional days and listed in `provisionalYears`. Throws (core's `invalid_calendar`) when none
 * of the years is known.
 */
export async function workingCalendarFrom(
  db: Executor,
  years: readonly number[],
): Promise<StoredWorkingCalendar> {
  const wanted = [...new Set(years)];
  // One round trip: each known year with its days (a year without days comes back once, days null).
  const rows = await db
    .select({
      year: calendarYears.year,
      status: calendarYears.status,
      date: calendarDays.date,
      kind: calendarDays.kind,
      name: calendarDays.name,
    })
    .from(calendarYears)
    .leftJoin(
      calendarDays,
      and(
        gte(calendarDays.date, sql`make_date(${calendarYears.year}, 1, 1)`),
        lt(calendarDays.date, sql`make_date(${calendarYears.year} + 1, 1, 1)`),
      ),
    )
    .where(inArray(calendarYears.year, wanted))
    .orderBy(asc(calendarYears.year), asc(calendarDays.date));
  const known = [...new Map(rows.map((r) => [r.year, { year: r.year, status: r.status }])).values()];
  const covered = known.map((y) => y.year);
  const days = rows.flatMap((r) =>
    r.date !== null && r.kind !== null && r.name !== null
      ? [{ date: r.date, kind: r.kind, name: r.name }]
      : [],
  );
  const calendar = workingCalendar({ years: covered, days });
  return {
    ...calendar,
    provisionalYears: new Set(known.filter((y) => y.status === "provisional").map((y) => y.year)),
  };
}
