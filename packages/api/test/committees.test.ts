import { addDays, addMonths, addYears } from "@gongzhi/core";
import { auditRepository, governanceRepository, registryRepository } from "@gongzhi/db";
import { rowCounts } from "@gongzhi/db/testing";
import { TRPCError } from "@trpc/server";
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

const member = (name: string, role: "chair" | "vice_chair" | "member" | "alternate", extra = {}) => ({
  name,
  role,
  isOwner: true,
  isPartyMember: false,
  isResidentsCommitteeRep: false,
  userId: null,
  ...extra,
});

describe(`committees (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("refuses an invalid committee with every violation and its article, writing nothing", async () => {
    const staff = await world.caller("community_staff");
    const before = await rowCounts(t.db);
    const e = (await staff.committees
      .create({
        compoundId: world.inside.compoundId,
        kind: "interim_committee",
        electedOn: null,
        termStart: "2025-01-01",
        termEnd: "2029-01-01",
        partyOrg: "own_branch",
        members: [
          member("甲", "chair"),
          member("乙", "member"),
          member("丙", "member", { isOwner: false }),
          member("丁", "member"),
        ],
      })
      .catch((x: unknown) => x)) as TRPCError & { violations: { code: string; article: string }[] };
    expect(e).toBeInstanceOf(TRPCError);
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.violations.map((v) => v.code).sort()).toEqual(
      [
        "too_few_members",
        "even_member_count",
        "chair_not_residents_committee_rep",
        "vice_chair_missing",
        "term_too_long",
        "own_branch_needs_three_party_members",
      ].sort(),
    );
    expect(e.violations.every((v) => v.article.length > 0)).toBe(true);
    expect(
      JSON.parse(String((e as unknown as { params: { violations: string } }).params.violations)),
    ).toHaveLength(6);
    expect(await rowCounts(t.db)).toBe(before);
  });

  it("creates, elects, files and shows a committee; transitions follow core's table and are audited", async () => {
    const community = await world.caller("community_staff");
    const created = await community.committees.create({
      compoundId: world.inside.compoundId,
      kind: "owners_committee",
      electedOn: null,
      termStart: "2025-03-01",
      termEnd: "2030-02-28",
      partyOrg: "attached",
      members: [
        member("张", "chair", { isPartyMember: true }),
        member("李", "vice_chair"),
        member("王", "member"),
      ],
    });
    expect(created).toMatchObject({ status: "preparing", members: expect.any(Array) });
    expect(created.members).toHaveLength(3);
    await community.committees.transition({ committeeId: created.id, to: "elected", on: "2025-02-20" });
    // 备案 is the subdistrict's act (北京市物业管理条例 Art. 39–49): community staff are refused.
    await expect(
      community.committees.transition({ committeeId: created.id, to: "filed", on: "2025-03-01" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const sub = await world.caller("subdistrict_staff");
    const filed = await sub.committees.transition({ committeeId: created.id, to: "filed", on: "2025-03-01" });
    expect(filed).toMatchObject({ status: "filed", filedOn: "2025-03-01", electedOn: "2025-02-20" });
    // Illegal: filed → elected.
    await expect(
      sub.committees.transition({ committeeId: created.id, to: "elected", on: "2025-03-02" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const pub = await world.caller("anonymous");
    const shown = await pub.committees.forCompound({ compoundId: world.inside.compoundId });
    expect(shown).toMatchObject({ id: created.id, kind: "owners_committee", partyCovered: true });
    expect(shown!.members).toEqual([
      { name: "张", role: "chair" },
      { name: "李", role: "vice_chair" },
      { name: "王", role: "member" },
    ]);
    expect(JSON.stringify(shown)).not.toContain("isPartyMember");
    const audit = (await auditRepository(t.db).query({ entityType: "committee", entityId: created.id }))
      .items;
    expect(audit.map((a) => a.action)).toEqual(["committee.filed", "committee.elected", "committee.create"]);
    expect(audit[0]).toMatchObject({
      before: expect.objectContaining({ status: "elected" }),
      after: expect.objectContaining({ status: "filed" }),
    });
  });

  it("updates members with re-validation and audits before/after", async () => {
    const staff = await world.caller("community_staff");
    const { committee } = await governanceRepository(t.db).createCommittee(
      { compoundId: world.outside.compoundId, kind: "owners_committee", status: "preparing" },
      [member("A", "chair"), member("B", "member"), member("C", "member")],
    );
    await expect(
      staff.committees.update({ committeeId: committee.id, patch: { partyOrg: "dispatched" } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = await world.caller("system_admin");
    const before = await rowCounts(t.db);
    await expect(
      admin.committees.update({
        committeeId: committee.id,
        patch: { members: [member("A", "chair"), member("B", "member")] },
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await rowCounts(t.db)).toBe(before);
    const updated = await admin.committees.update({
      committeeId: committee.id,
      patch: {
        members: [
          member("A", "chair"),
          member("B", "member"),
          member("D", "member"),
          member("E", "alternate"),
        ],
      },
    });
    expect(updated.members.map((m) => m.name).sort()).toEqual(["A", "B", "D", "E"]);
    const [entry] = (await auditRepository(t.db).query({ entityType: "committee", entityId: committee.id }))
      .items;
    expect(entry).toMatchObject({ action: "committee.update" });
    expect((entry!.before as { members: unknown[] }).members).toHaveLength(3);
    expect((entry!.after as { members: unknown[] }).members).toHaveLength(4);
  });

  it("lists alerts from core's deadlines for a scope: filing overdue and term ending", async () => {
    const gov = governanceRepository(t.db);
    // A second compound of the inside community keeps the one-in-office rule out of the way.
    const p = await registryRepository(t.db).createCompound({
      communityId: world.inside.communityId,
      code: `ALERT-${Date.now()}`,
      name: "提醒小区",
      type: "old",
      households: 60,
    });
    const today = beijingToday(new Date());
    const { committee: late } = await gov.createCommittee(
      { compoundId: p.id, kind: "owners_committee", status: "elected", electedOn: addDays(today, -40) },
      [],
    );
    const q = await registryRepository(t.db).createCompound({
      communityId: world.inside.communityId,
      code: `ALERT2-${Date.now()}`,
      name: "换届小区",
      type: "old",
      households: 60,
    });
    const { committee: ending } = await gov.createCommittee(
      {
        compoundId: q.id,
        kind: "owners_committee",
        status: "filed",
        electedOn: addYears(today, -5),
        filedOn: addDays(addYears(today, -5), 10),
        termStart: addDays(addYears(today, -5), 10),
        termEnd: addMonths(today, 2),
      },
      [],
    );
    const staff = await world.caller("community_staff");
    const alerts = await staff.committees.alerts({
      scopeLevel: "community",
      scopeId: world.inside.communityId,
    });
    const lateAlerts = alerts.items.find((i) => i.committee.id === late.id)!.alerts;
    expect(lateAlerts.map((a) => [a.code, a.severity, a.dueDate])).toEqual([
      ["filing_overdue", "overdue", addDays(today, -10)],
    ]);
    expect(lateAlerts[0]!.article).toContain("Art. 39");
    const codes = alerts.items.find((i) => i.committee.id === ending.id)!.alerts.map((a) => a.code);
    expect(codes).toContain("term_ending");
    expect(codes).toContain("handover_group_overdue");
    // Outside staff cannot read the inside's alerts.
    const outside = await (await world.caller("community_staff")).committees
      .alerts({ scopeLevel: "community", scopeId: world.outside.communityId })
      .catch((x: TRPCError) => x.code);
    expect(outside).toBe("FORBIDDEN");
  });

  it("elections, filings and dissolutions are recorded on their day or later, never ahead of it", async () => {
    const now = new Date("2031-07-01T02:00:00Z"); // 2031-07-01 in Beijing
    const community = (await callerFor(t.db, world.users.community_staff.id, { now: () => now })).caller;
    const before = await rowCounts(t.db);
    await expect(
      community.committees.create({
        compoundId: world.inside.compoundId,
        kind: "owners_committee",
        electedOn: "2031-07-02",
        termStart: "2031-07-02",
        termEnd: "2036-07-01",
        partyOrg: "attached",
        members: [member("甲", "chair"), member("乙", "vice_chair"), member("丙", "member")],
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", messageKey: "error.date.date_in_future" });
    expect(await rowCounts(t.db)).toBe(before);
    const created = await community.committees.create({
      compoundId: world.inside.compoundId,
      kind: "owners_committee",
      electedOn: null,
      termStart: "2031-07-01",
      termEnd: "2036-06-30",
      partyOrg: "attached",
      members: [member("甲", "chair"), member("乙", "vice_chair"), member("丙", "member")],
    });
    const after = await rowCounts(t.db);
    await expect(
      community.committees.transition({ committeeId: created.id, to: "elected", on: "2031-07-02" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", messageKey: "error.date.date_in_future" });
    expect(await rowCounts(t.db)).toBe(after);
    // Today is allowed.
    expect(
      (await community.committees.transition({ committeeId: created.id, to: "elected", on: "2031-07-01" }))
        .status,
    ).toBe("elected");
  });
});
