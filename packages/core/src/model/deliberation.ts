import { z } from "zod";
import { id, isoMonth, name, text, timestamps } from "./common.ts";
import { meetingStatuses, topicCategories, topicStatuses } from "./enums.ts";

/** 议题 — a deliberation topic raised by a resident or staff (DOMAIN.md §5). */
export const topic = z.object({
  id,
  communityId: id,
  compoundId: id.nullable(),
  authorId: id,
  title: z.string().trim().min(4).max(80),
  body: z.string().trim().min(10).max(5000),
  category: z.enum(topicCategories),
  status: z.enum(topicStatuses),
  supportCount: z.number().int().min(0),
  /** When merged into a duplicate (status "merged"). */
  mergedIntoId: id.nullable(),
  /** Public reason when declined (status "declined"). */
  declineReason: z.string().trim().max(1000).nullable(),
  meetingId: id.nullable(),
  ...timestamps,
});
export type Topic = z.infer<typeof topic>;

/** Input to propose a topic. */
export const proposeTopicInput = topic.pick({
  communityId: true,
  compoundId: true,
  title: true,
  body: true,
  category: true,
});
export type ProposeTopicInput = z.infer<typeof proposeTopicInput>;

/** 附议 — one support per user per topic. */
export const support = z.object({ topicId: id, userId: id, createdAt: z.date() });
export type Support = z.infer<typeof support>;

/** A comment on a topic; hidden after a successful report. */
export const comment = z.object({
  id,
  topicId: id,
  authorId: id,
  body: z.string().trim().min(1).max(2000),
  hidden: z.boolean(),
  ...timestamps,
});
export type Comment = z.infer<typeof comment>;

/** A status change of a topic, kept for the public history. */
export const topicStatusChange = z.object({
  id,
  topicId: id,
  from: z.enum(topicStatuses).nullable(),
  to: z.enum(topicStatuses),
  actorId: id.nullable(),
  note: text(1000).nullable(),
  at: z.date(),
});
export type TopicStatusChange = z.infer<typeof topicStatusChange>;

/** 议事会 — a community's monthly deliberation meeting (月协商). One per community and month. */
export const meeting = z.object({
  id,
  communityId: id,
  month: isoMonth,
  scheduledAt: z.date(),
  location: name(200),
  status: z.enum(meetingStatuses),
  minutes: text(50_000).nullable(),
  /** Head count present; individual attendees are listed separately where known. */
  attendanceCount: z.number().int().min(0).nullable(),
  ...timestamps,
});
export type Meeting = z.infer<typeof meeting>;

/** An agenda item, usually an accepted topic. */
export const agendaItem = z.object({
  id,
  meetingId: id,
  topicId: id.nullable(),
  position: z.number().int().min(1),
  title: name(200),
});
export type AgendaItem = z.infer<typeof agendaItem>;

export const attendee = z.object({
  id,
  meetingId: id,
  name: name(50),
  userId: id.nullable(),
  /** e.g. 居民代表, 居委会, 物业, 业委会 */
  capacity: name(50),
});
export type Attendee = z.infer<typeof attendee>;

/** A decision recorded by a meeting; it may call for an owners' vote (§4) and becomes ledger items (§6). */
export const meetingDecision = z.object({
  id,
  meetingId: id,
  topicId: id.nullable(),
  text: z.string().trim().min(1).max(5000),
  requiresOwnersVote: z.boolean(),
  ...timestamps,
});
export type MeetingDecision = z.infer<typeof meetingDecision>;
