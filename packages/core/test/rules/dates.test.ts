import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  addYears,
  compareDates,
  daysBetween,
  isIsoDate,
  RuleInputError,
} from "../../src/rules/index.ts";

describe("ISO calendar arithmetic", () => {
  it("adds days across month, year and leap-day boundaries", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2023-02-28", 1)).toBe("2023-03-01");
    expect(addDays("2024-12-31", 1)).toBe("2025-01-01");
    expect(addDays("2020-05-01", 30)).toBe("2020-05-31");
    expect(addDays("2025-03-01", -1)).toBe("2025-02-28");
  });

  it("adds months clamping to the end of the month", () => {
    expect(addMonths("2024-08-31", 6)).toBe("2025-02-28");
    expect(addMonths("2024-08-31", -6)).toBe("2024-02-29");
    expect(addMonths("2025-01-15", -1)).toBe("2024-12-15");
    expect(addYears("2024-02-29", 1)).toBe("2025-02-28");
    expect(addYears("2020-05-01", 5)).toBe("2025-05-01");
  });

  it("counts days between and compares", () => {
    expect(daysBetween("2024-01-01", "2025-01-01")).toBe(366);
    expect(daysBetween("2025-01-16", "2025-01-01")).toBe(-15);
    expect(compareDates("2025-01-02", "2025-01-10")).toBe(-1);
    expect(compareDates("2025-01-10", "2025-01-10")).toBe(0);
  });

  it("rejects malformed or impossible dates", () => {
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("2025-2-1")).toBe(false);
    expect(isIsoDate("2025-13-01")).toBe(false);
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(() => addDays("2025-02-30", 1)).toThrow(RuleInputError);
  });

  it("property: addDays and daysBetween are inverse", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1990-01-01T00:00:00Z"),
          max: new Date("2090-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.integer({ min: -5000, max: 5000 }),
        (d, n) => {
          const iso = d.toISOString().slice(0, 10);
          expect(daysBetween(iso, addDays(iso, n))).toBe(n);
          expect(addDays(addDays(iso, n), -n)).toBe(iso);
        },
      ),
    );
  });
});
