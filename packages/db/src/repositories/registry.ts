import type { Sort } from "@gongzhi/core";
import { and, asc, count, eq, gt, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { DbConstraintError, withConstraintErrors } from "../errors.ts";
import { buildings, communities, compounds, districts, grids, subdistricts, units } from "../schema/index.ts";
import { keysetSort, pageSize, type SortColumns, type TiebreakColumn, toPage } from "./pagination.ts";

export type NewDistrict = typeof districts.$inferInsert;
export type NewSubdistrict = typeof subdistricts.$inferInsert;
export type NewCommunity = typeof communities.$inferInsert;
export type NewGrid = typeof grids.$inferInsert;
export type NewCompound = typeof compounds.$inferInsert;
export type NewBuilding = typeof buildings.$inferInsert;
export type NewUnit = typeof units.$inferInsert;

type Community = typeof communities.$inferSelect;
type Compound = typeof compounds.$inferSelect;
type Building = typeof buildings.$inferSelect;
type Unit = typeof units.$inferSelect;

/** Sort keys of the registry lists (the API whitelists exactly these). */
export const communitySortKeys = ["code", "name", "kind"] as const;
export const compoundSortKeys = ["code", "name", "type", "households"] as const;
export const buildingSortKeys = ["code", "name"] as const;
export const unitSortKeys = ["number", "registeredArea", "surveyedArea", "contractArea"] as const;

const communitySorts: SortColumns<Community, (typeof communitySortKeys)[number]> = {
  code: { column: communities.code, kind: "text", value: (r) => r.code },
  name: { column: communities.name, kind: "text", value: (r) => r.name },
  kind: { column: communities.kind, kind: "enum", value: (r) => r.kind },
};
const compoundSorts: SortColumns<Compound, (typeof compoundSortKeys)[number]> = {
  code: { column: compounds.code, kind: "text", value: (r) => r.code },
  name: { column: compounds.name, kind: "text", value: (r) => r.name },
  type: { column: compounds.type, kind: "enum", value: (r) => r.type },
  households: { column: compounds.households, kind: "integer", value: (r) => r.households },
};
const buildingSorts: SortColumns<Building, (typeof buildingSortKeys)[number]> = {
  code: { column: buildings.code, kind: "text", value: (r) => r.code },
  name: { column: buildings.name, kind: "text", value: (r) => r.name },
};
const unitSorts: SortColumns<Unit, (typeof unitSortKeys)[number]> = {
  number: { column: units.number, kind: "text", value: (r) => r.number },
  registeredArea: {
    column: units.registeredAreaCentiM2,
    kind: "integer",
    nullable: true,
    value: (r) => r.registeredAreaCentiM2,
  },
  surveyedArea: {
    column: units.surveyedAreaCentiM2,
    kind: "integer",
    nullable: true,
    value: (r) => r.surveyedAreaCentiM2,
  },
  contractArea: {
    column: units.contractAreaCentiM2,
    kind: "integer",
    nullable: true,
    value: (r) => r.contractAreaCentiM2,
  },
};
const byId = <Row extends { id: string }>(column: TiebreakColumn<Row>["column"]): TiebreakColumn<Row> => ({
  column,
  kind: "uuid",
  value: (r) => r.id,
});

/** Registry repository: district → subdistrict → community → grid / compound → building → unit. */
export function registryRepository(db: Executor) {
  return {
    createDistrict: (row: NewDistrict) =>
      withConstraintErrors(async () => (await db.insert(districts).values(row).returning())[0]!),
    createSubdistrict: (row: NewSubdistrict) =>
      withConstraintErrors(async () => (await db.insert(subdistricts).values(row).returning())[0]!),
    createCommunity: (row: NewCommunity) =>
      withConstraintErrors(async () => (await db.insert(communities).values(row).returning())[0]!),
    createGrid: (row: NewGrid) =>
      withConstraintErrors(async () => (await db.insert(grids).values(row).returning())[0]!),
    createCompound: (row: NewCompound) =>
      withConstraintErrors(async () => (await db.insert(compounds).values(row).returning())[0]!),
    createBuilding: (row: NewBuilding) =>
      withConstraintErrors(async () => (await db.insert(buildings).values(row).returning())[0]!),
    createUnit: (row: NewUnit) =>
      withConstraintErrors(async () => (await db.insert(units).values(row).returning())[0]!),
    /** Insert many units at once; all or nothing (one statement). */
    createUnits: (rows: NewUnit[]) =>
      withConstraintErrors(async () => (rows.length ? await db.insert(units).values(rows).returning() : [])),

    /** Every district, by code (few: the system jobs walk them). */
    listDistricts: () => db.select().from(districts).orderBy(asc(districts.code)),
    getDistrict: async (id: string) =>
      (await db.select().from(districts).where(eq(districts.id, id)))[0] ?? null,
    getSubdistrict: async (id: string) =>
      (await db.select().from(subdistricts).where(eq(subdistricts.id, id)))[0] ?? null,
    getCommunity: async (id: string) =>
      (await db.select().from(communities).where(eq(communities.id, id)))[0] ?? null,
    getGrid: async (id: string) => (await db.select().from(grids).where(eq(grids.id, id)))[0] ?? null,
    getBuilding: async (id: string) =>
      (await db.select().from(buildings).where(eq(buildings.id, id)))[0] ?? null,

    updateSubdistrict: (id: string, patch: Partial<Pick<NewSubdistrict, "code" | "name" | "kind">>) =>
      withConstraintErrors(
        async () =>
          (await db.update(subdistricts).set(patch).where(eq(subdistricts.id, id)).returning())[0] ?? null,
      ),
    updateCommunity: (
      id: string,
      patch: Partial<Pick<NewCommunity, "code" | "name" | "kind" | "supportThreshold">>,
    ) =>
      withConstraintErrors(
        async () =>
          (await db.update(communities).set(patch).where(eq(communities.id, id)).returning())[0] ?? null,
      ),
    updateGrid: (id: string, patch: Partial<Pick<NewGrid, "code" | "name" | "responsiblePerson">>) =>
      withConstraintErrors(
        async () => (await db.update(grids).set(patch).where(eq(grids.id, id)).returning())[0] ?? null,
      ),
    updateCompound: (
      id: string,
      patch: Partial<Pick<NewCompound, "code" | "name" | "type" | "address" | "households" | "inScope">>,
    ) =>
      withConstraintErrors(
        async () =>
          (await db.update(compounds).set(patch).where(eq(compounds.id, id)).returning())[0] ?? null,
      ),
    updateBuilding: (id: string, patch: Partial<Pick<NewBuilding, "code" | "name">>) =>
      withConstraintErrors(
        async () =>
          (await db.update(buildings).set(patch).where(eq(buildings.id, id)).returning())[0] ?? null,
      ),
    updateUnit: (
      id: string,
      patch: Partial<
        Pick<NewUnit, "number" | "registeredAreaCentiM2" | "surveyedAreaCentiM2" | "contractAreaCentiM2">
      >,
    ) =>
      withConstraintErrors(
        async () => (await db.update(units).set(patch).where(eq(units.id, id)).returning())[0] ?? null,
      ),

    /** Subdistricts of a district, paginated by code. */
    async pageSubdistricts(input: {
      districtId: string;
      search?: string;
      cursor?: string | null;
      limit?: number;
    }) {
      const limit = pageSize(input.limit);
      const where: SQL[] = [eq(subdistricts.districtId, input.districtId)];
      if (input.search) where.push(ilike(subdistricts.name, `%${escapeLike(input.search)}%`));
      if (input.cursor) where.push(gt(subdistricts.code, input.cursor));
      const rows = await db
        .select()
        .from(subdistricts)
        .where(and(...where))
        .orderBy(asc(subdistricts.code))
        .limit(limit + 1);
      return toPage(rows, limit, (r) => r.code);
    },

    /** Grids of a community, paginated by code. */
    async pageGrids(input: { communityId: string; search?: string; cursor?: string | null; limit?: number }) {
      const limit = pageSize(input.limit);
      const where: SQL[] = [eq(grids.communityId, input.communityId)];
      if (input.search) where.push(ilike(grids.name, `%${escapeLike(input.search)}%`));
      if (input.cursor) where.push(gt(grids.code, input.cursor));
      const rows = await db
        .select()
        .from(grids)
        .where(and(...where))
        .orderBy(asc(grids.code))
        .limit(limit + 1);
      return toPage(rows, limit, (r) => r.code);
    },

    /**
     * Compounds under a district, subdistrict or community, with filters, paginated by code (or keyset
     * under `sort`); each with its community's code (so a list export matches the compound import template).
     */
    async pageCompoundsWithin(input: {
      level: "district" | "subdistrict" | "community";
      id: string;
      search?: string;
      type?: NewCompound["type"];
      inScope?: boolean;
      cursor?: string | null;
      limit?: number;
      /** Without a sort: by code, the cursor a code; with one: keyset under the sort (opaque cursor). */
      sort?: Sort<(typeof compoundSortKeys)[number]>;
    }) {
      const limit = pageSize(input.limit);
      const ks = input.sort
        ? keysetSort({
            columns: compoundSorts,
            sort: input.sort,
            tiebreak: byId(compounds.id),
            cursor: input.cursor,
          })
        : null;
      const where: SQL[] = [compoundWithin(input.level, input.id)];
      if (input.search)
        where.push(
          or(
            ilike(compounds.name, `%${escapeLike(input.search)}%`),
            ilike(compounds.code, `%${escapeLike(input.search)}%`),
          )!,
        );
      if (input.type) where.push(eq(compounds.type, input.type));
      if (input.inScope !== undefined) where.push(eq(compounds.inScope, input.inScope));
      if (ks?.where) where.push(ks.where);
      else if (!ks && input.cursor) where.push(gt(compounds.code, input.cursor));
      const rows = (
        await db
          .select({ compound: compounds, communityCode: communities.code })
          .from(compounds)
          .innerJoin(communities, eq(communities.id, compounds.communityId))
          .innerJoin(subdistricts, eq(subdistricts.id, communities.subdistrictId))
          .where(and(...where))
          .orderBy(...(ks?.orderBy ?? [asc(compounds.code)]))
          .limit(limit + 1)
      ).map((r) => ({ ...r.compound, communityCode: r.communityCode }));
      return ks ? ks.toPage(rows, limit) : toPage(rows, limit, (r) => r.code);
    },

    /** Buildings of a compound, paginated by code (or keyset under `sort`). */
    async pageBuildings(input: {
      compoundId: string;
      search?: string;
      cursor?: string | null;
      limit?: number;
      sort?: Sort<(typeof buildingSortKeys)[number]>;
    }) {
      const limit = pageSize(input.limit);
      const ks = input.sort
        ? keysetSort({
            columns: buildingSorts,
            sort: input.sort,
            tiebreak: byId(buildings.id),
            cursor: input.cursor,
          })
        : null;
      const where: SQL[] = [eq(buildings.compoundId, input.compoundId)];
      if (input.search) where.push(ilike(buildings.name, `%${escapeLike(input.search)}%`));
      if (ks?.where) where.push(ks.where);
      else if (!ks && input.cursor) where.push(gt(buildings.code, input.cursor));
      const rows = await db
        .select()
        .from(buildings)
        .where(and(...where))
        .orderBy(...(ks?.orderBy ?? [asc(buildings.code)]))
        .limit(limit + 1);
      return ks ? ks.toPage(rows, limit) : toPage(rows, limit, (r) => r.code);
    },

    /** Units of a building, paginated by number (or keyset under `sort`; empty areas last). */
    async pageUnits(input: {
      buildingId: string;
      search?: string;
      cursor?: string | null;
      limit?: number;
      sort?: Sort<(typeof unitSortKeys)[number]>;
    }) {
      const limit = pageSize(input.limit);
      const ks = input.sort
        ? keysetSort({ columns: unitSorts, sort: input.sort, tiebreak: byId(units.id), cursor: input.cursor })
        : null;
      const where: SQL[] = [eq(units.buildingId, input.buildingId)];
      if (input.search) where.push(ilike(units.number, `%${escapeLike(input.search)}%`));
      if (ks?.where) where.push(ks.where);
      else if (!ks && input.cursor) where.push(gt(units.number, input.cursor));
      const rows = await db
        .select()
        .from(units)
        .where(and(...where))
        .orderBy(...(ks?.orderBy ?? [asc(units.number)]))
        .limit(limit + 1);
      return ks ? ks.toPage(rows, limit) : toPage(rows, limit, (r) => r.number);
    },

    /**
     * The units of a compound (or of one of its buildings) with their building's code and name, in
     * (building code, unit number) order — the import template's layout, for exports. Keyset cursor:
     * the JSON array `[buildingCode, unitNumber]` of the last row.
     */
    async pageUnitsOfCompound(input: {
      compoundId: string;
      buildingId?: string;
      cursor?: string | null;
      limit?: number;
    }) {
      const limit = pageSize(input.limit, 100);
      const where: SQL[] = [eq(buildings.compoundId, input.compoundId)];
      if (input.buildingId) where.push(eq(buildings.id, input.buildingId));
      if (input.cursor) {
        const key = parseKeyCursor(input.cursor);
        if (!key) throw new DbConstraintError("invalid_input", "cursor", "invalid cursor");
        where.push(sql`(${buildings.code}, ${units.number}) > (${key[0]}, ${key[1]})`);
      }
      const rows = await db
        .select({
          id: units.id,
          buildingId: units.buildingId,
          buildingCode: buildings.code,
          buildingName: buildings.name,
          number: units.number,
          registeredAreaCentiM2: units.registeredAreaCentiM2,
          surveyedAreaCentiM2: units.surveyedAreaCentiM2,
          contractAreaCentiM2: units.contractAreaCentiM2,
        })
        .from(units)
        .innerJoin(buildings, eq(buildings.id, units.buildingId))
        .where(and(...where))
        .orderBy(asc(buildings.code), asc(units.number))
        .limit(limit + 1);
      return toPage(rows, limit, (r) => JSON.stringify([r.buildingCode, r.number]));
    },

    /** Communities by code (for imports). */
    communitiesByCodes: (codes: string[]) =>
      codes.length
        ? db.select().from(communities).where(inArray(communities.code, codes))
        : Promise.resolve([]),
    /** Compounds by code (for imports). */
    compoundsByCodes: (codes: string[]) =>
      codes.length ? db.select().from(compounds).where(inArray(compounds.code, codes)) : Promise.resolve([]),
    /** Buildings of some compounds (for imports). */
    buildingsOfCompounds: (compoundIds: string[]) =>
      compoundIds.length
        ? db.select().from(buildings).where(inArray(buildings.compoundId, compoundIds))
        : Promise.resolve([]),
    /** Unit numbers of some buildings (for imports). */
    unitsOfBuildings: (buildingIds: string[]) =>
      buildingIds.length
        ? db
            .select({ id: units.id, buildingId: units.buildingId, number: units.number })
            .from(units)
            .where(inArray(units.buildingId, buildingIds))
        : Promise.resolve([]),
    /** Insert many compounds in one statement. */
    createCompounds: (rows: NewCompound[]) =>
      withConstraintErrors(async () =>
        rows.length ? await db.insert(compounds).values(rows).returning() : [],
      ),
    /** Insert many buildings in one statement. */
    createBuildings: (rows: NewBuilding[]) =>
      withConstraintErrors(async () =>
        rows.length ? await db.insert(buildings).values(rows).returning() : [],
      ),
    getDistrictByCode: async (code: string) =>
      (await db.select().from(districts).where(eq(districts.code, code)))[0] ?? null,
    getCommunityWithSubdistrict: async (id: string) => {
      const [row] = await db
        .select({
          id: communities.id,
          code: communities.code,
          name: communities.name,
          kind: communities.kind,
          supportThreshold: communities.supportThreshold,
          subdistrictId: subdistricts.id,
          subdistrictName: subdistricts.name,
        })
        .from(communities)
        .innerJoin(subdistricts, eq(subdistricts.id, communities.subdistrictId))
        .where(eq(communities.id, id));
      if (!row) return null;
      const { subdistrictId, subdistrictName, ...rest } = row;
      return { ...rest, subdistrict: { id: subdistrictId, name: subdistrictName } };
    },
    getCompound: async (id: string) =>
      (await db.select().from(compounds).where(eq(compounds.id, id)))[0] ?? null,
    getUnit: async (id: string) => (await db.select().from(units).where(eq(units.id, id)))[0] ?? null,

    listSubdistricts: (districtId: string) =>
      db
        .select()
        .from(subdistricts)
        .where(eq(subdistricts.districtId, districtId))
        .orderBy(asc(subdistricts.code)),

    /** Communities of a subdistrict, paginated by code (or keyset under `sort`). */
    async listCommunities(input: {
      subdistrictId?: string;
      search?: string;
      cursor?: string | null;
      limit?: number;
      sort?: Sort<(typeof communitySortKeys)[number]>;
    }) {
      const limit = pageSize(input.limit);
      const ks = input.sort
        ? keysetSort({
            columns: communitySorts,
            sort: input.sort,
            tiebreak: byId(communities.id),
            cursor: input.cursor,
          })
        : null;
      const where: SQL[] = [];
      if (input.subdistrictId) where.push(eq(communities.subdistrictId, input.subdistrictId));
      if (input.search) where.push(ilike(communities.name, `%${escapeLike(input.search)}%`));
      if (ks?.where) where.push(ks.where);
      else if (!ks && input.cursor) where.push(gt(communities.code, input.cursor));
      const rows = await db
        .select()
        .from(communities)
        .where(and(...where))
        .orderBy(...(ks?.orderBy ?? [asc(communities.code)]))
        .limit(limit + 1);
      return ks ? ks.toPage(rows, limit) : toPage(rows, limit, (r) => r.code);
    },

    /** Compounds of a community (or all), paginated by code. */
    async listCompounds(input: {
      communityId?: string;
      search?: string;
      cursor?: string | null;
      limit?: number;
    }) {
      const limit = pageSize(input.limit);
      const where: SQL[] = [];
      if (input.communityId) where.push(eq(compounds.communityId, input.communityId));
      if (input.search) where.push(ilike(compounds.name, `%${escapeLike(input.search)}%`));
      if (input.cursor) where.push(gt(compounds.code, input.cursor));
      const rows = await db
        .select()
        .from(compounds)
        .where(and(...where))
        .orderBy(asc(compounds.code))
        .limit(limit + 1);
      return toPage(rows, limit, (r) => r.code);
    },

    /** Counts for the district summary on the home page and the console. */
    async districtSummary(districtCode?: string) {
      const [district] = districtCode
        ? await db.select().from(districts).where(eq(districts.code, districtCode))
        : await db.select().from(districts).orderBy(asc(districts.code)).limit(1);
      const countOf = async (
        table:
          | typeof subdistricts
          | typeof communities
          | typeof grids
          | typeof compounds
          | typeof buildings
          | typeof units,
      ) => (await db.select({ n: count() }).from(table))[0]?.n ?? 0;
      return {
        district: district
          ? { id: district.id, code: district.code, name: district.name, nameEn: district.nameEn }
          : null,
        subdistricts: await countOf(subdistricts),
        communities: await countOf(communities),
        grids: await countOf(grids),
        compounds: await countOf(compounds),
        buildings: await countOf(buildings),
        units: await countOf(units),
      };
    },
  };
}

/**
 * A condition on `compounds` joined with `communities` and `subdistricts`: the compound lies within
 * the district, subdistrict or community `id`.
 */
export function compoundWithin(
  level: "district" | "subdistrict" | "community" | "compound",
  id: string,
): SQL {
  switch (level) {
    case "district":
      return eq(subdistricts.districtId, id);
    case "subdistrict":
      return eq(communities.subdistrictId, id);
    case "community":
      return eq(compounds.communityId, id);
    case "compound":
      return eq(compounds.id, id);
  }
}

/** A `[string, string]` keyset cursor written as JSON; null when malformed. */
function parseKeyCursor(cursor: string): [string, string] | null {
  try {
    const v: unknown = JSON.parse(cursor);
    return Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "string")
      ? [v[0] as string, v[1] as string]
      : null;
  } catch {
    return null;
  }
}

