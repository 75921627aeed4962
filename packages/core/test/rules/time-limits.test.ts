/**
 * The 办理时限 clock against the REAL 2026 calendar. The calendar is built from the `chinese-days`
 * package (1.5.7, a devDependency of core only — core itself never imports it), the way packages/db
 * loads it into its table; a hand-written fixture of the days that matter here is checked against it.
 */
import { findWorkday, getDayDetail, isWorkday } from "chinese-days";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CalendarDay, workingCalendarData } from "../../src/model/hotline.ts";
import {
  addDays,
  beijingDate,
  dueAt,
  effectiveDueAt,
  extendDueAt,
  isOverdue,
  isWeekend,
  isWorkingDay,
  RuleInputError,
  timeUsed,
  type WorkingCalendar,
  workingCalendar,
  workingMsBetween,
} from "../../src/rules/index.ts";

/** Every day of 2026 that differs from Mon–Fri, as chinese-days has it: rows like db's table. */
function calendarRowsFromChineseDays(year: number): CalendarDay[] {
  const rows: CalendarDay[] = [];
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) {
    const detail = getDayDetail(d);
    const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
    const weekend = dow === 0 || dow === 6;
    const zh = String(detail.name).split(",")[1] ?? String(detail.name);
    if (weekend && detail.work) rows.push({ date: d, kind: "make_up_workday", name: zh });
    if (!weekend && !detail.work) rows.push({ date: d, kind: "holiday", name: zh });
  }
  return rows;
}

const rows2026 = calendarRowsFromChineseDays(2026);
const cal: WorkingCalendar = workingCalendar(workingCalendarData.parse({ years: [2026], days: rows2026 }));

/** Beijing wall-clock time → instant. */
const bj = (s: string) => new Date(`${s}+08:00`);
const wd = (amount: number) => ({ kind: "working_days", amount }) as const;
const hours = (amount: number) => ({ kind: "natural_hours", amount }) as const;

