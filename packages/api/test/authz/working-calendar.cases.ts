import { loadChineseDaysCalendar } from "@gongzhi/db";
import type { DomainCases } from "./cases.ts";

/** The calendar is national: no inside or outside, the roles alone decide (and a change needs system_admin). */
export const workingCalendarCases: DomainCases = {
  setup: async (world) => {
    await loadChineseDaysCalendar(world.db, [2026]);
    return {};
  },
  cases: {
    "workingCalendar.year": { input: () => ({ year: 2026 }), scope: "ignore" },
    "workingCalendar.correct": {
      input: () => ({ date: "2026-03-09", kind: "holiday", name: "授权测试" }),
      scope: "ignore",
    },
    "workingCalendar.revert": { input: () => ({ date: "2026-03-09" }), scope: "ignore" },
  },
};
