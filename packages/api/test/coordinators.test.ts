/** 协管员: masked everywhere, the reveal audited, census by category × subdistrict. */
import { auditRepository } from "@gongzhi/db";
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
});
