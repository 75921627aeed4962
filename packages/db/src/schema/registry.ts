import { type GridGeometry, gridMemberRoles } from "@gongzhi/core";
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./account.ts";
import { pk, timestamps } from "./columns.ts";
import { communityKind, compoundType, coOwnerBallotRule, ownerKind, subdistrictKind } from "./enums.ts";

/**
 * 边界 — a boundary on the map (责任落图, ADR 0021): a GeoJSON Polygon/MultiPolygon in WGS84 lon/lat,
 * validated by core's `validateGridBoundary` before it is stored, plus its bounding box (cheap
 * filtering without reading the polygon). All five are null together.
 */
const boundaryColumns = () => ({
  boundary: jsonb("boundary").$type<GridGeometry>(),
  minLon: doublePrecision("min_lon"),
  minLat: doublePrecision("min_lat"),
  maxLon: doublePrecision("max_lon"),
  maxLat: doublePrecision("max_lat"),
});
const boundaryComplete = (
  name: string,
  t: {
    boundary: AnyPgColumn;
    minLon: AnyPgColumn;
    minLat: AnyPgColumn;
    maxLon: AnyPgColumn;
    maxLat: AnyPgColumn;
  },
) =>
  check(
    `${name}_boundary_bbox`,
    sql`(${t.boundary} is null) = (${t.minLon} is null) and (${t.boundary} is null) = (${t.minLat} is null) and (${t.boundary} is null) = (${t.maxLon} is null) and (${t.boundary} is null) = (${t.maxLat} is null) and (${t.boundary} is null or (${t.minLon} <= ${t.maxLon} and ${t.minLat} <= ${t.maxLat}))`,
  );
/** A point (WGS84): both or neither, in range. */
const pointComplete = (name: string, t: { lat: AnyPgColumn; lng: AnyPgColumn }) =>
  check(
    `${name}_point_complete`,
    sql`(${t.lat} is null) = (${t.lng} is null) and (${t.lat} is null or (${t.lat} between -90 and 90 and ${t.lng} between -180 and 180))`,
  );

/** 区 */
export const districts = pgTable(
  "districts",
  {
    id: pk(),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    ...boundaryColumns(),
    ...timestamps,
  },
  (t) => [boundaryComplete("districts", t)],
);

/** 街道 / 乡镇 */
export const subdistricts = pgTable(
  "subdistricts",
  {
    id: pk(),
    districtId: uuid("district_id")
      .notNull()
      .references(() => districts.id, { onDelete: "restrict" }),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    kind: subdistrictKind("kind").notNull(),
    ...boundaryColumns(),
    ...timestamps,
  },
  (t) => [index("subdistricts_district_idx").on(t.districtId), boundaryComplete("subdistricts", t)],
);

/** 社区 / 村 */
export const communities = pgTable(
  "communities",
  {
    id: pk(),
    subdistrictId: uuid("subdistrict_id")
      .notNull()
      .references(() => subdistricts.id, { onDelete: "restrict" }),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    kind: communityKind("kind").notNull(),
    supportThreshold: integer("support_threshold").notNull().default(10),
    ...boundaryColumns(),
    ...timestamps,
  },
  (t) => [
    index("communities_subdistrict_idx").on(t.subdistrictId),
    boundaryComplete("communities", t),
    check("communities_support_threshold_positive", sql`${t.supportThreshold} >= 1`),
  ],
);

/** 网格 */
export const grids = pgTable(
  "grids",
  {
    id: pk(),
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "restrict" }),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    responsiblePerson: text("responsible_person").notNull(),
    ...boundaryColumns(),
    ...timestamps,
  },
  (t) => [
    index("grids_community_idx").on(t.communityId),
    // the grid index's version: max(updated_at) of a district's grids (gridsRepository.indexVersion)
    index("grids_updated_idx").on(t.updatedAt),
    boundaryComplete("grids", t),
  ],
);

/** 网格长 (leads the grid, one at a time) / 网格员 (works in it). */
export const gridMemberRole = pgEnum("grid_member_role", gridMemberRoles);

/**
 * 网格人员 — who is responsible for a grid (每格有人、每人有格): a user as its leader or a worker, from
 * `started_on` until `ended_on` (null: current). A grid has at most one current leader, and a person
 * at most one current role in a grid.
 */
