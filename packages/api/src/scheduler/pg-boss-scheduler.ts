/**
 * The scheduler on PostgreSQL: pg-boss 10 (ADR 0015), with its own small node-postgres pool from the
 * database URL (the rest of the API uses postgres.js). pg-boss keeps its jobs in the `pgboss` schema,
 * which it creates and migrates at start (on a role-separated deployment the application role owns that
 * schema: packages/db/src/roles.ts). Jobs are fetched with FOR UPDATE SKIP LOCKED, so however many
 * servers run, each job runs once; cron occurrences are deduplicated per minute across servers.
 */
import { randomUUID } from "node:crypto";
import { jobQueueSchema } from "@gongzhi/db";
import PgBoss from "pg-boss";
import {
  errorText,
  type JobDefinition,
  type JobPayload,
  type JobState,
  jobRegistry,
  type RetryOptions,
  type Scheduler,
  type SchedulerOptions,
} from "./types.ts";

/** The singleton key of cron occurrences (the table runner uses the same). */
const cronKey = "cron";

export interface PgBossSchedulerOptions extends SchedulerOptions {
  /** The PostgreSQL URL pg-boss connects to (its own pool). */
  databaseUrl: string;
  /** Connections of pg-boss's pool. Default 3. */
  poolSize?: number;
}

/**
 * Create a queue unless it exists. pg-boss 10's create_queue does DDL (a partition per queue), and two
 * servers creating the same new queue at once can deadlock (seen in this project's two-scheduler test;
 * also supabase/storage#703): PostgreSQL aborts one of them, which then finds the queue made.
 */
async function ensureQueue(boss: PgBoss, name: string, queue: PgBoss.Queue) {
  for (let attempt = 1; ; attempt += 1) {
    if (await boss.getQueue(name)) return;
    try {
      await boss.createQueue(name, queue);
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200 * attempt));
    }
  }
}

export function createPgBossScheduler(options: PgBossSchedulerOptions): Scheduler {
  const { db, clock } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const pollingIntervalSeconds = Math.max(0.5, (options.pollIntervalMs ?? 2000) / 1000);
  let boss: PgBoss | null = null;
  const registry = jobRegistry(() => boss !== null);
  const { definitions, recurrences, definition } = registry;
  const started = () => {
    if (!boss) throw new Error("scheduler: start() it first (pg-boss needs its connection)");
    return boss;
  };
  const retryOptions = (d: JobDefinition, retry: RetryOptions) => ({
    retryLimit: retry.retries ?? d.retries,
    retryDelay: retry.retryDelaySeconds ?? d.retryDelaySeconds,
    retryBackoff: true,
  });

  return {
    kind: "pg-boss",
    define: registry.define,
    recurring: registry.recurring,
    async schedule(name, payload, opts = {}) {
      const d = definition(name);
      return started().send(name, payload, {
        ...retryOptions(d, opts),
        ...(opts.runAt ? { startAfter: opts.runAt } : {}),
        // The queues' policy is `short` (one `created` job per key); a job without a key gets its own.
        singletonKey: opts.singletonKey ?? `job:${randomUUID()}`,
      });
    },
    async job(name, id) {
      const job = await started().getJobById<JobPayload>(name, id, { includeArchive: true });
      if (!job) return null;
      const output = job.output as { message?: string; stack?: string } | null;
      const failed = job.state === "failed" || job.state === "retry";
      return {
        id: job.id,
        name: job.name,
        state: job.state as JobState,
        payload: job.data,
        runAt: job.startAfter,
        retryCount: job.retryCount,
        error: failed && output ? (output.stack ?? output.message ?? JSON.stringify(output)) : null,
      };
    },
    async start() {
      if (boss) return;
      const b = new PgBoss({
        connectionString: options.databaseUrl,
        max: options.poolSize ?? 3,
        schema: jobQueueSchema,
        application_name: "gongzhi-scheduler",
        // Failed jobs stay readable (with their error) for a week in the job table, a month in all.
        archiveFailedAfterSeconds: 7 * 24 * 3600,
        deleteAfterDays: 30,
      });
      b.on("error", (error) => log(`[scheduler] pg-boss: ${errorText(error)}`));
      await b.start();
      try {
        for (const [name, d] of definitions) {
          await ensureQueue(b, name, { name, policy: "short", ...retryOptions(d, {}) });
          await b.work<JobPayload>(name, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
            if (!job) return;
            try {
              await d.handler(job.data, { db, now: () => clock.now(), job: { id: job.id, name }, log });
            } catch (error) {
              log(`[scheduler] ${name} ${job.id} failed: ${errorText(error)}`);
              throw error;
            }
          });
        }
        for (const [name, r] of recurrences)
          await b.schedule(name, r.cron, r.payload, { tz: r.tz, singletonKey: cronKey });
      } catch (error) {
        await b.stop({ graceful: false, close: true });
        throw error;
      }
      boss = b;
    },
    async stop(opts = {}) {
      const b = boss;
      if (!b) return;
      boss = null;
      // Workers stop fetching at once; running jobs get up to the timeout, then count as failed attempts.
      await b.stop({ graceful: true, wait: true, close: true, timeout: opts.timeoutMs ?? 30_000 });
    },
  };
}
