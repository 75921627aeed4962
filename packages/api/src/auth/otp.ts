/**
 * One-time SMS codes (短信验证码) for proving a phone before an account is made: 6 digits from a
 * CSPRNG, only SHA-256(id:code) stored (salted by the row id), valid for 10 minutes, at most 5 wrong
 * attempts, compared in constant time. The hash keeps codes out of casual view (logs, backups); the
 * short expiry, the attempt limit and the sending rate limits are what make guessing hopeless.
 */
import { createHash, randomInt } from "node:crypto";
import { constantTimeEqual } from "@oslojs/crypto/subtle";

export const OTP_TTL_MS = 10 * 60 * 1000;
export const OTP_MAX_ATTEMPTS = 5;

/** A fresh 6-digit code. */
export function generateOtp(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

export function hashOtp(verificationId: string, code: string): string {
  return createHash("sha256").update(`${verificationId}:${code}`).digest("hex");
}

/** Does `code` match the stored hash? Constant time in the code. */
export function otpMatches(verificationId: string, code: string, storedHash: string): boolean {
  const a = new TextEncoder().encode(hashOtp(verificationId, code));
  const b = new TextEncoder().encode(storedHash);
  return a.length === b.length && constantTimeEqual(a, b);
}
