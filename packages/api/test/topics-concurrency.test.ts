/**
 * Races on PostgreSQL (PGlite is one connection): 500 distinct residents supporting one topic at once
 * give exactly 500 supports and support_count = 500, with exactly one automatic move to screening; 50
 * concurrent supports by the same resident leave exactly one.
 */
import { accountsRepository, auditRepository, hashPassword, topicsRepository } from "@gongzhi/db";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, openTestDatabase, type TestDatabase, uniquePhone } from "./support.ts";
import { buildWorld, type World } from "./world.ts";

const onPostgres = process.env.GONGZHI_TEST_DRIVER === "postgres";
let t: TestDatabase;
let world: World;
beforeAll(async () => {
  if (!onPostgres) return;
  t = await openTestDatabase();
  world = await buildWorld(t.db); // support threshold 2
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function collectingTopic(title: string) {
  return topicsRepository(t.db).create({
    communityId: world.inside.communityId,
    compoundId: null,
    authorId: world.users.community_staff.id,
    title,
    body: "并发附议测试用的议题。",
    category: "other",
    status: "collecting",
  });
}

describe(`topic supports under concurrency (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it.skipIf(!onPostgres)(
    "500 concurrent supports by 500 users give exactly 500 supports and support_count = 500",
    async () => {
      const topic = await collectingTopic("五百人同时附议");
      const accounts = accountsRepository(t.db);
      const passwordHash = await hashPassword("correct-horse-battery");
      const users = [];
      for (let i = 0; i < 500; i++) {
        const u = await accounts.createUser({ phone: uniquePhone(), passwordHash, displayName: `居民${i}` });
        await accounts.assign({
          userId: u.id,
          role: "resident",
          scopeKind: "community",
          scopeId: world.inside.communityId,
        });
        users.push(u);
      }
      const callers = [];
      for (const u of users) callers.push((await callerFor(t.db, u.id)).caller);
      const results = await Promise.allSettled(callers.map((c) => c.topics.support({ topicId: topic.id })));
      const failures = results.filter((r) => r.status === "rejected");
      expect(failures.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);
      const counts = results.map(
        (r) => (r as PromiseFulfilledResult<{ supportCount: number }>).value.supportCount,
      );
      expect(new Set(counts).size).toBe(500); // each saw a distinct count: 1…500
      const after = (await topicsRepository(t.db).get(topic.id))!;
      expect(after.supportCount).toBe(500);
      expect(await topicsRepository(t.db).countSupports(topic.id)).toBe(500);
      expect(after.status).toBe("awaiting_screening");
      const history = await topicsRepository(t.db).history(topic.id);
      expect(history.filter((h) => h.to === "awaiting_screening")).toHaveLength(1);
      // Every support and the one status change are audited (walk all pages of the audit log).
      const actions: string[] = [];
      let cursor: number | null = null;
      do {
        const page: Awaited<ReturnType<ReturnType<typeof auditRepository>["query"]>> = await auditRepository(
          t.db,
        ).query({ entityType: "topic", entityId: topic.id, limit: 100, cursor });
        actions.push(...page.items.map((a) => a.action));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(actions.filter((a) => a === "topic.support")).toHaveLength(500);
      expect(actions.filter((a) => a === "topic.status.awaiting_screening")).toHaveLength(1);
    },
    300_000,
  );

  it.skipIf(!onPostgres)(
    "50 concurrent supports by the same user leave exactly one",
    async () => {
      const topic = await collectingTopic("同一人并发附议");
      const caller = (await callerFor(t.db, world.users.resident.id)).caller;
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () => caller.topics.support({ topicId: topic.id })),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(rejected).toHaveLength(49);
      for (const r of rejected) {
        expect(r.reason).toBeInstanceOf(TRPCError);
        expect((r.reason as TRPCError).code).toBe("CONFLICT");
      }
      expect(await topicsRepository(t.db).countSupports(topic.id)).toBe(1);
      expect((await topicsRepository(t.db).get(topic.id))!.supportCount).toBe(1);
      expect((await topicsRepository(t.db).get(topic.id))!.status).toBe("collecting");
    },
    120_000,
  );
});
