/**
 * Topics (议题) of the 社区议事厅 — DOMAIN.md §5, 中办发〔2015〕41号, 京办发〔2016〕23号 ("五民": 民提 →
 * 民议 → 民决 → 民办 → 民评). Residents propose, support (附议) and comment; staff screen (accept, merge
 * with a duplicate, decline with a public reason) and carry accepted topics onward. Every status
 * change goes through core's transition table (see ./topic-transitions.ts).
 *
 * Decisions (see docs in the report):
 *  - A topic can be supported while it is collecting, awaiting screening, accepted or scheduled (so
 *    interest keeps showing until the meeting); not as a draft, and not after deliberation.
 *  - The author cannot support their own topic: 附议 is seconding someone else's proposal.
 *  - Withdrawing a support below the threshold does not send an awaiting_screening topic back to
 *    collecting: the threshold was reached once and staff screening is already due.
 *  - Merging does not move supports to the target: they stay on the merged topic as its record, and
 *    the supporters are notified with a link to the target so they can support it themselves.
 *  - Drafts are private to their author: to anyone else a draft does not exist (NOT_FOUND).
 */
import {
  pageInput,
  proposeTopicInput,
  supportThresholdReached,
  type TopicStatus,
  topic,
  topicCategories,
  topicStatusChange,
  topicStatuses,
  topicSupportThreshold,
} from "@gongzhi/core";
import { type TopicRow, topicsRepository } from "@gongzhi/db";
import { z } from "zod";
import { consumeRateLimit } from "../auth/rate-limit.ts";
import { ApiError, notFound, tooManyRequests, unauthorized } from "../errors.ts";
import { staffRoles } from "../policy.ts";
import { audited, type Context, publicProcedure, router, scopedProcedure } from "../trpc.ts";
import { actingStaffRole, transitionTopic } from "./topic-transitions.ts";

/** Statuses in which a topic takes (and releases) supports. */
const supportableStatuses: readonly TopicStatus[] = [
  "collecting",
  "awaiting_screening",
  "accepted",
  "scheduled",
];
/** Statuses a topic may be merged into. */
const mergeTargetStatuses: readonly TopicStatus[] = [
  "collecting",
  "awaiting_screening",
  "accepted",
  "scheduled",
  "deliberated",
  "decided",
  "in_progress",
  "done",
];
/** A comment with this many open reports is hidden until staff review it. */
export const COMMENT_REPORTS_TO_HIDE = 3;

const topicId = z.object({ topicId: z.uuid() });
const communityOnly = z.object({ communityId: z.uuid() });
const pageOut = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

const commentOut = z.object({
  id: z.uuid(),
  topicId: z.uuid(),
  authorId: z.uuid(),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.date(),
});
const topicDetail = topic.extend({
  supportThreshold: z.number().int(),
  supportedByMe: z.boolean(),
  isMine: z.boolean(),
  mergedInto: z.object({ id: z.uuid(), title: z.string() }).nullable(),
  comments: z.array(commentOut),
  history: z.array(topicStatusChange),
});

/** The topic, or NOT_FOUND — also for someone else's draft, which is private to its author. */
async function visibleTopic(ctx: Pick<Context, "db" | "actor">, id: string): Promise<TopicRow> {
  const t = await topicsRepository(ctx.db).get(id);
  if (!t || (t.status === "draft" && t.authorId !== ctx.actor?.userId)) throw notFound("topic");
  return t;
}

async function limited(
  ctx: Context & { actor: { userId: string } },
  action: "propose" | "comment" | "report",
) {
  const wait = await consumeRateLimit(ctx.db, action, { userId: ctx.actor.userId, ip: ctx.ip });
  if (wait !== null) throw tooManyRequests(wait);
}

const conflict = (key: string, message: string) => new ApiError("CONFLICT", key, message);