/** Escape LIKE wildcards in user search text. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The levels of the administrative hierarchy, from the top. */
export type ScopeLevel = "district" | "subdistrict" | "community" | "compound" | "building" | "unit";

export interface Ancestry {
  districtId: string;
  /**
   * The 接诉即办 handling units the entity belongs to: for a handling unit, itself; for a work order,
   * the unit it is assigned to, its lead unit (首接负责) and its co-handlers (协办). Absent elsewhere.
   */
  handlingUnitIds?: readonly string[];
  subdistrictId: string | null;
  communityId: string | null;
  compoundId: string | null;
  buildingId: string | null;
  unitId: string | null;
}

/** Where an entity of the hierarchy sits: the ids of it and everything above it (null when unknown). */
export async function ancestryOf(
  db: Executor,
  level: ScopeLevel | HotlineScopeLevel,
  id: string,
): Promise<Ancestry | null> {
  if (level === "handling_unit" || level === "work_order" || level === "whistle")
    return hotlineAncestryOf(db, level, id);
  const q = {
    unit: sql`select d.id d, s.id s, cm.id cm, c.id c, b.id b, u.id u from units u join buildings b on b.id = u.building_id join compounds c on c.id = b.compound_id join communities cm on cm.id = c.community_id join subdistricts s on s.id = cm.subdistrict_id join districts d on d.id = s.district_id where u.id = ${id}`,
    building: sql`select d.id d, s.id s, cm.id cm, c.id c, b.id b, null u from buildings b join compounds c on c.id = b.compound_id join communities cm on cm.id = c.community_id join subdistricts s on s.id = cm.subdistrict_id join districts d on d.id = s.district_id where b.id = ${id}`,
    compound: sql`select d.id d, s.id s, cm.id cm, c.id c, null b, null u from compounds c join communities cm on cm.id = c.community_id join subdistricts s on s.id = cm.subdistrict_id join districts d on d.id = s.district_id where c.id = ${id}`,
    community: sql`select d.id d, s.id s, cm.id cm, null c, null b, null u from communities cm join subdistricts s on s.id = cm.subdistrict_id join districts d on d.id = s.district_id where cm.id = ${id}`,
    subdistrict: sql`select d.id d, s.id s, null cm, null c, null b, null u from subdistricts s join districts d on d.id = s.district_id where s.id = ${id}`,
    district: sql`select d.id d, null s, null cm, null c, null b, null u from districts d where d.id = ${id}`,
  }[level];
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const result = (await db.execute(q)) as unknown as
    | { rows: Record<string, string | null>[] }
    | Record<string, string | null>[];
  const row = (Array.isArray(result) ? result : result.rows)[0];
  if (!row) return null;
  return {
    districtId: row.d!,
    subdistrictId: row.s ?? null,
    communityId: row.cm ?? null,
    compoundId: row.c ?? null,
    buildingId: row.b ?? null,
    unitId: row.u ?? null,
  };
}

