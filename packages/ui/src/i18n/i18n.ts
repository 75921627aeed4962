import { importCatalog, initialCatalogs } from "#catalogs";
import type { MessageKey, zhCN } from "./messages/zh-CN.ts";

export type { MessageKey };

/** Supported interface languages, the default first. */
export const locales = ["zh-CN", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "zh-CN";

/** Name of the cookie that remembers a visitor's language choice. */
export const localeCookieName = "gz_lang";

type Catalog = typeof zhCN;

/**
 * The catalogs at hand. Everywhere but the portal's browser build both locales are bundled and
 * present from the start (`#catalogs`, see ./catalogs.ts); there, `loadMessages` fetches them.
 */
const catalogs: Partial<Record<Locale, Record<MessageKey, string>>> = { ...initialCatalogs };
const loading = new Map<Locale, Promise<void>>();

/** Whether `locale`'s messages are loaded, i.e. `t(locale, …)` can be called now. */
export function hasMessages(locale: Locale): boolean {
  return catalogs[locale] !== undefined;
}

/**
 * Loads `locale`'s messages (a no-op where both are bundled). The same promise for every call,
 * so React's `use()` can wait on it; a failed load can be retried.
 */
export function loadMessages(locale: Locale): Promise<void> {
  if (hasMessages(locale)) return Promise.resolve();
  let promise = loading.get(locale);
  if (!promise) {
    promise = importCatalog(locale).then(
      (messages) => {
        catalogs[locale] = messages;
      },
      (error: unknown) => {
        loading.delete(locale);
        throw error;
      },
    );
    loading.set(locale, promise);
  }
  return promise;
}

/** The `{param}` names used in a message string, as a union of string literals. */
export type ParamsOf<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | ParamsOf<Rest>
  : never;

/** `t`'s trailing argument: required exactly when the (zh-CN) message has placeholders. */
export type MessageArgs<K extends MessageKey> =
  ParamsOf<Catalog[K]> extends never ? [] : [params: Record<ParamsOf<Catalog[K]>, string | number>];

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/**
 * Picks the first supported locale among the candidates (query parameter, cookie, …),
 * accepting loose forms such as "zh", "zh-cn" or "en-US"; falls back to zh-CN.
 */
export function resolveLocale(...candidates: Array<string | null | undefined>): Locale {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const value = candidate.trim().toLowerCase();
    if (value === "zh" || value.startsWith("zh-")) return "zh-CN";
    if (value === "en" || value.startsWith("en-")) return "en";
  }
  return defaultLocale;
}

/** Translates `key` into `locale`, filling `{param}` placeholders. */
export function t<K extends MessageKey>(locale: Locale, key: K, ...args: MessageArgs<K>): string {
  // Only keys of a catalog that is not loaded yet fall through to the other locale or the key.
  const template = catalogs[locale]?.[key] ?? catalogs[defaultLocale]?.[key] ?? catalogs.en?.[key] ?? key;
  const params = args[0] as Record<string, string | number> | undefined;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();

/** Formats an integer count the way the locale writes it (e.g. 12,345). */
export function formatNumber(locale: Locale, value: number): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

/**
 * Whether `key` is a message of the catalogs: lets apps show an API error's `messageKey` directly
 * (the API's keys, e.g. "error.sign_in_failed", are catalog keys) and fall back otherwise.
 */
export function isMessageKey(key: string): key is MessageKey {
  // Every locale has the same keys (checked by the compiler and test/i18n.test.ts).
  const catalog = catalogs[defaultLocale] ?? catalogs.en;
  return catalog !== undefined && Object.hasOwn(catalog, key);
}

/** Beijing time everywhere: the server renders and the browser hydrates the same text. */
export const timeZone = "Asia/Shanghai";

const dateTimeFormats = new Map<Locale, Intl.DateTimeFormat>();

/** A moment as a date and time in Beijing, written the locale's way (2026年11月29日 14:05). */
export function formatDateTime(locale: Locale, value: Date | string | number): string {
  let format = dateTimeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone });
    dateTimeFormats.set(locale, format);
  }
  return format.format(new Date(value));
}

const areaFormats = new Map<Locale, Intl.NumberFormat>();

/** An area held as integer hundredths of a square metre, in m² with two decimals (89.37). */
export function formatArea(locale: Locale, centiM2: number): string {
  let format = areaFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    areaFormats.set(locale, format);
  }
  return format.format(centiM2 / 100);
}
