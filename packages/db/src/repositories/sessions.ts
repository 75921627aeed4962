import { and, desc, eq, ne } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { sessions, users } from "../schema/index.ts";

/** Session rows (the crypto lives in @gongzhi/api's auth/session.ts). */
export function sessionsRepository(db: Executor) {
  return {
    insert: async (row: typeof sessions.$inferInsert) => {
      await db.insert(sessions).values(row);
    },
    /** The session with its user's public fields. */
    findWithUser: async (id: string) =>
      (
        await db
          .select({
            id: sessions.id,
            userId: sessions.userId,
            secretHash: sessions.secretHash,
            createdAt: sessions.createdAt,
            lastVerifiedAt: sessions.lastVerifiedAt,
            phone: users.phone,
            displayName: users.displayName,
            locale: users.locale,
          })
          .from(sessions)
          .innerJoin(users, eq(users.id, sessions.userId))
          .where(eq(sessions.id, id))
      )[0] ?? null,
    touch: async (id: string, at: Date) => {
      await db.update(sessions).set({ lastVerifiedAt: at }).where(eq(sessions.id, id));
    },
    delete: async (id: string) => {
      await db.delete(sessions).where(eq(sessions.id, id));
    },
    /** Delete a user's sessions, optionally except one; returns how many ended. */
    deleteForUser: async (userId: string, exceptId?: string) =>
      (
        await db
          .delete(sessions)
          .where(
            exceptId
              ? and(eq(sessions.userId, userId), ne(sessions.id, exceptId))
              : eq(sessions.userId, userId),
          )
          .returning({ id: sessions.id })
      ).length,
    listForUser: (userId: string) =>
      db
        .select({
          id: sessions.id,
          createdAt: sessions.createdAt,
          lastVerifiedAt: sessions.lastVerifiedAt,
          userAgent: sessions.userAgent,
          ip: sessions.ip,
        })
        .from(sessions)
        .where(eq(sessions.userId, userId))
        .orderBy(desc(sessions.lastVerifiedAt)),
  };
}
