import { authRouter } from "./routers/auth.ts";
import { healthRouter } from "./routers/health.ts";
import { registryRouter } from "./routers/registry.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  auth: authRouter,
  health: healthRouter,
  registry: registryRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
export type AppCaller = ReturnType<typeof createCaller>;
