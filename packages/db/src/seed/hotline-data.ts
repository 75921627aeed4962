/**
 * 接诉即办 demo data of 延庆区: handling units, the category tree with its limits and seasons, and the
 * shares the order generator aims at (DOMAIN.md §9: 解决率 ≈ 90 %, 满意率 ≈ 92 %).
 */
import type { HandlingUnitKind, HandlingUnitTier, TimeLimit } from "@gongzhi/core";

export interface UnitSpec {
  code: string;
  name: string;
  kind: HandlingUnitKind;
  tier: HandlingUnitTier;
}

/** 区直部门 and district-wide units (the 18 street/town offices and 4 police stations come from the tree). */
export const DISTRICT_UNITS: readonly UnitSpec[] = [
  { code: "YQ-ZJW", name: "延庆区住房和城乡建设委员会", kind: "district_department", tier: "departments" },
  { code: "YQ-CGW", name: "延庆区城市管理委员会", kind: "district_department", tier: "departments" },
  { code: "YQ-JTJ", name: "延庆区交通局", kind: "district_department", tier: "departments" },
  { code: "YQ-YLJ", name: "延庆区园林绿化局", kind: "district_department", tier: "departments" },
  { code: "YQ-SWJ", name: "延庆区水务局", kind: "district_department", tier: "departments" },
  { code: "YQ-SCJ", name: "延庆区市场监督管理局", kind: "district_department", tier: "departments" },
  { code: "YQ-MZJ", name: "延庆区民政局", kind: "district_department", tier: "departments" },
  { code: "YQ-RSJ", name: "延庆区人力资源和社会保障局", kind: "district_department", tier: "departments" },
  { code: "YQ-SHJ", name: "延庆区生态环境局", kind: "district_department", tier: "departments" },
  { code: "YQ-CGZF", name: "延庆区城市管理综合行政执法局", kind: "district_department", tier: "departments" },
  { code: "YQ-GAFJ", name: "北京市公安局延庆分局", kind: "police_station", tier: "departments" },
  { code: "YQ-WATER", name: "延庆区自来水公司", kind: "utility_water", tier: "utilities" },
  { code: "YQ-POWER", name: "国网北京市电力公司延庆供电公司", kind: "utility_power", tier: "utilities" },
  { code: "YQ-GAS", name: "北京燃气集团延庆分公司", kind: "utility_gas", tier: "utilities" },
  { code: "YQ-HEAT", name: "延庆区供热管理中心", kind: "utility_heating", tier: "utilities" },
  { code: "YQ-WY1", name: "北京妫川物业管理有限公司", kind: "property_company", tier: "property" },
  { code: "YQ-WY2", name: "北京夏都物业服务有限公司", kind: "property_company", tier: "property" },
  { code: "YQ-WY3", name: "北京长城物业服务有限公司延庆分公司", kind: "property_company", tier: "property" },
];

/** Police stations of the three streets and the town seat (subdistrict-scoped). */
export const POLICE_STATIONS: readonly { subdistrict: string; name: string }[] = [
  { subdistrict: "儒林街道", name: "延庆分局儒林派出所" },
  { subdistrict: "百泉街道", name: "延庆分局百泉派出所" },
  { subdistrict: "香水园街道", name: "延庆分局香水园派出所" },
  { subdistrict: "延庆镇", name: "延庆分局延庆镇派出所" },
];

/** Who a leaf category goes to: the street/town hub, a district unit by code, or the local police. */
export type DispatchTarget = { hub: true; fallback: string } | { unit: string } | { police: true };

export interface LeafSpec {
  code: string;
  zh: string;
  en: string;
  limit: TimeLimit;
  /** Relative volume. */
  weight: number;
  /** Month factors (1 = January): heating in winter, water in summer. */
  season?: Partial<Record<number, number>>;
  target: DispatchTarget;
  /** Share of consultations among its orders. */
  consultation?: number;
}

export interface RootSpec {
  code: string;
  zh: string;
  en: string;
  limit: TimeLimit;
  allHours?: boolean;
  children: readonly LeafSpec[];
}

