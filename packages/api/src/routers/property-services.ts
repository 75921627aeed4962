/**
 * 物业服务 — property-service arrangements of compounds: the current one (public), history, a new
 * arrangement (ends the current one), and expiry / filing alerts for a scope (条例 Art. 63).
 */
import {
  addDays,
  compareDates,
  daysBetween,
  isoDate,
  propertyService,
  propertyServiceModes,
} from "@gongzhi/core";
import { governanceRepository, propertyAlertSortKeys, registryRepository } from "@gongzhi/db";
import { z } from "zod";
import { ApiError, notFound } from "../errors.ts";
import { staffRoles } from "../policy.ts";
import { audited, publicProcedure, router, scopedProcedure } from "../trpc.ts";
import { requireTypedDate } from "../typed-dates.ts";
import { beijingToday, pageOf, sortable, textPageInput, withinInput } from "./registry-shared.ts";

/** 条例 Art. 63: a professional service contract is filed (备案) within 15 days of its start. */
const FILING_DAYS = 15;

const publicService = z.object({
  compoundId: z.uuid(),
  mode: z.enum(propertyServiceModes),
  companyName: z.string().nullable(),
  startedOn: isoDate,
  /** The service contract's period (public: residents should know when their contract ends). */
  contractStart: isoDate.nullable(),
  contractEnd: isoDate.nullable(),
});

const serviceFields = z.object({
  mode: z.enum(propertyServiceModes),
  companyName: z.string().trim().max(200).nullable().default(null),
  contractStart: isoDate.nullable().default(null),
  contractEnd: isoDate.nullable().default(null),
  filedOn: isoDate.nullable().default(null),
  startedOn: isoDate,
});

const alert = z.object({
  compound: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  service: propertyService,
  codes: z.array(z.enum(["contract_ending", "contract_expired", "filing_overdue"])),
  /** Days until the contract ends (negative when it has ended), when there is an end date. */
  daysToContractEnd: z.number().int().nullable(),
  article: z.string(),
});

export const propertyServicesRouter = router({
  /** The current mode and company of a compound: public, for the compound's residents. */
  current: publicProcedure
    .input(z.object({ compoundId: z.uuid() }))
    .output(publicService.nullable())
    .query(async ({ ctx, input }) => {
      if (!(await registryRepository(ctx.db).getCompound(input.compoundId))) throw notFound("compound");
      const s = await governanceRepository(ctx.db).currentPropertyService(input.compoundId);
      return s
        ? {
            compoundId: s.compoundId,
            mode: s.mode,
            companyName: s.companyName,
            startedOn: s.startedOn,
            contractStart: s.contractStart,
            contractEnd: s.contractEnd,
          }
        : null;
    }),

  /** Every arrangement of a compound, newest first (staff). */
  history: scopedProcedure(staffRoles)
    .input(textPageInput.extend({ compoundId: z.uuid() }))
    .output(pageOf(propertyService))
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "compound", id: input.compoundId });
      return governanceRepository(ctx.db).pagePropertyServiceHistory(input);
    }),

  /**
   * Record a new arrangement from `startedOn`; the current one ends the day before. Validated with
   * core's propertyService schema: a professional service needs its company; the contract ends after
   * it starts.
   */
  set: scopedProcedure(staffRoles)
    .input(serviceFields.extend({ compoundId: z.uuid() }))
    .output(propertyService)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "compound", id: input.compoundId });
      const now = ctx.now();
      // The arrangement in place now (三率 counts it at once) and its filing (备案) have happened.
      requireTypedDate("occurred", input.startedOn, now, "startedOn");
      if (input.filedOn) requireTypedDate("occurred", input.filedOn, now, "filedOn");
      const checked = propertyService.safeParse({
        ...input,
        id: "00000000-0000-4000-8000-000000000000",
        endedOn: null,
        createdAt: now,
        updatedAt: now,
      });
      if (!checked.success) {
        const issue = checked.error.issues[0]!;
        const field = String(issue.path[0] ?? "service");
        throw new ApiError("BAD_REQUEST", `error.property_service.invalid.${field}`, issue.message, {
          field,
        });
      }
      return audited(ctx, async (tx) => {
        const repo = governanceRepository(tx);
        const before = await repo.currentPropertyService(input.compoundId);
        if (before && compareDates(input.startedOn, before.startedOn) <= 0) {
          throw new ApiError(
            "BAD_REQUEST",
            "error.property_service.starts_before_current",
            "a new arrangement must start after the current one started",
            { currentStartedOn: before.startedOn },
          );
        }
        const after = await repo.setPropertyService({
          compoundId: input.compoundId,
          mode: input.mode,
          companyName: input.companyName,
          contractStart: input.contractStart,
          contractEnd: input.contractEnd,
          filedOn: input.filedOn,
          startedOn: input.startedOn,
        });
        return {
          result: after,
          audit: {
            action: "property_service.set",
            entityType: "compound",
            entityId: input.compoundId,
            before,
            after,
          },
        };
      });
    }),

  /**
   * Alerts within a scope: current professional contracts ending within `withinDays` days (or already
   * ended), and contracts not filed (备案) more than 15 days after they started (条例 Art. 63).
   */
  alerts: scopedProcedure(staffRoles)
    .input(
      sortable(
        textPageInput
          .extend(withinInput.shape)
          .extend({ withinDays: z.number().int().min(0).max(366).default(90) }),
        propertyAlertSortKeys,
      ),
    )
    .output(pageOf(alert))
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: input.scopeLevel, id: input.scopeId });
      const today = beijingToday(ctx.now());
      const filingStartedBefore = addDays(today, -FILING_DAYS);
      const page = await governanceRepository(ctx.db).pagePropertyServiceAlerts({
        level: input.scopeLevel,
        id: input.scopeId,
        endingBy: addDays(today, input.withinDays),
        filingStartedBefore,
        ...(input.sort ? { sort: input.sort } : {}),
        cursor: input.cursor ?? null,
        limit: input.limit,
      });
      return {
        nextCursor: page.nextCursor,
        items: page.items.map(({ compound, service }) => {
          const codes: z.infer<typeof alert>["codes"] = [];
          const end = service.contractEnd;
          if (end && daysBetween(today, end) <= input.withinDays)
            codes.push(compareDates(end, today) < 0 ? "contract_expired" : "contract_ending");
          if (
            !service.filedOn &&
            service.contractStart &&
            compareDates(service.contractStart, filingStartedBefore) < 0
          )
            codes.push("filing_overdue");
          const daysToContractEnd = end ? daysBetween(today, end) : null;
          return { compound, service, codes, daysToContractEnd, article: "北京市物业管理条例 Art. 63" };
        }),
      };
    }),
});
