/** Built by `messageChunks()` in vite.config.ts: each locale's message chunk files (server build only). */
declare module "virtual:gongzhi/message-chunks" {
  export const messageChunks: Partial<Record<import("@gongzhi/ui").Locale, string[]>>;
}
