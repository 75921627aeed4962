import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./account.ts";
import { pk, timestamps } from "./columns.ts";
import { meetingDecisions, topics } from "./deliberation.ts";
import { ledgerStatus, supervisionLevel } from "./enums.ts";
import { workOrders } from "./hotline.ts";
import { communities } from "./registry.ts";

/** 台账 item (DOMAIN.md §6). */
export const ledgerItems = pgTable(
  "ledger_items",
  {
    id: pk(),
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "restrict" }),
    topicId: uuid("topic_id").references(() => topics.id, { onDelete: "set null" }),
    meetingDecisionId: uuid("meeting_decision_id").references(() => meetingDecisions.id, {
      onDelete: "set null",
    }),
    /** The 接诉即办 order this item supervises (an overdue order's 督办, `src/jobs.ts`): one item per order. */
    workOrderId: uuid("work_order_id")
      .unique("ledger_items_work_order_uq")
      .references(() => workOrders.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    responsibleUnit: text("responsible_unit").notNull(),
    deadline: date("deadline", { mode: "string" }).notNull(),
    supervisionLevel: supervisionLevel("supervision_level").notNull().default("community"),
    status: ledgerStatus("status").notNull().default("open"),
    closedOn: date("closed_on", { mode: "string" }),
    ...timestamps,
  },
  (t) => [
    index("ledger_items_community_status_idx").on(t.communityId, t.status, t.deadline),
    index("ledger_items_level_deadline_idx").on(t.supervisionLevel, t.status, t.deadline),
    check("ledger_items_done_has_close_date", sql`(${t.status} = 'done') = (${t.closedOn} is not null)`),
  ],
);

export const ledgerProgressNotes = pgTable(
  "ledger_progress_notes",
  {
    id: pk(),
    itemId: uuid("item_id")
      .notNull()
      .references(() => ledgerItems.id, { onDelete: "cascade" }),
    note: text("note").notNull(),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ledger_progress_notes_item_idx").on(t.itemId, t.at)],
);

export const ledgerEvidence = pgTable(
  "ledger_evidence",
  {
    id: pk(),
    itemId: uuid("item_id")
      .notNull()
      .references(() => ledgerItems.id, { onDelete: "cascade" }),
    description: text("description").notNull(),
    url: text("url"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ledger_evidence_item_idx").on(t.itemId)],
);

/** 民评 — one rating per user per item, score 1–5. */
export const ledgerRatings = pgTable(
  "ledger_ratings",
  {
    itemId: uuid("item_id")
      .notNull()
      .references(() => ledgerItems.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    score: integer("score").notNull(),
    comment: text("comment"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.userId] }),
    check("ledger_ratings_score_range", sql`${t.score} between 1 and 5`),
  ],
);
