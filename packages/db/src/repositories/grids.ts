/**
 * 网格 (DOMAIN.md §11): boundaries (责任落图, ADR 0021) and the people of each grid (每格有人、每人有格).
 * Geometry is validated by core before it reaches here; this module stores it with its bounding box,
 * reads a district's boundaries for core's `gridIndex`, and keeps the grid members.
 */
import { boundsOf, type GridGeometry, type GridMemberRole } from "@gongzhi/core";
import { and, asc, count, eq, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { withConstraintErrors } from "../errors.ts";
import {
  buildings,
  communities,
  compounds,
  districts,
  gridMembers,
  grids,
  roleAssignments,
  subdistricts,
  users,
} from "../schema/index.ts";

export type GridMemberRow = typeof gridMembers.$inferSelect;
export type BoundaryLevel = "district" | "subdistrict" | "community" | "grid";
/** Where a grid list or an alert looks: a district or one 街道/乡镇. */
export type GridScope = { level: "district" | "subdistrict"; id: string };

const boundaryTables = {
  district: districts,
  subdistrict: subdistricts,
  community: communities,
  grid: grids,
};

/** The stored columns of a boundary: the geometry and its bounding box. */
export function boundaryColumnsOf(boundary: GridGeometry) {
  const [minLon, minLat, maxLon, maxLat] = boundsOf(boundary);
  return { boundary, minLon, minLat, maxLon, maxLat };
}

function scopeWhere(scope: GridScope): SQL {
  return scope.level === "subdistrict"
    ? eq(communities.subdistrictId, scope.id)
    : eq(subdistricts.districtId, scope.id);
}

export function gridsRepository(db: Executor) {
  const gridsIn = (scope: GridScope) =>
    db
      .select({
        id: grids.id,
        code: grids.code,
        name: grids.name,
        communityId: grids.communityId,
        communityName: communities.name,
        boundary: grids.boundary,
        communityBoundary: communities.boundary,
      })
      .from(grids)
      .innerJoin(communities, eq(communities.id, grids.communityId))
      .innerJoin(subdistricts, eq(subdistricts.id, communities.subdistrictId))
      .where(scopeWhere(scope))
      .orderBy(asc(grids.code));

  return {
    /** The grids of a district or subdistrict, with their community's boundary (for an import). */
    gridsIn,

    /**
     * Set the boundaries of many rows of one level at once, inside the caller's transaction (an import
     * is all or nothing: call it in `audited`). One statement per 500 rows. Returns the rows changed.
     */
    setBoundaries: async (level: BoundaryLevel, rows: readonly { id: string; boundary: GridGeometry }[]) => {
      const table = boundaryTables[level];
      let changed = 0;
      for (let i = 0; i < rows.length; i += 500) {
        const json = JSON.stringify(
          rows.slice(i, i + 500).map((r) => {
            const c = boundaryColumnsOf(r.boundary);
            return {
              id: r.id,
              boundary: c.boundary,
              min_lon: c.minLon,
              min_lat: c.minLat,
              max_lon: c.maxLon,
              max_lat: c.maxLat,
            };
          }),
        );
        const updated = await withConstraintErrors(() =>
          db
            .update(table)
            .set({
              boundary: sql`r.boundary`,
              minLon: sql`r.min_lon`,
              minLat: sql`r.min_lat`,
              maxLon: sql`r.max_lon`,
              maxLat: sql`r.max_lat`,
              updatedAt: sql`now()`,
            })
            .from(
              sql`json_to_recordset(${json}::json) as r(id uuid, boundary jsonb, min_lon double precision, min_lat double precision, max_lon double precision, max_lat double precision)`,
            )
            .where(sql`${table.id} = r.id`)
            .returning({ id: table.id }),
        );
        changed += updated.length;
      }
      return changed;
    },

    /** A district's grids that have a boundary, for core's `gridIndex` (id order is the tie rule's). */
    shapesOf: (districtId: string) =>
      db
        .select({ id: grids.id, communityId: grids.communityId, boundary: grids.boundary })
        .from(grids)
        .innerJoin(communities, eq(communities.id, grids.communityId))
        .innerJoin(subdistricts, eq(subdistricts.id, communities.subdistrictId))
        .where(and(eq(subdistricts.districtId, districtId), isNotNull(grids.boundary)))
        .orderBy(asc(grids.id))
        .then((rows) => rows.map((r) => ({ id: r.id, communityId: r.communityId, geometry: r.boundary! }))),

    /**
     * The version of a district's grid index: the number of its grids and their latest `updated_at`
     * (microseconds, as text). Any boundary change (setBoundaries sets `updated_at`), a new grid or a
     * removed one changes it; the API rebuilds its cached index when it does.
     */
    indexVersion: async (districtId: string) => {
      const [row] = await db
        .select({ n: count(), at: sql<string | null>`max(${grids.updatedAt})::text` })
        .from(grids)
        .innerJoin(communities, eq(communities.id, grids.communityId))
        .innerJoin(subdistricts, eq(subdistricts.id, communities.subdistrictId))
        .where(eq(subdistricts.districtId, districtId));
      return `${row?.n ?? 0}@${row?.at ?? ""}`;
    },

    /** Boundaries of one level in a district, for the map (rows without one are left out). */
    boundariesOf: async (level: "district" | "subdistrict" | "community" | "grid", districtId: string) => {
      if (level === "district")
        return db
          .select({
            id: districts.id,
            code: districts.code,
            name: districts.name,
            boundary: districts.boundary,
          })
          .from(districts)
          .where(and(eq(districts.id, districtId), isNotNull(districts.boundary)));
      if (level === "subdistrict")
        return db
          .select({
            id: subdistricts.id,
            code: subdistricts.code,
            name: subdistricts.name,
            boundary: subdistricts.boundary,
          })
          .from(subdistricts)
          .where(and(eq(subdistricts.districtId, districtId), isNotNull(subdistricts.boundary)))
          .orderBy(asc(subdistricts.code));
      const t = level === "community" ? communities : grids;
      const q = db.select({ id: t.id, code: t.code, name: t.name, boundary: t.boundary }).from(t).$dynamic();
      const joined =
        level === "grid"
          ? q
              .innerJoin(communities, eq(communities.id, grids.communityId))
              .innerJoin(subdistricts, eq(subdistricts.id, communities.subdistrictId))
          : q.innerJoin(subdistricts, eq(subdistricts.id, communities.subdistrictId));
      return joined
        .where(and(eq(subdistricts.districtId, districtId), isNotNull(t.boundary)))
        .orderBy(asc(t.code));
    },

    get: async (id: string) => (await db.select().from(grids).where(eq(grids.id, id)))[0] ?? null,

    /** Whether a user exists (a grid member must be one). */
    userExists: async (id: string) =>
      (await db.select({ id: users.id }).from(users).where(eq(users.id, id))).length > 0,

    /** The community of a grid, with its boundary and name. */
    communityOf: async (communityId: string) =>
      (
        await db
          .select({ id: communities.id, name: communities.name, code: communities.code })
          .from(communities)
          .where(eq(communities.id, communityId))
      )[0] ?? null,

    /** A community's compounds that have coordinates (the API keeps those its index puts in the grid). */
    placedCompoundsOf: (communityId: string) =>
      db
        .select({
          id: compounds.id,
          code: compounds.code,
          name: compounds.name,
          lat: compounds.lat,
          lng: compounds.lng,
        })
        .from(compounds)
        .where(and(eq(compounds.communityId, communityId), isNotNull(compounds.lat)))
        .orderBy(asc(compounds.code)),

    /** The point of a compound (or of one of its buildings, when it has one), for filing to a grid. */
    pointOf: async (compoundId: string, buildingId: string | null) => {
      if (buildingId) {
        const [b] = await db
          .select({ lat: buildings.lat, lng: buildings.lng })
          .from(buildings)
          .where(eq(buildings.id, buildingId));
        if (b?.lat != null && b.lng != null) return { lat: b.lat, lng: b.lng };
      }
      const [c] = await db
        .select({ lat: compounds.lat, lng: compounds.lng })
        .from(compounds)
        .where(eq(compounds.id, compoundId));
      return c?.lat != null && c.lng != null ? { lat: c.lat, lng: c.lng } : null;
    },

    // ---- members -------------------------------------------------------------------------------

    /** Members of a grid, current first, with the user's display name. */
    members: (gridId: string, opts: { currentOnly?: boolean } = {}) =>
      db
        .select({
          id: gridMembers.id,
          gridId: gridMembers.gridId,
          userId: gridMembers.userId,
          displayName: users.displayName,
          role: gridMembers.role,
          startedOn: gridMembers.startedOn,
          endedOn: gridMembers.endedOn,
        })
        .from(gridMembers)
        .innerJoin(users, eq(users.id, gridMembers.userId))
        .where(
          and(eq(gridMembers.gridId, gridId), opts.currentOnly ? isNull(gridMembers.endedOn) : undefined),
        )
        .orderBy(
          sql`${gridMembers.endedOn} is not null`,
          asc(gridMembers.role),
          asc(gridMembers.startedOn),
          asc(gridMembers.id),
        ),

    getMember: async (id: string) =>
      (await db.select().from(gridMembers).where(eq(gridMembers.id, id)))[0] ?? null,

    /** Add a person to a grid (a second current leader, or the same person twice, is refused by the indexes). */
    addMember: (row: { gridId: string; userId: string; role: GridMemberRole; startedOn: string }) =>
      withConstraintErrors(async () => (await db.insert(gridMembers).values(row).returning())[0]!),

    /** End a current membership on `endedOn`; null when it is not current (already ended). */
    endMember: (id: string, endedOn: string) =>
      withConstraintErrors(
        async () =>
          (
            await db
              .update(gridMembers)
              .set({ endedOn, updatedAt: sql`now()` })
              .where(and(eq(gridMembers.id, id), isNull(gridMembers.endedOn)))
              .returning()
          )[0] ?? null,
      ),

    /** A person's current grids (每人有格). */
    gridsOfUser: (userId: string) =>
      db
        .select({
          memberId: gridMembers.id,
          gridId: grids.id,
          code: grids.code,
          name: grids.name,
          role: gridMembers.role,
        })
        .from(gridMembers)
        .innerJoin(grids, eq(grids.id, gridMembers.gridId))
        .where(and(eq(gridMembers.userId, userId), isNull(gridMembers.endedOn)))
        .orderBy(asc(grids.code)),

    // ---- alerts (每格有人、每人有格) -------------------------------------------------------------

    /**
     * - `withoutMember`: grids of the scope with no current member at all;
     * - `withoutLeader`: grids with current members but no current leader (网格长);
     * - `staffWithoutGrid`: community staff (社区工作者, the people grids are staffed from) of the scope's
     *   communities with no current grid anywhere.
     */
    alerts: async (scope: GridScope) => {
      const current = db
        .select({
          gridId: gridMembers.gridId,
          n: count().as("n"),
          leaders: sql<number>`count(*) filter (where ${gridMembers.role} = 'grid_leader')`.as("leaders"),
        })
        .from(gridMembers)
        .where(isNull(gridMembers.endedOn))
        .groupBy(gridMembers.gridId)
        .as("cur");
      const gridRows = await db
        .select({
          id: grids.id,
          code: grids.code,
          name: grids.name,
          communityId: grids.communityId,
          communityName: communities.name,
          members: sql<number>`coalesce(${current.n}, 0)::int`,
          leaders: sql<number>`coalesce(${current.leaders}, 0)::int`,
        })
        .from(grids)
        .innerJoin(communities, eq(communities.id, grids.communityId))
        .innerJoin(subdistricts, eq(subdistricts.id, communities.subdistrictId))
        .leftJoin(current, eq(current.gridId, grids.id))
        .where(and(scopeWhere(scope), sql`coalesce(${current.leaders}, 0) = 0`))
        .orderBy(asc(grids.code));
      const strip = ({ members: _m, leaders: _l, ...g }: (typeof gridRows)[number]) => g;
      const staffRows = await db
        .selectDistinct({
          userId: users.id,
          displayName: users.displayName,
          communityId: communities.id,
          communityName: communities.name,
        })
        .from(roleAssignments)
        .innerJoin(users, eq(users.id, roleAssignments.userId))
        .innerJoin(communities, eq(communities.id, roleAssignments.scopeId))
        .innerJoin(subdistricts, eq(subdistricts.id, communities.subdistrictId))
        .where(
          and(
            eq(roleAssignments.role, "community_staff"),
            eq(roleAssignments.scopeKind, "community"),
            scopeWhere(scope),
            sql`not exists (select 1 from ${gridMembers} m where m.user_id = ${users.id} and m.ended_on is null)`,
          ),
        )
        .orderBy(asc(communities.name), asc(users.displayName), asc(users.id));
      return {
        withoutMember: gridRows.filter((g) => g.members === 0).map(strip),
        withoutLeader: gridRows.filter((g) => g.members > 0).map(strip),
        staffWithoutGrid: staffRows,
      };
    },
  };
}
