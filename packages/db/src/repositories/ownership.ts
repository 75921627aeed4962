import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { DbConstraintError, withConstraintErrors } from "../errors.ts";
import { buildings, ownerParties, ownerPersons, ownerships, units } from "../schema/index.ts";

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
  };
}
