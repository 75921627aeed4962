/**
 * Anti-spam rate limits on rate-limiter-flexible (ADR 0010): counted in the database so every replica
 * sees them, each counter decaying after its window.
 *
 * Signed-in actions are limited per account only: the account is the unit of accountability, and a
 * per-address cap would let one spammer behind an office's or a carrier's shared address use up
 * everyone else's allowance there. Mass account creation is what the per-address sign-up limit bounds
 * (before sign-up there is nothing but the address to count by).
 */
import type { Db } from "@gongzhi/db";
import { consume, limiterFor } from "./limiter.ts";

export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** Per-user and per-address limits for the actions spammers like. */
export const rateLimits = {
  signUp: { perIp: { limit: 30, windowMs: HOUR } },
  propose: { perUser: { limit: 5, windowMs: DAY } },
  comment: { perUser: { limit: 30, windowMs: HOUR } },
  report: { perUser: { limit: 20, windowMs: DAY } },
  householdCode: { perUser: { limit: 10, windowMs: HOUR } },
  /** One-time sign-up codes by SMS: a few per phone an hour, at most one a minute, some per address. */
  signUpCode: { perPhone: { limit: 5, windowMs: HOUR }, perIp: { limit: 20, windowMs: HOUR } },
  signUpCodeResend: { perPhone: { limit: 1, windowMs: 60 * 1000 } },
  /** Invitations send an SMS too. */
  invite: { perUser: { limit: 100, windowMs: DAY } },
  residencyRequest: { perUser: { limit: 10, windowMs: DAY } },
} as const satisfies Record<
  string,
  { perUser?: RateLimitRule; perIp?: RateLimitRule; perPhone?: RateLimitRule }
>;

export type RateLimitedAction = keyof typeof rateLimits;

const limiter = (db: Db, action: RateLimitedAction, who: "user" | "ip" | "phone", rule: RateLimitRule) =>
  limiterFor(db, `${action}:${who}`, { points: rule.limit, durationSec: Math.ceil(rule.windowMs / 1000) });

/**
 * Count one attempt of `action` for the user and the address; returns null when allowed, or the
 * milliseconds until the window that was exceeded ends.
 */
export async function consumeRateLimit(
  db: Db,
  action: RateLimitedAction,
  who: { userId?: string | null; ip?: string | null; phone?: string | null },
): Promise<number | null> {
  const r = rateLimits[action] as {
    perUser?: RateLimitRule;
    perIp?: RateLimitRule;
    perPhone?: RateLimitRule;
  };
  const waits: number[] = [];
  if (r.perUser && who.userId) {
    const wait = await consume(limiter(db, action, "user", r.perUser), who.userId);
    if (wait !== null) waits.push(wait);
  }
  if (r.perPhone && who.phone) {
    const wait = await consume(limiter(db, action, "phone", r.perPhone), who.phone);
    if (wait !== null) waits.push(wait);
  }
  if (r.perIp && who.ip) {
    const wait = await consume(limiter(db, action, "ip", r.perIp), who.ip);
    if (wait !== null) waits.push(wait);
  }
  return waits.length > 0 ? Math.max(...waits) : null;
}
