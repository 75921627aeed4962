export { SESSION_COOKIE } from "./auth/session.ts";
export { jobNames, registerJobs } from "./jobs.ts";
export { type AppCaller, type AppRouter, appRouter, createCaller } from "./router.ts";
export {
  type ApiRuntime,
  type ApiRuntimeOptions,
  createApiRuntime,
  type RequestMeta,
  trpcErrorResponse,
} from "./runtime.ts";
export type { JobContext, JobHandler, JobInfo, ScheduleOptions, Scheduler } from "./scheduler/index.ts";
export { outboxSmsSender, type SmsSender, smsSenderFromEnv, webhookSmsSender } from "./sms.ts";
export type { Context } from "./trpc.ts";
export {
  type CheckedPhoto,
  checkPhotos,
  type PhotoUpload,
  photoContentTypes,
  photoLimits,
  sniffPhotoType,
  uploadDirFrom,
} from "./uploads.ts";
