/**
 * Static reference data of the demo district: Yanqing (延庆区, code 110119) and its 18 subdistricts
 * by their real names, name pools for synthetic places and persons, and the 16 default
 * coordinator categories. Persons, communities below the subdistrict level and companies are synthetic.
 */
import type { SubdistrictKind } from "@gongzhi/core";

export const DISTRICT = { code: "110119", name: "延庆区", nameEn: "Yanqing District" } as const;

export interface SubdistrictSpec {
  /** Codes follow the pattern of the 统计用区划代码 (district code + 3 digits). */
  code: string;
  name: string;
  /** Pinyin name (the subdistricts table has no English-name column yet; kept here for the UI). */
  nameEn: string;
  kind: SubdistrictKind;
  /** 社区 (urban communities, in streets and town seats). */
  communities: number;
  /** 村 (villages). */
  villages: number;
}

/** The 3 streets (街道) and 15 towns/townships (镇/乡) of Yanqing. ≈ 400 communities and villages. */
export const SUBDISTRICTS: readonly SubdistrictSpec[] = [
  { code: "110119001", name: "儒林街道", nameEn: "Rulin Subdistrict", kind: "street", communities: 12, villages: 0 },
  { code: "110119002", name: "百泉街道", nameEn: "Baiquan Subdistrict", kind: "street", communities: 11, villages: 0 },
  { code: "110119003", name: "香水园街道", nameEn: "Xiangshuiyuan Subdistrict", kind: "street", communities: 10, villages: 0 },
  { code: "110119100", name: "延庆镇", nameEn: "Yanqing Town", kind: "town", communities: 5, villages: 30 },
  { code: "110119101", name: "康庄镇", nameEn: "Kangzhuang Town", kind: "town", communities: 3, villages: 30 },
  { code: "110119102", name: "八达岭镇", nameEn: "Badaling Town", kind: "town", communities: 2, villages: 14 },
  { code: "110119103", name: "永宁镇", nameEn: "Yongning Town", kind: "town", communities: 2, villages: 34 },
  { code: "110119104", name: "旧县镇", nameEn: "Jiuxian Town", kind: "town", communities: 1, villages: 26 },
  { code: "110119105", name: "张山营镇", nameEn: "Zhangshanying Town", kind: "town", communities: 1, villages: 33 },
  { code: "110119106", name: "四海镇", nameEn: "Sihai Town", kind: "town", communities: 1, villages: 18 },
  { code: "110119107", name: "千家店镇", nameEn: "Qianjiadian Town", kind: "town", communities: 1, villages: 19 },
  { code: "110119108", name: "沈家营镇", nameEn: "Shenjiaying Town", kind: "town", communities: 1, villages: 19 },
  { code: "110119109", name: "大榆树镇", nameEn: "Dayushu Town", kind: "town", communities: 1, villages: 22 },
  { code: "110119110", name: "井庄镇", nameEn: "Jingzhuang Town", kind: "town", communities: 1, villages: 22 },
  { code: "110119200", name: "大庄科乡", nameEn: "Dazhuangke Township", kind: "town", communities: 0, villages: 28 },
  { code: "110119201", name: "刘斌堡乡", nameEn: "Liubinbu Township", kind: "town", communities: 0, villages: 16 },
  { code: "110119202", name: "香营乡", nameEn: "Xiangying Township", kind: "town", communities: 0, villages: 14 },
  { code: "110119203", name: "珍珠泉乡", nameEn: "Zhenzhuquan Township", kind: "town", communities: 1, villages: 15 },
];

/** The demo community (儒林街道) and compound every demo login is attached to. */
export const DEMO_SUBDISTRICT_NAME = "儒林街道";
export const DEMO_COMMUNITY_NAME = "温泉南区社区";
export const DEMO_COMPOUND_NAME = "妫川家园";

/** Cores of urban community names (社区) — synthetic, in the style of Yanqing's. */
export const COMMUNITY_CORES = [
  "温泉南区", "温泉西里", "湖南东路", "湖北西路", "东关", "西关", "南关", "北关", "妫水北街", "高塔",
  "庆园", "新兴", "振兴", "莲花池", "民主街", "胜芳", "东顺城", "西顺城", "舜泽园", "恒安",
  "川北", "卓立", "石河营", "东外", "西外", "南菜园", "康安", "悦安居", "永安", "百泉",
  "儒林苑", "龙庆", "鹿鸣", "妫川", "夏都", "新城", "香水园", "开发区", "风雅园", "紫光园",
  "三里河", "万象", "长城", "山水",
] as const;

const VILLAGE_HEADS = [
  "上", "下", "东", "西", "南", "北", "大", "小", "前", "后", "新", "中", "老",
] as const;
const VILLAGE_CORES = [
  "板泉", "丰营", "榆林", "花园", "屯", "河湾", "石峡", "柳沟", "杏树", "桃园", "杨户", "王家", "李家",
  "张家", "马家", "刘家", "赵家", "孙家", "白草", "黄柏", "红旗", "营盘", "烽火", "里炮", "龙湾",
  "三司", "八里", "大柏老", "小张家", "辛庄", "水峪", "阜高", "宝林", "沙梁", "古城", "姚家",
  "胡家", "周家", "下屯", "盆窑", "团山", "玉皇", "山西沟", "东羊坊", "西羊坊", "双营",
  "米粮", "平原", "靳家", "韩家", "吴坊", "井家", "曹官", "郭家", "董家", "上阪", "葛家",
] as const;
const VILLAGE_TAILS = ["庄", "营", "堡", "屯", "沟", "峪", "坊", "铺", "房", "湾", "寨", "窑", "口", ""] as const;

