import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decisionStatuses, ledgerStatuses, topicStatuses } from "../../src/model/enums.ts";
import {
  assertCommitteeTransition,
  assertDecisionTransition,
  assertLedgerTransition,
  assertTopicTransition,
  canTransitionDecision,
  canTransitionLedger,
  canTransitionTopic,
  checkNoticePeriod,
  DEFAULT_TOPIC_SUPPORT_THRESHOLD,
  decisionCloseReason,
  decisionTransitions,
  IllegalTransitionError,
  isLedgerItemOverdue,
  type LedgerReportItem,
  ledgerCloseOutReport,
  ledgerTransitions,
  nextCommitteeStatuses,
  nextDecisionStatuses,
  nextLedgerStatuses,
  nextSupervisionLevel,
  nextTopicStatuses,
  periodBounds,
  publicationDeadline,
  supervisionLevelAfter,
  supportThresholdReached,
  topicSupportThreshold,
  topicTransitions,
} from "../../src/rules/index.ts";

function thrown(fn: () => unknown): IllegalTransitionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof IllegalTransitionError) return e;
    throw e;
  }
  throw new Error("did not throw");
}

describe("transition tables only use statuses from enums.ts", () => {
  it("topic, decision, ledger", () => {
    for (const r of topicTransitions) {
      expect(topicStatuses).toContain(r.from);
      expect(topicStatuses).toContain(r.to);
    }
    for (const r of decisionTransitions) {
      expect(decisionStatuses).toContain(r.from);
      expect(decisionStatuses).toContain(r.to);
    }
    for (const r of ledgerTransitions) {
      expect(ledgerStatuses).toContain(r.from);
      expect(ledgerStatuses).toContain(r.to);
    }
  });
});

