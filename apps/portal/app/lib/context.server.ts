import type { ApiRuntime } from "@gongzhi/api";

/**
 * What server.mjs passes to every loader and action (`getLoadContext`). Route modules reach the
 * database only through the tRPC server-side caller built from the request.
 */
export interface PortalLoadContext {
  runtime: ApiRuntime;
  /** The client's address as the server saw it (set by server.mjs, never taken from the client). */
  clientIp: string | null;
}

declare module "react-router" {
  interface AppLoadContext extends PortalLoadContext {}
}

/** The tRPC caller for this request (session cookie → user, roles, scopes). */
export function getCaller({ request, context }: { request: Request; context: PortalLoadContext }) {
  return context.runtime.createCaller(request, { ip: context.clientIp });
}
