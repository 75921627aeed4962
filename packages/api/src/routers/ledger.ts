/**
 * 台账 (DOMAIN.md §6): items with a responsible unit and a deadline, progress notes, evidence, 三级督办
 * (community → subdistrict → district, one level per missed deadline), 销账 close-out reports, and 民评
 * ratings. Transitions through core's `assertLedgerTransition` (done requires evidence).
 */
import {
  assertLedgerTransition,
  beijingDate,
  isLedgerItemOverdue,
  type LedgerActor,
  ledgerCloseOutReport,
  ledgerItem,
  pageInput,
  periodBounds,
  supervisionLevels,
} from "@gongzhi/core";
import { type Executor, type LedgerItemRow, ledgerRepository, ledgerSortKeys } from "@gongzhi/db";
import { z } from "zod";
import { ApiError, notFound } from "../errors.ts";
import { covers, staffRoles } from "../policy.ts";
import { audited, publicProcedure, router, scopedProcedure } from "../trpc.ts";
import { requireTypedDate } from "../typed-dates.ts";
import { escalateOverdueLedgerItems } from "./ledger-escalation.ts";
import { sortable } from "./registry-shared.ts";

const staff = scopedProcedure(staffRoles);
const scopeInput = z.object({ level: z.enum(["district", "subdistrict", "community"]), id: z.uuid() });

const itemOut = ledgerItem;
const toItem = (r: LedgerItemRow) => itemOut.parse(r);

async function loadItem(db: Executor, id: string) {
  const item = await ledgerRepository(db).get(id);
  if (!item) throw notFound("ledger_item");
  return item;
}

/** The role the actor acts in for core's ledger table (a system admin acts as district staff). */
function ledgerActor(
  scopes: { role: string; scopeKind: string; scopeId: string | null }[],
  ancestry: Parameters<typeof covers>[1],
): LedgerActor {
  for (const role of ["community_staff", "subdistrict_staff", "district_staff"] as const)
    if (scopes.some((a) => a.role === role && covers(a as Parameters<typeof covers>[0], ancestry)))
      return role;
  return "district_staff";
}

const period = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("month"),
    year: z.number().int().min(2000).max(2100),
    month: z.number().int().min(1).max(12),
  }),
  z.object({
    kind: z.literal("quarter"),
    year: z.number().int().min(2000).max(2100),
    quarter: z.number().int().min(1).max(4),
  }),
]);
const unitReport = z.object({
  opened: z.number().int(),
  closed: z.number().int(),
  closedOnTime: z.number().int(),
  overdue: z.number().int(),
  outstanding: z.number().int(),
});

