import type { CoordinatorStatus, Sort } from "@gongzhi/core";
import { and, asc, eq, ilike, inArray, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { withConstraintErrors } from "../errors.ts";
import { communities, coordinatorCategories, coordinators } from "../schema/index.ts";
import { keysetSort, pageSize, type SortColumns } from "./pagination.ts";
import { communitiesUnder, escapeLike, type ScopeLevel } from "./registry.ts";

/** Sort keys of the coordinator list (the API whitelists these). */
export const coordinatorSortKeys = ["name", "employerDepartment", "status", "hiredOn"] as const;
const coordinatorSorts: SortColumns<typeof coordinators.$inferSelect, (typeof coordinatorSortKeys)[number]> =
  {
    name: { column: coordinators.name, kind: "text", value: (r) => r.name },
    employerDepartment: {
      column: coordinators.employerDepartment,
      kind: "text",
      value: (r) => r.employerDepartment,
    },
    status: { column: coordinators.status, kind: "enum", value: (r) => r.status },
    hiredOn: { column: coordinators.hiredOn, kind: "date", value: (r) => r.hiredOn },
  };

export type CoordinatorRow = typeof coordinators.$inferSelect;

/** 协管员 (DOMAIN.md §7): categories are data; records hold sensitive phone and ID numbers. */
export function coordinatorsRepository(db: Executor) {
  return {
    categories: () =>
      db
        .select()
        .from(coordinatorCategories)
        .orderBy(asc(coordinatorCategories.sortOrder), asc(coordinatorCategories.code)),
    getCategory: async (id: string) =>
      (await db.select().from(coordinatorCategories).where(eq(coordinatorCategories.id, id)))[0] ?? null,
    createCategory: (row: typeof coordinatorCategories.$inferInsert) =>
      withConstraintErrors(async () => (await db.insert(coordinatorCategories).values(row).returning())[0]!),
    updateCategory: (
      id: string,
      set: Partial<Pick<typeof coordinatorCategories.$inferInsert, "nameZh" | "nameEn" | "sortOrder">>,
    ) =>
      withConstraintErrors(
        async () =>
          (
            await db
              .update(coordinatorCategories)
              .set({ ...set, updatedAt: sql`now()` })
              .where(eq(coordinatorCategories.id, id))
              .returning()
          )[0] ?? null,
      ),

    /** Categories by code (for an import). */
    categoriesByCodes: async (codes: string[]) =>
      codes.length === 0
        ? []
        : db.select().from(coordinatorCategories).where(inArray(coordinatorCategories.code, codes)),
    /**
     * Which of these ID numbers already belong to a coordinator of this community. Deliberately not
     * any community: an import must not tell its caller whether an ID number is on record elsewhere.
     */
    existingIdNumbers: async (communityId: string, idNumbers: string[]) =>
      idNumbers.length === 0
        ? []
        : (
            await db
              .select({ idNumber: coordinators.idNumber })
              .from(coordinators)
              .where(
                and(eq(coordinators.communityId, communityId), inArray(coordinators.idNumber, idNumbers)),
              )
          ).map((r) => r.idNumber),
    /** Insert many coordinators (an import); call inside a transaction for all-or-nothing. */
    createMany: (rows: (typeof coordinators.$inferInsert)[]) =>
      withConstraintErrors(async () => {
        const out: CoordinatorRow[] = [];
        for (let i = 0; i < rows.length; i += 500)
          out.push(
            ...(await db
              .insert(coordinators)
              .values(rows.slice(i, i + 500))
              .returning()),
          );
        return out;
      }),

    get: async (id: string) =>
      (await db.select().from(coordinators).where(eq(coordinators.id, id)))[0] ?? null,
    create: (row: typeof coordinators.$inferInsert) =>
      withConstraintErrors(async () => (await db.insert(coordinators).values(row).returning())[0]!),
    update: (id: string, set: Partial<typeof coordinators.$inferInsert>) =>
      withConstraintErrors(
        async () =>
          (
            await db
              .update(coordinators)
              .set({ ...set, updatedAt: sql`now()` })
              .where(eq(coordinators.id, id))
              .returning()
          )[0] ?? null,
      ),
    setStatus: async (id: string, status: CoordinatorStatus) =>
      (
        await db
          .update(coordinators)
          .set({ status, updatedAt: sql`now()` })
          .where(eq(coordinators.id, id))
          .returning()
      )[0] ?? null,

    /** Coordinators under a scope, by name then id (keyset cursor "name|id"); filters by category, status, name. */
    async list(input: {
      scope: { level: ScopeLevel; id: string };
      categoryId?: string;
      status?: CoordinatorStatus;
      q?: string;
      cursor?: string | null;
      limit?: number;
      /** Without a sort: by name then id (cursor "name|id"); with one: keyset under it. */
      sort?: Sort<(typeof coordinatorSortKeys)[number]>;
    }) {
      const limit = pageSize(input.limit);
      const where: SQL[] = [inArray(coordinators.communityId, communitiesUnder(db, input.scope))];
      if (input.categoryId) where.push(eq(coordinators.categoryId, input.categoryId));
      if (input.status) where.push(eq(coordinators.status, input.status));
      if (input.q) where.push(ilike(coordinators.name, `%${escapeLike(input.q)}%`));
      if (input.sort) {
        const ks = keysetSort({
          columns: coordinatorSorts,
          sort: input.sort,
          tiebreak: { column: coordinators.id, kind: "uuid", value: (r) => r.id },
          cursor: input.cursor,
        });
        if (ks.where) where.push(ks.where);
        const rows = await db
          .select()
          .from(coordinators)
          .where(and(...where))
          .orderBy(...ks.orderBy)
          .limit(limit + 1);
        return ks.toPage(rows, limit);
      }
      if (input.cursor) {
        const i = input.cursor.lastIndexOf("|");
        const name = input.cursor.slice(0, i);
        const id = input.cursor.slice(i + 1);
        if (i > 0 && /^[0-9a-f-]{36}$/i.test(id))
          where.push(sql`(${coordinators.name}, ${coordinators.id}) > (${name}, ${id}::uuid)`);
      }
      const rows = await db
        .select()
        .from(coordinators)
        .where(and(...where))
        .orderBy(asc(coordinators.name), asc(coordinators.id))
        .limit(limit + 1);
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last ? `${last.name}|${last.id}` : null };
    },

    /** 摸底 census: active (and on-leave) headcount by category × subdistrict under a scope. */
    census: (scope: { level: ScopeLevel; id: string }) =>
      db
        .select({
          categoryId: coordinators.categoryId,
          subdistrictId: communities.subdistrictId,
          headcount: sql<number>`count(*)::int`.mapWith(Number),
        })
        .from(coordinators)
        .innerJoin(communities, eq(communities.id, coordinators.communityId))
        .where(
          and(
            inArray(coordinators.communityId, communitiesUnder(db, scope)),
            sql`${coordinators.status} <> 'left'`,
          ),
        )
        .groupBy(coordinators.categoryId, communities.subdistrictId),
  };
}
