/**
 * Anti-spam limits (auth/rate-limit.ts, ADR 0010) on the real store: per account for signed-in
 * actions — so one spammer behind a shared address cannot use up a neighbour's allowance — per address
 * for sign-up, and every counter decays after its window (vitest's fake Date is the limiter's clock).
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { consumeRateLimit, rateLimits } from "../src/auth/rate-limit.ts";
import { openTestDatabase, type TestDatabase } from "./support.ts";

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

let clock = new Date("2026-12-02T08:00:00Z").getTime();
function freeze() {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(clock);
}
function advance(ms: number) {
  clock += ms;
  vi.setSystemTime(clock);
}

describe(`anti-spam rate limits (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("a spammer at a shared address uses up only their own allowance, which comes back after the window", async () => {
    freeze();
    const office = "203.0.113.50";
    const spammer = randomUUID();
    const neighbour = randomUUID();
    const { limit, windowMs } = rateLimits.comment.perUser;
    for (let i = 0; i < limit; i++) {
      expect(await consumeRateLimit(t.db, "comment", { userId: spammer, ip: office })).toBeNull();
    }
    const wait = await consumeRateLimit(t.db, "comment", { userId: spammer, ip: office });
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(windowMs);
    // Same address, another account: unaffected, however much the spammer tried.
    for (let i = 0; i < 50; i++) await consumeRateLimit(t.db, "comment", { userId: spammer, ip: office });
    expect(await consumeRateLimit(t.db, "comment", { userId: neighbour, ip: office })).toBeNull();
    // The spammer's counter decays.
    advance(windowMs + 1000);
    expect(await consumeRateLimit(t.db, "comment", { userId: spammer, ip: office })).toBeNull();
  });

  it("sign-up is limited per address, and the limit decays", async () => {
    freeze();
    const ip = "203.0.113.51";
    const { limit, windowMs } = rateLimits.signUp.perIp;
    for (let i = 0; i < limit; i++) expect(await consumeRateLimit(t.db, "signUp", { ip })).toBeNull();
    expect(await consumeRateLimit(t.db, "signUp", { ip })).toBeGreaterThan(0);
    expect(await consumeRateLimit(t.db, "signUp", { ip: "203.0.113.52" })).toBeNull();
    advance(windowMs + 1000);
    expect(await consumeRateLimit(t.db, "signUp", { ip })).toBeNull();
  });

  it("household codes: ten guesses an hour per account", async () => {
    freeze();
    const user = randomUUID();
    const { limit } = rateLimits.householdCode.perUser;
    for (let i = 0; i < limit; i++) {
      expect(await consumeRateLimit(t.db, "householdCode", { userId: user, ip: "198.51.100.9" })).toBeNull();
    }
    expect(
      await consumeRateLimit(t.db, "householdCode", { userId: user, ip: "198.51.100.10" }),
    ).toBeGreaterThan(0);
  });
});
