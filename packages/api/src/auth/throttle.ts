/**
 * Sign-in throttling per account and per address: after a few failures each further attempt must wait
 * an escalating delay; after many, the key is locked for a while. A success clears the account's key.
 */
import { type Executor, securityRepository } from "@gongzhi/db";

export const FREE_ATTEMPTS = 3;
export const MAX_DELAY_MS = 60_000;
export const LOCK_AFTER = { account: 10, ip: 50 } as const;
export const LOCK_MS = 15 * 60 * 1000;

/** Delay required after `failures` failures: 0 for the first few, then 1 s, 2 s, 4 s … up to a minute. */
export function delayAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures - FREE_ATTEMPTS));
}

export type ThrottleKind = keyof typeof LOCK_AFTER;
export const throttleKey = (kind: ThrottleKind, value: string) => `${kind}:${value}`;

/** Milliseconds the caller must still wait before trying this key again (0 = may try now). */
export async function retryAfterMs(db: Executor, key: string, now: Date = new Date()): Promise<number> {
  const row = await securityRepository(db).getThrottle(key);
  if (!row) return 0;
  if (row.lockedUntil && row.lockedUntil > now) return row.lockedUntil.getTime() - now.getTime();
  const wait = row.lastFailureAt.getTime() + delayAfter(row.failures) - now.getTime();
  return Math.max(0, wait);
}

export async function recordSignInFailure(
  db: Executor,
  kind: ThrottleKind,
  value: string,
  now: Date = new Date(),
) {
  return securityRepository(db).recordFailure(throttleKey(kind, value), now, (failures) =>
    failures >= LOCK_AFTER[kind] ? new Date(now.getTime() + LOCK_MS) : null,
  );
}

export async function clearSignInFailures(db: Executor, kind: ThrottleKind, value: string) {
  await securityRepository(db).resetThrottle(throttleKey(kind, value));
}
