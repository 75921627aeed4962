import { findUnstorableText } from "@gongzhi/core";
import {
  type AuditInput,
  accountsRepository,
  ancestryOf,
  auditRepository,
  type Database,
  type Db,
  type Tx,
} from "@gongzhi/db";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { readSessionToken, validateSessionToken } from "./auth/session.ts";
import { ApiError, forbidden, toApiError, unauthorized } from "./errors.ts";
import { type Actor, assignmentsOf, covers, type Policy, type ScopeTarget } from "./policy.ts";
import { outboxSmsSender, type SmsSender } from "./sms.ts";
import { uploadDirFrom } from "./uploads.ts";

/** What every procedure sees. */
export interface Context {
  db: Db;
  driver: Database["driver"];
  request: Request | null;
  /** Client address, for throttling and rate limits (from the server, not from headers it does not trust). */
  ip: string | null;
  actor: Actor | null;
  /** Headers to add to the response (Set-Cookie after sign-in/out). */
  responseHeaders: Headers;
  /** Serve cookies with `Secure`. */
  secureCookies: boolean;
  now: () => Date;
  /** Where text messages go (one-time codes, invitations); see sms.ts. */
  sms: SmsSender;
  /** Where uploaded photos are stored (uploads.ts; GONGZHI_UPLOAD_DIR). */
  uploadDir: string;
}

export interface Meta {
  policy?: Policy;
}

/** Build the context of a request: the session cookie → the user and their role assignments. */
export async function createContext(opts: {
  db: Db;
  driver: Database["driver"];
  request: Request | null;
  ip?: string | null;
  secureCookies?: boolean;
  now?: () => Date;
  /** Defaults to the outbox (tests). */
  sms?: SmsSender;
  /** Defaults to `uploadDirFrom(process.env)` (uploads.ts). */
  uploadDir?: string;
}): Promise<Context> {
  const now = opts.now ?? (() => new Date());
  let actor: Actor | null = null;
  const token = readSessionToken(opts.request?.headers.get("cookie"));
  if (token) {
    const valid = await validateSessionToken(opts.db, token, now());
    if (valid) {
      const assignments = await accountsRepository(opts.db).assignments(valid.user.id);
      actor = { userId: valid.user.id, sessionId: valid.session.id, assignments };
    }
  }
  return {
    db: opts.db,
    driver: opts.driver,
    request: opts.request,
    ip: opts.ip ?? null,
    actor,
    responseHeaders: new Headers(),
    secureCookies: opts.secureCookies ?? false,
    now,
    sms: opts.sms ?? outboxSmsSender(opts.db),
    uploadDir: opts.uploadDir ?? uploadDirFrom(process.env),
  };
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // Dates (and other non-JSON values) cross the wire as themselves, so a `Date` output is a `Date`
    // in the console too (ADR 0007). HTTP clients send `{"json": input}` and read `result.data.json`.
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const api = error instanceof ApiError ? error : error.cause instanceof ApiError ? error.cause : null;
      const isInput = error.code === "BAD_REQUEST" && !api;
      return {
        ...shape,
        // Never leak internals: an unexpected error shows a generic message.
        message: error.code === "INTERNAL_SERVER_ERROR" ? "internal error" : shape.message,
        data: {
          ...shape.data,
          stack: undefined,
          messageKey:
            api?.messageKey ?? (isInput ? "error.invalid_input" : `error.${error.code.toLowerCase()}`),
          params: api?.params ?? {},
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Turn domain/database errors thrown by a resolver into client errors with message keys. */
const translateErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const translated = toApiError(result.error.cause ?? result.error);
    if (translated && translated !== result.error) throw translated;
  }
  return result;
});

/**
 * Text PostgreSQL cannot store (NUL, lone surrogates) is refused with BAD_REQUEST before any procedure
 * runs — every text field and search of every procedure, present and future, by core's one rule
 * (`findUnstorableText`), instead of a 500 from the database.
 */
