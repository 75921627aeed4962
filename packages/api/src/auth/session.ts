/**
 * Sessions after Lucia's guide (docs/decisions/0003): the token is `id.secret`, both random; the
 * database keeps only SHA-256(secret), compared in constant time. Sessions expire after a period of
 * inactivity; `last_verified_at` is moved forward at most once an hour.
 */
import { type Executor, sessionsRepository } from "@gongzhi/db";
import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

export const SESSION_COOKIE = "gongzhi_session";
/** A session unused for this long is over. */
export const INACTIVITY_TIMEOUT_MS = 14 * 24 * 60 * 60 * 1000;
/** `last_verified_at` is written at most this often. */
export const ACTIVITY_CHECK_INTERVAL_MS = 60 * 60 * 1000;

export interface SessionUser {
  id: string;
  phone: string;
  displayName: string;
  locale: "zh-CN" | "en";
}
export interface ValidSession {
  id: string;
  userId: string;
  createdAt: Date;
  lastVerifiedAt: Date;
}

function randomString(bytes: number): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return encodeBase32LowerCaseNoPadding(buf);
}

export function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

/** Create a session; returns the token to put in the cookie (never stored). */
export async function createSession(
  db: Executor,
  userId: string,
  meta: { userAgent?: string | null; ip?: string | null },
  /** The clock's "now" (ctx.now): a session's times follow the same clock as every rule. */
  now: Date,
): Promise<{ token: string; session: ValidSession }> {
  const id = randomString(20);
  const secret = randomString(32);
  await sessionsRepository(db).insert({
    id,
    userId,
    secretHash: hashSecret(secret),
    createdAt: now,
    lastVerifiedAt: now,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
    ip: meta.ip ?? null,
  });
  return { token: `${id}.${secret}`, session: { id, userId, createdAt: now, lastVerifiedAt: now } };
}

/** Validate a token: the session and its user, or null (unknown, expired, or wrong secret). */
export async function validateSessionToken(
  db: Executor,
  token: string,
  now: Date,
): Promise<{ session: ValidSession; user: SessionUser } | null> {
  const parts = token.split(".");
  if (parts.length !== 2) return null;
  const [id, secret] = parts as [string, string];
  if (!/^[a-z2-7]{20,64}$/.test(id) || !/^[a-z2-7]{20,80}$/.test(secret)) return null;
  const repo = sessionsRepository(db);
  const row = await repo.findWithUser(id);
  if (!row) return null;
  if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) return null;
  if (now.getTime() - row.lastVerifiedAt.getTime() >= INACTIVITY_TIMEOUT_MS) {
    await repo.delete(id);
    return null;
  }
  let lastVerifiedAt = row.lastVerifiedAt;
  if (now.getTime() - row.lastVerifiedAt.getTime() >= ACTIVITY_CHECK_INTERVAL_MS) {
    lastVerifiedAt = now;
    await repo.touch(id, now);
  }
  return {
    session: { id: row.id, userId: row.userId, createdAt: row.createdAt, lastVerifiedAt },
    user: { id: row.userId, phone: row.phone, displayName: row.displayName, locale: row.locale },
  };
}

export async function invalidateSession(db: Executor, sessionId: string): Promise<void> {
  await sessionsRepository(db).delete(sessionId);
}

/** End every session of a user, optionally keeping one (the current one after a password change). */
export async function invalidateUserSessions(
  db: Executor,
  userId: string,
  exceptSessionId?: string,
): Promise<number> {
  return sessionsRepository(db).deleteForUser(userId, exceptSessionId);
}

/** The Set-Cookie header value for a session token (or for clearing it). */
export function sessionCookie(token: string | null, opts: { secure: boolean }): string {
  const parts = [
    `${SESSION_COOKIE}=${token ?? ""}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    token ? `Max-Age=${Math.floor(INACTIVITY_TIMEOUT_MS / 1000)}` : "Max-Age=0",
  ];
  if (opts.secure) parts.push("Secure");
  return parts.join("; ");
}

/** Read the session token from a Cookie header. */
export function readSessionToken(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return rest.join("=") || null;
  }
  return null;
}
