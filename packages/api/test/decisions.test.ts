/**
 * Owners' decisions (民法典 Art. 278): the whole flow on an open and on a secret vote, refusals that change
 * nothing, audit rows, and the proof that the secret tally equals core's tally.
 */
import { addDays, tallyOwnersDecision } from "@gongzhi/core";
import { auditRepository, ownershipRepository, registryRepository, votesRepository } from "@gongzhi/db";
import { ballotChoices, ballotParticipations } from "@gongzhi/db/schema";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, makeUser, openTestDatabase, type TestDatabase } from "./support.ts";
import { DAY, voteFixture } from "./vote-fixture.ts";
import { buildWorld, type World } from "./world.ts";

let t: TestDatabase;
let world: World;
let fx: Awaited<ReturnType<typeof voteFixture>>;
const T0 = new Date(Date.now() - 20 * DAY);
const bj = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const noticed = bj(T0);
const at = (days: number) => new Date(T0.getTime() + days * DAY);

beforeAll(async () => {
  t = await openTestDatabase();
  world = await buildWorld(t.db);
  fx = await voteFixture(world);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    if (e instanceof TRPCError) return e.code;
    throw e;
  }
}
const auditOf = async (entityId: string) =>
  (await auditRepository(t.db).query({ entityId, limit: 100 })).items.reverse();
const auditCount = async (entityId: string) => (await auditOf(entityId)).length;
const lastAuditId = async () => (await auditRepository(t.db).query({ limit: 1 })).items[0]?.id ?? 0;

async function createAndOpen(secret: boolean, item = 6) {
  const organiser = (await callerFor(t.db, world.users.committee_member.id, { now: () => T0 })).caller;
  const d = await organiser.decisions.create({
    compoundId: world.inside.compoundId,
    title: secret ? "秘密表决：筹集维修资金" : "公开表决：筹集维修资金",
    art278Item: item,
    opensAt: at(16).toISOString(),
    closesAt: at(18).toISOString(),
    secret,
  });
  await organiser.decisions.notice({ id: d.id, noticedOn: noticed });
  const opener = (await callerFor(t.db, world.users.community_staff.id, { now: () => at(16) })).caller;
  await opener.decisions.open({ id: d.id });
  return d;
}