describe("the 2026 calendar from chinese-days 1.5.7", () => {
  it("matches the official calendar we know (国办发明电 for 2026): Spring Festival, National Day, 调休", () => {
    const holidays = rows2026.filter((r) => r.kind === "holiday").map((r) => r.date);
    const makeUp = rows2026.filter((r) => r.kind === "make_up_workday").map((r) => r.date);
    // weekday holidays (weekend days inside a holiday are days off anyway)
    for (const d of ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-23"])
      expect(holidays).toContain(d);
    for (const d of ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"])
      expect(holidays).toContain(d);
    expect(makeUp).toEqual([
      "2026-01-04",
      "2026-02-14",
      "2026-02-28",
      "2026-05-09",
      "2026-09-20",
      "2026-10-10",
    ]);
    expect(rows2026.find((r) => r.date === "2026-02-14")).toEqual({
      date: "2026-02-14",
      kind: "make_up_workday",
      name: "春节",
    });
  });

  it("hand-known days: 2026-02-14 (Sat) and 2026-10-10 (Sat) are working days, 2026-02-17 (Tue) is not", () => {
    expect(new Date("2026-02-14T00:00:00Z").getUTCDay()).toBe(6);
    expect(isWorkday("2026-02-14")).toBe(true);
    expect(isWorkingDay("2026-02-14", cal)).toBe(true);
    expect(isWorkingDay("2026-10-10", cal)).toBe(true);
    expect(isWorkingDay("2026-02-17", cal)).toBe(false);
    expect(isWorkingDay("2026-02-21", cal)).toBe(false); // a Saturday inside the holiday
    expect(isWorkingDay("2026-03-07", cal)).toBe(false); // an ordinary Saturday
    expect(isWorkingDay("2026-03-09", cal)).toBe(true); // an ordinary Monday
  });

  it("agrees with chinese-days on every day of 2026", () => {
    for (let d = "2026-01-01"; d.startsWith("2026"); d = addDays(d, 1))
      expect(isWorkingDay(d, cal)).toBe(isWorkday(d));
  });

  it("refuses a year it does not cover, and malformed rows", () => {
    expect(() => isWorkingDay("2027-01-04", cal)).toThrow(RuleInputError);
    expect(() => dueAt(bj("2026-12-30T10:00:00"), wd(13), cal)).toThrow(/does not cover 2027/);
    expect(() =>
      workingCalendar({ years: [2026], days: [{ date: "2026-03-09", kind: "make_up_workday", name: "x" }] }),
    ).toThrow(/weekday/);
    expect(() =>
      workingCalendar({ years: [2026], days: [{ date: "2025-12-31", kind: "holiday", name: "x" }] }),
    ).toThrow(/outside/);
    expect(() =>
      workingCalendar({
        years: [2026],
        days: [
          { date: "2026-02-14", kind: "holiday", name: "x" },
          { date: "2026-02-14", kind: "make_up_workday", name: "x" },
        ],
      }),
    ).toThrow(/twice/);
  });
});

describe("a `regular` row (a staff correction: an ordinary day)", () => {
  /** The 2026 rows with `date` replaced by a `regular` row, as a correction leaves them. */
  const corrected = (date: string) =>
    workingCalendar({
      years: [2026],
      days: [...rows2026.filter((r) => r.date !== date), { date, kind: "regular", name: "更正" }],
    });

  it("on a package holiday that is a weekday makes it a working day", () => {
    expect(isWorkingDay("2026-02-17", cal)).toBe(false); // Tue, Spring Festival
    const c = corrected("2026-02-17");
    expect(isWorkingDay("2026-02-17", c)).toBe(true);
    expect(c.holidays.has("2026-02-17")).toBe(false);
    expect(c.makeUpWorkdays.has("2026-02-17")).toBe(false);
  });

  it("on a package holiday that is a weekend day leaves it a rest day", () => {
    expect(isWorkingDay("2026-02-21", cal)).toBe(false); // Sat inside the Spring Festival
    expect(isWorkingDay("2026-02-21", corrected("2026-02-21"))).toBe(false);
  });

  it("on a withdrawn 调休 Saturday makes it a rest day again", () => {
    expect(isWorkingDay("2026-02-14", cal)).toBe(true);
    expect(isWorkingDay("2026-02-14", corrected("2026-02-14"))).toBe(false);
  });

  it("on an ordinary day changes nothing, on any day of the week", () => {
    for (const d of ["2026-03-09", "2026-03-10", "2026-03-13", "2026-03-14", "2026-03-15"])
      expect(isWorkingDay(d, corrected(d))).toBe(isWorkingDay(d, cal));
  });

  it("moves due dates: a 3-working-day order received the Friday before the holiday", () => {
    // 02-13 (Fri) + 3: the 14th (调休 Sat), 24th, 25th → due 02-26 00:00. With the 16th (Mon) an
    // ordinary day: the 14th, the 16th, then the 24th → due 02-25 00:00.
    expect(dueAt(bj("2026-02-13T10:00:00"), wd(3), cal)).toEqual(bj("2026-02-26T00:00:00"));
    expect(dueAt(bj("2026-02-13T10:00:00"), wd(3), corrected("2026-02-16"))).toEqual(
      bj("2026-02-25T00:00:00"),
    );
  });

  it("is still one row per day, inside the calendar's years", () => {
    expect(() =>
      workingCalendar({
        years: [2026],
        days: [
          { date: "2026-02-17", kind: "holiday", name: "x" },
          { date: "2026-02-17", kind: "regular", name: "x" },
        ],
      }),
    ).toThrow(/twice/);
    expect(() =>
      workingCalendar({ years: [2026], days: [{ date: "2027-01-04", kind: "regular", name: "x" }] }),
    ).toThrow(/outside/);
    expect(
      workingCalendarData.parse({ years: [2026], days: [{ date: "2026-03-09", kind: "regular", name: "" }] }),
    ).toBeTruthy();
  });

  it("isWeekend: Saturday and Sunday only", () => {
    expect(["2026-03-07", "2026-03-08"].map(isWeekend)).toEqual([true, true]);
    expect(["2026-03-06", "2026-03-09"].map(isWeekend)).toEqual([false, false]);
  });
});

describe("dueAt: N working days = the end of the Nth working day after the day received (Beijing)", () => {
  it("across the Spring Festival: Fri 02-13 + 3 working days = end of Wed 02-25 (the 调休 Saturday counts)", () => {
    const due = dueAt(bj("2026-02-13T10:00:00"), wd(3), cal);
    expect(due).toEqual(bj("2026-02-26T00:00:00"));
    expect(due.toISOString()).toBe("2026-02-25T16:00:00.000Z");
    // 1 working day after Friday is the make-up Saturday
    expect(dueAt(bj("2026-02-13T23:59:59"), wd(1), cal)).toEqual(bj("2026-02-15T00:00:00"));
    // received on the make-up Saturday itself: the next working day is after the holiday
    expect(dueAt(bj("2026-02-14T09:00:00"), wd(1), cal)).toEqual(bj("2026-02-25T00:00:00"));
  });

  it("across National Day: Wed 09-30 + 1 = end of Thu 10-08; + 3 lands on the 调休 Saturday 10-10", () => {
    expect(dueAt(bj("2026-09-30T15:00:00"), wd(1), cal)).toEqual(bj("2026-10-09T00:00:00"));
    expect(dueAt(bj("2026-09-30T15:00:00"), wd(3), cal)).toEqual(bj("2026-10-11T00:00:00"));
    // 13 working days from Mon 09-21: as chinese-days counts them
    expect(beijingDate(new Date(dueAt(bj("2026-09-21T08:00:00"), wd(13), cal).getTime() - 1))).toBe(
      findWorkday(13, "2026-09-21"),
    );
  });

  it("the Beijing day decides, not UTC: 00:30 Beijing on 02-14 is 16:30 UTC on 02-13", () => {
    expect(dueAt(new Date("2026-02-13T16:30:00Z"), wd(1), cal)).toEqual(bj("2026-02-25T00:00:00"));
    expect(dueAt(new Date("2026-02-13T15:59:59Z"), wd(1), cal)).toEqual(bj("2026-02-15T00:00:00"));
  });

  it("0 working days = the same day (当日), even on a holiday", () => {
    expect(dueAt(bj("2026-02-17T11:00:00"), wd(0), cal)).toEqual(bj("2026-02-18T00:00:00"));
  });

  it("24/7 limits (条例 Art. 19) are natural hours: the holiday does not matter, no calendar needed", () => {
    expect(dueAt(bj("2026-02-16T23:30:00"), hours(24), null)).toEqual(bj("2026-02-17T23:30:00"));
    expect(dueAt(bj("2026-02-16T23:30:00"), hours(2), cal)).toEqual(bj("2026-02-17T01:30:00"));
    expect(() => dueAt(bj("2026-02-16T23:30:00"), wd(1), null)).toThrow(/calendar/);
    expect(() => dueAt(bj("2026-02-16T23:30:00"), wd(-1), cal)).toThrow(RuleInputError);
  });

  it("agrees with chinese-days' findWorkday for any day of 2026 and N ≤ 13 (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 330 }),
        fc.integer({ min: 1, max: 13 }),
        fc.integer({ min: 0, max: 86_399 }),
        (day, n, sec) => {
          const d = addDays("2026-01-01", day);
          const start = new Date(bj(`${d}T00:00:00`).getTime() + sec * 1000);
          const due = dueAt(start, wd(n), cal);
          expect(beijingDate(new Date(due.getTime() - 1))).toBe(findWorkday(n, d));
        },
      ),
    );
  });
});

