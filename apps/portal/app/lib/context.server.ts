import type { ApiRuntime } from "@gongzhi/api";

/**
 * What server.mjs passes to every loader and action (`getLoadContext`). Route modules reach the
 * database only through the tRPC server-side caller built from the request.
 */
export interface PortalLoadContext {
  runtime: ApiRuntime;
}

declare module "react-router" {
  interface AppLoadContext extends PortalLoadContext {}
}

/** The tRPC caller for this request (session cookie → user, roles, scopes). */
export function getCaller({ request, context }: { request: Request; context: PortalLoadContext }) {
  return context.runtime.createCaller(request);
}
