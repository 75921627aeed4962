/**
 * Staff accounts and role assignments. A staff member grants roles only at or below their own level
 * and only within their own scope: community staff may grant community_staff, committee_member and
 * resident inside their community; subdistrict staff also subdistrict_staff inside their subdistrict;
 * district staff anything but system_admin inside their district; only a system administrator grants
 * system_admin. Verified ownership is granted through `households` (it also links the owner party).
 */
import { randomInt } from "node:crypto";
import {
  mainlandMobile,
  maskSensitive,
  name,
  type Role,
  roleScopeKind,
  roles,
  scopeKinds,
} from "@gongzhi/core";
import { accountsRepository, hashPassword, userSortKeys } from "@gongzhi/db";
import { z } from "zod";
import { ApiError, forbidden, notFound } from "../errors.ts";
import { type Assignment, covers, staffRoles } from "../policy.ts";
import { audited, type Context, router, scopedProcedure } from "../trpc.ts";
import { idPageInput, pageOf, searchText, sortable, withinInput } from "./registry-shared.ts";

/** The level of each staff role: a grant needs an assignment at least this high that covers the scope. */
const staffRank: Partial<Record<Role, number>> = {
  community_staff: 1,
  subdistrict_staff: 2,
  district_staff: 3,
  system_admin: 4,
};
const requiredRank: Record<Exclude<Role, "verified_owner">, number> = {
  resident: 1,
  committee_member: 1,
  community_staff: 1,
  subdistrict_staff: 2,
  district_staff: 3,
  system_admin: 4,
};

const grantableRole = z.enum(roles).exclude(["verified_owner"]);
type GrantableRole = z.infer<typeof grantableRole>;

const grant = z.object({
  role: grantableRole,
  /** The community / compound / subdistrict / district the role is held in; omitted for system_admin. */
  scopeId: z.uuid().nullish(),
});

type ScopedCtx = Context & {
  scopes: Assignment[];
  requireScope: (t: {
    level: "district" | "subdistrict" | "community" | "compound";
    id: string;
  }) => Promise<Parameters<typeof covers>[1]>;
  inScope: (t: { level: "district"; id: string }) => Promise<boolean>;
};

/** Check that the actor may grant (or take away) `role` in `scopeId`; returns the assignment to write. */
async function checkGrant(ctx: ScopedCtx, role: GrantableRole, scopeId: string | null | undefined) {
  const scopeKind = roleScopeKind[role];
  if (scopeKind === "global") {
    // A global role has no record to check against: only a global administrator may grant it.
    if (!ctx.scopes.some((a) => a.role === "system_admin" && a.scopeKind === "global"))
      throw forbidden("only a system administrator grants system_admin");
    // Marks the scope as checked (the check above is the actor's global assignment itself).
    await ctx.inScope({ level: "district", id: "00000000-0000-4000-8000-000000000000" });
    return { role, scopeKind, scopeId: null };
  }
  if (!scopeId)
    throw new ApiError("BAD_REQUEST", "error.role.scope_required", `the ${role} role needs a ${scopeKind}`);
  const ancestry = await ctx.requireScope({ level: scopeKind, id: scopeId });
  const need = requiredRank[role];
  if (!ctx.scopes.some((a) => (staffRank[a.role] ?? 0) >= need && covers(a, ancestry)))
    throw forbidden(`you may not grant ${role} here`);
  return { role, scopeKind, scopeId };
}