describe("dueAt properties", () => {
  const instant2026 = fc
    .integer({ min: bj("2026-01-01T00:00:00").getTime(), max: bj("2026-11-30T23:59:59").getTime() })
    .map((t) => new Date(t));

  it("is monotone in the start", () => {
    fc.assert(
      fc.property(
        instant2026,
        instant2026,
        fc.integer({ min: 0, max: 13 }),
        fc.boolean(),
        (a, b, n, natural) => {
          const [s1, s2] = a <= b ? [a, b] : [b, a];
          const limit = natural ? hours(n * 8) : wd(n);
          expect(dueAt(s1, limit, cal).getTime()).toBeLessThanOrEqual(dueAt(s2, limit, cal).getTime());
        },
      ),
    );
  });

  it("never lands on a non-working day for working-day limits (N ≥ 1), and is after the start", () => {
    fc.assert(
      fc.property(instant2026, fc.integer({ min: 1, max: 13 }), (start, n) => {
        const due = dueAt(start, wd(n), cal);
        const lastDay = beijingDate(new Date(due.getTime() - 1));
        expect(isWorkingDay(lastDay, cal)).toBe(true);
        expect(lastDay > beijingDate(start)).toBe(true);
        expect(beijingDate(due)).toBe(addDays(lastDay, 1)); // due at Beijing midnight
        expect((due.getTime() + 8 * 3_600_000) % 86_400_000).toBe(0);
      }),
    );
  });

  it("24/7 limits ignore the calendar: the same due with any calendar, or none", () => {
    const allOff = workingCalendar({ years: [2026], days: [] });
    fc.assert(
      fc.property(instant2026, fc.integer({ min: 0, max: 720 }), (start, h) => {
        const due = dueAt(start, hours(h), null);
        expect(due.getTime() - start.getTime()).toBe(h * 3_600_000);
        expect(dueAt(start, hours(h), cal)).toEqual(due);
        expect(dueAt(start, hours(h), allOff)).toEqual(due);
      }),
    );
  });
});

