/**
 * CSRF defence for cookie sessions (Lucia's guide): a state-changing request must come from our own
 * origin. Browsers send `Sec-Fetch-Site`; older ones send `Origin`. A request with neither (curl, a
 * server-side call) carries no ambient browser cookie risk and is allowed.
 */
export function isSameOrigin(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = request.headers.get("origin");
  if (!origin) return true;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === (host ?? new URL(request.url).host);
  } catch {
    return false;
  }
}