/** 2-character fragments of a title (CJK titles have no spaces), plus whole latin/digit words. */
export function titleFragments(title: string): string[] {
  const cleaned = title
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, " ")
    .trim();
  const out = new Set<string>();
  for (const word of cleaned.split(" ")) {
    if (word.length === 0) continue;
    if (/^[a-z0-9]+$/.test(word)) {
      if (word.length >= 2) out.add(word);
      continue;
    }
    const chars = [...word];
    for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  }
  return [...out].slice(0, 40);
}

export const topicsRouter = router({
  /**
   * A community's topics, newest first (public). Other people's drafts never appear; `mine` (signed
   * in) lists my own topics including drafts. Declined and merged topics carry their reason / target.
   */
  list: publicProcedure
    .input(
      pageInput.extend({
        communityId: z.uuid(),
        status: z.enum(topicStatuses).optional(),
        category: z.enum(topicCategories).optional(),
        mine: z.boolean().optional(),
        search: z.string().trim().max(80).optional(),
      }),
    )
    .output(pageOut(topic))
    .query(async ({ ctx, input }) => {
      if (input.mine && !ctx.actor) throw unauthorized();
      return topicsRepository(ctx.db).list({
        communityId: input.communityId,
        ...(input.status ? { status: input.status } : {}),
        ...(input.category ? { category: input.category } : {}),
        ...(input.mine && ctx.actor ? { authorId: ctx.actor.userId } : { excludeStatuses: ["draft"] }),
        ...(input.search ? { titleContains: input.search } : {}),
        cursor: input.cursor ?? null,
        limit: input.limit,
      });
    }),

  /** One topic with its supports, my support, visible comments, public status history and screening outcome. */
  get: publicProcedure
    .input(topicId)
    .output(topicDetail)
    .query(async ({ ctx, input }) => {
      const t = await visibleTopic(ctx, input.topicId);
      const repo = topicsRepository(ctx.db);
      const [threshold, supportedByMe, comments, history, target] = await Promise.all([
        repo.supportThresholdOf(t.communityId),
        ctx.actor ? repo.hasSupport(t.id, ctx.actor.userId) : Promise.resolve(false),
        repo.comments(t.id),
        repo.history(t.id),
        t.mergedIntoId ? repo.get(t.mergedIntoId) : Promise.resolve(null),
      ]);
      return {
        ...t,
        supportThreshold: topicSupportThreshold({ supportThreshold: threshold }),
        supportedByMe,
        isMine: t.authorId === ctx.actor?.userId,
        mergedInto: target ? { id: target.id, title: target.title } : null,
        comments: comments.map(({ hidden: _h, updatedAt: _u, ...c }) => c),
        history,
      };
    }),

  /**
   * Existing topics of the community with similar titles (for the propose form): titles sharing
   * 2-character fragments, ranked by how many they share. At most `limit` (≤ 10), one page.
   */
  similar: publicProcedure
    .input(
      z.object({
        communityId: z.uuid(),
        title: z.string().trim().min(1).max(80),
        excludeTopicId: z.uuid().optional(),
        limit: z.number().int().min(1).max(10).default(5),
      }),
    )
    .output(
      pageOut(
        z.object({
          id: z.uuid(),
          title: z.string(),
          status: z.enum(topicStatuses),
          supportCount: z.number().int(),
          score: z.number(),
        }),
      ),
    )
    .query(async ({ ctx, input }) => {
      const fragments = titleFragments(input.title);
      const rows = await topicsRepository(ctx.db).titleCandidates(
        input.communityId,
        fragments,
        input.excludeTopicId,
      );
      const scored = rows
        .map((r) => {
          const lower = r.title.toLowerCase();
          const shared = fragments.filter((f) => lower.includes(f)).length;
          return { ...r, score: fragments.length ? Math.round((shared / fragments.length) * 100) / 100 : 0 };
        })
        .filter((r) => r.score > 0)
        .sort((a, b) => b.score - a.score || b.supportCount - a.supportCount);
      return { items: scored.slice(0, input.limit), nextCursor: null };
    }),

  /** 民提: propose a topic as a draft, or publish it straight away to collect supports. Rate-limited. */
  propose: scopedProcedure(["resident", ...staffRoles])
    .input(proposeTopicInput.extend({ compoundId: z.uuid().nullish(), publish: z.boolean().default(false) }))
    .output(topic)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "community", id: input.communityId });
      if (input.compoundId) {
        const a = await ctx.requireScope({ level: "compound", id: input.compoundId });
        if (a.communityId !== input.communityId)
          throw new ApiError(
            "BAD_REQUEST",
            "error.topic.compound_other_community",
            "the compound is not in this community",
          );
      }
      await limited(ctx, "propose");
      return audited(ctx, async (tx) => {
        const repo = topicsRepository(tx);
        const created = await repo.create({
          communityId: input.communityId,
          compoundId: input.compoundId ?? null,
          authorId: ctx.actor.userId,
          title: input.title,
          body: input.body,
          category: input.category,
          status: "draft",
        });
        const audit = [
          {
            action: "topic.propose",
            entityType: "topic",
            entityId: created.id,
            before: null,
            after: created,
          },
        ];
        if (!input.publish) return { result: created, audit };
        const moved = await transitionTopic(tx, created, {
          to: "collecting",
          actor: "author",
          actorId: ctx.actor.userId,
          at: ctx.now(),
        });
        return { result: moved.after, audit: [...audit, moved.audit] };
      });
    }),

  /** Edit my draft (only while it is a draft). */
  editDraft: scopedProcedure(["resident", ...staffRoles])
    .input(
      topicId.extend({
        title: topic.shape.title.optional(),
        body: topic.shape.body.optional(),
        category: z.enum(topicCategories).optional(),
      }),
    )
    .output(topic)
    .mutation(async ({ ctx, input }) => {
      const t = await visibleTopic(ctx, input.topicId);
      await ctx.requireScope({ level: "community", id: t.communityId });
      if (t.authorId !== ctx.actor.userId) throw notFound("topic");
      if (t.status !== "draft") throw conflict("error.topic.not_draft", "only a draft can be edited");
      const patch = {
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.body !== undefined ? { body: input.body } : {}),
        ...(input.category !== undefined ? { category: input.category } : {}),
      };
      if (Object.keys(patch).length === 0)
        throw new ApiError("BAD_REQUEST", "error.topic.nothing_to_change", "nothing to change");
      return audited(ctx, async (tx) => {
        const after = await topicsRepository(tx).updateDraft(t.id, patch);
        if (!after) throw conflict("error.topic.not_draft", "only a draft can be edited");
        return {
          result: after,
          audit: { action: "topic.edit_draft", entityType: "topic", entityId: t.id, before: t, after },
        };
      });
    }),

  /** 民提: publish my draft (draft → collecting). */
  publish: scopedProcedure(["resident", ...staffRoles])
    .input(topicId)
    .output(topic)
    .mutation(async ({ ctx, input }) => {
      const t = await visibleTopic(ctx, input.topicId);
      await ctx.requireScope({ level: "community", id: t.communityId });
      if (t.authorId !== ctx.actor.userId) throw notFound("topic");
      return audited(ctx, async (tx) => {
        const locked = (await topicsRepository(tx).lockForUpdate(t.id))!;
        const moved = await transitionTopic(tx, locked, {
          to: "collecting",
          actor: "author",
          actorId: ctx.actor.userId,
          at: ctx.now(),
        });
        return { result: moved.after, audit: moved.audit };
      });
    }),

  /**
   * 附议: support a topic of my community (one per user per topic, enforced by the primary key). When
   * the supports reach the community's threshold, the topic goes to screening by the "system" actor in
   * the same transaction.
   */
  support: scopedProcedure(["resident"])
    .input(topicId)
    .output(z.object({ supportCount: z.number().int(), status: z.enum(topicStatuses) }))
    .mutation(async ({ ctx, input }) => {
      const t = await visibleTopic(ctx, input.topicId);
      await ctx.requireScope({ level: "community", id: t.communityId });
      if (t.authorId === ctx.actor.userId)
        throw new ApiError("BAD_REQUEST", "error.topic.own_topic", "you cannot support your own topic");
      return audited(ctx, async (tx) => {
        const repo = topicsRepository(tx);
        // The row lock serialises concurrent supports of one topic: each sees the count before it.
        const locked = await repo.lockForUpdate(t.id);
        if (!locked) throw notFound("topic");
        if (!supportableStatuses.includes(locked.status))
          throw conflict("error.topic.not_supportable", `a ${locked.status} topic cannot be supported`);
        if (!(await repo.insertSupportIfAbsent(t.id, ctx.actor.userId, ctx.now())))
          throw conflict("error.topic.already_supported", "you already support this topic");
        const supportCount = (await repo.bumpSupportCount(t.id, 1))!;
        const audit = [
          {
            action: "topic.support",
            entityType: "topic",
            entityId: t.id,
            before: { supportCount: locked.supportCount },
            after: { supportCount },
          },
        ];
        const threshold = topicSupportThreshold({
          supportThreshold: await repo.supportThresholdOf(t.communityId),
        });
        if (locked.status === "collecting" && supportThresholdReached(supportCount, threshold)) {
          const moved = await transitionTopic(
            tx,
            { ...locked, supportCount },
            {
              to: "awaiting_screening",
              actor: "system",
              actorId: null,
              at: ctx.now(),
              supportThreshold: threshold,
              note: `support threshold ${threshold} reached`,
            },
          );
          return { result: { supportCount, status: moved.after.status }, audit: [...audit, moved.audit] };
        }
        return { result: { supportCount, status: locked.status }, audit };
      });
    }),

  /** Withdraw my support. Falling below the threshold does not send a topic back from screening. */
  withdrawSupport: scopedProcedure(["resident"])
    .input(topicId)
    .output(z.object({ supportCount: z.number().int(), status: z.enum(topicStatuses) }))
    .mutation(async ({ ctx, input }) => {
      const t = await visibleTopic(ctx, input.topicId);
      await ctx.requireScope({ level: "community", id: t.communityId });
      return audited(ctx, async (tx) => {
        const repo = topicsRepository(tx);
        const locked = await repo.lockForUpdate(t.id);
        if (!locked) throw notFound("topic");
        if (!supportableStatuses.includes(locked.status))
          throw conflict("error.topic.not_supportable", `supports of a ${locked.status} topic are final`);
        if (!(await repo.deleteSupport(t.id, ctx.actor.userId)))
          throw conflict("error.topic.not_supported", "you do not support this topic");
        const supportCount = (await repo.bumpSupportCount(t.id, -1))!;
        return {
          result: { supportCount, status: locked.status },
          audit: {
            action: "topic.withdraw_support",
            entityType: "topic",
            entityId: t.id,
            before: { supportCount: locked.supportCount },
            after: { supportCount },
          },
        };
      });
    }),

  /** Comment on a published topic. Rate-limited. */
  comment: scopedProcedure(["resident", ...staffRoles])
    .input(topicId.extend({ body: z.string().trim().min(1).max(2000) }))
    .output(commentOut.extend({ hidden: z.boolean() }).omit({ authorName: true }))
    .mutation(async ({ ctx, input }) => {
      const t = await visibleTopic(ctx, input.topicId);
      await ctx.requireScope({ level: "community", id: t.communityId });
      if (t.status === "draft") throw conflict("error.topic.not_published", "publish the draft first");
      await limited(ctx, "comment");
      return audited(ctx, async (tx) => {
        const c = await topicsRepository(tx).addComment({
          topicId: t.id,
          authorId: ctx.actor.userId,
          body: input.body,
          createdAt: ctx.now(),
        });
        return {
          result: {
            id: c.id,
            topicId: c.topicId,
            authorId: c.authorId,
            body: c.body,
            hidden: c.hidden,
            createdAt: c.createdAt,
          },
          audit: {
            action: "topic.comment",
            entityType: "topic_comment",
            entityId: c.id,
            before: null,
            after: c,
          },
        };
      });
    }),

  /**
   * 举报: report a comment (one report per person per comment). With COMMENT_REPORTS_TO_HIDE open
   * reports it is hidden until staff review it. Rate-limited.
   */
  reportComment: scopedProcedure(["resident", ...staffRoles])
    .input(z.object({ commentId: z.uuid(), reason: z.string().trim().min(1).max(500) }))
    .output(z.object({ hidden: z.boolean(), openReports: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const repo = topicsRepository(ctx.db);
      const c = await repo.getComment(input.commentId);
      if (!c) throw notFound("comment");
      const t = await visibleTopic(ctx, c.topicId);
      await ctx.requireScope({ level: "community", id: t.communityId });
      if (c.authorId === ctx.actor.userId)
        throw new ApiError("BAD_REQUEST", "error.comment.own_comment", "you cannot report your own comment");
      await limited(ctx, "report");
      return audited(ctx, async (tx) => {
        const r = topicsRepository(tx);
        if (!(await r.reportComment(c.id, ctx.actor.userId, input.reason)))
          throw conflict("error.comment.already_reported", "you already reported this comment");
        const openReports = await r.openReportCount(c.id);
        const audit = [
          {
            action: "topic.comment.report",
            entityType: "topic_comment",
            entityId: c.id,
            before: null,
            after: { reason: input.reason, openReports },
          },
        ];
        let hidden = c.hidden;
        if (!hidden && openReports >= COMMENT_REPORTS_TO_HIDE) {
          await r.setCommentHidden(c.id, true);
          hidden = true;
          audit.push({
            action: "topic.comment.auto_hide",
            entityType: "topic_comment",
            entityId: c.id,
            before: null,
            after: { reason: `${openReports} reports`, openReports },
          });
        }
        return { result: { hidden, openReports }, audit };
      });
    }),

  /** Staff: hide or show a comment after review; its open reports are marked resolved. */
  moderateComment: scopedProcedure(staffRoles)
    .input(z.object({ commentId: z.uuid(), hidden: z.boolean() }))
    .output(z.object({ hidden: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const c = await topicsRepository(ctx.db).getComment(input.commentId);
      if (!c) throw notFound("comment");
      const t = await topicsRepository(ctx.db).get(c.topicId);
      if (!t) throw notFound("comment");
      await ctx.requireScope({ level: "community", id: t.communityId });
      return audited(ctx, async (tx) => {
        const after = await topicsRepository(tx).setCommentHidden(c.id, input.hidden, ctx.now());
        return {
          result: { hidden: after?.hidden ?? input.hidden },
          audit: {
            action: input.hidden ? "topic.comment.hide" : "topic.comment.unhide",
            entityType: "topic_comment",
            entityId: c.id,
            before: { hidden: c.hidden },
            after: { hidden: input.hidden },
          },
        };
      });
    }),

  /** Staff: comments of the community that are hidden or reported, for review. */
  commentsForReview: scopedProcedure(staffRoles)
    .input(pageInput.extend(communityOnly.shape))
    .output(
      pageOut(
        z.object({
          id: z.uuid(),
          topicId: z.uuid(),
          authorId: z.uuid(),
          body: z.string(),
          hidden: z.boolean(),
          openReports: z.number().int(),
          createdAt: z.date(),
        }),
      ),
    )
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "community", id: input.communityId });
      return topicsRepository(ctx.db).commentsForReview({
        communityId: input.communityId,
        cursor: input.cursor ?? null,
        limit: input.limit,
      });
    }),

  /** Screening: accept (awaiting_screening → accepted). */
  accept: scopedProcedure(staffRoles)
    .input(topicId.extend({ note: z.string().trim().max(1000).optional() }))
    .output(topic)
    .mutation(async ({ ctx, input }) => screen(ctx, input.topicId, "accepted", { note: input.note ?? null })),

  /** Screening: decline with a public reason (awaiting_screening → declined; core requires the reason). */
  decline: scopedProcedure(staffRoles)
    .input(topicId.extend({ reason: z.string().trim().max(1000) }))
    .output(topic)
    .mutation(async ({ ctx, input }) =>
      screen(ctx, input.topicId, "declined", { declineReason: input.reason }),
    ),

  /**
   * Screening: merge into a duplicate topic of the same community (awaiting_screening → merged).
   * Supports stay on the merged topic; its supporters are notified with a link to the target.
   */
  merge: scopedProcedure(staffRoles)
    .input(topicId.extend({ intoTopicId: z.uuid() }))
    .output(topic)
    .mutation(async ({ ctx, input }) =>
      screen(ctx, input.topicId, "merged", { mergedIntoId: input.intoTopicId }),
    ),

  /** 民办: carry a decided topic out (decided → in_progress) and complete it (in_progress → done). */
  advance: scopedProcedure(staffRoles)
    .input(
      topicId.extend({ to: z.enum(["in_progress", "done"]), note: z.string().trim().max(1000).optional() }),
    )
    .output(topic)
    .mutation(async ({ ctx, input }) => screen(ctx, input.topicId, input.to, { note: input.note ?? null })),
});

