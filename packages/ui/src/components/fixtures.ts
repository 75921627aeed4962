import type { DistrictSummaryData } from "./DistrictSummary.tsx";

/** Story fixtures (not exported from the package). */
export const longChinese =
  "延庆区香水园街道新兴西社区关于加装电梯、改造老旧管网、增设非机动车充电棚以及规范小区停车秩序的居民议题征集与协商结果公示";

export const demoSummary: DistrictSummaryData = {
  district: { id: "d-110119", code: "110119", name: "延庆区", nameEn: "Yanqing District" },
  subdistricts: 18,
  communities: 407,
  grids: 414,
  compounds: 312,
  buildings: 2841,
  units: 61234,
};

export const emptySummary: DistrictSummaryData = {
  district: null,
  subdistricts: 0,
  communities: 0,
  grids: 0,
  compounds: 0,
  buildings: 0,
  units: 0,
};

export interface CommunityRow {
  id: string;
  name: string;
  subdistrict: string;
  compounds: number;
  units: number;
}

export const communityRows: CommunityRow[] = [
  { id: "c1", name: "新兴西社区", subdistrict: "香水园街道", compounds: 6, units: 2140 },
  { id: "c2", name: "妫水南区社区", subdistrict: "儒林街道", compounds: 4, units: 1688 },
  { id: "c3", name: "百泉社区", subdistrict: "百泉街道", compounds: 9, units: 3312 },
  { id: "c4", name: "康庄村", subdistrict: "康庄镇", compounds: 1, units: 420 },
  { id: "c5", name: longChinese, subdistrict: "八达岭镇", compounds: 2, units: 96 },
];
