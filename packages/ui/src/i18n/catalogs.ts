import type { Locale } from "./i18n.ts";
import { en } from "./messages/en.ts";
import { type MessageKey, zhCN } from "./messages/zh-CN.ts";

/**
 * Which catalogs exist at start-up, and how to fetch one that does not. This default variant
 * (`#catalogs` in package.json) bundles both locales: the staff console, Storybook, the tests and
 * the portal's server render use it. The portal's browser build resolves `#catalogs` with the
 * `lazy-messages` condition to ./catalogs.lazy.ts instead, which ships only the active locale.
 */
export const initialCatalogs: Partial<Record<Locale, Record<MessageKey, string>>> = { "zh-CN": zhCN, en };

export function importCatalog(locale: Locale): Promise<Record<MessageKey, string>> {
  return Promise.resolve(locale === "en" ? en : zhCN);
}
