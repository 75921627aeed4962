import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./account.ts";
import { pk, timestamps } from "./columns.ts";
import { meetingStatus, topicCategory, topicStatus } from "./enums.ts";
import { communities, compounds } from "./registry.ts";

/** 议事会 — one monthly deliberation meeting per community and month. */
export const meetings = pgTable(
  "meetings",
  {
    id: pk(),
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "restrict" }),
    month: text("month").notNull(),
    scheduledAt: timestamp("scheduled_at", { withTimezone: true }).notNull(),
    location: text("location").notNull(),
    status: meetingStatus("status").notNull().default("planned"),
    minutes: text("minutes"),
    attendanceCount: integer("attendance_count"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("meetings_community_month_uq").on(t.communityId, t.month),
    check("meetings_month_format", sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check("meetings_attendance_nonnegative", sql`${t.attendanceCount} is null or ${t.attendanceCount} >= 0`),
  ],
);

/** 议题 */
export const topics = pgTable(
  "topics",
  {
    id: pk(),
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "restrict" }),
    compoundId: uuid("compound_id").references(() => compounds.id, { onDelete: "set null" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    title: text("title").notNull(),
    body: text("body").notNull(),
    category: topicCategory("category").notNull(),
    status: topicStatus("status").notNull().default("draft"),
    supportCount: integer("support_count").notNull().default(0),
    mergedIntoId: uuid("merged_into_id").references((): AnyPgColumn => topics.id, { onDelete: "restrict" }),
    declineReason: text("decline_reason"),
    meetingId: uuid("meeting_id").references(() => meetings.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    index("topics_community_status_idx").on(t.communityId, t.status, t.createdAt),
    index("topics_author_idx").on(t.authorId),
    check("topics_support_count_nonnegative", sql`${t.supportCount} >= 0`),
    check("topics_merged_has_target", sql`(${t.status} = 'merged') = (${t.mergedIntoId} is not null)`),
    check("topics_not_merged_into_self", sql`${t.mergedIntoId} is null or ${t.mergedIntoId} <> ${t.id}`),
    check(
      "topics_declined_has_reason",
      sql`${t.status} <> 'declined' or coalesce(length(trim(${t.declineReason})), 0) > 0`,
    ),
  ],
);

/** 附议 — one support per user per topic. */
export const topicSupports = pgTable(
  "topic_supports",
  {
    topicId: uuid("topic_id")
      .notNull()
      .references(() => topics.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.topicId, t.userId] }), index("topic_supports_user_idx").on(t.userId)],
);

export const topicComments = pgTable(
  "topic_comments",
  {
    id: pk(),
    topicId: uuid("topic_id")
      .notNull()
      .references(() => topics.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    body: text("body").notNull(),
    hidden: boolean("hidden").notNull().default(false),
    ...timestamps,
  },
  (t) => [index("topic_comments_topic_idx").on(t.topicId, t.createdAt)],
);

export const topicStatusChanges = pgTable(
  "topic_status_changes",
  {
    id: pk(),
    topicId: uuid("topic_id")
      .notNull()
      .references(() => topics.id, { onDelete: "cascade" }),
    from: topicStatus("from_status"),
    to: topicStatus("to_status").notNull(),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    note: text("note"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("topic_status_changes_topic_idx").on(t.topicId, t.at)],
);

export const agendaItems = pgTable(
  "agenda_items",
  {
    id: pk(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    topicId: uuid("topic_id").references(() => topics.id, { onDelete: "set null" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
  },
  (t) => [
    uniqueIndex("agenda_items_position_uq").on(t.meetingId, t.position),
    uniqueIndex("agenda_items_topic_uq").on(t.meetingId, t.topicId),
    check("agenda_items_position_positive", sql`${t.position} >= 1`),
  ],
);

export const meetingAttendees = pgTable(
  "meeting_attendees",
  {
    id: pk(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    capacity: text("capacity").notNull(),
  },
  (t) => [index("meeting_attendees_meeting_idx").on(t.meetingId)],
);

export const meetingDecisions = pgTable(
  "meeting_decisions",
  {
    id: pk(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    topicId: uuid("topic_id").references(() => topics.id, { onDelete: "set null" }),
    text: text("text").notNull(),
    requiresOwnersVote: boolean("requires_owners_vote").notNull().default(false),
    ...timestamps,
  },
  (t) => [index("meeting_decisions_meeting_idx").on(t.meetingId)],
);