const refuseUnstorableText = t.middleware(async ({ getRawInput, next }) => {
  const found = findUnstorableText(await getRawInput());
  if (found) {
    const field = found.path.join(".") || "(input)";
    throw new ApiError(
      "BAD_REQUEST",
      "error.input.unstorable_text",
      `${field}: text with a NUL character or a lone surrogate cannot be stored`,
      { field },
    );
  }
  return next();
});

const base = t.procedure.use(translateErrors).use(refuseUnstorableText);

/** Anyone may call it; it returns only public data. */
export const publicProcedure = base.meta({ policy: { kind: "public" } });

/** Any signed-in user, acting on their own things. */
export const signedInProcedure = base.meta({ policy: { kind: "signedIn" } }).use(({ ctx, next }) => {
  if (!ctx.actor) throw unauthorized();
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

/**
 * One of `roles`, within scope. The resolver must call `ctx.requireScope(target)` for each record it
 * reads or changes (or `ctx.requireNational()` for national data, which has no place); a scoped
 * procedure that never checks fails loudly rather than leaking.
 */
export function scopedProcedure(roles: readonly Actor["assignments"][number]["role"][]) {
  return base.meta({ policy: { kind: "scoped", roles } }).use(async ({ ctx, next }) => {
    if (!ctx.actor) throw unauthorized();
    const mine = assignmentsOf(ctx.actor, roles);
    if (mine.length === 0) throw forbidden(`requires one of: ${roles.join(", ")}`);
    let checked = false;
    const requireScope = async (target: ScopeTarget) => {
      checked = true;
      const ancestry = await ancestryOf(ctx.db, target.level, target.id);
      if (!ancestry)
        throw new ApiError("NOT_FOUND", `error.not_found.${target.level}`, `${target.level} not found`);
      if (!mine.some((a) => covers(a, ancestry))) throw forbidden();
      return ancestry;
    };
    /** Whether the actor's scope covers a target (for filtering lists). */
    const inScope = async (target: ScopeTarget) => {
      checked = true;
      const ancestry = await ancestryOf(ctx.db, target.level, target.id);
      return ancestry !== null && mine.some((a) => covers(a, ancestry));
    };
    /**
     * The record has no place in the hierarchy: it is national (the working calendar). Every
     * assignment of the procedure's roles covers it for reading; `{ change: true }` needs a global
     * assignment (system_admin) — a district cannot change what the whole city counts by.
     */
    const requireNational = (opts: { change?: boolean } = {}) => {
      checked = true;
      if (opts.change && !mine.some((a) => a.scopeKind === "global"))
        throw forbidden("national data: only a global assignment may change it");
    };
    const result = await next({
      ctx: { ...ctx, actor: ctx.actor, scopes: mine, requireScope, inScope, requireNational },
    });
    if (result.ok && !checked) {
      throw new TRPCError({
        code: "INTERNAL_SERVER_ERROR",
        message: "scoped procedure did not check its scope",
      });
    }
    return result;
  });
}

/**
 * Run a mutation in one transaction with its audit entry: `fn` gets the transaction and returns the
 * result plus what to audit. The audit row is written in the same transaction (DESIGN.md).
 */
export async function audited<T>(
  ctx: Pick<Context, "db" | "actor" | "ip">,
  fn: (tx: Tx) => Promise<{
    result: T;
    audit: Omit<AuditInput, "actorId" | "ip"> | Omit<AuditInput, "actorId" | "ip">[];
  }>,
): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const { result, audit } = await fn(tx);
    const entries = Array.isArray(audit) ? audit : [audit];
    if (entries.length === 0)
      throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "mutation without audit entry" });
    const repo = auditRepository(tx);
    for (const entry of entries)
      await repo.append({ ...entry, actorId: ctx.actor?.userId ?? null, ip: ctx.ip });
    return result;
  });
}
