import type { Role, ScopeKind } from "@gongzhi/core";
import { and, eq } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { withConstraintErrors } from "../errors.ts";
import { roleAssignments, users } from "../schema/index.ts";

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
