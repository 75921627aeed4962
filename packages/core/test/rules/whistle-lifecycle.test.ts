/** 街乡吹哨、部门报到: the whistle and summons tables, grading, deadlines, lateness and escalation. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type SummonsStatus,
  summonsStatuses,
  type WhistleLevel,
  type WhistleStatus,
  whistleActors,
  whistleLevels,
  whistleScopes,
  whistleSeverities,
  whistleSituations,
  whistleStatuses,
} from "../../src/model/enums.ts";
import { whistleDraft, whistleSummons } from "../../src/model/whistle.ts";
import {
  applySummonsTransition,
  applyWhistleTransition,
  escalateSummons,
  gradeWhistleSource,
  IllegalTransitionError,
  isSummonsSettled,
  lateSummons,
  mayAddSummons,
  RuleInputError,
  type SummonsSnapshot,
  type SummonsTransitionContext,
  shouldEscalateToDistrict,
  startingWhistleLevel,
  summonsDeadlines,
  summonsLateness,
  summonsLifecycle,
  summonsTransitions,
  type WhistleSnapshot,
  type WhistleTransitionContext,
  whistleLifecycle,
  whistleTransitions,
} from "../../src/rules/index.ts";

const W = "00000000-0000-4000-8000-000000000001";
const U1 = "00000000-0000-4000-8000-0000000000a1";
const U2 = "00000000-0000-4000-8000-0000000000a2";
const U3 = "00000000-0000-4000-8000-0000000000a3";
const PHOTO = "00000000-0000-4000-8000-0000000000f1";
const t0 = new Date("2026-03-02T01:00:00Z"); // 09:00 Beijing
const min = (n: number) => new Date(t0.getTime() + n * 60_000);

const report = {
  arrivedAt: min(20),
  people: ["王队长（城管执法队）"],
  evidenceIds: [PHOTO],
  place: {
    kind: "point" as const,
    lat: 39.9,
    lng: 116.4,
    datum: "gcj02" as const,
    address: "延庆区妫水北街 1 号",
  },
  plan: "拆除违建棚架，三日内清运",
  plannedFinishOn: "2026-03-05",
};

const freshWhistle = (level: WhistleLevel = "subdistrict"): WhistleSnapshot => ({
  id: W,
  status: "raised",
  level,
  escalatedAt: null,
  resolvedAt: null,
  closedAt: null,
  withdrawnAt: null,
  resolution: null,
  withdrawReason: null,
});
const freshSummons = (id: string, unitId: string): SummonsSnapshot => ({
  id,
  whistleId: W,
  unitId,
  status: "summoned",
  summonedAt: t0,
  acknowledgeBy: min(30),
  reportBy: min(120),
  acknowledgedAt: null,
  reportedAt: null,
  finishedAt: null,
  refusedAt: null,
  refusalReason: null,
  result: null,
  escalatedAt: null,
  escalationReason: null,
});

function refusal(fn: () => unknown): IllegalTransitionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof IllegalTransitionError) return e;
    throw e;
  }
  throw new Error("did not throw");
}

describe("tables", () => {
  it("use the statuses and actors of enums.ts; terminal statuses have no way out", () => {
    for (const r of whistleTransitions) {
      expect(whistleStatuses).toContain(r.from);
      expect(whistleStatuses).toContain(r.to);
      for (const a of r.actors) expect(whistleActors).toContain(a);
    }
    for (const r of summonsTransitions) {
      expect(summonsStatuses).toContain(r.from);
      expect(summonsStatuses).toContain(r.to);
      for (const a of r.actors) expect(whistleActors).toContain(a);
    }
    expect(whistleLifecycle.next("closed")).toEqual([]);
    expect(whistleLifecycle.next("withdrawn")).toEqual([]);
    expect(summonsLifecycle.next("finished")).toEqual([]);
    expect(summonsLifecycle.next("cancelled")).toEqual([]);
    expect(summonsLifecycle.next("refused")).toEqual(["summoned"]);
  });

  it("every status is reachable from the start; closed only through resolved", () => {
    const reach = <S extends string>(start: S, next: (s: S) => S[]) => {
      const seen = new Set<S>([start]);
      const q = [start];
      while (q.length)
        for (const s of next(q.shift()!))
          if (!seen.has(s)) {
            seen.add(s);
            q.push(s);
          }
      return seen;
    };
    expect([...reach<WhistleStatus>("raised", (s) => whistleLifecycle.next(s))].sort()).toEqual(
      [...whistleStatuses].sort(),
    );
    expect([...reach<SummonsStatus>("summoned", (s) => summonsLifecycle.next(s))].sort()).toEqual(
      [...summonsStatuses].sort(),
    );
    expect(whistleTransitions.filter((r) => r.to === "closed").map((r) => r.from)).toEqual(["resolved"]);
  });

  it("property: a row is refused for every actor it does not list, whatever the context; pairs not in a table never pass", () => {
    const wCtx = fc.record({
      level: fc.constantFrom(...whistleLevels),
      actorLevel: fc.constantFrom(...whistleLevels, null),
      summons: fc.array(
        fc.record({
          status: fc.constantFrom(...summonsStatuses),
          escalatedAt: fc.constantFrom(null, t0),
        }),
        { maxLength: 4 },
      ),
      reason: fc.constantFrom(null, "", "误报"),
      resolution: fc.constantFrom(null, "已拆除"),
      unratedReportedCount: fc.nat(3),
      ratingPeriodOver: fc.boolean(),
    }) as fc.Arbitrary<WhistleTransitionContext>;
    fc.assert(
      fc.property(
        fc.constantFrom(...whistleStatuses),
        fc.constantFrom(...whistleStatuses),
        fc.constantFrom(...whistleActors),
        wCtx,
        (from, to, actor, ctx) => {
          const row = whistleTransitions.find((r) => r.from === from && r.to === to);
          if (!row?.actors.includes(actor)) {
            const e = refusal(() => whistleLifecycle.assert(from, to, actor, ctx));
            expect(e.reason).toBe(row ? "role_not_allowed" : "no_such_transition");
          } else if (whistleLifecycle.can(from, to, actor, ctx)) {
            expect(row.guard?.(ctx) ?? null).toBeNull();
          }
        },
      ),
    );
    const sCtx = fc.record({
      unitId: fc.constantFrom(U1, U2),
      actorUnitId: fc.constantFrom(U1, U2, null),
      reason: fc.constantFrom(null, " ", "非本单位职责"),
      report: fc.constantFrom(null, report),
      result: fc.constantFrom(null, "已完成"),
      whistleStatus: fc.constantFrom(...whistleStatuses),
      at: fc.constant(t0),
      reportBy: fc.constantFrom(null, min(-1), min(60)),
    }) as fc.Arbitrary<SummonsTransitionContext>;
    fc.assert(
      fc.property(
        fc.constantFrom(...summonsStatuses),
        fc.constantFrom(...summonsStatuses),
        fc.constantFrom(...whistleActors),
        sCtx,
        (from, to, actor, ctx) => {
          const row = summonsTransitions.find((r) => r.from === from && r.to === to);
          if (!row?.actors.includes(actor))
            expect(refusal(() => summonsLifecycle.assert(from, to, actor, ctx)).reason).toBe(
              row ? "role_not_allowed" : "no_such_transition",
            );
          // a unit only ever acts on its own summons
          if (actor === "unit_staff" && ctx.actorUnitId !== ctx.unitId)
            expect(summonsLifecycle.can(from, to, actor, ctx)).toBe(false);
        },
      ),
    );
  });
});

describe("summons guards", () => {
  const s = freshSummons("00000000-0000-4000-8000-0000000000b1", U1);
  it("on site needs the report with people and evidence; finished needs a result; refusal needs a reason", () => {
    const ack = applySummonsTransition(s, "raised", {
      to: "acknowledged",
      actor: "unit_staff",
      unitId: U1,
      at: min(10),
    }).summons;
    expect(ack.acknowledgedAt).toEqual(min(10));
    for (const bad of [
      null,
      { ...report, evidenceIds: [] },
      { ...report, people: [" "] },
      { ...report, plan: "" },
    ])
      expect(
        refusal(() =>
          applySummonsTransition(ack, "responding", {
            to: "on_site",
            actor: "unit_staff",
            unitId: U1,
            at: min(20),
            report: bad,
          }),
        ).reason,
      ).toBe("guard_failed");
    const onSite = applySummonsTransition(ack, "responding", {
      to: "on_site",
      actor: "unit_staff",
      unitId: U1,
      at: min(25),
      report,
    });
    expect(onSite.summons.reportedAt).toEqual(min(25));
    expect(onSite.event).toMatchObject({
      kind: "summons_transition",
      fromStatus: "acknowledged",
      toStatus: "on_site",
    });
    expect(
      refusal(() =>
        applySummonsTransition(onSite.summons, "responding", {
          to: "finished",
          actor: "unit_staff",
          unitId: U1,
          at: min(90),
        }),
      ).detail,
    ).toMatch(/result/);
    expect(
      refusal(() =>
        applySummonsTransition(s, "raised", {
          to: "refused",
          actor: "unit_staff",
          unitId: U1,
          at: min(5),
          reason: " ",
        }),
      ).detail,
    ).toMatch(/reason/);
    // another unit cannot act on it
    expect(
      refusal(() =>
        applySummonsTransition(s, "raised", {
          to: "acknowledged",
          actor: "unit_staff",
          unitId: U2,
          at: min(5),
        }),
      ).reason,
    ).toBe("guard_failed");
  });

  it("the district overrules a refusal with a reason and new deadlines, only while the whistle is open", () => {
    const refused = applySummonsTransition(s, "raised", {
      to: "refused",
      actor: "unit_staff",
      unitId: U1,
      at: min(5),
      reason: "非本单位职责",
    }).summons;
    const move = {
      to: "summoned" as const,
      actor: "district_staff" as const,
      at: min(40),
      reason: "属地责任单位",
      reportBy: min(160),
    };
    const again = applySummonsTransition(refused, "escalated", move).summons;
    expect(again).toMatchObject({
      status: "summoned",
      summonedAt: min(40),
      reportBy: min(160),
      refusalReason: null,
    });
    expect(refusal(() => applySummonsTransition(refused, "resolved", move)).reason).toBe("guard_failed");
    expect(
      refusal(() => applySummonsTransition(refused, "escalated", { ...move, reportBy: min(40) })).reason,
    ).toBe("guard_failed");
    expect(
      refusal(() => applySummonsTransition(refused, "escalated", { ...move, actor: "subdistrict_staff" }))
        .reason,
    ).toBe("role_not_allowed");
  });

  it("a summons is cancelled only by the system when its whistle was withdrawn", () => {
    expect(summonsLifecycle.can("summoned", "cancelled", "system", { whistleStatus: "withdrawn" })).toBe(
      true,
    );
    expect(summonsLifecycle.can("summoned", "cancelled", "system", { whistleStatus: "responding" })).toBe(
      false,
    );
    expect(summonsLifecycle.can("on_site", "cancelled", "system", { whistleStatus: "withdrawn" })).toBe(
      false,
    );
  });
});

describe("whistle guards", () => {
  const settled = [{ status: "finished" as const, escalatedAt: null, id: "s1" }];
  it("resolving needs the commanding level, every summons finished or refused-and-escalated, and a resolution", () => {
    const w = { ...freshWhistle("subdistrict"), status: "responding" as const };
    const ok = applyWhistleTransition(w, settled, {
      to: "resolved",
      actor: "subdistrict_staff",
      at: min(200),
      resolution: "已拆除",
    });
    expect(ok.whistle).toMatchObject({ status: "resolved", resolvedAt: min(200), resolution: "已拆除" });
    expect(
      refusal(() =>
        applyWhistleTransition(w, settled, {
          to: "resolved",
          actor: "community_staff",
          at: t0,
          resolution: "x",
        }),
      ).detail,
    ).toMatch(/subdistrict level/);
    expect(
      refusal(() =>
        applyWhistleTransition(w, settled, { to: "resolved", actor: "subdistrict_staff", at: t0 }),
      ).detail,
    ).toMatch(/resolution/);
    const refusedOpen = [{ status: "refused" as const, escalatedAt: null }];
    expect(
      refusal(() =>
        applyWhistleTransition(w, refusedOpen, {
          to: "resolved",
          actor: "district_staff",
          at: t0,
          resolution: "x",
        }),
      ).detail,
    ).toMatch(/escalated/);
    const onSite = [{ status: "on_site" as const, escalatedAt: null }];
    expect(
      refusal(() =>
        applyWhistleTransition(w, onSite, {
          to: "resolved",
          actor: "district_staff",
          at: t0,
          resolution: "x",
        }),
      ).detail,
    ).toMatch(/not finished/);
    expect(
      applyWhistleTransition(w, [{ status: "refused", escalatedAt: t0 }], {
        to: "resolved",
        actor: "district_staff",
        at: t0,
        resolution: "由区级统筹解决",
      }).whistle.status,
    ).toBe("resolved");
  });

  it("升级 raises the level to district once; the district cannot escalate further", () => {
    const w = freshWhistle("community");
    const e = applyWhistleTransition(w, [], { to: "escalated", actor: "system", at: min(31) });
    expect(e.whistle).toMatchObject({ status: "escalated", level: "district", escalatedAt: min(31) });
    expect(
      refusal(() =>
        applyWhistleTransition(freshWhistle("district"), [], { to: "escalated", actor: "system", at: t0 }),
      ).reason,
    ).toBe("guard_failed");
    expect(
      refusal(() => applyWhistleTransition(w, [], { to: "escalated", actor: "community_staff", at: t0 }))
        .reason,
    ).toBe("role_not_allowed");
    // after 升级 only the district resolves or adds units
    expect(mayAddSummons(e.whistle, "subdistrict_staff")).toBe(false);
    expect(mayAddSummons(e.whistle, "district_staff")).toBe(true);
    expect(mayAddSummons(freshWhistle("subdistrict"), "community_staff")).toBe(false);
    expect(mayAddSummons(freshWhistle("subdistrict"), "subdistrict_staff")).toBe(true);
    expect(mayAddSummons({ status: "resolved", level: "community" }, "district_staff")).toBe(false);
    expect(mayAddSummons(freshWhistle(), "unit_staff")).toBe(false);
  });

  it("closing needs every reporting unit rated by the street, or the rating period over", () => {
    const w = { ...freshWhistle(), status: "resolved" as const, resolution: "x" };
    expect(
      refusal(() => applyWhistleTransition(w, settled, { to: "closed", actor: "subdistrict_staff", at: t0 }))
        .detail,
    ).toMatch(/rates/);
    expect(
      applyWhistleTransition(w, settled, {
        to: "closed",
        actor: "subdistrict_staff",
        at: t0,
        ratedSummonsIds: ["s1"],
      }).whistle.closedAt,
    ).toEqual(t0);
    expect(
      applyWhistleTransition(w, settled, { to: "closed", actor: "system", at: t0, ratingPeriodOver: true })
        .whistle.status,
    ).toBe("closed");
  });

  it("撤哨 needs a reason and no unit on site yet", () => {
    const w = freshWhistle("community");
    expect(
      refusal(() => applyWhistleTransition(w, [], { to: "withdrawn", actor: "community_staff", at: t0 }))
        .detail,
    ).toMatch(/reason/);
    expect(
      refusal(() =>
        applyWhistleTransition(w, [{ status: "on_site", escalatedAt: null }], {
          to: "withdrawn",
          actor: "community_staff",
          at: t0,
          reason: "误报",
        }),
      ).detail,
    ).toMatch(/reported/);
    expect(
      applyWhistleTransition(w, [], { to: "withdrawn", actor: "community_staff", at: t0, reason: "误报" })
        .whistle,
    ).toMatchObject({ status: "withdrawn", withdrawReason: "误报" });
  });
});

describe("random walks keep the invariants", () => {
  const ids = [
    "00000000-0000-4000-8000-0000000000b1",
    "00000000-0000-4000-8000-0000000000b2",
    "00000000-0000-4000-8000-0000000000b3",
  ];
  const units = [U1, U2, U3];
  const step = fc.record({
    target: fc.nat(7),
    whistleTo: fc.constantFrom(...whistleStatuses),
    summonsTo: fc.constantFrom(...summonsStatuses),
    pick: fc.nat(),
    // mostly a move the table has, by one of its actors; sometimes anything at all
    wild: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    actor: fc.constantFrom(...whistleActors),
    unit: fc.nat(9),
    reason: fc.constantFrom(null, "", "非本单位职责"),
    text: fc.constantFrom(null, "已处理", "已处理"),
    withReport: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
    rateAll: fc.boolean(),
    periodOver: fc.boolean(),
    escalateAs: fc.constantFrom("refused" as const, "late_acknowledge" as const, "late_report" as const),
  });
  const reached = new Set<WhistleStatus>();
  it("closed/resolved only when every summons is finished or refused-and-escalated; withdrawn never after a report; the level only rises", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...whistleLevels),
        fc.integer({ min: 1, max: 3 }),
        fc.array(step, { minLength: 60, maxLength: 150 }),
        (level, n, steps) => {
          let w = freshWhistle(level);
          const summons = ids.slice(0, n).map((id, i) => freshSummons(id, units[i]!));
          const history: WhistleStatus[] = [w.status];
          let clock = 1;
          for (const st of steps) {
            const at = min(clock++);
            try {
              if (st.target === 0) {
                const rows = whistleTransitions.filter((r) => r.from === w.status);
                const row = rows[st.pick % Math.max(1, rows.length)];
                const to = st.wild || !row ? st.whistleTo : row.to;
                const actor = st.wild || !row ? st.actor : row.actors[st.pick % row.actors.length]!;
                w = applyWhistleTransition(w, summons, {
                  to,
                  actor,
                  at,
                  reason: st.reason,
                  resolution: st.text,
                  ratedSummonsIds: st.rateAll ? summons.map((s) => s.id) : [],
                  ratingPeriodOver: st.periodOver,
                }).whistle;
                if (history.at(-1) !== w.status) history.push(w.status);
              } else if (st.target === 7) {
                const i = st.unit % summons.length;
                summons[i] = escalateSummons(summons[i]!, st.escalateAs, at, st.actor).summons;
              } else {
                const i = st.unit % summons.length;
                const s = summons[i]!;
                const unitId = st.unit === 9 ? U3 : s.unitId;
                const rows = summonsTransitions.filter((r) => r.from === s.status);
                const row = rows[st.pick % Math.max(1, rows.length)];
                summons[i] = applySummonsTransition(s, w.status, {
                  to: st.wild || !row ? st.summonsTo : row.to,
                  actor: st.wild || !row ? st.actor : row.actors[st.pick % row.actors.length]!,
                  at,
                  unitId,
                  reason: st.reason,
                  result: st.text,
                  report: st.withReport ? { ...report, arrivedAt: at } : null,
                  reportBy: min(clock + 100),
                }).summons;
              }
            } catch (e) {
              if (!(e instanceof IllegalTransitionError) && !(e instanceof RuleInputError)) throw e;
            }
            if (w.status === "resolved" || w.status === "closed")
              expect(summons.every(isSummonsSettled)).toBe(true);
            if (w.status === "withdrawn")
              expect(summons.some((s) => s.status === "on_site" || s.status === "finished")).toBe(false);
            if (w.status === "escalated") expect(w.level).toBe("district");
            expect(whistleLevels.indexOf(w.level)).toBeGreaterThanOrEqual(whistleLevels.indexOf(level));
            if (summons.some((s) => s.status === "cancelled")) expect(w.status).toBe("withdrawn");
            for (const s of summons) {
              expect(
                whistleSummons.safeParse({ ...s, summonedAtLevel: level, createdAt: t0, updatedAt: t0 })
                  .success,
              ).toBe(true);
              if (s.status === "on_site" || s.status === "finished") expect(s.reportedAt).not.toBeNull();
            }
          }
          if (history.includes("closed")) expect(history.at(-2)).toBe("resolved");
          for (const h of history) reached.add(h);
        },
      ),
      { numRuns: 300 },
    );
    // the walks do get everywhere
    expect([...reached].sort()).toEqual([...whistleStatuses].sort());
  });
});

describe("grading (分级哨源, practice)", () => {
  it("documented cases", () => {
    expect(
      gradeWhistleSource({ severity: "ordinary", scope: "single_community", situation: "public_request" }),
    ).toEqual({ level: "community", reason: "local" });
    expect(
      gradeWhistleSource({ severity: "ordinary", scope: "single_community", situation: "joint_enforcement" })
        .level,
    ).toBe("subdistrict");
    expect(
      gradeWhistleSource({ severity: "ordinary", scope: "single_community", situation: "emergency" }).level,
    ).toBe("subdistrict");
    expect(
      gradeWhistleSource({ severity: "major", scope: "single_community", situation: "emergency" }),
    ).toEqual({ level: "district", reason: "major_emergency" });
    expect(
      gradeWhistleSource({ severity: "major", scope: "single_community", situation: "key_task" }).level,
    ).toBe("subdistrict");
    expect(
      gradeWhistleSource({ severity: "ordinary", scope: "multiple_communities", situation: "key_task" })
        .level,
    ).toBe("subdistrict");
    expect(
      gradeWhistleSource({ severity: "ordinary", scope: "multiple_subdistricts", situation: "key_task" }),
    ).toEqual({ level: "district", reason: "several_subdistricts" });
    expect(
      gradeWhistleSource({ severity: "severe", scope: "single_community", situation: "public_request" })
        .level,
    ).toBe("district");
    expect(startingWhistleLevel("subdistrict", "community")).toBe("subdistrict");
    expect(startingWhistleLevel("subdistrict", "district")).toBe("district");
  });
  it("property: more severe or wider never grades lower", () => {
    const r = (l: WhistleLevel) => whistleLevels.indexOf(l);
    for (const situation of whistleSituations)
      for (let a = 0; a < 3; a++)
        for (let b = 0; b < 3; b++) {
          const g = (sv: number, sc: number) =>
            r(
              gradeWhistleSource({ severity: whistleSeverities[sv]!, scope: whistleScopes[sc]!, situation })
                .level,
            );
          if (a < 2) expect(g(a + 1, b)).toBeGreaterThanOrEqual(g(a, b));
          if (b < 2) expect(g(a, b + 1)).toBeGreaterThanOrEqual(g(a, b));
        }
  });
});

describe("deadlines and lateness", () => {
  const s = freshSummons("00000000-0000-4000-8000-0000000000b1", U1);
  it("exactly at the deadline is on time; one ms after is late", () => {
    const ackBy = s.acknowledgeBy.getTime();
    expect(summonsLateness(s, new Date(ackBy)).acknowledge.late).toBe(false);
    expect(summonsLateness(s, new Date(ackBy + 1)).acknowledge).toMatchObject({
      late: true,
      outstanding: true,
      lateByMs: 1,
    });
    const ackAt = { ...s, status: "acknowledged" as const, acknowledgedAt: new Date(ackBy) };
    expect(summonsLateness(ackAt, min(10_000)).acknowledge).toMatchObject({
      late: false,
      outstanding: false,
    });
    expect(
      summonsLateness({ ...ackAt, acknowledgedAt: new Date(ackBy + 1) }, min(10_000)).acknowledge.late,
    ).toBe(true);
    const repBy = s.reportBy.getTime();
    expect(summonsLateness(ackAt, new Date(repBy)).report.late).toBe(false);
    expect(summonsLateness(ackAt, new Date(repBy + 1)).report.late).toBe(true);
    const reported = { ...ackAt, status: "on_site" as const, reportedAt: new Date(repBy) };
    expect(summonsLateness(reported, min(10_000)).report.late).toBe(false);
    // a refusal in time answers the summons and owes no report
    const refused = { ...s, status: "refused" as const, refusedAt: min(5) };
    expect(summonsLateness(refused, min(10_000))).toMatchObject({
      acknowledge: { late: false },
      report: { late: false, outstanding: false },
    });
  });

  it("lateSummons and shouldEscalateToDistrict", () => {
    const a = s;
    const b = {
      ...freshSummons("00000000-0000-4000-8000-0000000000b2", U2),
      status: "acknowledged" as const,
      acknowledgedAt: min(40),
    };
    const c = {
      ...freshSummons("00000000-0000-4000-8000-0000000000b3", U3),
      status: "refused" as const,
      refusedAt: min(1),
      refusalReason: "非本单位职责",
    };
    expect(lateSummons(min(30), [a, b, c])).toEqual([
      { summonsId: b.id, unitId: U2, late: ["acknowledge"], outstanding: false },
    ]);
    expect(lateSummons(min(121), [a, b]).map((l) => l.late)).toEqual([
      ["acknowledge", "report"],
      ["acknowledge", "report"],
    ]);
    const w = { status: "raised" as const, level: "subdistrict" as const };
    expect(shouldEscalateToDistrict(w, [a, b], min(30))).toEqual({ summons: [], escalateWhistle: false });
    expect(shouldEscalateToDistrict(w, [a, b, c], min(31))).toEqual({
      summons: [
        { summonsId: a.id, unitId: U1, reason: "late_acknowledge" },
        { summonsId: c.id, unitId: U3, reason: "refused" },
      ],
      escalateWhistle: true,
    });
    expect(shouldEscalateToDistrict(w, [b], min(121)).summons).toEqual([
      { summonsId: b.id, unitId: U2, reason: "late_report" },
    ]);
    // at district level the summonses are still recorded, the whistle cannot rise
    expect(shouldEscalateToDistrict({ status: "escalated", level: "district" }, [a], min(31))).toMatchObject({
      escalateWhistle: false,
      summons: [{ reason: "late_acknowledge" }],
    });
    // once recorded, not again; nothing for a closed whistle
    const escalated = escalateSummons(a, "late_acknowledge", min(31)).summons;
    expect(shouldEscalateToDistrict(w, [escalated], min(200)).summons).toEqual([]);
    expect(() => escalateSummons(escalated, "late_report", min(200))).toThrow(RuleInputError);
    expect(
      shouldEscalateToDistrict({ status: "closed", level: "subdistrict" }, [a], min(200)).summons,
    ).toEqual([]);
  });

  it("the practice default acknowledgement window, capped by report-by", () => {
    expect(summonsDeadlines({ summonedAt: t0, reportBy: min(120) }, "emergency").acknowledgeBy).toEqual(
      min(30),
    );
    expect(summonsDeadlines({ summonedAt: t0, reportBy: min(600) }, "key_task").acknowledgeBy).toEqual(
      min(120),
    );
    expect(summonsDeadlines({ summonedAt: t0, reportBy: min(60) }, "key_task").acknowledgeBy).toEqual(
      min(60),
    );
    expect(
      summonsDeadlines({ summonedAt: t0, reportBy: min(60), acknowledgeBy: min(5) }, "key_task")
        .acknowledgeBy,
    ).toEqual(min(5));
    expect(() => summonsDeadlines({ summonedAt: t0, reportBy: t0 }, "key_task")).toThrow(RuleInputError);
  });
});

describe("whistle draft schema", () => {
  const draft = {
    title: "妫水北街违建棚架",
    description: "沿街商户私搭棚架，社区多次劝导无效",
    situation: "joint_enforcement",
    severity: "ordinary",
    scope: "single_community",
    level: "subdistrict",
    subdistrictId: U1,
    communityId: U2,
    place: report.place,
    source: { kind: "work_order", id: U3 },
    raisedAt: t0,
    summons: [
      { unitId: U1, reportBy: min(120), acknowledgeBy: min(30) },
      { unitId: U2, reportBy: min(120), acknowledgeBy: null },
    ],
  };
  it("accepts a whistle and refuses: no unit, a unit twice, a deadline before raising, ack after report", () => {
    expect(whistleDraft.safeParse(draft).success).toBe(true);
    expect(whistleDraft.safeParse({ ...draft, summons: [] }).success).toBe(false);
    expect(whistleDraft.safeParse({ ...draft, summons: [draft.summons[0], draft.summons[0]] }).success).toBe(
      false,
    );
    expect(
      whistleDraft.safeParse({ ...draft, summons: [{ unitId: U1, reportBy: t0, acknowledgeBy: null }] })
        .success,
    ).toBe(false);
    expect(
      whistleDraft.safeParse({
        ...draft,
        summons: [{ unitId: U1, reportBy: min(10), acknowledgeBy: min(11) }],
      }).success,
    ).toBe(false);
    expect(whistleDraft.safeParse({ ...draft, level: "community", communityId: null }).success).toBe(false);
    expect(whistleDraft.safeParse({ ...draft, title: " " }).success).toBe(false);
    expect(whistleDraft.safeParse({ ...draft, source: { kind: "none" } }).success).toBe(true);
  });
});
