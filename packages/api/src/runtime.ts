import { type Clock, systemClock } from "@gongzhi/core";
import {
  createDatabase,
  type Database,
  DEMO_OPEN311_KEY,
  type DemoLogin,
  demoLogins,
  hasDemoDistrict,
  migrate,
  seedDemo,
} from "@gongzhi/db";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { type TRPC_ERROR_CODE_KEY, TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import superjson from "superjson";
import { isSameOrigin } from "./auth/origin.ts";
import { fileOffsetClock } from "./clock-file.ts";
import { ApiError } from "./errors.ts";
import { startServerScheduler } from "./jobs.ts";
import { createOpen311Handler } from "./open311/handler.ts";
import { type AppCaller, appRouter, createCaller } from "./router.ts";
import type { Scheduler } from "./scheduler/index.ts";
import { type SmsSender, smsSenderFromEnv } from "./sms.ts";
import { type Context, createContext } from "./trpc.ts";
import { uploadDirFrom } from "./uploads.ts";

export interface ApiRuntimeOptions {
  /** An already open database to serve (tests, embedding); `close()` closes it. Overrides the two below. */
  database?: Database;
  /** PostgreSQL URL; defaults to DATABASE_URL. Without one, embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite directory ("memory" for in-memory); defaults to PGLITE_DATA_DIR or ./.data/pglite. */
  dataDir?: string;
  /** Seed the demo district when the database is empty. Default: true on PGlite, false on PostgreSQL. */
  seedDemoIfEmpty?: boolean;
  /** Apply pending migrations on start. Default: true on PGlite; on PostgreSQL run `pnpm db:migrate` instead. */
  migrate?: boolean;
  /** Mark cookies Secure on every request, whatever `RequestMeta.https` says. Default: false. */
  secureCookies?: boolean;
  log?: (line: string) => void;
  /**
   * Where "now" comes from for every rule (core's Clock). Default: the machine's clock, or — for browser
   * tests only — GONGZHI_CLOCK_FILE's offset clock.
   */
  clock?: Clock;
  /**
   * Where uploaded photos go (uploads.ts): defaults to GONGZHI_UPLOAD_DIR, else `uploads/` beside the
   * PGlite data directory, else ./.data/uploads.
   */
  uploadDir?: string;
  /** The SMS sender; defaults to the one SMS_SENDER selects (sms.ts, docs/deployment.md). */
  sms?: SmsSender;
  /**
   * The job scheduler (src/jobs.ts, ADR 0015), started here and stopped by `close()`: pg-boss on
   * PostgreSQL (with `database`, pass `databaseUrl` too), the table runner on PGlite. `false`: none.
   */
  scheduler?: false | { pollIntervalMs?: number };
}

export interface RequestMeta {
  /** The client's address as the server saw it (socket address, or from a trusted proxy). */
  ip?: string | null;
  /** The request arrived over HTTPS (directly, or via a trusted proxy): its cookies are `Secure`. */
  https?: boolean;
}

/**
 * A tRPC-shaped error response on the superjson wire (ADR 0007), for refusals made before tRPC runs
 * (cross-site, body too large, JSON nested too deep), so clients read them like any other error.
 */
export function trpcErrorResponse(
  status: number,
  code: TRPC_ERROR_CODE_KEY,
  messageKey: string,
  message: string,
  params: Record<string, string | number> = {},
  headers?: Record<string, string>,
): Response {
  return Response.json(
    {
      error: superjson.serialize({
        message,
        code: TRPC_ERROR_CODES_BY_KEY[code],
        data: { code, httpStatus: status, messageKey, params },
      }),
    },
    { status, ...(headers ? { headers } : {}) },
  );
}

export interface ApiRuntime {
  /** Handle a request under /api/trpc (fetch adapter). Non-GET requests from another origin are refused. */
  handleTrpc(request: Request, meta?: RequestMeta): Promise<Response>;
  /**
   * Handle a request under /open311/v2/ (Open311 GeoReport v2, ADR 0019). Cross-origin by design: it
   * reads no cookie; filing a request needs an api_key.
   */
  handleOpen311(request: Request, meta?: RequestMeta): Promise<Response>;
  /** A server-side caller for route loaders and actions, bound to the request's session. */
  createCaller(request: Request | null, meta?: RequestMeta): Promise<AppCaller>;
  /** Like createCaller, plus the headers (Set-Cookie) the route must send back. */
  createRequestCaller(
    request: Request | null,
    meta?: RequestMeta,
  ): Promise<{ caller: AppCaller; responseHeaders: Headers }>;
  info: { driver: Database["driver"]; dataDir?: string; sms: string; uploadDir: string };
  /** The demo accounts, when this database holds the demo district (for the start-up banner). */
  demoLogins: readonly DemoLogin[];
  /** The demo district's Open311 api_key, when this database holds the demo district (for the banner). */
  demoOpen311Key: string | null;
  /** The running scheduler (null with `scheduler: false`). */
  scheduler: Scheduler | null;
  /** Stop the scheduler (letting running jobs finish), then close the database. */
  close(): Promise<void>;
}

/** Open the database (migrating and seeding the embedded one) and expose the API over it. */
export async function createApiRuntime(options: ApiRuntimeOptions = {}): Promise<ApiRuntime> {
  const log = options.log ?? ((line: string) => console.log(line));
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  const database = options.database
    ? options.database
    : databaseUrl
      ? await createDatabase({ driver: "postgres", databaseUrl })
      : await createDatabase({ driver: "pglite", ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  const embedded = database.driver === "pglite";
  // Chosen before migrating or serving: a production deployment without an SMS sender refuses to start.
  let sms: SmsSender;
  try {
    sms =
      options.sms ?? smsSenderFromEnv(process.env, { db: database.db, embedded, log: (line) => log(line) });
  } catch (error) {
    if (!options.database) await database.close();
    throw error;
  }
  if (options.migrate ?? embedded) {
    await migrate(database);
  }
  let demo = await hasDemoDistrict(database.db);
  if (!demo && (options.seedDemoIfEmpty ?? embedded)) {
    log("Empty database: seeding the demo district (延庆区)…");
    await seedDemo(database.db, { log });
    demo = true;
  }
  const clockFile = process.env.GONGZHI_CLOCK_FILE;
  if (!options.clock && clockFile)
    log(
      `WARNING: the clock is moved by ${clockFile} (GONGZHI_CLOCK_FILE) — for tests only, never in production`,
    );
  const clock = options.clock ?? (clockFile ? fileOffsetClock(clockFile) : systemClock);
  let scheduler: Scheduler | null = null;
  if (options.scheduler !== false) {
    try {
      scheduler = await startServerScheduler(database, {
        clock,
        log,
        databaseUrl: options.database ? options.databaseUrl : databaseUrl,
        ...options.scheduler,
      });
    } catch (error) {
      if (!options.database) await database.close();
      throw error;
    }
  }
  const uploadDir = options.uploadDir ?? uploadDirFrom(process.env, database.dataDir);
  const contextFor = (request: Request | null, meta: RequestMeta = {}): Promise<Context> =>
    createContext({
      now: () => clock.now(),
      db: database.db,
      driver: database.driver,
      request,
      ip: meta.ip ?? null,
      secureCookies: (options.secureCookies ?? false) || (meta.https ?? false),
      sms,
      uploadDir,
    });
  const open311 = createOpen311Handler({ db: database.db, now: () => clock.now() });
  return {
    handleOpen311: (request, meta) => open311(request, { ip: meta?.ip ?? null }),
    async handleTrpc(request, meta) {
      if (request.method !== "GET" && request.method !== "HEAD" && !isSameOrigin(request)) {
        return trpcErrorResponse(403, "FORBIDDEN", "error.cross_site", "cross-site request refused");
      }
      return fetchRequestHandler({
        endpoint: "/api/trpc",
        req: request,
        router: appRouter,
        createContext: () => contextFor(request, meta),
        responseMeta: ({ ctx, errors }) => {
          const headers = new Headers(ctx?.responseHeaders);
          // A throttled call says when to come back (RFC 9110 Retry-After, in seconds).
          const wait = errors
            .map((e) => (e instanceof ApiError ? e.params.retryAfterSeconds : undefined))
            .find((v) => typeof v === "number");
          if (wait !== undefined) headers.set("Retry-After", String(wait));
          return { headers };
        },
      });
    },
    createCaller: async (request, meta) => createCaller(await contextFor(request, meta)),
    async createRequestCaller(request, meta) {
      const ctx = await contextFor(request, meta);
      return { caller: createCaller(ctx), responseHeaders: ctx.responseHeaders };
    },
    info: {
      driver: database.driver,
      ...(database.dataDir ? { dataDir: database.dataDir } : {}),
      sms: sms.name,
      uploadDir,
    },
    demoLogins: demo ? demoLogins : [],
    demoOpen311Key: demo ? DEMO_OPEN311_KEY : null,
    scheduler,
    async close() {
      await scheduler?.stop();
      await database.close();
    },
  };
}
