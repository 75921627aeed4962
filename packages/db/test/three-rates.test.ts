import {
  committeeKinds,
  committeeStatuses,
  partyOrgModes,
  propertyServiceModes,
  rollupThreeRatesFromRows,
  type ThreeRates,
  type ThreeRatesRollup,
} from "@gongzhi/core";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { governanceRepository, registryRepository, threeRatesRepository } from "../src/repositories/index.ts";
import { openTestDatabase, type TestDatabase } from "./support/db.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

function flatten(nodes: ThreeRatesRollup[], into = new Map<string, ThreeRates>()) {
  for (const n of nodes) {
    into.set(`${n.level}:${n.id}`, n.rates);
    flatten(n.children, into);
  }
  return into;
}

/** The SQL rollup and core's rollup over the same database must agree exactly, at every level. */
async function expectAgreement() {
  const repo = threeRatesRepository(t.db);
  const core = flatten(rollupThreeRatesFromRows(await repo.compoundRows()));
  const sqlRows = await repo.rollup();
  const fromSql = new Map(sqlRows.map((r) => [`${r.level}:${r.unitId}`, r.rates]));
  expect(fromSql.size).toBe(core.size);
  for (const [key, rates] of core) expect(fromSql.get(key), key).toEqual(rates);
  return { core, sqlRows };
}

const compoundArb = fc.record({
  households: fc.integer({ min: 0, max: 3000 }),
  inScope: fc.integer({ min: 0, max: 5 }).map((n) => n > 0),
  service: fc.constantFrom(...propertyServiceModes, "absent" as const),
  endedBefore: fc.boolean(),
  committee: fc.option(
    fc.record({
      kind: fc.constantFrom(...committeeKinds),
      status: fc.constantFrom(...committeeStatuses),
      partyOrg: fc.constantFrom(...partyOrgModes),
    }),
  ),
});
const registryArb = fc.array(
  fc.array(fc.array(compoundArb, { maxLength: 4 }), { minLength: 1, maxLength: 3 }),
  {
    minLength: 1,
    maxLength: 3,
  },
);

let seq = 0;
type RandomRegistry = typeof registryArb extends fc.Arbitrary<infer T> ? T : never;

async function insertRegistry(subdistricts: RandomRegistry) {
  const registry = registryRepository(t.db);
  const gov = governanceRepository(t.db);
  const tag = `${Date.now().toString(36)}${seq++}`;
  const district = await registry.createDistrict({ code: `R${tag}`, name: "随机区", nameEn: "Random" });
  for (const [si, communities] of subdistricts.entries()) {
    const sub = await registry.createSubdistrict({
      districtId: district.id,
      code: `R${tag}-${si}`,
      name: `街道${si}`,
      kind: "town",
    });
    for (const [ci, compounds] of communities.entries()) {
      const community = await registry.createCommunity({
        subdistrictId: sub.id,
        code: `R${tag}-${si}-${ci}`,
        name: `社区${ci}`,
        kind: "village",
      });
      for (const [pi, c] of compounds.entries()) {
        const compound = await registry.createCompound({
          communityId: community.id,
          code: `R${tag}-${si}-${ci}-${pi}`,
          name: `小区${pi}`,
          type: "old",
          households: c.households,
          inScope: c.inScope,
        });
        if (c.endedBefore) {
          // An earlier arrangement that has ended must not count.
          await gov.setPropertyService({
            compoundId: compound.id,
            mode: "professional",
            companyName: "旧物业",
            startedOn: "2018-01-01",
          });
        }
        if (c.service !== "absent") {
          await gov.setPropertyService({
            compoundId: compound.id,
            mode: c.service,
            companyName: c.service === "professional" ? "物业公司" : null,
            startedOn: "2024-01-01",
          });
        } else if (c.endedBefore) {
          // End the earlier arrangement: no current service at all.
          await t.db.execute(
            sql`update property_services set ended_on = '2020-01-01' where compound_id = ${compound.id}`,
          );
        }
        if (c.committee) {
          const inOffice = c.committee.status === "filed" || c.committee.status === "term_ending";
          await gov.createCommittee(
            {
              compoundId: compound.id,
              kind: c.committee.kind,
              status: c.committee.status,
              partyOrg: c.committee.partyOrg,
              ...(inOffice
                ? {
                    electedOn: "2024-01-01",
                    filedOn: "2024-01-20",
                    termStart: "2024-01-01",
                    termEnd: "2027-12-31",
                  }
                : {}),
            },
            [],
          );
        }
      }
    }
  }
}

describe(`三率 SQL rollup (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("agrees exactly with core's rollup on random registries", async () => {
    await fc.assert(
      fc.asyncProperty(registryArb, async (registry) => {
        await insertRegistry(registry);
        await expectAgreement();
      }),
      { numRuns: 8, seed: 20261129 },
    );
  });

  it("counts only current services and committees in office", async () => {
    const { sqlRows } = await expectAgreement();
    for (const r of sqlRows) {
      for (const k of ["propertyServiceCoverage", "committeeFormation", "partyOrgCoverage"] as const) {
        const v = r.rates[k];
        expect(v.numerator).toBeLessThanOrEqual(v.denominator);
        if (v.rate !== null) expect(v.rate).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it("stores monthly snapshots, replaces a month taken twice, and reads a trend", async () => {
    const repo = threeRatesRepository(t.db);
    const districtRow = (await repo.rollup()).find((r) => r.level === "district")!;
    const count = await repo.snapshot("2026-10");
    expect(count).toBeGreaterThan(0);
    expect(await repo.snapshot("2026-10")).toBe(count);
    await repo.snapshot("2026-11");
    const trend = await repo.trend({ level: "district", unitId: districtRow.unitId });
    expect(trend.map((p) => p.month)).toEqual(["2026-10", "2026-11"]);
    expect(trend[1]!.rates).toEqual(districtRow.rates);
    await expect(repo.snapshot("2026-13")).rejects.toMatchObject({ code: "invalid_input" });
  });
});
