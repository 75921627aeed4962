import { auditRepository, registryRepository } from "@gongzhi/db";
import { rowCounts } from "@gongzhi/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "./support.ts";
import { buildWorld, type World } from "./world.ts";

let t: TestDatabase;
let world: World;
let communityCode: string;
let compoundCode: string;
let outsideCommunityCode: string;

beforeAll(async () => {
  t = await openTestDatabase();
  world = await buildWorld(t.db);
  const repo = registryRepository(t.db);
  communityCode = (await repo.getCommunity(world.inside.communityId))!.code;
  outsideCommunityCode = (await repo.getCommunity(world.outside.communityId))!.code;
  compoundCode = (await repo.getCompound(world.inside.compoundId))!.code;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const audits = async (action: string) =>
  (await auditRepository(t.db).query({ limit: 100 })).items.filter((a) => a.action === action);

describe(`registryAdmin (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("imports units with areas converted exactly to hundredths, in one transaction with one audit entry", async () => {
    const staff = await world.caller("community_staff");
    const report = await staff.registryAdmin.importUnits({
      scopeLevel: "community",
      scopeId: world.inside.communityId,
      rows: [
        {
          compoundCode,
          buildingCode: "7",
          buildingName: "7号楼",
          unitNumber: "101",
          registeredArea: "89.37",
        },
        { compoundCode, buildingCode: "7", unitNumber: "102", surveyedArea: "0.1", contractArea: "120" },
        { compoundCode, buildingCode: "7", unitNumber: "103", registeredArea: 64.99 },
        { compoundCode, buildingCode: "8", unitNumber: "101", contractArea: "1000000" },
      ],
    });
    expect(report).toMatchObject({ ok: true, problemCount: 0, created: { buildings: 2, units: 4 } });
    const buildings = await staff.registryAdmin.listBuildings({ compoundId: world.inside.compoundId });
    const b7 = buildings.items.find((b) => b.code === "7")!;
    expect(b7.name).toBe("7号楼");
    const units = await staff.registryAdmin.listUnits({ buildingId: b7.id });
    expect(
      units.items.map((u) => [
        u.number,
        u.registeredAreaCentiM2,
        u.surveyedAreaCentiM2,
        u.contractAreaCentiM2,
      ]),
    ).toEqual([
      ["101", 8937, null, null],
      ["102", null, 10, 12000],
      ["103", 6499, null, null],
    ]);
    const entries = await audits("registry.import_units");
    expect(entries).toHaveLength(1);
    expect(entries[0]!.after).toMatchObject({ buildings: 2, units: 4 });
  });

  it("reports every bad row and writes nothing (no rows, no audit entry)", async () => {
    const staff = await world.caller("community_staff");
    const before = await rowCounts(t.db);
    const report = await staff.registryAdmin.importUnits({
      scopeLevel: "community",
      scopeId: world.inside.communityId,
      rows: [
        { compoundCode, buildingCode: "9", unitNumber: "101", registeredArea: "89.37" },
        { compoundCode, buildingCode: "9", unitNumber: "102", registeredArea: "89.375" },
        { compoundCode, buildingCode: "9", unitNumber: "", registeredArea: "50" },
        { compoundCode, buildingCode: "9", unitNumber: "101", registeredArea: "60" },
        { compoundCode: "NOPE", buildingCode: "9", unitNumber: "104", registeredArea: "60" },
        { compoundCode, buildingCode: "7", unitNumber: "101", registeredArea: "60" },
        { compoundCode, buildingCode: "9", unitNumber: "105" },
        { compoundCode, buildingCode: "9", unitNumber: "106", registeredArea: "-3" },
      ],
    });
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => [p.row, p.column, p.messageKey])).toEqual([
      [2, "registeredArea", "error.import.invalid_area"],
      [3, "unitNumber", "error.import.required"],
      [7, "registeredArea", "error.import.area_required"],
      [8, "registeredArea", "error.import.invalid_area"],
      [4, "unitNumber", "error.import.duplicate_row"],
      [5, "compoundCode", "error.import.unknown_compound"],
      [6, "unitNumber", "error.import.duplicate_unit"],
    ]);
    expect(await rowCounts(t.db)).toBe(before);
  });

  it("a dry run validates and writes nothing; rows outside the import's scope are refused", async () => {
    const staff = await world.caller("district_staff");
    const before = await rowCounts(t.db);
    const dry = await staff.registryAdmin.importCompounds({
      scopeLevel: "community",
      scopeId: world.inside.communityId,
      dryRun: true,
      rows: [
        {
          communityCode,
          code: "DRY-1",
          name: "试运行小区",
          type: "老旧小区",
          households: "120",
          inScope: "是",
        },
      ],
    });
    expect(dry).toMatchObject({ ok: true, dryRun: true, created: { compounds: 0 } });
    const outside = await staff.registryAdmin.importCompounds({
      scopeLevel: "community",
      scopeId: world.inside.communityId,
      rows: [
        { communityCode: outsideCommunityCode, code: "OUT-1", name: "外面", type: "commercial" },
        { communityCode, code: "IN-1", name: "里面", type: "villa" },
      ],
    });
    expect(outside.ok).toBe(false);
    expect(outside.problems.map((p) => p.messageKey).sort()).toEqual([
      "error.import.invalid_compound_type",
      "error.import.outside_scope",
    ]);
    expect(await rowCounts(t.db)).toBe(before);
    const community = await world.caller("community_staff");
    await expect(
      community.registryAdmin.importCompounds({
        scopeLevel: "community",
        scopeId: world.outside.communityId,
        rows: [{ communityCode: outsideCommunityCode, code: "OUT-2", name: "外面", type: "old" }],
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("imports compounds and lists them with filters and cursor pagination", async () => {
    const staff = await world.caller("community_staff");
    const report = await staff.registryAdmin.importCompounds({
      scopeLevel: "community",
      scopeId: world.inside.communityId,
      rows: ["A", "B", "C"].map((x) => ({
        communityCode,
        code: `IMP-${x}`,
        name: `导入${x}`,
        type: "old",
        address: "",
        households: 50,
        inScope: x !== "C",
      })),
    });
    expect(report).toMatchObject({ ok: true, created: { compounds: 3 } });
    const first = await staff.registryAdmin.listCompounds({
      scopeLevel: "community",
      scopeId: world.inside.communityId,
      type: "old",
      limit: 2,
    });
    expect(first.items.map((c) => c.code)).toEqual(["IMP-A", "IMP-B"]);
    const second = await staff.registryAdmin.listCompounds({
      scopeLevel: "community",
      scopeId: world.inside.communityId,
      type: "old",
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(second).toEqual({ items: [expect.objectContaining({ code: "IMP-C" })], nextCursor: null });
    const inScope = await staff.registryAdmin.listCompounds({
      scopeLevel: "community",
      scopeId: world.inside.communityId,
      search: "导入",
      inScope: false,
    });
    expect(inScope.items.map((c) => c.code)).toEqual(["IMP-C"]);
    expect(await audits("registry.import_compounds")).toHaveLength(1);
  });

  it("updates are audited with before/after; creating a community needs subdistrict staff", async () => {
    const staff = await world.caller("community_staff");
    const updated = await staff.registryAdmin.updateCompound({
      compoundId: world.inside.compoundId,
      patch: { households: 95 },
    });
    expect(updated.households).toBe(95);
    const [entry] = await audits("compound.update");
    expect(entry).toMatchObject({
      entityId: world.inside.compoundId,
      before: expect.objectContaining({ households: 80 }),
      after: expect.objectContaining({ households: 95 }),
    });
    await expect(
      staff.registryAdmin.createCommunity({
        subdistrictId: world.inside.subdistrictId,
        code: "NEWC",
        name: "新社区",
        kind: "village",
        supportThreshold: 3,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const sub = await world.caller("subdistrict_staff");
    const created = await sub.registryAdmin.createCommunity({
      subdistrictId: world.inside.subdistrictId,
      code: "NEWC",
      name: "新社区",
      kind: "village",
      supportThreshold: 3,
    });
    expect((await audits("community.create"))[0]).toMatchObject({ entityId: created.id });
    // A duplicate code is a clear conflict, and leaves no audit row behind.
    const before = await rowCounts(t.db);
    await expect(
      sub.registryAdmin.createCommunity({
        subdistrictId: world.inside.subdistrictId,
        code: "NEWC",
        name: "重复",
        kind: "village",
        supportThreshold: 3,
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await rowCounts(t.db)).toBe(before);
  });
  it("getBuilding: a building within the caller's compounds; another community's is FORBIDDEN, an unknown one NOT_FOUND", async () => {
    const staff = await world.caller("community_staff");
    const b = await staff.registryAdmin.getBuilding({ buildingId: world.inside.buildingId });
    expect(b).toMatchObject({ id: world.inside.buildingId, compoundId: world.inside.compoundId, code: "1" });
    await expect(
      staff.registryAdmin.getBuilding({ buildingId: world.outside.buildingId }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      staff.registryAdmin.getBuilding({ buildingId: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("listed compounds carry their community's code, so a list export re-imports through importCompounds", async () => {
    const staff = await world.caller("community_staff");
    const listed = await staff.registryAdmin.listCompounds({
      scopeLevel: "community",
      scopeId: world.inside.communityId,
      limit: 100,
    });
    expect(listed.items.length).toBeGreaterThan(0);
    expect(new Set(listed.items.map((c) => c.communityCode))).toEqual(new Set([communityCode]));
    // The export's columns are the import template's; as-is, every row is only a duplicate code …
    const asRows = (suffix: string) =>
      listed.items.map((c) => ({
        communityCode: c.communityCode,
        code: `${c.code}${suffix}`,
        name: c.name,
        type: c.type,
        address: c.address,
        households: c.households,
        inScope: c.inScope ? "是" : "否",
      }));
    const before = await rowCounts(t.db);
    const same = await staff.registryAdmin.importCompounds({
      scopeLevel: "community",
      scopeId: world.inside.communityId,
      dryRun: true,
      rows: asRows(""),
    });
    expect(same.problems.map((p) => [p.row, p.column, p.messageKey])).toEqual(
      listed.items.map((_, i) => [i + 1, "code", "error.import.duplicate_code"]),
    );
    // … and with new codes the same rows are valid.
    const renamed = await staff.registryAdmin.importCompounds({
      scopeLevel: "community",
      scopeId: world.inside.communityId,
      dryRun: true,
      rows: asRows("-X"),
    });
    expect(renamed).toMatchObject({ ok: true, problemCount: 0, rows: listed.items.length });
    expect(await rowCounts(t.db)).toBe(before);
  });

  it("listCompoundUnits pages a compound's units in (building, number) order, per building on request", async () => {
    const staff = await world.caller("community_staff");
    const p = await staff.registryAdmin.createCompound({
      communityId: world.inside.communityId,
      code: "EXP-UNITS",
      name: "导出小区",
      type: "commercial",
      address: "",
      households: 5,
      inScope: true,
    });
    const rows = [
      { buildingCode: "B", buildingName: "乙楼", unitNumber: "102", registeredArea: "70.5" },
      { buildingCode: "A", buildingName: "甲楼", unitNumber: "201", surveyedArea: "88" },
      { buildingCode: "A", unitNumber: "101", registeredArea: "89.37", contractArea: "90" },
      { buildingCode: "B", unitNumber: "101", contractArea: "0.01" },
      { buildingCode: "A", unitNumber: "102", registeredArea: "60" },
    ].map((r) => ({ compoundCode: "EXP-UNITS", ...r }));
    const imported = await staff.registryAdmin.importUnits({
      scopeLevel: "compound",
      scopeId: p.id,
      rows,
    });
    expect(imported).toMatchObject({ ok: true, created: { buildings: 2, units: 5 } });
    const seen: (string | number | null)[][] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof staff.registryAdmin.listCompoundUnits>> =
        await staff.registryAdmin.listCompoundUnits({ compoundId: p.id, limit: 2, cursor });
      pages += 1;
      for (const u of page.items)
        seen.push([
          u.buildingCode,
          u.buildingName,
          u.number,
          u.registeredAreaCentiM2,
          u.surveyedAreaCentiM2,
          u.contractAreaCentiM2,
        ]);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([
      ["A", "甲楼", "101", 8937, null, 9000],
      ["A", "甲楼", "102", 6000, null, null],
      ["A", "甲楼", "201", null, 8800, null],
      ["B", "乙楼", "101", null, null, 1],
      ["B", "乙楼", "102", 7050, null, null],
    ]);
    const buildingB = (await staff.registryAdmin.listBuildings({ compoundId: p.id })).items[1]!;
    expect(buildingB.code).toBe("B");
    const onlyB = await staff.registryAdmin.listCompoundUnits({ compoundId: p.id, buildingId: buildingB.id });
    expect(onlyB).toEqual({
      items: [expect.objectContaining({ number: "101" }), expect.objectContaining({ number: "102" })],
      nextCursor: null,
    });
    // The listed units, written back as import rows, are recognised as the same units.
    const again = await staff.registryAdmin.importUnits({
      scopeLevel: "compound",
      scopeId: p.id,
      dryRun: true,
      rows: seen.map(([buildingCode, buildingName, unitNumber, r, s, c]) => ({
        compoundCode: "EXP-UNITS",
        buildingCode,
        buildingName,
        unitNumber,
        registeredArea: r === null ? null : String(Number(r) / 100),
        surveyedArea: s === null ? null : String(Number(s) / 100),
        contractArea: c === null ? null : String(Number(c) / 100),
      })),
    });
    expect(again.problems.map((x) => x.messageKey)).toEqual(Array(5).fill("error.import.duplicate_unit"));
    // A building of another compound, another community's compound, a malformed cursor.
    await expect(
      staff.registryAdmin.listCompoundUnits({ compoundId: p.id, buildingId: world.inside.buildingId }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      staff.registryAdmin.listCompoundUnits({ compoundId: world.outside.compoundId }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      staff.registryAdmin.listCompoundUnits({ compoundId: p.id, cursor: "not json" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
