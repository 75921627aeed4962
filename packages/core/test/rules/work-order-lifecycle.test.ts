import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type WorkOrderStatus, workOrderActors, workOrderStatuses } from "../../src/model/enums.ts";
import { workOrderEvent } from "../../src/model/hotline.ts";
import {
  applyWorkOrderTransition,
  canTransitionWorkOrder,
  countReturnsByUnit,
  IllegalTransitionError,
  nextWorkOrderStatuses,
  RuleInputError,
  recordWorkOrderEvent,
  type WorkOrderEventDraft,
  type WorkOrderMove,
  type WorkOrderSnapshot,
  workOrderTransitions,
} from "../../src/rules/index.ts";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
const C = "00000000-0000-4000-8000-00000000000c";
const ORDER = "00000000-0000-4000-8000-000000000001";
const ORIGINAL = "00000000-0000-4000-8000-000000000002";
const at = new Date("2026-02-13T02:00:00Z");

const fresh = (type: WorkOrderSnapshot["type"] = "complaint"): WorkOrderSnapshot => ({
  id: ORDER,
  type,
  status: "received",
  assignedUnitId: null,
  leadUnitId: null,
  coHandlerUnitIds: [],
  mergedIntoId: null,
  returnCount: 0,
  reopenCount: 0,
});

function run(order: WorkOrderSnapshot, moves: Omit<WorkOrderMove, "at">[]) {
  const events: WorkOrderEventDraft[] = [];
  let o = order;
  for (const m of moves) {
    const r = applyWorkOrderTransition(o, { ...m, at });
    o = r.order;
    events.push(r.event);
  }
  return { order: o, events };
}

function refusal(fn: () => unknown): IllegalTransitionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof IllegalTransitionError) return e;
    throw e;
  }
  throw new Error("did not throw");
}

