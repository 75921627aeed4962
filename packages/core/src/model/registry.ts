import { z } from "zod";
import { areaCentiM2, code, id, name, timestamps } from "./common.ts";
import {
  type areaSources,
  communityKinds,
  compoundTypes,
  coOwnerBallotRules,
  ownerKinds,
  subdistrictKinds,
} from "./enums.ts";

/** 区 — district, the top of the modelled hierarchy (e.g. 延庆区). */
export const district = z.object({ id, code, name: name(), nameEn: name(), ...timestamps });
export type District = z.infer<typeof district>;

/** 街道 / 乡镇 — subdistrict; files and approves owners' committees. */
export const subdistrict = z.object({
  id,
  districtId: id,
  code,
  name: name(),
  kind: z.enum(subdistrictKinds),
  ...timestamps,
});
export type Subdistrict = z.infer<typeof subdistrict>;

/** 社区 / 村 — community; runs the 议事厅. */
export const community = z.object({
  id,
  subdistrictId: id,
  code,
  name: name(),
  kind: z.enum(communityKinds),
  /** Supports (附议) a topic needs before screening; configurable per community. */
  supportThreshold: z.number().int().min(1).max(10_000),
  ...timestamps,
});
export type Community = z.infer<typeof community>;

/** 网格 — grid; every grid has a responsible person (每格有人、每人有格). */
export const grid = z.object({
  id,
  communityId: id,
  code,
  name: name(),
  responsiblePerson: name(50),
  ...timestamps,
});
export type Grid = z.infer<typeof grid>;

/** 小区 / 物业管理区域 — compound; the unit that 三率 counts. */
export const compound = z.object({
  id,
  communityId: id,
  code,
  name: name(),
  type: z.enum(compoundTypes),
  address: z.string().trim().max(200),
  /** 户数, used for the household-weighted 三率 and for committee size (Art. 39: 3 members when ≤ 100 households). */
  households: z.number().int().min(0).max(100_000),
  /** Whether the compound is a residential compound included in the 三率 assessment. */
  inScope: z.boolean(),
  /** Who casts the ballot of an owner key held by several people (议事规则): see coOwnerBallotRules. */
  coOwnerBallotRule: z.enum(coOwnerBallotRules),
  ...timestamps,
});
export type Compound = z.infer<typeof compound>;

/** 楼栋 — building. */
export const building = z.object({ id, compoundId: id, code, name: name(), ...timestamps });
export type Building = z.infer<typeof building>;

/**
 * 专有部分 / 房屋 — unit. Areas in integer hundredths of m². The area that counts for a vote is the
 * registered (不动产登记簿) area, else the surveyed area, else the contract area (法释〔2009〕7号 Art. 8).
 */
export const unit = z
  .object({
    id,
    buildingId: id,
    number: z.string().trim().min(1).max(20),
    registeredAreaCentiM2: areaCentiM2.nullable(),
    surveyedAreaCentiM2: areaCentiM2.nullable(),
    contractAreaCentiM2: areaCentiM2.nullable(),
    ...timestamps,
  })
  .refine((u) => u.registeredAreaCentiM2 ?? u.surveyedAreaCentiM2 ?? u.contractAreaCentiM2, {
    message: "a unit needs at least one area (registered, surveyed or contract)",
  });
export type Unit = z.infer<typeof unit>;

/** The area that counts for a unit and where it comes from (法释〔2009〕7号 Art. 8). */
export function effectiveArea(
  u: Pick<Unit, "registeredAreaCentiM2" | "surveyedAreaCentiM2" | "contractAreaCentiM2">,
): { areaCentiM2: number; source: (typeof areaSources)[number] } | null {
  if (u.registeredAreaCentiM2 != null) return { areaCentiM2: u.registeredAreaCentiM2, source: "registered" };
  if (u.surveyedAreaCentiM2 != null) return { areaCentiM2: u.surveyedAreaCentiM2, source: "surveyed" };
  if (u.contractAreaCentiM2 != null) return { areaCentiM2: u.contractAreaCentiM2, source: "contract" };
  return null;
}

/**
 * 业主 — an owner party of a compound. Its id is the **owner key** of the statutory headcount
 * (法释〔2009〕7号 Art. 9): the co-owners of a unit share one party; all units of one buyer are held by
 * one party; all units the developer (建设单位) has not sold or delivered are held by the developer's party.
 */
export const ownerParty = z.object({
  id,
  compoundId: id,
  kind: z.enum(ownerKinds),
  displayName: name(),
  ...timestamps,
});
export type OwnerParty = z.infer<typeof ownerParty>;

/** A natural person within an owner party (one of the co-owners); may be linked to a user account. */
export const ownerPerson = z.object({
  id,
  partyId: id,
  name: name(50),
  userId: id.nullable(),
  ...timestamps,
});
export type OwnerPerson = z.infer<typeof ownerPerson>;

/** Which party holds a unit now. Exactly one holder per unit. */
export const ownership = z.object({
  unitId: id,
  partyId: id,
  since: z.iso.date().nullable(),
});
export type Ownership = z.infer<typeof ownership>;

/** The owner key used by the statutory vote: the holding party's id. */
export function ownerKeyOf(o: Pick<Ownership, "partyId">): string {
  return o.partyId;
}
