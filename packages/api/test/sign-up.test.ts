/**
 * Sign-up (issue 10): a phone proven by a one-time SMS code, the personal information consent
 * accepted and recorded, no community given, no account enumeration, and consent withdrawal.
 */
import { PRIVACY_CONSENT_VERSION } from "@gongzhi/core";
import { accountsRepository, auditRepository, membershipRepository } from "@gongzhi/db";
import { rowCounts } from "@gongzhi/db/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { hashOtp, OTP_MAX_ATTEMPTS, OTP_TTL_MS, otpMatches } from "../src/auth/otp.ts";
import { validateSessionToken } from "../src/auth/session.ts";
import { createCaller } from "../src/router.ts";
import { outboxSmsSender, type SmsSender, smsSenderFromEnv, webhookSmsSender } from "../src/sms.ts";
import { createContext } from "../src/trpc.ts";
import {
  callerFor,
  codeFromOutbox,
  makeUser,
  openTestDatabase,
  request,
  signUpWithCode,
  type TestDatabase,
  uniquePhone,
} from "./support.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const good = { password: "桃花盛开-2026-延庆", displayName: "王阿姨" };
const consent = { acceptConsent: true, consentVersion: PRIVACY_CONSENT_VERSION };
let ipSeq = 0;
/** A fresh client address (sign-up is rate-limited per address) and a clock the test moves. */
/**
 * A visitor at a moment of its own. The rate limiter keeps its own clock (Date.now, ADR 10), so Date is
 * faked too (timers stay real, so the database drivers work) and both move together.
 */
