import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DbConstraintError } from "../src/errors.ts";
import {
  auditRepository,
  governanceRepository,
  ownershipRepository,
  registryRepository,
  topicsRepository,
  votesRepository,
} from "../src/repositories/index.ts";
import { users } from "../src/schema/index.ts";
import { openTestDatabase, type TestDatabase } from "./support/db.ts";
import { makeCompound } from "./support/factory.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

let phoneSeq = 0;
async function makeUser(name = "居民") {
  const phone = `139${String(Date.now() % 1_000_000).padStart(6, "0")}${String(phoneSeq++).padStart(2, "0")}`;
  return (await t.db.insert(users).values({ phone, passwordHash: "x", displayName: name }).returning())[0]!;
}

describe(`registry repository (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("paginates compounds by code with a cursor and a maximum page size", async () => {
    const { community } = await makeCompound(t.db);
    const registry = registryRepository(t.db);
    for (let i = 0; i < 7; i++) {
      await registry.createCompound({
        communityId: community.id,
        code: `${community.code}-${String(i).padStart(2, "0")}`,
        name: `小区${i}`,
        type: "old",
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof registry.listCompounds>> = await registry.listCompounds({
        communityId: community.id,
        cursor,
        limit: 3,
      });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((c) => c.code));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toHaveLength(8);
    expect([...seen].sort()).toEqual(seen);
    expect(new Set(seen).size).toBe(8);
    expect(pages).toBe(3);
    const huge = await registry.listCompounds({ communityId: community.id, limit: 10_000 });
    expect(huge.items).toHaveLength(8);
    const search = await registry.listCompounds({ communityId: community.id, search: "小区3" });
    expect(search.items.map((c) => c.name)).toEqual(["小区3"]);
    const wildcard = await registry.listCompounds({ communityId: community.id, search: "%" });
    expect(wildcard.items).toEqual([]);
  });
});

describe(`ownership repository (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("gives the statutory owner keys: one buyer's units and the developer's unsold units each share one key", async () => {
    const { compound, units } = await makeCompound(t.db, [9000, 8000, 7000, 6000, 5000]);
    const ownership = ownershipRepository(t.db);
    const buyer = await ownership.createParty({
      compoundId: compound.id,
      kind: "person",
      displayName: "张三",
    });
    const developer = await ownership.createParty({
      compoundId: compound.id,
      kind: "developer",
      displayName: "开发商",
    });
    await ownership.assignUnit(units[0]!.id, buyer.id);
    await ownership.assignUnit(units[1]!.id, buyer.id);
    await ownership.assignUnit(units[3]!.id, developer.id);
    await ownership.assignUnit(units[4]!.id, developer.id);
    const roll = await ownership.votingRoll(compound.id);
    expect(roll).toHaveLength(5);
    const keys = new Map(roll.map((r) => [r.id, r.ownerKey]));
    expect(keys.get(units[0]!.id)).toBe(buyer.id);
    expect(keys.get(units[1]!.id)).toBe(buyer.id);
    expect(keys.get(units[3]!.id)).toBe(developer.id);
    expect(keys.get(units[4]!.id)).toBe(developer.id);
    expect(new Set(roll.map((r) => r.ownerKey)).size).toBe(3);
    expect(roll.reduce((sum, r) => sum + r.areaCentiM2, 0)).toBe(35000);

    // A second developer party in the same compound is refused.
    await expect(
      ownership.createParty({ compoundId: compound.id, kind: "developer", displayName: "另一开发商" }),
    ).rejects.toMatchObject({ code: "unique_violation", constraint: "owner_parties_one_developer_uq" });
  });

  it("uses the registered area, else surveyed, else contract (法释〔2009〕7号 Art. 8)", async () => {
    const { compound, building, parties } = await makeCompound(t.db, [10000]);
    const registry = registryRepository(t.db);
    const surveyedOnly = await registry.createUnit({
      buildingId: building.id,
      number: "S1",
      surveyedAreaCentiM2: 7711,
      contractAreaCentiM2: 8000,
    });
    const contractOnly = await registry.createUnit({
      buildingId: building.id,
      number: "C1",
      contractAreaCentiM2: 6123,
    });
    const both = await registry.createUnit({
      buildingId: building.id,
      number: "R1",
      registeredAreaCentiM2: 5001,
      surveyedAreaCentiM2: 5100,
    });
    const ownership = ownershipRepository(t.db);
    for (const u of [surveyedOnly, contractOnly, both]) await ownership.assignUnit(u.id, parties[0]!.id);
    const areas = new Map((await ownership.votingRoll(compound.id)).map((r) => [r.id, r.areaCentiM2]));
    expect(areas.get(surveyedOnly.id)).toBe(7711);
    expect(areas.get(contractOnly.id)).toBe(6123);
    expect(areas.get(both.id)).toBe(5001);
  });

  it("refuses to give a unit to a party of another compound", async () => {
    const a = await makeCompound(t.db);
    const b = await makeCompound(t.db);
    await expect(
      ownershipRepository(t.db).assignUnit(a.units[0]!.id, b.parties[0]!.id),
    ).rejects.toBeInstanceOf(DbConstraintError);
    const roll = await ownershipRepository(t.db).votingRoll(a.compound.id);
    expect(roll.find((r) => r.id === a.units[0]!.id)?.ownerKey).toBe(a.parties[0]!.id);
  });
});

