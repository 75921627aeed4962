import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PRIVACY_CONSENT_VERSION } from "@gongzhi/core";
import { accountsRepository, type Db, hashPassword, membershipRepository } from "@gongzhi/db";
import { openTestDatabase, type TestDatabase } from "@gongzhi/db/testing";
import { createSession } from "../src/auth/session.ts";
import { createCaller } from "../src/router.ts";
import { createContext } from "../src/trpc.ts";

export { openTestDatabase, type TestDatabase };

/** Photos uploaded by tests go to a fresh directory of this worker, never to the repository's .data. */
export const testUploadDir = mkdtempSync(path.join(os.tmpdir(), "gongzhi-test-uploads-"));

let phoneSeq = 0;
/** A unique valid mainland mobile number for a test user. */
export function uniquePhone(): string {
  phoneSeq += 1;
  return `137${String(process.pid % 10000).padStart(4, "0")}${String(phoneSeq).padStart(4, "0")}`;
}

/** A request as the browser would send it, with an optional session cookie. */
export function request(
  opts: { token?: string; method?: string; origin?: string; secFetchSite?: string } = {},
): Request {
  const headers = new Headers({ host: "localhost:3000", "user-agent": "vitest" });
  if (opts.token) headers.set("cookie", `gongzhi_session=${opts.token}`);
  if (opts.origin) headers.set("origin", opts.origin);
  if (opts.secFetchSite) headers.set("sec-fetch-site", opts.secFetchSite);
  return new Request("http://localhost:3000/api/trpc/x", { method: opts.method ?? "POST", headers });
}

/** A caller as a signed-in user (a session inserted directly, as the Epic Stack's fixtures do). */
export async function callerFor(
  db: Db,
  userId: string | null,
  opts: { ip?: string; now?: () => Date; uploadDir?: string } = {},
) {
  // The session starts at the caller's "now", so a test that moves the clock keeps its sign-in.
  const token = userId ? (await createSession(db, userId, {}, opts.now?.() ?? new Date())).token : undefined;
  const ctx = await createContext({
    db,
    driver: "pglite",
    request: request(token ? { token } : {}),
    ip: opts.ip ?? "127.0.0.1",
    uploadDir: opts.uploadDir ?? testUploadDir,
    ...(opts.now ? { now: opts.now } : {}),
  });
  return { caller: createCaller(ctx), ctx, token };
}

let cachedHash: string | null = null;
/** Create a user (password "correct-horse-battery") with optional role assignments. */
export async function makeUser(
  db: Db,
  roles: {
    role: Parameters<ReturnType<typeof accountsRepository>["assign"]>[0]["role"];
    scopeKind: Parameters<ReturnType<typeof accountsRepository>["assign"]>[0]["scopeKind"];
    scopeId: string | null;
  }[] = [],
) {
  cachedHash ??= await hashPassword("correct-horse-battery");
  const accounts = accountsRepository(db);
  const user = await accounts.createUser({
    phone: uniquePhone(),
    passwordHash: cachedHash,
    displayName: "测试用户",
  });
  for (const r of roles) await accounts.assign({ userId: user.id, ...r });
  return user;
}

/** The one-time code of the newest SMS to `phone` in the outbox (the development/test sender). */
export async function codeFromOutbox(db: Db, phone: string): Promise<string | null> {
  const [latest] = await membershipRepository(db).smsTo(phone, 1);
  return latest?.text.match(/\b(\d{6})\b/)?.[1] ?? null;
}

/** Sign up the way the portal does: request a code, read it from the outbox, accept the consent. */
export async function signUpWithCode(
  db: Db,
  caller: ReturnType<typeof createCaller>,
  input: { phone: string; password?: string; displayName?: string },
) {
  await caller.auth.requestSignUpCode({ phone: input.phone });
  const code = await codeFromOutbox(db, input.phone);
  if (!code) throw new Error("no code in the outbox");
  return caller.auth.signUp({
    phone: input.phone,
    code,
    password: input.password ?? "桃花盛开-2026-延庆",
    displayName: input.displayName ?? "新居民",
    acceptConsent: true,
    consentVersion: PRIVACY_CONSENT_VERSION,
  });
}
