/**
 * 三率 (DOMAIN.md §2): 物业服务覆盖率, 业委会（物管会）组建率, 党的组织覆盖率 — not the 12345 hotline's
 * 响应率/解决率/满意率. Figures from `threeRatesRepository(db).rollup()` (one SQL query), gaps from core's
 * `threeRatesGap` (default 90 % targets, or the 2020–2022 published ones).
 */
import {
  addDays,
  beijingDate,
  beijingThreeRatesTargets,
  compareDates,
  defaultThreeRatesTargets,
  isoMonth,
  threeRatesGap,
} from "@gongzhi/core";
import { threeRatesRepository } from "@gongzhi/db";
import { z } from "zod";
import { notFound } from "../errors.ts";
import { districtStaffRoles, staffRoles } from "../policy.ts";
import { audited, publicProcedure, router, scopedProcedure } from "../trpc.ts";

const level = z.enum(["district", "subdistrict", "community"]);
const targetYear = z.union([z.literal(2020), z.literal(2021), z.literal(2022)]).optional();
const fig = z.object({
  numerator: z.number().int(),
  denominator: z.number().int(),
  rate: z.number().nullable(),
});
const value = fig.extend({ householdWeighted: fig });
const rates = z.object({
  propertyServiceCoverage: value,
  committeeFormation: value,
  partyOrgCoverage: value,
});
const gapFig = z.object({
  met: z.boolean().nullable(),
  additionalNeeded: z.number().int(),
  requiredNumerator: z.number().int(),
  rateGap: z.number().nullable(),
});
const gap = gapFig.extend({ householdWeighted: gapFig });
const gaps = z.object({ propertyServiceCoverage: gap, committeeFormation: gap, partyOrgCoverage: gap });
const node = z.object({ level: z.string(), id: z.uuid(), name: z.string().nullable(), rates, gap: gaps });

export const threeRatesRouter = router({
  /** Published aggregate figures of a district, subdistrict or community, with its children (public). */
  current: publicProcedure
    .input(z.object({ level, id: z.uuid(), targetYear }))
    .output(node.extend({ children: z.array(node) }))
    .query(async ({ ctx, input }) => {
      const targets = input.targetYear
        ? beijingThreeRatesTargets[input.targetYear]
        : defaultThreeRatesTargets;
      const rows = await threeRatesRepository(ctx.db).rollup();
      const self = rows.find((r) => r.level === input.level && r.unitId === input.id);
      if (!self) throw notFound(input.level);
      const children = rows.filter((r) => r.parentId === input.id && r.level !== input.level);
      const names = await threeRatesRepository(ctx.db).names([self.unitId, ...children.map((c) => c.unitId)]);
      const toNode = (r: (typeof rows)[number]) => ({
        level: r.level,
        id: r.unitId,
        name: names.get(r.unitId) ?? null,
        rates: r.rates,
        gap: threeRatesGap(r.rates, targets),
      });
      return { ...toNode(self), children: children.map(toNode) };
    }),

  /** Monthly trend from stored snapshots (public: published figures). */
  trend: publicProcedure
    .input(z.object({ level, id: z.uuid(), from: isoMonth.optional(), to: isoMonth.optional() }))
    .output(z.array(z.object({ month: z.string(), rates })))
    .query(({ ctx, input }) =>
      threeRatesRepository(ctx.db).trend({
        level: input.level,
        unitId: input.id,
        from: input.from,
        to: input.to,
      }),
    ),

  /**
   * Compound-level drill-down for staff: each compound with exactly what it lacks — no property service,
   * no committee in office, term expired, filing overdue (业委会 备案 within 30 days of election, 条例
   * Art. 41; 物业服务合同 within 15 days, 条例 Art. 63), no party coverage.
   */
  compounds: scopedProcedure(staffRoles)
    .input(z.object({ level, id: z.uuid() }))
    .output(
      z.array(
        z.object({
          compoundId: z.uuid(),
          name: z.string(),
          code: z.string(),
          communityId: z.uuid(),
          inScope: z.boolean(),
          households: z.number().int(),
          lacks: z.array(
            z.enum([
              "no_property_service",
              "no_committee_in_office",
              "term_expired",
              "filing_overdue",
              "no_party_coverage",
            ]),
          ),
        }),
      ),
    )
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: input.level, id: input.id });
      const today = beijingDate(ctx.now());
      const facts = await threeRatesRepository(ctx.db).compoundFacts({ level: input.level, id: input.id });
      return facts.map((f) => {
        const lacks: (
          | "no_property_service"
          | "no_committee_in_office"
          | "term_expired"
          | "filing_overdue"
          | "no_party_coverage"
        )[] = [];
        if (f.propertyService === "none") lacks.push("no_property_service");
        if (!f.committeeKind) lacks.push("no_committee_in_office");
        if (
          f.lastCommitteeStatus === "expired" ||
          (f.lastCommitteeTermEnd !== null &&
            compareDates(f.lastCommitteeTermEnd, today) < 0 &&
            f.lastCommitteeStatus !== "dissolved")
        )
          lacks.push("term_expired");
        const committeeFilingOverdue =
          f.lastCommitteeStatus === "elected" &&
          f.lastCommitteeFiledOn === null &&
          f.lastCommitteeElectedOn !== null &&
          compareDates(addDays(f.lastCommitteeElectedOn, 30), today) < 0;
        const contractFilingOverdue =
          f.propertyService === "professional" &&
          f.propertyServiceFiledOn === null &&
          f.propertyServiceStartedOn !== null &&
          compareDates(addDays(f.propertyServiceStartedOn, 15), today) < 0;
        if (committeeFilingOverdue || contractFilingOverdue) lacks.push("filing_overdue");
        if (f.committeeKind && (f.partyOrg === null || f.partyOrg === "none"))
          lacks.push("no_party_coverage");
        return {
          compoundId: f.compoundId,
          name: f.name,
          code: f.code,
          communityId: f.communityId,
          inScope: f.inScope,
          households: f.households,
          lacks,
        };
      });
    }),

  /** Store this month's figures (district staff); taking it again the same month replaces it. */
  snapshot: scopedProcedure(districtStaffRoles)
    .input(z.object({ districtId: z.uuid(), month: isoMonth }))
    .output(z.object({ month: z.string(), rows: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "district", id: input.districtId });
      return audited(ctx, async (tx) => {
        const rows = await threeRatesRepository(tx).snapshot(input.month);
        return {
          result: { month: input.month, rows },
          audit: {
            action: "three_rates.snapshot",
            entityType: "district",
            entityId: input.districtId,
            after: { month: input.month, rows },
          },
        };
      });
    }),
});
