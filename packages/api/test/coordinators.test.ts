import { beijingDate } from "@gongzhi/core";
/** 协管员: masked everywhere, the reveal audited, census by category × subdistrict. */
import { auditRepository } from "@gongzhi/db";
import { rowCounts } from "@gongzhi/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "./support.ts";
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

describe(`coordinators (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("masks phone and ID number, reveals them once with an audit entry, counts the census", async () => {
    const district = await world.caller("district_staff");
    const cat = await district.coordinators.createCategory({
      districtId: world.inside.districtId,
      code: "gas_safety",
      nameZh: "燃气",
      nameEn: "Gas safety",
    });
    const staff = await world.caller("community_staff");
    const c = await staff.coordinators.create({
      categoryId: cat.id,
      name: "王协管",
      gender: "male",
      birthYear: 1980,
      phone: "13912345678",
      idNumber: "110229198001011234",
      employerDepartment: "区城市管理委员会",
      communityId: world.inside.communityId,
      hiredOn: "2020-05-01",
    });
    expect(c.phone).toBe("139****5678");
    // Hired tomorrow is refused, writing nothing.
    const before = await rowCounts(t.db);
    await expect(
      staff.coordinators.create({
        ...c,
        phone: "13912345679",
        idNumber: "110229198001011235",
        hiredOn: beijingDate(new Date(Date.now() + 86_400_000)),
        categoryId: cat.id,
        communityId: world.inside.communityId,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", messageKey: "error.date.date_in_future" });
    expect(await rowCounts(t.db)).toBe(before);
    expect(c.idNumber).toBe("110229********1234");
    const list = await staff.coordinators.list({
      scope: { level: "community", id: world.inside.communityId },
    });
    expect(list.items.map((i) => i.phone)).toEqual(["139****5678"]);
    const createAudit = (await auditRepository(t.db).query({ entityId: c.id })).items;
    expect(JSON.stringify(createAudit)).not.toContain("13912345678");
    const revealed = await staff.coordinators.reveal({ id: c.id });
    expect(revealed).toEqual({ id: c.id, phone: "13912345678", idNumber: "110229198001011234" });
    const entries = (await auditRepository(t.db).query({ entityId: c.id })).items;
    expect(entries.map((e) => e.action)).toEqual(["coordinator.reveal", "coordinator.create"]);
    expect(entries[0]!.actorId).toBe(world.users.community_staff.id);
    const census = await district.coordinators.census({
      scope: { level: "district", id: world.inside.districtId },
    });
    expect(census.rows).toEqual([
      { categoryId: cat.id, subdistrictId: world.inside.subdistrictId, headcount: 1 },
    ]);
    await staff.coordinators.setStatus({ id: c.id, status: "left" });
    expect(
      (await district.coordinators.census({ scope: { level: "district", id: world.inside.districtId } }))
        .total,
    ).toBe(0);
  });

  it("imports all-or-nothing: a bad row writes nothing, a good file writes every row with one audit entry", async () => {
    const district = await world.caller("district_staff");
    const cat = await district.coordinators.createCategory({
      districtId: world.inside.districtId,
      code: "import_test",
      nameZh: "导入测试",
      nameEn: "Import test",
    });
    const staff = await world.caller("community_staff");
    const row = (n: number) => ({
      name: `导入${n}`,
      gender: "female",
      birthYear: 1985,
      phone: `1391234${String(1000 + n)}`,
      idNumber: `11022919850101${String(5000 + n)}`,
      categoryCode: "import_test",
      employerDepartment: "区民政局",
      hiredOn: "2021-03-01",
    });
    const good = [row(1), row(2), row(3)];
    const input = { communityId: world.inside.communityId };
    const before = await rowCounts(t.db);
    const bad = await staff.coordinators.import({
      ...input,
      rows: [
        ...good,
        { ...row(4), categoryCode: "no_such_code" },
        { ...row(5), idNumber: good[0]!.idNumber },
        { ...row(6), phone: "12345" },
        // Hired tomorrow: a hire date records what has happened.
        { ...row(7), hiredOn: beijingDate(new Date(Date.now() + 86_400_000)) },
      ],
    });
    expect(bad.ok).toBe(false);
    expect(bad.created).toBe(0);
    expect(bad.problems.map((p) => [p.row, p.column, p.messageKey])).toEqual([
      [6, "phone", "error.import.invalid_value"],
      [4, "categoryCode", "error.import.unknown_category"],
      [5, "idNumber", "error.import.duplicate_row"],
      [7, "hiredOn", "error.import.date_in_future"],
    ]);
    expect(await rowCounts(t.db)).toBe(before);
    const dry = await staff.coordinators.import({ ...input, rows: good, dryRun: true });
    expect(dry).toMatchObject({ ok: true, dryRun: true, created: 0, problemCount: 0 });
    expect(await rowCounts(t.db)).toBe(before);
    const done = await staff.coordinators.import({ ...input, rows: good });
    expect(done).toMatchObject({ ok: true, dryRun: false, created: 3, problemCount: 0 });
    const list = await staff.coordinators.list({
      scope: { level: "community", id: world.inside.communityId },
      categoryId: cat.id,
    });
    expect(list.items.map((i) => i.name).sort()).toEqual(["导入1", "导入2", "导入3"]);
    const audit = (await auditRepository(t.db).query({ entityId: world.inside.communityId })).items.filter(
      (e) => e.action === "coordinator.import",
    );
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(good[0]!.idNumber);
    // Again: every ID number is now on record.
    const again = await staff.coordinators.import({ ...input, rows: [good[0]!] });
    expect(again.problems.map((p) => p.messageKey)).toEqual(["error.import.duplicate_id_number"]);
    const outside = staff.coordinators.import({ communityId: world.outside.communityId, rows: [row(7)] });
    await expect(outside).rejects.toBeInstanceOf(TRPCError);
    await expect(outside).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("an ID number is looked up only inside the caller's community: a record elsewhere is neither reported nor a conflict", async () => {
    const district = await world.caller("district_staff");
    const cat = await district.coordinators.createCategory({
      districtId: world.inside.districtId,
      code: "scope_test",
      nameZh: "范围测试",
      nameEn: "Scope test",
    });
    const person = (idNumber: string, communityId: string) => ({
      categoryId: cat.id,
      name: "范围",
      gender: "male" as const,
      birthYear: 1975,
      phone: "13911112222",
      idNumber,
      employerDepartment: "区应急管理局",
      communityId,
      hiredOn: "2022-01-01",
    });
    // On record in the outside community (another district), made by a system administrator.
    const admin = await world.caller("system_admin");
    await admin.coordinators.create(person("110229197501019999", world.outside.communityId));
    await admin.coordinators.create(person("110229197501018888", world.outside.communityId));
    const staff = await world.caller("community_staff");
    // The import check does not see it …
    const imported = await staff.coordinators.import({
      communityId: world.inside.communityId,
      rows: [
        {
          name: "范围",
          gender: "male",
          birthYear: 1975,
          phone: "13911112222",
          idNumber: "110229197501019999",
          categoryCode: "scope_test",
          employerDepartment: "区应急管理局",
          hiredOn: "2022-01-01",
        },
      ],
    });
    expect(imported).toMatchObject({ ok: true, created: 1, problemCount: 0 });
    // … nor does the database constraint answer for it (unique per community).
    await expect(
      staff.coordinators.create(person("110229197501018888", world.inside.communityId)),
    ).resolves.toMatchObject({ communityId: world.inside.communityId });
    // Inside the community both still catch a repeat.
    const repeat = await staff.coordinators.import({
      communityId: world.inside.communityId,
      rows: [
        {
          name: "范围",
          gender: "male",
          birthYear: 1975,
          phone: "13911112222",
          idNumber: "110229197501018888",
          categoryCode: "scope_test",
          employerDepartment: "区应急管理局",
          hiredOn: "2022-01-01",
        },
      ],
    });
    expect(repeat.problems.map((p) => p.messageKey)).toEqual(["error.import.duplicate_id_number"]);
    await expect(
      staff.coordinators.create(person("110229197501019999", world.inside.communityId)),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      messageKey: "db.unique_violation.coordinators_community_id_number_uq",
    });
  });

  it("categories: district staff add and rename; a duplicate code is a clear conflict; others cannot", async () => {
    const district = await world.caller("district_staff");
    const cat = await district.coordinators.createCategory({
      districtId: world.inside.districtId,
      code: "elevator_safety",
      nameZh: "电梯安全",
      nameEn: "Elevator safety",
      sortOrder: 170,
    });
    const before = await rowCounts(t.db);
    const duplicate = await district.coordinators
      .createCategory({
        districtId: world.inside.districtId,
        code: "elevator_safety",
        nameZh: "重复",
        nameEn: "Dup",
      })
      .catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(TRPCError);
    expect((duplicate as TRPCError).code).toBe("CONFLICT");
    expect(await rowCounts(t.db)).toBe(before);
    const renamed = await district.coordinators.updateCategory({
      districtId: world.inside.districtId,
      id: cat.id,
      nameZh: "电梯安全巡查",
      sortOrder: 5,
    });
    expect(renamed).toMatchObject({
      code: "elevator_safety",
      nameZh: "电梯安全巡查",
      nameEn: "Elevator safety",
    });
    const listed = await (await world.caller("community_staff")).coordinators.categories();
    expect(listed.find((c) => c.id === cat.id)?.nameZh).toBe("电梯安全巡查");
    const staff = await world.caller("community_staff");
    const refused = await staff.coordinators
      .updateCategory({ districtId: world.inside.districtId, id: cat.id, nameZh: "越权" })
      .catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe("FORBIDDEN");
    const audit = (await auditRepository(t.db).query({ entityId: cat.id })).items.map((e) => e.action);
    expect(audit.sort()).toEqual(["coordinator_category.create", "coordinator_category.update"]);
  });
});