describe("topic lifecycle (议题, 五民)", () => {
  it("the happy path, with who does what", () => {
    assertTopicTransition("draft", "collecting", "author");
    assertTopicTransition("collecting", "awaiting_screening", "system", {
      supportCount: 10,
      supportThreshold: 10,
    });
    assertTopicTransition("awaiting_screening", "accepted", "community_staff");
    assertTopicTransition("accepted", "scheduled", "community_staff", { meetingId: "m1" });
    assertTopicTransition("scheduled", "deliberated", "community_staff");
    assertTopicTransition("deliberated", "decided", "community_staff");
    assertTopicTransition("decided", "in_progress", "community_staff");
    assertTopicTransition("in_progress", "done", "subdistrict_staff");
    assertTopicTransition("done", "rated", "resident");
  });

  it("support threshold: 9 of 10 is not enough, 10 is (inclusive); default 10; per-community override", () => {
    expect(DEFAULT_TOPIC_SUPPORT_THRESHOLD).toBe(10);
    expect(supportThresholdReached(9)).toBe(false);
    expect(supportThresholdReached(10)).toBe(true);
    expect(topicSupportThreshold({ topicSupportThreshold: 25 })).toBe(25);
    expect(topicSupportThreshold({ supportThreshold: 5 })).toBe(5);
    expect(topicSupportThreshold({ topicSupportThreshold: 0 })).toBe(10);
    expect(topicSupportThreshold(null)).toBe(10);
    const e = thrown(() =>
      assertTopicTransition("collecting", "awaiting_screening", "system", {
        supportCount: 24,
        supportThreshold: 25,
      }),
    );
    expect(e).toMatchObject({
      entity: "topic",
      from: "collecting",
      to: "awaiting_screening",
      reason: "guard_failed",
    });
    expect(canTransitionTopic("collecting", "awaiting_screening", "system", { supportCount: 9 })).toBe(false);
    expect(canTransitionTopic("collecting", "awaiting_screening", "system", { supportCount: 10 })).toBe(true);
  });

  it("screening: merge needs a target, decline needs a public reason; residents cannot screen", () => {
    expect(
      canTransitionTopic("awaiting_screening", "merged", "community_staff", { mergedIntoTopicId: "t9" }),
    ).toBe(true);
    expect(canTransitionTopic("awaiting_screening", "merged", "community_staff")).toBe(false);
    expect(
      canTransitionTopic("awaiting_screening", "declined", "community_staff", { declineReason: "   " }),
    ).toBe(false);
    expect(
      canTransitionTopic("awaiting_screening", "declined", "community_staff", {
        declineReason: "属于物业合同范围，转物业处理",
      }),
    ).toBe(true);
    const e = thrown(() => assertTopicTransition("awaiting_screening", "accepted", "resident"));
    expect(e.reason).toBe("role_not_allowed");
    expect(e.actor).toBe("resident");
  });

  it("illegal transitions throw IllegalTransitionError with entity, from, to", () => {
    const e = thrown(() => assertTopicTransition("draft", "decided", "community_staff"));
    expect(e).toBeInstanceOf(IllegalTransitionError);
    expect(e).toMatchObject({ entity: "topic", from: "draft", to: "decided", reason: "no_such_transition" });
    expect(() => assertTopicTransition("declined", "accepted", "community_staff")).toThrow(
      IllegalTransitionError,
    );
    expect(() => assertTopicTransition("draft", "collecting", "community_staff")).toThrow(
      IllegalTransitionError,
    );
  });

  it("nextTopicStatuses by role", () => {
    expect(nextTopicStatuses("awaiting_screening", "community_staff").sort()).toEqual([
      "accepted",
      "declined",
      "merged",
    ]);
    expect(nextTopicStatuses("awaiting_screening", "resident")).toEqual([]);
    expect(nextTopicStatuses("draft", "author")).toEqual(["collecting"]);
    expect(nextTopicStatuses("rated")).toEqual([]);
    expect(nextTopicStatuses("collecting", "system", { supportCount: 3 })).toEqual([]);
  });

  it("property: canTransitionTopic agrees with assertTopicTransition for any pair", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...topicStatuses),
        fc.constantFrom(...topicStatuses),
        fc.constantFrom("author", "resident", "community_staff", "system", "system_admin" as const),
        (from, to, actor) => {
          const ctx = { supportCount: 10, mergedIntoTopicId: "x", declineReason: "r", meetingId: "m" };
          let ok = true;
          try {
            assertTopicTransition(from, to, actor, ctx);
          } catch (e) {
            expect(e).toBeInstanceOf(IllegalTransitionError);
            ok = false;
          }
          expect(canTransitionTopic(from, to, actor, ctx)).toBe(ok);
          expect(nextTopicStatuses(from, actor, ctx).includes(to)).toBe(ok);
        },
      ),
    );
  });
});

