/**
 * 接诉考评与分析 — the district's analysis of 接诉即办 (DOMAIN.md §9): the 月报 and 日报 figures, the
 * rankings by tier with month-over-month change (条例 Art. 32: assessment graded by kind of unit), the
 * 治理类 communities and their remediation ledgers (§6). These are the hotline rates (响应率 / 解决率 /
 * 满意率 / 综合成绩) — never the property-management 三率 of `three-rates.ts`.
 *
 * Each figure is ONE set-based query of `hotlineReport` (so the 1,000,000-order benchmark can measure
 * it); the rates are core's `tallyHotlineRates` over the period's orders counted in classes by unit or
 * community (the database groups them; core's property test holds the tally equal to
 * `computeHotlineRates` over the orders), so every figure equals `workOrders.rates` for the same scope,
 * period and formula version — which is where the console shows the orders behind a figure.
 */
import {
  addDays,
  beijingDate,
  beijingEndOfDay,
  beijingStartOfDay,
  code,
  type HotlineRankingTier,
  type HotlineRateClass,
  type HotlineRateTally,
  handlingUnitKinds,
  hotlineFormulaFor,
  hotlineRankingTierOf,
  hotlineRankingTiers,
  isoDate,
  isoMonth,
  ledgerStatuses,
  rankUnits,
  rateFormula,
  selectGovernanceCommunities,
  supervisionLevels,
  tallyHotlineRates,
} from "@gongzhi/core";
import {
  ancestryOf,
  type Executor,
  hotlineGovernanceRepository,
  hotlineRepository,
  ledgerRepository,
} from "@gongzhi/db";
import { z } from "zod";
import { forbidden, notFound } from "../../errors.ts";
import { type Assignment, districtStaffRoles, type ScopeTarget } from "../../policy.ts";
import { audited, router, scopedProcedure } from "../../trpc.ts";
import { requireTypedDate } from "../../typed-dates.ts";
import { formulaOut } from "./rates.ts";

/** Who reads the analysis: district staff for their district, and 街道/乡镇 staff for the district their street is in. */
export const reportReaderRoles = ["subdistrict_staff", "district_staff", "system_admin"] as const;
const reader = scopedProcedure(reportReaderRoles);
const districtStaff = scopedProcedure(districtStaffRoles);

/**
 * A district's analysis is read by staff covering the district, or by 街道/乡镇 staff of one of its
 * streets (a street office sees where it ranks among its peers). Unknown district → 404.
 */
async function requireDistrictReader(
  ctx: {
    db: Executor;
    scopes: Assignment[];
    inScope: (t: ScopeTarget) => Promise<boolean>;
  },
  districtId: string,
): Promise<void> {
  if (await ctx.inScope({ level: "district", id: districtId })) return;
  if (!(await ancestryOf(ctx.db, "district", districtId))) throw notFound("district");
  for (const a of ctx.scopes) {
    if (a.role !== "subdistrict_staff" || a.scopeKind !== "subdistrict" || !a.scopeId) continue;
    if ((await ancestryOf(ctx.db, "subdistrict", a.scopeId))?.districtId === districtId) return;
  }
  throw forbidden();
}

/** The last Beijing day of a month "YYYY-MM". */
const lastDayOf = (month: string) => addDays(`${nextMonth(month)}-01`, -1);
const nextMonth = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
};
const previousMonth = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
};

/** The formula to report a month under: the chosen version, or the one in force on the month's last day. */
async function formulaForMonth(db: Executor, month: string, version?: string) {
  const h = hotlineRepository(db);
  const row = version
    ? await h.getFormulaByVersion(version)
    : hotlineFormulaFor(await h.listFormulas(), lastDayOf(month));
  if (!row) throw notFound("rate_formula");
  return formulaOut(row);
}

// ——— output shapes ———

const count = z.number().int();
const basisPoints = z.number().int().nullable();
const ratio = z.object({ numerator: z.number(), denominator: z.number() });

