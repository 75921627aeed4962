import { createContext, type ReactNode, use, useContext, useMemo } from "react";
import {
  defaultLocale,
  formatArea,
  formatDateTime,
  formatNumber,
  hasMessages,
  type Locale,
  loadMessages,
  type MessageArgs,
  type MessageKey,
  t as translate,
} from "./i18n.ts";

export type TranslateFn = <K extends MessageKey>(key: K, ...args: MessageArgs<K>) => string;

export interface I18nValue {
  locale: Locale;
  t: TranslateFn;
  formatNumber: (value: number) => string;
  /** Date and time in Beijing time. */
  formatDateTime: (value: Date | string | number) => string;
  /** Integer hundredths of m² → "89.37". */
  formatArea: (centiM2: number) => string;
}

function createValue(locale: Locale): I18nValue {
  return {
    locale,
    t: (key, ...args) => translate(locale, key, ...args),
    formatNumber: (value) => formatNumber(locale, value),
    formatDateTime: (value) => formatDateTime(locale, value),
    formatArea: (centiM2) => formatArea(locale, centiM2),
  };
}

const I18nContext = createContext<I18nValue>(createValue(defaultLocale));

/**
 * Suspends until `locale`'s messages are loaded. Never suspends where both catalogs are bundled;
 * in the portal's browser the client entry loads the active locale before hydrating, so this only
 * waits when the locale changes during a client-side navigation (inside a transition: the current
 * page stays until the other catalog is there, no text in the wrong language).
 */
export function useMessages(locale: Locale): void {
  if (!hasMessages(locale)) use(messagesOrReload(locale));
}

const guarded = new Map<Locale, Promise<void>>();
/**
 * `loadMessages`, one promise per locale (what `use` needs). If the catalog cannot be fetched
 * (offline, or a new deployment replaced the file) there is nothing to render in that language
 * here: the browser loads the page afresh, and the server renders it in either language.
 */
function messagesOrReload(locale: Locale): Promise<void> {
  let promise = guarded.get(locale);
  if (!promise) {
    promise = loadMessages(locale).catch(() => {
      if (typeof window !== "undefined") window.location.reload();
      return new Promise<void>(() => {});
    });
    guarded.set(locale, promise);
  }
  return promise;
}

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  useMessages(locale);
  const value = useMemo(() => createValue(locale), [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The active locale, its bound `t` and number formatting. */
export function useI18n(): I18nValue {
  return useContext(I18nContext);
}

/** The bound translate function of the active locale. */
export function useT(): TranslateFn {
  return useContext(I18nContext).t;
}

export function useLocale(): Locale {
  return useContext(I18nContext).locale;
}
