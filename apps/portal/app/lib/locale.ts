import { type Locale, localeCookieName, resolveLocale } from "@gongzhi/ui";

/** Reads `?lang=` first, then the language cookie; zh-CN otherwise. */
export function localeFromRequest(request: Request): { locale: Locale; fromQuery: boolean } {
  const url = new URL(request.url);
  const query = url.searchParams.get("lang");
  const cookie = readCookie(request.headers.get("Cookie"), localeCookieName);
  return { locale: resolveLocale(query, cookie), fromQuery: query !== null };
}

/** Remembers the choice for a year. Not HttpOnly-sensitive: it only holds a language tag. */
export function localeCookie(locale: Locale): string {
  return `${localeCookieName}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** The current URL with `lang` replaced, for the no-JavaScript language links. */
export function hrefWithLocale(pathname: string, search: string, locale: Locale): string {
  const params = new URLSearchParams(search);
  params.set("lang", locale);
  return `${pathname}?${params.toString()}`;
}
