import { getCaller } from "../lib/context.server.ts";
import type { Route } from "./+types/healthz";

/** Liveness and database check for load balancers and the e2e runner: JSON, no HTML. */
export async function loader({ request, context }: Route.LoaderArgs) {
  try {
    const caller = await getCaller({ request, context });
    const ping = await caller.health.ping();
    return Response.json(
      { ok: true, driver: ping.driver, time: new Date().toISOString() },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return Response.json(
      { ok: false, error: message },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