export const gridMembers = pgTable(
  "grid_members",
  {
    id: pk(),
    gridId: uuid("grid_id")
      .notNull()
      .references(() => grids.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    role: gridMemberRole("role").notNull(),
    startedOn: date("started_on", { mode: "string" }).notNull(),
    endedOn: date("ended_on", { mode: "string" }),
    ...timestamps,
  },
  (t) => [
    index("grid_members_grid_idx").on(t.gridId),
    index("grid_members_user_idx").on(t.userId),
    uniqueIndex("grid_members_one_leader_uq")
      .on(t.gridId)
      .where(sql`${t.role} = 'grid_leader' and ${t.endedOn} is null`),
    uniqueIndex("grid_members_one_current_uq").on(t.gridId, t.userId).where(sql`${t.endedOn} is null`),
    check("grid_members_period", sql`${t.endedOn} is null or ${t.endedOn} >= ${t.startedOn}`),
  ],
);

/** 小区 / 物业管理区域 */
export const compounds = pgTable(
  "compounds",
  {
    id: pk(),
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "restrict" }),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    type: compoundType("type").notNull(),
    address: text("address").notNull().default(""),
    households: integer("households").notNull().default(0),
    inScope: boolean("in_scope").notNull().default(true),
    /** Who speaks for an owner key held by several people (议事规则; core's coOwnerBallotRules). */
    coOwnerBallotRule: coOwnerBallotRule("co_owner_ballot_rule").notNull().default("caster_only"),
    /** Where it is on the map (WGS84); filed to its grid by point (落格). */
    lat: doublePrecision("lat"),
    lng: doublePrecision("lng"),
    ...timestamps,
  },
  (t) => [
    index("compounds_community_idx").on(t.communityId),
    pointComplete("compounds", t),
    check("compounds_households_nonnegative", sql`${t.households} >= 0`),
  ],
);

/** 楼栋 */
export const buildings = pgTable(
  "buildings",
  {
    id: pk(),
    compoundId: uuid("compound_id")
      .notNull()
      .references(() => compounds.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    name: text("name").notNull(),
    lat: doublePrecision("lat"),
    lng: doublePrecision("lng"),
    ...timestamps,
  },
  (t) => [uniqueIndex("buildings_compound_code_uq").on(t.compoundId, t.code), pointComplete("buildings", t)],
);

/** 专有部分 / 房屋 — areas in integer hundredths of m². */
export const units = pgTable(
  "units",
  {
    id: pk(),
    buildingId: uuid("building_id")
      .notNull()
      .references(() => buildings.id, { onDelete: "cascade" }),
    number: text("number").notNull(),
    registeredAreaCentiM2: integer("registered_area_centi_m2"),
    surveyedAreaCentiM2: integer("surveyed_area_centi_m2"),
    contractAreaCentiM2: integer("contract_area_centi_m2"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("units_building_number_uq").on(t.buildingId, t.number),
    check(
      "units_areas_positive",
      sql`coalesce(${t.registeredAreaCentiM2}, 1) > 0 and coalesce(${t.surveyedAreaCentiM2}, 1) > 0 and coalesce(${t.contractAreaCentiM2}, 1) > 0`,
    ),
    check(
      "units_some_area",
      sql`coalesce(${t.registeredAreaCentiM2}, ${t.surveyedAreaCentiM2}, ${t.contractAreaCentiM2}) is not null`,
    ),
  ],
);

/** 业主 — owner party; its id is the statutory owner key (法释〔2009〕7号 Art. 9). */
export const ownerParties = pgTable(
  "owner_parties",
  {
    id: pk(),
    compoundId: uuid("compound_id")
      .notNull()
      .references(() => compounds.id, { onDelete: "cascade" }),
    kind: ownerKind("kind").notNull(),
    displayName: text("display_name").notNull(),
    ...timestamps,
  },
  (t) => [
    index("owner_parties_compound_idx").on(t.compoundId),
    // All of the developer's unsold or undelivered units count as one person: one developer party per compound.
    uniqueIndex("owner_parties_one_developer_uq").on(t.compoundId).where(sql`${t.kind} = 'developer'`),
  ],
);

/** Co-owners: the natural persons of an owner party, optionally linked to a user account. */
export const ownerPersons = pgTable(
  "owner_persons",
  {
    id: pk(),
    partyId: uuid("party_id")
      .notNull()
      .references(() => ownerParties.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    userId: uuid("user_id").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    /** The co-owner designated to vote for the party (推选代表) under the `representative` rule. */
    isRepresentative: boolean("is_representative").notNull().default(false),
    ...timestamps,
  },
  (t) => [
    index("owner_persons_party_idx").on(t.partyId),
    index("owner_persons_user_idx").on(t.userId),
    uniqueIndex("owner_persons_one_representative_uq").on(t.partyId).where(sql`${t.isRepresentative}`),
  ],
);

/** Which party holds each unit: exactly one holder per unit. */
export const ownerships = pgTable(
  "ownerships",
  {
    unitId: uuid("unit_id")
      .primaryKey()
      .references(() => units.id, { onDelete: "cascade" }),
    partyId: uuid("party_id")
      .notNull()
      .references(() => ownerParties.id, { onDelete: "restrict" }),
    since: date("since", { mode: "string" }),
  },
  (t) => [index("ownerships_party_idx").on(t.partyId)],
);
