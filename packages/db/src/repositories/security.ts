import { and, asc, eq, isNull, lt, sql } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { authThrottles, householdCodes, rateLimitBuckets } from "../schema/index.ts";

/** Persistence for sign-in throttling, rate limits and household codes (policy lives in @gongzhi/api). */
export function securityRepository(db: Executor) {
  return {
    getThrottle: async (key: string) =>
      (await db.select().from(authThrottles).where(eq(authThrottles.key, key)))[0] ?? null,

    /** Count one failure atomically; returns the new state. */
    recordFailure: async (key: string, now: Date, lockedUntil: (failures: number) => Date | null) => {
      const [row] = await db
        .insert(authThrottles)
        .values({ key, failures: 1, lastFailureAt: now })
        .onConflictDoUpdate({
          target: authThrottles.key,
          set: { failures: sql`${authThrottles.failures} + 1`, lastFailureAt: now },
        })
        .returning();
      const until = lockedUntil(row!.failures);
      if (until) await db.update(authThrottles).set({ lockedUntil: until }).where(eq(authThrottles.key, key));
      return { ...row!, lockedUntil: until };
    },

    resetThrottle: async (key: string) => {
      await db.delete(authThrottles).where(eq(authThrottles.key, key));
    },

    /** Add one hit to the fixed window that starts at `windowStart`; returns the count after it. */
    hit: async (key: string, windowStart: Date) =>
      (
        await db
          .insert(rateLimitBuckets)
          .values({ key, windowStart, count: 1 })
          .onConflictDoUpdate({
            target: [rateLimitBuckets.key, rateLimitBuckets.windowStart],
            set: { count: sql`${rateLimitBuckets.count} + 1` },
          })
          .returning({ count: rateLimitBuckets.count })
      )[0]!.count,

    /** Forget windows that ended before `before`. */
    pruneRateLimits: async (before: Date) => {
      await db.delete(rateLimitBuckets).where(lt(rateLimitBuckets.windowStart, before));
    },

    createHouseholdCodes: (rows: (typeof householdCodes.$inferInsert)[]) =>
      rows.length ? db.insert(householdCodes).values(rows).returning() : Promise.resolve([]),

    findHouseholdCode: async (codeHash: string) =>
      (await db.select().from(householdCodes).where(eq(householdCodes.codeHash, codeHash)))[0] ?? null,

    /** Mark a code used, only if it is still unused, unrevoked and unexpired (atomic: a race uses it once). */
    useHouseholdCode: async (id: string, userId: string, now: Date) =>
      (
        await db
          .update(householdCodes)
          .set({ usedBy: userId, usedAt: now })
          .where(
            and(
              eq(householdCodes.id, id),
              isNull(householdCodes.usedAt),
              isNull(householdCodes.revokedAt),
              sql`${householdCodes.expiresAt} > ${now}`,
            ),
          )
          .returning()
      )[0] ?? null,

    revokeHouseholdCode: async (id: string, now: Date) =>
      (
        await db
          .update(householdCodes)
          .set({ revokedAt: now })
          .where(
            and(eq(householdCodes.id, id), isNull(householdCodes.usedAt), isNull(householdCodes.revokedAt)),
          )
          .returning()
      )[0] ?? null,

    householdCodesOfUnit: (unitId: string) =>
      db
        .select()
        .from(householdCodes)
        .where(eq(householdCodes.unitId, unitId))
        .orderBy(asc(householdCodes.createdAt)),
  };
}
