import { locales, mainlandMobile, roles, scopeKinds } from "@gongzhi/core";
import { accountsRepository, hashPassword, sessionsRepository, verifyPassword } from "@gongzhi/db";
import { z } from "zod";
import { PASSWORD_MAX_LENGTH, passwordProblems } from "../auth/password-policy.ts";
import { consumeRateLimit } from "../auth/rate-limit.ts";
import { createSession, invalidateSession, invalidateUserSessions, sessionCookie } from "../auth/session.ts";
import { recordSignInFailure, recordSignInSuccess, signInRetryAfterMs } from "../auth/throttle.ts";
import { ApiError, signInThrottled, tooManyRequests } from "../errors.ts";
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
  const { token } = await createSession(ctx.db, userId, {
    userAgent: ctx.request?.headers.get("user-agent") ?? null,
    ip: ctx.ip,
  });
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
    };
  }),

  signUp: publicProcedure
    .input(
      credentials.extend({
        displayName: z.string().trim().min(1).max(50),
        communityId: z.uuid().optional(),
      }),
    )
    .output(userIdOutput)
    .mutation(async ({ ctx, input }) => {
      const wait = await consumeRateLimit(ctx.db, "signUp", { ip: ctx.ip });
      if (wait !== null) throw tooManyRequests(wait);
      const problems = passwordProblems(input.password, input.phone);
      if (problems.length > 0) throw badPassword(problems);
      const accounts = accountsRepository(ctx.db);
      if (await accounts.findByPhone(input.phone)) {
        throw new ApiError("CONFLICT", "error.phone_taken", "this phone number is already registered");
      }
      const passwordHash = await hashPassword(input.password);
      const user = await audited(ctx, async (tx) => {
        const created = await accountsRepository(tx).createUser({
          phone: input.phone,
          passwordHash,
          displayName: input.displayName,
        });
        if (input.communityId) {
          await accountsRepository(tx).assign({
            userId: created.id,
            role: "resident",
            scopeKind: "community",
            scopeId: input.communityId,
          });
        }
        return {
          result: created,
          audit: {
            action: "user.sign_up",
            entityType: "user",
            entityId: created.id,
            after: { displayName: created.displayName, communityId: input.communityId ?? null },
          },
        };
      });
      await startSession(ctx, user.id);
      return { userId: user.id };
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
