import { accountsRepository, auditRepository, ownershipRepository, registryRepository } from "@gongzhi/db";
import { rowCounts } from "@gongzhi/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUSEHOLD_CODE_ALPHABET } from "../src/routers/households.ts";
import { callerFor, makeUser, openTestDatabase, type TestDatabase } from "./support.ts";
import { buildWorld, type World } from "./world.ts";

let t: TestDatabase;
let world: World;
let ipSeq = 0;
const asUser = async (userId: string, now?: () => Date) =>
  (await callerFor(t.db, userId, { ip: `10.0.0.${++ipSeq}`, ...(now ? { now } : {}) })).caller;

/** A building of the inside compound with two units, both held by owner parties. */
async function buildingWithUnits(tag: string) {
  const registry = registryRepository(t.db);
  const owners = ownershipRepository(t.db);
  const b = await registry.createBuilding({
    compoundId: world.inside.compoundId,
    code: tag,
    name: `${tag}号楼`,
  });
  const u1 = await registry.createUnit({ buildingId: b.id, number: "101", registeredAreaCentiM2: 8937 });
  const u2 = await registry.createUnit({ buildingId: b.id, number: "102", surveyedAreaCentiM2: 10050 });
  const p1 = await owners.createParty({
    compoundId: world.inside.compoundId,
    kind: "person",
    displayName: "甲",
  });
  const p2 = await owners.createParty({
    compoundId: world.inside.compoundId,
    kind: "person",
    displayName: "乙",
  });
  await owners.assignUnit(u1.id, p1.id);
  await owners.assignUnit(u2.id, p2.id);
  return { building: b, units: [u1, u2], parties: [p1, p2] };
}

const certificate = { kind: "property_certificate", reference: "京(2021)延庆区不动产权第0001234号" } as const;