const wd = (amount: number): TimeLimit => ({ kind: "working_days", amount });
const hours = (amount: number): TimeLimit => ({ kind: "natural_hours", amount });
const WINTER = { 1: 2.2, 2: 1.6, 3: 1.1, 4: 0.1, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0, 10: 0.4, 11: 4.5, 12: 3.8 };
const SUMMER = { 5: 1.5, 6: 2.4, 7: 3, 8: 2.6, 9: 1.3, 1: 0.6, 2: 0.6, 12: 0.6 };

/** 诉求分类 — roots with their leaves; the four utilities run 24/7 (条例 Art. 19). */
export const CATEGORY_TREE: readonly RootSpec[] = [
  {
    code: "01",
    zh: "城乡建设",
    en: "Urban and rural construction",
    limit: wd(13),
    children: [
      {
        code: "01-01",
        zh: "电梯故障",
        en: "Lift breakdown",
        limit: wd(3),
        weight: 4,
        target: { unit: "YQ-SCJ" },
      },
      {
        code: "01-02",
        zh: "物业服务",
        en: "Property services",
        limit: wd(13),
        weight: 12,
        target: { hub: true, fallback: "YQ-ZJW" },
      },
      {
        code: "01-03",
        zh: "房屋漏水",
        en: "Leaking home",
        limit: wd(13),
        weight: 4,
        target: { hub: true, fallback: "YQ-ZJW" },
      },
      {
        code: "01-04",
        zh: "违法建设",
        en: "Illegal construction",
        limit: wd(13),
        weight: 4,
        target: { unit: "YQ-CGZF" },
      },
    ],
  },
  {
    code: "02",
    zh: "供暖",
    en: "Heating",
    limit: hours(24),
    allHours: true,
    children: [
      {
        code: "02-01",
        zh: "室温不达标",
        en: "Room below temperature",
        limit: hours(24),
        weight: 7,
        season: WINTER,
        target: { unit: "YQ-HEAT" },
      },
      {
        code: "02-02",
        zh: "供暖管道漏水",
        en: "Heating pipe leak",
        limit: hours(12),
        weight: 2,
        season: WINTER,
        target: { unit: "YQ-HEAT" },
      },
    ],
  },
  {
    code: "03",
    zh: "供水",
    en: "Water supply",
    limit: hours(24),
    allHours: true,
    children: [
      {
        code: "03-01",
        zh: "停水",
        en: "Water outage",
        limit: hours(12),
        weight: 4,
        season: SUMMER,
        target: { unit: "YQ-WATER" },
      },
      {
        code: "03-02",
        zh: "水质水压",
        en: "Water quality and pressure",
        limit: hours(24),
        weight: 2,
        season: SUMMER,
        target: { unit: "YQ-WATER" },
      },
    ],
  },
  {
    code: "04",
    zh: "供电",
    en: "Power supply",
    limit: hours(24),
    allHours: true,
    children: [
      {
        code: "04-01",
        zh: "停电",
        en: "Power outage",
        limit: hours(12),
        weight: 3,
        season: SUMMER,
        target: { unit: "YQ-POWER" },
      },
    ],
  },
  {
    code: "05",
    zh: "供气",
    en: "Gas supply",
    limit: hours(24),
    allHours: true,
    children: [
      {
        code: "05-01",
        zh: "燃气报修",
        en: "Gas repair",
        limit: hours(4),
        weight: 2,
        target: { unit: "YQ-GAS" },
      },
    ],
  },
  {
    code: "06",
    zh: "城市管理",
    en: "City management",
    limit: wd(13),
    children: [
      {
        code: "06-01",
        zh: "环境卫生",
        en: "Sanitation",
        limit: wd(13),
        weight: 8,
        target: { hub: true, fallback: "YQ-CGW" },
      },
      {
        code: "06-02",
        zh: "噪声扰民",
        en: "Noise",
        limit: wd(13),
        weight: 5,
        season: SUMMER,
        target: { hub: true, fallback: "YQ-SHJ" },
      },
      {
        code: "06-03",
        zh: "占道经营",
        en: "Street vending",
        limit: wd(13),
        weight: 3,
        target: { unit: "YQ-CGZF" },
      },
    ],
  },
  {
    code: "07",
    zh: "交通出行",
    en: "Transport",
    limit: wd(13),
    children: [
      {
        code: "07-01",
        zh: "公交线路",
        en: "Bus routes",
        limit: wd(13),
        weight: 3,
        target: { unit: "YQ-JTJ" },
        consultation: 0.5,
      },
      {
        code: "07-02",
        zh: "道路破损",
        en: "Damaged road",
        limit: wd(13),
        weight: 3,
        target: { unit: "YQ-JTJ" },
      },
      {
        code: "07-03",
        zh: "停车管理",
        en: "Parking",
        limit: wd(13),
        weight: 4,
        target: { hub: true, fallback: "YQ-JTJ" },
      },
    ],
  },
  {
    code: "08",
    zh: "市场监管",
    en: "Market regulation",
    limit: wd(13),
    children: [
      {
        code: "08-01",
        zh: "消费纠纷",
        en: "Consumer dispute",
        limit: wd(13),
        weight: 5,
        target: { unit: "YQ-SCJ" },
      },
      {
        code: "08-02",
        zh: "食品安全",
        en: "Food safety",
        limit: wd(3),
        weight: 2,
        target: { unit: "YQ-SCJ" },
      },
    ],
  },
  {
    code: "09",
    zh: "社会保障",
    en: "Social security",
    limit: wd(3),
    children: [
      {
        code: "09-01",
        zh: "养老服务",
        en: "Elderly care",
        limit: wd(3),
        weight: 3,
        target: { unit: "YQ-MZJ" },
        consultation: 0.6,
      },
      {
        code: "09-02",
        zh: "社保医保",
        en: "Social insurance",
        limit: wd(3),
        weight: 3,
        target: { unit: "YQ-RSJ" },
        consultation: 0.7,
      },
    ],
  },
  {
    code: "10",
    zh: "园林绿化",
    en: "Greening",
    limit: wd(13),
    children: [
      {
        code: "10-01",
        zh: "树木修剪",
        en: "Tree pruning",
        limit: wd(13),
        weight: 3,
        season: { 4: 1.8, 5: 2, 6: 2, 7: 1.8, 8: 1.5, 12: 0.3, 1: 0.3 },
        target: { unit: "YQ-YLJ" },
      },
    ],
  },
  {
    code: "11",
    zh: "公共安全",
    en: "Public safety",
    limit: wd(3),
    children: [
      {
        code: "11-01",
        zh: "邻里纠纷",
        en: "Neighbour dispute",
        limit: wd(3),
        weight: 3,
        target: { police: true },
      },
    ],
  },
];

