import { type Locale, localeCookieName, resolveLocale } from "@gongzhi/ui";

/** `?lang=` first, then the cookie shared with the portal; zh-CN otherwise. */
export function initialLocale(): Locale {
  const query = new URLSearchParams(window.location.search).get("lang");
  const cookie = document.cookie
    .split(";")
    .map((part) => part.trim().split("="))
    .find(([key]) => key === localeCookieName)?.[1];
  return resolveLocale(query, cookie);
}

export function rememberLocale(locale: Locale): void {
  // biome-ignore lint/suspicious/noDocumentCookie: one non-sensitive cookie shared with the server-rendered portal.
  document.cookie = `${localeCookieName}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax`;
  document.documentElement.lang = locale;
}
