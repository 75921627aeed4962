/**
 * The rules behind the 接诉即办 jobs: 催办 thresholds (50 % / 80 %, none once overdue), the 回访 window
 * (the day after 办结, in Beijing) and its set-based cutoff, which must agree with it at every instant.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  callbackDueAt,
  callbackLateCutoff,
  reachedReminderThresholds,
  timeUsed,
} from "../../src/rules/index.ts";

const H = 3_600_000;

describe("催办 thresholds", () => {
  const start = new Date("2026-03-02T00:00:00Z");
  const due = new Date(start.getTime() + 100 * H);
  const at = (hours: number) =>
    reachedReminderThresholds(timeUsed(start, new Date(start.getTime() + hours * H), due, null));
  it("reaches 50 % at exactly half, 80 % at exactly four fifths, nothing once overdue", () => {
    expect(at(49.999)).toEqual([]);
    expect(at(50)).toEqual([50]);
    expect(at(79.999)).toEqual([50]);
    expect(at(80)).toEqual([50, 80]);
    expect(at(99.999)).toEqual([50, 80]);
    expect(at(100)).toEqual([]);
  });
});

describe("回访 window", () => {
  it("is due at the end of the Beijing day after 办结", () => {
    // 23:59 Beijing on Tuesday 3 March → due Thursday 00:00 Beijing
    expect(callbackDueAt(new Date("2026-03-03T15:59:00Z")).toISOString()).toBe("2026-03-04T16:00:00.000Z");
    // 00:00 Beijing on Wednesday → due Friday 00:00 Beijing
    expect(callbackDueAt(new Date("2026-03-03T16:00:00Z")).toISOString()).toBe("2026-03-05T16:00:00.000Z");
  });
  it("the cutoff agrees with callbackDueAt at every instant: answeredAt < cutoff(now) ⟺ due ≤ now", () => {
    const base = Date.parse("2026-01-01T00:00:00Z");
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * 24 * 60 }),
        fc.integer({ min: 0, max: 5 * 24 * 60 }),
        (a, d) => {
          const answeredAt = new Date(base + a * 60_000);
          const now = new Date(answeredAt.getTime() + d * 60_000);
          return answeredAt < callbackLateCutoff(now) === callbackDueAt(answeredAt) <= now;
        },
      ),
    );
  });
});
