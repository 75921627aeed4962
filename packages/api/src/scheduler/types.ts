/**
 * The scheduler (ADR 0015): jobs kept in the database, run in the server process. On PostgreSQL it is
 * pg-boss (its own schema, its own small `pg` pool); on PGlite an in-process runner over the
 * `scheduled_jobs` table with the same semantics. Both: a job survives a restart (it is a row), runs
 * once (claimed by a row lock), is retried with backoff, and is kept as `failed` with its error.
 */
import type { Clock } from "@gongzhi/core";
import type { Db } from "@gongzhi/db";

/** A job's payload: plain JSON (it is stored as jsonb). */
export type JobPayload = Record<string, unknown>;

export type JobState = "created" | "retry" | "active" | "completed" | "failed" | "cancelled";

/** What a handler gets besides its payload. */
export interface JobContext {
  /** The API's database handle (the one the routers use). */
  db: Db;
  /** The runtime's clock (core's Clock): "now" for every rule the job applies. */
  now: () => Date;
  job: { id: string; name: string };
  log: (line: string) => void;
}

export type JobHandler<P extends JobPayload = JobPayload> = (payload: P, ctx: JobContext) => Promise<void>;

export interface RetryOptions {
  /** Retries after the first attempt; then the job stays `failed` with its error. Default 3. */
  retries?: number;
  /** Delay before the first retry, in whole seconds; each further retry waits twice as long. Default 60. */
  retryDelaySeconds?: number;
}

export interface ScheduleOptions extends RetryOptions {
  /** Not before this instant. Default: now. */
  runAt?: Date;
  /**
   * Idempotency key: while a job of this name and key waits to start (`created`), scheduling another
   * one is a no-op and returns null. Without a key every call adds a job.
   */
  singletonKey?: string;
}

export interface JobInfo {
  id: string;
  name: string;
  state: JobState;
  payload: JobPayload;
  runAt: Date;
  /** Retries made so far (0 while on the first attempt). */
  retryCount: number;
  /** The last failure's message, for a job in `retry` or `failed`. */
  error: string | null;
}

export interface Scheduler {
  /** "pg-boss" on PostgreSQL, "table" for the in-process runner (PGlite). */
  readonly kind: "pg-boss" | "table";
  /** Register the handler of a job name (before start()). Defaults for its jobs' retries. */
  define<P extends JobPayload>(name: string, handler: JobHandler<P>, options?: RetryOptions): void;
  /**
   * Run a defined job on a cron schedule (five fields) in a time zone (default Asia/Shanghai), once per
   * occurrence however many servers run. Register before start().
   */
  recurring(name: string, cron: string, options?: { tz?: string; payload?: JobPayload }): void;
  /** Add a job of a defined name; returns its id, or null when `singletonKey` found one waiting. */
  schedule<P extends JobPayload>(name: string, payload: P, options?: ScheduleOptions): Promise<string | null>;
  /** One job as stored (null when unknown, or removed by retention). */
  job(name: string, id: string): Promise<JobInfo | null>;
  /** Start polling (and, on PGlite, recover jobs a crash left `active`). */
  start(): Promise<void>;
  /**
   * Drain: take no new jobs, let running ones finish (up to `timeoutMs`, default 30 s), then return.
   * A job still running after the timeout is retried later (it counts as a failed attempt).
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

export interface SchedulerOptions {
  db: Db;
  clock: Clock;
  log?: (line: string) => void;
  /** How often an idle worker looks for due jobs. Default 2000 ms (pg-boss's minimum is 500). */
  pollIntervalMs?: number;
}

export const defaultTimeZone = "Asia/Shanghai";
export const defaultRetries = 3;
export const defaultRetryDelaySeconds = 60;

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** A defined job: its handler and retry policy. */
export type JobDefinition = { handler: JobHandler; retries: number; retryDelaySeconds: number };
/** A recurring job: its cron expression, time zone and payload. */
export type Recurrence = { cron: string; tz: string; payload: JobPayload };

/**
 * The bookkeeping both schedulers share: jobs are defined and made recurring before `start()`, a job
 * asked for by name must be defined. `checkCron` lets an implementation refuse a bad expression at once.
 */
export function jobRegistry(
  isStarted: () => boolean,
  checkCron: (cron: string, tz: string) => void = () => {},
) {
  const definitions = new Map<string, JobDefinition>();
  const recurrences = new Map<string, Recurrence>();
  const definition = (name: string): JobDefinition => {
    const d = definitions.get(name);
    if (!d) throw new Error(`scheduler: no job named ${JSON.stringify(name)} is defined`);
    return d;
  };
  return {
    definitions,
    recurrences,
    definition,
    define<P extends JobPayload>(name: string, handler: JobHandler<P>, retry: RetryOptions = {}): void {
      if (isStarted()) throw new Error("scheduler: define jobs before start()");
      definitions.set(name, {
        handler: handler as JobHandler,
        retries: retry.retries ?? defaultRetries,
        retryDelaySeconds: retry.retryDelaySeconds ?? defaultRetryDelaySeconds,
      });
    },
    recurring(name: string, cron: string, opts: { tz?: string; payload?: JobPayload } = {}): void {
      if (isStarted()) throw new Error("scheduler: register recurring jobs before start()");
      definition(name);
      const tz = opts.tz ?? defaultTimeZone;
      checkCron(cron, tz);
      recurrences.set(name, { cron, tz, payload: opts.payload ?? {} });
    },
  };
}
