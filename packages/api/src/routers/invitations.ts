/**
 * Invitations (邀请) to a role within a scope, addressed to a phone number (`users.invite` makes
 * them). Nothing is granted until the invitee — the account with that phone, existing or signed up
 * later with a verified code — accepts; they may also decline, and staff may revoke a pending one.
 * Every step is audited; the inviter is notified of the answer.
 */
import { invitationStatuses, maskSensitive, roles, scopeKinds } from "@gongzhi/core";
import { accountsRepository, membershipRepository } from "@gongzhi/db";
import { z } from "zod";
import { ApiError, notFound } from "../errors.ts";
import { notify } from "../notify.ts";
import { staffRoles } from "../policy.ts";
import { audited, router, scopedProcedure, signedInProcedure } from "../trpc.ts";
import { withinInput } from "./registry-shared.ts";

const statusOut = z.enum(invitationStatuses);
const timeCursor = z
  .string()
  .max(60)
  .regex(/^\d{1,15}\.[0-9a-f-]{36}$/i)
  .nullish();

export const invitationsRouter = router({
  /** Pending invitations to my phone number. */
  mine: signedInProcedure
    .output(
      z.array(
        z.object({
          id: z.uuid(),
          role: z.enum(roles),
          scopeKind: z.enum(scopeKinds),
          scopeId: z.uuid().nullable(),
          inviterName: z.string().nullable(),
          createdAt: z.date(),
          expiresAt: z.date(),
        }),
      ),
    )
    .query(async ({ ctx }) => {
      const me = await accountsRepository(ctx.db).findById(ctx.actor.userId);
      if (!me) return [];
      return membershipRepository(ctx.db).pendingInvitationsTo(me.phone, ctx.now());
    }),

  /** Accept (the role is assigned) or decline one of my pending invitations. */
  respond: signedInProcedure
    .input(z.object({ id: z.uuid(), accept: z.boolean() }))
    .output(z.object({ id: z.uuid(), status: statusOut }))
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const me = await accountsRepository(ctx.db).findById(ctx.actor.userId);
      const invitation = await membershipRepository(ctx.db).getInvitation(input.id);
      // Someone else's invitation answers exactly like one that does not exist.
      if (!me || !invitation || invitation.phone !== me.phone) throw notFound("invitation");
      return audited(ctx, async (tx) => {
        const settled = await membershipRepository(tx).settleInvitation(
          invitation.id,
          { status: input.accept ? "accepted" : "declined", respondedAt: now, respondedBy: me.id },
          now,
        );
        if (!settled)
          throw new ApiError(
            "CONFLICT",
            "error.invitation.not_pending",
            "this invitation was already answered, revoked or has expired",
          );
        const assignment = {
          role: invitation.role,
          scopeKind: invitation.scopeKind,
          scopeId: invitation.scopeId,
        };
        const added = input.accept
          ? await accountsRepository(tx).assign({ userId: me.id, ...assignment })
          : null;
        await notify(tx, {
          userIds: [invitation.invitedBy],
          except: me.id,
          kind: "system",
          messageKey: input.accept ? "notification.invitation_accepted" : "notification.invitation_declined",
          params: { name: me.displayName, role: invitation.role },
          at: now,
        });
        return {
          result: { id: settled.id, status: settled.status },
          audit: {
            action: input.accept ? "invitation.accept" : "invitation.decline",
            entityType: "invitation",
            entityId: settled.id,
            before: { status: invitation.status },
            after: { status: settled.status, userId: me.id, ...assignment, roleAdded: added !== null },
          },
        };
      });
    }),

  /** Invitations issued within a scope (newest first); phones masked except for a system administrator. */
  list: scopedProcedure(staffRoles)
    .input(withinInput.extend({ cursor: timeCursor, limit: z.number().int().min(1).max(100).default(20) }))
    .output(
      z.object({
        items: z.array(
          z.object({
            id: z.uuid(),
            phone: z.string(),
            displayName: z.string(),
            role: z.enum(roles),
            scopeKind: z.enum(scopeKinds),
            scopeId: z.uuid().nullable(),
            inviterName: z.string().nullable(),
            /** `pending` past its expiry is shown as expired by the console. */
            status: statusOut,
            expired: z.boolean(),
            createdAt: z.date(),
            expiresAt: z.date(),
            respondedAt: z.date().nullable(),
          }),
        ),
        nextCursor: z.string().nullable(),
      }),
    )
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: input.scopeLevel, id: input.scopeId });
      const reveal = ctx.scopes.some((a) => a.role === "system_admin");
      const now = ctx.now();
      const page = await membershipRepository(ctx.db).pageInvitationsWithin({
        level: input.scopeLevel,
        id: input.scopeId,
        cursor: input.cursor ?? null,
        limit: input.limit,
      });
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((i) => ({
          ...i,
          phone: reveal ? i.phone : maskSensitive(i.phone),
          expired: i.status === "pending" && i.expiresAt <= now,
        })),
      };
    }),

  /** Revoke a pending invitation of my scope. */
  revoke: scopedProcedure(staffRoles)
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ id: z.uuid(), status: statusOut }))
    .mutation(async ({ ctx, input }) => {
      const invitation = await membershipRepository(ctx.db).getInvitation(input.id);
      if (!invitation) throw notFound("invitation");
      if (invitation.scopeKind === "global" || invitation.scopeId === null) {
        if (!ctx.scopes.some((a) => a.role === "system_admin" && a.scopeKind === "global"))
          throw notFound("invitation");
        await ctx.inScope({ level: "district", id: "00000000-0000-4000-8000-000000000000" });
      } else {
        await ctx.requireScope({ level: invitation.scopeKind, id: invitation.scopeId });
      }
      const now = ctx.now();
      return audited(ctx, async (tx) => {
        const settled = await membershipRepository(tx).settleInvitation(invitation.id, {
          status: "revoked",
          respondedAt: now,
          respondedBy: null,
        });
        if (!settled)
          throw new ApiError(
            "CONFLICT",
            "error.invitation.not_pending",
            "this invitation was already answered, revoked or has expired",
          );
        return {
          result: { id: settled.id, status: settled.status },
          audit: {
            action: "invitation.revoke",
            entityType: "invitation",
            entityId: settled.id,
            before: { status: invitation.status },
            after: { status: settled.status },
          },
        };
      });
    }),
});
