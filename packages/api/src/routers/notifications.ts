/**
 * In-app notifications (站内通知): my notifications newest first, the unread count, mark read. They are
 * written by other mutations through ../notify.ts inside their transactions.
 */
import { notification, pageInput } from "@gongzhi/core";
import { notificationsRepository } from "@gongzhi/db";
import { z } from "zod";
import { notFound } from "../errors.ts";
import { audited, router, signedInProcedure } from "../trpc.ts";

export const notificationsRouter = router({
  /** My notifications, newest first. */
  list: signedInProcedure
    .input(pageInput.extend({ unreadOnly: z.boolean().optional() }))
    .output(z.object({ items: z.array(notification), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) =>
      notificationsRepository(ctx.db).list({
        userId: ctx.actor.userId,
        unreadOnly: input.unreadOnly ?? false,
        cursor: input.cursor ?? null,
        limit: input.limit,
      }),
    ),

  /** How many of my notifications are unread. */
  unreadCount: signedInProcedure.output(z.object({ unread: z.number().int() })).query(async ({ ctx }) => ({
    unread: await notificationsRepository(ctx.db).unreadCount(ctx.actor.userId),
  })),

  /** Mark some of my notifications read (someone else's id is NOT_FOUND). */
  markRead: signedInProcedure
    .input(z.object({ ids: z.array(z.uuid()).min(1).max(100) }))
    .output(z.object({ marked: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const ids = [...new Set(input.ids)];
      const owned = await notificationsRepository(ctx.db).ownedIds(ctx.actor.userId, ids);
      if (owned.length !== ids.length) throw notFound("notification");
      return audited(ctx, async (tx) => {
        const marked = await notificationsRepository(tx).markRead(ctx.actor.userId, ids, ctx.now());
        return {
          result: { marked: marked.length },
          audit: {
            action: "notification.read",
            entityType: "notification",
            entityId: null,
            before: null,
            after: { ids: marked },
          },
        };
      });
    }),

  /** Mark all my notifications read. */
  markAllRead: signedInProcedure.output(z.object({ marked: z.number().int() })).mutation(({ ctx }) =>
    audited(ctx, async (tx) => {
      const marked = await notificationsRepository(tx).markAllRead(ctx.actor.userId, ctx.now());
      return {
        result: { marked },
        audit: {
          action: "notification.read_all",
          entityType: "notification",
          entityId: null,
          before: null,
          after: { marked },
        },
      };
    }),
  ),
});
