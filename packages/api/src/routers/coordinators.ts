/**
 * 协管员 (DOMAIN.md §7): categories are data; phone and ID number are sensitive — masked with core's
 * `maskSensitive` everywhere; `coordinators.reveal` is the one screen that shows them, and each reveal
 * is audited.
 */
import {
  beijingDate,
  checkTypedDate,
  coordinator,
  coordinatorCategory,
  coordinatorStatuses,
  genders,
  mainlandMobile,
  maskSensitive,
  pageInput,
  residentIdNumber,
} from "@gongzhi/core";
import { type CoordinatorRow, coordinatorSortKeys, coordinatorsRepository } from "@gongzhi/db";
import { z } from "zod";
import { notFound } from "../errors.ts";
import { districtStaffRoles, staffRoles } from "../policy.ts";
import { audited, publicProcedure, router, scopedProcedure } from "../trpc.ts";
import { requireTypedDate } from "../typed-dates.ts";
import { cell, importProblem, Report } from "./registry-import.ts";
import { sortable } from "./registry-shared.ts";

export const MAX_COORDINATOR_IMPORT_ROWS = 2000;
/** One spreadsheet row of a coordinator import: cells as the console reads them, validated here. */
const coordinatorImportRow = z.object({
  name: cell,
  gender: cell,
  birthYear: cell,
  phone: cell,
  idNumber: cell,
  categoryCode: cell,
  employerDepartment: cell,
  hiredOn: cell,
  status: cell,
});
const coordinatorImportOutput = z.object({
  ok: z.boolean(),
  dryRun: z.boolean(),
  rows: z.number().int(),
  problemCount: z.number().int(),
  problems: z.array(importProblem),
  created: z.number().int(),
});
const importColumns = {
  name: coordinator.shape.name,
  gender: coordinator.shape.gender,
  birthYear: coordinator.shape.birthYear,
  phone: coordinator.shape.phone,
  idNumber: coordinator.shape.idNumber,
  employerDepartment: coordinator.shape.employerDepartment,
  hiredOn: coordinator.shape.hiredOn,
} as const;
const cellText = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s === "" ? null : s;
};

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
      sortable(
        pageInput.extend({
          scope: scopeInput,
          categoryId: z.uuid().optional(),
          status: z.enum(coordinatorStatuses).optional(),
          q: z.string().trim().min(1).max(50).optional(),
        }),
        coordinatorSortKeys,
      ),
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
      // A hire date records an event: today or earlier.
      requireTypedDate("occurred", input.hiredOn, ctx.now(), "hiredOn");
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
      if (input.hiredOn) requireTypedDate("occurred", input.hiredOn, ctx.now(), "hiredOn");
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

  /**
   * Import coordinators into one community (all-or-nothing). Every row is validated with core's
   * `coordinator` schema; unknown category codes and ID numbers repeated in the file or already on
   * record in this community (never elsewhere: that would reveal records outside the caller's scope)
   * are reported row by row. With any problem, or with `dryRun`, nothing is written; otherwise
   * all rows are written in one transaction with one audit entry of counts (never the sensitive values).
   */
  import: staff
    .input(
      z.object({
        communityId: z.uuid(),
        dryRun: z.boolean().default(false),
        rows: z.array(coordinatorImportRow).min(1).max(MAX_COORDINATOR_IMPORT_ROWS),
      }),
    )
    .output(coordinatorImportOutput)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "community", id: input.communityId });
      const repo = coordinatorsRepository(ctx.db);
      const report = new Report();
      const parsed = input.rows.map((r, i) => {
        const row = i + 1;
        const out: Record<string, unknown> = {};
        for (const [column, schema] of Object.entries(importColumns)) {
          const raw = r[column as keyof typeof r];
          const s = cellText(raw);
          if (s === null) {
            report.add(row, column, "error.import.required", `${column} is required`);
            continue;
          }
          const value = column === "birthYear" ? (/^\d{4}$/.test(s) ? Number(s) : s) : s;
          const ok = (schema as z.ZodType).safeParse(value);
          if (ok.success) out[column] = ok.data;
          else report.add(row, column, "error.import.invalid_value", `${column} is not valid`);
        }
        let status: (typeof coordinatorStatuses)[number] = "active";
        const rawStatus = cellText(r.status);
        if (rawStatus !== null) {
          const ok = coordinator.shape.status.safeParse(rawStatus);
          if (ok.success) status = ok.data;
          else report.add(row, "status", "error.import.invalid_value", "status is not valid");
        }
        const categoryCode = cellText(r.categoryCode);
        if (categoryCode === null)
          report.add(row, "categoryCode", "error.import.required", "categoryCode is required");
        return { row, categoryCode, status, ...out } as {
          row: number;
          categoryCode: string | null;
          status: (typeof coordinatorStatuses)[number];
          name?: string;
          gender?: (typeof genders)[number];
          birthYear?: number;
          phone?: string;
          idNumber?: string;
          employerDepartment?: string;
          hiredOn?: string;
        };
      });
      const codes = [...new Set(parsed.flatMap((p) => (p.categoryCode ? [p.categoryCode] : [])))];
      const categories = new Map((await repo.categoriesByCodes(codes)).map((c) => [c.code, c.id]));
      const ids = [...new Set(parsed.flatMap((p) => (p.idNumber ? [p.idNumber] : [])))];
      // Only this community's records: the caller learns nothing about ID numbers outside it.
      const existing = new Set(await repo.existingIdNumbers(input.communityId, ids));
      const seen = new Map<string, number>();
      const today = beijingDate(ctx.now());
      for (const p of parsed) {
        if (p.hiredOn && checkTypedDate("occurred", p.hiredOn, today))
          report.add(p.row, "hiredOn", "error.import.date_in_future", "the hire date is later than today");
        if (p.categoryCode && !categories.has(p.categoryCode))
          report.add(
            p.row,
            "categoryCode",
            "error.import.unknown_category",
            "no coordinator category has this code",
          );
        if (p.idNumber) {
          if (existing.has(p.idNumber))
            report.add(
              p.row,
              "idNumber",
              "error.import.duplicate_id_number",
              "a coordinator with this ID number is already on record in this community",
            );
          else if (seen.has(p.idNumber))
            report.add(
              p.row,
              "idNumber",
              "error.import.duplicate_row",
              `the same ID number is on row ${seen.get(p.idNumber)}`,
            );
          else seen.set(p.idNumber, p.row);
        }
      }
      const out = (ok: boolean, created: number) => ({
        ok,
        dryRun: input.dryRun,
        rows: input.rows.length,
        problemCount: report.total,
        problems: report.problems,
        created,
      });
      if (!report.ok || input.dryRun) return out(report.ok, 0);
      return audited(ctx, async (tx) => {
        const rows = await coordinatorsRepository(tx).createMany(
          parsed.map((p) => ({
            categoryId: categories.get(p.categoryCode!)!,
            name: p.name!,
            gender: p.gender!,
            birthYear: p.birthYear!,
            phone: p.phone!,
            idNumber: p.idNumber!,
            employerDepartment: p.employerDepartment!,
            communityId: input.communityId,
            hiredOn: p.hiredOn!,
            status: p.status,
          })),
        );
        const byStatus: Record<string, number> = {};
        for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
        return {
          result: out(true, rows.length),
          audit: {
            action: "coordinator.import",
            entityType: "community",
            entityId: input.communityId,
            after: { created: rows.length, byStatus },
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
