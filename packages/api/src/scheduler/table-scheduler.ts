/**
 * The in-process runner over `scheduled_jobs` (ADR 0015), for the embedded database: PGlite is one
 * connection in one process, so pg-boss (which needs a `pg` pool) cannot run there. The semantics are
 * pg-boss's: a job is a row (it survives a restart), claimed by one UPDATE to `active` on a row locked
 * FOR UPDATE SKIP LOCKED (it runs once), retried `retries` times with a doubling delay, then kept
 * `failed` with its error. Unlike pg-boss, "due" is judged by the runtime's clock, so a test (or a
 * browser test's moved clock) decides when a job runs. Jobs run one at a time.
 */
import { type ScheduledJobState, scheduledJobsRepository } from "@gongzhi/db";
import parser from "cron-parser";
import {
  errorText,
  type JobPayload,
  jobRegistry,
  type RetryOptions,
  type Scheduler,
  type SchedulerOptions,
} from "./types.ts";

/** The singleton key of a recurring job's next occurrence (pg-boss's scheduler uses the same). */
const cronKey = "cron";
const completedKeptMs = 7 * 24 * 3600_000;
const failedKeptMs = 30 * 24 * 3600_000;
const sweepEveryMs = 3600_000;

export function createTableScheduler(options: SchedulerOptions): Scheduler {
  const { db, clock } = options;
  const jobs = scheduledJobsRepository(db);
  const log = options.log ?? ((line: string) => console.log(line));
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  let running: Promise<void> | null = null;
  let stopping = false;
  let wake: (() => void) | null = null;
  let lastSweep = Number.NEGATIVE_INFINITY;

  const registry = jobRegistry(
    () => running !== null,
    (cron, tz) => void parser.parseExpression(cron, { tz }),
  );
  const { definitions, recurrences, definition } = registry;

  async function insert(
    name: string,
    payload: JobPayload,
    runAt: Date,
    key: string | null,
    retry: RetryOptions,
  ) {
    const d = definition(name);
    const id = await jobs.insert({
      name,
      payload,
      runAt,
      singletonKey: key,
      retryLimit: retry.retries ?? d.retries,
      retryDelaySeconds: retry.retryDelaySeconds ?? d.retryDelaySeconds,
    });
    if (id && runAt.getTime() <= clock.now().getTime()) wake?.();
    return id;
  }

  /** A recurring job's next occurrence waits as its one `created` row (one missed while down runs now). */
  async function ensureNext(name: string) {
    const r = recurrences.get(name);
    if (!r) return;
    const now = clock.now();
    const next = parser.parseExpression(r.cron, { tz: r.tz, currentDate: now }).next().toDate();
    if (!(await insert(name, r.payload, next, cronKey, {})))
      await jobs.rescheduleWaiting(name, cronKey, next, now);
  }

  async function runOne(): Promise<boolean> {
    const job = await jobs.claim([...definitions.keys()], clock.now());
    if (!job) return false;
    const d = definition(job.name);
    try {
      await d.handler(job.payload as JobPayload, {
        db,
        now: () => clock.now(),
        job: { id: job.id, name: job.name },
        log,
      });
      await jobs.complete(job.id, clock.now());
    } catch (error) {
      const retryCount = job.attempts - 1;
      const delayMs = job.retryDelaySeconds * 1000 * 2 ** Math.min(16, retryCount);
      const retryAt = retryCount < job.retryLimit ? new Date(clock.now().getTime() + delayMs) : null;
      log(`[scheduler] ${job.name} ${job.id} failed (attempt ${job.attempts}): ${errorText(error)}`);
      await jobs.fail(job.id, errorText(error), retryAt, clock.now());
    }
    await ensureNext(job.name);
    return true;
  }

  async function sweep() {
    const now = clock.now().getTime();
    if (now - lastSweep < sweepEveryMs) return;
    lastSweep = now;
    await jobs.sweep(new Date(now - completedKeptMs), new Date(now - failedKeptMs));
  }

  async function loop() {
    while (!stopping) {
      let worked = false;
      try {
        await sweep();
        worked = await runOne();
      } catch (error) {
        log(`[scheduler] polling failed: ${errorText(error)}`);
      }
      if (worked || stopping) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollIntervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  }

  return {
    kind: "table",
    define: registry.define,
    recurring: registry.recurring,
    schedule: (name, payload, opts = {}) =>
      insert(name, payload, opts.runAt ?? clock.now(), opts.singletonKey ?? null, opts),
    async job(_name, id) {
      const row = await jobs.get(id);
      if (!row) return null;
      return {
        id: row.id,
        name: row.name,
        state: row.state as ScheduledJobState,
        payload: row.payload as JobPayload,
        runAt: row.runAt,
        retryCount: Math.max(0, row.attempts - 1),
        error: row.lastError,
      };
    },
    async start() {
      if (running) return;
      stopping = false;
      // One process per embedded database: a job still `active` was cut off (crash, stop timed out).
      await jobs.recoverInterrupted(clock.now());
      for (const name of recurrences.keys()) await ensureNext(name);
      running = loop();
    },
    async stop(opts = {}) {
      if (!running) return;
      stopping = true;
      wake?.();
      const timeoutMs = opts.timeoutMs ?? 30_000;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
      });
      const outcome = await Promise.race([running.then(() => "done" as const), timedOut]);
      clearTimeout(timer);
      if (outcome === "timeout")
        log(`[scheduler] stop: a job still runs after ${timeoutMs} ms; it is retried at the next start`);
      running = null;
    },
  };
}
