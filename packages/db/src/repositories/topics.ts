import type { TopicStatus } from "@gongzhi/core";
import { and, asc, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { DbConstraintError, withConstraintErrors } from "../errors.ts";
import { topicComments, topicStatusChanges, topicSupports, topics } from "../schema/index.ts";
import { pageSize } from "./pagination.ts";

/** Topics (议题), supports (附议), comments and status history. */
export function topicsRepository(db: Db) {
  return {
    create: (row: typeof topics.$inferInsert) =>
      withConstraintErrors(() =>
        db.transaction(async (tx) => {
          const topic = (await tx.insert(topics).values(row).returning())[0]!;
          await tx
            .insert(topicStatusChanges)
            .values({ topicId: topic.id, from: null, to: topic.status, actorId: row.authorId });
          return topic;
        }),
      ),

    get: async (id: string) => (await db.select().from(topics).where(eq(topics.id, id)))[0] ?? null,

    /** Add one support; the count and the support row change together. A second support by the same user is refused. */
    support: (topicId: string, userId: string) =>
      withConstraintErrors(() =>
        db.transaction(async (tx) => {
          await tx.insert(topicSupports).values({ topicId, userId });
          const [t] = await tx
            .update(topics)
            .set({ supportCount: sql`${topics.supportCount} + 1` })
            .where(eq(topics.id, topicId))
            .returning({ supportCount: topics.supportCount });
          return t!.supportCount;
        }),
      ),

    /** Withdraw a support; withdrawing one that does not exist is an error. */
    withdrawSupport: (topicId: string, userId: string) =>
      withConstraintErrors(() =>
        db.transaction(async (tx) => {
          const removed = await tx
            .delete(topicSupports)
            .where(and(eq(topicSupports.topicId, topicId), eq(topicSupports.userId, userId)))
            .returning();
          if (removed.length === 0) {
            throw new DbConstraintError(
              "foreign_key_violation",
              "topic_supports_missing",
              "this user does not support this topic",
            );
          }
          const [t] = await tx
            .update(topics)
            .set({ supportCount: sql`${topics.supportCount} - 1` })
            .where(eq(topics.id, topicId))
            .returning({ supportCount: topics.supportCount });
          return t!.supportCount;
        }),
      ),

    /** Record a status change (the caller has checked it against core's transition table). */
    changeStatus: (
      topicId: string,
      to: TopicStatus,
      change: {
        actorId: string | null;
        note?: string | null;
        mergedIntoId?: string | null;
        declineReason?: string | null;
        meetingId?: string | null;
      },
    ) =>
      withConstraintErrors(() =>
        db.transaction(async (tx) => {
          const [before] = await tx.select().from(topics).where(eq(topics.id, topicId)).for("update");
          if (!before)
            throw new DbConstraintError(
              "foreign_key_violation",
              "topics_missing",
              "the topic does not exist",
            );
          const [after] = await tx
            .update(topics)
            .set({
              status: to,
              ...(change.mergedIntoId !== undefined ? { mergedIntoId: change.mergedIntoId } : {}),
              ...(change.declineReason !== undefined ? { declineReason: change.declineReason } : {}),
              ...(change.meetingId !== undefined ? { meetingId: change.meetingId } : {}),
            })
            .where(eq(topics.id, topicId))
            .returning();
          await tx
            .insert(topicStatusChanges)
            .values({ topicId, from: before.status, to, actorId: change.actorId, note: change.note ?? null });
          return { before, after: after! };
        }),
      ),

    addComment: (row: typeof topicComments.$inferInsert) =>
      withConstraintErrors(async () => (await db.insert(topicComments).values(row).returning())[0]!),

    history: (topicId: string) =>
      db
        .select()
        .from(topicStatusChanges)
        .where(eq(topicStatusChanges.topicId, topicId))
        .orderBy(asc(topicStatusChanges.at)),

    /** A community's topics, newest first, keyset-paginated on (created_at, id). */
    async list(input: { communityId: string; status?: TopicStatus; cursor?: string | null; limit?: number }) {
      const limit = pageSize(input.limit);
      const where: SQL[] = [eq(topics.communityId, input.communityId)];
      if (input.status) where.push(eq(topics.status, input.status));
      if (input.cursor) {
        const [at, id] = decodeCursor(input.cursor);
        where.push(sql`(${topics.createdAt}, ${topics.id}) < (${at}::timestamptz, ${id}::uuid)`);
      }
      const rows = await db
        .select()
        .from(topics)
        .where(and(...where))
        .orderBy(desc(topics.createdAt), desc(topics.id))
        .limit(limit + 1);
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
      };
    },
  };
}

function encodeCursor(at: Date, id: string): string {
  return `${at.toISOString()}_${id}`;
}
function decodeCursor(cursor: string): [string, string] {
  const m = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_([0-9a-f-]{36})$/.exec(cursor);
  if (!m) throw new DbConstraintError("invalid_input", "cursor", "invalid cursor");
  return [m[1]!, m[2]!];
}
