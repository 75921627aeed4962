import { and, asc, eq, gt, gte, inArray, lte, type SQL } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { DbConstraintError, withConstraintErrors } from "../errors.ts";
import { agendaItems, meetingAttendees, meetingDecisions, meetings, topics } from "../schema/index.ts";
import { pageSize } from "./pagination.ts";

export type MeetingRow = typeof meetings.$inferSelect;
export type NewMeeting = typeof meetings.$inferInsert;

/** 议事会 (monthly deliberation meetings, 月协商): agenda, attendance, minutes and decisions. */
export function meetingsRepository(db: Executor) {
  return {
    /** Plan a meeting; a second one for the same community and month is refused (meetings_community_month_uq). */
    create: (row: NewMeeting) =>
      withConstraintErrors(async () => (await db.insert(meetings).values(row).returning())[0]!),

    get: async (id: string) => (await db.select().from(meetings).where(eq(meetings.id, id)))[0] ?? null,

    /** Lock a meeting row for the rest of the transaction. */
    lockForUpdate: async (id: string) =>
      (await db.select().from(meetings).where(eq(meetings.id, id)).for("update"))[0] ?? null,

    update: (id: string, patch: Partial<Pick<MeetingRow, "status" | "minutes" | "attendanceCount">>) =>
      withConstraintErrors(async () => {
        const [row] = await db.update(meetings).set(patch).where(eq(meetings.id, id)).returning();
        if (!row) throw new DbConstraintError("foreign_key_violation", "meetings_missing", "no such meeting");
        return row;
      }),

    /** A community's meetings in month order (calendar), optionally within [fromMonth, toMonth]; cursor = month. */
    async list(input: {
      communityId: string;
      fromMonth?: string;
      toMonth?: string;
      cursor?: string | null;
      limit?: number;
    }) {
      const limit = pageSize(input.limit);
      const where: SQL[] = [eq(meetings.communityId, input.communityId)];
      if (input.fromMonth) where.push(gte(meetings.month, input.fromMonth));
      if (input.toMonth) where.push(lte(meetings.month, input.toMonth));
      if (input.cursor) where.push(gt(meetings.month, input.cursor));
      const rows = await db
        .select()
        .from(meetings)
        .where(and(...where))
        .orderBy(asc(meetings.month))
        .limit(limit + 1);
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last ? last.month : null };
    },

    agenda: (meetingId: string) =>
      db
        .select({
          id: agendaItems.id,
          meetingId: agendaItems.meetingId,
          topicId: agendaItems.topicId,
          position: agendaItems.position,
          title: agendaItems.title,
          topicStatus: topics.status,
        })
        .from(agendaItems)
        .leftJoin(topics, eq(topics.id, agendaItems.topicId))
        .where(eq(agendaItems.meetingId, meetingId))
        .orderBy(asc(agendaItems.position)),

    /** Replace the whole agenda with `items` in this order (positions 1…n). */
    replaceAgenda: (meetingId: string, items: { topicId: string | null; title: string }[]) =>
      withConstraintErrors(async () => {
        await db.delete(agendaItems).where(eq(agendaItems.meetingId, meetingId));
        if (items.length === 0) return [];
        return db
          .insert(agendaItems)
          .values(
            items.map((it, i) => ({ meetingId, topicId: it.topicId, title: it.title, position: i + 1 })),
          )
          .returning();
      }),

    attendees: (meetingId: string) =>
      db
        .select()
        .from(meetingAttendees)
        .where(eq(meetingAttendees.meetingId, meetingId))
        .orderBy(asc(meetingAttendees.name), asc(meetingAttendees.id)),

    /** Replace the list of attendees. */
    replaceAttendees: (
      meetingId: string,
      rows: { name: string; userId: string | null; capacity: string }[],
    ) =>
      withConstraintErrors(async () => {
        await db.delete(meetingAttendees).where(eq(meetingAttendees.meetingId, meetingId));
        if (rows.length === 0) return [];
        return db
          .insert(meetingAttendees)
          .values(rows.map((r) => ({ ...r, meetingId })))
          .returning();
      }),

    decisions: (meetingId: string) =>
      db
        .select()
        .from(meetingDecisions)
        .where(eq(meetingDecisions.meetingId, meetingId))
        .orderBy(asc(meetingDecisions.createdAt), asc(meetingDecisions.id)),

    addDecision: (row: typeof meetingDecisions.$inferInsert) =>
      withConstraintErrors(async () => (await db.insert(meetingDecisions).values(row).returning())[0]!),

    /** Topics linked to a meeting (scheduled onto it), in any status. */
    topicsOf: (meetingId: string) => db.select().from(topics).where(eq(topics.meetingId, meetingId)),

    /** Topics by id restricted to a community (used to validate agenda items). */
    topicsIn: (communityId: string, ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db
            .select()
            .from(topics)
            .where(and(eq(topics.communityId, communityId), inArray(topics.id, ids))),
  };
}
