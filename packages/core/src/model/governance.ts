import { z } from "zod";
import { id, isoDate, mainlandMobile, name, residentIdNumber, sensitive, timestamps } from "./common.ts";
import {
  committeeKinds,
  committeeMemberRoles,
  committeeStatuses,
  coordinatorStatuses,
  genders,
  partyOrgModes,
  propertyServiceModes,
} from "./enums.ts";

/**
 * 物业服务 — a property-service arrangement of a compound. History is kept: one row per period,
 * `endedOn` null for the current one. A professional company's contract is filed (备案) within
 * 15 days (北京市物业管理条例 Art. 63).
 */
export const propertyService = z
  .object({
    id,
    compoundId: id,
    mode: z.enum(propertyServiceModes),
    companyName: z.string().trim().max(200).nullable(),
    contractStart: isoDate.nullable(),
    contractEnd: isoDate.nullable(),
    filedOn: isoDate.nullable(),
    startedOn: isoDate,
    endedOn: isoDate.nullable(),
    ...timestamps,
  })
  .refine((p) => p.mode !== "professional" || (p.companyName && p.companyName.length > 0), {
    message: "a professional property service needs its company name",
    path: ["companyName"],
  })
  .refine((p) => !p.contractStart || !p.contractEnd || p.contractStart <= p.contractEnd, {
    message: "the contract must end after it starts",
    path: ["contractEnd"],
  });
export type PropertyService = z.infer<typeof propertyService>;

/**
 * 业主委员会 (owners_committee) / 物业管理委员会 (interim_committee) of a compound.
 * Lifecycle (DOMAIN.md §3): preparing → elected → filed (in office) → term_ending → expired | dissolved.
 */
export const committee = z.object({
  id,
  compoundId: id,
  kind: z.enum(committeeKinds),
  status: z.enum(committeeStatuses),
  electedOn: isoDate.nullable(),
  filedOn: isoDate.nullable(),
  termStart: isoDate.nullable(),
  termEnd: isoDate.nullable(),
  dissolvedOn: isoDate.nullable(),
  /** 党组织覆盖方式 */
  partyOrg: z.enum(partyOrgModes),
  ...timestamps,
});
export type Committee = z.infer<typeof committee>;

/** A member of a committee: role, and the flags the composition rules need. */
export const committeeMember = z.object({
  id,
  committeeId: id,
  name: name(50),
  role: z.enum(committeeMemberRoles),
  /** 业主 — whether the member is an owner of the compound. */
  isOwner: z.boolean(),
  /** 正式党员 — full party member (≥ 3 may form their own 党支部). */
  isPartyMember: z.boolean(),
  /** 居委会代表 — the 物管会 chair must be the residents' committee representative (条例 Art. 54). */
  isResidentsCommitteeRep: z.boolean(),
  userId: id.nullable(),
  ...timestamps,
});
export type CommitteeMember = z.infer<typeof committeeMember>;

/** 协管员类别 — coordinator categories are data, seeded with 16 defaults (DOMAIN.md §7). */
export const coordinatorCategory = z.object({
  id,
  code: z
    .string()
    .trim()
    .regex(/^[a-z_]{2,40}$/),
  nameZh: name(50),
  nameEn: name(80),
  sortOrder: z.number().int(),
  ...timestamps,
});
export type CoordinatorCategory = z.infer<typeof coordinatorCategory>;

/** 协管员 — a coordinator. `phone` and `idNumber` are sensitive: masked everywhere but one audited screen. */
export const coordinator = z.object({
  id,
  categoryId: id,
  name: name(50),
  gender: z.enum(genders),
  birthYear: z.number().int().min(1940).max(2010),
  phone: sensitive(mainlandMobile),
  idNumber: sensitive(residentIdNumber),
  employerDepartment: name(100),
  communityId: id,
  gridId: id.nullable(),
  hiredOn: isoDate,
  status: z.enum(coordinatorStatuses),
  ...timestamps,
});
export type Coordinator = z.infer<typeof coordinator>;

/** Names of the sensitive fields of a zod object schema (read from `.meta({ sensitive: true })`). */
export function sensitiveFields(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, s]) => (s as z.ZodType).meta()?.sensitive === true)
    .map(([k]) => k);
}