describe("extensions (延期): only an approved request moves the due time", () => {
  const start = bj("2026-02-13T10:00:00");
  it("adds working days from the last day of the limit; pending and rejected change nothing", () => {
    const base = dueAt(start, wd(3), cal); // end of 02-25
    expect(extendDueAt(base, wd(2), cal)).toEqual(bj("2026-02-28T00:00:00")); // 02-26, 02-27
    expect(extendDueAt(base, wd(3), cal)).toEqual(bj("2026-03-01T00:00:00")); // … 02-28 is a 调休 Saturday
    expect(extendDueAt(base, hours(12), cal)).toEqual(bj("2026-02-26T12:00:00"));
    const ext = (status: string, amount: number, decided: string | null) => ({
      status,
      extension: wd(amount),
      decidedAt: decided ? bj(decided) : null,
    });
    expect(
      effectiveDueAt(start, wd(3), [ext("pending", 5, null), ext("rejected", 5, "2026-02-24T10:00:00")], cal),
    ).toEqual(base);
    expect(
      effectiveDueAt(
        start,
        wd(3),
        [ext("approved", 1, "2026-02-25T10:00:00"), ext("approved", 1, "2026-02-24T10:00:00")],
        cal,
      ),
    ).toEqual(bj("2026-02-28T00:00:00"));
  });
});

describe("timeUsed and isOverdue", () => {
  // received Fri 02-13 09:00, 3 working days, due end of 02-25: working time 15 h (13th) + 24 h (14th)
  // + 24 h (24th) + 24 h (25th) = 87 h; the Spring Festival does not count.
  const start = bj("2026-02-13T09:00:00");
  const due = dueAt(start, wd(3), cal);
  const H = 3_600_000;

  it("counts only working time: mid-holiday an order has used 39 of 87 hours", () => {
    const t = timeUsed(start, bj("2026-02-20T12:00:00"), due, cal);
    expect(t).toEqual({
      usedMs: 39 * H,
      totalMs: 87 * H,
      basisPoints: 4482,
      level: "normal",
      overdue: false,
    });
    // in natural time the same moment would already be past half
    expect(timeUsed(start, bj("2026-02-20T12:00:00"), due, null).level).toBe("warning_50");
  });

  it("warning levels at 50 % and 80 %, inclusive and exact (80 % of 87 h = 69 h 36 min)", () => {
    expect(timeUsed(start, bj("2026-02-24T12:00:00"), due, cal).level).toBe("warning_50"); // 51 h
    expect(timeUsed(start, bj("2026-02-24T04:29:59"), due, cal).level).toBe("normal"); // 43.5 h − 1 s
    expect(timeUsed(start, bj("2026-02-24T04:30:00"), due, cal).level).toBe("warning_50"); // 43.5 h
    expect(timeUsed(start, bj("2026-02-25T06:35:59"), due, cal).level).toBe("warning_50");
    expect(timeUsed(start, bj("2026-02-25T06:36:00"), due, cal).level).toBe("warning_80");
    expect(timeUsed(start, bj("2026-02-25T23:59:59"), due, cal).overdue).toBe(false);
  });

  it("overdue from the due instant on", () => {
    expect(isOverdue(bj("2026-02-25T23:59:59.999"), due)).toBe(false);
    expect(isOverdue(due, due)).toBe(true);
    const t = timeUsed(start, bj("2026-02-26T12:00:00"), due, cal);
    expect(t.level).toBe("overdue");
    expect(t.usedMs).toBe(99 * H);
  });

  it("24/7: natural time; same-day limit on a holiday falls back to natural time", () => {
    const s = bj("2026-02-16T20:00:00");
    const d = dueAt(s, hours(4), null);
    expect(timeUsed(s, bj("2026-02-16T23:12:00"), d, null)).toMatchObject({
      basisPoints: 8000,
      level: "warning_80",
    });
    const sameDay = dueAt(bj("2026-02-17T12:00:00"), wd(0), cal);
    expect(timeUsed(bj("2026-02-17T12:00:00"), bj("2026-02-17T18:00:00"), sameDay, cal)).toMatchObject({
      basisPoints: 5000,
      level: "warning_50",
    });
  });

  it("the level never goes down as time passes (property)", () => {
    const order = ["normal", "warning_50", "warning_80", "overdue"];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 * 24 * 60 }),
        fc.integer({ min: 0, max: 20 * 24 * 60 }),
        (m1, m2) => {
          const [a, b] = m1 <= m2 ? [m1, m2] : [m2, m1];
          const at = (m: number) => new Date(start.getTime() + m * 60_000);
          const l1 = order.indexOf(timeUsed(start, at(a), due, cal).level);
          const l2 = order.indexOf(timeUsed(start, at(b), due, cal).level);
          expect(l1).toBeLessThanOrEqual(l2);
        },
      ),
    );
  });
});

