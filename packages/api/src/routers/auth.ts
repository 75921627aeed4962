import { randomUUID } from "node:crypto";
import {
  locales,
  mainlandMobile,
  maskSensitive,
  otpCode,
  PRIVACY_CONSENT_VERSION,
  roles,
  scopeKinds,
} from "@gongzhi/core";
import {
  accountsRepository,
  hashPassword,
  membershipRepository,
  sessionsRepository,
  verifyPassword,
} from "@gongzhi/db";
import { z } from "zod";
import { generateOtp, hashOtp, OTP_MAX_ATTEMPTS, OTP_TTL_MS, otpMatches } from "../auth/otp.ts";
import { PASSWORD_MAX_LENGTH, passwordProblems } from "../auth/password-policy.ts";
import { consumeRateLimit } from "../auth/rate-limit.ts";
import { createSession, invalidateSession, invalidateUserSessions, sessionCookie } from "../auth/session.ts";
import { recordSignInFailure, recordSignInSuccess, signInRetryAfterMs } from "../auth/throttle.ts";
import { ApiError, signInThrottled, tooManyRequests } from "../errors.ts";
import { smsTexts } from "../sms.ts";
import { audited, type Context, publicProcedure, router, signedInProcedure } from "../trpc.ts";

// A real argon2id hash of a random string: verifying against it costs what a real check costs, so an
// unknown number takes as long as a wrong password.
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$UEA+BhweIvZzJAsm3i5CGQ$0uxf53wug0ozhmW7K9L172L1/3OLrX3iMT5LX87UYRg";

const okOutput = z.object({ ok: z.literal(true) });
const userIdOutput = z.object({ userId: z.uuid() });
const meOutput = z
  .object({
    id: z.uuid(),
    phone: z.string(),
    displayName: z.string(),
    locale: z.enum(locales),
    roles: z.array(
      z.object({ role: z.enum(roles), scopeKind: z.enum(scopeKinds), scopeId: z.uuid().nullable() }),
    ),
    /** The personal information consent this account accepted (null for staff-made accounts). */
    consent: z
      .object({ version: z.string(), acceptedAt: z.date(), withdrawnAt: z.date().nullable() })
      .nullable(),
  })
  .nullable();
const sessionOutput = z.object({
  id: z.string(),
  current: z.boolean(),
  createdAt: z.date(),
  lastVerifiedAt: z.date(),
  userAgent: z.string().nullable(),
});

