/**
 * The audit log (append-only; DESIGN.md): query by actor, entity and time range, newest first, for
 * district staff and system admins. Entries are scoped by where their entity sits (registry entities,
 * owners' decisions, ledger items, coordinators); entries that cannot be placed are for system admins only.
 */
import { MAX_PAGE_SIZE } from "@gongzhi/core";
import { auditRepository } from "@gongzhi/db";
import { z } from "zod";
import { districtStaffRoles } from "../policy.ts";
import { router, scopedProcedure } from "../trpc.ts";

const entry = z.object({
  id: z.number().int(),
  at: z.date(),
  actorId: z.uuid().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
});

export const auditRouter = router({
  query: scopedProcedure(districtStaffRoles)
    .input(
      z
        .object({
          districtId: z.uuid(),
          actorId: z.uuid().optional(),
          entityType: z.string().trim().min(1).max(60).optional(),
          entityId: z.string().trim().min(1).max(100).optional(),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
          cursor: z
            .string()
            .regex(/^\d{1,15}$/)
            .nullish(),
          limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
        })
        .refine((i) => !i.from || !i.to || i.from <= i.to, {
          message: "from must not be after to",
          path: ["to"],
        }),
    )
    .output(z.object({ items: z.array(entry), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "district", id: input.districtId });
      const repo = auditRepository(ctx.db);
      const page = await repo.query({
        actorId: input.actorId,
        entityType: input.entityType,
        entityId: input.entityId,
        from: input.from ? new Date(input.from) : undefined,
        to: input.to ? new Date(input.to) : undefined,
        cursor: input.cursor ? Number(input.cursor) : null,
        limit: input.limit,
      });
      const global = ctx.scopes.some((a) => a.scopeKind === "global");
      const items = [];
      for (const e of page.items) {
        if (!global) {
          const place = await repo.placeOf(e.entityType, e.entityId);
          if (!place || !(await ctx.inScope(place))) continue;
        }
        items.push({ ...e, ip: e.ip === null ? null : String(e.ip) });
      }
      // Entries outside the scope are dropped from the page; the cursor still walks the whole log.
      return { items, nextCursor: page.nextCursor === null ? null : String(page.nextCursor) };
    }),
});
