/**
 * 接诉考评与分析: the district's 月报 / 日报, rankings and 治理类 communities. Each side's district has
 * orders of this month (the work-orders setup files them now) and a formula of its own here, named in
 * the inputs, so the cases do not depend on which version is in force.
 */
import { beijingDate } from "@gongzhi/core";
import { hotlineRepository } from "@gongzhi/db";
import type { DomainCases } from "./cases.ts";

let seq = 0;
const today = () => beijingDate(new Date());
const month = () => today().slice(0, 7);

export const hotlineReportsCases: DomainCases = {
  async setup(world, side) {
    const f = await hotlineRepository(world.db).createFormula({
      version: `authz-reports-${side}-${Date.now().toString(36)}${seq++}`,
      name: "授权测试公式（报表）",
      validFrom: "2020-01-01",
      weights: { response: 1000, resolution: 5000, satisfaction: 4000 },
      basicallySatisfiedFactor: 9000,
      exclusions: ["consultation", "duplicate_merged", "invalid_callback"],
    });
    return { reportsFormulaVersion: f.version };
  },
  cases: {
    "workOrders.reports.monthly": {
      input: ({ world, side, extra }) => ({
        districtId: world[side].districtId,
        month: month(),
        version: extra.reportsFormulaVersion,
      }),
    },
    "workOrders.reports.daily": {
      input: ({ world, side }) => ({ districtId: world[side].districtId, date: today() }),
    },
    "workOrders.rankings": {
      input: ({ world, side, extra }) => ({
        districtId: world[side].districtId,
        month: month(),
        tier: "streets_towns",
        version: extra.reportsFormulaVersion,
      }),
    },
    "workOrders.governanceCommunities.list": {
      input: ({ world, side, extra }) => ({
        districtId: world[side].districtId,
        month: month(),
        version: extra.reportsFormulaVersion,
      }),
    },
    "workOrders.governanceCommunities.settings": {
      input: ({ world, side }) => ({ districtId: world[side].districtId }),
    },
    "workOrders.governanceCommunities.saveSettings": {
      input: ({ world, side }) => ({
        districtId: world[side].districtId,
        settings: { bottomN: 5, topM: 30 },
      }),
    },
    "workOrders.governanceCommunities.openLedgers": {
      input: ({ world, side, extra }) => ({
        districtId: world[side].districtId,
        month: month(),
        version: extra.reportsFormulaVersion,
      }),
    },
  },
};
