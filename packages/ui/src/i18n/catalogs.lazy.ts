import type { Locale } from "./i18n.ts";
import type { MessageKey } from "./messages/zh-CN.ts";

/**
 * The `lazy-messages` variant of ./catalogs.ts (see `imports` in package.json): no catalog at
 * start-up; each locale is its own chunk, fetched by `loadMessages(locale)` (the portal's client
 * entry loads the active one before hydrating, the other only when the reader switches).
 */
export const initialCatalogs: Partial<Record<Locale, Record<MessageKey, string>>> = {};

export function importCatalog(locale: Locale): Promise<Record<MessageKey, string>> {
  return locale === "en"
    ? import("./messages/en.ts").then((m) => m.en)
    : import("./messages/zh-CN.ts").then((m) => m.zhCN);
}