export const ledgerRouter = router({
  /** Open an item, from a meeting decision, a topic, or standalone for a community. */
  create: staff
    .input(
      z
        .object({
          communityId: z.uuid().optional(),
          topicId: z.uuid().optional(),
          meetingDecisionId: z.uuid().optional(),
          title: z.string().trim().min(2).max(200),
          description: z.string().trim().max(5000).default(""),
          responsibleUnit: z.string().trim().min(1).max(100),
          deadline: z.iso.date(),
        })
        .refine((i) => i.communityId || i.topicId || i.meetingDecisionId, {
          message: "give a community, a topic or a meeting decision",
        }),
    )
    .output(itemOut)
    .mutation(async ({ ctx, input }) => {
      const repo = ledgerRepository(ctx.db);
      let communityId = input.communityId ?? null;
      let topicId = input.topicId ?? null;
      if (input.meetingDecisionId) {
        const md = await repo.meetingDecisionCommunity(input.meetingDecisionId);
        if (!md) throw notFound("meeting_decision");
        if (communityId && communityId !== md.communityId) throw mismatch();
        communityId = md.communityId;
        topicId ??= md.topicId;
      }
      if (topicId) {
        const c = await repo.topicCommunity(topicId);
        if (!c) throw notFound("topic");
        if (communityId && communityId !== c) throw mismatch();
        communityId = c;
      }
      if (!communityId) throw notFound("community");
      await ctx.requireScope({ level: "community", id: communityId });
      requireTypedDate("due", input.deadline, ctx.now(), "deadline");
      return audited(ctx, async (tx) => {
        const created = await ledgerRepository(tx).create({
          communityId: communityId,
          topicId,
          meetingDecisionId: input.meetingDecisionId ?? null,
          title: input.title,
          description: input.description,
          responsibleUnit: input.responsibleUnit,
          deadline: input.deadline,
        });
        return {
          result: toItem(created),
          audit: { action: "ledger.create", entityType: "ledger_item", entityId: created.id, after: created },
        };
      });
    }),

  /** An item with its notes, evidence, escalations and rating summary (staff). */
  get: staff
    .input(z.object({ id: z.uuid() }))
    .output(
      z.object({
        item: itemOut,
        overdue: z.boolean(),
        notes: z.array(
          z.object({ id: z.uuid(), note: z.string(), authorId: z.uuid().nullable(), at: z.date() }),
        ),
        evidence: z.array(
          z.object({ id: z.uuid(), description: z.string(), url: z.string().nullable(), at: z.date() }),
        ),
        escalations: z.array(
          z.object({
            deadline: z.string(),
            fromLevel: z.enum(supervisionLevels),
            toLevel: z.enum(supervisionLevels).nullable(),
            at: z.date(),
          }),
        ),
        ratings: z.number().int(),
        averageRating: z.number().nullable(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const item = await loadItem(ctx.db, input.id);
      await ctx.requireScope({ level: "community", id: item.communityId });
      const repo = ledgerRepository(ctx.db);
      const [notes, evidence, escalations, summary] = await Promise.all([
        repo.notes(item.id),
        repo.evidence(item.id),
        repo.escalations(item.id),
        repo.ratingSummary(item.id),
      ]);
      return {
        item: toItem(item),
        overdue: isLedgerItemOverdue(item, beijingDate(ctx.now())),
        notes: notes.map(({ id, note, authorId, at }) => ({ id, note, authorId, at })),
        evidence: evidence.map(({ id, description, url, at }) => ({ id, description, url, at })),
        escalations: escalations.map(({ deadline, fromLevel, toLevel, at }) => ({
          deadline,
          fromLevel,
          toLevel,
          at,
        })),
        ...summary,
      };
    }),

  addNote: staff
    .input(z.object({ id: z.uuid(), note: z.string().trim().min(1).max(2000) }))
    .output(z.object({ id: z.uuid(), itemId: z.uuid(), note: z.string(), at: z.date() }))
    .mutation(async ({ ctx, input }) => {
      const item = await loadItem(ctx.db, input.id);
      await ctx.requireScope({ level: "community", id: item.communityId });
      return audited(ctx, async (tx) => {
        const n = await ledgerRepository(tx).addNote({
          itemId: item.id,
          note: input.note,
          authorId: ctx.actor.userId,
        });
        return {
          result: { id: n.id, itemId: n.itemId, note: n.note, at: n.at },
          audit: {
            action: "ledger.note",
            entityType: "ledger_item",
            entityId: item.id,
            after: { note: n.note },
          },
        };
      });
    }),

  addEvidence: staff
    .input(
      z.object({
        id: z.uuid(),
        description: z.string().trim().min(1).max(2000),
        url: z
          .url({ protocol: /^https?$/ })
          .max(1000)
          .optional(),
      }),
    )
    .output(
      z.object({
        id: z.uuid(),
        itemId: z.uuid(),
        description: z.string(),
        url: z.string().nullable(),
        at: z.date(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const item = await loadItem(ctx.db, input.id);
      await ctx.requireScope({ level: "community", id: item.communityId });
      return audited(ctx, async (tx) => {
        const e = await ledgerRepository(tx).addEvidence({
          itemId: item.id,
          description: input.description,
          url: input.url ?? null,
        });
        return {
          result: { id: e.id, itemId: e.itemId, description: e.description, url: e.url, at: e.at },
          audit: { action: "ledger.evidence", entityType: "ledger_item", entityId: item.id, after: e },
        };
      });
    }),

  /** Move an item: work started, closed (销账, evidence required), or marked overdue. */
  transition: staff
    .input(z.object({ id: z.uuid(), to: z.enum(["in_progress", "done", "overdue"]) }))
    .output(itemOut)
    .mutation(async ({ ctx, input }) => {
      const item = await loadItem(ctx.db, input.id);
      const ancestry = await ctx.requireScope({ level: "community", id: item.communityId });
      const actor = ledgerActor(ctx.scopes, ancestry);
      return audited(ctx, async (tx) => {
        const repo = ledgerRepository(tx);
        const locked = (await repo.lock(item.id)) ?? item;
        const evidence = await repo.evidence(item.id);
        assertLedgerTransition(locked.status, input.to, actor, { evidence, level: locked.supervisionLevel });
        const updated = await repo.setStatus(item.id, locked.status, {
          status: input.to,
          closedOn: input.to === "done" ? beijingDate(ctx.now()) : null,
        });
        if (!updated) throw conflict();
        return {
          result: toItem(updated),
          audit: {
            action: `ledger.${input.to}`,
            entityType: "ledger_item",
            entityId: item.id,
            before: { status: locked.status },
            after: { status: updated.status, closedOn: updated.closedOn },
          },
        };
      });
    }),

  /** Set a new deadline (e.g. under supervision); a missed new deadline escalates again. */
  setDeadline: staff
    .input(z.object({ id: z.uuid(), deadline: z.iso.date() }))
    .output(itemOut)
    .mutation(async ({ ctx, input }) => {
      const item = await loadItem(ctx.db, input.id);
      await ctx.requireScope({ level: "community", id: item.communityId });
      if (item.status === "done")
        throw new ApiError("CONFLICT", "error.ledger.done", "a closed item keeps its deadline");
      requireTypedDate("due", input.deadline, ctx.now(), "deadline");
      return audited(ctx, async (tx) => {
        const updated = await ledgerRepository(tx).setDeadline(item.id, input.deadline);
        if (!updated) throw notFound("ledger_item");
        return {
          result: toItem(updated),
          audit: {
            action: "ledger.deadline",
            entityType: "ledger_item",
            entityId: item.id,
            before: { deadline: item.deadline },
            after: { deadline: input.deadline },
          },
        };
      });
    }),

  /**
   * 三级督办: every unfinished item under the scope past its deadline becomes overdue and escalates one
   * supervision level (community → subdistrict → district; core's nextSupervisionLevel). Idempotent per
   * deadline: a deadline already escalated is not escalated again (a unique index records it). The same
   * function runs nightly as the job `ledger.escalate-overdue` (ledger-escalation.ts, src/jobs.ts).
   */
  escalateOverdue: staff
    .input(z.object({ scope: scopeInput }))
    .output(
      z.object({
        markedOverdue: z.number().int(),
        escalated: z.number().int(),
        atDistrict: z.number().int(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope(input.scope);
      return escalateOverdueLedgerItems(ctx, input.scope, ctx.now());
    }),

  /** Supervision view by level: items under the scope, overdue and escalated first (unless sorted). */
  supervision: staff
    .input(
      sortable(
        pageInput.extend({
          scope: scopeInput,
          supervisionLevel: z.enum(supervisionLevels).optional(),
          includeDone: z.boolean().default(false),
        }),
        ledgerSortKeys,
      ),
    )
    .output(
      z.object({
        items: z.array(itemOut.extend({ overdue: z.boolean() })),
        nextCursor: z.string().nullable(),
      }),
    )
    .query(async ({ ctx, input }) => {
      await ctx.requireScope(input.scope);
      const page = await ledgerRepository(ctx.db).supervision(input);
      const today = beijingDate(ctx.now());
      return {
        items: page.items.map((i) => ({ ...toItem(i), overdue: isLedgerItemOverdue(i, today) })),
        nextCursor: page.nextCursor,
      };
    }),

  /** 销账 close-out report for a month or quarter, per responsible unit (core's ledgerCloseOutReport). */
  report: staff
    .input(z.object({ scope: scopeInput, period }))
    .output(
      z.object({
        start: z.string(),
        end: z.string(),
        units: z.array(unitReport.extend({ responsibleUnit: z.string() })),
        totals: unitReport,
      }),
    )
    .query(async ({ ctx, input }) => {
      await ctx.requireScope(input.scope);
      const { end } = periodBounds(input.period);
      const items = await ledgerRepository(ctx.db).reportItems(input.scope, end);
      const r = ledgerCloseOutReport(items, input.period);
      return { start: r.start, end: r.end, units: r.units, totals: r.totals };
    }),

  /** 民评: a resident of the community rates a done item 1–5, once. */
  rate: scopedProcedure(["resident"])
    .input(
      z.object({
        id: z.uuid(),
        score: z.number().int().min(1).max(5),
        comment: z.string().trim().max(1000).optional(),
      }),
    )
    .output(
      z.object({
        itemId: z.uuid(),
        score: z.number().int(),
        ratings: z.number().int(),
        averageRating: z.number().nullable(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const item = await loadItem(ctx.db, input.id);
      await ctx.requireScope({ level: "community", id: item.communityId });
      if (item.status !== "done")
        throw new ApiError("CONFLICT", "error.ledger.rate_not_done", "only a completed item can be rated");
      if (await ledgerRepository(ctx.db).myRating(item.id, ctx.actor.userId)) {
        throw new ApiError("CONFLICT", "error.ledger.already_rated", "you have already rated this item");
      }
      return audited(ctx, async (tx) => {
        const repo = ledgerRepository(tx);
        const r = await repo.rate({
          itemId: item.id,
          userId: ctx.actor.userId,
          score: input.score,
          comment: input.comment ?? null,
        });
        const summary = await repo.ratingSummary(item.id);
        return {
          result: { itemId: item.id, score: r.score, ...summary },
          audit: {
            action: "ledger.rate",
            entityType: "ledger_item",
            entityId: item.id,
            after: { score: r.score },
          },
        };
      });
    }),

  /**
   * Public detail of one item (民办 → 民评): every progress note and piece of evidence, the rating
   * summary, and — for a signed-in resident — their own rating.
   */
  publicGet: publicProcedure
    .input(z.object({ id: z.uuid() }))
    .output(
      z.object({
        id: z.uuid(),
        communityId: z.uuid(),
        title: z.string(),
        description: z.string(),
        topicId: z.uuid().nullable(),
        responsibleUnit: z.string(),
        deadline: z.string(),
        status: z.string(),
        supervisionLevel: z.enum(supervisionLevels),
        done: z.boolean(),
        overdue: z.boolean(),
        closedOn: z.string().nullable(),
        notes: z.array(z.object({ note: z.string(), at: z.date() })),
        evidence: z.array(z.object({ description: z.string(), url: z.string().nullable(), at: z.date() })),
        ratings: z.number().int(),
        averageRating: z.number().nullable(),
        myRating: z.object({ score: z.number().int(), comment: z.string().nullable() }).nullable(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const repo = ledgerRepository(ctx.db);
      const item = await loadItem(ctx.db, input.id);
      const [notes, evidence, summary, mine] = await Promise.all([
        repo.notes(item.id),
        repo.evidence(item.id),
        repo.ratingSummary(item.id),
        ctx.actor ? repo.myRating(item.id, ctx.actor.userId) : Promise.resolve(null),
      ]);
      return {
        id: item.id,
        communityId: item.communityId,
        title: item.title,
        description: item.description,
        topicId: item.topicId,
        responsibleUnit: item.responsibleUnit,
        deadline: item.deadline,
        status: item.status,
        supervisionLevel: item.supervisionLevel,
        done: item.status === "done",
        overdue: isLedgerItemOverdue(item, beijingDate(ctx.now())),
        closedOn: item.closedOn,
        notes: notes.map((n) => ({ note: n.note, at: n.at })),
        evidence: evidence.map((e) => ({ description: e.description, url: e.url, at: e.at })),
        ...summary,
        myRating: mine ? { score: mine.score, comment: mine.comment } : null,
      };
    }),

  /** Public: what became of each decided topic in a community (unit, deadline, progress, status, rating). */
  publicList: publicProcedure
    .input(pageInput.extend({ communityId: z.uuid() }))
    .output(
      z.object({
        items: z.array(
          z.object({
            id: z.uuid(),
            title: z.string(),
            topicId: z.uuid().nullable(),
            meetingDecisionId: z.uuid().nullable(),
            responsibleUnit: z.string(),
            deadline: z.string(),
            status: z.string(),
            supervisionLevel: z.enum(supervisionLevels),
            done: z.boolean(),
            overdue: z.boolean(),
            closedOn: z.string().nullable(),
            latestProgress: z.string().nullable(),
            ratings: z.number().int(),
            averageRating: z.number().nullable(),
          }),
        ),
        nextCursor: z.string().nullable(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const page = await ledgerRepository(ctx.db).publicList(input);
      const today = beijingDate(ctx.now());
      return {
        items: page.items.map(({ item, latestNote, ratings, averageRating }) => ({
          id: item.id,
          title: item.title,
          topicId: item.topicId,
          meetingDecisionId: item.meetingDecisionId,
          responsibleUnit: item.responsibleUnit,
          deadline: item.deadline,
          status: item.status,
          supervisionLevel: item.supervisionLevel,
          done: item.status === "done",
          overdue: isLedgerItemOverdue(item, today),
          closedOn: item.closedOn,
          latestProgress: latestNote,
          ratings,
          averageRating,
        })),
        nextCursor: page.nextCursor,
      };
    }),
});

function mismatch() {
  return new ApiError(
    "BAD_REQUEST",
    "error.ledger.source_mismatch",
    "the topic, meeting decision and community do not agree",
  );
}
function conflict() {
  return new ApiError(
    "CONFLICT",
    "error.ledger.changed_concurrently",
    "the item changed meanwhile; reload it",
  );
}
