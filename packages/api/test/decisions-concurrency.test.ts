/**
 * Concurrency on PostgreSQL (issue 4): 200 concurrent ballot casts by one owner leave exactly one ballot
 * (open and secret votes); two staff closing the same vote at once tally once.
 */
import { auditRepository, ownershipRepository, registryRepository, votesRepository } from "@gongzhi/db";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, makeUser, openTestDatabase, type TestDatabase } from "./support.ts";
import { DAY, voteFixture } from "./vote-fixture.ts";
import { buildWorld, type World } from "./world.ts";

const pg = process.env.GONGZHI_TEST_DRIVER === "postgres";
let t: TestDatabase;
let world: World;
let fx: Awaited<ReturnType<typeof voteFixture>>;

beforeAll(async () => {
  if (!pg) return;
  t = await openTestDatabase();
  world = await buildWorld(t.db);
  fx = await voteFixture(world);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function openDecision(secret: boolean) {
  return votesRepository(t.db).createDecision({
    compoundId: world.inside.compoundId,
    title: secret ? "并发秘密表决" : "并发公开表决",
    matter: "ordinary",
    art278Item: 4,
    secret,
    status: "open",
    noticedOn: "2024-01-01",
    opensAt: new Date(Date.now() - 2 * DAY),
    closesAt: new Date(Date.now() + 2 * DAY),
  });
}

describe("owners' decisions under concurrency (postgres)", () => {
  for (const secret of [false, true]) {
    it.skipIf(!pg)(
      `200 concurrent casts by one owner leave exactly one ballot (${secret ? "secret" : "open"})`,
      async () => {
        const d = await openDecision(secret);
        const a = await fx.as(fx.owners.A.userId);
        const choices = ["for", "against", "abstain"] as const;
        const results = await Promise.allSettled(
          Array.from({ length: 200 }, (_, i) =>
            a.decisions.castBallot({
              decisionId: d.id,
              unitId: fx.owners.A.unitIds[0]!,
              choice: choices[i % 3]!,
            }),
          ),
        );
        const internal = results.filter(
          (r) =>
            r.status === "rejected" &&
            (!(r.reason instanceof TRPCError) || r.reason.code === "INTERNAL_SERVER_ERROR"),
        );
        expect(internal).toEqual([]);
        const counts = await votesRepository(t.db).ballotCount(d.id);
        if (secret) {
          expect(counts).toEqual({ open: 0, participations: 1, choices: 1 });
          // exactly one cast got a receipt; every other cast was refused for lack of it
          expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        } else {
          expect(counts).toEqual({ open: 1, participations: 0, choices: 0 });
          expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(200);
          const ballots = await votesRepository(t.db).ballotsForTally(d.id);
          expect(ballots).toHaveLength(1);
        }
        // one audit entry per successful cast, in the same transactions
        const audits = (await auditRepository(t.db).query({ entityId: d.id, limit: 100 })).items;
        expect(audits.length).toBe(Math.min(100, results.filter((r) => r.status === "fulfilled").length));
      },
      120_000,
    );
  }

  it.skipIf(!pg)(
    "two co-owners casting at once: one ballot, cast by one of them; the other is refused, never overwrites (caster_only)",
    async () => {
      const d = await openDecision(false);
      const coOwner = await makeUser(t.db);
      const staff = await world.caller("community_staff");
      await staff.households.verifyOwner({
        unitId: fx.owners.A.unitIds[0]!,
        userId: coOwner.id,
        document: { kind: "property_certificate", reference: "京(2024)延庆区不动产权第0000042号" },
      });
      const a = await fx.as(fx.owners.A.userId);
      const b = await fx.as(coOwner.id);
      const results = await Promise.allSettled(
        Array.from({ length: 60 }, (_, i) =>
          (i % 2 ? a : b).decisions
            .castBallot({
              decisionId: d.id,
              unitId: fx.owners.A.unitIds[0]!,
              choice: i % 2 ? "for" : "against",
            })
            .then(() => (i % 2 ? "A" : "B")),
        ),
      );
      const winners = new Set(results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : [])));
      expect(winners.size).toBe(1);
      for (const r of results)
        if (r.status === "rejected")
          expect((r.reason as TRPCError & { messageKey?: string }).messageKey).toBe(
            "error.ballot.cast_by_co_owner",
          );
      const ballots = await votesRepository(t.db).ballotsForTally(d.id);
      expect(ballots).toHaveLength(1);
      expect(ballots[0]!.choice).toBe(winners.has("A") ? "for" : "against");
    },
    120_000,
  );

  it.skipIf(!pg)(
    "two staff closing the same vote at once tally once",
    async () => {
      const d = await openDecision(false);
      const a = await fx.as(fx.owners.A.userId);
      await a.decisions.castBallot({ decisionId: d.id, unitId: fx.owners.A.unitIds[0]!, choice: "for" });
      // At the announced close (core's rule: not earlier, unless every owner has voted).
      const later = () => new Date(Date.now() + 3 * DAY);
      const s1 = (await callerFor(t.db, world.users.community_staff.id, { now: later })).caller;
      const s2 = (await callerFor(t.db, world.users.subdistrict_staff.id, { now: later })).caller;
      const results = await Promise.allSettled([
        s1.decisions.close({ id: d.id }),
        s2.decisions.close({ id: d.id }),
      ]);
      const ok = results.filter((r) => r.status === "fulfilled");
      const failed = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
      expect(ok).toHaveLength(1);
      expect(failed).toHaveLength(1);
      expect((failed[0]!.reason as TRPCError).code).toBe("CONFLICT");
      const stored = await votesRepository(t.db).getDecision(d.id);
      expect(stored!.status).toBe("tallied");
      expect(stored!.tally).toMatchObject({ participated: { headcount: 1, areaCentiM2: 10_000 } });
      const closes = (await auditRepository(t.db).query({ entityId: d.id, limit: 100 })).items.filter(
        (e) => e.action === "decision.close",
      );
      expect(closes).toHaveLength(1);
    },
    60_000,
  );

  it.skipIf(pg)("runs on PostgreSQL only", () => {
    expect(pg).toBe(false);
    void registryRepository;
    void ownershipRepository;
    void makeUser;
    void callerFor;
  });
});
