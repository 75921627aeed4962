import { committeeInOfficeStatuses, type Sort } from "@gongzhi/core";
import {
  and,
  asc,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  notInArray,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { Executor } from "../client.ts";
import { withConstraintErrors } from "../errors.ts";
import {
  committeeMembers,
  committees,
  communities,
  compounds,
  propertyServices,
  subdistricts,
} from "../schema/index.ts";
import { keysetSort, pageSize, type SortColumns, toPage } from "./pagination.ts";
import { compoundWithin } from "./registry.ts";

type WithinLevel = "district" | "subdistrict" | "community" | "compound";
type CompoundRef = { id: string; code: string; name: string };
type PropertyServiceRow = typeof propertyServices.$inferSelect;
type CommitteeRow = typeof committees.$inferSelect;

/** Sort keys of the property-service alert list and the committee list (the API whitelists these). */
export const propertyAlertSortKeys = ["compound", "contractEnd", "filedOn"] as const;
export const committeeSortKeys = ["compound", "kind", "status", "termEnd", "filedOn"] as const;

const propertyAlertSorts: SortColumns<
  { service: PropertyServiceRow; compound: CompoundRef },
  (typeof propertyAlertSortKeys)[number]
> = {
  compound: { column: compounds.name, kind: "text", value: (r) => r.compound.name },
  contractEnd: {
    column: propertyServices.contractEnd,
    kind: "date",
    nullable: true,
    value: (r) => r.service.contractEnd,
  },
  filedOn: {
    column: propertyServices.filedOn,
    kind: "date",
    nullable: true,
    value: (r) => r.service.filedOn,
  },
};
const committeeSorts: SortColumns<
  { committee: CommitteeRow; compound: CompoundRef },
  (typeof committeeSortKeys)[number]
> = {
  compound: { column: compounds.name, kind: "text", value: (r) => r.compound.name },
  kind: { column: committees.kind, kind: "enum", value: (r) => r.committee.kind },
  status: { column: committees.status, kind: "enum", value: (r) => r.committee.status },
  termEnd: { column: committees.termEnd, kind: "date", nullable: true, value: (r) => r.committee.termEnd },
  filedOn: { column: committees.filedOn, kind: "date", nullable: true, value: (r) => r.committee.filedOn },
};

/** Property services (history per compound) and committees with their members. */
export function governanceRepository(db: Executor) {
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

    /** The current property-service arrangement of a compound (null when none is recorded). */
    currentPropertyService: async (compoundId: string) =>
      (
        await db
          .select()
          .from(propertyServices)
          .where(and(eq(propertyServices.compoundId, compoundId), isNull(propertyServices.endedOn)))
      )[0] ?? null,

    /** Property-service history of a compound, newest first, paginated by start date. */
    async pagePropertyServiceHistory(input: { compoundId: string; cursor?: string | null; limit?: number }) {
      const limit = pageSize(input.limit);
      const where: SQL[] = [eq(propertyServices.compoundId, input.compoundId)];
      if (input.cursor) where.push(lt(propertyServices.startedOn, input.cursor));
      const rows = await db
        .select()
        .from(propertyServices)
        .where(and(...where))
        .orderBy(desc(propertyServices.startedOn))
        .limit(limit + 1);
      return toPage(rows, limit, (r) => r.startedOn);
    },

    /**
     * Current professional arrangements within a scope whose contract ends on or before `endingBy`,
     * or whose contract is not filed and started before `filingStartedBefore` (条例 Art. 63: 15 days).
     * Paginated by compound code, or keyset under `sort` (empty dates last).
     */
    async pagePropertyServiceAlerts(input: {
      level: WithinLevel;
      id: string;
      endingBy: string;
      filingStartedBefore: string;
      cursor?: string | null;
      limit?: number;
      sort?: Sort<(typeof propertyAlertSortKeys)[number]>;
    }) {
      const limit = pageSize(input.limit);
      const ks = input.sort
        ? keysetSort({
            columns: propertyAlertSorts,
            sort: input.sort,
            tiebreak: { column: propertyServices.id, kind: "uuid", value: (r) => r.service.id },
            cursor: input.cursor,
          })
        : null;
      const where: SQL[] = [
        compoundWithin(input.level, input.id),
        isNull(propertyServices.endedOn),
        eq(propertyServices.mode, "professional"),
        or(
          and(isNotNull(propertyServices.contractEnd), lte(propertyServices.contractEnd, input.endingBy)),
          and(
            isNull(propertyServices.filedOn),
            isNotNull(propertyServices.contractStart),
            lt(propertyServices.contractStart, input.filingStartedBefore),
          ),
        )!,
      ];
      if (ks?.where) where.push(ks.where);
      else if (!ks && input.cursor) where.push(gt(compounds.code, input.cursor));
      const rows = await db
        .select({
          service: propertyServices,
          compound: { id: compounds.id, code: compounds.code, name: compounds.name },
        })
        .from(propertyServices)
        .innerJoin(compounds, eq(compounds.id, propertyServices.compoundId))
        .innerJoin(communities, eq(communities.id, compounds.communityId))
        .innerJoin(subdistricts, eq(subdistricts.id, communities.subdistrictId))
        .where(and(...where))
        .orderBy(...(ks?.orderBy ?? [asc(compounds.code)]))
        .limit(limit + 1);
      return ks ? ks.toPage(rows, limit) : toPage(rows, limit, (r) => r.compound.code);
    },

    getCommittee: async (id: string) =>
      (await db.select().from(committees).where(eq(committees.id, id)))[0] ?? null,

    /** Replace the members of a committee (call inside a transaction). */
    replaceMembers: (
      committeeId: string,
      members: Omit<typeof committeeMembers.$inferInsert, "committeeId">[],
    ) =>
      withConstraintErrors(async () => {
        await db.delete(committeeMembers).where(eq(committeeMembers.committeeId, committeeId));
        return members.length
          ? await db
              .insert(committeeMembers)
              .values(members.map((m) => ({ ...m, committeeId })))
              .returning()
          : [];
      }),

    /** Committees of a compound, newest first. */
    committeesOfCompound: (compoundId: string) =>
      db
        .select()
        .from(committees)
        .where(eq(committees.compoundId, compoundId))
        .orderBy(desc(committees.createdAt), desc(committees.id)),

    /**
     * Committees within a scope (optionally only some statuses, or excluding some), paginated by id
     * (or keyset under `sort`, empty dates last), with their compound and — for a 物管会 — the 备案 date of a 业委会 in office in the same compound.
     */
    async pageCommitteesWithin(input: {
      level: WithinLevel;
      id: string;
      statuses?: (typeof committees.$inferSelect)["status"][];
      excludeStatuses?: (typeof committees.$inferSelect)["status"][];
      cursor?: string | null;
      limit?: number;
      sort?: Sort<(typeof committeeSortKeys)[number]>;
    }) {
      const limit = pageSize(input.limit);
      const ks = input.sort
        ? keysetSort({
            columns: committeeSorts,
            sort: input.sort,
            tiebreak: { column: committees.id, kind: "uuid", value: (r) => r.committee.id },
            cursor: input.cursor,
          })
        : null;
      const where: SQL[] = [compoundWithin(input.level, input.id)];
      if (input.statuses?.length) where.push(inArray(committees.status, input.statuses));
      if (input.excludeStatuses?.length) where.push(notInArray(committees.status, input.excludeStatuses));
      if (ks?.where) where.push(ks.where);
      else if (!ks && input.cursor) where.push(gt(committees.id, input.cursor));
      const rows = await db
        .select({
          committee: committees,
          compound: { id: compounds.id, code: compounds.code, name: compounds.name },
          ownersCommitteeFiledOn: sql<
            string | null
          >`(select max(oc.filed_on)::text from committees oc where oc.compound_id = ${committees.compoundId} and oc.kind = 'owners_committee' and oc.status in ('filed', 'term_ending'))`,
        })
        .from(committees)
        .innerJoin(compounds, eq(compounds.id, committees.compoundId))
        .innerJoin(communities, eq(communities.id, compounds.communityId))
        .innerJoin(subdistricts, eq(subdistricts.id, communities.subdistrictId))
        .where(and(...where))
        .orderBy(...(ks?.orderBy ?? [asc(committees.id)]))
        .limit(limit + 1);
      return ks ? ks.toPage(rows, limit) : toPage(rows, limit, (r) => r.committee.id);
    },
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
