import type { NotificationKind } from "@gongzhi/core";
import { and, count, desc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { DbConstraintError, withConstraintErrors } from "../errors.ts";
import { notifications } from "../schema/index.ts";
import { pageSize } from "./pagination.ts";

export interface NotificationPayload {
  messageKey: string;
  params: Record<string, string | number>;
}

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  payload: NotificationPayload;
  link?: string | null;
  createdAt?: Date;
}

/** In-app notifications (站内通知), with unread counts. */
export function notificationsRepository(db: Executor) {
  return {
    /** Insert many notifications in one statement (inside the caller's transaction). */
    insertMany: (rows: NewNotification[]) =>
      withConstraintErrors(async () => {
        if (rows.length === 0) return 0;
        const inserted = await db
          .insert(notifications)
          .values(
            rows.map((r) => ({
              userId: r.userId,
              kind: r.kind,
              payload: r.payload,
              link: r.link ?? null,
              ...(r.createdAt ? { createdAt: r.createdAt } : {}),
            })),
          )
          .returning({ id: notifications.id });
        return inserted.length;
      }),

    /** A user's notifications, newest first, keyset-paginated on (created_at, id). */
    async list(input: { userId: string; unreadOnly?: boolean; cursor?: string | null; limit?: number }) {
      const limit = pageSize(input.limit);
      const where: SQL[] = [eq(notifications.userId, input.userId)];
      if (input.unreadOnly) where.push(isNull(notifications.readAt));
      if (input.cursor) {
        const m = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_([0-9a-f-]{36})$/.exec(input.cursor);
        if (!m) throw new DbConstraintError("invalid_input", "cursor", "invalid cursor");
        where.push(
          sql`(${notifications.createdAt}, ${notifications.id}) < (${m[1]}::timestamptz, ${m[2]}::uuid)`,
        );
      }
      const rows = await db
        .select()
        .from(notifications)
        .where(and(...where))
        .orderBy(desc(notifications.createdAt), desc(notifications.id))
        .limit(limit + 1);
      const items = rows.slice(0, limit).map((r) => ({ ...r, payload: r.payload as NotificationPayload }));
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > limit && last ? `${last.createdAt.toISOString()}_${last.id}` : null,
      };
    },

    unreadCount: async (userId: string) =>
      Number(
        (
          await db
            .select({ n: count() })
            .from(notifications)
            .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
        )[0]?.n ?? 0,
      ),

    /** Mark some of the user's notifications read; returns the ids that changed (others' ids are ignored). */
    markRead: async (userId: string, ids: string[], at: Date) =>
      ids.length === 0
        ? []
        : (
            await db
              .update(notifications)
              .set({ readAt: at })
              .where(
                and(
                  eq(notifications.userId, userId),
                  inArray(notifications.id, ids),
                  isNull(notifications.readAt),
                ),
              )
              .returning({ id: notifications.id })
          ).map((r) => r.id),

    /** Which of `ids` belong to the user. */
    ownedIds: async (userId: string, ids: string[]) =>
      ids.length === 0
        ? []
        : (
            await db
              .select({ id: notifications.id })
              .from(notifications)
              .where(and(eq(notifications.userId, userId), inArray(notifications.id, ids)))
          ).map((r) => r.id),

    markAllRead: async (userId: string, at: Date) =>
      (
        await db
          .update(notifications)
          .set({ readAt: at })
          .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
          .returning({ id: notifications.id })
      ).length,
  };
}
