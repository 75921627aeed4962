/**
 * Anti-spam rate limits (fixed windows, counted in the database so every replica sees them).
 */
import { type Executor, securityRepository } from "@gongzhi/db";

export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

/** Per-user and per-address limits for the actions spammers like. */
export const rateLimits = {
  signUp: { perIp: { limit: 10, windowMs: 60 * 60 * 1000 } },
  propose: {
    perUser: { limit: 5, windowMs: 24 * 60 * 60 * 1000 },
    perIp: { limit: 30, windowMs: 24 * 60 * 60 * 1000 },
  },
  comment: {
    perUser: { limit: 30, windowMs: 60 * 60 * 1000 },
    perIp: { limit: 120, windowMs: 60 * 60 * 1000 },
  },
  report: {
    perUser: { limit: 20, windowMs: 24 * 60 * 60 * 1000 },
    perIp: { limit: 60, windowMs: 24 * 60 * 60 * 1000 },
  },
  householdCode: {
    perUser: { limit: 10, windowMs: 60 * 60 * 1000 },
    perIp: { limit: 30, windowMs: 60 * 60 * 1000 },
  },
  /** One-time sign-up codes by SMS: a few per phone an hour, at most one a minute, some per address. */
  signUpCode: {
    perPhone: { limit: 5, windowMs: 60 * 60 * 1000 },
    perIp: { limit: 20, windowMs: 60 * 60 * 1000 },
  },
  signUpCodeResend: { perPhone: { limit: 1, windowMs: 60 * 1000 } },
  /** Invitations send an SMS too. */
  invite: { perUser: { limit: 100, windowMs: 24 * 60 * 60 * 1000 } },
  residencyRequest: { perUser: { limit: 10, windowMs: 24 * 60 * 60 * 1000 } },
} as const satisfies Record<
  string,
  { perUser?: RateLimitRule; perIp?: RateLimitRule; perPhone?: RateLimitRule }
>;

export type RateLimitedAction = keyof typeof rateLimits;

/**
 * Count one attempt of `action` for the user and the address; returns null when allowed, or the
 * milliseconds until the window that was exceeded ends.
 */
export async function consumeRateLimit(
  db: Executor,
  action: RateLimitedAction,
  who: { userId?: string | null; ip?: string | null; phone?: string | null },
  /** The clock's "now" (ctx.now), never a hidden system-clock default. */
  now: Date,
): Promise<number | null> {
  const rules: Array<[string, RateLimitRule]> = [];
  const r = rateLimits[action] as {
    perUser?: RateLimitRule;
    perIp?: RateLimitRule;
    perPhone?: RateLimitRule;
  };
  if (r.perUser && who.userId) rules.push([`${action}:user:${who.userId}`, r.perUser]);
  if (r.perPhone && who.phone) rules.push([`${action}:phone:${who.phone}`, r.perPhone]);
  if (r.perIp && who.ip) rules.push([`${action}:ip:${who.ip}`, r.perIp]);
  const repo = securityRepository(db);
  let wait: number | null = null;
  for (const [key, rule] of rules) {
    const start = Math.floor(now.getTime() / rule.windowMs) * rule.windowMs;
    const count = await repo.hit(key, new Date(start));
    if (count > rule.limit) wait = Math.max(wait ?? 0, start + rule.windowMs - now.getTime());
  }
  return wait;
}
