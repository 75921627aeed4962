import type { AppRouter } from "@gongzhi/api";
import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import superjson from "superjson";

// Only the router's *type* crosses into the browser bundle.
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** What each procedure returns, e.g. `Outputs["threeRates"]["current"]`. */
export type Outputs = inferRouterOutputs<AppRouter>;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false },
    },
  });
}

/** Same-origin, batched; the session cookie travels with every request. */
export function createClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "/api/trpc",
        // The server's transformer (ADR 0007): Date outputs arrive as Dates.
        transformer: superjson,
        fetch: (url, init) => fetch(url, { ...init, credentials: "same-origin" }),
      }),
    ],
  });
}