/** A village name like 上板泉村 / 张家营村 (synthetic; unique within the district via `taken`). */
export function villageName(next: () => number, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const head = next() < 0.35 ? VILLAGE_HEADS[Math.floor(next() * VILLAGE_HEADS.length)] : "";
    const core = VILLAGE_CORES[Math.floor(next() * VILLAGE_CORES.length)];
    const tail = VILLAGE_TAILS[Math.floor(next() * VILLAGE_TAILS.length)];
    const name = `${head}${core}${tail}村`;
    if (!taken.has(name) || attempt > 50) {
      const unique = taken.has(name) ? `${head}${core}${tail}${attempt}村` : name;
      taken.add(unique);
      return unique;
    }
  }
}

export const SURNAMES = [
  "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何",
  "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "程", "曹", "袁", "邓", "许",
  "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "叶", "阎", "潘", "杜",
  "戴", "夏", "钟", "田", "任", "姜", "范", "方", "石", "姚", "谭", "邹", "熊", "金", "陆", "郝", "孔",
  "白", "崔", "康", "毛", "邱", "秦", "江", "史", "顾", "侯", "邵", "孟", "万", "段", "雷", "钱", "尹",
] as const;
export const GIVEN_MALE = [
  "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "飞", "鑫",
  "波", "斌", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "建国", "建华", "志强",
  "国庆", "海涛", "文博", "子轩", "浩然", "宇航", "立新", "振华", "永军", "德明", "春生", "长江",
] as const;
export const GIVEN_FEMALE = [
  "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "秀兰", "桂英", "玉兰", "淑珍", "海燕", "春梅",
  "婷", "雪", "琳", "欣", "悦", "颖", "倩", "洁", "慧", "晶", "红梅", "丽华", "晓燕", "雅静", "梓萱",
  "子涵", "雨桐", "佳怡", "思琪", "玉梅", "凤英", "淑英", "桂兰", "晓红", "美玲",
] as const;

/** Synthetic property-service companies (fictitious names). */
export const PROPERTY_COMPANIES = [
  "北京妫川物业管理有限公司",
  "北京夏都物业服务有限公司",
  "北京京北物业管理有限公司",
  "北京海坨物业服务有限公司",
  "北京松山物业管理有限责任公司",
  "北京龙庆物业服务有限公司",
  "北京冠华物业管理有限公司",
  "北京百泉物业服务有限公司",
  "北京延庆新城物业管理有限公司",
  "北京康居物业服务有限公司",
  "北京安泰物业管理有限公司",
  "北京恒信物业服务有限公司",
] as const;

export const DEVELOPERS = [
  "北京妫水房地产开发有限公司",
  "北京夏都置业有限公司",
  "北京京北房地产开发有限责任公司",
  "北京长城置业有限公司",
  "北京延庆城建开发有限公司",
] as const;

export const COMMERCIAL_HEADS = [
  "妫水", "夏都", "阳光", "康安", "紫光", "燕山", "长城", "松山", "海坨", "龙庆", "野鸭湖", "世园",
  "北辰", "金色", "翠湖", "香山", "百泉", "玉皇", "冬奥", "京北", "新城", "宜居", "东湖", "西湖",
] as const;
export const COMMERCIAL_TAILS = [
  "家园", "花园", "小区", "新城", "雅苑", "嘉园", "公馆", "名苑", "丽景", "湾", "山水", "府", "苑", "华庭",
] as const;
export const SELF_MANAGED_OWNERS = [
  "区水务局", "区供电公司", "区粮食局", "延庆二中", "区医院", "区邮政局", "区农机站", "区供销社",
  "区建筑公司", "区烟草公司", "区运输公司", "区物资局", "区电影院", "区卫生局", "区二轻公司", "区公路分局",
] as const;
export const SELF_MANAGED_TAILS = ["宿舍楼", "家属楼", "家属院", "职工住宅楼"] as const;

/** The 16 default coordinator categories (协管员, DOMAIN.md §7). Data, not code. */
export const COORDINATOR_CATEGORIES = [
  { code: "public_security", nameZh: "治安", nameEn: "Public security", employer: "延庆公安分局派出所" },
  { code: "traffic", nameZh: "交通", nameEn: "Traffic", employer: "延庆交通支队" },
  { code: "city_management", nameZh: "城管", nameEn: "City management", employer: "区城市管理综合行政执法局" },
  { code: "labour_inspection", nameZh: "劳动监察", nameEn: "Labour inspection", employer: "区人力资源和社会保障局" },
  { code: "floating_population", nameZh: "流动人口", nameEn: "Floating population", employer: "区流动人口和出租房屋服务管理办公室" },
  { code: "rental_housing", nameZh: "出租屋", nameEn: "Rental housing", employer: "区流动人口和出租房屋服务管理办公室" },
  { code: "fire_safety", nameZh: "消防", nameEn: "Fire safety", employer: "区消防救援支队" },
  { code: "work_safety", nameZh: "安全生产", nameEn: "Work safety", employer: "区应急管理局" },
  { code: "environment", nameZh: "环保", nameEn: "Environment", employer: "区生态环境局" },
  { code: "civil_affairs", nameZh: "民政", nameEn: "Civil affairs", employer: "区民政局" },
  { code: "community", nameZh: "社区", nameEn: "Community", employer: "区委社会工委区民政局" },
  { code: "statistics", nameZh: "统计", nameEn: "Statistics", employer: "区统计局" },
  { code: "judicial", nameZh: "司法", nameEn: "Judicial", employer: "区司法局" },
  { code: "food_drug", nameZh: "食药", nameEn: "Food and drug", employer: "区市场监督管理局" },
  { code: "gas", nameZh: "燃气", nameEn: "Gas", employer: "区城市管理委员会" },
  { code: "party_building", nameZh: "党建协理员", nameEn: "Party-building assistant", employer: "区委组织部" },
] as const;