/** A unit's, community's or the district's hotline rates: counts, rates in basis points, 综合 in hundredths. */
const rateLine = z.object({
  /** Orders in every denominator (with a callback, after the formula's exclusions). */
  base: count,
  contacted: count,
  solved: count,
  satisfied: count,
  basicallySatisfied: count,
  dissatisfied: count,
  response: basisPoints,
  resolution: basisPoints,
  satisfaction: basisPoints,
  /** 综合成绩 in hundredths of a point (94.09 → 9409); null when the base is empty. */
  score: z.number().int().nullable(),
  /** 综合成绩, exact. */
  scoreExact: ratio.nullable(),
});
type RateLine = z.infer<typeof rateLine>;

const volumeRow = z.object({ id: z.uuid(), code: z.string(), name: z.string(), orders: count });
const hotSpot = z.object({
  level: z.enum(["building", "compound"]),
  id: z.uuid(),
  compoundId: z.uuid(),
  compoundName: z.string(),
  buildingName: z.string().nullable(),
  orders: count,
  topCategoryId: z.uuid(),
  topCategoryName: z.string(),
});
const slowUnit = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  orders: count,
  answered: count,
  avgHours: z.number().nullable(),
  medianHours: z.number().nullable(),
  overdue: count,
});
/** What the console needs to show the orders behind a figure (it calls `workOrders.rates` with it). */
const drill = z.object({
  scope: z.object({ level: z.literal("handling_unit"), id: z.uuid() }),
  from: isoDate,
  to: isoDate,
  version: z.string(),
});
const unitRanked = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(handlingUnitKinds),
  tier: z.enum(hotlineRankingTiers),
  orders: count,
  rates: rateLine,
  /** 1 = best in its tier; equal 综合 share a rank; null when the unit has no order in the base. */
  rank: z.number().int().nullable(),
  previousRank: z.number().int().nullable(),
  /** previousRank − rank: positive = moved up (▲); null when either month is unranked. */
  rankChange: z.number().int().nullable(),
  /** 综合 last month (same formula version), hundredths. */
  previousScore: z.number().int().nullable(),
  drill,
});

function lineOf(t: HotlineRateTally): RateLine {
  return {
    base: t.base,
    contacted: t.contacted,
    solved: t.solved,
    satisfied: t.satisfied,
    basicallySatisfied: t.basicallySatisfied,
    dissatisfied: t.dissatisfied,
    response: t.response.basisPoints,
    resolution: t.resolution.basisPoints,
    satisfaction: t.satisfaction.basisPoints,
    score: t.score.hundredths,
    scoreExact: t.score.value,
  };
}

/** Counted classes of orders by their key (unit or community). */
function byKey(classes: readonly (HotlineRateClass & { key: string | null })[]) {
  const m = new Map<string, HotlineRateClass[]>();
  for (const c of classes) {
    if (c.key === null) continue;
    const list = m.get(c.key);
    if (list) list.push(c);
    else m.set(c.key, [c]);
  }
  return m;
}

