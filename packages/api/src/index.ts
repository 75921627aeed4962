export { type AppCaller, type AppRouter, appRouter, createCaller } from "./router.ts";
export { type ApiRuntime, type ApiRuntimeOptions, createApiRuntime } from "./runtime.ts";
export { outboxSmsSender, type SmsSender, smsSenderFromEnv, webhookSmsSender } from "./sms.ts";
export type { Context } from "./trpc.ts";