describe(`votes repository (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("changes a ballot while open, keeps one row per owner key, and refuses ballots when not open or from outsiders", async () => {
    const { compound, parties } = await makeCompound(t.db);
    const other = await makeCompound(t.db);
    const votes = votesRepository(t.db);
    const decision = await votes.createDecision({
      compoundId: compound.id,
      title: "选聘物业服务企业",
      matter: "ordinary",
      art278Item: 4,
      status: "open",
      opensAt: new Date("2026-11-01T00:00:00Z"),
      closesAt: new Date("2026-12-31T00:00:00Z"),
    });
    await votes.castOrChangeBallot({ decisionId: decision.id, ownerKey: parties[0]!.id, choice: "against" });
    await votes.castOrChangeBallot({ decisionId: decision.id, ownerKey: parties[0]!.id, choice: "for" });
    expect(await votes.ballotsForTally(decision.id)).toEqual([{ ownerKey: parties[0]!.id, choice: "for" }]);

    await expect(
      votes.castOrChangeBallot({ decisionId: decision.id, ownerKey: other.parties[0]!.id, choice: "for" }),
    ).rejects.toMatchObject({ constraint: "ballots_owner_key_same_compound" });

    const draft = await votes.createDecision({
      compoundId: compound.id,
      title: "筹集维修资金",
      matter: "special",
      art278Item: 6,
      opensAt: new Date("2027-01-01T00:00:00Z"),
      closesAt: new Date("2027-01-31T00:00:00Z"),
    });
    await expect(
      votes.castOrChangeBallot({ decisionId: draft.id, ownerKey: parties[1]!.id, choice: "for" }),
    ).rejects.toMatchObject({ constraint: "ballots_decision_open" });
    expect(await votes.ballotsForTally(draft.id)).toEqual([]);
  });
});

describe(`topics repository (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("keeps the support count equal to the supports, refuses a double support, records status history", async () => {
    const { community } = await makeCompound(t.db);
    const author = await makeUser("提议人");
    const topics = topicsRepository(t.db);
    const topic = await topics.create({
      communityId: community.id,
      authorId: author.id,
      title: "增设电动自行车充电桩",
      body: "小区内电动自行车飞线充电严重，建议在3号楼北侧增设集中充电桩。",
      category: "safety",
      status: "collecting",
    });
    const supporters = [await makeUser(), await makeUser(), await makeUser()];
    for (const s of supporters) await topics.support(topic.id, s.id);
    await expect(topics.support(topic.id, supporters[0]!.id)).rejects.toMatchObject({
      code: "unique_violation",
      message: "this user already supports this topic",
    });
    expect((await topics.get(topic.id))?.supportCount).toBe(3);
    expect(await topics.withdrawSupport(topic.id, supporters[1]!.id)).toBe(2);
    await expect(topics.withdrawSupport(topic.id, supporters[1]!.id)).rejects.toBeInstanceOf(
      DbConstraintError,
    );
    expect((await topics.get(topic.id))?.supportCount).toBe(2);

    await expect(topics.changeStatus(topic.id, "declined", { actorId: author.id })).rejects.toMatchObject({
      constraint: "topics_declined_has_reason",
    });
    expect((await topics.get(topic.id))?.status).toBe("collecting");
    await topics.changeStatus(topic.id, "declined", {
      actorId: author.id,
      declineReason: "属于物业合同范围，已转物业处理",
    });
    const history = await topics.history(topic.id);
    expect(history.map((h) => [h.from, h.to])).toEqual([
      [null, "collecting"],
      ["collecting", "declined"],
    ]);
  });

  it("lists a community's topics newest first across pages without gaps", async () => {
    const { community } = await makeCompound(t.db);
    const author = await makeUser();
    const topics = topicsRepository(t.db);
    for (let i = 0; i < 5; i++) {
      await topics.create({
        communityId: community.id,
        authorId: author.id,
        title: `议题标题${i}号`,
        body: "这是一个用于测试分页的议题内容。",
        category: "other",
        status: "collecting",
      });
    }
    const first = await topics.list({ communityId: community.id, limit: 2 });
    const second = await topics.list({ communityId: community.id, limit: 2, cursor: first.nextCursor });
    const third = await topics.list({ communityId: community.id, limit: 2, cursor: second.nextCursor });
    const all = [...first.items, ...second.items, ...third.items].map((x) => x.title);
    expect(all).toHaveLength(5);
    expect(new Set(all).size).toBe(5);
    expect(third.nextCursor).toBeNull();
    await expect(topics.list({ communityId: community.id, cursor: "not-a-cursor" })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });
});

describe(`governance repository (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("keeps property-service history with one current arrangement", async () => {
    const { compound } = await makeCompound(t.db);
    const gov = governanceRepository(t.db);
    await gov.setPropertyService({ compoundId: compound.id, mode: "interim", startedOn: "2023-01-01" });
    await gov.setPropertyService({
      compoundId: compound.id,
      mode: "professional",
      companyName: "北京妫川物业管理有限公司",
      contractStart: "2025-03-01",
      contractEnd: "2028-02-29",
      filedOn: "2025-03-10",
      startedOn: "2025-03-01",
    });
    const history = await gov.propertyServiceHistory(compound.id);
    expect(history.map((h) => [h.mode, h.startedOn, h.endedOn])).toEqual([
      ["interim", "2023-01-01", "2025-02-28"],
      ["professional", "2025-03-01", null],
    ]);
    await expect(
      gov.setPropertyService({ compoundId: compound.id, mode: "professional", startedOn: "2026-01-01" }),
    ).rejects.toMatchObject({ constraint: "property_services_professional_has_company" });
    expect(await gov.propertyServiceHistory(compound.id)).toHaveLength(2);
  });

  it("allows one committee in office per compound and creates members all-or-nothing", async () => {
    const { compound } = await makeCompound(t.db);
    const gov = governanceRepository(t.db);
    const members = ["主任", "副主任", "委员甲", "委员乙", "委员丙"].map((name, i) => ({
      name,
      role: (i === 0 ? "chair" : i === 1 ? "vice_chair" : "member") as "chair" | "vice_chair" | "member",
      isOwner: true,
      isPartyMember: i < 3,
    }));
    const inOffice = {
      compoundId: compound.id,
      kind: "owners_committee" as const,
      status: "filed" as const,
      electedOn: "2024-05-01",
      filedOn: "2024-05-20",
      termStart: "2024-05-01",
      termEnd: "2029-04-30",
      partyOrg: "own_branch" as const,
    };
    const { committee } = await gov.createCommittee(inOffice, members);
    expect(await gov.members(committee.id)).toHaveLength(5);
    await expect(gov.createCommittee(inOffice, members)).rejects.toMatchObject({
      constraint: "committees_one_in_office_uq",
    });
    expect((await gov.inOffice(compound.id))?.id).toBe(committee.id);
    // A committee still preparing may exist beside it (e.g. the next term's 换届).
    const next = await gov.createCommittee(
      { compoundId: compound.id, kind: "owners_committee", status: "preparing" },
      [],
    );
    expect(next.committee.status).toBe("preparing");
    // Bad member row → nothing of the committee is written.
    const { compound: other } = await makeCompound(t.db);
    await expect(
      gov.createCommittee({ compoundId: other.id, kind: "interim_committee", status: "preparing" }, [
        { name: "甲", role: "chair", isOwner: false, isResidentsCommitteeRep: true },
        { name: "乙", role: "nonsense" as "member", isOwner: true },
      ]),
    ).rejects.toThrow();
    expect(await gov.inOffice(other.id)).toBeNull();
  });
});

describe(`audit repository (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("appends and queries by actor and entity, newest first, paginated", async () => {
    const actor = await makeUser("审计员");
    const audit = auditRepository(t.db);
    for (let i = 0; i < 3; i++) {
      await audit.append({
        actorId: actor.id,
        action: "compound.update",
        entityType: "compound",
        entityId: `c${i}`,
        before: { i },
        after: { i: i + 1 },
      });
    }
    const page1 = await audit.query({ actorId: actor.id, limit: 2 });
    expect(page1.items.map((e) => e.entityId)).toEqual(["c2", "c1"]);
    const page2 = await audit.query({ actorId: actor.id, limit: 2, cursor: page1.nextCursor });
    expect(page2.items.map((e) => e.entityId)).toEqual(["c0"]);
    expect(page2.nextCursor).toBeNull();
    const byEntity = await audit.query({ entityType: "compound", entityId: "c1" });
    expect(byEntity.items[0]?.after).toEqual({ i: 2 });
  });
});
