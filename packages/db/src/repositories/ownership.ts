import { and, asc, eq, gt, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { DbConstraintError, withConstraintErrors } from "../errors.ts";
import {
  buildings,
  compounds,
  ownerParties,
  ownerPersons,
  ownerships,
  ownershipVerifications,
  units,
  users,
} from "../schema/index.ts";
import { pageSize, toPage } from "./pagination.ts";

/**
 * Owner parties and who holds which unit. A party's id is the owner key of the statutory
 * headcount (法释〔2009〕7号 Art. 9).
 */
export function ownershipRepository(db: Executor) {
  return {
    createParty: (row: typeof ownerParties.$inferInsert) =>
      withConstraintErrors(async () => (await db.insert(ownerParties).values(row).returning())[0]!),
    addPerson: (row: typeof ownerPersons.$inferInsert) =>
      withConstraintErrors(async () => (await db.insert(ownerPersons).values(row).returning())[0]!),

    /** The party holding a unit now (null when nobody is recorded). */
    holderOfUnit: async (unitId: string) =>
      (
        await db
          .select({ party: ownerParties })
          .from(ownerships)
          .innerJoin(ownerParties, eq(ownerParties.id, ownerships.partyId))
          .where(eq(ownerships.unitId, unitId))
      )[0]?.party ?? null,

    /** The person of a party linked to a user, if any. */
    personOfUser: async (partyId: string, userId: string) =>
      (
        await db
          .select()
          .from(ownerPersons)
          .where(and(eq(ownerPersons.partyId, partyId), eq(ownerPersons.userId, userId)))
      )[0] ?? null,

    /** Unlink a user from the persons of a party (the co-owner record stays); returns how many. */
    unlinkUser: async (partyId: string, userId: string) =>
      (
        await db
          .update(ownerPersons)
          .set({ userId: null })
          .where(and(eq(ownerPersons.partyId, partyId), eq(ownerPersons.userId, userId)))
          .returning()
      ).length,

    /**
     * Units among `unitIds` with their building and compound, the area that counts (registered, else
     * surveyed, else contract — 法释〔2009〕7号 Art. 8) and the owner key (the holding party), paginated by id.
     */
    async pageUnitsWithOwners(input: { unitIds: string[]; cursor?: string | null; limit?: number }) {
      const limit = pageSize(input.limit);
      if (input.unitIds.length === 0) return { items: [], nextCursor: null };
      const rows = await db
        .select({
          unitId: units.id,
          unitNumber: units.number,
          buildingId: buildings.id,
          buildingName: buildings.name,
          compoundId: compounds.id,
          compoundName: compounds.name,
          communityId: compounds.communityId,
          registeredAreaCentiM2: units.registeredAreaCentiM2,
          surveyedAreaCentiM2: units.surveyedAreaCentiM2,
          contractAreaCentiM2: units.contractAreaCentiM2,
          ownerKey: ownerships.partyId,
        })
        .from(units)
        .innerJoin(buildings, eq(buildings.id, units.buildingId))
        .innerJoin(compounds, eq(compounds.id, buildings.compoundId))
        .leftJoin(ownerships, eq(ownerships.unitId, units.id))
        .where(and(inArray(units.id, input.unitIds), input.cursor ? gt(units.id, input.cursor) : undefined))
        .orderBy(asc(units.id))
        .limit(limit + 1);
      return toPage(rows, limit, (r) => r.unitId);
    },

    /** Persons of a party not linked to any user (candidates to link). */
    unlinkedPersons: (partyId: string) =>
      db
        .select()
        .from(ownerPersons)
        .where(and(eq(ownerPersons.partyId, partyId), isNull(ownerPersons.userId))),
    /** Give a unit to a party (replacing the previous holder). The party must belong to the unit's compound. */
    async assignUnit(unitId: string, partyId: string, since: string | null = null) {
      return withConstraintErrors(async () => {
        const [match] = await db
          .select({ ok: sql<number>`1` })
          .from(units)
          .innerJoin(buildings, eq(buildings.id, units.buildingId))
          .innerJoin(ownerParties, eq(ownerParties.compoundId, buildings.compoundId))
          .where(and(eq(units.id, unitId), eq(ownerParties.id, partyId)));
        if (!match) {
          throw new DbConstraintError(
            "foreign_key_violation",
            "ownerships_same_compound",
            "the unit and the owner party must exist and belong to the same compound",
          );
        }
        await db
          .insert(ownerships)
          .values({ unitId, partyId, since })
          .onConflictDoUpdate({ target: ownerships.unitId, set: { partyId, since } });
      });
    },

    /** The user accounts linked to any owner party of a compound (for notifying its owners). */
    ownerUserIds: async (compoundId: string) =>
      (
        await db
          .selectDistinct({ userId: ownerPersons.userId })
          .from(ownerPersons)
          .innerJoin(ownerParties, eq(ownerParties.id, ownerPersons.partyId))
          .where(and(eq(ownerParties.compoundId, compoundId), isNotNull(ownerPersons.userId)))
      ).map((r) => r.userId as string),

    /**
     * The voting roll of a compound: each unit with the area that counts (registered, else
     * surveyed, else contract — 法释〔2009〕7号 Art. 8) and its owner key. Units nobody holds are left out.
     */
    votingRoll(compoundId: string) {
      return db
        .select({
          id: units.id,
          areaCentiM2:
            sql<number>`coalesce(${units.registeredAreaCentiM2}, ${units.surveyedAreaCentiM2}, ${units.contractAreaCentiM2})`.mapWith(
              Number,
            ),
          ownerKey: ownerships.partyId,
        })
        .from(units)
        .innerJoin(buildings, eq(buildings.id, units.buildingId))
        .innerJoin(ownerships, eq(ownerships.unitId, units.id))
        .where(eq(buildings.compoundId, compoundId))
        .orderBy(units.id);
    },

    /** The user accounts linked to one owner party (the people who speak for an owner key). */
    userIdsOfParty: async (partyId: string) =>
      (
        await db
          .select({ userId: ownerPersons.userId })
          .from(ownerPersons)
          .where(and(eq(ownerPersons.partyId, partyId), isNotNull(ownerPersons.userId)))
      ).map((r) => r.userId as string),

    /** Record how a person became a verified owner (业主身份核验). */
    recordVerification: (row: typeof ownershipVerifications.$inferInsert) =>
      withConstraintErrors(async () => (await db.insert(ownershipVerifications).values(row).returning())[0]!),

    /** Mark a user's standing verifications of a unit revoked; returns how many. */
    revokeVerifications: async (unitId: string, userId: string, by: string, at: Date) =>
      (
        await db
          .update(ownershipVerifications)
          .set({ revokedAt: at, revokedBy: by })
          .where(
            and(
              eq(ownershipVerifications.unitId, unitId),
              eq(ownershipVerifications.userId, userId),
              isNull(ownershipVerifications.revokedAt),
            ),
          )
          .returning()
      ).length,

    /** A user's verification records for some units (newest first), with the verifier's display name. */
    verificationsOf: (userId: string, unitIds: string[]) =>
      unitIds.length === 0
        ? Promise.resolve([])
        : db
            .select({
              id: ownershipVerifications.id,
              unitId: ownershipVerifications.unitId,
              method: ownershipVerifications.method,
              documentKind: ownershipVerifications.documentKind,
              documentRef: ownershipVerifications.documentRef,
              verifiedAt: ownershipVerifications.verifiedAt,
              verifiedByName: users.displayName,
              revokedAt: ownershipVerifications.revokedAt,
            })
            .from(ownershipVerifications)
            .leftJoin(users, eq(users.id, ownershipVerifications.verifiedBy))
            .where(
              and(eq(ownershipVerifications.userId, userId), inArray(ownershipVerifications.unitId, unitIds)),
            )
            .orderBy(sql`${ownershipVerifications.verifiedAt} desc`),

    /**
     * Set the compound's co-owner ballot rule (议事规则). Returns the updated compound id or null.
     */
    setCoOwnerBallotRule: async (
      compoundId: string,
      rule: (typeof compounds.$inferSelect)["coOwnerBallotRule"],
    ) =>
      (
        await db
          .update(compounds)
          .set({ coOwnerBallotRule: rule, updatedAt: sql`now()` })
          .where(eq(compounds.id, compoundId))
          .returning({ id: compounds.id, coOwnerBallotRule: compounds.coOwnerBallotRule })
      )[0] ?? null,

    /** Designate (or clear, with null) the person who votes for a party under the `representative` rule. */
    async setRepresentative(partyId: string, personId: string | null) {
      return withConstraintErrors(async () => {
        await db
          .update(ownerPersons)
          .set({ isRepresentative: false, updatedAt: sql`now()` })
          .where(and(eq(ownerPersons.partyId, partyId), eq(ownerPersons.isRepresentative, true)));
        if (!personId) return null;
        return (
          (
            await db
              .update(ownerPersons)
              .set({ isRepresentative: true, updatedAt: sql`now()` })
              .where(and(eq(ownerPersons.partyId, partyId), eq(ownerPersons.id, personId)))
              .returning()
          )[0] ?? null
        );
      });
    },
  };
}