async function visitor(start = "2026-12-01T08:00:00Z") {
  let clock = new Date(start).getTime();
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(clock);
  ipSeq += 1;
  const { caller, ctx } = await callerFor(t.db, null, {
    ip: `10.1.${Math.floor(ipSeq / 250)}.${ipSeq % 250}`,
    now: () => new Date(clock),
  });
  return {
    caller,
    ctx,
    advance: (ms: number) => {
      clock += ms;
      vi.setSystemTime(clock);
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe(`sign-up with a one-time code (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("texts a 6-digit code, stores only its hash, and makes an account with no community and the consent recorded", async () => {
    const { caller, ctx } = await visitor();
    const phone = uniquePhone();
    expect(await caller.auth.requestSignUpCode({ phone })).toEqual({ ok: true, expiresInSeconds: 600 });
    const code = (await codeFromOutbox(t.db, phone))!;
    expect(code).toMatch(/^\d{6}$/);
    const [row] = await membershipRepository(t.db).phoneVerificationsOf(phone);
    expect(row!.codeHash).toBe(hashOtp(row!.id, code));
    expect(row!.codeHash).not.toContain(code);
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(OTP_TTL_MS);

    const { userId } = await caller.auth.signUp({ phone, code, ...good, ...consent });
    const token = ctx.responseHeaders.get("set-cookie")!.split(";")[0]!.split("=")[1]!;
    expect((await validateSessionToken(t.db, token, new Date()))?.user.id).toBe(userId);
    const user = (await accountsRepository(t.db).findById(userId))!;
    expect(user.consentVersion).toBe(PRIVACY_CONSENT_VERSION);
    expect(user.consentedAt).toEqual(new Date("2026-12-01T08:00:00Z"));
    // Residency is not claimed at sign-up: a fresh account holds no role anywhere.
    expect(await accountsRepository(t.db).assignments(userId)).toEqual([]);
    const me = await createCaller(
      await createContext({ db: t.db, driver: "pglite", request: request({ token }) }),
    ).auth.me();
    expect(me).toMatchObject({ roles: [], consent: { version: PRIVACY_CONSENT_VERSION, withdrawnAt: null } });
    const [entry] = (await auditRepository(t.db).query({ entityType: "user", entityId: userId })).items;
    expect(entry).toMatchObject({
      action: "user.sign_up",
      after: { consentVersion: PRIVACY_CONSENT_VERSION },
    });
    // The code works once.
    await expect(caller.auth.signUp({ phone, code, ...good, ...consent })).rejects.toMatchObject({
      messageKey: "error.otp.invalid",
    });
  });

  it("refuses without the consent, with an outdated consent, a wrong code or a weak password — changing nothing", async () => {
    const { caller } = await visitor();
    const phone = uniquePhone();
    await caller.auth.requestSignUpCode({ phone });
    const code = (await codeFromOutbox(t.db, phone))!;
    const wrong = code === "000000" ? "111111" : "000000";
    const before = await rowCounts(t.db);
    const refusals = [
      await caller.auth
        .signUp({ phone, code, ...good, acceptConsent: false, consentVersion: PRIVACY_CONSENT_VERSION })
        .catch((e) => e),
      await caller.auth
        .signUp({ phone, code, ...good, acceptConsent: true, consentVersion: "2020-01-01" })
        .catch((e) => e),
      await caller.auth.signUp({ phone, code: wrong, ...good, ...consent }).catch((e) => e),
      await caller.auth.signUp({ phone, code, ...good, password: "1234567890", ...consent }).catch((e) => e),
      await caller.auth.signUp({ phone, code: "12345", ...good, ...consent }).catch((e) => e),
      await caller.auth.signUp({ phone: "12345", code, ...good, ...consent }).catch((e) => e),
    ];
    expect(refusals.map((e) => [e.code, e.messageKey])).toEqual([
      ["BAD_REQUEST", "error.consent.required"],
      ["BAD_REQUEST", "error.consent.outdated"],
      ["BAD_REQUEST", "error.otp.invalid"],
      ["BAD_REQUEST", "error.password.too_common"],
      ["BAD_REQUEST", undefined],
      ["BAD_REQUEST", undefined],
    ]);
    expect(await rowCounts(t.db)).toBe(before);
    expect(await accountsRepository(t.db).findByPhone(phone)).toBeNull();
    // The one wrong code counted as an attempt; the right one still works.
    await expect(caller.auth.signUp({ phone, code, ...good, ...consent })).resolves.toHaveProperty("userId");
  });

  it("allows a few attempts, then not even the right code works", async () => {
    const { caller } = await visitor();
    const phone = uniquePhone();
    await caller.auth.requestSignUpCode({ phone });
    const code = (await codeFromOutbox(t.db, phone))!;
    const wrong = code === "999999" ? "888888" : "999999";
    for (let i = 0; i < OTP_MAX_ATTEMPTS; i++)
      await expect(caller.auth.signUp({ phone, code: wrong, ...good, ...consent })).rejects.toMatchObject({
        messageKey: "error.otp.invalid",
      });
    await expect(caller.auth.signUp({ phone, code, ...good, ...consent })).rejects.toMatchObject({
      messageKey: "error.otp.invalid",
    });
  });

  it("a code expires after 10 minutes, and a newer code replaces the older one", async () => {
    const { caller, advance } = await visitor();
    const phone = uniquePhone();
    await caller.auth.requestSignUpCode({ phone });
    const first = (await codeFromOutbox(t.db, phone))!;
    advance(OTP_TTL_MS + 1);
    await expect(caller.auth.signUp({ phone, code: first, ...good, ...consent })).rejects.toMatchObject({
      messageKey: "error.otp.invalid",
    });
    await caller.auth.requestSignUpCode({ phone });
    const second = (await codeFromOutbox(t.db, phone))!;
    advance(61_000);
    await caller.auth.requestSignUpCode({ phone });
    const third = (await codeFromOutbox(t.db, phone))!;
    if (second !== third)
      await expect(caller.auth.signUp({ phone, code: second, ...good, ...consent })).rejects.toMatchObject({
        messageKey: "error.otp.invalid",
      });
    await expect(caller.auth.signUp({ phone, code: third, ...good, ...consent })).resolves.toHaveProperty(
      "userId",
    );
  });

  it("rate-limits codes per phone (one a minute, five an hour) and per address", async () => {
    const { caller, advance } = await visitor("2026-12-02T00:00:10Z");
    const phone = uniquePhone();
    await caller.auth.requestSignUpCode({ phone });
    await expect(caller.auth.requestSignUpCode({ phone })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      messageKey: "error.too_many_requests",
    });
    for (let i = 0; i < 4; i++) {
      advance(61_000);
      await caller.auth.requestSignUpCode({ phone });
    }
    advance(61_000);
    const before = await rowCounts(t.db);
    await expect(caller.auth.requestSignUpCode({ phone })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    expect(await rowCounts(t.db)).toBe(before);
    // Per address: 20 an hour, whichever phones.
    const other = await visitor("2026-12-02T00:00:10Z");
    for (let i = 0; i < 20; i++) await other.caller.auth.requestSignUpCode({ phone: uniquePhone() });
    await expect(other.caller.auth.requestSignUpCode({ phone: uniquePhone() })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
  });

  it("does not reveal a registered phone: same answer, same changes; the SMS says sign in instead of a code", async () => {
    const existing = await makeUser(t.db);
    const fresh = uniquePhone();
    const a = await visitor();
    const b = await visitor();
    const tables = async () => (await rowCounts(t.db)).split(",").map((x) => x.split("=")[0]!);
    const counts = async () =>
      Object.fromEntries((await rowCounts(t.db)).split(",").map((x) => x.split("=") as [string, string]));
    const c0 = await counts();
    const forExisting = await a.caller.auth.requestSignUpCode({ phone: existing.phone });
    const c1 = await counts();
    const forFresh = await b.caller.auth.requestSignUpCode({ phone: fresh });
    const c2 = await counts();
    expect(forExisting).toEqual(forFresh);
    const changed = (x: Record<string, string>, y: Record<string, string>) =>
      Object.keys(y)
        .filter((k) => x[k] !== y[k])
        .map((k) => `${k}+${Number(y[k]) - Number(x[k])}`);
    expect(changed(c0, c1)).toEqual(changed(c1, c2));
    expect(await tables()).toContain("sms_outbox");

    const [toExisting] = await membershipRepository(t.db).smsTo(existing.phone, 1);
    expect(toExisting!.text).toContain("已经注册");
    expect(toExisting!.text).not.toMatch(/\d{6}/);
    expect(await codeFromOutbox(t.db, fresh)).toMatch(/^\d{6}$/);
    // Signing up with the registered phone fails exactly like a wrong code.
    const registered = await a.caller.auth
      .signUp({ phone: existing.phone, code: "123456", ...good, ...consent })
      .catch((e) => e);
    const wrongCode = await b.caller.auth
      .signUp({
        phone: fresh,
        code: (await codeFromOutbox(t.db, fresh)) === "123456" ? "654321" : "123456",
        ...good,
        ...consent,
      })
      .catch((e) => e);
    expect([registered.code, registered.messageKey, registered.message]).toEqual([
      wrongCode.code,
      wrongCode.messageKey,
      wrongCode.message,
    ]);
    // An English visitor gets the English text.
    const en = await visitor();
    const enPhone = uniquePhone();
    await en.caller.auth.requestSignUpCode({ phone: enPhone, locale: "en" });
    expect((await membershipRepository(t.db).smsTo(enPhone, 1))[0]!.text).toMatch(
      /^\[Gongzhi\] Your sign-up code is \d{6}\./,
    );
  });

  it("answers SERVICE_UNAVAILABLE when the SMS cannot be sent", async () => {
    const failing: SmsSender = { name: "down", send: () => Promise.reject(new Error("provider down")) };
    const ctx = await createContext({
      db: t.db,
      driver: "pglite",
      request: request(),
      ip: "10.9.9.9",
      sms: failing,
    });
    await expect(createCaller(ctx).auth.requestSignUpCode({ phone: uniquePhone() })).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      messageKey: "error.sms.unavailable",
    });
  });

  it("compares codes by hash, salted per verification", () => {
    const h = hashOtp("id-1", "123456");
    expect(otpMatches("id-1", "123456", h)).toBe(true);
    expect(otpMatches("id-1", "123457", h)).toBe(false);
    expect(otpMatches("id-2", "123456", h)).toBe(false);
    expect(otpMatches("id-1", "123456", "short")).toBe(false);
  });
});

describe("choosing the SMS sender", () => {
  it("uses the outbox for the embedded demo and development, refuses to start a production PostgreSQL deployment without one", () => {
    const db = t.db;
    expect(smsSenderFromEnv({}, { db, embedded: true }).name).toBe("outbox");
    expect(smsSenderFromEnv({ NODE_ENV: "development" }, { db, embedded: false }).name).toBe("outbox");
    expect(() => smsSenderFromEnv({ NODE_ENV: "production" }, { db, embedded: false })).toThrow(
      /No SMS sender is configured/,
    );
    expect(
      smsSenderFromEnv({ NODE_ENV: "production", SMS_SENDER: "outbox" }, { db, embedded: false }).name,
    ).toBe("outbox");
    expect(() => smsSenderFromEnv({ SMS_SENDER: "webhook" }, { db, embedded: false })).toThrow(
      /SMS_WEBHOOK_URL/,
    );
    expect(() => smsSenderFromEnv({ SMS_SENDER: "carrier-pigeon" }, { db, embedded: true })).toThrow(
      /not valid/,
    );
    expect(
      smsSenderFromEnv(
        { NODE_ENV: "production", SMS_SENDER: "webhook", SMS_WEBHOOK_URL: "https://sms.example/send" },
        { db, embedded: false },
      ).name,
    ).toBe("webhook");
  });

  it("the webhook sender posts JSON with the bearer token and fails on a non-2xx answer", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    let status = 204;
    const fake = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(null, { status });
    }) as unknown as typeof fetch;
    const sender = webhookSmsSender({ url: "https://sms.example/send", token: "s3cret", fetch: fake });
    await sender.send("13800000000", "你好");
    expect(calls[0]!.url).toBe("https://sms.example/send");
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ phone: "13800000000", text: "你好" });
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe("Bearer s3cret");
    status = 500;
    await expect(sender.send("13800000000", "你好")).rejects.toThrow(/500/);
  });

  it("the outbox sender writes the message and logs it", async () => {
    const lines: string[] = [];
    const phone = uniquePhone();
    await outboxSmsSender(t.db, (l) => lines.push(l)).send(phone, "测试 123456");
    expect((await membershipRepository(t.db).smsTo(phone))[0]!.text).toBe("测试 123456");
    expect(lines[0]).toContain(phone);
  });
});

describe(`withdrawing the consent (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("records an account deletion request, ends every session, and is audited; only once", async () => {
    const { caller: anon } = await visitor();
    const phone = uniquePhone();
    const { userId } = await signUpWithCode(t.db, anon, { phone });
    const other = await callerFor(t.db, userId);
    const { caller, ctx, token } = await callerFor(t.db, userId);
    const { requestedAt } = await caller.auth.withdrawConsent({ confirm: true });
    expect(requestedAt).toBeInstanceOf(Date);
    expect(ctx.responseHeaders.get("set-cookie")).toMatch(/Max-Age=0/);
    expect(await validateSessionToken(t.db, token!, new Date())).toBeNull();
    expect(await validateSessionToken(t.db, other.token!, new Date())).toBeNull();
    const request_ = await membershipRepository(t.db).deletionRequestOf(userId);
    expect(request_).toMatchObject({ userId, consentVersion: PRIVACY_CONSENT_VERSION });
    expect((await accountsRepository(t.db).findById(userId))!.consentWithdrawnAt).toEqual(requestedAt);
    const actions = (await auditRepository(t.db).query({ entityType: "user", entityId: userId })).items.map(
      (e) => e.action,
    );
    expect(actions).toContain("user.withdraw_consent");
    const again = await callerFor(t.db, userId);
    const before = await rowCounts(t.db);
    await expect(again.caller.auth.withdrawConsent({ confirm: true })).rejects.toMatchObject({
      code: "CONFLICT",
      messageKey: "error.consent.already_withdrawn",
    });
    expect(await rowCounts(t.db)).toBe(before);
  });
});
