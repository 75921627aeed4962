/** 社区工作准入: the list matcher and the out-of-list decision lifecycle. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { admissionItem } from "../../src/model/admission.ts";
import { admissionDecisionStatuses } from "../../src/model/enums.ts";
import {
  type AdmissionListItem,
  type AdmissionTask,
  admissionDecisionLifecycle,
  admissionDecisionTransitions,
  categoryCovers,
  checkAdmission,
  IllegalTransitionError,
  mayAssignToCommunity,
} from "../../src/rules/index.ts";

const CIVIL = "00000000-0000-4000-8000-0000000000c1"; // 区民政局
const HEALTH = "00000000-0000-4000-8000-0000000000c2"; // 区卫健委

const item = (o: Partial<AdmissionListItem> & Pick<AdmissionListItem, "id" | "code">): AdmissionListItem => ({
  title: "事项",
  issuingUnitId: CIVIL,
  categoryCodes: [],
  keywords: [],
  validFrom: "2026-01-01",
  validTo: null,
  ...o,
});

const list: AdmissionListItem[] = [
  item({ id: "i1", code: "ZR-01", title: "最低生活保障申请初审", categoryCodes: ["03"], keywords: ["低保"] }),
  item({ id: "i2", code: "ZR-02", title: "低保入户调查", categoryCodes: ["03.02"] }),
  item({ id: "i3", code: "ZR-03", title: "高龄津贴", keywords: ["高龄津贴", "津贴"] }),
  item({ id: "i4", code: "ZR-04", title: "健康宣传", issuingUnitId: HEALTH, keywords: ["健康宣传"] }),
  item({
    id: "i5",
    code: "ZR-05",
    title: "旧的人口普查协助",
    categoryCodes: ["09"],
    validTo: "2025-12-31",
    validFrom: "2020-01-01",
  }),
];

const task = (o: Partial<AdmissionTask> = {}): AdmissionTask => ({
  kind: "ledger_item",
  title: "填报报表",
  categoryCode: null,
  issuingUnitId: CIVIL,
  assignedOn: "2026-03-10",
  ...o,
});

describe("checkAdmission", () => {
  it("category first, the most specific code winning, below a code in the dotted tree", () => {
    expect(checkAdmission(task({ categoryCode: "03.02.01" }), list)).toMatchObject({
      admitted: true,
      item: { id: "i2" },
      match: "category",
      matchedOn: "03.02",
    });
    expect(checkAdmission(task({ categoryCode: "03.05" }), list)).toMatchObject({
      admitted: true,
      item: { id: "i1" },
      matchedOn: "03",
    });
    // 030 is not below 03; a category match does not need the same issuing unit
    expect(checkAdmission(task({ categoryCode: "030", issuingUnitId: HEALTH }), list).admitted).toBe(false);
    expect(checkAdmission(task({ categoryCode: "03", issuingUnitId: HEALTH }), list).admitted).toBe(true);
    expect(categoryCovers("01.02", "01.02.03")).toBe(true);
    expect(categoryCovers("01.02", "01.020")).toBe(false);
  });

  it("then the issuing unit's keywords in the title (case and spaces ignored), the longest keyword winning", () => {
    expect(checkAdmission(task({ title: "发放 高龄 津贴 名单核对" }), list)).toMatchObject({
      admitted: true,
      item: { id: "i3" },
      match: "keyword",
      matchedOn: "高龄津贴",
    });
    expect(checkAdmission(task({ title: "开展健康宣传周", issuingUnitId: CIVIL }), list)).toMatchObject({
      admitted: false,
      reason: "other_issuing_unit",
      nearItemIds: ["i4"],
    });
    expect(
      checkAdmission(task({ title: "开展健康宣传周", issuingUnitId: HEALTH, kind: "plan_task" }), list),
    ).toMatchObject({ admitted: true, item: { id: "i4" } });
  });

  it("refuses with a reason code: not in force that day (inclusive ends), not listed, empty list", () => {
    expect(checkAdmission(task({ categoryCode: "09.01" }), list)).toMatchObject({
      admitted: false,
      reason: "item_not_in_force",
      nearItemIds: ["i5"],
      needsApproval: true,
    });
    expect(checkAdmission(task({ categoryCode: "09.01", assignedOn: "2025-12-31" }), list).admitted).toBe(
      true,
    );
    expect(checkAdmission(task({ categoryCode: "03", assignedOn: "2025-12-31" }), list)).toMatchObject({
      admitted: false,
      reason: "item_not_in_force",
    });
    expect(checkAdmission(task({ title: "创城迎检拍照留痕", kind: "work_order" }), list)).toMatchObject({
      admitted: false,
      reason: "not_listed",
      nearItemIds: [],
    });
    expect(checkAdmission(task(), [])).toMatchObject({ admitted: false, reason: "no_items_in_force" });
  });

  it("property: the answer does not depend on the list's order", () => {
    const tasks = [
      task({ categoryCode: "03.02.01" }),
      task({ title: "高龄津贴" }),
      task({ categoryCode: "09" }),
      task({ title: "健康宣传" }),
    ];
    fc.assert(
      fc.property(
        fc.shuffledSubarray(list, { minLength: list.length }),
        fc.constantFrom(...tasks),
        (shuffled, t) => {
          const a = checkAdmission(t, list);
          const b = checkAdmission(t, shuffled);
          expect(b.admitted).toBe(a.admitted);
          if (a.admitted && b.admitted) expect(b.item.id).toBe(a.item.id);
          if (!a.admitted && !b.admitted) {
            expect(b.reason).toBe(a.reason);
            expect([...b.nearItemIds].sort()).toEqual([...a.nearItemIds].sort());
          }
        },
      ),
    );
  });

  it("the item schema needs a legal basis and something it covers", () => {
    const base = {
      ...list[0]!,
      legalBasis: "《北京市社区工作准入管理办法》",
      createdAt: new Date(),
      updatedAt: new Date(),
      id: CIVIL,
      issuingUnitId: HEALTH,
    };
    expect(admissionItem.safeParse(base).success).toBe(true);
    expect(admissionItem.safeParse({ ...base, legalBasis: " " }).success).toBe(false);
    expect(admissionItem.safeParse({ ...base, categoryCodes: [], keywords: [] }).success).toBe(false);
    expect(admissionItem.safeParse({ ...base, validTo: "2025-01-01" }).success).toBe(false);
  });
});

describe("out-of-list decision (清单外事项审批)", () => {
  it("only district staff decide; a refusal shows its reason; decided is final", () => {
    expect(admissionDecisionLifecycle.can("pending_approval", "approved", "district_staff")).toBe(true);
    expect(admissionDecisionLifecycle.can("pending_approval", "approved", "subdistrict_staff")).toBe(false);
    expect(
      admissionDecisionLifecycle.can("pending_approval", "refused", "district_staff", { reason: " " }),
    ).toBe(false);
    expect(
      admissionDecisionLifecycle.can("pending_approval", "refused", "district_staff", {
        reason: "非社区职责，由街道承担",
      }),
    ).toBe(true);
    expect(admissionDecisionLifecycle.can("pending_approval", "withdrawn", "unit_staff")).toBe(true);
    expect(() =>
      admissionDecisionLifecycle.assert("approved", "refused", "district_staff", { reason: "x" }),
    ).toThrow(IllegalTransitionError);
    for (const from of ["approved", "refused", "withdrawn"] as const)
      expect(admissionDecisionLifecycle.next(from)).toEqual([]);
    for (const r of admissionDecisionTransitions) expect(admissionDecisionStatuses).toContain(r.to);
  });

  it("work goes to the community when admitted by the list or approved", () => {
    const refused = checkAdmission(task({ title: "创城迎检" }), list);
    expect(mayAssignToCommunity(refused)).toBe(false);
    expect(mayAssignToCommunity(refused, { status: "pending_approval" })).toBe(false);
    expect(mayAssignToCommunity(refused, { status: "approved" })).toBe(true);
    expect(mayAssignToCommunity(checkAdmission(task({ categoryCode: "03" }), list))).toBe(true);
  });
});