async function rankedUnits(db: Executor, districtId: string, month: string, version?: string) {
  const formula = await formulaForMonth(db, month, version);
  const h = hotlineRepository(db);
  const prev = previousMonth(month);
  const [units, now, before] = await Promise.all([
    h.listUnits({ districtId }),
    h.report.rateClasses(districtId, month, "unit"),
    h.report.rateClasses(districtId, prev, "unit"),
  ]);
  const nowBy = byKey(now);
  const beforeBy = byKey(before);
  const tierOf = new Map(units.map((u) => [u.id, hotlineRankingTierOf(u.kind)]));
  const tallies = new Map(units.map((u) => [u.id, tallyHotlineRates(nowBy.get(u.id) ?? [], formula)]));
  const lines = new Map(units.map((u) => [u.id, lineOf(tallies.get(u.id)!)]));
  const prevLines = new Map(
    units.map((u) => [u.id, lineOf(tallyHotlineRates(beforeBy.get(u.id) ?? [], formula))]),
  );
  const ranked = rankUnits<HotlineRankingTier>(
    units.map((u) => ({ unitId: u.id, tier: tierOf.get(u.id)!, score: lines.get(u.id)!.scoreExact })),
    units.map((u) => ({ unitId: u.id, tier: tierOf.get(u.id)!, score: prevLines.get(u.id)!.scoreExact })),
    hotlineRankingTiers,
  );
  const byId = new Map(units.map((u) => [u.id, u]));
  const from = `${month}-01`;
  const to = lastDayOf(month);
  const rows = Object.fromEntries(
    hotlineRankingTiers.map((tier) => [
      tier,
      ranked[tier].map((r) => {
        const u = byId.get(r.unitId)!;
        return {
          id: u.id,
          code: u.code,
          name: u.name,
          kind: u.kind,
          tier,
          orders: tallies.get(u.id)!.orders,
          rates: lines.get(u.id)!,
          rank: r.rank,
          previousRank: r.previousRank,
          rankChange: r.rankChange,
          previousScore: prevLines.get(u.id)!.score,
          drill: {
            scope: { level: "handling_unit" as const, id: u.id },
            from,
            to,
            version: formula.version,
          },
        };
      }),
    ]),
  ) as Record<HotlineRankingTier, z.infer<typeof unitRanked>[]>;
  return { formula, previousMonth: prev, rows, district: tallyHotlineRates(now, formula) };
}

/** The 治理类 rule over the month's communities, with their names, rates, volumes and ledgers. */
async function governanceList(db: Executor, districtId: string, month: string, version?: string) {
  const formula = await formulaForMonth(db, month, version);
  const h = hotlineRepository(db);
  const g = hotlineGovernanceRepository(db);
  const [settings, communities, orders, ledgers] = await Promise.all([
    g.settings(districtId),
    h.report.communitiesOf(districtId),
    h.report.rateClasses(districtId, month, "community"),
    g.ledgersOf(districtId, month),
  ]);
  const by = byKey(orders);
  const tallies = new Map(communities.map((c) => [c.id, tallyHotlineRates(by.get(c.id) ?? [], formula)]));
  const lines = new Map(communities.map((c) => [c.id, lineOf(tallies.get(c.id)!)]));
  const picked = selectGovernanceCommunities(
    communities.map((c) => ({
      communityId: c.id,
      score: lines.get(c.id)!.scoreExact,
      volume: tallies.get(c.id)!.orders,
    })),
    { bottomN: settings.bottomN, topM: settings.topM },
  );
  const info = new Map(communities.map((c) => [c.id, c]));
  const ledgerOf = new Map(ledgers.map((l) => [l.communityId, l]));
  return {
    formula,
    settings,
    communities: picked.map((p) => {
      const c = info.get(p.communityId)!;
      const l = ledgerOf.get(c.id);
      return {
        communityId: c.id,
        code: c.code,
        name: c.name,
        subdistrictId: c.subdistrictId,
        subdistrictName: c.subdistrictName,
        volume: tallies.get(c.id)!.orders,
        rates: lines.get(c.id)!,
        reasons: p.reasons.map((r) => ({ kind: r.kind, position: r.position })),
        ledger: l
          ? {
              ledgerItemId: l.ledgerItemId,
              deadline: l.deadline,
              status: l.status,
              supervisionLevel: l.supervisionLevel,
            }
          : null,
      };
    }),
  };
}

const governanceRow = z.object({
  communityId: z.uuid(),
  code: z.string(),
  name: z.string(),
  subdistrictId: z.uuid(),
  subdistrictName: z.string(),
  volume: count,
  rates: rateLine,
  reasons: z.array(
    z.object({ kind: z.enum(["bottom_score", "top_volume"]), position: z.number().int().positive() }),
  ),
  ledger: z
    .object({
      ledgerItemId: z.uuid(),
      deadline: isoDate,
      status: z.enum(ledgerStatuses),
      supervisionLevel: z.enum(supervisionLevels),
    })
    .nullable(),
});
const governanceSettings = z.object({
  bottomN: z.number().int().min(0).max(1000),
  topM: z.number().int().min(0).max(1000),
});