describe("owners' decision lifecycle", () => {
  it("notice ≥ 15 days before voting opens (条例 Art. 35): 15 days ok, 14 not", () => {
    expect(checkNoticePeriod("2025-03-01", "2025-03-16")).toMatchObject({
      ok: true,
      daysOfNotice: 15,
      earliestOpening: "2025-03-16",
    });
    expect(checkNoticePeriod("2025-03-01", "2025-03-15")).toMatchObject({ ok: false, daysOfNotice: 14 });
    expect(
      canTransitionDecision("draft", "noticed", "committee_member", {
        noticedOn: "2025-03-01",
        opensOn: "2025-03-16",
        today: "2025-03-01",
      }),
    ).toBe(true);
    const e = thrown(() =>
      assertDecisionTransition("draft", "noticed", "committee_member", {
        noticedOn: "2025-03-01",
        opensOn: "2025-03-15",
        today: "2025-03-01",
      }),
    );
    expect(e).toMatchObject({ entity: "owners_decision", reason: "guard_failed" });
    // Opening early is refused even if the planned date was fine.
    const window = {
      opensAt: new Date("2025-03-16T00:00:00+08:00"),
      closesAt: new Date("2025-03-23T00:00:00+08:00"),
    };
    expect(
      canTransitionDecision("noticed", "open", "system", {
        noticedOn: "2025-03-01",
        opensOn: "2025-03-16",
        today: "2025-03-10",
        now: new Date("2025-03-10T09:00:00+08:00"),
        ...window,
      }),
    ).toBe(false);
    expect(
      canTransitionDecision("noticed", "open", "system", {
        noticedOn: "2025-03-01",
        opensOn: "2025-03-16",
        today: "2025-03-16",
        now: new Date("2025-03-16T09:00:00+08:00"),
        ...window,
      }),
    ).toBe(true);
  });

  it("a notice cannot be backdated: dated today is recorded, dated yesterday is not (Art. 35 counts from a real notice)", () => {
    const ctx = { noticedOn: "2025-03-01", opensOn: "2025-03-20" };
    expect(
      canTransitionDecision("draft", "noticed", "community_staff", { ...ctx, today: "2025-03-01" }),
    ).toBe(true);
    expect(
      canTransitionDecision("draft", "noticed", "community_staff", { ...ctx, today: "2025-02-27" }),
    ).toBe(true);
    expect(() =>
      assertDecisionTransition("draft", "noticed", "community_staff", { ...ctx, today: "2025-03-02" }),
    ).toThrow(/backdated/);
    // Without the clock the guard refuses rather than guessing.
    expect(canTransitionDecision("draft", "noticed", "community_staff", ctx)).toBe(false);
  });

  it("voting opens no earlier than its announced opening and not after its close", () => {
    const base = {
      noticedOn: "2025-03-01",
      opensOn: "2025-03-16",
      today: "2025-03-16",
      opensAt: new Date("2025-03-16T10:00:00+08:00"),
      closesAt: new Date("2025-03-23T10:00:00+08:00"),
    };
    expect(
      canTransitionDecision("noticed", "open", "system", {
        ...base,
        now: new Date("2025-03-16T09:59:59.999+08:00"),
      }),
    ).toBe(false);
    expect(
      canTransitionDecision("noticed", "open", "system", {
        ...base,
        now: new Date("2025-03-16T10:00:00+08:00"),
      }),
    ).toBe(true);
    expect(
      canTransitionDecision("noticed", "open", "system", {
        ...base,
        today: "2025-03-23",
        now: new Date("2025-03-23T10:00:00+08:00"),
      }),
    ).toBe(false);
  });

  it("a vote closes at its announced close, earlier only when every owner has voted (recorded reason)", () => {
    const closesAt = new Date("2025-04-01T18:00:00+08:00");
    const early = new Date("2025-03-25T18:00:00+08:00");
    expect(decisionCloseReason({ now: early, closesAt, allOwnersVoted: false })).toBeNull();
    expect(decisionCloseReason({ now: early, closesAt, allOwnersVoted: true })).toBe("all_owners_voted");
    expect(
      decisionCloseReason({ now: new Date(closesAt.getTime() - 1), closesAt, allOwnersVoted: false }),
    ).toBeNull();
    expect(decisionCloseReason({ now: closesAt, closesAt, allOwnersVoted: false })).toBe("period_ended");
    expect(canTransitionDecision("open", "closed", "community_staff", { now: early, closesAt })).toBe(false);
    expect(
      canTransitionDecision("open", "closed", "community_staff", {
        now: early,
        closesAt,
        allOwnersVoted: true,
      }),
    ).toBe(true);
    expect(canTransitionDecision("open", "closed", "community_staff", { now: closesAt, closesAt })).toBe(
      true,
    );
  });

  it("results are published no earlier than the close", () => {
    const closedAt = new Date("2025-04-01T18:00:00+08:00");
    expect(
      canTransitionDecision("tallied", "published", "community_staff", {
        now: new Date(closedAt.getTime() - 1),
        closedAt,
      }),
    ).toBe(false);
    expect(
      canTransitionDecision("tallied", "published", "community_staff", { now: closedAt, closedAt }),
    ).toBe(true);
    expect(canTransitionDecision("tallied", "published", "community_staff", {})).toBe(false);
  });

  it("publication within 3 days of closing (条例 Art. 37)", () => {
    expect(publicationDeadline("2025-04-01", null, "2025-04-04")).toMatchObject({
      dueDate: "2025-04-04",
      overdue: false,
      daysLeft: 0,
    });
    expect(publicationDeadline("2025-04-01", null, "2025-04-05")).toMatchObject({
      overdue: true,
      daysLeft: -1,
    });
    expect(publicationDeadline("2025-04-01", "2025-04-04", "2025-05-01")).toMatchObject({
      published: true,
      overdue: false,
    });
    expect(publicationDeadline("2025-04-01", "2025-04-05", "2025-05-01")).toMatchObject({
      published: true,
      overdue: true,
    });
  });

  it("rest of the path and cancellation only from draft or noticed", () => {
    const at = new Date("2025-04-01T00:00:00Z");
    assertDecisionTransition("open", "closed", "system", { now: at, closesAt: at });
    assertDecisionTransition("closed", "tallied", "system");
    assertDecisionTransition("tallied", "published", "committee_member", { now: at, closedAt: at });
    expect(nextDecisionStatuses("draft", "community_staff").sort()).toEqual(["cancelled", "noticed"]);
    expect(nextDecisionStatuses("noticed", "community_staff").sort()).toEqual(["cancelled", "open"]);
    expect(() => assertDecisionTransition("open", "cancelled", "community_staff")).toThrow(
      IllegalTransitionError,
    );
    expect(() =>
      assertDecisionTransition("draft", "noticed", "resident", {
        noticedOn: "2025-03-01",
        opensOn: "2025-04-01",
      }),
    ).toThrow(IllegalTransitionError);
    expect(() => assertDecisionTransition("published", "open", "system")).toThrow(IllegalTransitionError);
  });
});

