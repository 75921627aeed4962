/**
 * Residency (居民身份): the `resident` role of a community is never claimed — it comes from a household
 * code (households.redeem), ownership verification (households.verifyOwner), or staff approving a
 * residency request (入驻申请) here: a signed-in user asks to join a community, its staff approve or
 * decline in the console, and the applicant is notified either way.
 */
import { maskSensitive, residencyRequestStatuses } from "@gongzhi/core";
import { accountsRepository, DbConstraintError, membershipRepository, registryRepository } from "@gongzhi/db";
import { z } from "zod";
import { consumeRateLimit } from "../auth/rate-limit.ts";
import { ApiError, notFound, tooManyRequests } from "../errors.ts";
import { notify } from "../notify.ts";
import { staffRoles } from "../policy.ts";
import { audited, router, scopedProcedure, signedInProcedure } from "../trpc.ts";

const note = z.string().trim().max(200);
const statusOut = z.enum(residencyRequestStatuses);
const timeCursor = z
  .string()
  .max(60)
  .regex(/^\d{1,15}\.[0-9a-f-]{36}$/i)
  .nullish();

export const residencyRouter = router({
  /** Ask to become a resident of a community; its community staff are notified. */
  request: signedInProcedure
    .input(z.object({ communityId: z.uuid(), note: note.optional() }))
    .output(z.object({ id: z.uuid(), status: statusOut }))
    .mutation(async ({ ctx, input }) => {
      const community = await registryRepository(ctx.db).getCommunity(input.communityId);
      if (!community) throw notFound("community");
      const mine = await accountsRepository(ctx.db).assignments(ctx.actor.userId);
      if (
        mine.some((a) => a.role === "resident" && a.scopeKind === "community" && a.scopeId === community.id)
      )
        throw new ApiError("CONFLICT", "error.residency.already_resident", "you are already a resident here");
      const wait = await consumeRateLimit(ctx.db, "residencyRequest", { userId: ctx.actor.userId });
      if (wait !== null) throw tooManyRequests(wait);
      const now = ctx.now();
      try {
        return await audited(ctx, async (tx) => {
          const membership = membershipRepository(tx);
          const request = await membership.createResidencyRequest({
            userId: ctx.actor.userId,
            communityId: community.id,
            note: input.note ? input.note : null,
            createdAt: now,
          });
          await notify(tx, {
            userIds: await membership.communityStaffIds(community.id),
            except: ctx.actor.userId,
            kind: "system",
            messageKey: "notification.residency_requested",
            params: { community: community.name },
            link: "/admin/residency",
            at: now,
          });
          return {
            result: { id: request.id, status: request.status },
            audit: {
              action: "residency.request",
              entityType: "residency_request",
              entityId: request.id,
              after: { communityId: community.id, userId: ctx.actor.userId, note: request.note },
            },
          };
        });
      } catch (error) {
        if (error instanceof DbConstraintError && error.constraint === "residency_requests_one_pending_uq")
          throw new ApiError(
            "CONFLICT",
            "error.residency.pending",
            "you already asked to join this community; the office has not decided yet",
          );
        throw error;
      }
    }),

  /** My residency requests (newest first). */
  mine: signedInProcedure
    .output(
      z.array(
        z.object({
          id: z.uuid(),
          communityId: z.uuid(),
          communityName: z.string(),
          note: z.string().nullable(),
          status: statusOut,
          createdAt: z.date(),
          decidedAt: z.date().nullable(),
          decisionReason: z.string().nullable(),
        }),
      ),
    )
    .query(({ ctx }) => membershipRepository(ctx.db).residencyRequestsOfUser(ctx.actor.userId)),

  /** Withdraw my pending request. */
  withdraw: signedInProcedure
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ id: z.uuid(), status: statusOut }))
    .mutation(async ({ ctx, input }) => {
      const request = await membershipRepository(ctx.db).getResidencyRequest(input.id);
      if (!request || request.userId !== ctx.actor.userId) throw notFound("residency_request");
      return audited(ctx, async (tx) => {
        const done = await membershipRepository(tx).settleResidencyRequest(request.id, {
          status: "withdrawn",
          decidedAt: null,
          decidedBy: null,
          decisionReason: null,
        });
        if (!done)
          throw new ApiError("CONFLICT", "error.residency.not_pending", "the request was already decided");
        return {
          result: { id: done.id, status: done.status },
          audit: {
            action: "residency.withdraw",
            entityType: "residency_request",
            entityId: done.id,
            before: { status: request.status },
            after: { status: done.status },
          },
        };
      });
    }),

  /** A community's requests for its staff (oldest first); phones masked. */
  list: scopedProcedure(staffRoles)
    .input(
      z.object({
        communityId: z.uuid(),
        status: statusOut.optional(),
        cursor: timeCursor,
        limit: z.number().int().min(1).max(100).default(20),
      }),
    )
    .output(
      z.object({
        items: z.array(
          z.object({
            id: z.uuid(),
            userId: z.uuid(),
            displayName: z.string(),
            phone: z.string(),
            note: z.string().nullable(),
            status: statusOut,
            createdAt: z.date(),
            decidedAt: z.date().nullable(),
            decisionReason: z.string().nullable(),
          }),
        ),
        nextCursor: z.string().nullable(),
      }),
    )
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "community", id: input.communityId });
      const page = await membershipRepository(ctx.db).pageResidencyRequests({
        communityId: input.communityId,
        ...(input.status ? { status: input.status } : {}),
        cursor: input.cursor ?? null,
        limit: input.limit,
      });
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((r) => ({ ...r, phone: maskSensitive(r.phone) })),
      };
    }),

  /**
   * Approve (the applicant becomes a resident of the community) or decline (with a reason shown to
   * the applicant) a pending request. A request is decided once, even when two staff race.
   */
  decide: scopedProcedure(staffRoles)
    .input(
      z
        .object({ id: z.uuid(), approve: z.boolean(), reason: note.optional() })
        .refine((d) => d.approve || (d.reason?.length ?? 0) > 0, {
          message: "a declined request needs a reason",
          path: ["reason"],
        }),
    )
    .output(z.object({ id: z.uuid(), status: statusOut }))
    .mutation(async ({ ctx, input }) => {
      const request = await membershipRepository(ctx.db).getResidencyRequest(input.id);
      if (!request) throw notFound("residency_request");
      await ctx.requireScope({ level: "community", id: request.communityId });
      const community = await registryRepository(ctx.db).getCommunity(request.communityId);
      const now = ctx.now();
      return audited(ctx, async (tx) => {
        const decided = await membershipRepository(tx).settleResidencyRequest(request.id, {
          status: input.approve ? "approved" : "declined",
          decidedAt: now,
          decidedBy: ctx.actor.userId,
          decisionReason: input.approve ? null : (input.reason ?? null),
        });
        if (!decided)
          throw new ApiError("CONFLICT", "error.residency.not_pending", "the request was already decided");
        const assigned = input.approve
          ? await accountsRepository(tx).assign({
              userId: request.userId,
              role: "resident",
              scopeKind: "community",
              scopeId: request.communityId,
            })
          : null;
        await notify(tx, {
          userIds: [request.userId],
          kind: "system",
          messageKey: input.approve ? "notification.residency_approved" : "notification.residency_declined",
          params: { community: community?.name ?? "", reason: decided.decisionReason ?? "" },
          link: input.approve ? "/" : "/residency",
          at: now,
        });
        return {
          result: { id: decided.id, status: decided.status },
          audit: {
            action: input.approve ? "residency.approve" : "residency.decline",
            entityType: "residency_request",
            entityId: decided.id,
            before: { status: request.status },
            after: {
              status: decided.status,
              userId: request.userId,
              communityId: request.communityId,
              residentAdded: assigned !== null,
              reason: decided.decisionReason,
            },
          },
        };
      });
    }),
});
