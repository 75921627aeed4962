/** 专项治理方案 and 主动治理任务 lifecycles: the transition tables, their guards, and task lateness. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { governancePlanStatuses, planTaskStatuses } from "../../src/model/enums.ts";
import {
  governancePlanLifecycle,
  IllegalTransitionError,
  isGovernancePlanEditable,
  isPlanTaskOverdue,
  planTaskLifecycle,
} from "../../src/rules/index.ts";

describe("governance plan lifecycle", () => {
  it("goes draft → active only with themes and areas", () => {
    expect(
      governancePlanLifecycle.can("draft", "active", "district_staff", { themeCount: 1, areaCount: 1 }),
    ).toBe(true);
    expect(
      governancePlanLifecycle.can("draft", "active", "district_staff", { themeCount: 0, areaCount: 1 }),
    ).toBe(false);
    expect(
      governancePlanLifecycle.can("draft", "active", "district_staff", { themeCount: 1, areaCount: 0 }),
    ).toBe(false);
    expect(() => governancePlanLifecycle.assert("draft", "active", "district_staff", {})).toThrow(
      IllegalTransitionError,
    );
  });
  it("completes only when no task is unfinished; cancels from draft or active; closed plans are final", () => {
    expect(
      governancePlanLifecycle.can("active", "completed", "subdistrict_staff", { unfinishedTaskCount: 0 }),
    ).toBe(true);
    expect(
      governancePlanLifecycle.can("active", "completed", "subdistrict_staff", { unfinishedTaskCount: 1 }),
    ).toBe(false);
    expect(
      governancePlanLifecycle.can("draft", "completed", "subdistrict_staff", { unfinishedTaskCount: 0 }),
    ).toBe(false);
    expect(governancePlanLifecycle.can("draft", "cancelled", "system_admin")).toBe(true);
    expect(governancePlanLifecycle.can("active", "cancelled", "system_admin")).toBe(true);
    for (const to of governancePlanStatuses) {
      expect(governancePlanLifecycle.next("completed")).not.toContain(to);
      expect(governancePlanLifecycle.next("cancelled")).not.toContain(to);
    }
    expect(isGovernancePlanEditable("draft")).toBe(true);
    expect(isGovernancePlanEditable("active")).toBe(true);
    expect(isGovernancePlanEditable("completed")).toBe(false);
    expect(isGovernancePlanEditable("cancelled")).toBe(false);
  });
  it("refuses community staff and residents", () => {
    // @ts-expect-error not a plan actor
    expect(governancePlanLifecycle.can("draft", "cancelled", "community_staff")).toBe(false);
  });
});

describe("plan task lifecycle", () => {
  it("is done from open, started or late, and never leaves done or cancelled", () => {
    for (const from of ["open", "in_progress", "overdue"] as const)
      expect(planTaskLifecycle.can(from, "done", "district_staff")).toBe(true);
    for (const from of ["done", "cancelled"] as const)
      for (const to of planTaskStatuses)
        expect(planTaskLifecycle.can(from, to, "district_staff")).toBe(false);
  });
  it("is late from the day after its deadline until done or cancelled", () => {
    expect(isPlanTaskOverdue({ status: "open", deadline: "2026-03-31" }, "2026-03-31")).toBe(false);
    expect(isPlanTaskOverdue({ status: "open", deadline: "2026-03-31" }, "2026-04-01")).toBe(true);
    expect(isPlanTaskOverdue({ status: "done", deadline: "2026-03-31" }, "2026-04-01")).toBe(false);
    expect(isPlanTaskOverdue({ status: "cancelled", deadline: "2026-03-31" }, "2026-04-01")).toBe(false);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 3000 }), (a, b) => {
        const d = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
        return isPlanTaskOverdue({ status: "in_progress", deadline: d(a) }, d(b)) === b > a;
      }),
    );
  });
});