describe("work-order table (工单)", () => {
  it("uses statuses and actors of enums.ts; no transition leaves merged; closed only reopens", () => {
    for (const r of workOrderTransitions) {
      expect(workOrderStatuses).toContain(r.from);
      expect(workOrderStatuses).toContain(r.to);
      for (const a of r.actors) expect(workOrderActors).toContain(a);
    }
    expect(nextWorkOrderStatuses("merged")).toEqual([]);
    expect(nextWorkOrderStatuses("closed")).toEqual(["reopened"]);
    expect(nextWorkOrderStatuses("closed", "unit_staff")).toEqual([]);
    // every status is reachable from received
    const seen = new Set<WorkOrderStatus>(["received"]);
    const queue: WorkOrderStatus[] = ["received"];
    while (queue.length) {
      for (const s of nextWorkOrderStatuses(queue.shift()!)) {
        if (!seen.has(s)) {
          seen.add(s);
          queue.push(s);
        }
      }
    }
    expect([...seen].sort()).toEqual([...workOrderStatuses].sort());
  });

  it("the happy path; the first accepting unit becomes the lead (首接负责)", () => {
    const { order, events } = run(fresh(), [
      { to: "dispatched", actor: "system", unitId: A },
      { to: "accepted", actor: "unit_staff", unitId: A },
      { to: "in_progress", actor: "unit_staff", unitId: A },
      { to: "answered", actor: "unit_staff", unitId: A, answer: "已修复路灯" },
      { to: "called_back", actor: "intake_staff", callback: { solved: true, valid: true } },
      { to: "closed", actor: "system", callback: { solved: true, valid: true } },
    ]);
    expect(order.status).toBe("closed");
    expect(order.leadUnitId).toBe(A);
    expect(events.map((e) => `${e.fromStatus}→${e.toStatus}`)).toEqual([
      "received→dispatched",
      "dispatched→accepted",
      "accepted→in_progress",
      "in_progress→answered",
      "answered→called_back",
      "called_back→closed",
    ]);
    expect(events[3]!.note).toBe("已修复路灯");
  });

  it("退单 needs a reason, is counted, and re-dispatch to the same unit needs a reason (驳回退单)", () => {
    const dispatched = run(fresh(), [{ to: "dispatched", actor: "dispatcher", unitId: A }]).order;
    const noReason = refusal(() =>
      applyWorkOrderTransition(dispatched, {
        to: "returned",
        actor: "unit_staff",
        unitId: A,
        reason: "  ",
        at,
      }),
    );
    expect(noReason.reason).toBe("guard_failed");
    expect(noReason.detail).toMatch(/reason/);
    // another unit cannot return (or accept) an order not dispatched to it
    expect(
      refusal(() =>
        applyWorkOrderTransition(dispatched, {
          to: "returned",
          actor: "unit_staff",
          unitId: B,
          reason: "x",
          at,
        }),
      ).detail,
    ).toMatch(/dispatched to/);
    const { order, events } = run(dispatched, [
      { to: "returned", actor: "unit_staff", unitId: A, reason: "非本单位职责" },
    ]);
    expect(order).toMatchObject({ status: "returned", returnCount: 1, assignedUnitId: A, leadUnitId: null });
    expect(events[0]!.reason).toBe("非本单位职责");
    expect(() =>
      applyWorkOrderTransition(order, { to: "dispatched", actor: "dispatcher", unitId: A, at }),
    ).toThrow(/驳回退单/);
    const back = applyWorkOrderTransition(order, {
      to: "dispatched",
      actor: "dispatcher",
      unitId: A,
      reason: "属地责任",
      at,
    });
    expect(back.order.assignedUnitId).toBe(A);
    const elsewhere = run(order, [
      { to: "dispatched", actor: "dispatcher", unitId: B },
      { to: "accepted", actor: "unit_staff", unitId: B },
    ]);
    expect(elsewhere.order.leadUnitId).toBe(B);
    expect(countReturnsByUnit([...events, ...elsewhere.events])).toEqual(new Map([[A, 1]]));
  });

  it("after acceptance only the lead acts; a co-handler cannot answer; no return after 签收", () => {
    const accepted = run(fresh(), [
      { to: "dispatched", actor: "system", unitId: A },
      { to: "accepted", actor: "unit_staff", unitId: A },
    ]).order;
    expect(canTransitionWorkOrder("accepted", "returned", "unit_staff")).toBe(false);
    const withCo = recordWorkOrderEvent(accepted, {
      kind: "co_handler_added",
      actor: "unit_staff",
      unitId: A,
      coHandlerUnitId: B,
      at,
    }).order;
    expect(withCo.coHandlerUnitIds).toEqual([B]);
    const inProgress = applyWorkOrderTransition(withCo, {
      to: "in_progress",
      actor: "unit_staff",
      unitId: A,
      at,
    }).order;
    expect(() =>
      applyWorkOrderTransition(inProgress, {
        to: "answered",
        actor: "unit_staff",
        unitId: B,
        answer: "done",
        at,
      }),
    ).toThrow(/lead unit/);
    expect(() =>
      applyWorkOrderTransition(inProgress, {
        to: "answered",
        actor: "unit_staff",
        unitId: A,
        answer: "",
        at,
      }),
    ).toThrow(/answer/);
    // a co-handler cannot add co-handlers, the lead cannot co-handle itself
    expect(() =>
      recordWorkOrderEvent(inProgress, {
        kind: "co_handler_added",
        actor: "unit_staff",
        unitId: B,
        coHandlerUnitId: C,
        at,
      }),
    ).toThrow(RuleInputError);
    expect(() =>
      recordWorkOrderEvent(inProgress, {
        kind: "co_handler_added",
        actor: "unit_staff",
        unitId: A,
        coHandlerUnitId: A,
        at,
      }),
    ).toThrow(/another unit/);
  });

  it("重办: an unsolved valid callback reopens to the lead; unsolved closes only with a reason", () => {
    const answered = run(fresh(), [
      { to: "dispatched", actor: "system", unitId: A },
      { to: "accepted", actor: "unit_staff", unitId: A },
      { to: "in_progress", actor: "unit_staff", unitId: A },
      { to: "answered", actor: "unit_staff", unitId: A, answer: "已协调" },
    ]).order;
    const unsolved = { solved: false, valid: true };
    const cb = applyWorkOrderTransition(answered, {
      to: "called_back",
      actor: "system",
      callback: unsolved,
      at,
    }).order;
    expect(() =>
      applyWorkOrderTransition(cb, { to: "closed", actor: "system", callback: unsolved, at }),
    ).toThrow(/reason/);
    expect(() =>
      applyWorkOrderTransition(cb, {
        to: "reopened",
        actor: "system",
        callback: { solved: true, valid: true },
        at,
      }),
    ).toThrow(IllegalTransitionError);
    expect(() =>
      applyWorkOrderTransition(cb, {
        to: "reopened",
        actor: "system",
        callback: { solved: false, valid: false },
        at,
      }),
    ).toThrow(IllegalTransitionError);
    // the requester may ask for 重办 only on the same terms: unsolved, valid
    expect(() =>
      applyWorkOrderTransition(cb, {
        to: "reopened",
        actor: "requester",
        callback: { solved: true, valid: true },
        at,
      }),
    ).toThrow(IllegalTransitionError);
    expect(
      applyWorkOrderTransition(cb, { to: "reopened", actor: "requester", callback: unsolved, at }).order
        .status,
    ).toBe("reopened");
    const reopened = applyWorkOrderTransition(cb, {
      to: "reopened",
      actor: "system",
      callback: unsolved,
      at,
    }).order;
    expect(reopened).toMatchObject({ reopenCount: 1, leadUnitId: A, assignedUnitId: A });
    expect(() =>
      applyWorkOrderTransition(reopened, { to: "in_progress", actor: "unit_staff", unitId: B, at }),
    ).toThrow(/lead/);
    expect(() =>
      applyWorkOrderTransition(reopened, { to: "dispatched", actor: "dispatcher", unitId: B, at }),
    ).toThrow(/首接负责/);
    expect(
      applyWorkOrderTransition(reopened, { to: "in_progress", actor: "unit_staff", unitId: A, at }).order
        .status,
    ).toBe("in_progress");
    const closedAnyway = applyWorkOrderTransition(cb, {
      to: "closed",
      actor: "dispatcher",
      callback: unsolved,
      reason: "诉求超出政策范围",
      at,
    });
    expect(closedAnyway.event.reason).toBe("诉求超出政策范围");
  });

  it("closed is terminal except 复核 by a dispatcher with a reason; merged is terminal", () => {
    const closed = { ...fresh(), status: "closed" as const, leadUnitId: A, assignedUnitId: A };
    expect(() => applyWorkOrderTransition(closed, { to: "reopened", actor: "dispatcher", at })).toThrow(
      /复核/,
    );
    expect(() =>
      applyWorkOrderTransition(closed, { to: "reopened", actor: "requester", reason: "没修好", at }),
    ).toThrow(/role_not_allowed/);
    expect(
      applyWorkOrderTransition(closed, { to: "reopened", actor: "dispatcher", reason: "申诉复核", at }).order
        .status,
    ).toBe("reopened");
    expect(() =>
      applyWorkOrderTransition(fresh(), { to: "merged", actor: "intake_staff", mergedIntoId: ORDER, at }),
    ).toThrow(/itself/);
    const merged = applyWorkOrderTransition(fresh(), {
      to: "merged",
      actor: "intake_staff",
      mergedIntoId: ORIGINAL,
      at,
    });
    expect(merged.order.mergedIntoId).toBe(ORIGINAL);
    expect(() =>
      recordWorkOrderEvent(merged.order, { kind: "note", actor: "intake_staff", note: "x", at }),
    ).toThrow(RuleInputError);
  });

  it("即时办结: only a consultation is answered at intake; reopened it is dispatched", () => {
    expect(() =>
      applyWorkOrderTransition(fresh("complaint"), {
        to: "answered",
        actor: "intake_staff",
        answer: "x",
        at,
      }),
    ).toThrow(/咨询/);
    const answered = applyWorkOrderTransition(fresh("consultation"), {
      to: "answered",
      actor: "intake_staff",
      answer: "办理时间为工作日 9:00–17:00",
      at,
    }).order;
    expect(answered.leadUnitId).toBeNull();
    const reopened = run(answered, [
      { to: "called_back", actor: "system", callback: { solved: false, valid: true } },
      { to: "reopened", actor: "system", callback: { solved: false, valid: true } },
      { to: "dispatched", actor: "dispatcher", unitId: C },
    ]);
    expect(reopened.order.assignedUnitId).toBe(C);
  });

  it("events validate against the workOrderEvent schema", () => {
    const { events } = run(fresh(), [
      { to: "dispatched", actor: "system", unitId: A },
      { to: "returned", actor: "unit_staff", unitId: A, reason: "地址不在辖区" },
    ]);
    for (const e of events) {
      expect(workOrderEvent.safeParse({ ...e, id: ORIGINAL, actorUserId: null }).success).toBe(true);
    }
    expect(
      workOrderEvent.safeParse({ ...events[1], reason: null, id: ORIGINAL, actorUserId: null }).success,
    ).toBe(false);
  });
});

