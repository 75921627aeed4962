/**
 * Sign-in throttling (auth/throttle.ts, ADR 0010) through the real procedure and the real store
 * (the `rate_limits` table on PGlite, and on PostgreSQL when DATABASE_URL is set). Time moves with
 * vitest's fake Date, which is the clock rate-limiter-flexible reads — no sleeping.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { signInLimits } from "../src/auth/throttle.ts";
import { callerFor, makeUser, openTestDatabase, type TestDatabase, uniquePhone } from "./support.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(async () => {
  await t?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

const PASSWORD = "correct-horse-battery";
let clock = new Date("2026-12-01T08:00:00Z").getTime();
/** Fake only Date (the limiter's clock); timers stay real so the database drivers work. */
function freezeAt(ms: number) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(ms);
}
function advance(ms: number) {
  clock += ms;
  vi.setSystemTime(clock);
}

let ipCounter = 0;
const freshIp = () => `198.51.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

async function signIn(phone: string, password: string, ip: string) {
  const { caller } = await callerFor(t.db, null, { ip });
  return caller.auth.signIn({ phone, password }).then(
    (r) => ({ ok: true as const, userId: r.userId }),
    (e: { code: string; messageKey?: string; params?: Record<string, number> }) => ({
      ok: false as const,
      code: e.code,
      messageKey: e.messageKey,
      params: e.params,
    }),
  );
}

describe(`sign-in throttling (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("locks one account at one address after consecutive failures, with a translated wait", async () => {
    freezeAt(clock);
    const victim = await makeUser(t.db);
    const ip = freshIp();
    // `points` failures are tolerated; the one after them locks (rate-limiter-flexible's meaning).
    for (let i = 0; i <= signInLimits.pair.points; i++) {
      expect(await signIn(victim.phone, `wrong-${i}`, ip)).toMatchObject({ code: "UNAUTHORIZED" });
    }
    const refused = await signIn(victim.phone, PASSWORD, ip);
    expect(refused).toMatchObject({
      ok: false,
      code: "TOO_MANY_REQUESTS",
      messageKey: "error.sign_in_throttled",
    });
    expect(refused.ok === false && refused.params?.retryAfterMinutes).toBe(15);
    expect(refused.ok === false && refused.params?.retryAfterSeconds).toBe(15 * 60);
    // The same account from another address is not locked by the pair.
    expect(await signIn(victim.phone, PASSWORD, freshIp())).toMatchObject({ ok: true });
    // The block ends by itself.
    advance(signInLimits.pair.blockSec * 1000 + 1000);
    expect(await signIn(victim.phone, PASSWORD, ip)).toMatchObject({ ok: true, userId: victim.id });
  });

  it("NAT: an attacker's failures at a shared address do not stop others' correct passwords there", async () => {
    freezeAt(clock);
    const office = freshIp();
    const colleague = await makeUser(t.db);
    const regular = await makeUser(t.db);
    // A resident who signed in from the office before.
    expect(await signIn(regular.phone, PASSWORD, office)).toMatchObject({ ok: true });
    // An attacker at the office's address: a burst of wrong passwords on one account, then spraying
    // many accounts until the address itself is over its limit.
    const target = await makeUser(t.db);
    for (let i = 0; i < signInLimits.pair.points + 2; i++) await signIn(target.phone, `guess-${i}`, office);
    for (let i = 0; i < signInLimits.ip.points; i++) await signIn(uniquePhone(), `spray-${i}`, office);
    // The attacker's own target is locked at this address, and strangers from it are slowed down …
    expect(await signIn(target.phone, PASSWORD, office)).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(await signIn(colleague.phone, PASSWORD, office)).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    // … but a resident who signs in from here is not: their correct password still works,
    expect(await signIn(regular.phone, PASSWORD, office)).toMatchObject({ ok: true, userId: regular.id });
    // and the colleague who has never signed in here gets in once the address's hour has passed.
    advance(signInLimits.ip.blockSec * 1000 + 1000);
    expect(await signIn(colleague.phone, PASSWORD, office)).toMatchObject({ ok: true, userId: colleague.id });
  });

  it("another account's success at the same address neither resets nor trips a pair's lockout", async () => {
    freezeAt(clock);
    const ip = freshIp();
    const a = await makeUser(t.db);
    const b = await makeUser(t.db);
    for (let i = 0; i < signInLimits.pair.points; i++) await signIn(a.phone, `wrong-${i}`, ip);
    // B signs in fine at the same address, A's count stays: one more failure locks A.
    expect(await signIn(b.phone, PASSWORD, ip)).toMatchObject({ ok: true });
    await signIn(a.phone, "wrong-last", ip);
    expect(await signIn(a.phone, PASSWORD, ip)).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(await signIn(b.phone, PASSWORD, ip)).toMatchObject({ ok: true });
  });

  it("a success resets the consecutive failures of its own pair", async () => {
    freezeAt(clock);
    const ip = freshIp();
    const user = await makeUser(t.db);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < signInLimits.pair.points; i++) await signIn(user.phone, `typo-${i}`, ip);
      expect(await signIn(user.phone, PASSWORD, ip)).toMatchObject({ ok: true });
    }
  });

  it("locks an account tried from many addresses, but not from where its owner signs in", async () => {
    freezeAt(clock);
    const owner = await makeUser(t.db);
    const home = freshIp();
    expect(await signIn(owner.phone, PASSWORD, home)).toMatchObject({ ok: true });
    // A botnet: a few guesses each from many addresses, no pair reaching its own limit.
    for (let i = 0; i <= signInLimits.account.points; i++) {
      expect(await signIn(owner.phone, `bot-${i}`, freshIp())).toMatchObject({ code: "UNAUTHORIZED" });
    }
    // Any new address is refused, even with the right password …
    const refused = await signIn(owner.phone, PASSWORD, freshIp());
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", messageKey: "error.sign_in_throttled" });
    expect(refused.ok === false && refused.params?.retryAfterMinutes).toBe(60);
    // … the owner at home is not,
    expect(await signIn(owner.phone, PASSWORD, home)).toMatchObject({ ok: true, userId: owner.id });
    // and after the hour the account is open from anywhere again.
    advance(signInLimits.account.blockSec * 1000 + 1000);
    expect(await signIn(owner.phone, PASSWORD, freshIp())).toMatchObject({ ok: true });
  });

  it("counters decay: failures spread over time never add up to a lockout", async () => {
    freezeAt(clock);
    const ip = freshIp();
    const user = await makeUser(t.db);
    // 10 failures a day for five days from one address: 50 in all, never more than 10 in one window.
    for (let day = 0; day < 5; day++) {
      for (let i = 0; i < signInLimits.pair.points; i++) {
        expect(await signIn(user.phone, `forgetful-${day}-${i}`, ip)).toMatchObject({ code: "UNAUTHORIZED" });
      }
      advance(signInLimits.pair.durationSec * 1000 + 1000);
    }
    expect(await signIn(user.phone, PASSWORD, ip)).toMatchObject({ ok: true, userId: user.id });
  });

  it("wrong current passwords on a password change count as failed sign-ins", async () => {
    freezeAt(clock);
    const user = await makeUser(t.db);
    const ip = freshIp();
    const { caller } = await callerFor(t.db, user.id, { ip });
    for (let i = 0; i <= signInLimits.pair.points; i++) {
      await expect(
        caller.auth.changePassword({ currentPassword: `guess-${i}`, newPassword: "新的好密码-2026-春" }),
      ).rejects.toMatchObject({ messageKey: "error.current_password_wrong" });
    }
    await expect(
      caller.auth.changePassword({ currentPassword: PASSWORD, newPassword: "新的好密码-2026-春" }),
    ).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS", messageKey: "error.sign_in_throttled" });
    expect(await signIn(user.phone, PASSWORD, ip)).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    advance(signInLimits.pair.blockSec * 1000 + 1000);
    await expect(
      caller.auth.changePassword({ currentPassword: PASSWORD, newPassword: "新的好密码-2026-春" }),
    ).resolves.toMatchObject({ endedOtherSessions: 0 });
  });
});
