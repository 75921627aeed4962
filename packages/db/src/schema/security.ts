import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./account.ts";
import { topicComments } from "./deliberation.ts";
import { units } from "./registry.ts";

/**
 * One-time household codes (户码) for ownership verification. Only a SHA-256 of the code is stored;
 * the code itself is shown once, on the printed sheet for its building.
 */
export const householdCodes = pgTable(
  "household_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull().unique(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedBy: uuid("used_by").references(() => users.id, { onDelete: "set null" }),
    usedAt: timestamp("used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    index("household_codes_unit_idx").on(t.unitId),
    check("household_codes_used_consistent", sql`(${t.usedBy} is null) = (${t.usedAt} is null)`),
    check("household_codes_expiry_after_creation", sql`${t.expiresAt} > ${t.createdAt}`),
  ],
);

/**
 * Counters of rate-limiter-flexible's Drizzle store (ADR 0010): sign-in throttling and anti-spam
 * limits, shared by every replica. `key` is "<limiter>:<subject>"; a row counts `points` until
 * `expire`, after which the next hit starts afresh (that is the decay). The store deletes rows an hour
 * past their expiry. The column names are the store's.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    points: integer("points").notNull().default(0),
    expire: timestamp("expire", { withTimezone: true }),
  },
  (t) => [index("rate_limits_expire_idx").on(t.expire)],
);

/** Reports of a comment (举报), one per reporter per comment. */
export const commentReports = pgTable(
  "comment_reports",
  {
    commentId: uuid("comment_id")
      .notNull()
      .references(() => topicComments.id, { onDelete: "cascade" }),
    reporterId: uuid("reporter_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reason: text("reason").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.reporterId] })],
);