describe(`owners' decisions (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("derives the matter from the Art. 278 item and refuses early opening and short notice, changing nothing", async () => {
    const organiser = (await callerFor(t.db, world.users.committee_member.id, { now: () => T0 })).caller;
    const d = await organiser.decisions.create({
      compoundId: world.inside.compoundId,
      title: "改建电梯",
      art278Item: 7,
      opensAt: at(16).toISOString(),
      closesAt: at(18).toISOString(),
      // a client trying to choose the matter is ignored: it follows from the item
      ...({ matter: "ordinary" } as object),
    });
    expect(d.matter).toBe("special");
    expect(d.status).toBe("draft");
    const auditsBefore = await auditCount(d.id);
    // 条例 Art. 35: notice only 10 days before opening
    expect(
      await codeOf(
        organiser.decisions.notice({ id: d.id, noticedOn: noticed, opensAt: at(10).toISOString() }),
      ),
    ).toBe("CONFLICT");
    expect((await votesRepository(t.db).getDecision(d.id))!.status).toBe("draft");
    expect(await auditCount(d.id)).toBe(auditsBefore);
    await organiser.decisions.notice({ id: d.id, noticedOn: noticed });
    // opening 5 days after notice is refused
    const early = (await callerFor(t.db, world.users.community_staff.id, { now: () => at(5) })).caller;
    expect(await codeOf(early.decisions.open({ id: d.id }))).toBe("CONFLICT");
    expect((await votesRepository(t.db).getDecision(d.id))!.status).toBe("noticed");
    // casting before it opens is refused
    const a = await fx.as(fx.owners.A.userId, at(17));
    expect(
      await codeOf(
        a.decisions.castBallot({ decisionId: d.id, unitId: fx.owners.A.unitIds[0]!, choice: "for" }),
      ),
    ).toBe("CONFLICT");
    expect((await votesRepository(t.db).ballotCount(d.id)).open).toBe(0);
    // a district staff member is not an organiser (core's table); a resident is forbidden outright
    const resident = await world.caller("resident");
    expect(await codeOf(resident.decisions.cancel({ id: d.id }))).toBe("FORBIDDEN");
  });

  it("runs an open vote: cast and change per owner key, live progress, close + tally once, publish", async () => {
    const d = await createAndOpen(false);
    const a = await fx.as(fx.owners.A.userId, at(17));
    const b = await fx.as(fx.owners.B.userId, at(17));
    await a.decisions.castBallot({ decisionId: d.id, unitId: fx.owners.A.unitIds[0]!, choice: "for" });
    await b.decisions.castBallot({ decisionId: d.id, unitId: fx.owners.B.unitIds[0]!, choice: "against" });
    // B changes through its other unit: still one ballot for the key
    const changed = await b.decisions.castBallot({
      decisionId: d.id,
      unitId: fx.owners.B.unitIds[1]!,
      choice: "for",
    });
    expect(changed.changed).toBe(true);
    expect((await votesRepository(t.db).ballotCount(d.id)).open).toBe(2);
    const mine = await b.decisions.myBallot({ decisionId: d.id, unitId: fx.owners.B.unitIds[0]! });
    expect(mine).toMatchObject({ voted: true, choice: "for", areaCentiM2: 10_000 });
    expect(mine.units).toHaveLength(2);
    // A cannot vote with B's unit (unit scope), nor a unit it does not hold
    expect(
      await codeOf(
        a.decisions.castBallot({ decisionId: d.id, unitId: fx.owners.B.unitIds[0]!, choice: "against" }),
      ),
    ).toBe("FORBIDDEN");

    const anon = await world.caller("anonymous");
    const live = await anon.decisions.get({ id: d.id });
    expect(live.progress).not.toBeNull();
    // roll: world's unit (9000, key P0) + A 10000 + B 10000 + C 3000 → 4 keys
    expect(live.progress!.eligible).toEqual({ areaCentiM2: 32_000, headcount: 4 });
    expect(live.progress!.participated).toEqual({ areaCentiM2: 20_000, headcount: 2 });
    expect(live.progress!.required.headcount).toBe(3);
    expect(live.results).toBeNull();
    expect(live.explanation.approval).toMatchObject({ numerator: 3, denominator: 4, inclusive: true });

    const closer = (await callerFor(t.db, world.users.subdistrict_staff.id, { now: () => at(20) })).caller;
    const closed = await closer.decisions.close({ id: d.id });
    const roll = await ownershipRepository(t.db).votingRoll(world.inside.compoundId);
    const expected = tallyOwnersDecision({
      matter: "special",
      units: roll,
      ballots: [
        { ownerKey: fx.owners.A.partyId, choice: "for" },
        { ownerKey: fx.owners.B.partyId, choice: "for" },
      ],
    });
    expect(closed.tally).toEqual(expected);
    expect(closed.status).toBe("tallied");
    // 2 of 4 owners: quorum by headcount not met (< 2/3)
    expect(closed.tally.quorumByHeadcount).toBe(false);
    expect(await codeOf(closer.decisions.close({ id: d.id }))).toBe("CONFLICT");
    expect(
      await codeOf(
        a.decisions.castBallot({ decisionId: d.id, unitId: fx.owners.A.unitIds[0]!, choice: "against" }),
      ),
    ).toBe("CONFLICT");
    expect((await anon.decisions.get({ id: d.id })).results).toBeNull();
    const published = await closer.decisions.publish({ id: d.id });
    // Owners are told in-app that the vote opened and that its result is published.
    const inbox = (await a.notifications.list({ limit: 50 })).items.filter(
      (n) => n.link === `/votes/${d.id}`,
    );
    // …and of the ballot cast for their unit (never its choice).
    expect(inbox.map((n) => n.kind).sort()).toEqual(["ballot_cast", "result_published", "vote_opened"]);
    expect(published.publication).toMatchObject({ dueDate: addDays(bj(at(20)), 3), overdue: false });
    expect((await anon.decisions.get({ id: d.id })).results).toEqual(expected);
    const actions = (await auditOf(d.id)).map((r) => r.action);
    expect(actions).toEqual([
      "decision.create",
      "decision.notice",
      "decision.open",
      "ballot.cast",
      "ballot.cast",
      "ballot.change",
      "decision.close",
      "decision.published",
    ]);
    const list = await anon.decisions.list({ compoundId: world.inside.compoundId, limit: 1 });
    expect(list.items).toHaveLength(1);
    expect(list.nextCursor).not.toBeNull();
    // A draft is listed for its organisers only, never for the public.
    const organiser = (await callerFor(t.db, world.users.committee_member.id)).caller;
    const draft = await organiser.decisions.create({
      compoundId: world.inside.compoundId,
      title: "草稿：选聘物业",
      art278Item: 4,
      opensAt: at(40).toISOString(),
      closesAt: at(45).toISOString(),
      secret: false,
    });
    const everything = async (c: typeof anon) =>
      (await c.decisions.list({ compoundId: world.inside.compoundId, limit: 100 })).items.map((i) => i.id);
    expect(await everything(anon)).not.toContain(draft.id);
    expect(await everything(organiser)).toContain(draft.id);
  });

  it("keeps a secret vote secret and tallies it exactly as core does", async () => {
    const open = await createAndOpen(false, 4);
    const secret = await createAndOpen(true, 4);
    const a = await fx.as(fx.owners.A.userId, at(17));
    const b = await fx.as(fx.owners.B.userId, at(17));
    const c = await fx.as(fx.owners.C.userId, at(17));
    const receipts: Record<string, string> = {};
    for (const d of [open, secret]) {
      const ra = await a.decisions.castBallot({
        decisionId: d.id,
        unitId: fx.owners.A.unitIds[0]!,
        choice: "against",
      });
      await b.decisions.castBallot({ decisionId: d.id, unitId: fx.owners.B.unitIds[0]!, choice: "for" });
      await c.decisions.castBallot({ decisionId: d.id, unitId: fx.owners.C.unitIds[0]!, choice: "abstain" });
      if (ra.receipt) receipts.A = ra.receipt;
    }
    expect(receipts.A).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // changing a secret ballot needs the receipt; without it nothing changes
    expect(
      await codeOf(
        a.decisions.castBallot({ decisionId: secret.id, unitId: fx.owners.A.unitIds[0]!, choice: "for" }),
      ),
    ).toBe("CONFLICT");
    expect(
      await codeOf(
        a.decisions.castBallot({
          decisionId: secret.id,
          unitId: fx.owners.A.unitIds[0]!,
          choice: "for",
          receipt: "x".repeat(43),
        }),
      ),
    ).toBe("FORBIDDEN");
    for (const d of [open, secret])
      await a.decisions.castBallot({
        decisionId: d.id,
        unitId: fx.owners.A.unitIds[0]!,
        choice: "for",
        ...(d.secret ? { receipt: receipts.A } : {}),
      });
    const counts = await votesRepository(t.db).ballotCount(secret.id);
    expect(counts).toEqual({ open: 0, participations: 3, choices: 3 });
    // nothing about a secret vote's progress until it closes; my ballot shows the choice only with the receipt
    const anon = await world.caller("anonymous");
    expect((await anon.decisions.get({ id: secret.id })).progress).toBeNull();
    expect(
      await a.decisions.myBallot({ decisionId: secret.id, unitId: fx.owners.A.unitIds[0]! }),
    ).toMatchObject({
      voted: true,
      choice: null,
    });
    expect(
      (
        await a.decisions.myBallot({
          decisionId: secret.id,
          unitId: fx.owners.A.unitIds[0]!,
          receipt: receipts.A,
        })
      ).choice,
    ).toBe("for");
    // the who-voted table holds no choice and no pointer to a choice; the choices hold no voter
    const pCols = Object.keys((await t.db.select().from(ballotParticipations).limit(1))[0]!);
    const cCols = Object.keys((await t.db.select().from(ballotChoices).limit(1))[0]!);
    expect(pCols.sort()).toEqual(["castAt", "castBy", "decisionId", "id", "ownerKey"]);
    expect(cCols.sort()).toEqual(["areaCentiM2", "choice", "decisionId", "headcount", "id", "locator"]);
    // the audit trail of a secret ballot records that the key voted, never the choice
    const secretAudit = await auditOf(secret.id);
    for (const e of secretAudit.filter((r) => r.action.startsWith("ballot.")))
      expect(JSON.stringify(e.after)).not.toMatch(/for|against|abstain/);

    const closer = (await callerFor(t.db, world.users.community_staff.id, { now: () => at(20) })).caller;
    const openTally = (await closer.decisions.close({ id: open.id })).tally;
    const secretTally = (await closer.decisions.close({ id: secret.id })).tally;
    const coreTally = tallyOwnersDecision({
      matter: "ordinary",
      units: await ownershipRepository(t.db).votingRoll(world.inside.compoundId),
      ballots: [
        { ownerKey: fx.owners.A.partyId, choice: "for" },
        { ownerKey: fx.owners.B.partyId, choice: "for" },
        { ownerKey: fx.owners.C.partyId, choice: "abstain" },
      ],
    });
    expect(secretTally).toEqual(coreTally);
    expect(secretTally).toEqual(openTally);
    expect(secretTally.passed).toBe(true);
    // results stay hidden until published
    expect((await anon.decisions.get({ id: secret.id })).results).toBeNull();
  });

  it("refuses a meeting decision of another community and unknown ids, changing nothing", async () => {
    const organiser = (await callerFor(t.db, world.users.community_staff.id, { now: () => T0 })).caller;
    const before = await lastAuditId();
    expect(
      await codeOf(
        organiser.decisions.create({
          compoundId: world.inside.compoundId,
          meetingDecisionId: "00000000-0000-4000-8000-000000000000",
          title: "选举业委会",
          art278Item: 4,
          opensAt: at(16).toISOString(),
          closesAt: at(18).toISOString(),
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(await codeOf(organiser.decisions.open({ id: "00000000-0000-4000-8000-000000000000" }))).toBe(
      "NOT_FOUND",
    );
    expect(await lastAuditId()).toBe(before);
    void registryRepository;
    void makeUser;
  });
});
