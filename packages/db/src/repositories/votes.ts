import type { BallotChoice } from "@gongzhi/core";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { DbConstraintError, withConstraintErrors } from "../errors.ts";
import { ballots, ownerParties, ownersDecisions } from "../schema/index.ts";

/** Owners' decisions (民法典 Art. 278) and their ballots. */
export function votesRepository(db: Executor) {
  return {
    createDecision: (row: typeof ownersDecisions.$inferInsert) =>
      withConstraintErrors(async () => (await db.insert(ownersDecisions).values(row).returning())[0]!),

    getDecision: async (id: string) =>
      (await db.select().from(ownersDecisions).where(eq(ownersDecisions.id, id)))[0] ?? null,

    /** Cast a first ballot for an owner key. A second one for the same key is refused by the database. */
    castBallot: (row: {
      decisionId: string;
      ownerKey: string;
      choice: BallotChoice;
      castBy?: string | null;
    }) =>
      withConstraintErrors(async () => {
        await assertOpenForOwner(db, row.decisionId, row.ownerKey);
        return (await db.insert(ballots).values(row).returning())[0]!;
      }),

    /** Cast or change an owner key's ballot while the vote is open (one row per key, kept by the unique index). */
    castOrChangeBallot: (row: {
      decisionId: string;
      ownerKey: string;
      choice: BallotChoice;
      castBy?: string | null;
    }) =>
      withConstraintErrors(async () => {
        await assertOpenForOwner(db, row.decisionId, row.ownerKey);
        return (
          await db
            .insert(ballots)
            .values(row)
            .onConflictDoUpdate({
              target: [ballots.decisionId, ballots.ownerKey],
              set: { choice: row.choice, castBy: row.castBy ?? null, updatedAt: sql`now()` },
            })
            .returning()
        )[0]!;
      }),

    /** The ballots of a decision as core's tally wants them. */
    ballotsForTally: (decisionId: string) =>
      db
        .select({ ownerKey: ballots.ownerKey, choice: ballots.choice })
        .from(ballots)
        .where(eq(ballots.decisionId, decisionId))
        .orderBy(ballots.ownerKey),
  };
}

async function assertOpenForOwner(db: Executor, decisionId: string, ownerKey: string) {
  const [row] = await db
    .select({
      status: ownersDecisions.status,
      partyCompound: ownerParties.compoundId,
      compoundId: ownersDecisions.compoundId,
    })
    .from(ownersDecisions)
    .leftJoin(
      ownerParties,
      and(eq(ownerParties.id, ownerKey), eq(ownerParties.compoundId, ownersDecisions.compoundId)),
    )
    .where(eq(ownersDecisions.id, decisionId));
  if (!row)
    throw new DbConstraintError(
      "foreign_key_violation",
      "ballots_decision_id_owners_decisions_id_fk",
      "the decision does not exist",
    );
  if (!row.partyCompound) {
    throw new DbConstraintError(
      "foreign_key_violation",
      "ballots_owner_key_same_compound",
      "the owner key is not an owner of this compound",
    );
  }
  if (row.status !== "open") {
    throw new DbConstraintError(
      "check_violation",
      "ballots_decision_open",
      `the vote is not open (status: ${row.status})`,
    );
  }
}