beforeAll(async () => {
  t = await openTestDatabase();
  world = await buildWorld(t.db);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`households (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("generates one code per unit, stores only hashes, and a resident redeeming one becomes a verified owner", async () => {
    const { building, units, parties } = await buildingWithUnits("H1");
    const staff = await world.caller("community_staff");
    const sheet = await staff.households.generateForBuilding({ buildingId: building.id, validDays: 30 });
    expect(sheet.codes.map((c) => c.unitNumber)).toEqual(["101", "102"]);
    for (const c of sheet.codes) {
      expect(c.code).toMatch(new RegExp(`^[${HOUSEHOLD_CODE_ALPHABET}]{5}-[${HOUSEHOLD_CODE_ALPHABET}]{5}$`));
    }
    // The plain code is nowhere in the database.
    const dump = JSON.stringify(await t.db.execute("select * from household_codes"));
    for (const c of sheet.codes) expect(dump).not.toContain(c.code.replace("-", ""));
    const listed = await staff.households.listForBuilding({ buildingId: building.id });
    expect(listed.items.map((i) => [i.unitNumber, i.status])).toEqual([
      ["101", "unused"],
      ["102", "unused"],
    ]);
    expect(JSON.stringify(listed)).not.toContain(sheet.codes[0]!.code);

    const tenant = await makeUser(t.db);
    const caller = await asUser(tenant.id);
    // Typed sloppily: lower case, spaces instead of the dash.
    const typed = sheet.codes[0]!.code.toLowerCase().replace("-", " ");
    const result = await caller.households.redeem({ code: typed });
    expect(result).toEqual({ unitId: units[0]!.id, ownerKey: parties[0]!.id, newlyVerified: true });
    const roles = await accountsRepository(t.db).assignments(tenant.id);
    expect(roles.map((r) => [r.role, r.scopeId]).sort()).toEqual(
      [
        ["resident", world.inside.communityId],
        ["verified_owner", units[0]!.id],
      ].sort(),
    );
    expect(await ownershipRepository(t.db).personOfUser(parties[0]!.id, tenant.id)).not.toBeNull();
    const mine = await (await asUser(tenant.id)).households.myUnits({});
    expect(mine.items).toEqual([
      expect.objectContaining({
        unitId: units[0]!.id,
        unitNumber: "101",
        areaCentiM2: 8937,
        areaSource: "registered",
        ownerKey: parties[0]!.id,
      }),
    ]);
    const audit = (await auditRepository(t.db).query({ entityId: units[0]!.id })).items;
    expect(audit.map((a) => a.action)).toContain("household.redeem");
    expect((await staff.households.listForBuilding({ buildingId: building.id })).items[0]!.status).toBe(
      "used",
    );
  });

  it("a used, expired, revoked or unknown code gets the same error and changes nothing", async () => {
    const { building } = await buildingWithUnits("H2");
    const staff = await world.caller("community_staff");
    const sheet = await staff.households.generateForBuilding({ buildingId: building.id, validDays: 1 });
    const [c101, c102] = sheet.codes;
    const first = await makeUser(t.db);
    await (await asUser(first.id)).households.redeem({ code: c101!.code });
    const codes = await staff.households.listForBuilding({ buildingId: building.id });
    await staff.households.revoke({ codeId: codes.items.find((c) => c.unitNumber === "102")!.id });
    // A fresh sheet of another building, redeemed after it expired.
    const { building: other } = await buildingWithUnits("H3");
    const otherSheet = await staff.households.generateForBuilding({ buildingId: other.id, validDays: 1 });
    const later = () => new Date(Date.now() + 2 * 24 * 3600 * 1000);

    const someone = await makeUser(t.db);
    const errors: string[] = [];
    const before = await rowCounts(t.db);
    for (const [code, now] of [
      [c101!.code, undefined],
      [c102!.code, undefined],
      [otherSheet.codes[0]!.code, later],
      ["ZZZZZ-ZZZZZ", undefined],
    ] as const) {
      const e = await (await asUser(someone.id, now)).households.redeem({ code }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(TRPCError);
      errors.push(`${(e as TRPCError).code}:${(e as TRPCError).message}`);
    }
    expect(new Set(errors).size).toBe(1);
    expect(errors[0]).toBe("BAD_REQUEST:this household code is not valid");
    expect(await rowCounts(t.db)).toBe(before);
    expect(await accountsRepository(t.db).assignments(someone.id)).toEqual([]);
  });

  it("redeeming is rate-limited per user", async () => {
    const user = await makeUser(t.db);
    const caller = await asUser(user.id);
    const codes: string[] = [];
    for (let i = 0; i < 11; i++) {
      const e = await caller.households.redeem({ code: "YYYYY-YYYYY" }).catch((x: TRPCError) => x);
      codes.push((e as TRPCError).code);
    }
    expect(codes.slice(0, 10).every((c) => c === "BAD_REQUEST")).toBe(true);
    expect(codes[10]).toBe("TOO_MANY_REQUESTS");
  });

  it("staff verify and revoke directly; a new sheet revokes the unused codes of the last one", async () => {
    const { building, units, parties } = await buildingWithUnits("H4");
    const staff = await world.caller("subdistrict_staff");
    const user = await makeUser(t.db);
    await staff.households.verifyOwner({ unitId: units[1]!.id, userId: user.id, document: certificate });
    expect((await accountsRepository(t.db).assignments(user.id)).map((a) => a.role).sort()).toEqual([
      "resident",
      "verified_owner",
    ]);
    await staff.households.revokeOwner({ unitId: units[1]!.id, userId: user.id });
    expect((await accountsRepository(t.db).assignments(user.id)).map((a) => a.role)).toEqual(["resident"]);
    expect(await ownershipRepository(t.db).personOfUser(parties[1]!.id, user.id)).toBeNull();
    const actions = (await auditRepository(t.db).query({ entityId: units[1]!.id })).items.map(
      (a) => a.action,
    );
    expect(actions).toEqual(["household.revoke_owner", "household.verify_owner"]);
    // Revoking again: nothing to revoke, no audit row.
    const before = await rowCounts(t.db);
    await expect(
      staff.households.revokeOwner({ unitId: units[1]!.id, userId: user.id }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await rowCounts(t.db)).toBe(before);

    await staff.households.generateForBuilding({ buildingId: building.id, validDays: 30 });
    await staff.households.generateForBuilding({ buildingId: building.id, validDays: 30 });
    const statuses = (await staff.households.listForBuilding({ buildingId: building.id })).items.map(
      (c) => c.status,
    );
    expect(statuses.sort()).toEqual(["revoked", "revoked", "unused", "unused"]);
    // Staff of another community cannot print this building's codes.
    const outsider = await makeUser(t.db, [
      { role: "community_staff", scopeKind: "community", scopeId: world.outside.communityId },
    ]);
    await expect(
      (await asUser(outsider.id)).households.generateForBuilding({ buildingId: building.id, validDays: 30 }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it.skipIf(process.env.GONGZHI_TEST_DRIVER !== "postgres")(
    "a code is used once even when many residents race for it",
    async () => {
      const { building, units } = await buildingWithUnits("H5");
      const staff = await world.caller("community_staff");
      const sheet = await staff.households.generateForBuilding({ buildingId: building.id, validDays: 30 });
      const racers = await Promise.all(Array.from({ length: 20 }, () => makeUser(t.db)));
      const callers = await Promise.all(racers.map((r) => asUser(r.id)));
      const results = await Promise.allSettled(
        callers.map((c) => c.households.redeem({ code: sheet.codes[0]!.code })),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const owners = [];
      for (const r of racers)
        if ((await accountsRepository(t.db).assignments(r.id)).some((a) => a.scopeId === units[0]!.id))
          owners.push(r);
      expect(owners).toHaveLength(1);
    },
    60_000,
  );

  it("nobody verifies themselves; a staff verification names its document, is recorded, notified and shown to the owner", async () => {
    const { units, parties } = await buildingWithUnits("H9");
    const staffId = world.users.community_staff.id;
    const staff = await world.caller("community_staff");
    const before = await rowCounts(t.db);
    await expect(
      staff.households.verifyOwner({ unitId: units[0]!.id, userId: staffId, document: certificate }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Without a document there is no staff verification at all.
    const noDoc = { unitId: units[0]!.id, userId: staffId } as unknown as Parameters<
      typeof staff.households.verifyOwner
    >[0];
    await expect(staff.households.verifyOwner(noDoc)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await rowCounts(t.db)).toBe(before);
    expect(await ownershipRepository(t.db).personOfUser(parties[0]!.id, staffId)).toBeNull();

    // The real owner verified themselves with a code earlier; then staff verify a second person.
    const owner = await makeUser(t.db);
    const sheet = await staff.households.generateForBuilding({
      buildingId: units[0]!.buildingId,
      validDays: 30,
    });
    await (await asUser(owner.id)).households.redeem({ code: sheet.codes[0]!.code });
    const second = await makeUser(t.db);
    await staff.households.verifyOwner({ unitId: units[0]!.id, userId: second.id, document: certificate });
    // Both are told: the owner learns of a person linked to their owner key.
    for (const id of [owner.id, second.id]) {
      const mine = await (await asUser(id)).notifications.list({});
      expect(mine.items.some((n) => n.kind === "ownership_verified")).toBe(true);
    }
    const seen = (await (await asUser(second.id)).households.myUnits({})).items[0]!;
    expect(seen.verification).toMatchObject({
      method: "staff_document",
      documentKind: "property_certificate",
    });
    expect(seen.verification?.documentRef).not.toBe(certificate.reference);
    expect(seen.verification?.documentRef).toMatch(/^京\(2021\*+234号$/);
    const byCode = (await (await asUser(owner.id)).households.myUnits({})).items[0]!;
    expect(byCode.verification).toMatchObject({ method: "household_code", documentKind: null });
    const audit = (await auditRepository(t.db).query({ entityId: units[0]!.id })).items.find(
      (a) => a.action === "household.verify_owner",
    );
    expect(audit?.after).toMatchObject({ document: certificate, userId: second.id });
    expect(audit?.actorId).toBe(staffId);
  });

  it("the ballot rule and representatives do not change while a vote of the compound is open", async () => {
    const staff = await world.caller("community_staff");
    const r = await staff.households.setBallotRule({
      compoundId: world.inside.compoundId,
      rule: "representative",
    });
    expect(r.rule).toBe("representative");
    await staff.households.setBallotRule({ compoundId: world.inside.compoundId, rule: "caster_only" });
    await t.db.execute(
      `insert into owners_decisions (compound_id, title, matter, art278_item, status, opens_at, closes_at)
       values ('${world.inside.compoundId}', '进行中的表决', 'ordinary', 4, 'open', now() - interval '1 day', now() + interval '1 day')`,
    );
    const before = await rowCounts(t.db);
    await expect(
      staff.households.setBallotRule({ compoundId: world.inside.compoundId, rule: "any_co_owner" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      staff.households.designateRepresentative({
        unitId: world.inside.unitId,
        personId: null,
        document: "推选书",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await rowCounts(t.db)).toBe(before);
    await t.db.execute(`delete from owners_decisions where title = '进行中的表决'`);
  });
});
