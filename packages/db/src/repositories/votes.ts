import { createHash, randomBytes } from "node:crypto";
import type { BallotChoice, DecisionStatus } from "@gongzhi/core";
import { and, desc, eq, inArray, lt, notInArray, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { DbConstraintError, withConstraintErrors } from "../errors.ts";
import {
  ballotChoices,
  ballotParticipations,
  ballots,
  buildings,
  compounds,
  meetingDecisions,
  meetings,
  ownerParties,
  ownerPersons,
  ownersDecisions,
  ownerships,
  units,
} from "../schema/index.ts";
import { pageSize } from "./pagination.ts";

export type OwnersDecisionRow = typeof ownersDecisions.$inferSelect;

/** Where a secret ballot's choice row is found again: SHA-256 of the voter's receipt bound to the decision and key. */
export function ballotLocator(receipt: string, decisionId: string, ownerKey: string): string {
  return createHash("sha256").update(`${receipt}\u0000${decisionId}\u0000${ownerKey}`).digest("hex");
}

/** Keyset cursor "createdAt ISO|id" for lists ordered newest first. */
function decodeCursor(cursor: string | null | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const [at, id] = cursor.split("|");
  const d = at ? new Date(at) : null;
  if (!d || Number.isNaN(d.getTime()) || !id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  return { at: d, id };
}

/** Owners' decisions (民法典 Art. 278) and their ballots. */
export function votesRepository(db: Executor) {
  return {
    createDecision: (row: typeof ownersDecisions.$inferInsert) =>
      withConstraintErrors(async () => (await db.insert(ownersDecisions).values(row).returning())[0]!),

    /** Whether a compound has a vote open now (rules of who votes may not change under it). */
    hasOpenDecision: async (compoundId: string) =>
      (
        await db
          .select({ id: ownersDecisions.id })
          .from(ownersDecisions)
          .where(and(eq(ownersDecisions.compoundId, compoundId), eq(ownersDecisions.status, "open")))
          .limit(1)
      ).length > 0,

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
    castOrChangeBallot: (
      row: {
        decisionId: string;
        ownerKey: string;
        choice: BallotChoice;
        castBy?: string | null;
      },
      opts: { onlyChangedByCaster?: boolean } = {},
    ) =>
      withConstraintErrors(async () => {
        await assertOpenForOwner(db, row.decisionId, row.ownerKey);
        const castBy = row.castBy ?? null;
        // With onlyChangedByCaster an existing ballot is changed only when the same person cast it —
        // decided by the upsert itself, so two co-owners casting at once cannot overwrite each other.
        return (
          (
            await db
              .insert(ballots)
              .values(row)
              .onConflictDoUpdate({
                target: [ballots.decisionId, ballots.ownerKey],
                set: { choice: row.choice, castBy, updatedAt: sql`now()` },
                ...(opts.onlyChangedByCaster && castBy ? { setWhere: eq(ballots.castBy, castBy) } : {}),
              })
              .returning()
          )[0] ?? null
        );
      }),

    /**
     * What decides who may cast an owner key's ballot (core's checkBallotCaster): the compound's
     * co-owner rule, the key's representative, how many people are linked to it, and who cast its
     * current ballot (undefined when it has not voted; for a secret vote, the participation's caster).
     */
    async casterFacts(decisionId: string, ownerKey: string, secret: boolean) {
      const [rule] = await db
        .select({ rule: compounds.coOwnerBallotRule })
        .from(ownerParties)
        .innerJoin(compounds, eq(compounds.id, ownerParties.compoundId))
        .where(eq(ownerParties.id, ownerKey));
      const people = await db
        .select({ userId: ownerPersons.userId, isRepresentative: ownerPersons.isRepresentative })
        .from(ownerPersons)
        .where(and(eq(ownerPersons.partyId, ownerKey), sql`${ownerPersons.userId} is not null`));
      const existing = secret
        ? (
            await db
              .select({ castBy: ballotParticipations.castBy })
              .from(ballotParticipations)
              .where(
                and(
                  eq(ballotParticipations.decisionId, decisionId),
                  eq(ballotParticipations.ownerKey, ownerKey),
                ),
              )
          )[0]
        : (
            await db
              .select({ castBy: ballots.castBy })
              .from(ballots)
              .where(and(eq(ballots.decisionId, decisionId), eq(ballots.ownerKey, ownerKey)))
          )[0];
      return {
        rule: rule?.rule ?? "caster_only",
        representativeUserId: people.find((p) => p.isRepresentative)?.userId ?? null,
        linkedPeople: people.length,
        linkedUserIds: people.map((p) => p.userId as string),
        existingCastBy: existing ? existing.castBy : undefined,
      };
    },

    /** The ballots of a decision as core's tally wants them. */
    ballotsForTally: (decisionId: string) =>
      db
        .select({ ownerKey: ballots.ownerKey, choice: ballots.choice })
        .from(ballots)
        .where(eq(ballots.decisionId, decisionId))
        .orderBy(ballots.ownerKey),

    /** Decisions of a compound or of every compound of a community, newest first (keyset on createdAt, id). */
    async listDecisions(input: {
      compoundId?: string;
      communityId?: string;
      cursor?: string | null;
      limit?: number;
      /** Leave out drafts and cancelled votes (what the public sees). */
      publicOnly?: boolean;
    }) {
      const limit = pageSize(input.limit);
      const where: SQL[] = [];
      if (input.publicOnly) where.push(notInArray(ownersDecisions.status, ["draft", "cancelled"]));
      if (input.compoundId) where.push(eq(ownersDecisions.compoundId, input.compoundId));
      if (input.communityId)
        where.push(
          inArray(
            ownersDecisions.compoundId,
            db
              .select({ id: compounds.id })
              .from(compounds)
              .where(eq(compounds.communityId, input.communityId)),
          ),
        );
      const c = decodeCursor(input.cursor);
      if (c)
        where.push(
          or(
            lt(ownersDecisions.createdAt, c.at),
            and(eq(ownersDecisions.createdAt, c.at), lt(ownersDecisions.id, c.id)),
          )!,
        );
      const rows = await db
        .select()
        .from(ownersDecisions)
        .where(and(...where))
        .orderBy(desc(ownersDecisions.createdAt), desc(ownersDecisions.id))
        .limit(limit + 1);
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > limit && last ? `${last.createdAt.toISOString()}|${last.id}` : null,
      };
    },

    /** The community a meeting decision was taken in (to check a vote is created for one of its compounds). */
    meetingDecisionCommunity: async (meetingDecisionId: string) =>
      (
        await db
          .select({
            communityId: meetings.communityId,
            requiresOwnersVote: meetingDecisions.requiresOwnersVote,
          })
          .from(meetingDecisions)
          .innerJoin(meetings, eq(meetings.id, meetingDecisions.meetingId))
          .where(eq(meetingDecisions.id, meetingDecisionId))
      )[0] ?? null,

    /**
     * Move a decision from `from` to another status, only if it is still in `from` (a compare-and-set:
     * of two concurrent closes exactly one gets the row back, the other null).
     */
    transitionDecision: async (
      id: string,
      from: DecisionStatus,
      set: Partial<
        Pick<OwnersDecisionRow, "status" | "noticedOn" | "closedAt" | "closeReason" | "publishedAt" | "tally">
      >,
    ) =>
      (
        await db
          .update(ownersDecisions)
          .set({ ...set, updatedAt: sql`now()` })
          .where(and(eq(ownersDecisions.id, id), eq(ownersDecisions.status, from)))
          .returning()
      )[0] ?? null,

    /** Move the voting period (before voting opens). */
    setWindow: async (id: string, opensAt: Date, closesAt: Date) =>
      withConstraintErrors(
        async () =>
          (
            await db
              .update(ownersDecisions)
              .set({ opensAt, closesAt, updatedAt: sql`now()` })
              .where(and(eq(ownersDecisions.id, id), inArray(ownersDecisions.status, ["draft", "noticed"])))
              .returning()
          )[0] ?? null,
      ),

    /**
     * The owner key a user votes with for a unit: the party holding the unit, if the user is one of its
     * persons (owner_persons.user_id). Null when the user does not hold the unit.
     */
    ownerKeyFor: async (userId: string, unitId: string) =>
      (
        await db
          .select({ ownerKey: ownerships.partyId, compoundId: buildings.compoundId })
          .from(ownerships)
          .innerJoin(units, eq(units.id, ownerships.unitId))
          .innerJoin(buildings, eq(buildings.id, units.buildingId))
          .innerJoin(
            ownerPersons,
            and(eq(ownerPersons.partyId, ownerships.partyId), eq(ownerPersons.userId, userId)),
          )
          .where(eq(ownerships.unitId, unitId))
          .limit(1)
      )[0] ?? null,

    /**
     * Lock the decision row for the rest of the transaction (FOR SHARE: ballots may be cast side by side,
     * but a close waits for them, and a ballot cast after the close sees it closed).
     */
    lockDecisionForBallot: async (id: string) =>
      (
        await db
          .select({
            status: ownersDecisions.status,
            compoundId: ownersDecisions.compoundId,
            secret: ownersDecisions.secret,
          })
          .from(ownersDecisions)
          .where(eq(ownersDecisions.id, id))
          .for("share")
      )[0] ?? null,

    /** Lock the decision row against concurrent ballots and transitions (FOR UPDATE). */
    lockDecision: async (id: string) =>
      (await db.select().from(ownersDecisions).where(eq(ownersDecisions.id, id)).for("update"))[0] ?? null,

    /** The open (non-secret) ballot of an owner key, if any. */
    openBallotOf: async (decisionId: string, ownerKey: string) =>
      (
        await db
          .select({ choice: ballots.choice, castAt: ballots.updatedAt })
          .from(ballots)
          .where(and(eq(ballots.decisionId, decisionId), eq(ballots.ownerKey, ownerKey)))
      )[0] ?? null,

    /** Whether (and when) an owner key took part in a secret vote — never what it chose. */
    participationOf: async (decisionId: string, ownerKey: string) =>
      (
        await db
          .select({ castAt: ballotParticipations.castAt })
          .from(ballotParticipations)
          .where(
            and(eq(ballotParticipations.decisionId, decisionId), eq(ballotParticipations.ownerKey, ownerKey)),
          )
      )[0] ?? null,

    /**
     * Cast a secret ballot (docs/decisions/0006): record THAT the key voted, and apart from it WHAT was
     * chosen with the key's weight. A first ballot returns the receipt (shown to the voter only); a change
     * needs that receipt. Call inside a transaction after \`lockDecisionForBallot\`.
     */
    async castSecretBallot(row: {
      decisionId: string;
      ownerKey: string;
      choice: BallotChoice;
      areaCentiM2: number;
      castBy: string | null;
      receipt?: string | null;
    }): Promise<
      | { kind: "cast"; receipt: string }
      | { kind: "changed" }
      | { kind: "needs_receipt" }
      | { kind: "bad_receipt" }
    > {
      return withConstraintErrors(async () => {
        const inserted = await db
          .insert(ballotParticipations)
          .values({ decisionId: row.decisionId, ownerKey: row.ownerKey, castBy: row.castBy })
          .onConflictDoNothing({ target: [ballotParticipations.decisionId, ballotParticipations.ownerKey] })
          .returning({ id: ballotParticipations.id });
        if (inserted.length === 1) {
          const receipt = randomBytes(32).toString("base64url");
          await db.insert(ballotChoices).values({
            decisionId: row.decisionId,
            locator: ballotLocator(receipt, row.decisionId, row.ownerKey),
            choice: row.choice,
            areaCentiM2: row.areaCentiM2,
            headcount: 1,
          });
          return { kind: "cast", receipt };
        }
        if (!row.receipt) return { kind: "needs_receipt" };
        const changed = await db
          .update(ballotChoices)
          .set({ choice: row.choice, areaCentiM2: row.areaCentiM2 })
          .where(
            and(
              eq(ballotChoices.decisionId, row.decisionId),
              eq(ballotChoices.locator, ballotLocator(row.receipt, row.decisionId, row.ownerKey)),
            ),
          )
          .returning({ id: ballotChoices.id });
        if (changed.length === 0) return { kind: "bad_receipt" };
        await db
          .update(ballotParticipations)
          .set({ castBy: row.castBy, castAt: sql`now()` })
          .where(
            and(
              eq(ballotParticipations.decisionId, row.decisionId),
              eq(ballotParticipations.ownerKey, row.ownerKey),
            ),
          );
        return { kind: "changed" };
      });
    },

    /** A secret ballot's choice found by its receipt (the voter's own request only). */
    secretChoiceByReceipt: async (decisionId: string, ownerKey: string, receipt: string) =>
      (
        await db
          .select({ choice: ballotChoices.choice })
          .from(ballotChoices)
          .where(
            and(
              eq(ballotChoices.decisionId, decisionId),
              eq(ballotChoices.locator, ballotLocator(receipt, decisionId, ownerKey)),
            ),
          )
      )[0]?.choice ?? null,

    /** The owner keys that took part in a secret vote (who voted, without choices). */
    secretParticipants: async (decisionId: string) =>
      (
        await db
          .select({ ownerKey: ballotParticipations.ownerKey })
          .from(ballotParticipations)
          .where(eq(ballotParticipations.decisionId, decisionId))
      ).map((r) => r.ownerKey),

    /** The choices of a secret vote with their weights (no voter), for the tally. */
    secretChoices: (decisionId: string) =>
      db
        .select({
          id: ballotChoices.id,
          choice: ballotChoices.choice,
          areaCentiM2: ballotChoices.areaCentiM2,
        })
        .from(ballotChoices)
        .where(eq(ballotChoices.decisionId, decisionId))
        .orderBy(ballotChoices.id),

    /** How many ballots a decision has (open or secret), for tests and progress. */
    async ballotCount(decisionId: string) {
      const [a] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(ballots)
        .where(eq(ballots.decisionId, decisionId));
      const [b] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(ballotParticipations)
        .where(eq(ballotParticipations.decisionId, decisionId));
      const [c] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(ballotChoices)
        .where(eq(ballotChoices.decisionId, decisionId));
      return { open: a?.n ?? 0, participations: b?.n ?? 0, choices: c?.n ?? 0 };
    },
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
