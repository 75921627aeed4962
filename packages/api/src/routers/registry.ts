import { compoundTypes, MAX_PAGE_SIZE } from "@gongzhi/core";
import { registryRepository } from "@gongzhi/db";
import { z } from "zod";
import { notFound } from "../errors.ts";
import { publicProcedure, router } from "../trpc.ts";

const publicCommunity = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(["community", "village"]),
});

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

  /** Public facts of one community: its name and kind, its subdistrict's name, its meeting threshold. */
  community: publicProcedure
    .input(z.object({ id: z.uuid() }))
    .output(
      publicCommunity.extend({
        subdistrict: z.object({ id: z.uuid(), name: z.string() }),
        supportThreshold: z.number().int(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const c = await registryRepository(ctx.db).getCommunityWithSubdistrict(input.id);
      if (!c) throw notFound("community");
      return c;
    }),

  /** Public list of a community's compounds (names, types and households are public registry facts). */
  compounds: publicProcedure
    .input(
      z.object({
        communityId: z.uuid(),
        cursor: z.string().max(40).nullish(),
        limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
      }),
    )
    .output(
      z.object({
        items: z.array(
          z.object({
            id: z.uuid(),
            code: z.string(),
            name: z.string(),
            type: z.enum(compoundTypes),
            households: z.number().int(),
          }),
        ),
        nextCursor: z.string().nullable(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const page = await registryRepository(ctx.db).listCompounds({
        communityId: input.communityId,
        cursor: input.cursor ?? null,
        limit: input.limit,
      });
      return {
        items: page.items.map(({ id, code, name, type, households }) => ({
          id,
          code,
          name,
          type,
          households,
        })),
        nextCursor: page.nextCursor,
      };
    }),

  /**
   * Public directory of communities (names are public), searchable and paginated by code, so that
   * visitors can find their community's topics and meetings before signing in.
   */
  communities: publicProcedure
    .input(
      z.object({
        search: z.string().trim().max(50).optional(),
        subdistrictId: z.uuid().optional(),
        cursor: z.string().max(40).nullish(),
        limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
      }),
    )
    .output(z.object({ items: z.array(publicCommunity), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const page = await registryRepository(ctx.db).listCommunities({
        ...(input.search ? { search: input.search } : {}),
        ...(input.subdistrictId ? { subdistrictId: input.subdistrictId } : {}),
        cursor: input.cursor ?? null,
        limit: input.limit,
      });
      return {
        items: page.items.map(({ id, code, name, kind }) => ({ id, code, name, kind })),
        nextCursor: page.nextCursor,
      };
    }),
});