/**
 * Scope levels of 接诉即办 and 吹哨报到: a handling unit, one work order (its place and its units), or
 * one whistle (its street/community, and the units it summons — a unit covers only whistles that
 * summon it; a cancelled summons no longer does).
 */
export type HotlineScopeLevel = "handling_unit" | "work_order" | "whistle";

async function hotlineAncestryOf(
  db: Executor,
  level: HotlineScopeLevel,
  id: string,
): Promise<Ancestry | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const q =
    level === "handling_unit"
      ? sql`select h.district_id d, h.subdistrict_id s, null cm, null c, null b, array[h.id::text] hu
              from handling_units h where h.id = ${id}`
      : level === "whistle"
        ? sql`select w.district_id d, w.subdistrict_id s, w.community_id cm, null c, null b,
                     coalesce((select array_agg(ws.unit_id::text) from whistle_summons ws
                                where ws.whistle_id = w.id and ws.status <> 'cancelled'), '{}') hu
                from whistles w where w.id = ${id}`
        : sql`select o.district_id d, o.subdistrict_id s, o.community_id cm, o.compound_id c, o.building_id b,
                   array_remove(array[o.assigned_unit_id::text, o.lead_unit_id::text], null)
                     || coalesce((select array_agg(ch.unit_id::text) from work_order_co_handlers ch
                                   where ch.work_order_id = o.id), '{}') hu
              from work_orders o where o.id = ${id}`;
  const result = (await db.execute(q)) as unknown as
    | { rows: Record<string, unknown>[] }
    | Record<string, unknown>[];
  const row = (Array.isArray(result) ? result : result.rows)[0];
  if (!row) return null;
  const hu = row.hu;
  const units = Array.isArray(hu)
    ? (hu as string[])
    : typeof hu === "string"
      ? hu
          .replace(/^\{|\}$/g, "")
          .split(",")
          .filter((x) => x !== "")
      : [];
  return {
    districtId: row.d as string,
    subdistrictId: (row.s as string | null) ?? null,
    communityId: (row.cm as string | null) ?? null,
    compoundId: (row.c as string | null) ?? null,
    buildingId: (row.b as string | null) ?? null,
    unitId: null,
    handlingUnitIds: [...new Set(units)],
  };
}

/** The ids of the communities under a scope (district, subdistrict or community), as a subquery. */
export function communitiesUnder(db: Executor, scope: { level: ScopeLevel; id: string }) {
  if (scope.level === "community") return sql`(select ${scope.id}::uuid)`;
  if (scope.level === "subdistrict")
    return db.select({ id: communities.id }).from(communities).where(eq(communities.subdistrictId, scope.id));
  return db
    .select({ id: communities.id })
    .from(communities)
    .innerJoin(subdistricts, eq(subdistricts.id, communities.subdistrictId))
    .where(eq(subdistricts.districtId, scope.id));
}
