/**
 * rate-limiter-flexible on our own database (ADR 0010): its Drizzle store keeps counters in the
 * `rate_limits` table, so every replica on one PostgreSQL shares them; on embedded PGlite (one process)
 * the same table serves. A counter decays: it counts hits for `durationSec` from its first hit, then
 * starts afresh; `blockSec` keeps a key refused that long once it passes `points`.
 */
import { type Db, tables } from "@gongzhi/db";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";

export interface LimitRule {
  /** Hits allowed per window. */
  points: number;
  /** The window, from the first hit. */
  durationSec: number;
  /** Once past `points`, refuse this long (default: until the window ends). */
  blockSec?: number;
}

const limiters = new WeakMap<object, Map<string, RateLimiterDrizzle>>();

/** The limiter `name` over `db` (one instance per database and name). */
export function limiterFor(db: Db, name: string, rule: LimitRule): RateLimiterDrizzle {
  let byName = limiters.get(db);
  if (!byName) {
    byName = new Map();
    limiters.set(db, byName);
  }
  let limiter = byName.get(name);
  if (!limiter) {
    limiter = new RateLimiterDrizzle({
      storeClient: db,
      schema: tables.rateLimits,
      keyPrefix: name,
      points: rule.points,
      duration: rule.durationSec,
      blockDuration: rule.blockSec ?? 0,
    });
    byName.set(name, limiter);
  }
  return limiter;
}

/**
 * Count one hit. Returns null when within the limit, else the milliseconds until the key may try
 * again. Store errors are thrown (a limiter that cannot count must not silently allow).
 */
export async function consume(limiter: RateLimiterDrizzle, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejected) {
    if (rejected instanceof RateLimiterRes) return Math.max(1, rejected.msBeforeNext);
    throw rejected;
  }
}

/** Milliseconds until `key` may try again without counting a hit (0 = it may). */
export async function blockedFor(limiter: RateLimiterDrizzle, key: string): Promise<number> {
  const res = await limiter.get(key);
  if (!res || res.consumedPoints <= limiter.points) return 0;
  return Math.max(1, res.msBeforeNext);
}
