/**
 * 协管员 (DOMAIN.md §7): categories are data; phone and ID number are sensitive — masked with core's
 * `maskSensitive` everywhere; `coordinators.reveal` is the one screen that shows them, and each reveal
 * is audited.
 */
import {
  coordinatorCategory,
  coordinatorStatuses,
  genders,
  mainlandMobile,
  maskSensitive,
  pageInput,
  residentIdNumber,
} from "@gongzhi/core";
import { type CoordinatorRow, coordinatorsRepository } from "@gongzhi/db";
import { z } from "zod";
import { notFound } from "../errors.ts";
import { districtStaffRoles, staffRoles } from "../policy.ts";
import { audited, publicProcedure, router, scopedProcedure } from "../trpc.ts";

const staff = scopedProcedure(staffRoles);
const scopeInput = z.object({ level: z.enum(["district", "subdistrict", "community"]), id: z.uuid() });
const categoryOut = coordinatorCategory;
const coordinatorOut = z.object({
  id: z.uuid(),
  categoryId: z.uuid(),
  name: z.string(),
  gender: z.enum(genders),
  birthYear: z.number().int(),
  phone: z.string(),
  idNumber: z.string(),
  employerDepartment: z.string(),
  communityId: z.uuid(),
  gridId: z.uuid().nullable(),
  hiredOn: z.string(),
  status: z.enum(coordinatorStatuses),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const masked = (c: CoordinatorRow) =>
  coordinatorOut.parse({ ...c, phone: maskSensitive(c.phone), idNumber: maskSensitive(c.idNumber) });
const fields = z.object({
  categoryId: z.uuid(),
  name: z.string().trim().min(1).max(50),
  gender: z.enum(genders),
  birthYear: z.number().int().min(1940).max(2010),
  phone: mainlandMobile,
  idNumber: residentIdNumber,
  employerDepartment: z.string().trim().min(1).max(100),
  communityId: z.uuid(),
  hiredOn: z.iso.date(),
});
/** The audit trail never stores the sensitive values in clear. */
const forAudit = (c: CoordinatorRow) => ({
  ...c,
  phone: maskSensitive(c.phone),
  idNumber: maskSensitive(c.idNumber),
});

async function load(db: Parameters<typeof coordinatorsRepository>[0], id: string) {
  const c = await coordinatorsRepository(db).get(id);
  if (!c) throw notFound("coordinator");
  return c;
}

export const coordinatorsRouter = router({
  /** The categories (public reference data). */
  categories: publicProcedure
    .output(z.array(categoryOut))
    .query(({ ctx }) => coordinatorsRepository(ctx.db).categories()),

  /** Add a category (district staff): categories are data, not code. */
  createCategory: scopedProcedure(districtStaffRoles)
    .input(
      z.object({
        districtId: z.uuid(),
        code: z
          .string()
          .trim()
          .regex(/^[a-z_]{2,40}$/),
        nameZh: z.string().trim().min(1).max(50),
        nameEn: z.string().trim().min(1).max(80),
        sortOrder: z.number().int().min(0).max(10_000).default(0),
      }),
    )
    .output(categoryOut)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "district", id: input.districtId });
      const { districtId: _d, ...row } = input;
      return audited(ctx, async (tx) => {
        const c = await coordinatorsRepository(tx).createCategory(row);
        return {
          result: c,
          audit: {
            action: "coordinator_category.create",
            entityType: "coordinator_category",
            entityId: c.id,
            after: c,
          },
        };
      });
    }),

  updateCategory: scopedProcedure(districtStaffRoles)
    .input(
      z.object({
        districtId: z.uuid(),
        id: z.uuid(),
        nameZh: z.string().trim().min(1).max(50).optional(),
        nameEn: z.string().trim().min(1).max(80).optional(),
        sortOrder: z.number().int().min(0).max(10_000).optional(),
      }),
    )
    .output(categoryOut)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "district", id: input.districtId });
      const repo = coordinatorsRepository(ctx.db);
      const before = await repo.getCategory(input.id);
      if (!before) throw notFound("coordinator_category");
      const { districtId: _d, id, ...set } = input;
      return audited(ctx, async (tx) => {
        const c = await coordinatorsRepository(tx).updateCategory(id, set);
        if (!c) throw notFound("coordinator_category");
        return {
          result: c,
          audit: {
            action: "coordinator_category.update",
            entityType: "coordinator_category",
            entityId: id,
            before,
            after: c,
          },
        };
      });
    }),

  /** List and search under a scope; phone and ID number masked. */
  list: staff
    .input(
      pageInput.extend({
        scope: scopeInput,
        categoryId: z.uuid().optional(),
        status: z.enum(coordinatorStatuses).optional(),
        q: z.string().trim().min(1).max(50).optional(),
      }),
    )
    .output(z.object({ items: z.array(coordinatorOut), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      await ctx.requireScope(input.scope);
      const page = await coordinatorsRepository(ctx.db).list(input);
      return { items: page.items.map(masked), nextCursor: page.nextCursor };
    }),

  get: staff
    .input(z.object({ id: z.uuid() }))
    .output(coordinatorOut)
    .query(async ({ ctx, input }) => {
      const c = await load(ctx.db, input.id);
      await ctx.requireScope({ level: "community", id: c.communityId });
      return masked(c);
    }),

  /** The one screen with the unmasked phone and ID number; the reveal itself is audited. */
  reveal: staff
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ id: z.uuid(), phone: z.string(), idNumber: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const c = await load(ctx.db, input.id);
      await ctx.requireScope({ level: "community", id: c.communityId });
      return audited(ctx, async () => ({
        result: { id: c.id, phone: c.phone, idNumber: c.idNumber },
        audit: {
          action: "coordinator.reveal",
          entityType: "coordinator",
          entityId: c.id,
          after: { fields: ["phone", "idNumber"] },
        },
      }));
    }),

  create: staff
    .input(fields)
    .output(coordinatorOut)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "community", id: input.communityId });
      if (!(await coordinatorsRepository(ctx.db).getCategory(input.categoryId)))
        throw notFound("coordinator_category");
      return audited(ctx, async (tx) => {
        const c = await coordinatorsRepository(tx).create(input);
        return {
          result: masked(c),
          audit: {
            action: "coordinator.create",
            entityType: "coordinator",
            entityId: c.id,
            after: forAudit(c),
          },
        };
      });
    }),

  update: staff
    .input(fields.partial().extend({ id: z.uuid() }))
    .output(coordinatorOut)
    .mutation(async ({ ctx, input }) => {
      const before = await load(ctx.db, input.id);
      await ctx.requireScope({ level: "community", id: before.communityId });
      if (input.communityId && input.communityId !== before.communityId)
        await ctx.requireScope({ level: "community", id: input.communityId });
      if (input.categoryId && !(await coordinatorsRepository(ctx.db).getCategory(input.categoryId)))
        throw notFound("coordinator_category");
      const { id, ...set } = input;
      return audited(ctx, async (tx) => {
        const c = await coordinatorsRepository(tx).update(id, set);
        if (!c) throw notFound("coordinator");
        return {
          result: masked(c),
          audit: {
            action: "coordinator.update",
            entityType: "coordinator",
            entityId: id,
            before: forAudit(before),
            after: forAudit(c),
          },
        };
      });
    }),

  setStatus: staff
    .input(z.object({ id: z.uuid(), status: z.enum(coordinatorStatuses) }))
    .output(coordinatorOut)
    .mutation(async ({ ctx, input }) => {
      const before = await load(ctx.db, input.id);
      await ctx.requireScope({ level: "community", id: before.communityId });
      return audited(ctx, async (tx) => {
        const c = await coordinatorsRepository(tx).setStatus(input.id, input.status);
        if (!c) throw notFound("coordinator");
        return {
          result: masked(c),
          audit: {
            action: "coordinator.status",
            entityType: "coordinator",
            entityId: c.id,
            before: { status: before.status },
            after: { status: c.status },
          },
        };
      });
    }),

  /** 摸底 census: headcount (not left) by category × subdistrict, under the scope. */
  census: staff
    .input(z.object({ scope: scopeInput }))
    .output(
      z.object({
        rows: z.array(
          z.object({ categoryId: z.uuid(), subdistrictId: z.uuid(), headcount: z.number().int() }),
        ),
        total: z.number().int(),
      }),
    )
    .query(async ({ ctx, input }) => {
      await ctx.requireScope(input.scope);
      const rows = await coordinatorsRepository(ctx.db).census(input.scope);
      return { rows, total: rows.reduce((s, r) => s + r.headcount, 0) };
    }),
});
