import type { ApiRuntime } from "@gongzhi/api";

/**
 * What server.mjs passes to every loader and action (`getLoadContext`). Route modules reach the
 * database only through the tRPC server-side caller built from the request.
 */
export interface PortalLoadContext {
  runtime: ApiRuntime;
  /** The client's address as the server saw it (set by server.mjs, never taken from the client). */
  clientIp: string | null;
  /** Whether the request arrived over HTTPS (directly or via a trusted proxy): Secure cookies. */
  https: boolean;
  /** This response's Content-Security-Policy nonce, for the inline scripts (entry.server.tsx). */
  cspNonce: string;
}

declare module "react-router" {
  interface AppLoadContext extends PortalLoadContext {}
}

export interface RequestArgs {
  request: Request;
  context: PortalLoadContext;
}

export type Caller = Awaited<ReturnType<ApiRuntime["createCaller"]>>;

// One caller per request: the root loader and the page's loader share the session lookup.
const callers = new WeakMap<Request, Promise<Caller>>();

/** The tRPC caller for this request (session cookie → user, roles, scopes). For loaders. */
export function getCaller({ request, context }: RequestArgs): Promise<Caller> {
  let caller = callers.get(request);
  if (!caller) {
    caller = context.runtime.createCaller(request, { ip: context.clientIp, https: context.https });
    callers.set(request, caller);
  }
  return caller;
}

/**
 * A fresh caller plus the headers its procedures set (Set-Cookie on sign-in/out). For actions:
 * copy `responseHeaders` onto the redirect (`redirectWith`).
 */
export function getRequestCaller({ request, context }: RequestArgs) {
  return context.runtime.createRequestCaller(request, { ip: context.clientIp, https: context.https });
}
