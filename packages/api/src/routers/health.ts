import { z } from "zod";
import { publicProcedure, router } from "../trpc.ts";

export const healthRouter = router({
  ping: publicProcedure
    .output(z.object({ ok: z.literal(true), driver: z.enum(["pglite", "postgres"]) }))
    .query(({ ctx }) => ({ ok: true as const, driver: ctx.driver })),
});
