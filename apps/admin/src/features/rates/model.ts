/**
 * The 三率 dashboard's data, shaped once for the page and the .xlsx export. 物业管理"三率" (DOMAIN.md §2):
 * 物业服务覆盖率, 业委会（物管会）组建率, 党的组织覆盖率 — not the 12345 hotline's 响应率/解决率/满意率.
 */
import { defaultThreeRatesTargets, type PropertyThreeRateKey, propertyThreeRateKeys } from "@gongzhi/core";
import type { UnitLevel } from "../../lib/session.ts";
import type { Outputs } from "../../trpc.ts";

export type RatesNode = Outputs["threeRates"]["current"];
export type RatesChild = RatesNode["children"][number];
export type TrendPoint = Outputs["threeRates"]["trend"][number];
export type CompoundLacks = Outputs["threeRates"]["compounds"][number];
export type Lack = CompoundLacks["lacks"][number];

export const rateKeys: readonly PropertyThreeRateKey[] = propertyThreeRateKeys;
export type { PropertyThreeRateKey };

export const lackKeys: readonly Lack[] = [
  "no_property_service",
  "no_committee_in_office",
  "term_expired",
  "filing_overdue",
  "no_party_coverage",
];

/** The target a rate is measured against (the API's default: 90 % for each). */
export function targetOf(key: PropertyThreeRateKey): number {
  const t = defaultThreeRatesTargets[key];
  return t.numerator / t.denominator;
}

/** Chinese names used in exports (headers stay Chinese whatever the interface language). */
export const rateNamesZh: Record<PropertyThreeRateKey, string> = {
  propertyServiceCoverage: "物业服务覆盖率",
  committeeFormation: "业委会（物管会）组建率",
  partyOrgCoverage: "党的组织覆盖率",
};
export const lackNamesZh: Record<Lack, string> = {
  no_property_service: "无物业服务",
  no_committee_in_office: "无在任业委会（物管会）",
  term_expired: "任期已届满",
  filing_overdue: "备案逾期",
  no_party_coverage: "党组织未覆盖",
};
export const levelNamesZh: Record<UnitLevel | "compound", string> = {
  district: "区",
  subdistrict: "街道（乡镇）",
  community: "社区（村）",
  compound: "小区",
};

/** The level below: district → subdistrict → community → compound. */
export function childLevel(level: UnitLevel): UnitLevel | "compound" {
  return level === "district" ? "subdistrict" : level === "subdistrict" ? "community" : "compound";
}

export interface NamedChild extends RatesChild {
  name: string;
}

/** Children ranked by one rate, best first; units with nothing to measure last; ties by name. */
export function rankBy(children: readonly NamedChild[], key: PropertyThreeRateKey): NamedChild[] {
  return [...children].sort((a, b) => {
    const ra = a.rates[key].rate;
    const rb = b.rates[key].rate;
    if (ra === null && rb === null) return a.name.localeCompare(b.name, "zh-CN");
    if (ra === null) return 1;
    if (rb === null) return -1;
    return rb - ra || a.name.localeCompare(b.name, "zh-CN");
  });
}
