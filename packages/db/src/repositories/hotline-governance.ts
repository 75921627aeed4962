/**
 * 治理类 communities (DOMAIN.md §9): a district's settings of the rule (the bottom N by 综合成绩, the
 * top M by volume) and the remediation ledgers (整改台账, §6) opened for the communities a month's rule
 * took — at most one per community and month (`governance_community_ledgers`), so opening twice opens
 * nothing new. The rule itself is core's `selectGovernanceCommunities`.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { withConstraintErrors } from "../errors.ts";
import { governanceCommunityLedgers, hotlineDistrictSettings, ledgerItems } from "../schema/index.ts";

/** The seed's rule: the bottom five by 综合成绩 and the top thirty by volume. */
export const defaultGovernanceCounts = { bottomN: 5, topM: 30 } as const;

export function hotlineGovernanceRepository(db: Executor) {
  return {
    /** The district's N and M (the defaults when it has stored none). */
    settings: async (districtId: string) => {
      const [row] = await db
        .select()
        .from(hotlineDistrictSettings)
        .where(eq(hotlineDistrictSettings.districtId, districtId));
      return row
        ? { bottomN: row.governanceBottomN, topM: row.governanceTopM, stored: true }
        : { ...defaultGovernanceCounts, stored: false };
    },
    /** Stores the district's N and M (one row per district); returns the row before and after. */
    saveSettings: (districtId: string, s: { bottomN: number; topM: number }, userId: string | null) =>
      withConstraintErrors(async () => {
        const [before] = await db
          .select()
          .from(hotlineDistrictSettings)
          .where(eq(hotlineDistrictSettings.districtId, districtId));
        const [after] = await db
          .insert(hotlineDistrictSettings)
          .values({ districtId, governanceBottomN: s.bottomN, governanceTopM: s.topM, updatedById: userId })
          .onConflictDoUpdate({
            target: hotlineDistrictSettings.districtId,
            set: { governanceBottomN: s.bottomN, governanceTopM: s.topM, updatedById: userId },
          })
          .returning();
        return { before: before ?? null, after: after! };
      }),

    /**
     * Serializes the openings of one district's month (a transaction-scoped advisory lock): two staff
     * pressing "open ledgers" at once open each community's ledger once.
     */
    lockMonth: async (districtId: string, month: string) => {
      await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`governance:${districtId}:${month}`}))`);
    },

    /** The ledgers opened for a district's month, with the ledger item's deadline, level and status. */
    ledgersOf: (districtId: string, month: string) =>
      db
        .select({
          communityId: governanceCommunityLedgers.communityId,
          ledgerItemId: governanceCommunityLedgers.ledgerItemId,
          openedAt: governanceCommunityLedgers.createdAt,
          deadline: ledgerItems.deadline,
          supervisionLevel: ledgerItems.supervisionLevel,
          status: ledgerItems.status,
        })
        .from(governanceCommunityLedgers)
        .innerJoin(ledgerItems, eq(ledgerItems.id, governanceCommunityLedgers.ledgerItemId))
        .where(
          and(
            eq(governanceCommunityLedgers.districtId, districtId),
            eq(governanceCommunityLedgers.month, month),
          ),
        )
        .orderBy(asc(governanceCommunityLedgers.createdAt)),

    /** Records the ledger opened for a community's month (the unique index refuses a second). */
    link: (row: typeof governanceCommunityLedgers.$inferInsert) =>
      withConstraintErrors(
        async () => (await db.insert(governanceCommunityLedgers).values(row).returning())[0]!,
      ),
  };
}
