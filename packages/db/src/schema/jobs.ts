import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** The states of a scheduled job, pg-boss's vocabulary (ADR 0015). */
export const scheduledJobStates = ["created", "retry", "active", "completed", "failed", "cancelled"] as const;
export type ScheduledJobState = (typeof scheduledJobStates)[number];

/**
 * Jobs of the embedded scheduler (ADR 0015): on PGlite the server's in-process runner polls this table
 * (packages/api/src/scheduler/table-scheduler.ts); on PostgreSQL pg-boss keeps its jobs in its own
 * schema instead. A job is a row, so it survives a restart; it is claimed by one UPDATE to `active`
 * (FOR UPDATE SKIP LOCKED), so it runs once; a failed attempt goes to `retry` with a later `run_at`
 * (backoff) until `retry_limit` retries are spent, then stays `failed` with its `last_error`.
 * `singleton_key`: at most one `created` job per name and key (scheduling again is a no-op).
 */
export const scheduledJobs = pgTable(
  "scheduled_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    payload: jsonb("payload").notNull().default({}),
    state: text("state", { enum: scheduledJobStates }).notNull().default("created"),
    singletonKey: text("singleton_key"),
    runAt: timestamp("run_at", { withTimezone: true }).notNull(),
    /** Attempts started so far (the first run is attempt 1). */
    attempts: integer("attempts").notNull().default(0),
    /** Retries after the first attempt (pg-boss's retry_limit). */
    retryLimit: integer("retry_limit").notNull().default(3),
    /** Delay before the first retry; each further retry waits twice as long. */
    retryDelaySeconds: integer("retry_delay_seconds").notNull().default(60),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("scheduled_jobs_singleton_idx")
      .on(t.name, t.singletonKey)
      .where(sql`${t.state} = 'created' and ${t.singletonKey} is not null`),
    index("scheduled_jobs_due_idx").on(t.runAt).where(sql`${t.state} in ('created', 'retry')`),
    check(
      "scheduled_jobs_state_known",
      sql`${t.state} in ('created', 'retry', 'active', 'completed', 'failed', 'cancelled')`,
    ),
    check("scheduled_jobs_attempts_nonnegative", sql`${t.attempts} >= 0 and ${t.retryLimit} >= 0`),
    check("scheduled_jobs_retry_delay_nonnegative", sql`${t.retryDelaySeconds} >= 0`),
  ],
);
