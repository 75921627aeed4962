/**
 * 考评 — the hotline rates (响应率 / 解决率 / 满意率 / 综合成绩, 条例 Art. 32) of a scope over a period,
 * computed by core's `computeHotlineRates` under a stored formula version; every figure shows its
 * numerator and denominator and the version. Formulas are versioned data: district staff add a version.
 */
import {
  beijingEndOfDay,
  beijingStartOfDay,
  code,
  computeHotlineRates,
  hotlineFormulaFor,
  hotlineRateExclusions,
  isoDate,
  rateFormula,
} from "@gongzhi/core";
import { hotlineRepository, type RateFormulaRow } from "@gongzhi/db";
import { z } from "zod";
import { ApiError, notFound } from "../../errors.ts";
import { districtStaffRoles } from "../../policy.ts";
import { audited, publicProcedure, router, scopedProcedure } from "../../trpc.ts";
import { handler } from "./shared.ts";

const ratio = z.object({ numerator: z.number(), denominator: z.number() });
const figure = z.object({
  numerator: ratio,
  denominator: z.number().int(),
  rate: ratio.nullable(),
  basisPoints: z.number().int().nullable(),
  numeratorOrderIds: z.array(z.uuid()),
});
export const ratesOutput = z.object({
  formula: rateFormula,
  scope: z.object({ level: z.enum(["district", "subdistrict", "handling_unit"]), id: z.uuid() }),
  from: isoDate,
  to: isoDate,
  orders: z.number().int(),
  response: figure,
  resolution: figure,
  satisfaction: figure.extend({
    satisfied: z.number().int(),
    basicallySatisfied: z.number().int(),
    dissatisfied: z.number().int(),
    invalidInBase: z.number().int(),
  }),
  score: z.object({ value: ratio.nullable(), hundredths: z.number().int().nullable() }),
  baseOrderIds: z.array(z.uuid()),
  excluded: z.array(z.object({ orderId: z.uuid(), reason: z.string() })),
});

export function formulaOut(f: RateFormulaRow) {
  return {
    id: f.id,
    version: f.version,
    name: f.name,
    validFrom: f.validFrom,
    validTo: f.validTo,
    weights: {
      response: f.weightResponse,
      resolution: f.weightResolution,
      satisfaction: f.weightSatisfaction,
    },
    basicallySatisfiedFactor: f.basicallySatisfiedFactor,
    exclusions: f.exclusions as (typeof hotlineRateExclusions)[number][],
    source: f.source,
  };
}

const formulaInput = z.object({
  version: code,
  name: z.string().trim().min(1).max(200),
  validFrom: isoDate,
  validTo: isoDate.nullish(),
  weights: z.object({
    response: z.number().int().min(0).max(10_000),
    resolution: z.number().int().min(0).max(10_000),
    satisfaction: z.number().int().min(0).max(10_000),
  }),
  basicallySatisfiedFactor: z.number().int().min(0).max(10_000),
  exclusions: z.array(z.enum(hotlineRateExclusions)).max(hotlineRateExclusions.length),
  source: z.string().trim().max(500).nullish(),
});

export const ratesProcedures = {
  /** The rates of a district, a 街道/乡镇 or a handling unit over [from, to] (Beijing days, inclusive). */
  rates: handler
    .input(
      z.object({
        scope: z.object({ level: z.enum(["district", "subdistrict", "handling_unit"]), id: z.uuid() }),
        from: isoDate,
        to: isoDate,
        /** A formula version; default the one in force on `to`. */
        version: code.optional(),
      }),
    )
    .output(ratesOutput)
    .query(async ({ ctx, input }) => {
      await ctx.requireScope(input.scope);
      if (input.from > input.to)
        throw new ApiError(
          "BAD_REQUEST",
          "error.work_order.period_reversed",
          "the period ends before it starts",
        );
      const h = hotlineRepository(ctx.db);
      const row = input.version
        ? await h.getFormulaByVersion(input.version)
        : hotlineFormulaFor(await h.listFormulas(), input.to);
      if (!row) throw notFound("rate_formula");
      const formula = formulaOut(row);
      const orders = await h.rateOrders(
        input.scope,
        beijingStartOfDay(input.from),
        beijingEndOfDay(input.to),
      );
      const rates = computeHotlineRates(orders, formula);
      return {
        formula,
        scope: input.scope,
        from: input.from,
        to: input.to,
        orders: orders.length,
        response: rates.response,
        resolution: rates.resolution,
        satisfaction: rates.satisfaction,
        score: rates.score,
        baseOrderIds: rates.baseOrderIds,
        excluded: rates.excluded,
      };
    }),

  formulas: router({
    /** Every formula version (public: every published figure names the version behind it). */
    list: publicProcedure
      .input(z.object({}).optional())
      .output(z.array(rateFormula))
      .query(async ({ ctx }) => (await hotlineRepository(ctx.db).listFormulas()).map(formulaOut)),

    /** A new formula version (district staff, acting for their district). Versions are never edited. */
    create: scopedProcedure(districtStaffRoles)
      .input(z.object({ districtId: z.uuid(), formula: formulaInput }))
      .output(rateFormula)
      .mutation(async ({ ctx, input }) => {
        await ctx.requireScope({ level: "district", id: input.districtId });
        const f = input.formula;
        const checked = rateFormula.safeParse({
          ...f,
          id: "00000000-0000-4000-8000-000000000000",
          validTo: f.validTo ?? null,
          source: f.source ?? null,
        });
        if (!checked.success)
          throw new ApiError(
            "BAD_REQUEST",
            "error.rate_formula.invalid",
            checked.error.issues.map((i) => i.message).join("; "),
          );
        return audited(ctx, async (tx) => {
          const created = await hotlineRepository(tx).createFormula({
            ...f,
            validTo: f.validTo ?? null,
            source: f.source ?? null,
            createdById: ctx.actor.userId,
          });
          return {
            result: formulaOut(created),
            audit: {
              action: "workOrders.formulas.create",
              entityType: "rate_formula",
              entityId: created.id,
              after: { ...formulaOut(created), districtId: input.districtId },
            },
          };
        });
      }),
  }),
};
