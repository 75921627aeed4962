/**
 * The statutory vote as a legal record (民法典 Art. 278; 北京市物业管理条例 Art. 35, 37): its dates are
 * real (checked against the clock, which the tests move), nobody votes in an owner's place, a ballot is
 * changed only as the compound's rules allow, every owner hears of every ballot cast for their unit, the
 * audit log does not leak the running result, and drafts are not public. Every refusal changes nothing.
 */
import { beijingDate } from "@gongzhi/core";
import { auditRepository, ownershipRepository, votesRepository } from "@gongzhi/db";
import { rowCounts } from "@gongzhi/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, makeUser, openTestDatabase, type TestDatabase } from "./support.ts";
import { DAY, voteFixture } from "./vote-fixture.ts";
import { buildWorld, type World } from "./world.ts";

let t: TestDatabase;
let world: World;
let fx: Awaited<ReturnType<typeof voteFixture>>;
/** The tests' own "now": a fixed instant in the future of the real clock, moved by `at`. */
const T0 = new Date(Date.UTC(2031, 2, 1, 2, 0, 0)); // 2031-03-01 10:00 in Beijing
const at = (days: number, ms = 0) => new Date(T0.getTime() + days * DAY + ms);

beforeAll(async () => {
  t = await openTestDatabase();
  world = await buildWorld(t.db);
  fx = await voteFixture(world);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function refusal(p: Promise<unknown>): Promise<{ code: string; key: string | undefined }> {
  try {
    await p;
    return { code: "OK", key: undefined };
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    return { code: e.code, key: (e as TRPCError & { messageKey?: string }).messageKey };
  }
}
/** Rows of a raw query on either driver (PGlite answers { rows }, postgres.js an array). */
const rowsOf = <T>(result: unknown): T[] =>
  Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
const as = async (userId: string, now: Date) => (await callerFor(t.db, userId, { now: () => now })).caller;
const organiserAt = (now: Date) => as(world.users.committee_member.id, now);

/** A vote created and noticed on day 0, opening on day 16 at 10:00, closing on day 20 at 10:00. */
async function noticedVote(title: string, secret = false) {
  const organiser = await organiserAt(T0);
  const d = await organiser.decisions.create({
    compoundId: world.inside.compoundId,
    title,
    art278Item: 4,
    opensAt: at(16).toISOString(),
    closesAt: at(20).toISOString(),
    secret,
  });
  await organiser.decisions.notice({ id: d.id, noticedOn: beijingDate(T0) });
  return d;
}
async function openVote(title: string, secret = false) {
  const d = await noticedVote(title, secret);
  await (await organiserAt(at(16))).decisions.open({ id: d.id });
  return d;
}
/** Every owner key of the inside compound: the world's owner (P0) and the fixture's A, B, C. */
const everyone = () => [
  { userId: world.users.verified_owner.id, unitId: world.inside.unitId },
  { userId: fx.owners.A.userId, unitId: fx.owners.A.unitIds[0]! },
  { userId: fx.owners.B.userId, unitId: fx.owners.B.unitIds[0]! },
  { userId: fx.owners.C.userId, unitId: fx.owners.C.unitIds[0]! },
];

describe(`the vote's dates are real (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("a notice is dated today or later, never before the day it is recorded", async () => {
    const organiser = await organiserAt(T0);
    const d = await organiser.decisions.create({
      compoundId: world.inside.compoundId,
      title: "公告日期不能倒签",
      art278Item: 4,
      opensAt: at(16).toISOString(),
      closesAt: at(20).toISOString(),
    });
    const before = await rowCounts(t.db);
    // Yesterday's date would meet the 15-day rule "on paper" for an earlier opening: refused.
    const backdated = await refusal(
      organiser.decisions.notice({ id: d.id, noticedOn: beijingDate(at(-1)), opensAt: at(14).toISOString() }),
    );
    expect(backdated).toEqual({ code: "BAD_REQUEST", key: "error.decision.notice_backdated" });
    expect(await rowCounts(t.db)).toBe(before);
    expect((await votesRepository(t.db).getDecision(d.id))!.status).toBe("draft");
    // Today is the boundary that holds.
    const ok = await organiser.decisions.notice({ id: d.id, noticedOn: beijingDate(T0) });
    expect(ok.status).toBe("noticed");
  });

  it("a vote is created and re-planned only with a window that has not begun", async () => {
    const organiser = await organiserAt(T0);
    const before = await rowCounts(t.db);
    expect(
      await refusal(
        organiser.decisions.create({
          compoundId: world.inside.compoundId,
          title: "过去的表决期",
          art278Item: 4,
          opensAt: at(-2).toISOString(),
          closesAt: at(5).toISOString(),
        }),
      ),
    ).toEqual({ code: "BAD_REQUEST", key: "error.decision.window_in_past" });
    expect(await rowCounts(t.db)).toBe(before);
  });

  it("voting opens at its announced opening, not a millisecond earlier, and not after its close", async () => {
    const d = await noticedVote("按时开始表决");
    const before = await rowCounts(t.db);
    // 16 days of notice have passed (the day is right) but the announced hour has not come.
    expect(await refusal((await organiserAt(at(16, -1))).decisions.open({ id: d.id }))).toEqual({
      code: "CONFLICT",
      key: "error.decision.not_yet_open",
    });
    expect(await rowCounts(t.db)).toBe(before);
    const late = await noticedVote("过期未开始的表决");
    expect(await refusal((await organiserAt(at(20))).decisions.open({ id: late.id }))).toEqual({
      code: "CONFLICT",
      key: "error.decision.period_over",
    });
    expect((await (await organiserAt(at(16))).decisions.open({ id: d.id })).status).toBe("open");
  });

  it("ballots count only inside the announced period", async () => {
    const d = await openVote("期外投票");
    const a = (when: Date) => as(fx.owners.A.userId, when);
    const cast = async (when: Date) =>
      refusal(
        (await a(when)).decisions.castBallot({
          decisionId: d.id,
          unitId: fx.owners.A.unitIds[0]!,
          choice: "for",
        }),
      );
    const before = await rowCounts(t.db);
    expect(await cast(at(16, -1))).toEqual({ code: "CONFLICT", key: "error.ballot.outside_period" });
    expect(await cast(at(20))).toEqual({ code: "CONFLICT", key: "error.ballot.outside_period" });
    expect(await rowCounts(t.db)).toBe(before);
    expect((await cast(at(20, -1))).code).toBe("OK");
  });

  it("closes at the announced close; earlier only when every owner has voted, and the reason is kept", async () => {
    const d = await openVote("提前结束需全员投票");
    await (await as(fx.owners.A.userId, at(17))).decisions.castBallot({
      decisionId: d.id,
      unitId: fx.owners.A.unitIds[0]!,
      choice: "for",
    });
    const before = await rowCounts(t.db);
    const auditBefore = (await auditRepository(t.db).query({ entityId: d.id, limit: 100 })).items.length;
    // A week — or a millisecond — before the announced close, with owners still to vote: refused.
    for (const when of [at(18), at(20, -1)])
      expect(await refusal((await organiserAt(when)).decisions.close({ id: d.id }))).toEqual({
        code: "CONFLICT",
        key: "error.decision.not_yet_closable",
      });
    expect(await rowCounts(t.db)).toBe(before);
    expect((await auditRepository(t.db).query({ entityId: d.id, limit: 100 })).items).toHaveLength(
      auditBefore,
    );
    expect((await votesRepository(t.db).getDecision(d.id))!.status).toBe("open");
    const closed = await (await organiserAt(at(20))).decisions.close({ id: d.id });
    expect(closed).toMatchObject({ status: "tallied", closeReason: "period_ended" });

    const early = await openVote("全员投票后提前结束");
    for (const o of everyone())
      await (await as(o.userId, at(17))).decisions.castBallot({
        decisionId: early.id,
        unitId: o.unitId,
        choice: "for",
      });
    const done = await (await organiserAt(at(18))).decisions.close({ id: early.id });
    expect(done).toMatchObject({ status: "tallied", closeReason: "all_owners_voted" });
    expect(done.closedAt).toEqual(at(18));
    const audit = (await auditRepository(t.db).query({ entityId: early.id, limit: 100 })).items.find(
      (a) => a.action === "decision.close",
    );
    expect(audit?.after).toMatchObject({ closeReason: "all_owners_voted" });
  });

  it("results are published no earlier than the close", async () => {
    const d = await openVote("公示不早于结束");
    await (await organiserAt(at(20))).decisions.close({ id: d.id });
    const before = await rowCounts(t.db);
    expect((await refusal((await organiserAt(at(20, -1))).decisions.publish({ id: d.id }))).code).toBe(
      "CONFLICT",
    );
    expect(await rowCounts(t.db)).toBe(before);
    expect((await (await organiserAt(at(20))).decisions.publish({ id: d.id })).status).toBe("published");
  });
});

describe(`nobody votes in an owner's place (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  /** A second person (a co-owner, or an impostor) linked to A's owner key by a staff verification. */
  async function coOwnerOfA() {
    const d = await makeUser(t.db);
    const staff = await world.caller("community_staff");
    await staff.households.verifyOwner({
      unitId: fx.owners.A.unitIds[0]!,
      userId: d.id,
      document: { kind: "purchase_contract", reference: `YQ-2031-${d.id.slice(0, 6)}` },
    });
    return d.id;
  }
  /** Rules change only between votes: close whatever earlier tests left open (at their announced close). */
  const setRule = async (rule: "caster_only" | "representative" | "any_co_owner") => {
    const open = rowsOf<{ id: string; closes_at: string | Date }>(
      await t.db.execute("select id, closes_at from owners_decisions where status = 'open'"),
    );
    for (const d of open) await (await organiserAt(new Date(d.closes_at))).decisions.close({ id: d.id });
    return (await world.caller("community_staff")).households.setBallotRule({
      compoundId: world.inside.compoundId,
      rule,
    });
  };

  it("the verifying staff member gains no vote, and a co-owner cannot overwrite the caster's ballot (caster_only)", async () => {
    const coOwner = await coOwnerOfA();
    const d = await openVote("共有人不能改他人选票");
    const unitId = fx.owners.A.unitIds[0]!;
    const owner = await as(fx.owners.A.userId, at(17));
    await owner.decisions.castBallot({ decisionId: d.id, unitId, choice: "for" });
    const before = await rowCounts(t.db);
    // The staff member who verified the co-owner holds no owner's role for the unit.
    const staff = await as(world.users.community_staff.id, at(17));
    expect(
      (await refusal(staff.decisions.castBallot({ decisionId: d.id, unitId, choice: "against" }))).code,
    ).toBe("FORBIDDEN");
    const other = await as(coOwner, at(17));
    expect(
      await refusal(other.decisions.castBallot({ decisionId: d.id, unitId, choice: "against" })),
    ).toEqual({
      code: "FORBIDDEN",
      key: "error.ballot.cast_by_co_owner",
    });
    expect(await rowCounts(t.db)).toBe(before);
    expect(
      (await votesRepository(t.db).ballotsForTally(d.id)).find((b) => b.ownerKey === fx.owners.A.partyId)
        ?.choice,
    ).toBe("for");
    // The caster may change their own ballot; both people linked to the key are told of each ballot.
    await owner.decisions.castBallot({ decisionId: d.id, unitId, choice: "abstain" });
    for (const userId of [fx.owners.A.userId, coOwner]) {
      const kinds = (await (await as(userId, at(17))).notifications.list({ limit: 100 })).items
        .filter((n) => n.link === `/votes/${d.id}`)
        .map((n) => n.kind);
      expect(kinds.filter((k) => k === "ballot_cast")).toHaveLength(2);
    }
  });

  it("any_co_owner lets a co-owner change the ballot, and the caster is told; representative admits only the designee", async () => {
    const coOwner = await coOwnerOfA();
    const unitId = fx.owners.A.unitIds[0]!;
    await setRule("any_co_owner");
    const d = await openVote("任一共有人可改");
    await (await as(fx.owners.A.userId, at(17))).decisions.castBallot({
      decisionId: d.id,
      unitId,
      choice: "for",
    });
    const changed = await (await as(coOwner, at(17))).decisions.castBallot({
      decisionId: d.id,
      unitId,
      choice: "against",
    });
    expect(changed.changed).toBe(true);
    const told = (
      await (await as(fx.owners.A.userId, at(17))).notifications.list({ limit: 100 })
    ).items.filter((n) => n.link === `/votes/${d.id}`);
    expect(told.map((n) => (n.payload as { messageKey: string }).messageKey)).toContain(
      "notification.ballot_changed",
    );
    // Representative: nobody speaks for a key held by several people until one is designated.
    await (await organiserAt(at(20))).decisions.close({ id: d.id });
    await setRule("representative");
    const personId = rowsOf<{ id: string }>(
      await t.db.execute(
        `select id from owner_persons where party_id = '${fx.owners.A.partyId}' and user_id = '${coOwner}'`,
      ),
    )[0]!.id;
    const staff = await world.caller("community_staff");
    await staff.households.designateRepresentative({ unitId, personId, document: "共有人书面推选书" });
    const r = await openVote("共有人代表投票");
    expect(
      await refusal(
        (await as(fx.owners.A.userId, at(17))).decisions.castBallot({
          decisionId: r.id,
          unitId,
          choice: "for",
        }),
      ),
    ).toEqual({ code: "FORBIDDEN", key: "error.ballot.not_representative" });
    expect(
      (await (await as(coOwner, at(17))).decisions.castBallot({ decisionId: r.id, unitId, choice: "for" }))
        .choice,
    ).toBe("for");
    // A key held by one person needs no designation (B votes as before).
    expect(
      (
        await (
          await as(fx.owners.B.userId, at(17))
        ).decisions.castBallot({
          decisionId: r.id,
          unitId: fx.owners.B.unitIds[0]!,
          choice: "for",
        })
      ).choice,
    ).toBe("for");
    await (await organiserAt(at(20))).decisions.close({ id: r.id });
    await setRule("caster_only");
    await staff.households.designateRepresentative({ unitId, personId: null, document: "撤销推选" });
  });
});

describe(`the audit log does not leak a running vote (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("ballot audit rows name the owner key and the caster, never the choice", async () => {
    const d = await openVote("审计不泄露计票");
    await (await as(fx.owners.C.userId, at(17))).decisions.castBallot({
      decisionId: d.id,
      unitId: fx.owners.C.unitIds[0]!,
      choice: "against",
    });
    await (await as(fx.owners.C.userId, at(17))).decisions.castBallot({
      decisionId: d.id,
      unitId: fx.owners.C.unitIds[0]!,
      choice: "abstain",
    });
    const district = await as(world.users.district_staff.id, at(17));
    const rows = (
      await district.audit.query({ districtId: world.inside.districtId, entityId: d.id, limit: 100 })
    ).items.filter((r) => r.action.startsWith("ballot."));
    expect(rows.map((r) => r.action).sort()).toEqual(["ballot.cast", "ballot.change"]);
    for (const r of rows) {
      expect(JSON.stringify([r.before, r.after])).not.toMatch(/"(for|against|abstain)"/);
      expect(r.after).toMatchObject({ ownerKey: fx.owners.C.partyId, castBy: fx.owners.C.userId });
    }
    void ownershipRepository;
  });
});

describe(`draft votes are not public (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("decisions.get answers NOT_FOUND for a draft or cancelled vote to anyone who does not organise it", async () => {
    const organiser = await organiserAt(T0);
    const draft = await organiser.decisions.create({
      compoundId: world.inside.compoundId,
      title: "未公告的草稿",
      art278Item: 4,
      opensAt: at(30).toISOString(),
      closesAt: at(35).toISOString(),
    });
    const cancelled = await organiser.decisions.create({
      compoundId: world.inside.compoundId,
      title: "已取消的草稿",
      art278Item: 4,
      opensAt: at(30).toISOString(),
      closesAt: at(35).toISOString(),
    });
    await organiser.decisions.cancel({ id: cancelled.id });
    for (const id of [draft.id, cancelled.id]) {
      for (const who of ["anonymous", "resident", "verified_owner"] as const)
        expect((await refusal((await world.caller(who)).decisions.get({ id }))).code).toBe("NOT_FOUND");
      // Staff of another community neither.
      const outsiderUser = await makeUser(t.db, [
        { role: "community_staff", scopeKind: "community", scopeId: world.outside.communityId },
      ]);
      const outsider = (await callerFor(t.db, outsiderUser.id)).caller;
      expect((await refusal(outsider.decisions.get({ id }))).code).toBe("NOT_FOUND");
      expect((await organiser.decisions.get({ id })).id).toBe(id);
    }
  });
});
