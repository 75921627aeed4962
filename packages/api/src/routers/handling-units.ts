/**
 * 承办单位 and 诉求分类 — the handling units of a district and the category tree (public: residents pick a
 * category, and who handles what is public), the units a unit_staff member works for, and district staff
 * creating and updating units.
 */
import { handlingUnit, handlingUnitKinds, handlingUnitTiers, requestCategory } from "@gongzhi/core";
import { ancestryOf, type HandlingUnitRow, hotlineRepository, type RequestCategoryRow } from "@gongzhi/db";
import { z } from "zod";
import { ApiError, notFound } from "../errors.ts";
import { districtStaffRoles } from "../policy.ts";
import { audited, publicProcedure, router, scopedProcedure, signedInProcedure } from "../trpc.ts";

const districtStaff = scopedProcedure(districtStaffRoles);

export function unitOut(u: HandlingUnitRow) {
  return {
    id: u.id,
    kind: u.kind,
    code: u.code,
    name: u.name,
    tier: u.tier,
    area:
      u.areaKind === "subdistrict" && u.subdistrictId
        ? { kind: "subdistrict" as const, id: u.subdistrictId }
        : { kind: "district" as const, id: u.districtId },
    active: u.active,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

function categoryOut(c: RequestCategoryRow) {
  return {
    id: c.id,
    parentId: c.parentId,
    code: c.code,
    nameZh: c.nameZh,
    nameEn: c.nameEn,
    defaultTimeLimit: { kind: c.limitKind, amount: c.limitAmount },
    allHours: c.allHours,
    active: c.active,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

const unitFields = {
  name: handlingUnit.shape.name,
  kind: z.enum(handlingUnitKinds),
  tier: z.enum(handlingUnitTiers),
};

export const handlingUnitsRouter = router({
  /** The units of a district (optionally one tier, or those serving a 街道/乡镇), by code. */
  list: publicProcedure
    .input(
      z.object({
        districtId: z.uuid(),
        tier: z.enum(handlingUnitTiers).optional(),
        servingSubdistrictId: z.uuid().optional(),
        activeOnly: z.boolean().default(true),
      }),
    )
    .output(z.array(handlingUnit))
    .query(async ({ ctx, input }) => (await hotlineRepository(ctx.db).listUnits(input)).map(unitOut)),

  /** The handling units the signed-in user works for (their unit_staff assignments), by code. */
  mine: signedInProcedure.output(z.array(handlingUnit)).query(async ({ ctx }) => {
    const ids = ctx.actor.assignments
      .filter((a) => a.role === "unit_staff" && a.scopeKind === "handling_unit" && a.scopeId)
      .map((a) => a.scopeId!);
    const h = hotlineRepository(ctx.db);
    const units = (await Promise.all([...new Set(ids)].map((id) => h.getUnit(id)))).filter(
      (u): u is HandlingUnitRow => u !== null && u !== undefined,
    );
    return units.sort((a, b) => a.code.localeCompare(b.code)).map(unitOut);
  }),

  /** The category tree as a flat list by code (each node with its parent and default time limit). */
  categories: publicProcedure
    .input(z.object({ activeOnly: z.boolean().default(true) }).optional())
    .output(z.array(requestCategory))
    .query(async ({ ctx, input }) => {
      const flat: RequestCategoryRow[] = [];
      const walk = (nodes: Awaited<ReturnType<ReturnType<typeof hotlineRepository>["categoryTree"]>>) => {
        for (const { children, ...n } of nodes) {
          if (!(input?.activeOnly ?? true) || n.active) flat.push(n);
          walk(children);
        }
      };
      walk(await hotlineRepository(ctx.db).categoryTree());
      return flat.map(categoryOut);
    }),

  /** A new unit of the district, serving the whole district or one of its 街道/乡镇. */
  create: districtStaff
    .input(
      z.object({
        ...unitFields,
        code: handlingUnit.shape.code,
        districtId: z.uuid(),
        subdistrictId: z.uuid().nullish(),
      }),
    )
    .output(handlingUnit)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "district", id: input.districtId });
      if (input.subdistrictId) {
        const s = await ancestryOf(ctx.db, "subdistrict", input.subdistrictId);
        if (!s) throw notFound("subdistrict");
        if (s.districtId !== input.districtId)
          throw new ApiError(
            "BAD_REQUEST",
            "error.handling_unit.subdistrict_outside_district",
            "the 街道/乡镇 is not in that district",
          );
      }
      return audited(ctx, async (tx) => {
        const u = await hotlineRepository(tx).createUnit({
          code: input.code,
          name: input.name,
          kind: input.kind,
          tier: input.tier,
          districtId: input.districtId,
          subdistrictId: input.subdistrictId ?? null,
          areaKind: input.subdistrictId ? "subdistrict" : "district",
        });
        return {
          result: unitOut(u),
          audit: { action: "handlingUnits.create", entityType: "handling_unit", entityId: u.id, after: u },
        };
      });
    }),

  /** Rename, re-tier, or (de)activate a unit. */
  update: districtStaff
    .input(
      z
        .object({
          id: z.uuid(),
          name: unitFields.name.optional(),
          tier: unitFields.tier.optional(),
          active: z.boolean().optional(),
        })
        .refine((i) => i.name !== undefined || i.tier !== undefined || i.active !== undefined, {
          message: "nothing to change",
        }),
    )
    .output(handlingUnit)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "handling_unit", id: input.id });
      const { id, ...set } = input;
      return audited(ctx, async (tx) => {
        const h = hotlineRepository(tx);
        const before = await h.getUnit(id);
        if (!before) throw notFound("handling_unit");
        const u = await h.updateUnit(id, set);
        if (!u) throw notFound("handling_unit");
        return {
          result: unitOut(u),
          audit: {
            action: "handlingUnits.update",
            entityType: "handling_unit",
            entityId: id,
            before,
            after: u,
          },
        };
      });
    }),
});
