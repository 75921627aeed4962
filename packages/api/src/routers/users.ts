/**
 * Staff accounts and role assignments. A staff member grants roles only at or below their own level
 * and only within their own scope: community staff may grant community_staff, committee_member and
 * resident inside their community; subdistrict staff also subdistrict_staff inside their subdistrict;
 * district staff anything but system_admin inside their district; only a system administrator grants
 * system_admin. Verified ownership is granted through `households` (it also links the owner party).
 * A role reaches someone outside my scope only as an invitation they accept (invitations.ts).
 */
import {
  locales,
  mainlandMobile,
  maskSensitive,
  name,
  type Role,
  roleScopeKind,
  roles,
  scopeKinds,
} from "@gongzhi/core";
import { accountsRepository, ancestryOf, membershipRepository, userSortKeys } from "@gongzhi/db";
import { z } from "zod";
import { consumeRateLimit } from "../auth/rate-limit.ts";
import { ApiError, forbidden, notFound, tooManyRequests } from "../errors.ts";
import { notify } from "../notify.ts";
import { type Assignment, covers, staffRoles } from "../policy.ts";
import { smsRoleNames, smsTexts } from "../sms.ts";
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
  unit_staff: 3,
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
    level: "district" | "subdistrict" | "community" | "compound" | "handling_unit";
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

/** How long an invitation may be answered. */
export const INVITATION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

/** Does the user hold at least one role inside the actor's staff scope (i.e. appear in my users list)? */
async function withinMyScope(ctx: ScopedCtx, userId: string): Promise<boolean> {
  if (ctx.scopes.some((s) => s.scopeKind === "global")) return true;
  for (const a of await accountsRepository(ctx.db).assignments(userId)) {
    if (a.scopeKind === "global" || !a.scopeId) continue;
    const ancestry = await ancestryOf(ctx.db, a.scopeKind, a.scopeId);
    if (ancestry && ctx.scopes.some((s) => covers(s, ancestry))) return true;
  }
  return false;
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
   * Invite someone to a role by phone: an invitation (role, scope, inviter, 14 days to answer) and an
   * SMS to the number. The answer is the same whether or not the phone has an account — an existing
   * account is not told apart, and it is not given the role either: the invitee accepts or declines
   * (invitations.respond), and only acceptance assigns it. A phone without an account signs up first.
   */
  invite: scopedProcedure(staffRoles)
    .input(
      grant.extend({
        phone: mainlandMobile,
        displayName: name(50),
        locale: z.enum(locales).default("zh-CN"),
      }),
    )
    .output(z.object({ invitationId: z.uuid(), expiresAt: z.date(), assignment: assignmentOut }))
    .mutation(async ({ ctx, input }) => {
      const assignment = await checkGrant(ctx, input.role, input.scopeId);
      const now = ctx.now();
      const wait = await consumeRateLimit(ctx.db, "invite", { userId: ctx.actor.userId });
      if (wait !== null) throw tooManyRequests(wait);
      const existing = await accountsRepository(ctx.db).findByPhone(input.phone);
      const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
      const invitation = await audited(ctx, async (tx) => {
        const { invitation, supersededIds } = await membershipRepository(tx).createInvitation({
          phone: input.phone,
          displayName: input.displayName,
          ...assignment,
          invitedBy: ctx.actor.userId,
          createdAt: now,
          expiresAt,
        });
        // An existing account also finds it among its notifications (invisible to the inviter).
        if (existing)
          await notify(tx, {
            userIds: [existing.id],
            kind: "system",
            messageKey: "notification.invitation",
            params: { role: input.role },
            link: "/me#invitations",
            at: now,
          });
        return {
          result: invitation,
          audit: {
            action: "invitation.create",
            entityType: "invitation",
            entityId: invitation.id,
            after: {
              phone: maskSensitive(input.phone),
              displayName: input.displayName,
              ...assignment,
              expiresAt: expiresAt.toISOString(),
              supersededIds,
            },
          },
        };
      });
      try {
        await ctx.sms.send(
          input.phone,
          smsTexts.invitation[input.locale](smsRoleNames[input.locale][input.role]),
        );
      } catch {
        throw new ApiError(
          "SERVICE_UNAVAILABLE",
          "error.sms.unavailable",
          "the text message could not be sent",
        );
      }
      return { invitationId: invitation.id, expiresAt, assignment };
    }),

  /**
   * Give a role to a user already within my scope (one the users list shows me: holding a role
   * inside it). Anyone else answers like an unknown user and is reached by an invitation instead.
   */
  assignRole: scopedProcedure(staffRoles)
    .input(grant.extend({ userId: z.uuid() }))
    .output(z.object({ userId: z.uuid(), assignment: assignmentOut }))
    .mutation(async ({ ctx, input }) => {
      const assignment = await checkGrant(ctx, input.role, input.scopeId);
      if (!(await withinMyScope(ctx, input.userId))) throw notFound("user");
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