/** How many orders the demo year holds (on the order of 10 000). */
export const HOTLINE_ORDERS = 10_000;

/** Shares the generator aims at (DOMAIN.md §9's Yanqing half-year: 解决率 89.75 %, 满意率 91.86 %). */
export const HOTLINE_SHARES = {
  returned: 0.04,
  contacted: 0.98,
  invalidCallback: 0.03,
  solvedFirstRound: 0.865,
  reopenIfUnsolved: 0.5,
  solvedSecondRound: 0.6,
  /** [满意, 基本满意] given solved / unsolved; the rest 不满意. */
  satisfactionSolved: [0.95, 0.04] as const,
  satisfactionUnsolved: [0.2, 0.2] as const,
  late: 0.05,
  /** Orders on a few "hot" compounds: weight × this. */
  hotCompoundWeight: 8,
  hotCompounds: 12,
  withCompound: 0.85,
};

export const RETURN_REASONS = ["不属本单位职责范围", "诉求地点不在本辖区", "需产权单位处理"] as const;
export const ANSWERS = [
  "已联系诉求人并现场处置完毕",
  "已协调相关单位解决",
  "已向诉求人解释相关政策",
] as const;
export const INVALID_REASONS = ["多次回访电话无法接通", "诉求人拒绝接受回访"] as const;