const monthInput = z.object({ districtId: z.uuid(), month: isoMonth, version: code.optional() });

/** A two-decimal 分 for a ledger text (9409 → "94.09"). */
const points = (hundredths: number | null) => (hundredths === null ? "—" : (hundredths / 100).toFixed(2));

export const reportProcedures = {
  reports: router({
    /**
     * 月报: the month's volume by top category, category, 街道 and unit; the hot spots (the same building
     * or compound again and again, at least `minOrders` orders); the slowest units; and every unit's
     * rates with its rank in its group — under the formula in force on the month's last day (or `version`).
     */
    monthly: reader
      .input(monthInput.extend({ minOrders: z.number().int().min(2).max(1000).default(3) }))
      .output(
        z.object({
          districtId: z.uuid(),
          month: isoMonth,
          formula: rateFormula,
          orders: count,
          rates: rateLine,
          byTopCategory: z.array(volumeRow),
          byCategory: z.array(volumeRow),
          bySubdistrict: z.array(volumeRow),
          byUnit: z.array(volumeRow),
          hotSpots: z.array(hotSpot),
          slowestUnits: z.array(slowUnit),
          units: z.array(unitRanked),
        }),
      )
      .query(async ({ ctx, input }) => {
        await requireDistrictReader(ctx, input.districtId);
        const h = hotlineRepository(ctx.db);
        const r = h.report;
        const [ranked, byTop, byCat, bySub, byUnit, spots, slow, cats] = await Promise.all([
          rankedUnits(ctx.db, input.districtId, input.month, input.version),
          r.volumeByTopCategory(input.districtId, input.month),
          r.volumeByCategory(input.districtId, input.month),
          r.volumeBySubdistrict(input.districtId, input.month),
          r.volumeByUnit(input.districtId, input.month),
          r.hotSpots(input.districtId, input.month, input.minOrders),
          r.slowestUnits(input.districtId, input.month, ctx.now()),
          categoryNames(ctx.db),
        ]);
        return {
          districtId: input.districtId,
          month: input.month,
          formula: ranked.formula,
          orders: ranked.district.orders,
          rates: lineOf(ranked.district),
          byTopCategory: byTop,
          byCategory: byCat,
          bySubdistrict: bySub,
          byUnit,
          hotSpots: spots.map((s) => ({ ...s, topCategoryName: cats.get(s.topCategoryId) ?? "" })),
          slowestUnits: slow,
          units: hotlineRankingTiers.flatMap((t) => ranked.rows[t]),
        };
      }),

    /**
     * 日报 of one Beijing day: orders received, dispatched, answered and overdue that day; the day's new
     * orders by category and 街道; the orders nearing their limit at the day's end (or now, for today);
     * the day's hot spots (a place with at least `minOrders` orders that day).
     */
    daily: reader
      .input(
        z.object({
          districtId: z.uuid(),
          date: isoDate,
          minOrders: z.number().int().min(2).max(1000).default(2),
        }),
      )
      .output(
        z.object({
          districtId: z.uuid(),
          date: isoDate,
          asOf: z.date(),
          counts: z.object({ received: count, dispatched: count, answered: count, overdue: count }),
          byCategory: z.array(volumeRow),
          bySubdistrict: z.array(volumeRow),
          nearingLimit: z.object({
            total: count,
            orders: z.array(
              z.object({
                id: z.uuid(),
                number: z.string(),
                receivedAt: z.date(),
                dueAt: z.date(),
                categoryName: z.string(),
                unitName: z.string().nullable(),
                /** Share of the time between receipt and due already used (0.8 = 80 %). */
                used: z.number(),
              }),
            ),
          }),
          hotSpots: z.array(hotSpot),
        }),
      )
      .query(async ({ ctx, input }) => {
        await requireDistrictReader(ctx, input.districtId);
        const day = { from: beijingStartOfDay(input.date), to: beijingEndOfDay(input.date) };
        const now = ctx.now();
        const asOf = new Date(Math.min(day.to.getTime(), now.getTime()));
        const r = hotlineRepository(ctx.db).report;
        const [counts, byCat, bySub, nearing, spots, cats] = await Promise.all([
          r.dayCounts(input.districtId, day),
          r.volumeByCategory(input.districtId, day),
          r.volumeBySubdistrict(input.districtId, day),
          r.nearingLimit(input.districtId, asOf, { limit: 50 }),
          r.hotSpots(input.districtId, day, input.minOrders),
          categoryNames(ctx.db),
        ]);
        return {
          districtId: input.districtId,
          date: input.date,
          asOf,
          counts,
          byCategory: byCat,
          bySubdistrict: bySub,
          nearingLimit: {
            total: nearing.total,
            orders: nearing.orders.map((o) => ({
              id: o.id,
              number: o.number,
              receivedAt: o.receivedAt,
              dueAt: o.dueAt,
              categoryName: o.categoryName,
              unitName: o.unitName,
              used: o.used,
            })),
          },
          hotSpots: spots.map((s) => ({ ...s, topCategoryName: cats.get(s.topCategoryId) ?? "" })),
        };
      }),
  }),

  /**
   * 考评排名 of one group (条例 Art. 32 grades by kind of unit): streets and towns, departments,
   * utilities, police, property companies — each unit's rates, 综合, rank and change of rank against
   * the previous month (same formula version), naming the version.
   */
  rankings: reader
    .input(monthInput.extend({ tier: z.enum(hotlineRankingTiers) }))
    .output(
      z.object({
        districtId: z.uuid(),
        month: isoMonth,
        previousMonth: isoMonth,
        tier: z.enum(hotlineRankingTiers),
        formula: rateFormula,
        /** How many units each group has (for the tabs). */
        tierSizes: z.record(z.enum(hotlineRankingTiers), count),
        units: z.array(unitRanked),
      }),
    )
    .query(async ({ ctx, input }) => {
      await requireDistrictReader(ctx, input.districtId);
      const r = await rankedUnits(ctx.db, input.districtId, input.month, input.version);
      return {
        districtId: input.districtId,
        month: input.month,
        previousMonth: r.previousMonth,
        tier: input.tier,
        formula: r.formula,
        tierSizes: Object.fromEntries(hotlineRankingTiers.map((t) => [t, r.rows[t].length])) as Record<
          HotlineRankingTier,
          number
        >,
        units: r.rows[input.tier],
      };
    }),

  governanceCommunities: router({
    /**
     * 治理类社区 of a month by the seed's rule (DOMAIN.md §9): the bottom N by 综合成绩 and the top M by
     * volume (N, M: the district's settings, default 5 and 30), with the ledger opened for each, if any.
     */
    list: reader
      .input(monthInput)
      .output(
        z.object({
          districtId: z.uuid(),
          month: isoMonth,
          formula: rateFormula,
          settings: governanceSettings.extend({ stored: z.boolean() }),
          communities: z.array(governanceRow),
        }),
      )
      .query(async ({ ctx, input }) => {
        await requireDistrictReader(ctx, input.districtId);
        const g = await governanceList(ctx.db, input.districtId, input.month, input.version);
        return { districtId: input.districtId, month: input.month, ...g };
      }),

    /** The district's N and M. */
    settings: reader
      .input(z.object({ districtId: z.uuid() }))
      .output(governanceSettings.extend({ stored: z.boolean() }))
      .query(async ({ ctx, input }) => {
        await requireDistrictReader(ctx, input.districtId);
        return hotlineGovernanceRepository(ctx.db).settings(input.districtId);
      }),

    /** Stores the district's N and M (district staff). */
    saveSettings: districtStaff
      .input(z.object({ districtId: z.uuid(), settings: governanceSettings }))
      .output(governanceSettings.extend({ stored: z.boolean() }))
      .mutation(async ({ ctx, input }) => {
        await ctx.requireScope({ level: "district", id: input.districtId });
        return audited(ctx, async (tx) => {
          const { before, after } = await hotlineGovernanceRepository(tx).saveSettings(
            input.districtId,
            input.settings,
            ctx.actor.userId,
          );
          return {
            result: { bottomN: after.governanceBottomN, topM: after.governanceTopM, stored: true },
            audit: {
              action: "workOrders.governanceCommunities.saveSettings",
              entityType: "district",
              entityId: input.districtId,
              before,
              after,
            },
          };
        });
      }),

    /**
     * Opens a remediation ledger (整改台账, §6: a ledger item with a deadline, under 三级督办 from the
     * community level up) for each 治理类 community of the month that has none yet. Idempotent: running
     * it again opens nothing new. One audit entry per ledger opened (and one for the run). Deadline:
     * the one given (today or later), or the last day of the month after the later of the report month
     * and this month (monthly 销账).
     */
    openLedgers: districtStaff
      .input(monthInput.extend({ deadline: isoDate.optional() }))
      .output(
        z.object({
          month: isoMonth,
          listed: count,
          opened: z.array(z.object({ communityId: z.uuid(), ledgerItemId: z.uuid() })),
          alreadyOpen: count,
          deadline: isoDate,
        }),
      )
      .mutation(async ({ ctx, input }) => {
        await ctx.requireScope({ level: "district", id: input.districtId });
        const now = ctx.now();
        const thisMonth = beijingDate(now).slice(0, 7);
        const deadline = input.deadline ?? lastDayOf(nextMonth([input.month, thisMonth].sort()[1]!));
        requireTypedDate("due", deadline, now, "deadline");
        return audited(ctx, async (tx) => {
          const g = hotlineGovernanceRepository(tx);
          await g.lockMonth(input.districtId, input.month);
          const list = await governanceList(tx, input.districtId, input.month, input.version);
          const opened: { communityId: string; ledgerItemId: string }[] = [];
          const audits = [];
          for (const c of list.communities) {
            if (c.ledger) continue;
            const reasons = c.reasons
              .map((r) =>
                r.kind === "bottom_score"
                  ? `综合成绩全区倒数第${r.position}名（${points(c.rates.score)}分）`
                  : `诉求量全区第${r.position}名（${c.volume}件）`,
              )
              .join("；");
            const item = await ledgerRepository(tx).create({
              communityId: c.communityId,
              title: `治理类社区整改（${input.month}）：${c.name}`,
              description: `${input.month}接诉即办：${reasons}。考评公式 ${list.formula.version}。`,
              responsibleUnit: `${c.subdistrictName} · ${c.name}`,
              deadline,
            });
            await g.link({
              districtId: input.districtId,
              month: input.month,
              communityId: c.communityId,
              ledgerItemId: item.id,
              reasons: c.reasons,
              openedById: ctx.actor.userId,
            });
            opened.push({ communityId: c.communityId, ledgerItemId: item.id });
            audits.push({
              action: "ledger.create",
              entityType: "ledger_item",
              entityId: item.id,
              after: { ...item, governance: { month: input.month, reasons: c.reasons } },
            });
          }
          const result = {
            month: input.month,
            listed: list.communities.length,
            opened,
            alreadyOpen: list.communities.length - opened.length,
            deadline,
          };
          return {
            result,
            audit: [
              {
                action: "workOrders.governanceCommunities.openLedgers",
                entityType: "district",
                entityId: input.districtId,
                after: { ...result, formula: list.formula.version, settings: list.settings },
              },
              ...audits,
            ],
          };
        });
      }),
  }),
};

/** Category names by id (the category tree is a small table: one query). */
async function categoryNames(db: Executor): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = (nodes: Awaited<ReturnType<ReturnType<typeof hotlineRepository>["categoryTree"]>>) => {
    for (const n of nodes) {
      out.set(n.id, n.nameZh);
      walk(n.children);
    }
  };
  walk(await hotlineRepository(db).categoryTree());
  return out;
}