const credentials = z.object({
  phone: mainlandMobile,
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

function badPassword(problems: string[]): ApiError {
  return new ApiError(
    "BAD_REQUEST",
    `error.password.${problems[0]}`,
    `password rejected: ${problems.join(", ")}`,
  );
}

async function startSession(ctx: Context, userId: string) {
  const { token } = await createSession(
    ctx.db,
    userId,
    { userAgent: ctx.request?.headers.get("user-agent") ?? null, ip: ctx.ip },
    ctx.now(),
  );
  ctx.responseHeaders.append("set-cookie", sessionCookie(token, { secure: ctx.secureCookies }));
  return token;
}

export const authRouter = router({
  /** Who am I (null when signed out), with my role assignments. */
  me: publicProcedure.output(meOutput).query(async ({ ctx }) => {
    if (!ctx.actor) return null;
    const user = await accountsRepository(ctx.db).findById(ctx.actor.userId);
    if (!user) return null;
    return {
      id: user.id,
      phone: user.phone,
      displayName: user.displayName,
      locale: user.locale,
      roles: ctx.actor.assignments.map(({ role, scopeKind, scopeId }) => ({ role, scopeKind, scopeId })),
      consent:
        user.consentVersion && user.consentedAt
          ? {
              version: user.consentVersion,
              acceptedAt: user.consentedAt,
              withdrawnAt: user.consentWithdrawnAt,
            }
          : null,
    };
  }),

  /**
   * Step 1 of sign-up: text a one-time code to the phone. The answer is the same whether or not the
   * phone is registered (no account enumeration): a registered phone gets a message saying it already
   * has an account instead of a code, and its verification row holds a code nobody was sent.
   * Rate-limited per phone (5 an hour, 1 a minute) and per address.
   */
  requestSignUpCode: publicProcedure
    .input(z.object({ phone: mainlandMobile, locale: z.enum(locales).default("zh-CN") }))
    .output(z.object({ ok: z.literal(true), expiresInSeconds: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      // The one-a-minute limit first: a refused resend does not use up the hourly allowance.
      const resend = await consumeRateLimit(ctx.db, "signUpCodeResend", { phone: input.phone });
      if (resend !== null) throw tooManyRequests(resend);
      const wait = await consumeRateLimit(ctx.db, "signUpCode", { phone: input.phone, ip: ctx.ip });
      if (wait !== null) throw tooManyRequests(wait);
      const registered = (await accountsRepository(ctx.db).findByPhone(input.phone)) !== null;
      const code = generateOtp();
      const id = randomUUID();
      await audited(ctx, async (tx) => {
        await membershipRepository(tx).createPhoneVerification({
          id,
          phone: input.phone,
          purpose: "sign_up",
          codeHash: hashOtp(id, code),
          createdAt: now,
          expiresAt: new Date(now.getTime() + OTP_TTL_MS),
        });
        return {
          result: null,
          // The same entry either way: the audit trail does not tell registered numbers apart either.
          audit: {
            action: "auth.sign_up_code",
            entityType: "phone_verification",
            entityId: id,
            after: { phone: maskSensitive(input.phone) },
          },
        };
      });
      const text = registered
        ? smsTexts.alreadyRegistered[input.locale]()
        : smsTexts.signUpCode[input.locale](code, OTP_TTL_MS / 60_000);
      try {
        await ctx.sms.send(input.phone, text);
      } catch {
        throw new ApiError(
          "SERVICE_UNAVAILABLE",
          "error.sms.unavailable",
          "the text message could not be sent",
        );
      }
      return { ok: true as const, expiresInSeconds: OTP_TTL_MS / 1000 };
    }),

  /**
   * Step 2: the code from the SMS, a password, a name and the accepted personal information consent
   * (its version is stored with the time). A wrong, expired, used or exhausted code — and a phone that
   * is already registered — get one answer. The new account belongs to no community yet: residency
   * comes from a household code, an approved residency request or ownership verification.
   */
  signUp: publicProcedure
    .input(
      credentials.extend({
        displayName: z.string().trim().min(1).max(50),
        code: otpCode,
        /** The consent checkbox; sign-up is refused without it. */
        acceptConsent: z.boolean(),
        /** The version of the consent text the visitor was shown. */
        consentVersion: z.string().trim().min(1).max(40),
      }),
    )
    .output(userIdOutput)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const wait = await consumeRateLimit(ctx.db, "signUp", { ip: ctx.ip });
      if (wait !== null) throw tooManyRequests(wait);
      if (!input.acceptConsent)
        throw new ApiError(
          "BAD_REQUEST",
          "error.consent.required",
          "the personal information consent must be accepted",
        );
      if (input.consentVersion !== PRIVACY_CONSENT_VERSION)
        throw new ApiError(
          "BAD_REQUEST",
          "error.consent.outdated",
          "the consent text has changed; read it again",
        );
      const problems = passwordProblems(input.password, input.phone);
      if (problems.length > 0) throw badPassword(problems);
      const invalidCode = () =>
        new ApiError(
          "BAD_REQUEST",
          "error.otp.invalid",
          "the code is wrong or no longer valid; request a new one",
        );
      const membership = membershipRepository(ctx.db);
      const verification = await membership.latestPhoneVerification(input.phone, "sign_up", now);
      if (!verification || verification.attempts >= OTP_MAX_ATTEMPTS) throw invalidCode();
      if (!otpMatches(verification.id, input.code, verification.codeHash)) {
        await membership.failPhoneVerification(verification.id);
        throw invalidCode();
      }
      // A registered phone was never sent its code; should it be guessed, the answer stays the same.
      if (await accountsRepository(ctx.db).findByPhone(input.phone)) throw invalidCode();
      const passwordHash = await hashPassword(input.password);
      const user = await audited(ctx, async (tx) => {
        if (!(await membershipRepository(tx).consumePhoneVerification(verification.id, now)))
          throw invalidCode();
        const created = await accountsRepository(tx).createUser({
          phone: input.phone,
          passwordHash,
          displayName: input.displayName,
          consentVersion: PRIVACY_CONSENT_VERSION,
          consentedAt: now,
        });
        return {
          result: created,
          audit: {
            action: "user.sign_up",
            entityType: "user",
            entityId: created.id,
            after: {
              displayName: created.displayName,
              phoneVerification: verification.id,
              consentVersion: PRIVACY_CONSENT_VERSION,
              consentedAt: now.toISOString(),
            },
          },
        };
      });
      await startSession(ctx, user.id);
      return { userId: user.id };
    }),

  /**
   * Withdraw the personal information consent (PIPL Art. 15): recorded with a request to delete the
   * account, which the operator carries out; every session ends.
   */
  withdrawConsent: signedInProcedure
    .input(z.object({ confirm: z.literal(true) }))
    .output(z.object({ requestedAt: z.date() }))
    .mutation(async ({ ctx }) => {
      const now = ctx.now();
      const user = await accountsRepository(ctx.db).findById(ctx.actor.userId);
      if (!user) throw new ApiError("NOT_FOUND", "error.not_found.user", "user not found");
      const result = await audited(ctx, async (tx) => {
        const request = await membershipRepository(tx).withdrawConsent(user.id, user.consentVersion, now);
        if (!request)
          throw new ApiError(
            "CONFLICT",
            "error.consent.already_withdrawn",
            "the account deletion was already requested",
          );
        await sessionsRepository(tx).deleteForUser(user.id);
        return {
          result: { requestedAt: request.requestedAt },
          audit: {
            action: "user.withdraw_consent",
            entityType: "user",
            entityId: user.id,
            before: { consentVersion: user.consentVersion },
            after: { deletionRequestId: request.id, requestedAt: now.toISOString() },
          },
        };
      });
      ctx.responseHeaders.append("set-cookie", sessionCookie(null, { secure: ctx.secureCookies }));
      return result;
    }),

  /**
   * Same answer for an unknown number and a wrong password; throttled per account, per address and
   * per account at an address (auth/throttle.ts), without letting one client lock out another.
   */
  signIn: publicProcedure
    .input(credentials)
    .output(userIdOutput)
    .mutation(async ({ ctx, input }) => {
      const wait = await signInRetryAfterMs(ctx.db, input.phone, ctx.ip);
      if (wait > 0) throw signInThrottled(wait);
      const user = await accountsRepository(ctx.db).findByPhone(input.phone);
      const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, input.password).catch(() => false);
      if (!user || !ok) {
        await recordSignInFailure(ctx.db, input.phone, ctx.ip);
        throw new ApiError("UNAUTHORIZED", "error.sign_in_failed", "wrong phone number or password");
      }
      await recordSignInSuccess(ctx.db, input.phone, ctx.ip);
      await startSession(ctx, user.id);
      return { userId: user.id };
    }),

  signOut: publicProcedure.output(okOutput).mutation(async ({ ctx }) => {
    if (ctx.actor) await invalidateSession(ctx.db, ctx.actor.sessionId);
    ctx.responseHeaders.append("set-cookie", sessionCookie(null, { secure: ctx.secureCookies }));
    return { ok: true as const };
  }),

  signOutEverywhere: signedInProcedure
    .output(z.object({ ended: z.number().int() }))
    .mutation(async ({ ctx }) => {
      const ended = await invalidateUserSessions(ctx.db, ctx.actor.userId);
      ctx.responseHeaders.append("set-cookie", sessionCookie(null, { secure: ctx.secureCookies }));
      return { ended };
    }),

  /** Change my password; every other session ends. Wrong current passwords count as failed sign-ins. */
  changePassword: signedInProcedure
    .input(
      z.object({
        currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
        newPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
      }),
    )
    .output(z.object({ endedOtherSessions: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const accounts = accountsRepository(ctx.db);
      const user = await accounts.findById(ctx.actor.userId);
      if (!user)
        throw new ApiError("BAD_REQUEST", "error.current_password_wrong", "the current password is wrong");
      // A wrong current password is a failed sign-in: the same throttling, so a borrowed session
      // cannot be used to guess the password without limit.
      const wait = await signInRetryAfterMs(ctx.db, user.phone, ctx.ip);
      if (wait > 0) throw signInThrottled(wait);
      if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
        await recordSignInFailure(ctx.db, user.phone, ctx.ip);
        throw new ApiError("BAD_REQUEST", "error.current_password_wrong", "the current password is wrong");
      }
      const problems = passwordProblems(input.newPassword, user.phone);
      if (problems.length > 0) throw badPassword(problems);
      const hash = await hashPassword(input.newPassword);
      return audited(ctx, async (tx) => {
        await accountsRepository(tx).setPasswordHash(user.id, hash);
        const ended = await sessionsRepository(tx).deleteForUser(user.id, ctx.actor.sessionId);
        return {
          result: { endedOtherSessions: ended },
          audit: { action: "user.change_password", entityType: "user", entityId: user.id },
        };
      });
    }),

  mySessions: signedInProcedure.output(z.array(sessionOutput)).query(async ({ ctx }) =>
    (await sessionsRepository(ctx.db).listForUser(ctx.actor.userId)).map((s) => ({
      id: s.id,
      current: s.id === ctx.actor.sessionId,
      createdAt: s.createdAt,
      lastVerifiedAt: s.lastVerifiedAt,
      userAgent: s.userAgent,
    })),
  ),

  revokeSession: signedInProcedure
    .input(z.object({ sessionId: z.string().regex(/^[a-z2-7]{20,64}$/) }))
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      const mine = await sessionsRepository(ctx.db).listForUser(ctx.actor.userId);
      if (!mine.some((s) => s.id === input.sessionId))
        throw new ApiError("NOT_FOUND", "error.not_found.session", "session not found");
      await invalidateSession(ctx.db, input.sessionId);
      if (input.sessionId === ctx.actor.sessionId) {
        ctx.responseHeaders.append("set-cookie", sessionCookie(null, { secure: ctx.secureCookies }));
      }
      return { ok: true as const };
    }),
});
