import { committeeInOfficeStatuses } from "@gongzhi/core";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../client.ts";
import { withConstraintErrors } from "../errors.ts";
import { committeeMembers, committees, propertyServices } from "../schema/index.ts";

/** Property services (history per compound) and committees with their members. */
export function governanceRepository(db: Db) {
  return {
    /** Start a new property-service period, ending the current one the day before. */
    setPropertyService: (row: Omit<typeof propertyServices.$inferInsert, "endedOn">) =>
      withConstraintErrors(() =>
        db.transaction(async (tx) => {
          const start = new Date(`${row.startedOn}T00:00:00Z`);
          start.setUTCDate(start.getUTCDate() - 1);
          await tx
            .update(propertyServices)
            .set({ endedOn: start.toISOString().slice(0, 10) })
            .where(and(eq(propertyServices.compoundId, row.compoundId), isNull(propertyServices.endedOn)));
          return (await tx.insert(propertyServices).values(row).returning())[0]!;
        }),
      ),

    propertyServiceHistory: (compoundId: string) =>
      db
        .select()
        .from(propertyServices)
        .where(eq(propertyServices.compoundId, compoundId))
        .orderBy(asc(propertyServices.startedOn)),

    /** Create a committee and its members together (all or nothing). */
    createCommittee: (
      row: typeof committees.$inferInsert,
      members: Omit<typeof committeeMembers.$inferInsert, "committeeId">[],
    ) =>
      withConstraintErrors(() =>
        db.transaction(async (tx) => {
          const committee = (await tx.insert(committees).values(row).returning())[0]!;
          const inserted = members.length
            ? await tx
                .insert(committeeMembers)
                .values(members.map((m) => ({ ...m, committeeId: committee.id })))
                .returning()
            : [];
          return { committee, members: inserted };
        }),
      ),

    updateCommittee: (id: string, patch: Partial<typeof committees.$inferInsert>) =>
      withConstraintErrors(
        async () =>
          (await db.update(committees).set(patch).where(eq(committees.id, id)).returning())[0] ?? null,
      ),

    /** The committee in office (filed or term_ending) of a compound, if any. */
    inOffice: async (compoundId: string) =>
      (
        await db
          .select()
          .from(committees)
          .where(
            and(
              eq(committees.compoundId, compoundId),
              inArray(committees.status, [...committeeInOfficeStatuses]),
            ),
          )
      )[0] ?? null,

    members: (committeeId: string) =>
      db
        .select()
        .from(committeeMembers)
        .where(eq(committeeMembers.committeeId, committeeId))
        .orderBy(asc(committeeMembers.role)),
  };
}