/** A one-time initial password: 16 characters from an unambiguous alphabet, crypto-random. */
function initialPassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
  let s = "";
  for (let i = 0; i < 16; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

const assignmentOut = z.object({
  role: z.enum(roles),
  scopeKind: z.enum(scopeKinds),
  scopeId: z.uuid().nullable(),
});
/** In lists: also the scope's name (a unit as "compound building unit"), null for global roles. */
const listedAssignmentOut = assignmentOut.extend({ scopeName: z.string().nullable() });

export const usersRouter = router({
  /**
   * Invite a staff member (or any role) by phone: a new account with a one-time initial password
   * (returned once), or — when the phone is registered — the role added to the existing account.
   */
  invite: scopedProcedure(staffRoles)
    .input(grant.extend({ phone: mainlandMobile, displayName: name(50) }))
    .output(
      z.object({
        userId: z.uuid(),
        created: z.boolean(),
        /** Shown once; the user should change it at first sign-in. Null for an existing account. */
        initialPassword: z.string().nullable(),
        assignment: assignmentOut,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const assignment = await checkGrant(ctx, input.role, input.scopeId);
      const existing = await accountsRepository(ctx.db).findByPhone(input.phone);
      const password = existing ? null : initialPassword();
      const passwordHash = password ? await hashPassword(password) : null;
      return audited(ctx, async (tx) => {
        const accounts = accountsRepository(tx);
        const user =
          existing ??
          (await accounts.createUser({
            phone: input.phone,
            passwordHash: passwordHash!,
            displayName: input.displayName,
          }));
        const added = await accounts.assign({ userId: user.id, ...assignment });
        if (existing && !added)
          throw new ApiError(
            "CONFLICT",
            "error.role.already_assigned",
            "the user already holds this role here",
          );
        return {
          result: { userId: user.id, created: !existing, initialPassword: password, assignment },
          audit: {
            action: existing ? "user.assign_role" : "user.invite",
            entityType: "user",
            entityId: user.id,
            after: { created: !existing, displayName: user.displayName, ...assignment },
          },
        };
      });
    }),

  /** Give an existing user a role within a scope. */
  assignRole: scopedProcedure(staffRoles)
    .input(grant.extend({ userId: z.uuid() }))
    .output(z.object({ userId: z.uuid(), assignment: assignmentOut }))
    .mutation(async ({ ctx, input }) => {
      const assignment = await checkGrant(ctx, input.role, input.scopeId);
      return audited(ctx, async (tx) => {
        const accounts = accountsRepository(tx);
        if (!(await accounts.findById(input.userId))) throw notFound("user");
        const added = await accounts.assign({ userId: input.userId, ...assignment });
        if (!added)
          throw new ApiError(
            "CONFLICT",
            "error.role.already_assigned",
            "the user already holds this role here",
          );
        return {
          result: { userId: input.userId, assignment },
          audit: {
            action: "user.assign_role",
            entityType: "user",
            entityId: input.userId,
            after: assignment,
          },
        };
      });
    }),

  /** Take a role away (same rule as granting it). */
  revokeRole: scopedProcedure(staffRoles)
    .input(grant.extend({ userId: z.uuid() }))
    .output(z.object({ userId: z.uuid(), assignment: assignmentOut }))
    .mutation(async ({ ctx, input }) => {
      const assignment = await checkGrant(ctx, input.role, input.scopeId);
      return audited(ctx, async (tx) => {
        const accounts = accountsRepository(tx);
        const removed =
          assignment.scopeId === null
            ? await accounts.unassignGlobal({ userId: input.userId, role: assignment.role })
            : await accounts.unassign({ userId: input.userId, ...assignment, scopeId: assignment.scopeId });
        if (removed === 0) throw notFound("role_assignment");
        return {
          result: { userId: input.userId, assignment },
          audit: {
            action: "user.revoke_role",
            entityType: "user",
            entityId: input.userId,
            before: assignment,
          },
        };
      });
    }),

  /**
   * Users holding a role within a scope, with their assignments there; phones masked except for a
   * system administrator.
   */
  list: scopedProcedure(staffRoles)
    .input(
      sortable(
        idPageInput.extend(withinInput.shape).extend({
          role: z.enum(roles).optional(),
          /** Name (contains) or 4–11 digits matching the end of the mobile number. */
          search: searchText,
        }),
        userSortKeys,
      ),
    )
    .output(
      pageOf(
        z.object({
          id: z.uuid(),
          phone: z.string(),
          displayName: z.string(),
          createdAt: z.date(),
          assignments: z.array(listedAssignmentOut),
        }),
      ),
    )
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: input.scopeLevel, id: input.scopeId });
      const reveal = ctx.scopes.some((a) => a.role === "system_admin");
      // Staff see only the last 4 digits of a number: a longer ending would let them uncover the
      // masked digits one search at a time, so only a system administrator may search by more.
      const digits = input.search && /^\d+$/.test(input.search) ? input.search.length : 0;
      if (digits > 0 && digits !== 4 && !(reveal && digits <= 11)) {
        throw new ApiError(
          "BAD_REQUEST",
          reveal ? "error.users.phone_search_admin" : "error.users.phone_search",
          "search by the last 4 digits of the mobile number",
        );
      }
      const page = await accountsRepository(ctx.db).pageUsersWithin({
        level: input.scopeLevel,
        id: input.scopeId,
        ...(input.role ? { role: input.role } : {}),
        ...(input.search ? { search: input.search } : {}),
        ...(input.sort ? { sort: input.sort } : {}),
        cursor: input.cursor ?? null,
        limit: input.limit,
      });
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((u) => ({
          id: u.id,
          phone: reveal ? u.phone : maskSensitive(u.phone),
          displayName: u.displayName,
          createdAt: u.createdAt,
          assignments: u.assignments.map(({ role, scopeKind, scopeId, scopeName }) => ({
            role,
            scopeKind,
            scopeId,
            scopeName,
          })),
        })),
      };
    }),
});
