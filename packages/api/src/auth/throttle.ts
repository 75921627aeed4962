/**
 * Sign-in throttling after rate-limiter-flexible's "login endpoint protection" pattern (ADR 0010),
 * shaped so that one attacker cannot lock others out:
 *
 * - `pair`: consecutive failures of one account from one address. Past ten in a row, that account is locked at
 *   that address for 15 minutes; a success resets it. Another account's success at the same address
 *   neither resets nor trips it, and it does not touch anyone else's pair.
 * - `account`: failures of one account from every address in an hour (a guess spread over many
 *   addresses). Past the limit the account is refused for an hour — except from an address where it
 *   signed in before (`known`), so its owner at home is not locked out by a botnet.
 * - `ip`: failures from one address over all accounts in an hour (password spraying). Past the limit
 *   the address is refused for an hour — except for accounts known at that address, so residents who
 *   use the office's or the carrier's shared address keep signing in.
 * - `known`: an account signed in successfully from an address in the last 30 days.
 *
 * Every counter decays: it counts within its window and then starts afresh.
 */
import type { Db } from "@gongzhi/db";
import { blockedFor, consume, type LimitRule, limiterFor } from "./limiter.ts";

export const signInLimits = {
  pair: { points: 10, durationSec: 24 * 60 * 60, blockSec: 15 * 60 },
  account: { points: 20, durationSec: 60 * 60, blockSec: 60 * 60 },
  ip: { points: 100, durationSec: 60 * 60, blockSec: 60 * 60 },
  known: { points: 1_000_000, durationSec: 30 * 24 * 60 * 60 },
} as const satisfies Record<string, LimitRule>;

const limiter = (db: Db, kind: keyof typeof signInLimits) =>
  limiterFor(db, `signin:${kind}`, signInLimits[kind]);

/** Requests without a known address (server-side callers) share one key. */
const address = (ip: string | null | undefined) => ip || "unknown";
const pairKey = (phone: string, ip: string | null | undefined) => `${phone}@${address(ip)}`;

/** Milliseconds this sign-in attempt must wait (0 = it may try now). */
export async function signInRetryAfterMs(db: Db, phone: string, ip: string | null | undefined) {
  const pair = pairKey(phone, ip);
  const waits = [await blockedFor(limiter(db, "pair"), pair)];
  const known = (await limiter(db, "known").get(pair)) !== null;
  if (!known) {
    waits.push(await blockedFor(limiter(db, "account"), phone));
    waits.push(await blockedFor(limiter(db, "ip"), address(ip)));
  }
  return Math.max(...waits);
}

/** A wrong password (or an unknown number): counted for the pair, the account and the address. */
export async function recordSignInFailure(db: Db, phone: string, ip: string | null | undefined) {
  await consume(limiter(db, "pair"), pairKey(phone, ip));
  await consume(limiter(db, "account"), phone);
  await consume(limiter(db, "ip"), address(ip));
}

/**
 * A correct password: the pair's consecutive failures end, and the account is known at this address.
 * The account's and the address's counters stay — signing into one's own account must not wipe the
 * failures an attacker spread over other accounts.
 */
export async function recordSignInSuccess(db: Db, phone: string, ip: string | null | undefined) {
  const pair = pairKey(phone, ip);
  await limiter(db, "pair").delete(pair);
  await limiter(db, "known").set(pair, 1, signInLimits.known.durationSec);
}
