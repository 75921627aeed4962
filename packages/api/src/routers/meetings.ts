/**
 * 议事会 — a community's monthly deliberation meeting (月协商; DOMAIN.md §5, 京办发〔2016〕23号). Staff
 * plan one meeting per community and month, set its agenda from accepted topics (accepted →
 * scheduled), record attendance and minutes, mark it held (agenda topics → deliberated, 民议) and
 * record its decisions (topic → decided, 民决; a decision may call for an owners' vote under 民法典
 * Art. 278). Topic transitions go through core's table (./topic-transitions.ts). Meetings are public
 * for the community.
 *
 * Meeting states: planned → held | cancelled. The agenda changes only while planned; attendance and
 * minutes while planned or held; decisions only once held. Cancelling takes scheduled topics back to
 * accepted (core: scheduled → accepted) so they can go on another meeting.
 */
import {
  agendaItem,
  attendee,
  beijingDate,
  beijingMonth,
  checkTypedDate,
  isoMonth,
  meeting,
  meetingDecision,
  pageInput,
  topicStatuses,
} from "@gongzhi/core";
import { type MeetingRow, meetingsRepository, topicsRepository } from "@gongzhi/db";
import { z } from "zod";
import { ApiError, notFound } from "../errors.ts";
import { staffRoles } from "../policy.ts";
import { audited, type Context, publicProcedure, router, scopedProcedure } from "../trpc.ts";
import { requireTypedDate } from "../typed-dates.ts";
import { actingStaffRole, transitionTopic } from "./topic-transitions.ts";

const meetingId = z.object({ meetingId: z.uuid() });
/** A date-time, as a Date (server callers) or an ISO 8601 string with an offset (HTTP clients). */
const dateTime = z
  .union([z.date(), z.iso.datetime({ offset: true })])
  .transform((v) => new Date(v))
  .refine((d) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 2000 && d.getUTCFullYear() < 2100, {
    message: "expected a date between 2000 and 2099",
  });

const agendaOut = agendaItem.extend({ topicStatus: z.enum(topicStatuses).nullable() });
const meetingDetail = meeting.extend({
  agenda: z.array(agendaOut),
  attendees: z.array(attendee),
  decisions: z.array(meetingDecision),
});

/**
 * What is recorded of a meeting — attendance, minutes, that it was held and so its decisions — is
 * recorded on or after its date, never before it happened (the clock decides; tests move it).
 */
function requireMeetingDay(m: MeetingRow, now: Date) {
  const meetingDay = beijingDate(m.scheduledAt);
  if (checkTypedDate("occurred", meetingDay, beijingDate(now)))
    throw new ApiError(
      "CONFLICT",
      "error.meeting.before_its_date",
      "the meeting has not taken place yet: it is on its date or later that it is recorded",
      { date: meetingDay },
    );
}

const conflict = (key: string, message: string) => new ApiError("CONFLICT", key, message);

type StaffCtx = Context & {
  actor: { userId: string };
  scopes: import("../policy.ts").Assignment[];
  requireScope: (t: { level: "community"; id: string }) => Promise<import("@gongzhi/db").Ancestry>;
};

/** The meeting (NOT_FOUND when unknown), the scope check on its community, and the acting role. */
async function staffMeeting(ctx: StaffCtx, id: string) {
  const m = await meetingsRepository(ctx.db).get(id);
  if (!m) throw notFound("meeting");
  const ancestry = await ctx.requireScope({ level: "community", id: m.communityId });
  return { m, actor: actingStaffRole(ctx.scopes, ancestry) };
}

function requireStatus(m: MeetingRow, allowed: MeetingRow["status"][], what: string) {
  if (!allowed.includes(m.status))
    throw conflict(`error.meeting.not_${allowed.join("_or_")}`, `${what}: the meeting is ${m.status}`);
}

