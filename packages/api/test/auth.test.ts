import { sessionsRepository } from "@gongzhi/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSameOrigin } from "../src/auth/origin.ts";
import { passwordProblems } from "../src/auth/password-policy.ts";
import {
  ACTIVITY_CHECK_INTERVAL_MS,
  createSession,
  hashSecret,
  INACTIVITY_TIMEOUT_MS,
  readSessionToken,
  validateSessionToken,
} from "../src/auth/session.ts";
import { createCaller } from "../src/router.ts";
import { createContext } from "../src/trpc.ts";
import {
  callerFor,
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
});
afterAll(async () => {
  await t?.close();
});

const tokenFrom = (headers: Headers) => readSessionToken(headers.get("set-cookie")?.split(";")[0] ?? null);

describe(`sessions (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("issues id.secret tokens and stores only SHA-256 of the secret", async () => {
    const user = await makeUser(t.db);
    const { token, session } = await createSession(t.db, user.id, {}, new Date());
    const [id, secret] = token.split(".") as [string, string];
    expect(id).toBe(session.id);
    expect(secret.length).toBeGreaterThanOrEqual(50); // 32 random bytes in base32
    const row = await sessionsRepository(t.db).findWithUser(id);
    expect(Buffer.from(row!.secretHash).equals(Buffer.from(hashSecret(secret)))).toBe(true);
    expect(Buffer.from(row!.secretHash).toString()).not.toContain(secret);
    expect((await validateSessionToken(t.db, token, new Date()))?.user.id).toBe(user.id);
  });

  it("refuses a wrong secret, a malformed token and an unknown id", async () => {
    const user = await makeUser(t.db);
    const { token } = await createSession(t.db, user.id, {}, new Date());
    const [id, secret] = token.split(".") as [string, string];
    const flipped = `${id}.${secret.slice(0, -1)}${secret.endsWith("a") ? "b" : "a"}`;
    expect(await validateSessionToken(t.db, flipped, new Date())).toBeNull();
    expect(await validateSessionToken(t.db, "garbage", new Date())).toBeNull();
    expect(await validateSessionToken(t.db, `${"a".repeat(32)}.${secret}`, new Date())).toBeNull();
    expect(await validateSessionToken(t.db, `${id}.${secret}.extra`, new Date())).toBeNull();
  });

  it("expires after inactivity and extends at most once an hour", async () => {
    const user = await makeUser(t.db);
    const start = new Date("2026-11-01T00:00:00Z");
    const { token, session } = await createSession(t.db, user.id, {}, start);
    const halfHour = new Date(start.getTime() + ACTIVITY_CHECK_INTERVAL_MS / 2);
    expect((await validateSessionToken(t.db, token, halfHour))?.session.lastVerifiedAt).toEqual(start);
    const twoHours = new Date(start.getTime() + 2 * ACTIVITY_CHECK_INTERVAL_MS);
    expect((await validateSessionToken(t.db, token, twoHours))?.session.lastVerifiedAt).toEqual(twoHours);
    // Inactive for the whole timeout after the last extension: gone, and the row is deleted.
    const late = new Date(twoHours.getTime() + INACTIVITY_TIMEOUT_MS);
    expect(await validateSessionToken(t.db, token, late)).toBeNull();
    expect(await sessionsRepository(t.db).findWithUser(session.id)).toBeNull();
  });
});

describe(`accounts (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("signs up with a mainland mobile and a good password, sets an HttpOnly SameSite=Lax cookie", async () => {
    const { caller, ctx } = await callerFor(t.db, null, { ip: "10.0.0.1" });
    const { userId } = await signUpWithCode(t.db, caller, { phone: uniquePhone(), displayName: "王阿姨" });
    const cookie = ctx.responseHeaders.get("set-cookie")!;
    expect(cookie).toMatch(
      /^gongzhi_session=[a-z2-7]+\.[a-z2-7]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/,
    );
    const token = tokenFrom(ctx.responseHeaders)!;
    expect((await validateSessionToken(t.db, token, new Date()))?.user.id).toBe(userId);
    expect(passwordProblems("13812345678ab", "13812345678")).toContain("contains_phone");
    expect(passwordProblems("aaaaaaaaaaaa")).toContain("one_character");
  });

  it("gives the same answer for an unknown number and a wrong password", async () => {
    const user = await makeUser(t.db);
    const { caller } = await callerFor(t.db, null, { ip: "10.0.0.3" });
    const wrong = await caller.auth
      .signIn({ phone: user.phone, password: "not-the-password" })
      .catch((e) => e);
    const unknown = await caller.auth
      .signIn({ phone: uniquePhone(), password: "not-the-password" })
      .catch((e) => e);
    expect(wrong.code).toBe("UNAUTHORIZED");
    expect(unknown.code).toBe("UNAUTHORIZED");
    expect(wrong.message).toBe(unknown.message);
    expect(wrong.messageKey).toBe(unknown.messageKey);
    // Throttling: test/sign-in-throttle.test.ts.
  });

  it("changing the password ends every other session; sign out everywhere ends all; sessions can be listed and revoked", async () => {
    const user = await makeUser(t.db);
    const a = await callerFor(t.db, user.id);
    const b = await callerFor(t.db, user.id);
    const c = await callerFor(t.db, user.id);
    expect(await a.caller.auth.mySessions()).toHaveLength(3);
    await b.caller.auth.revokeSession({ sessionId: c.token!.split(".")[0]! });
    expect(await validateSessionToken(t.db, c.token!, new Date())).toBeNull();
    const result = await a.caller.auth.changePassword({
      currentPassword: "correct-horse-battery",
      newPassword: "新的-长密码-2026",
    });
    expect(result.endedOtherSessions).toBe(1);
    expect(await validateSessionToken(t.db, a.token!, new Date())).not.toBeNull();
    expect(await validateSessionToken(t.db, b.token!, new Date())).toBeNull();
    const d = await callerFor(t.db, user.id);
    await d.caller.auth.signOutEverywhere();
    expect(await validateSessionToken(t.db, a.token!, new Date())).toBeNull();
    expect(await validateSessionToken(t.db, d.token!, new Date())).toBeNull();
    const later = createCaller(
      await createContext({ db: t.db, driver: "pglite", request: request({ token: d.token! }) }),
    );
    await expect(later.auth.mySessions()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("a signed-out caller is anonymous; a stale cookie is ignored", async () => {
    const ctx = await createContext({ db: t.db, driver: "pglite", request: request({ token: "abc.def" }) });
    expect(ctx.actor).toBeNull();
    expect(await createCaller(ctx).auth.me()).toBeNull();
  });
});

describe("same-origin check", () => {
  it("refuses cross-site state changes and allows same-origin ones", () => {
    expect(isSameOrigin(request({ secFetchSite: "cross-site" }))).toBe(false);
    expect(isSameOrigin(request({ secFetchSite: "same-site" }))).toBe(false);
    expect(isSameOrigin(request({ secFetchSite: "same-origin" }))).toBe(true);
    expect(isSameOrigin(request({ origin: "https://evil.example" }))).toBe(false);
    expect(isSameOrigin(request({ origin: "http://localhost:3000" }))).toBe(true);
    expect(isSameOrigin(request({}))).toBe(true);
  });
});

describe(`public community directory (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("lists communities by code with search and pagination, anonymously", async () => {
    const { caller } = await callerFor(t.db, null);
    const world = await import("./world.ts").then((m) => m.buildWorld(t.db));
    const mine = await caller.registry.communities({ subdistrictId: world.inside.subdistrictId });
    expect(mine.items.map((c) => c.id)).toEqual([world.inside.communityId]);
    expect(mine.nextCursor).toBeNull();
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof caller.registry.communities>> = await caller.registry.communities(
        { cursor, limit: 1 },
      );
      all.push(...page.items.map((c) => c.code));
      cursor = page.nextCursor;
    } while (cursor);
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect([...all].sort()).toEqual(all);
    await expect(caller.registry.communities({ limit: 1000 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const community = await caller.registry.community({ id: world.inside.communityId });
    expect(community).toMatchObject({
      id: world.inside.communityId,
      supportThreshold: 2,
      subdistrict: { id: world.inside.subdistrictId },
    });
    const compounds = await caller.registry.compounds({ communityId: world.inside.communityId });
    expect(compounds.items.map((c) => c.id)).toEqual([world.inside.compoundId]);
    await expect(
      caller.registry.community({ id: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
