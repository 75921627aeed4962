import { registryRepository } from "@gongzhi/db";
import { z } from "zod";
import { publicProcedure, router } from "../trpc.ts";

const districtSummary = z.object({
  district: z.object({ id: z.uuid(), code: z.string(), name: z.string(), nameEn: z.string() }).nullable(),
  subdistricts: z.number().int(),
  communities: z.number().int(),
  grids: z.number().int(),
  compounds: z.number().int(),
  buildings: z.number().int(),
  units: z.number().int(),
});

export const registryRouter = router({
  /** Public counts of the registry, for the portal home and the console. */
  districtSummary: publicProcedure
    .output(districtSummary)
    .query(({ ctx }) => registryRepository(ctx.db).districtSummary()),
});
