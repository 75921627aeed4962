import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./account.ts";
import { pk, timestamps } from "./columns.ts";
import {
  committeeKind,
  committeeMemberRole,
  committeeStatus,
  coordinatorStatus,
  gender,
  partyOrgMode,
  propertyServiceMode,
} from "./enums.ts";
import { communities, compounds, grids } from "./registry.ts";

/** 物业服务 — one row per period; `ended_on` null for the current arrangement. */
export const propertyServices = pgTable(
  "property_services",
  {
    id: pk(),
    compoundId: uuid("compound_id")
      .notNull()
      .references(() => compounds.id, { onDelete: "cascade" }),
    mode: propertyServiceMode("mode").notNull(),
    companyName: text("company_name"),
    contractStart: date("contract_start", { mode: "string" }),
    contractEnd: date("contract_end", { mode: "string" }),
    /** 备案 date of the service contract (条例 Art. 63: within 15 days). */
    filedOn: date("filed_on", { mode: "string" }),
    startedOn: date("started_on", { mode: "string" }).notNull(),
    endedOn: date("ended_on", { mode: "string" }),
    ...timestamps,
  },
  (t) => [
    index("property_services_compound_idx").on(t.compoundId),
    uniqueIndex("property_services_one_current_uq").on(t.compoundId).where(sql`${t.endedOn} is null`),
    check(
      "property_services_professional_has_company",
      sql`${t.mode} <> 'professional' or coalesce(length(trim(${t.companyName})), 0) > 0`,
    ),
    check(
      "property_services_contract_order",
      sql`${t.contractStart} is null or ${t.contractEnd} is null or ${t.contractStart} <= ${t.contractEnd}`,
    ),
    check("property_services_period_order", sql`${t.endedOn} is null or ${t.startedOn} <= ${t.endedOn}`),
  ],
);

/** 业主委员会 / 物业管理委员会 */
export const committees = pgTable(
  "committees",
  {
    id: pk(),
    compoundId: uuid("compound_id")
      .notNull()
      .references(() => compounds.id, { onDelete: "cascade" }),
    kind: committeeKind("kind").notNull(),
    status: committeeStatus("status").notNull().default("preparing"),
    electedOn: date("elected_on", { mode: "string" }),
    filedOn: date("filed_on", { mode: "string" }),
    termStart: date("term_start", { mode: "string" }),
    termEnd: date("term_end", { mode: "string" }),
    dissolvedOn: date("dissolved_on", { mode: "string" }),
    partyOrg: partyOrgMode("party_org").notNull().default("none"),
    ...timestamps,
  },
  (t) => [
    index("committees_compound_idx").on(t.compoundId),
    index("committees_status_idx").on(t.status),
    // One committee in office (filed or term_ending) per compound.
    uniqueIndex("committees_one_in_office_uq")
      .on(t.compoundId)
      .where(sql`${t.status} in ('filed', 'term_ending')`),
    check(
      "committees_term_order",
      sql`${t.termStart} is null or ${t.termEnd} is null or ${t.termStart} < ${t.termEnd}`,
    ),
    check(
      "committees_in_office_has_term",
      sql`${t.status} not in ('filed', 'term_ending') or (${t.termStart} is not null and ${t.termEnd} is not null and ${t.filedOn} is not null)`,
    ),
  ],
);

export const committeeMembers = pgTable(
  "committee_members",
  {
    id: pk(),
    committeeId: uuid("committee_id")
      .notNull()
      .references(() => committees.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    role: committeeMemberRole("role").notNull(),
    isOwner: boolean("is_owner").notNull(),
    isPartyMember: boolean("is_party_member").notNull().default(false),
    isResidentsCommitteeRep: boolean("is_residents_committee_rep").notNull().default(false),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [index("committee_members_committee_idx").on(t.committeeId)],
);

/** 协管员类别 — data, seeded with 16 defaults. */
export const coordinatorCategories = pgTable("coordinator_categories", {
  id: pk(),
  code: text("code").notNull().unique(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
  ...timestamps,
});

/** 协管员 — phone and id_number are sensitive (masked outside one audited screen). */
export const coordinators = pgTable(
  "coordinators",
  {
    id: pk(),
    categoryId: uuid("category_id")
      .notNull()
      .references(() => coordinatorCategories.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    gender: gender("gender").notNull(),
    birthYear: integer("birth_year").notNull(),
    phone: text("phone").notNull(),
    idNumber: text("id_number").notNull(),
    employerDepartment: text("employer_department").notNull(),
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "restrict" }),
    gridId: uuid("grid_id").references(() => grids.id, { onDelete: "set null" }),
    hiredOn: date("hired_on", { mode: "string" }).notNull(),
    status: coordinatorStatus("status").notNull().default("active"),
    ...timestamps,
  },
  (t) => [
    index("coordinators_category_idx").on(t.categoryId),
    index("coordinators_community_idx").on(t.communityId),
    // Unique within a community: a lookup by ID number never answers for records outside the
    // caller's scope (issue 10), so neither may the constraint.
    uniqueIndex("coordinators_community_id_number_uq").on(t.communityId, t.idNumber),
    check("coordinators_birth_year_range", sql`${t.birthYear} between 1940 and 2010`),
  ],
);
