import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DbConstraintError } from "../src/errors.ts";
import { registryRepository, votesRepository } from "../src/repositories/index.ts";
import { auditLog, ballots, units } from "../src/schema/index.ts";
import { openTestDatabase, type TestDatabase } from "./support/db.ts";
import { makeCompound } from "./support/factory.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const countRows = async (table: typeof units | typeof ballots | typeof auditLog) =>
  Number((await t.db.select({ n: sql<number>`count(*)` }).from(table))[0]?.n);

async function openDecision(compoundId: string) {
  return votesRepository(t.db).createDecision({
    compoundId,
    title: "续聘物业服务企业",
    matter: "ordinary",
    art278Item: 4,
    status: "open",
    opensAt: new Date("2026-11-01T00:00:00Z"),
    closesAt: new Date("2026-12-31T00:00:00Z"),
  });
}

describe(`integrity constraints (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("refuses a second ballot for the same owner key and keeps the first", async () => {
    const { compound, parties } = await makeCompound(t.db);
    const decision = await openDecision(compound.id);
    const votes = votesRepository(t.db);
    await votes.castBallot({ decisionId: decision.id, ownerKey: parties[0]!.id, choice: "for" });
    const before = await countRows(ballots);

    const error = await votes
      .castBallot({ decisionId: decision.id, ownerKey: parties[0]!.id, choice: "against" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DbConstraintError);
    expect(error).toMatchObject({ code: "unique_violation", constraint: "ballots_one_per_owner_key_uq" });
    expect((error as Error).message).toBe("this owner key has already cast a ballot on this decision");

    expect(await countRows(ballots)).toBe(before);
    expect(await votes.ballotsForTally(decision.id)).toEqual([{ ownerKey: parties[0]!.id, choice: "for" }]);
  });

  it("refuses the same second ballot even written straight to the table (the database is the guard)", async () => {
    const { compound, parties } = await makeCompound(t.db);
    const decision = await openDecision(compound.id);
    await t.db.insert(ballots).values({ decisionId: decision.id, ownerKey: parties[1]!.id, choice: "for" });
    await expect(
      t.db.insert(ballots).values({ decisionId: decision.id, ownerKey: parties[1]!.id, choice: "abstain" }),
    ).rejects.toThrow();
    expect(await votesRepository(t.db).ballotsForTally(decision.id)).toHaveLength(1);
  });

  it("refuses a negative or zero area and a unit with no area", async () => {
    const { building } = await makeCompound(t.db);
    const registry = registryRepository(t.db);
    const before = await countRows(units);
    for (const bad of [
      { registeredAreaCentiM2: -100 },
      { registeredAreaCentiM2: 0 },
      { registeredAreaCentiM2: 9000, surveyedAreaCentiM2: -1 },
    ]) {
      const error = await registry
        .createUnit({ buildingId: building.id, number: "X1", ...bad })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DbConstraintError);
      expect(error).toMatchObject({ code: "check_violation", constraint: "units_areas_positive" });
      expect((error as Error).message).toBe("unit areas must be positive");
    }
    const none = await registry
      .createUnit({ buildingId: building.id, number: "X2" })
      .catch((e: unknown) => e);
    expect(none).toMatchObject({ code: "check_violation", constraint: "units_some_area" });
    expect(await countRows(units)).toBe(before);
  });

  it("refuses a unit in a nonexistent building", async () => {
    const before = await countRows(units);
    const error = await registryRepository(t.db)
      .createUnit({
        buildingId: "00000000-0000-4000-8000-000000000000",
        number: "101",
        registeredAreaCentiM2: 8000,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DbConstraintError);
    expect(error).toMatchObject({
      code: "foreign_key_violation",
      constraint: "units_building_id_buildings_id_fk",
    });
    expect((error as Error).message).toBe("the building does not exist");
    expect(await countRows(units)).toBe(before);
  });

  it("a bulk unit insert with one bad row inserts nothing", async () => {
    const { building } = await makeCompound(t.db);
    const before = await countRows(units);
    await expect(
      registryRepository(t.db).createUnits([
        { buildingId: building.id, number: "201", registeredAreaCentiM2: 9000 },
        { buildingId: building.id, number: "202", registeredAreaCentiM2: -5 },
      ]),
    ).rejects.toBeInstanceOf(DbConstraintError);
    expect(await countRows(units)).toBe(before);
  });

  it("refuses a matter that does not match its Art. 278 item", async () => {
    const { compound } = await makeCompound(t.db);
    const error = await votesRepository(t.db)
      .createDecision({
        compoundId: compound.id,
        title: "改建小区车棚",
        matter: "ordinary",
        art278Item: 7,
        opensAt: new Date("2026-11-01T00:00:00Z"),
        closesAt: new Date("2026-12-01T00:00:00Z"),
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "check_violation",
      constraint: "owners_decisions_matter_matches_item",
    });
  });

  it("keeps the audit log append-only", async () => {
    await t.db.insert(auditLog).values({ actorId: null, action: "test.write", entityType: "test" });
    const before = await countRows(auditLog);
    const refusal = (e: unknown) => String((e as { cause?: Error }).cause?.message ?? (e as Error).message);
    for (const attempt of [
      () => t.db.update(auditLog).set({ action: "tampered" }),
      () => t.db.delete(auditLog),
      () => t.db.execute(sql`truncate audit_log`),
    ]) {
      const error = await Promise.resolve()
        .then(attempt)
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error, "the change must be refused").not.toBeNull();
      expect(refusal(error)).toMatch(/audit_log is append-only/);
    }
    expect(await countRows(auditLog)).toBe(before);
  });
});
