import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  beijingDate,
  beijingMonth,
  beijingToday,
  checkTypedDate,
  manualClock,
  offsetClock,
} from "../../src/index.ts";

describe("the clock", () => {
  it("Beijing's day turns at 16:00 UTC", () => {
    expect(beijingDate(new Date("2025-12-31T15:59:59.999Z"))).toBe("2025-12-31");
    expect(beijingDate(new Date("2025-12-31T16:00:00.000Z"))).toBe("2026-01-01");
    expect(beijingMonth(new Date("2026-01-31T16:00:00.000Z"))).toBe("2026-02");
  });

  it("a manual clock stands still until moved, and an offset clock follows its base", () => {
    const clock = manualClock("2026-02-16T00:00:00+08:00");
    expect(beijingToday(clock)).toBe("2026-02-16");
    clock.advance(24 * 3_600_000);
    expect(beijingToday(clock)).toBe("2026-02-17");
    clock.set("2026-10-01T08:00:00+08:00");
    expect(beijingToday(clock)).toBe("2026-10-01");
    let offset = 0;
    const ahead = offsetClock(clock, () => offset);
    offset = 15 * 86_400_000;
    expect(beijingToday(ahead)).toBe("2026-10-16");
    expect(() => manualClock("not a date")).toThrow(RangeError);
  });

  it("typed dates against today: events not in the future, deadlines and notices not in the past; today is allowed", () => {
    const today = "2026-03-10";
    expect(checkTypedDate("occurred", today, today)).toBeNull();
    expect(checkTypedDate("occurred", "2026-03-11", today)).toMatchObject({ code: "date_in_future" });
    expect(checkTypedDate("occurred", "2026-03-09", today)).toBeNull();
    expect(checkTypedDate("due", today, today)).toBeNull();
    expect(checkTypedDate("due", "2026-03-09", today)).toMatchObject({ code: "date_in_past" });
    expect(checkTypedDate("noticed", "2026-03-09", today)).toMatchObject({ code: "notice_backdated" });
    expect(checkTypedDate("noticed", "2026-03-11", today)).toBeNull();
  });

  it("property: for any day and offset, exactly the rule's side of today is refused", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: -400, max: 400 }), (n, k) => {
        const today = addDays("2000-01-01", n);
        const date = addDays(today, k);
        expect(checkTypedDate("occurred", date, today) === null).toBe(k <= 0);
        expect(checkTypedDate("due", date, today) === null).toBe(k >= 0);
        expect(checkTypedDate("noticed", date, today) === null).toBe(k >= 0);
      }),
    );
  });
});
