import type { TopicCategory, TopicStatus } from "@gongzhi/core";
import { and, asc, desc, eq, ilike, inArray, isNull, ne, notInArray, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { DbConstraintError, withConstraintErrors } from "../errors.ts";
import {
  commentReports,
  communities,
  topicComments,
  topicStatusChanges,
  topicSupports,
  topics,
  users,
} from "../schema/index.ts";
import { pageSize } from "./pagination.ts";
import { escapeLike } from "./registry.ts";

export type TopicRow = typeof topics.$inferSelect;
export type TopicCommentRow = typeof topicComments.$inferSelect;

/** Topics (议题), supports (附议), comments and status history. */
export function topicsRepository(db: Executor) {
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
        at?: Date;
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
          await tx.insert(topicStatusChanges).values({
            topicId,
            from: before.status,
            to,
            actorId: change.actorId,
            note: change.note ?? null,
            ...(change.at ? { at: change.at } : {}),
          });
          return { before, after: after! };
        }),
      ),

    addComment: (row: typeof topicComments.$inferInsert) =>
      withConstraintErrors(async () => (await db.insert(topicComments).values(row).returning())[0]!),

    /** The configured 附议 threshold of a community (null when the community does not exist). */
    supportThresholdOf: async (communityId: string) =>
      (
        await db
          .select({ supportThreshold: communities.supportThreshold })
          .from(communities)
          .where(eq(communities.id, communityId))
      )[0]?.supportThreshold ?? null,

    /** Lock a topic row for the rest of the transaction (serialises supports and status changes). */
    lockForUpdate: async (id: string) =>
      (await db.select().from(topics).where(eq(topics.id, id)).for("update"))[0] ?? null,

    getMany: (ids: string[]) =>
      ids.length === 0 ? Promise.resolve([]) : db.select().from(topics).where(inArray(topics.id, ids)),

    /** Insert a support unless it exists (primary key topic × user); true when a row was inserted. */
    insertSupportIfAbsent: async (topicId: string, userId: string, at?: Date) =>
      withConstraintErrors(
        async () =>
          (
            await db
              .insert(topicSupports)
              .values({ topicId, userId, ...(at ? { createdAt: at } : {}) })
              .onConflictDoNothing()
              .returning({ userId: topicSupports.userId })
          ).length === 1,
      ),

    /** Delete a support; true when one was deleted. */
    deleteSupport: async (topicId: string, userId: string) =>
      (
        await db
          .delete(topicSupports)
          .where(and(eq(topicSupports.topicId, topicId), eq(topicSupports.userId, userId)))
          .returning({ userId: topicSupports.userId })
      ).length === 1,

    /** Add `delta` to the denormalised support count, atomically; returns the new count. */
    bumpSupportCount: async (topicId: string, delta: 1 | -1) =>
      (
        await db
          .update(topics)
          .set({ supportCount: sql`${topics.supportCount} + ${delta}` })
          .where(eq(topics.id, topicId))
          .returning({ supportCount: topics.supportCount })
      )[0]?.supportCount ?? null,

    countSupports: async (topicId: string) =>
      Number(
        (
          await db
            .select({ n: sql<number>`count(*)` })
            .from(topicSupports)
            .where(eq(topicSupports.topicId, topicId))
        )[0]?.n ?? 0,
      ),

    hasSupport: async (topicId: string, userId: string) =>
      (
        await db
          .select({ userId: topicSupports.userId })
          .from(topicSupports)
          .where(and(eq(topicSupports.topicId, topicId), eq(topicSupports.userId, userId)))
      ).length === 1,

    supporterIds: async (topicId: string) =>
      (
        await db
          .select({ userId: topicSupports.userId })
          .from(topicSupports)
          .where(eq(topicSupports.topicId, topicId))
      ).map((r) => r.userId),

    /** Change a draft's text (the caller has checked authorship and the status). */
    updateDraft: (id: string, patch: Partial<Pick<TopicRow, "title" | "body" | "category" | "compoundId">>) =>
      withConstraintErrors(
        async () =>
          (
            await db
              .update(topics)
              .set(patch)
              .where(and(eq(topics.id, id), eq(topics.status, "draft")))
              .returning()
          )[0] ?? null,
      ),

    /**
     * Topics of a community whose titles contain any of `fragments` (case-insensitive), drafts left
     * out; the caller ranks them.
     */
    titleCandidates: async (communityId: string, fragments: string[], excludeId?: string) => {
      if (fragments.length === 0) return [];
      const where: SQL[] = [
        eq(topics.communityId, communityId),
        ne(topics.status, "draft"),
        or(...fragments.map((f) => ilike(topics.title, `%${escapeLike(f)}%`)))!,
      ];
      if (excludeId) where.push(ne(topics.id, excludeId));
      return db
        .select({
          id: topics.id,
          title: topics.title,
          status: topics.status,
          supportCount: topics.supportCount,
        })
        .from(topics)
        .where(and(...where))
        .orderBy(desc(topics.createdAt))
        .limit(200);
    },

    getComment: async (id: string) =>
      (await db.select().from(topicComments).where(eq(topicComments.id, id)))[0] ?? null,

    /** A topic's comments, oldest first, with the author's display name; hidden ones only when asked. */
    comments: (topicId: string, opts: { includeHidden?: boolean; limit?: number } = {}) =>
      db
        .select({
          id: topicComments.id,
          topicId: topicComments.topicId,
          authorId: topicComments.authorId,
          authorName: users.displayName,
          body: topicComments.body,
          hidden: topicComments.hidden,
          createdAt: topicComments.createdAt,
          updatedAt: topicComments.updatedAt,
        })
        .from(topicComments)
        .innerJoin(users, eq(users.id, topicComments.authorId))
        .where(
          and(
            eq(topicComments.topicId, topicId),
            opts.includeHidden ? undefined : eq(topicComments.hidden, false),
          ),
        )
        .orderBy(asc(topicComments.createdAt), asc(topicComments.id))
        .limit(opts.limit ?? 200),

    /** Record one report (举报) per reporter per comment; true when it is new. */
    reportComment: (commentId: string, reporterId: string, reason: string) =>
      withConstraintErrors(
        async () =>
          (
            await db
              .insert(commentReports)
              .values({ commentId, reporterId, reason })
              .onConflictDoNothing()
              .returning({ commentId: commentReports.commentId })
          ).length === 1,
      ),

    /** Reports of a comment not yet resolved by staff. */
    openReportCount: async (commentId: string) =>
      Number(
        (
          await db
            .select({ n: sql<number>`count(*)` })
            .from(commentReports)
            .where(and(eq(commentReports.commentId, commentId), isNull(commentReports.resolvedAt)))
        )[0]?.n ?? 0,
      ),

    /** Hide or show a comment; `resolveReportsAt` marks its open reports as reviewed. */
    setCommentHidden: async (commentId: string, hidden: boolean, resolveReportsAt?: Date) => {
      const [row] = await db
        .update(topicComments)
        .set({ hidden })
        .where(eq(topicComments.id, commentId))
        .returning();
      if (resolveReportsAt)
        await db
          .update(commentReports)
          .set({ resolvedAt: resolveReportsAt })
          .where(and(eq(commentReports.commentId, commentId), isNull(commentReports.resolvedAt)));
      return row ?? null;
    },

    /** Comments of a community's topics that are hidden or have open reports (staff review), newest first. */
    async commentsForReview(input: { communityId: string; cursor?: string | null; limit?: number }) {
      const limit = pageSize(input.limit);
      const openReports = sql<number>`(select count(*) from ${commentReports} r where r.comment_id = ${topicComments.id} and r.resolved_at is null)`;
      const where: SQL[] = [
        eq(topics.communityId, input.communityId),
        or(eq(topicComments.hidden, true), sql`${openReports} > 0`)!,
      ];
      if (input.cursor) {
        const [at, id] = decodeCursor(input.cursor);
        where.push(
          sql`(${topicComments.createdAt}, ${topicComments.id}) < (${at}::timestamptz, ${id}::uuid)`,
        );
      }
      const rows = await db
        .select({
          id: topicComments.id,
          topicId: topicComments.topicId,
          authorId: topicComments.authorId,
          body: topicComments.body,
          hidden: topicComments.hidden,
          openReports: sql<number>`${openReports}::int`,
          createdAt: topicComments.createdAt,
        })
        .from(topicComments)
        .innerJoin(topics, eq(topics.id, topicComments.topicId))
        .where(and(...where))
        .orderBy(desc(topicComments.createdAt), desc(topicComments.id))
        .limit(limit + 1);
      const items = rows.slice(0, limit).map((r) => ({ ...r, openReports: Number(r.openReports) }));
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
      };
    },

    history: (topicId: string) =>
      db
        .select()
        .from(topicStatusChanges)
        .where(eq(topicStatusChanges.topicId, topicId))
        .orderBy(asc(topicStatusChanges.at), asc(topicStatusChanges.id)),

    /** A community's topics, newest first, keyset-paginated on (created_at, id). */
    async list(input: {
      communityId: string;
      status?: TopicStatus;
      category?: TopicCategory;
      /** Only this author's topics. */
      authorId?: string;
      /** Leave these statuses out (e.g. other people's drafts). */
      excludeStatuses?: TopicStatus[];
      /** Case-insensitive substring of the title. */
      titleContains?: string;
      cursor?: string | null;
      limit?: number;
    }) {
      const limit = pageSize(input.limit);
      const where: SQL[] = [eq(topics.communityId, input.communityId)];
      if (input.status) where.push(eq(topics.status, input.status));
      if (input.category) where.push(eq(topics.category, input.category));
      if (input.authorId) where.push(eq(topics.authorId, input.authorId));
      if (input.excludeStatuses?.length) where.push(notInArray(topics.status, input.excludeStatuses));
      if (input.titleContains) where.push(ilike(topics.title, `%${escapeLike(input.titleContains)}%`));
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
