import { describe, expect, it } from "vitest";
import {
  callback,
  extensionRequest,
  governancePlan,
  isSensitive,
  requestCategory,
  workingCalendarData,
  workOrder,
} from "../../src/model/index.ts";

const ID = "00000000-0000-4000-8000-000000000001";
const ID2 = "00000000-0000-4000-8000-000000000002";
const t = new Date("2026-02-13T02:00:00Z");
const stamps = { createdAt: t, updatedAt: t };

describe("接诉即办 schemas", () => {
  it("the requester's name and phone are sensitive (masked by serializers and exports)", () => {
    expect(isSensitive(workOrder.shape.requesterName)).toBe(true);
    expect(isSensitive(workOrder.shape.requesterPhone)).toBe(true);
    expect(isSensitive(workOrder.shape.text)).toBe(false);
  });

  it("a 24/7 category (条例 Art. 19) counts natural hours; a category is not its own parent", () => {
    const heating = {
      id: ID,
      parentId: ID2,
      code: "heating-temp",
      nameZh: "供暖 · 室温不达标",
      nameEn: "Heating: room too cold",
      defaultTimeLimit: { kind: "natural_hours", amount: 24 },
      allHours: true,
      active: true,
      ...stamps,
    };
    expect(requestCategory.safeParse(heating).success).toBe(true);
    expect(
      requestCategory.safeParse({ ...heating, defaultTimeLimit: { kind: "working_days", amount: 3 } })
        .success,
    ).toBe(false);
    expect(requestCategory.safeParse({ ...heating, parentId: ID }).success).toBe(false);
    // the catalogue's dotted codes (01 › 01.02), not dots alone or at the ends, nor spaces
    for (const code of ["01", "01.02", "01.02.03", "YQ-06_1.2"])
      expect(requestCategory.safeParse({ ...heating, code }).success, code).toBe(true);
    for (const code of ["", ".", "01.", ".01", "01..02", "01 02", "0".repeat(41)])
      expect(requestCategory.safeParse({ ...heating, code }).success, code).toBe(false);
  });

  it("an invalid callback needs its reason; a decided extension its decision time; a plan ends after it starts", () => {
    const cb = {
      id: ID,
      workOrderId: ID2,
      contacted: true,
      solved: false,
      satisfaction: "dissatisfied",
      at: t,
      ...stamps,
    };
    expect(callback.safeParse({ ...cb, valid: true, invalidReason: null }).success).toBe(true);
    expect(callback.safeParse({ ...cb, valid: false, invalidReason: null }).success).toBe(false);
    expect(callback.safeParse({ ...cb, valid: false, invalidReason: "空号" }).success).toBe(true);
    const ext = {
      id: ID,
      workOrderId: ID2,
      unitId: ID2,
      reason: "需协调产权单位",
      extension: { kind: "working_days", amount: 5 },
      requestedAt: t,
      decidedById: null,
      decisionNote: null,
      ...stamps,
    };
    expect(extensionRequest.safeParse({ ...ext, status: "pending", decidedAt: null }).success).toBe(true);
    expect(extensionRequest.safeParse({ ...ext, status: "approved", decidedAt: null }).success).toBe(false);
    expect(
      extensionRequest.safeParse({ ...ext, status: "pending", decidedAt: null, reason: " " }).success,
    ).toBe(false);
    const plan = {
      id: ID,
      title: "老旧小区供暖专项治理",
      ownerUnitId: ID2,
      themeCategoryIds: [ID],
      areas: [{ kind: "subdistrict", id: ID2 }],
      status: "active",
      startsOn: "2026-10-01",
      endsOn: "2027-03-31",
      description: "",
      ...stamps,
    };
    expect(governancePlan.safeParse(plan).success).toBe(true);
    expect(governancePlan.safeParse({ ...plan, endsOn: "2026-09-30" }).success).toBe(false);
    expect(workingCalendarData.safeParse({ years: [], days: [] }).success).toBe(false);
  });
});
