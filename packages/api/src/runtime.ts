import { createDatabase, type Database, hasDemoDistrict, migrate, seedDemo } from "@gongzhi/db";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { type AppCaller, appRouter, createCaller } from "./router.ts";
import type { Context } from "./trpc.ts";

export interface ApiRuntimeOptions {
  /** PostgreSQL URL; defaults to DATABASE_URL. Without one, embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite directory ("memory" for in-memory); defaults to PGLITE_DATA_DIR or ./.data/pglite. */
  dataDir?: string;
  /** Seed the demo district when the database is empty. Default: true on PGlite, false on PostgreSQL. */
  seedDemoIfEmpty?: boolean;
  /** Apply pending migrations on start. Default: true on PGlite; on PostgreSQL run `pnpm db:migrate` instead. */
  migrate?: boolean;
  log?: (line: string) => void;
}

export interface ApiRuntime {
  /** Handle a request under /api/trpc (fetch adapter). */
  handleTrpc(request: Request): Promise<Response>;
  /** A server-side caller for route loaders and actions, bound to the request. */
  createCaller(request: Request | null): Promise<AppCaller>;
  info: { driver: Database["driver"]; dataDir?: string };
  close(): Promise<void>;
}

/** Open the database (migrating and seeding the embedded one) and expose the API over it. */
export async function createApiRuntime(options: ApiRuntimeOptions = {}): Promise<ApiRuntime> {
  const log = options.log ?? ((line: string) => console.log(line));
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  const database = databaseUrl
    ? await createDatabase({ driver: "postgres", databaseUrl })
    : await createDatabase({ driver: "pglite", ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  const embedded = database.driver === "pglite";
  if (options.migrate ?? embedded) {
    await migrate(database);
  }
  if (options.seedDemoIfEmpty ?? embedded) {
    if (!(await hasDemoDistrict(database.db))) {
      log("Empty database: seeding the demo district (延庆区)…");
      await seedDemo(database.db, { log });
    }
  }
  const contextFor = (request: Request | null): Context => ({
    db: database.db,
    driver: database.driver,
    request,
  });
  return {
    handleTrpc: (request) =>
      fetchRequestHandler({
        endpoint: "/api/trpc",
        req: request,
        router: appRouter,
        createContext: () => contextFor(request),
      }),
    createCaller: async (request) => createCaller(contextFor(request)),
    info: { driver: database.driver, ...(database.dataDir ? { dataDir: database.dataDir } : {}) },
    close: () => database.close(),
  };
}