describe("random walks through the work-order table (property)", () => {
  const units = [A, B, C];
  const step = fc.record({
    pick: fc.nat(),
    actor: fc.constantFrom(...workOrderActors),
    /** most moves are made by an actor the row allows, the rest by anyone */
    allowedActor: fc.integer({ min: 0, max: 9 }).map((n) => n < 9),
    /** the acting unit: usually the one holding the order, sometimes another */
    unit: fc.constantFrom("assigned", "lead", "assigned", "lead", "assigned", "lead", A, B, null),
    reason: fc.constantFrom(null, "", "  ", "非本单位职责", "属地责任"),
    answer: fc.constantFrom(null, "", "已处理"),
    solved: fc.boolean(),
    valid: fc.boolean(),
    unreachable: fc.boolean(),
    mergedInto: fc.constantFrom(ORDER, ORIGINAL, null),
    event: fc.constantFrom("none", "note", "co_handler_added", "contact_logged"),
  });

  it("never reaches an illegal state; returns have reasons; the lead never changes once set", () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(
        fc.constantFrom(...(["consultation", "complaint", "help"] as const)),
        fc.array(step, { maxLength: 100 }),
        (type, steps) => {
          let o = fresh(type);
          const events: WorkOrderEventDraft[] = [];
          let lead: string | null = null;
          for (const s of steps) {
            if (s.event !== "none") {
              try {
                const r = recordWorkOrderEvent(o, {
                  kind: s.event as "note",
                  actor: s.actor,
                  unitId:
                    s.unit === "lead" ? o.leadUnitId : s.unit === "assigned" ? o.assignedUnitId : s.unit,
                  coHandlerUnitId: units[s.pick % 3]!,
                  note: s.answer,
                  at,
                });
                expect(r.order.status).toBe(o.status);
                expect(r.order.leadUnitId).toBe(o.leadUnitId);
                o = r.order;
              } catch (e) {
                if (!(e instanceof RuleInputError)) throw e;
              }
            }
            const options = nextWorkOrderStatuses(o.status);
            if (options.length === 0) {
              expect(o.status).toBe("merged");
              continue;
            }
            // a persistent step tries each target in turn (with an actor its row allows) until one is
            // legal; the others try one target with any actor — so walks go deep and also hit refusals
            const tries = s.allowedActor ? options.length : 1;
            for (let k = 0; k < tries; k++) {
              const to = options[(s.pick + k) % options.length]!;
              const row = workOrderTransitions.find((r) => r.from === o.status && r.to === to)!;
              const actor = s.allowedActor ? row.actors[s.pick % row.actors.length]! : s.actor;
              const unitId =
                s.unit === "assigned" ? o.assignedUnitId : s.unit === "lead" ? o.leadUnitId : s.unit;
              const before = structuredClone(o);
              try {
                const r = applyWorkOrderTransition(o, {
                  to,
                  actor,
                  at,
                  unitId: to === "dispatched" && unitId === null ? units[s.pick % 3]! : unitId,
                  reason: s.reason,
                  answer: s.answer,
                  callback: { solved: s.solved, valid: s.valid },
                  callbackUnreachable: s.unreachable,
                  mergedIntoId: s.mergedInto,
                });
                expect(r.event.fromStatus).toBe(o.status);
                expect(r.event.toStatus).toBe(to);
                o = r.order;
                events.push(r.event);
                reached.add(`${r.event.fromStatus}→${to}`);
                break;
              } catch (e) {
                if (!(e instanceof IllegalTransitionError)) throw e;
                expect(o).toEqual(before); // a refused move changes nothing
              }
            }
            expect(workOrderStatuses).toContain(o.status);
            if (lead !== null) expect(o.leadUnitId).toBe(lead);
            if (o.leadUnitId !== null) lead = o.leadUnitId;
            if (o.leadUnitId) expect(o.coHandlerUnitIds).not.toContain(o.leadUnitId);
            if (["accepted", "in_progress"].includes(o.status)) expect(o.leadUnitId).not.toBeNull();
            if (o.status === "merged") expect(o.mergedIntoId).toBe(ORIGINAL);
          }
          const returns = events.filter((e) => e.toStatus === "returned");
          for (const r of returns) expect(r.reason?.trim()).toBeTruthy();
          expect(o.returnCount).toBe(returns.length);
          expect(o.reopenCount).toBe(events.filter((e) => e.toStatus === "reopened").length);
          // after closed, the only step ever taken is 复核 (closed → reopened) by a dispatcher
          events.forEach((e) => {
            if (e.fromStatus === "closed") expect([e.toStatus, e.actor]).toEqual(["reopened", "dispatcher"]);
          });
          if (events.some((e) => e.toStatus === "answered" && e.actor === "intake_staff"))
            expect(type).toBe("consultation");
        },
      ),
      { numRuns: 1000 },
    );
    // the walks really go everywhere: every row of the table was taken at least once
    expect([...reached].sort()).toEqual(workOrderTransitions.map((r) => `${r.from}→${r.to}`).sort());
  });
});
