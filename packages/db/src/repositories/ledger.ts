import type { LedgerReportItem, LedgerStatus, Sort, SupervisionLevel } from "@gongzhi/core";
import { and, asc, avg, count, desc, eq, gt, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { withConstraintErrors } from "../errors.ts";
import {
  ledgerEscalations,
  ledgerEvidence,
  ledgerItems,
  ledgerProgressNotes,
  ledgerRatings,
  meetingDecisions,
  meetings,
  topics,
} from "../schema/index.ts";
import { keysetSort, pageSize, type SortColumns } from "./pagination.ts";
import { communitiesUnder, type ScopeLevel } from "./registry.ts";

/** Sort keys of the supervision list (the API whitelists these). */
export const ledgerSortKeys = ["title", "responsibleUnit", "deadline", "status", "supervisionLevel"] as const;
const ledgerSorts: SortColumns<typeof ledgerItems.$inferSelect, (typeof ledgerSortKeys)[number]> = {
  title: { column: ledgerItems.title, kind: "text", value: (r) => r.title },
  responsibleUnit: { column: ledgerItems.responsibleUnit, kind: "text", value: (r) => r.responsibleUnit },
  deadline: { column: ledgerItems.deadline, kind: "date", value: (r) => r.deadline },
  status: { column: ledgerItems.status, kind: "enum", value: (r) => r.status },
  supervisionLevel: { column: ledgerItems.supervisionLevel, kind: "enum", value: (r) => r.supervisionLevel },
};

export type LedgerItemRow = typeof ledgerItems.$inferSelect;

/** 台账 (DOMAIN.md §6): items, progress notes, evidence, escalations (三级督办) and ratings (民评). */
export function ledgerRepository(db: Executor) {
  return {
    create: (row: typeof ledgerItems.$inferInsert) =>
      withConstraintErrors(async () => (await db.insert(ledgerItems).values(row).returning())[0]!),

    get: async (id: string) => (await db.select().from(ledgerItems).where(eq(ledgerItems.id, id)))[0] ?? null,

    /** Lock an item for a transition (FOR UPDATE). */
    lock: async (id: string) =>
      (await db.select().from(ledgerItems).where(eq(ledgerItems.id, id)).for("update"))[0] ?? null,

    /** The items that supervise a work order (督办, opened when it ran overdue) and are not closed, locked. */
    openForWorkOrder: (workOrderId: string) =>
      db
        .select()
        .from(ledgerItems)
        .where(and(eq(ledgerItems.workOrderId, workOrderId), sql`${ledgerItems.status} <> 'done'`))
        .for("update"),

    /** The community of a topic or of a meeting decision (where a ledger item created from it belongs). */
    topicCommunity: async (topicId: string) =>
      (await db.select({ communityId: topics.communityId }).from(topics).where(eq(topics.id, topicId)))[0]
        ?.communityId ?? null,
    meetingDecisionCommunity: async (meetingDecisionId: string) =>
      (
        await db
          .select({ communityId: meetings.communityId, topicId: meetingDecisions.topicId })
          .from(meetingDecisions)
          .innerJoin(meetings, eq(meetings.id, meetingDecisions.meetingId))
          .where(eq(meetingDecisions.id, meetingDecisionId))
      )[0] ?? null,

    /** Compare-and-set a status change. */
    setStatus: async (
      id: string,
      from: LedgerStatus,
      set: { status: LedgerStatus; closedOn?: string | null; supervisionLevel?: SupervisionLevel },
    ) =>
      (
        await db
          .update(ledgerItems)
          .set({ ...set, updatedAt: sql`now()` })
          .where(and(eq(ledgerItems.id, id), eq(ledgerItems.status, from)))
          .returning()
      )[0] ?? null,

    setDeadline: async (id: string, deadline: string) =>
      (
        await db
          .update(ledgerItems)
          .set({ deadline, updatedAt: sql`now()` })
          .where(eq(ledgerItems.id, id))
          .returning()
      )[0] ?? null,

    addNote: (row: typeof ledgerProgressNotes.$inferInsert) =>
      withConstraintErrors(async () => (await db.insert(ledgerProgressNotes).values(row).returning())[0]!),
    addEvidence: (row: typeof ledgerEvidence.$inferInsert) =>
      withConstraintErrors(async () => (await db.insert(ledgerEvidence).values(row).returning())[0]!),
    notes: (itemId: string) =>
      db
        .select()
        .from(ledgerProgressNotes)
        .where(eq(ledgerProgressNotes.itemId, itemId))
        .orderBy(asc(ledgerProgressNotes.at)),
    evidence: (itemId: string) =>
      db
        .select()
        .from(ledgerEvidence)
        .where(eq(ledgerEvidence.itemId, itemId))
        .orderBy(asc(ledgerEvidence.at)),
    escalations: (itemId: string) =>
      db
        .select()
        .from(ledgerEscalations)
        .where(eq(ledgerEscalations.itemId, itemId))
        .orderBy(asc(ledgerEscalations.at)),

    /**
     * Record the escalation of an item for one missed deadline. Returns false when that deadline was
     * already escalated (idempotent per deadline: the unique index decides, also under concurrency).
     */
    async recordEscalation(row: {
      itemId: string;
      deadline: string;
      fromLevel: SupervisionLevel;
      toLevel: SupervisionLevel | null;
    }): Promise<boolean> {
      const r = await db
        .insert(ledgerEscalations)
        .values(row)
        .onConflictDoNothing({ target: [ledgerEscalations.itemId, ledgerEscalations.deadline] })
        .returning({ id: ledgerEscalations.id });
      return r.length === 1;
    },

    /** Unfinished items under a scope whose deadline is before `today` (candidates for 督办). */
    overdueCandidates: (scope: { level: ScopeLevel; id: string }, today: string) =>
      db
        .select()
        .from(ledgerItems)
        .where(
          and(
            inArray(ledgerItems.communityId, communitiesUnder(db, scope)),
            inArray(ledgerItems.status, ["open", "in_progress", "overdue", "escalated"]),
            lt(ledgerItems.deadline, today),
          ),
        )
        .orderBy(asc(ledgerItems.deadline), asc(ledgerItems.id))
        .limit(5000),

    /**
     * Supervision view: items under a scope, optionally at one supervision level; overdue (and escalated)
     * first, then by deadline. Cursor = offset (the order is not a stable key). With `sort`: keyset
     * under that sort instead.
     */
    async supervision(input: {
      scope: { level: ScopeLevel; id: string };
      supervisionLevel?: SupervisionLevel;
      includeDone?: boolean;
      cursor?: string | null;
      limit?: number;
      sort?: Sort<(typeof ledgerSortKeys)[number]>;
    }) {
      const limit = pageSize(input.limit);
      const where: SQL[] = [inArray(ledgerItems.communityId, communitiesUnder(db, input.scope))];
      if (input.supervisionLevel) where.push(eq(ledgerItems.supervisionLevel, input.supervisionLevel));
      if (!input.includeDone) where.push(sql`${ledgerItems.status} <> 'done'`);
      if (input.sort) {
        const ks = keysetSort({
          columns: ledgerSorts,
          sort: input.sort,
          tiebreak: { column: ledgerItems.id, kind: "uuid", value: (r) => r.id },
          cursor: input.cursor,
        });
        if (ks.where) where.push(ks.where);
        const rows = await db
          .select()
          .from(ledgerItems)
          .where(and(...where))
          .orderBy(...ks.orderBy)
          .limit(limit + 1);
        return ks.toPage(rows, limit);
      }
      const offset = input.cursor && /^\d{1,9}$/.test(input.cursor) ? Number(input.cursor) : 0;
      const rows = await db
        .select()
        .from(ledgerItems)
        .where(and(...where))
        .orderBy(
          sql`case when ${ledgerItems.status} in ('overdue', 'escalated') then 0 else 1 end`,
          asc(ledgerItems.deadline),
          asc(ledgerItems.id),
        )
        .limit(limit + 1)
        .offset(offset);
      const items = rows.slice(0, limit);
      return { items, nextCursor: rows.length > limit ? String(offset + limit) : null };
    },

    /** Items under a scope as core's close-out report wants them (opened on = created date, Beijing time). */
    reportItems: async (
      scope: { level: ScopeLevel; id: string },
      until: string,
    ): Promise<LedgerReportItem[]> =>
      (
        await db
          .select({
            id: ledgerItems.id,
            responsibleUnit: ledgerItems.responsibleUnit,
            openedOn: sql<string>`to_char(${ledgerItems.createdAt} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`,
            deadline: ledgerItems.deadline,
            closedOn: ledgerItems.closedOn,
          })
          .from(ledgerItems)
          .where(
            and(
              inArray(ledgerItems.communityId, communitiesUnder(db, scope)),
              sql`(${ledgerItems.createdAt} at time zone 'Asia/Shanghai')::date <= ${until}::date`,
            ),
          )
          .orderBy(asc(ledgerItems.responsibleUnit), asc(ledgerItems.id))
      ).map((r) => ({ ...r, openedOn: String(r.openedOn) })),

    /** 民评: one rating per user and item (the primary key refuses a second). */
    rate: (row: { itemId: string; userId: string; score: number; comment: string | null }) =>
      withConstraintErrors(async () => (await db.insert(ledgerRatings).values(row).returning())[0]!),

    /**
     * Public list of a community's items: what became of each decided topic, with the latest progress
     * note and the average rating. Newest deadline last; keyset on (deadline, id).
     */
    async publicList(input: { communityId: string; cursor?: string | null; limit?: number }) {
      const limit = pageSize(input.limit);
      const [cd, cid] = (input.cursor ?? "").split("|");
      const where: SQL[] = [eq(ledgerItems.communityId, input.communityId)];
      if (cd && cid && /^\d{4}-\d{2}-\d{2}$/.test(cd) && /^[0-9a-f-]{36}$/i.test(cid))
        where.push(
          or(gt(ledgerItems.deadline, cd), and(eq(ledgerItems.deadline, cd), gt(ledgerItems.id, cid)))!,
        );
      const rows = await db
        .select({
          item: ledgerItems,
          averageRating: sql<
            string | null
          >`(select avg(r.score)::numeric(3,2)::text from ledger_ratings r where r.item_id = ledger_items.id)`,
          ratings: sql<number>`(select count(*)::int from ledger_ratings r where r.item_id = ledger_items.id)`,
          latestNote: sql<
            string | null
          >`(select n.note from ledger_progress_notes n where n.item_id = ledger_items.id order by n.at desc limit 1)`,
        })
        .from(ledgerItems)
        .where(and(...where))
        .orderBy(asc(ledgerItems.deadline), asc(ledgerItems.id))
        .limit(limit + 1);
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items: items.map((r) => ({
          ...r,
          averageRating: r.averageRating === null ? null : Number(r.averageRating),
          ratings: Number(r.ratings),
        })),
        nextCursor: rows.length > limit && last ? `${last.item.deadline}|${last.item.id}` : null,
      };
    },

    /** A user's own rating of an item, if any. */
    myRating: async (itemId: string, userId: string) =>
      (
        await db
          .select({
            score: ledgerRatings.score,
            comment: ledgerRatings.comment,
            createdAt: ledgerRatings.createdAt,
          })
          .from(ledgerRatings)
          .where(and(eq(ledgerRatings.itemId, itemId), eq(ledgerRatings.userId, userId)))
      )[0] ?? null,

    ratingSummary: async (itemId: string) => {
      const [r] = await db
        .select({ n: count(), avg: avg(ledgerRatings.score) })
        .from(ledgerRatings)
        .where(eq(ledgerRatings.itemId, itemId));
      return { ratings: Number(r?.n ?? 0), averageRating: r?.avg == null ? null : Number(r.avg) };
    },

    /** Items of a community, newest first (staff list). */
    listByCommunity: (communityId: string) =>
      db
        .select()
        .from(ledgerItems)
        .where(eq(ledgerItems.communityId, communityId))
        .orderBy(desc(ledgerItems.createdAt)),
  };
}
