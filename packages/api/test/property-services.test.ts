import { addDays } from "@gongzhi/core";
import { auditRepository } from "@gongzhi/db";
import { rowCounts } from "@gongzhi/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beijingToday } from "../src/routers/registry-shared.ts";
import { callerFor, openTestDatabase, type TestDatabase } from "./support.ts";
import { buildWorld, type World } from "./world.ts";

let t: TestDatabase;
let world: World;
beforeAll(async () => {
  t = await openTestDatabase();
  world = await buildWorld(t.db);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`propertyServices (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("sets arrangements (the new one ends the current one), audited; history newest first; public current view", async () => {
    const staff = await world.caller("community_staff");
    const first = await staff.propertyServices.set({
      compoundId: world.inside.compoundId,
      mode: "interim",
      startedOn: "2023-01-01",
    });
    expect(first.endedOn).toBeNull();
    const second = await staff.propertyServices.set({
      compoundId: world.inside.compoundId,
      mode: "professional",
      companyName: "妫川物业",
      contractStart: "2024-06-01",
      contractEnd: "2026-05-31",
      filedOn: "2024-06-10",
      startedOn: "2024-06-01",
    });
    const history = await staff.propertyServices.history({ compoundId: world.inside.compoundId, limit: 1 });
    expect(history.items.map((h) => h.id)).toEqual([second.id]);
    const rest = await staff.propertyServices.history({
      compoundId: world.inside.compoundId,
      cursor: history.nextCursor,
    });
    expect(rest.items).toEqual([expect.objectContaining({ id: first.id, endedOn: "2024-05-31" })]);
    const [entry] = (await auditRepository(t.db).query({ entityId: world.inside.compoundId })).items;
    expect(entry).toMatchObject({
      action: "property_service.set",
      before: expect.objectContaining({ id: first.id, mode: "interim" }),
      after: expect.objectContaining({ id: second.id, mode: "professional" }),
    });
    const anonymous = await world.caller("anonymous");
    expect(await anonymous.propertyServices.current({ compoundId: world.inside.compoundId })).toEqual({
      compoundId: world.inside.compoundId,
      mode: "professional",
      companyName: "妫川物业",
      startedOn: "2024-06-01",
      contractStart: "2024-06-01",
      contractEnd: "2026-05-31",
    });
  });

  it("refuses a professional service without company, reversed contract dates, or a start before the current one — writing nothing", async () => {
    const staff = await world.caller("community_staff");
    const before = await rowCounts(t.db);
    const attempts = [
      { mode: "professional" as const, startedOn: "2025-01-01" },
      {
        mode: "professional" as const,
        companyName: "X",
        contractStart: "2025-02-01",
        contractEnd: "2025-01-01",
        startedOn: "2025-01-01",
      },
      { mode: "self" as const, startedOn: "2020-01-01" },
    ];
    const keys: string[] = [];
    for (const a of attempts) {
      const e = await staff.propertyServices
        .set({ compoundId: world.inside.compoundId, ...a })
        .catch((x: { code: string; shape?: unknown; message: string }) => x);
      expect((e as { code: string }).code).toBe("BAD_REQUEST");
      keys.push((e as { messageKey?: string }).messageKey ?? "");
    }
    expect(keys).toEqual([
      "error.property_service.invalid.companyName",
      "error.property_service.invalid.contractEnd",
      "error.property_service.starts_before_current",
    ]);
    expect(await rowCounts(t.db)).toBe(before);
  });

  it("lists contracts ending soon and contracts not filed within 15 days (条例 Art. 63)", async () => {
    const today = beijingToday(new Date());
    const staff = await world.caller("district_staff");
    await staff.propertyServices.set({
      compoundId: world.inside.compoundId,
      mode: "professional",
      companyName: "到期物业",
      contractStart: addDays(today, -20),
      contractEnd: addDays(today, 30),
      filedOn: null,
      startedOn: addDays(today, -20),
    });
    const alerts = await staff.propertyServices.alerts({
      scopeLevel: "district",
      scopeId: world.inside.districtId,
      withinDays: 60,
    });
    expect(alerts.items).toEqual([
      expect.objectContaining({
        compound: expect.objectContaining({ id: world.inside.compoundId }),
        codes: ["contract_ending", "filing_overdue"],
        daysToContractEnd: 30,
      }),
    ]);
    const narrow = await staff.propertyServices.alerts({
      scopeLevel: "district",
      scopeId: world.inside.districtId,
      withinDays: 10,
    });
    expect(narrow.items[0]!.codes).toEqual(["filing_overdue"]);
    await expect(
      (await world.caller("community_staff")).propertyServices.alerts({
        scopeLevel: "district",
        scopeId: world.inside.districtId,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("the arrangement in place and its filing are not dated after today", async () => {
    const now = new Date("2031-07-01T02:00:00Z");
    const staff = (await callerFor(t.db, world.users.community_staff.id, { now: () => now })).caller;
    const before = await rowCounts(t.db);
    for (const dates of [
      { startedOn: "2031-07-02", filedOn: null },
      { startedOn: "2031-06-01", filedOn: "2031-07-02" },
    ])
      await expect(
        staff.propertyServices.set({
          compoundId: world.inside.compoundId,
          mode: "self",
          companyName: null,
          contractStart: null,
          contractEnd: null,
          ...dates,
        }),
      ).rejects.toMatchObject({ code: "BAD_REQUEST", messageKey: "error.date.date_in_future" });
    expect(await rowCounts(t.db)).toBe(before);
  });
});
