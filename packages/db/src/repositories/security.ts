import { and, asc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { householdCodes, units } from "../schema/index.ts";
import { pageSize, toPage } from "./pagination.ts";

/** Persistence for household codes (throttling and rate limits: the `rate_limits` table, ADR 0010). */
export function securityRepository(db: Executor) {
  return {
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
              gt(householdCodes.expiresAt, now),
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

    getHouseholdCode: async (id: string) =>
      (await db.select().from(householdCodes).where(eq(householdCodes.id, id)))[0] ?? null,

    /** Revoke every outstanding (unused, unrevoked) code of some units; returns how many. */
    revokeOutstandingHouseholdCodes: async (unitIds: string[], now: Date) =>
      unitIds.length
        ? (
            await db
              .update(householdCodes)
              .set({ revokedAt: now })
              .where(
                and(
                  inArray(householdCodes.unitId, unitIds),
                  isNull(householdCodes.usedAt),
                  isNull(householdCodes.revokedAt),
                ),
              )
              .returning({ id: householdCodes.id })
          ).length
        : 0,

    /** Codes of a building's units (never the code, only its metadata), paginated by unit number then id. */
    async pageHouseholdCodesOfBuilding(input: {
      buildingId: string;
      cursor?: string | null;
      limit?: number;
    }) {
      const limit = pageSize(input.limit);
      const [afterNumber, afterId] = input.cursor ? splitCursor(input.cursor) : [null, null];
      const rows = await db
        .select({
          id: householdCodes.id,
          unitId: householdCodes.unitId,
          unitNumber: units.number,
          createdAt: householdCodes.createdAt,
          expiresAt: householdCodes.expiresAt,
          usedAt: householdCodes.usedAt,
          usedBy: householdCodes.usedBy,
          revokedAt: householdCodes.revokedAt,
        })
        .from(householdCodes)
        .innerJoin(units, eq(units.id, householdCodes.unitId))
        .where(
          and(
            eq(units.buildingId, input.buildingId),
            afterNumber !== null
              ? sql`(${units.number}, ${householdCodes.id}) > (${afterNumber}, ${afterId}::uuid)`
              : undefined,
          ),
        )
        .orderBy(asc(units.number), asc(householdCodes.id))
        .limit(limit + 1);
      return toPage(rows, limit, (r) => `${r.unitNumber}|${r.id}`);
    },
    householdCodesOfUnit: (unitId: string) =>
      db
        .select()
        .from(householdCodes)
        .where(eq(householdCodes.unitId, unitId))
        .orderBy(asc(householdCodes.createdAt)),
  };
}

/** Split a "<unit number>|<id>" cursor; a malformed one starts from the beginning. */
function splitCursor(cursor: string): [string | null, string | null] {
  const i = cursor.lastIndexOf("|");
  const id = i >= 0 ? cursor.slice(i + 1) : "";
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return [null, null];
  return [cursor.slice(0, i).replaceAll("\0", ""), id];
}
