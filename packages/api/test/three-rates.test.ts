/** 三率: figures by level with gaps, what each compound lacks, snapshots and trend. */
import { threeRatesRepository } from "@gongzhi/db";
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

describe(`three rates (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("reports figures with drill-down and gaps, compounds' lacks, and a trend from snapshots", async () => {
    const anon = await world.caller("anonymous");
    const d = await anon.threeRates.current({ level: "district", id: world.inside.districtId });
    // Every node carries its name, so dashboards need no second lookup.
    expect(d.name).toMatch(/^区/);
    expect(d.children.every((c) => typeof c.name === "string" && c.name.startsWith("街道"))).toBe(true);
    expect(d.rates.propertyServiceCoverage).toMatchObject({ numerator: 0, denominator: 1 });
    expect(d.gap.propertyServiceCoverage).toMatchObject({ met: false, additionalNeeded: 1 });
    expect(d.children.map((c) => c.id)).toEqual([world.inside.subdistrictId]);
    const y2020 = await anon.threeRates.current({
      level: "district",
      id: world.inside.districtId,
      targetYear: 2020,
    });
    expect(y2020.gap.committeeFormation.requiredNumerator).toBe(1);
    const staff = await world.caller("community_staff");
    const compounds = await staff.threeRates.compounds({ level: "community", id: world.inside.communityId });
    expect(compounds).toEqual([
      expect.objectContaining({
        compoundId: world.inside.compoundId,
        lacks: ["no_property_service", "no_committee_in_office"],
      }),
    ]);
    const district = await world.caller("district_staff");
    await district.threeRates.snapshot({ districtId: world.inside.districtId, month: "2025-05" });
    await district.threeRates.snapshot({ districtId: world.inside.districtId, month: "2025-06" });
    const trend = await anon.threeRates.trend({ level: "district", id: world.inside.districtId });
    expect(trend.map((p) => p.month)).toEqual(["2025-05", "2025-06"]);
    expect((await threeRatesRepository(t.db).rollup()).length).toBeGreaterThan(0);
  });
});