type StaffCtx = Context & {
  actor: { userId: string };
  scopes: import("../policy.ts").Assignment[];
  requireScope: (t: { level: "community"; id: string }) => Promise<import("@gongzhi/db").Ancestry>;
};

/** A staff transition of one topic (screening and the later steps). */
async function screen(
  ctx: StaffCtx,
  id: string,
  to: TopicStatus,
  extra: { note?: string | null; declineReason?: string; mergedIntoId?: string },
) {
  const t = await visibleTopic(ctx, id);
  const ancestry = await ctx.requireScope({ level: "community", id: t.communityId });
  const actor = actingStaffRole(ctx.scopes, ancestry);
  return audited(ctx, async (tx) => {
    const repo = topicsRepository(tx);
    const locked = (await repo.lockForUpdate(t.id))!;
    let params: Record<string, string> = {};
    let link: string | undefined;
    if (extra.mergedIntoId !== undefined) {
      if (extra.mergedIntoId === t.id)
        throw new ApiError(
          "BAD_REQUEST",
          "error.topic.merge_into_self",
          "a topic cannot be merged into itself",
        );
      const target = await repo.get(extra.mergedIntoId);
      if (!target) throw notFound("topic");
      if (target.communityId !== t.communityId)
        throw new ApiError(
          "BAD_REQUEST",
          "error.topic.merge_other_community",
          "a topic can only be merged into a topic of the same community",
        );
      if (!mergeTargetStatuses.includes(target.status))
        throw conflict("error.topic.merge_target_closed", `cannot merge into a ${target.status} topic`);
      params = { targetTitle: target.title, targetId: target.id };
      link = `/topics/${target.id}`;
    }
    const moved = await transitionTopic(tx, locked, {
      to,
      actor,
      actorId: ctx.actor.userId,
      at: ctx.now(),
      note: extra.note ?? extra.declineReason ?? null,
      ...(extra.declineReason !== undefined ? { declineReason: extra.declineReason } : {}),
      ...(extra.mergedIntoId !== undefined ? { mergedIntoId: extra.mergedIntoId } : {}),
      params,
      ...(link ? { link } : {}),
    });
    return { result: moved.after, audit: moved.audit };
  });
}
