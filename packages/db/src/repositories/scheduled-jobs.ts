/**
 * The embedded scheduler's job table (ADR 0015; packages/api/src/scheduler/table-scheduler.ts). Every
 * instant comes from the caller's clock, so "due" is the runtime's time, not the database's.
 */
import { and, asc, eq, gt, inArray, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { type ScheduledJobState, scheduledJobs } from "../schema/index.ts";

export type ScheduledJobRow = typeof scheduledJobs.$inferSelect;
export type { ScheduledJobState };

export function scheduledJobsRepository(db: Db) {
  return {
    /** Add a job; null when one of the same name and singleton key is already `created`. */
    async insert(row: {
      name: string;
      payload: Record<string, unknown>;
      runAt: Date;
      singletonKey: string | null;
      retryLimit: number;
      retryDelaySeconds: number;
    }): Promise<string | null> {
      const [created] = await db
        .insert(scheduledJobs)
        .values(row)
        // The only unique index besides the (random) id: one `created` job per name and key.
        .onConflictDoNothing()
        .returning({ id: scheduledJobs.id });
      return created?.id ?? null;
    },

    /** Move the waiting (`created`) job of a name and key to `runAt`, unless it is due already. */
    rescheduleWaiting: (name: string, singletonKey: string, runAt: Date, now: Date) =>
      db
        .update(scheduledJobs)
        .set({ runAt })
        .where(
          and(
            eq(scheduledJobs.name, name),
            eq(scheduledJobs.singletonKey, singletonKey),
            eq(scheduledJobs.state, "created"),
            gt(scheduledJobs.runAt, now),
          ),
        ),

    /**
     * Claim the next due job of these names: one UPDATE to `active` of a row locked FOR UPDATE SKIP
     * LOCKED, so no two claimers ever get the same job.
     */
    async claim(names: string[], now: Date): Promise<ScheduledJobRow | null> {
      if (names.length === 0) return null;
      const due = db
        .select({ id: scheduledJobs.id })
        .from(scheduledJobs)
        .where(
          and(
            inArray(scheduledJobs.state, ["created", "retry"]),
            inArray(scheduledJobs.name, names),
            lte(scheduledJobs.runAt, now),
          ),
        )
        .orderBy(asc(scheduledJobs.runAt), asc(scheduledJobs.id))
        .limit(1)
        .for("update", { skipLocked: true });
      const [job] = await db
        .update(scheduledJobs)
        .set({ state: "active", attempts: sql`${scheduledJobs.attempts} + 1`, startedAt: now })
        .where(and(inArray(scheduledJobs.id, due), inArray(scheduledJobs.state, ["created", "retry"])))
        .returning();
      return job ?? null;
    },

    complete: (id: string, now: Date) =>
      db
        .update(scheduledJobs)
        .set({ state: "completed", completedAt: now, lastError: null })
        .where(and(eq(scheduledJobs.id, id), eq(scheduledJobs.state, "active"))),

    /** A failed attempt: back to the queue at `retryAt`, or `failed` (null) — with the error either way. */
    fail: (id: string, error: string, retryAt: Date | null, now: Date) =>
      db
        .update(scheduledJobs)
        .set(
          retryAt
            ? { state: "retry", runAt: retryAt, lastError: error }
            : { state: "failed", completedAt: now, lastError: error },
        )
        .where(and(eq(scheduledJobs.id, id), eq(scheduledJobs.state, "active"))),

    /**
     * Jobs left `active` by a process that is gone (crash, or a stop that timed out): the attempt counts
     * as failed; the job goes back to the queue, or to `failed` when its retries are spent. Only for a
     * database one process runs jobs on (PGlite).
     */
    recoverInterrupted: (now: Date) =>
      db
        .update(scheduledJobs)
        .set({
          state: sql`case when ${scheduledJobs.attempts} > ${scheduledJobs.retryLimit} then 'failed' else 'retry' end`,
          lastError: "interrupted: the server stopped while the job ran",
          completedAt: sql`case when ${scheduledJobs.attempts} > ${scheduledJobs.retryLimit} then ${now.toISOString()}::timestamptz end`,
        })
        .where(eq(scheduledJobs.state, "active")),

    /** Retention: completed jobs older than `completedBefore`, failed/cancelled older than `failedBefore`. */
    sweep: (completedBefore: Date, failedBefore: Date) =>
      db
        .delete(scheduledJobs)
        .where(
          or(
            and(eq(scheduledJobs.state, "completed"), lt(scheduledJobs.completedAt, completedBefore)),
            and(
              inArray(scheduledJobs.state, ["failed", "cancelled"]),
              lt(scheduledJobs.completedAt, failedBefore),
            ),
          ),
        ),

    get: async (id: string): Promise<ScheduledJobRow | null> =>
      (await db.select().from(scheduledJobs).where(eq(scheduledJobs.id, id)))[0] ?? null,
  };
}
