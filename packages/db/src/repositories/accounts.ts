import type { Role, ScopeKind, Sort } from "@gongzhi/core";
import { and, asc, eq, gt, ilike, inArray, isNull, like, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { withConstraintErrors } from "../errors.ts";
import {
  buildings,
  communities,
  compounds,
  districts,
  handlingUnits,
  roleAssignments,
  subdistricts,
  units,
  users,
} from "../schema/index.ts";
import { keysetSort, pageSize, type SortColumns, toPage } from "./pagination.ts";
import { escapeLike } from "./registry.ts";
import { idsWithinScope } from "./scope.ts";

/** Sort keys of the staff user list (the API whitelists these). */
export const userSortKeys = ["name", "createdAt"] as const;
const userSorts: SortColumns<
  { id: string; displayName: string; createdAt: Date },
  (typeof userSortKeys)[number]
> = {
  name: { column: users.displayName, kind: "text", value: (r) => r.displayName },
  createdAt: { column: users.createdAt, kind: "timestamp", value: (r) => r.createdAt },
};

/** Users and their role assignments. */
export function accountsRepository(db: Executor) {
  return {
    createUser: (row: typeof users.$inferInsert) =>
      withConstraintErrors(async () => (await db.insert(users).values(row).returning())[0]!),
    findByPhone: async (phone: string) =>
      (await db.select().from(users).where(eq(users.phone, phone)))[0] ?? null,
    findById: async (id: string) => (await db.select().from(users).where(eq(users.id, id)))[0] ?? null,
    setPasswordHash: async (id: string, passwordHash: string) => {
      await db.update(users).set({ passwordHash }).where(eq(users.id, id));
    },
    assignments: (userId: string) =>
      db
        .select({
          id: roleAssignments.id,
          role: roleAssignments.role,
          scopeKind: roleAssignments.scopeKind,
          scopeId: roleAssignments.scopeId,
        })
        .from(roleAssignments)
        .where(eq(roleAssignments.userId, userId)),
    findAssignment: async (row: {
      userId: string;
      role: Role;
      scopeKind: ScopeKind;
      scopeId: string | null;
    }) =>
      (
        await db
          .select()
          .from(roleAssignments)
          .where(
            and(
              eq(roleAssignments.userId, row.userId),
              eq(roleAssignments.role, row.role),
              eq(roleAssignments.scopeKind, row.scopeKind),
              row.scopeId === null
                ? isNull(roleAssignments.scopeId)
                : eq(roleAssignments.scopeId, row.scopeId),
            ),
          )
      )[0] ?? null,

    /** Remove a global assignment (scope id null); returns how many. */
    unassignGlobal: async (row: { userId: string; role: Role }) =>
      (
        await db
          .delete(roleAssignments)
          .where(
            and(
              eq(roleAssignments.userId, row.userId),
              eq(roleAssignments.role, row.role),
              eq(roleAssignments.scopeKind, "global"),
            ),
          )
          .returning()
      ).length,

    /**
     * Users holding at least one assignment whose scope lies within the district, subdistrict,
     * community or compound `id`, with those assignments only; paginated by user id.
     */
    async pageUsersWithin(input: {
      level: "district" | "subdistrict" | "community" | "compound";
      id: string;
      role?: Role;
      /**
       * Name (contains, case-insensitive) or mobile number: 4–11 digits match the number's ending
       * (the API lets staff, who see only the last 4 digits, search by exactly those).
       */
      search?: string;
      cursor?: string | null;
      limit?: number;
      /** Without a sort: by id; with one: keyset under it. */
      sort?: Sort<(typeof userSortKeys)[number]>;
    }) {
      const limit = pageSize(input.limit);
      const ks = input.sort
        ? keysetSort({
            columns: userSorts,
            sort: input.sort,
            tiebreak: { column: users.id, kind: "uuid", value: (r) => r.id },
            cursor: input.cursor,
          })
        : null;
      const within = idsWithinScope("role_assignments", input.level, input.id);
      const where: SQL[] = [sql`${roleAssignments.id} in (${within})`];
      if (input.role) where.push(eq(roleAssignments.role, input.role));
      const userWhere: SQL[] = [
        sql`${users.id} in (select ${roleAssignments.userId} from ${roleAssignments} where ${and(...where)})`,
      ];
      const search = input.search?.trim();
      if (search) {
        userWhere.push(
          /^\d{4,11}$/.test(search)
            ? like(users.phone, `%${escapeLike(search)}`)
            : ilike(users.displayName, `%${escapeLike(search)}%`),
        );
      }
      if (ks?.where) userWhere.push(ks.where);
      else if (!ks && input.cursor) userWhere.push(gt(users.id, input.cursor));
      const rows = await db
        .select({
          id: users.id,
          phone: users.phone,
          displayName: users.displayName,
          createdAt: users.createdAt,
        })
        .from(users)
        .where(and(...userWhere))
        .orderBy(...(ks?.orderBy ?? [asc(users.id)]))
        .limit(limit + 1);
      const page = ks ? ks.toPage(rows, limit) : toPage(rows, limit, (r) => r.id);
      const ids = page.items.map((u) => u.id);
      const assignments = ids.length
        ? await db
            .select({
              userId: roleAssignments.userId,
              role: roleAssignments.role,
              scopeKind: roleAssignments.scopeKind,
              scopeId: roleAssignments.scopeId,
            })
            .from(roleAssignments)
            .where(and(inArray(roleAssignments.userId, ids), ...where))
        : [];
      const names = await scopeNames(db, assignments);
      return {
        items: page.items.map((u) => ({
          ...u,
          assignments: assignments
            .filter((a) => a.userId === u.id)
            .map((a) => ({ ...a, scopeName: a.scopeId ? (names.get(a.scopeId) ?? null) : null })),
        })),
        nextCursor: page.nextCursor,
      };
    },
    assign: (row: { userId: string; role: Role; scopeKind: ScopeKind; scopeId: string | null }) =>
      withConstraintErrors(
        async () =>
          (await db.insert(roleAssignments).values(row).onConflictDoNothing().returning())[0] ?? null,
      ),
    unassign: async (row: { userId: string; role: Role; scopeKind: ScopeKind; scopeId: string }) =>
      (
        await db
          .delete(roleAssignments)
          .where(
            and(
              eq(roleAssignments.userId, row.userId),
              eq(roleAssignments.role, row.role),
              eq(roleAssignments.scopeKind, row.scopeKind),
              eq(roleAssignments.scopeId, row.scopeId),
            ),
          )
          .returning()
      ).length,
  };
}

/**
 * The display names of assignment scopes: a district, subdistrict, community, compound or handling unit
 * (承办单位) by its name,
 * a unit as "compound building unit" (e.g. 妫川家园 1号楼 1-101). One query per kind present.
 */
async function scopeNames(
  db: Executor,
  assignments: { scopeKind: ScopeKind; scopeId: string | null }[],
): Promise<Map<string, string>> {
  const idsOf = (kind: ScopeKind) => [
    ...new Set(assignments.filter((a) => a.scopeKind === kind && a.scopeId).map((a) => a.scopeId as string)),
  ];
  const names = new Map<string, string>();
  const byName = [
    ["district", districts],
    ["subdistrict", subdistricts],
    ["community", communities],
    ["compound", compounds],
    ["handling_unit", handlingUnits],
  ] as const;
  for (const [kind, table] of byName) {
    const ids = idsOf(kind);
    if (ids.length === 0) continue;
    const rows = await db
      .select({ id: table.id, name: table.name })
      .from(table)
      .where(inArray(table.id, ids));
    for (const r of rows) names.set(r.id, r.name);
  }
  const unitIds = idsOf("unit");
  if (unitIds.length > 0) {
    const rows = await db
      .select({ id: units.id, number: units.number, building: buildings.name, compound: compounds.name })
      .from(units)
      .innerJoin(buildings, eq(buildings.id, units.buildingId))
      .innerJoin(compounds, eq(compounds.id, buildings.compoundId))
      .where(inArray(units.id, unitIds));
    for (const r of rows) names.set(r.id, `${r.compound} ${r.building} ${r.number}`);
  }
  return names;
}