export const meetingsRouter = router({
  /** Plan the month's meeting (月协商) of a community: one per community and month. */
  plan: scopedProcedure(staffRoles)
    .input(
      z.object({
        communityId: z.uuid(),
        month: isoMonth,
        scheduledAt: dateTime,
        location: meeting.shape.location,
      }),
    )
    .output(meeting)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "community", id: input.communityId });
      // A meeting is planned for today or later, not backfilled into the past.
      requireTypedDate("due", beijingDate(input.scheduledAt), ctx.now(), "scheduledAt");
      if (beijingMonth(input.scheduledAt) !== input.month)
        throw new ApiError(
          "BAD_REQUEST",
          "error.meeting.month_mismatch",
          "scheduledAt is not in the given month",
          {
            month: input.month,
          },
        );
      return audited(ctx, async (tx) => {
        const m = await meetingsRepository(tx).create({
          communityId: input.communityId,
          month: input.month,
          scheduledAt: input.scheduledAt,
          location: input.location,
        });
        return {
          result: m,
          audit: { action: "meeting.plan", entityType: "meeting", entityId: m.id, before: null, after: m },
        };
      });
    }),

  /** A community's meetings in month order (calendar), optionally within a month range. Public. */
  list: publicProcedure
    .input(
      pageInput.extend({
        communityId: z.uuid(),
        fromMonth: isoMonth.optional(),
        toMonth: isoMonth.optional(),
      }),
    )
    .output(z.object({ items: z.array(meeting), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      if (input.cursor && !/^\d{4}-\d{2}$/.test(input.cursor))
        throw new ApiError("BAD_REQUEST", "error.invalid_cursor", "invalid cursor");
      return meetingsRepository(ctx.db).list({
        communityId: input.communityId,
        ...(input.fromMonth ? { fromMonth: input.fromMonth } : {}),
        ...(input.toMonth ? { toMonth: input.toMonth } : {}),
        cursor: input.cursor ?? null,
        limit: input.limit,
      });
    }),

  /** A meeting with its agenda, attendees, minutes and decisions. Public. */
  get: publicProcedure
    .input(meetingId)
    .output(meetingDetail)
    .query(async ({ ctx, input }) => {
      const repo = meetingsRepository(ctx.db);
      const m = await repo.get(input.meetingId);
      if (!m) throw notFound("meeting");
      const [agenda, attendees, decisions] = await Promise.all([
        repo.agenda(m.id),
        repo.attendees(m.id),
        repo.decisions(m.id),
      ]);
      return { ...m, agenda, attendees, decisions };
    }),

  /**
   * Replace the agenda (add, remove, reorder). Topic items must be accepted topics of the community
   * (→ scheduled onto this meeting) or already scheduled onto it; removed topics go back to accepted.
   * Free items (no topic) carry a title. All or nothing.
   */
  setAgenda: scopedProcedure(staffRoles)
    .input(
      meetingId.extend({
        items: z
          .array(
            z.union([
              z.object({ topicId: z.uuid() }).strict(),
              z.object({ title: agendaItem.shape.title }).strict(),
            ]),
          )
          .max(30),
      }),
    )
    .output(z.array(agendaOut))
    .mutation(async ({ ctx, input }) => {
      const { m, actor } = await staffMeeting(ctx, input.meetingId);
      const wanted = input.items.flatMap((i) => ("topicId" in i ? [i.topicId] : []));
      if (new Set(wanted).size !== wanted.length)
        throw new ApiError(
          "BAD_REQUEST",
          "error.meeting.duplicate_agenda_topic",
          "a topic appears twice on the agenda",
        );
      return audited(ctx, async (tx) => {
        const repo = meetingsRepository(tx);
        const topics = topicsRepository(tx);
        const locked = (await repo.lockForUpdate(m.id))!;
        requireStatus(locked, ["planned"], "the agenda can only change before the meeting");
        const before = await repo.agenda(m.id);
        const found = new Map((await repo.topicsIn(m.communityId, wanted)).map((t) => [t.id, t]));
        const audit = [];
        // Topics taken off the agenda go back to accepted.
        for (const item of before) {
          if (!item.topicId || wanted.includes(item.topicId)) continue;
          const t = await topics.lockForUpdate(item.topicId);
          if (t && t.status === "scheduled" && t.meetingId === m.id) {
            const moved = await transitionTopic(tx, t, {
              to: "accepted",
              actor,
              actorId: ctx.actor.userId,
              at: ctx.now(),
              meetingId: null,
              note: "taken off the agenda",
            });
            audit.push(moved.audit);
          }
        }
        const rows: { topicId: string | null; title: string }[] = [];
        for (const item of input.items) {
          if (!("topicId" in item)) {
            rows.push({ topicId: null, title: item.title });
            continue;
          }
          const t0 = found.get(item.topicId);
          if (!t0) throw notFound("topic");
          const t = (await topics.lockForUpdate(t0.id))!;
          if (!(t.status === "scheduled" && t.meetingId === m.id)) {
            // Scheduling an accepted topic onto this meeting: accepted → scheduled (core checks it).
            const moved = await transitionTopic(tx, t, {
              to: "scheduled",
              actor,
              actorId: ctx.actor.userId,
              at: ctx.now(),
              meetingId: m.id,
              params: { month: m.month, location: m.location },
              link: `/meetings/${m.id}`,
            });
            audit.push(moved.audit);
          }
          rows.push({ topicId: t.id, title: t.title.slice(0, 200) });
        }
        await repo.replaceAgenda(m.id, rows);
        const after = await repo.agenda(m.id);
        audit.push({ action: "meeting.set_agenda", entityType: "meeting", entityId: m.id, before, after });
        return { result: after, audit };
      });
    }),

  /** Record who attended (and the head count, which defaults to the number of attendees listed). */
  recordAttendance: scopedProcedure(staffRoles)
    .input(
      meetingId.extend({
        attendees: z
          .array(
            z.object({
              name: attendee.shape.name,
              userId: z.uuid().nullish(),
              capacity: attendee.shape.capacity,
            }),
          )
          .max(500),
        attendanceCount: z.number().int().min(0).max(100_000).optional(),
      }),
    )
    .output(meetingDetail.pick({ attendanceCount: true, attendees: true }))
    .mutation(async ({ ctx, input }) => {
      const { m } = await staffMeeting(ctx, input.meetingId);
      const count = input.attendanceCount ?? input.attendees.length;
      if (count < input.attendees.length)
        throw new ApiError(
          "BAD_REQUEST",
          "error.meeting.attendance_below_list",
          "the head count is below the attendees listed",
        );
      return audited(ctx, async (tx) => {
        const repo = meetingsRepository(tx);
        const locked = (await repo.lockForUpdate(m.id))!;
        requireStatus(locked, ["planned", "held"], "attendance");
        requireMeetingDay(locked, ctx.now());
        const before = { attendanceCount: locked.attendanceCount, attendees: await repo.attendees(m.id) };
        await repo.replaceAttendees(
          m.id,
          input.attendees.map((a) => ({ name: a.name, userId: a.userId ?? null, capacity: a.capacity })),
        );
        const updated = await repo.update(m.id, { attendanceCount: count });
        const after = { attendanceCount: updated.attendanceCount, attendees: await repo.attendees(m.id) };
        return {
          result: after,
          audit: { action: "meeting.attendance", entityType: "meeting", entityId: m.id, before, after },
        };
      });
    }),

  /** Record the minutes (纪要). */
  recordMinutes: scopedProcedure(staffRoles)
    .input(meetingId.extend({ minutes: z.string().trim().min(1).max(50_000) }))
    .output(meeting)
    .mutation(async ({ ctx, input }) => {
      const { m } = await staffMeeting(ctx, input.meetingId);
      return audited(ctx, async (tx) => {
        const repo = meetingsRepository(tx);
        const locked = (await repo.lockForUpdate(m.id))!;
        requireStatus(locked, ["planned", "held"], "minutes");
        requireMeetingDay(locked, ctx.now());
        const after = await repo.update(m.id, { minutes: input.minutes });
        return {
          result: after,
          audit: {
            action: "meeting.minutes",
            entityType: "meeting",
            entityId: m.id,
            before: { minutes: locked.minutes },
            after: { minutes: after.minutes },
          },
        };
      });
    }),

  /** 民议: the meeting was held; the topics scheduled onto it are deliberated. */
  markHeld: scopedProcedure(staffRoles)
    .input(meetingId)
    .output(meeting)
    .mutation(async ({ ctx, input }) => {
      const { m, actor } = await staffMeeting(ctx, input.meetingId);
      return audited(ctx, async (tx) => {
        const repo = meetingsRepository(tx);
        const topics = topicsRepository(tx);
        const locked = (await repo.lockForUpdate(m.id))!;
        requireStatus(locked, ["planned"], "mark held");
        requireMeetingDay(locked, ctx.now());
        const audit = [];
        for (const item of await repo.agenda(m.id)) {
          if (!item.topicId) continue;
          const t = await topics.lockForUpdate(item.topicId);
          if (t?.status !== "scheduled" || t.meetingId !== m.id) continue;
          const moved = await transitionTopic(tx, t, {
            to: "deliberated",
            actor,
            actorId: ctx.actor.userId,
            at: ctx.now(),
          });
          audit.push(moved.audit);
        }
        const after = await repo.update(m.id, { status: "held" });
        audit.push({
          action: "meeting.held",
          entityType: "meeting",
          entityId: m.id,
          before: { status: locked.status },
          after: { status: after.status },
        });
        return { result: after, audit };
      });
    }),

  /**
   * 民决: record a decision of a held meeting, optionally about a topic on its agenda (deliberated →
   * decided). `requiresOwnersVote` marks decisions that need an owners' joint decision (民法典 Art. 278).
   */
  recordDecision: scopedProcedure(staffRoles)
    .input(
      meetingId.extend({
        topicId: z.uuid().nullish(),
        text: meetingDecision.shape.text,
        requiresOwnersVote: z.boolean().default(false),
      }),
    )
    .output(meetingDecision)
    .mutation(async ({ ctx, input }) => {
      const { m, actor } = await staffMeeting(ctx, input.meetingId);
      return audited(ctx, async (tx) => {
        const repo = meetingsRepository(tx);
        const locked = (await repo.lockForUpdate(m.id))!;
        requireStatus(locked, ["held"], "decisions are recorded after the meeting");
        requireMeetingDay(locked, ctx.now());
        const audit = [];
        if (input.topicId) {
          const onAgenda = (await repo.agenda(m.id)).some((i) => i.topicId === input.topicId);
          if (!onAgenda)
            throw new ApiError(
              "BAD_REQUEST",
              "error.meeting.topic_not_on_agenda",
              "the topic is not on this meeting's agenda",
            );
          const t = (await topicsRepository(tx).lockForUpdate(input.topicId))!;
          // A second decision on an already decided topic adds to the record without a transition.
          if (t.status !== "decided") {
            const moved = await transitionTopic(tx, t, {
              to: "decided",
              actor,
              actorId: ctx.actor.userId,
              at: ctx.now(),
              note: input.text.slice(0, 1000),
            });
            audit.push(moved.audit);
          }
        }
        const d = await repo.addDecision({
          meetingId: m.id,
          topicId: input.topicId ?? null,
          text: input.text,
          requiresOwnersVote: input.requiresOwnersVote,
        });
        audit.push({
          action: "meeting.decision",
          entityType: "meeting_decision",
          entityId: d.id,
          before: null,
          after: d,
        });
        return { result: d, audit };
      });
    }),

  /** Cancel a planned meeting; its scheduled topics go back to accepted. */
  cancel: scopedProcedure(staffRoles)
    .input(meetingId.extend({ reason: z.string().trim().max(1000).optional() }))
    .output(meeting)
    .mutation(async ({ ctx, input }) => {
      const { m, actor } = await staffMeeting(ctx, input.meetingId);
      return audited(ctx, async (tx) => {
        const repo = meetingsRepository(tx);
        const topics = topicsRepository(tx);
        const locked = (await repo.lockForUpdate(m.id))!;
        requireStatus(locked, ["planned"], "cancel");
        const audit = [];
        for (const t0 of await repo.topicsOf(m.id)) {
          const t = (await topics.lockForUpdate(t0.id))!;
          if (t.status !== "scheduled") continue;
          const moved = await transitionTopic(tx, t, {
            to: "accepted",
            actor,
            actorId: ctx.actor.userId,
            at: ctx.now(),
            meetingId: null,
            note: "meeting cancelled",
          });
          audit.push(moved.audit);
        }
        const after = await repo.update(m.id, { status: "cancelled" });
        audit.push({
          action: "meeting.cancel",
          entityType: "meeting",
          entityId: m.id,
          before: { status: locked.status },
          after: { status: after.status, reason: input.reason ?? null },
        });
        return { result: after, audit };
      });
    }),
});
