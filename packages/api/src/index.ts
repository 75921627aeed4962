export { type AppCaller, type AppRouter, appRouter, createCaller } from "./router.ts";
export { type ApiRuntime, type ApiRuntimeOptions, createApiRuntime } from "./runtime.ts";
export type { Context } from "./trpc.ts";