describe("ledger lifecycle and 三级督办", () => {
  it("done requires evidence", () => {
    expect(canTransitionLedger("in_progress", "done", "community_staff")).toBe(false);
    expect(canTransitionLedger("in_progress", "done", "community_staff", { evidence: [] })).toBe(false);
    expect(canTransitionLedger("in_progress", "done", "community_staff", { evidence: ["photo.jpg"] })).toBe(
      true,
    );
    const e = thrown(() => assertLedgerTransition("open", "done", "community_staff"));
    expect(e).toMatchObject({ entity: "ledger_item", reason: "guard_failed" });
  });

  it("overdue → escalated one level; cannot escalate beyond district", () => {
    assertLedgerTransition("open", "overdue", "system");
    assertLedgerTransition("overdue", "escalated", "system", { level: "community" });
    expect(canTransitionLedger("overdue", "escalated", "system", { level: "district" })).toBe(false);
    expect(nextSupervisionLevel("community")).toBe("subdistrict");
    expect(nextSupervisionLevel("subdistrict")).toBe("district");
    expect(nextSupervisionLevel("district")).toBeNull();
    expect([0, 1, 2, 3, 7].map((n) => supervisionLevelAfter(n))).toEqual([
      "community",
      "subdistrict",
      "district",
      "district",
      "district",
    ]);
    expect(() => assertLedgerTransition("done", "open", "community_staff")).toThrow(IllegalTransitionError);
    expect(nextLedgerStatuses("escalated", "system")).toEqual(["done", "overdue"]);
    // only resuming the work is for people
    expect(canTransitionLedger("escalated", "in_progress", "system")).toBe(false);
  });

  it("the system closes an item only with evidence (its work order's answer), from any open state", () => {
    for (const from of ["open", "in_progress", "overdue", "escalated"] as const) {
      expect(canTransitionLedger(from, "done", "system")).toBe(false);
      expect(canTransitionLedger(from, "done", "system", { evidence: [] })).toBe(false);
      expect(canTransitionLedger(from, "done", "system", { evidence: ["工单已办结：答复…"] })).toBe(true);
    }
    expect(canTransitionLedger("done", "done", "system", { evidence: ["x"] })).toBe(false);
    expect(canTransitionLedger("open", "in_progress", "system")).toBe(false);
  });

  it("overdue only after the deadline day", () => {
    expect(isLedgerItemOverdue({ status: "open", deadline: "2025-03-31" }, "2025-03-31")).toBe(false);
    expect(isLedgerItemOverdue({ status: "open", deadline: "2025-03-31" }, "2025-04-01")).toBe(true);
    expect(isLedgerItemOverdue({ status: "done", deadline: "2025-03-31" }, "2025-04-01")).toBe(false);
  });

  it("period bounds of months and quarters", () => {
    expect(periodBounds({ kind: "month", year: 2024, month: 2 })).toEqual({
      start: "2024-02-01",
      end: "2024-02-29",
    });
    expect(periodBounds({ kind: "quarter", year: 2025, quarter: 4 })).toEqual({
      start: "2025-10-01",
      end: "2025-12-31",
    });
    expect(() => periodBounds({ kind: "quarter", year: 2025, quarter: 5 })).toThrow();
  });

  it("monthly close-out (销账) report per responsible unit", () => {
    const items: LedgerReportItem[] = [
      // opened and closed on time in March
      {
        id: "1",
        responsibleUnit: "A",
        openedOn: "2025-03-02",
        deadline: "2025-03-20",
        closedOn: "2025-03-15",
      },
      // opened in Feb, closed late in March
      {
        id: "2",
        responsibleUnit: "A",
        openedOn: "2025-02-10",
        deadline: "2025-03-01",
        closedOn: "2025-03-05",
      },
      // opened in March, still open, deadline passed in March → overdue
      { id: "3", responsibleUnit: "B", openedOn: "2025-03-03", deadline: "2025-03-30", closedOn: null },
      // opened in March, deadline on the last day: outstanding, not overdue
      { id: "4", responsibleUnit: "B", openedOn: "2025-03-10", deadline: "2025-03-31", closedOn: null },
      // closed in April: still open at the end of March, overdue then
      {
        id: "5",
        responsibleUnit: "C",
        openedOn: "2025-01-10",
        deadline: "2025-02-01",
        closedOn: "2025-04-02",
      },
      // nothing in March: closed in February
      {
        id: "6",
        responsibleUnit: "D",
        openedOn: "2025-01-10",
        deadline: "2025-02-01",
        closedOn: "2025-02-01",
      },
      // opened after March
      { id: "7", responsibleUnit: "D", openedOn: "2025-04-01", deadline: "2025-04-30", closedOn: null },
    ];
    const r = ledgerCloseOutReport(items, { kind: "month", year: 2025, month: 3 });
    expect(r.start).toBe("2025-03-01");
    expect(r.end).toBe("2025-03-31");
    expect(r.units).toEqual([
      { responsibleUnit: "A", opened: 1, closed: 2, closedOnTime: 1, overdue: 0, outstanding: 0 },
      { responsibleUnit: "B", opened: 2, closed: 0, closedOnTime: 0, overdue: 1, outstanding: 2 },
      { responsibleUnit: "C", opened: 0, closed: 0, closedOnTime: 0, overdue: 1, outstanding: 1 },
    ]);
    expect(r.totals).toEqual({ opened: 3, closed: 2, closedOnTime: 1, overdue: 2, outstanding: 3 });

    const q = ledgerCloseOutReport(items, { kind: "quarter", year: 2025, quarter: 1 });
    expect(q.totals).toEqual({ opened: 6, closed: 3, closedOnTime: 2, overdue: 2, outstanding: 3 });
  });
});

describe("committee lifecycle", () => {
  it("preparing → elected → filed → term_ending → expired; only the subdistrict files", () => {
    assertCommitteeTransition("preparing", "elected", "community_staff");
    assertCommitteeTransition("elected", "filed", "subdistrict_staff");
    assertCommitteeTransition("filed", "term_ending", "system");
    assertCommitteeTransition("term_ending", "expired", "system");
    expect(() => assertCommitteeTransition("elected", "filed", "community_staff")).toThrow(
      IllegalTransitionError,
    );
    expect(() => assertCommitteeTransition("expired", "filed", "subdistrict_staff")).toThrow(
      IllegalTransitionError,
    );
    expect(nextCommitteeStatuses("expired")).toEqual([]);
  });
});