describe("workingMsBetween", () => {
  /** The rule as written first: day by day on ISO dates with isWorkingDay (the reference). */
  function reference(from: Date, to: Date, calendar: WorkingCalendar): number {
    let total = 0;
    if (to.getTime() <= from.getTime()) return 0;
    let day = beijingDate(from);
    const lastDay = beijingDate(new Date(to.getTime() - 1));
    while (day <= lastDay) {
      if (isWorkingDay(day, calendar)) {
        const s = Math.max(Date.parse(`${day}T00:00:00+08:00`), from.getTime());
        const e = Math.min(Date.parse(`${addDays(day, 1)}T00:00:00+08:00`), to.getTime());
        if (e > s) total += e - s;
      }
      day = addDays(day, 1);
    }
    return total;
  }
  const outcome = (f: () => number) => {
    try {
      return { ms: f() };
    } catch (e) {
      return e instanceof RuleInputError ? { error: e.code, message: e.message, id: e.id } : { other: e };
    }
  };
  const cal2025to2027 = workingCalendar(
    workingCalendarData.parse({
      years: [2025, 2026, 2027],
      days: [
        ...rows2026,
        { date: "2025-10-01", kind: "holiday", name: "国庆节" },
        { date: "2025-09-28", kind: "make_up_workday", name: "国庆节" },
        { date: "2027-01-01", kind: "holiday", name: "元旦" },
      ],
    }),
  );

  it("equals the day-by-day rule, including the error for the first day outside the years (property)", () => {
    const base = Date.parse("2024-12-20T00:00:00+08:00");
    const span = 3 * 366 * 24 * 60; // minutes: Dec 2024 … 2027, past the calendars' edges
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: span }),
        fc.integer({ min: -60 * 24 * 30, max: 60 * 24 * 400 }),
        fc.integer({ min: 0, max: 59_999 }),
        fc.constantFrom(cal, cal2025to2027),
        (m, len, ms, c) => {
          const from = new Date(base + m * 60_000 + ms);
          const to = new Date(from.getTime() + len * 60_000 - ms);
          expect(outcome(() => workingMsBetween(from, to, c))).toEqual(outcome(() => reference(from, to, c)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("counts the Spring Festival and its 调休 Saturday as the calendar says", () => {
    // 2026-02-13 (Fri) 12:00 → 2026-02-25 (Wed) 12:00: the 13th (½), the 14th (调休 Sat), the 24th, ½ of the 25th
    const ms = workingMsBetween(bj("2026-02-13T12:00:00"), bj("2026-02-25T12:00:00"), cal);
    expect(ms).toBe(3 * 86_400_000);
  });
});
