/**
 * Validation of a grid's boundary (网格边界) before it is stored: a list of problems, never a throw.
 * The geometry is WGS84 lon/lat (RFC 7946), a Polygon or a MultiPolygon.
 */
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import { booleanWithin } from "@turf/boolean-within";
import { kinks } from "@turf/kinks";
import type { Position } from "geojson";
import { distanceToRings, nearestSegment, properCrossing } from "./planar.ts";
import { type GridGeometry, polygonsOf } from "./schema.ts";

export type GeometryProblemCode =
  /** Not a Polygon or MultiPolygon, or no rings. */
  | "unsupported_geometry"
  /** A ring has fewer than 4 positions (a closed triangle is the least). */
  | "ring_too_short"
  /** A ring's last position is not its first. */
  | "ring_not_closed"
  /** A coordinate is NaN, ±Infinity or not a number. */
  | "position_not_finite"
  /** Longitude outside −180..180 or latitude outside −90..90 (often: lat/lon swapped). */
  | "position_out_of_range"
  /** A ring encloses no area (all its positions on one line). */
  | "ring_zero_area"
  /** A ring crosses or touches itself (kinks). */
  | "self_intersection"
  /** A hole is not inside its polygon's outer ring. */
  | "hole_outside_outer"
  /** Two holes of a polygon cross or one lies in another. */
  | "holes_intersect"
  /** The polygon leaves its community's boundary (beyond the tolerance). */
  | "outside_community";

/** One problem with a boundary. Indexes are 0-based: polygon (of a MultiPolygon), ring (0 = outer), position. */
export interface GeometryProblem {
  code: GeometryProblemCode;
  message: string;
  polygon?: number;
  ring?: number;
  /** The position in the ring; for an edge, its first position. */
  position?: number;
  /** Where, as `[lon, lat]`, when a point can be named (e.g. a self-intersection). */
  at?: [number, number];
}

export interface ValidateGridBoundaryOptions {
  /** The community's boundary the grid must lie within (一个网格属于一个社区). */
  within?: GridGeometry;
  /**
   * How far (degrees) a grid may stray outside `within` and still count as inside: shared edges
   * drawn twice, or rounded by an export, differ by a few decimals. Default 1e-6° (≈ 0.1 m in Beijing).
   */
  tolerance?: number;
}

/** At most this many `outside_community` problems are listed per polygon. */
const maxOutsideProblems = 10;

function where(polygon: number, multi: boolean, ring: number, position?: number): string {
  const p = multi ? `polygon ${polygon}, ` : "";
  const r = ring === 0 ? "outer ring" : `hole ${ring}`;
  return position === undefined ? `${p}${r}` : `${p}${r}, position ${position}`;
}

function locus(polygon: number, multi: boolean, ring: number, position?: number) {
  return {
    ...(multi ? { polygon } : {}),
    ring,
    ...(position === undefined ? {} : { position }),
  };
}

function pair(p: Position): [number, number] {
  return [p[0]!, p[1]!];
}

/** The ring without consecutive duplicates, and for each kept position its index in the original. */
function dedupe(ring: Position[]): { ring: Position[]; index: number[] } {
  const out: Position[] = [];
  const index: number[] = [];
  ring.forEach((p, i) => {
    const last = out[out.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) return;
    out.push(p);
    index.push(i);
  });
  return { ring: out, index };
}

/** All positions on one line (or one point). */
function collinear(ring: Position[]): boolean {
  const a = ring[0]!;
  const b = ring.find((p) => p[0] !== a[0] || p[1] !== a[1]);
  if (!b) return true;
  return ring.every((c) => (b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!) === 0);
}

/** Whether a ring passed the structural checks, so the topological ones make sense. */
function checkRing(
  ring: unknown,
  polygon: number,
  multi: boolean,
  r: number,
  problems: GeometryProblem[],
): ring is Position[] {
  const at = (position?: number) => locus(polygon, multi, r, position);
  if (!Array.isArray(ring) || ring.length < 4) {
    problems.push({
      code: "ring_too_short",
      message: `${where(polygon, multi, r)} has ${Array.isArray(ring) ? ring.length : 0} positions; a ring needs at least 4 (first = last)`,
      ...at(),
    });
    return false;
  }
  let ok = true;
  ring.forEach((p: unknown, i) => {
    const lon = Array.isArray(p) ? p[0] : undefined;
    const lat = Array.isArray(p) ? p[1] : undefined;
    if (!Array.isArray(p) || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      ok = false;
      problems.push({
        code: "position_not_finite",
        message: `${where(polygon, multi, r, i)} is not a pair of finite numbers`,
        ...at(i),
      });
    } else if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
      ok = false;
      problems.push({
        code: "position_out_of_range",
        message: `${where(polygon, multi, r, i)} (${lon}, ${lat}) is outside lon −180..180 / lat −90..90 — are longitude and latitude swapped?`,
        ...at(i),
      });
    }
  });
  if (!ok) return false;
  const first = ring[0] as Position;
  const last = ring[ring.length - 1] as Position;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    problems.push({
      code: "ring_not_closed",
      message: `${where(polygon, multi, r)} is not closed: its last position (${last[0]}, ${last[1]}) is not its first (${first[0]}, ${first[1]})`,
      ...at(ring.length - 1),
    });
    return false;
  }
  if (collinear(ring as Position[])) {
    problems.push({
      code: "ring_zero_area",
      message: `${where(polygon, multi, r)} encloses no area`,
      ...at(),
    });
    return false;
  }
  const clean = dedupe(ring as Position[]);
  const seen = new Set<string>();
  for (const k of kinks({ type: "Polygon", coordinates: [clean.ring] }).features) {
    const point = k.geometry.coordinates;
    const key = `${point[0]},${point[1]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const position = clean.index[nearestSegment(point, clean.ring)]!;
    problems.push({
      code: "self_intersection",
      message: `${where(polygon, multi, r)} crosses itself at (${point[0]}, ${point[1]}), on the edge from position ${position}`,
      ...at(position),
      at: pair(point),
    });
    ok = false;
  }
  return ok;
}

function ringInside(inner: Position[], outer: Position[]): { position: number; at: [number, number] } | null {
  const outerPolygon = { type: "Polygon" as const, coordinates: [outer] };
  for (let i = 0; i + 1 < inner.length; i++) {
    if (!booleanPointInPolygon(inner[i]!, outerPolygon)) return { position: i, at: pair(inner[i]!) };
  }
  for (let i = 0; i + 1 < inner.length; i++) {
    for (let j = 0; j + 1 < outer.length; j++) {
      const x = properCrossing(inner[i]!, inner[i + 1]!, outer[j]!, outer[j + 1]!);
      if (x) return { position: i, at: pair(x) };
    }
  }
  return null;
}

function ringsMeet(a: Position[], b: Position[]): { position: number; at: [number, number] } | null {
  for (let i = 0; i + 1 < a.length; i++) {
    for (let j = 0; j + 1 < b.length; j++) {
      const x = properCrossing(a[i]!, a[i + 1]!, b[j]!, b[j + 1]!);
      if (x) return { position: i, at: pair(x) };
    }
  }
  const bPolygon = { type: "Polygon" as const, coordinates: [b] };
  for (let i = 0; i + 1 < a.length; i++) {
    if (booleanPointInPolygon(a[i]!, bPolygon, { ignoreBoundary: true })) {
      return { position: i, at: pair(a[i]!) };
    }
  }
  return null;
}

/** Inside `community`, or within `tolerance` of its boundary. */
function insideWithTolerance(p: Position, community: GridGeometry, rings: Position[][], tolerance: number) {
  return booleanPointInPolygon(p, community) || distanceToRings(p, rings) <= tolerance;
}

/**
 * The parts of `ring` outside `community` by more than `tolerance`: every vertex, and every
 * stretch of every edge between the points where it meets the community's boundary (the
 * midpoint of each stretch decides, as in turf's boolean-contains, but with the tolerance).
 */
function outsideParts(ring: Position[], community: GridGeometry, tolerance: number) {
  const rings = polygonsOf(community).flat();
  const out: { position: number; at: [number, number] }[] = [];
  const vertexOk = ring.map((p) => insideWithTolerance(p, community, rings, tolerance));
  for (let i = 0; i + 1 < ring.length; i++) {
    if (!vertexOk[i]) {
      out.push({ position: i, at: pair(ring[i]!) });
      continue;
    }
    if (!vertexOk[i + 1]) continue; // reported as the next vertex
    const a = ring[i]!;
    const b = ring[i + 1]!;
    const dx = b[0]! - a[0]!;
    const dy = b[1]! - a[1]!;
    const len2 = dx * dx + dy * dy;
    const ts = [0, 1];
    for (const cr of rings) {
      for (let j = 0; j + 1 < cr.length; j++) {
        const c = cr[j]!;
        const x = properCrossing(a, b, c, cr[j + 1]!);
        if (x) ts.push(len2 > 0 ? ((x[0]! - a[0]!) * dx + (x[1]! - a[1]!) * dy) / len2 : 0);
        if (len2 > 0) {
          const t = ((c[0]! - a[0]!) * dx + (c[1]! - a[1]!) * dy) / len2;
          if (t > 0 && t < 1) ts.push(t);
        }
      }
    }
    ts.sort((u, v) => u - v);
    for (let k = 0; k + 1 < ts.length; k++) {
      const t = (ts[k]! + ts[k + 1]!) / 2;
      if (ts[k + 1]! - ts[k]! <= 0) continue;
      const m: Position = [a[0]! + t * dx, a[1]! + t * dy];
      if (!insideWithTolerance(m, community, rings, tolerance)) {
        out.push({ position: i, at: pair(m) });
        break;
      }
    }
  }
  return out;
}

/**
 * A point of the community's boundary (a vertex of any of its rings) strictly inside the grid:
 * the grid then covers ground outside the community there (e.g. it spans a hole of the community).
 */
function communityVertexInside(rings: Position[][], community: GridGeometry, tolerance: number) {
  const grid = { type: "Polygon" as const, coordinates: rings };
  for (const cr of polygonsOf(community).flat()) {
    for (const v of cr) {
      if (booleanPointInPolygon(v, grid, { ignoreBoundary: true }) && distanceToRings(v, rings) > tolerance) {
        return pair(v);
      }
    }
  }
  return null;
}

/**
 * Every problem with a grid's boundary, in order of polygon, ring and position; empty when it is
 * valid. Checks: the geometry type; per ring at least 4 positions, finite coordinates in range,
 * closed, some area, no self-intersection (turf kinks); holes inside the outer ring and apart;
 * and, with `within`, the polygon inside its community's boundary up to `tolerance` (a grid that
 * shares an edge with its community's boundary is inside).
 */
export function validateGridBoundary(
  geometry: GridGeometry,
  options: ValidateGridBoundaryOptions = {},
): GeometryProblem[] {
  const problems: GeometryProblem[] = [];
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (
    !g ||
    (g.type !== "Polygon" && g.type !== "MultiPolygon") ||
    !Array.isArray(g.coordinates) ||
    g.coordinates.length === 0
  ) {
    return [
      {
        code: "unsupported_geometry",
        message: `a grid boundary is a Polygon or MultiPolygon with rings, not ${String(g?.type)}`,
      },
    ];
  }
  const multi = geometry.type === "MultiPolygon";
  const polygons = polygonsOf(geometry);
  const tolerance = options.tolerance ?? 1e-6;
  polygons.forEach((rings, pi) => {
    if (!Array.isArray(rings) || rings.length === 0) {
      problems.push({ code: "unsupported_geometry", message: `polygon ${pi} has no rings`, polygon: pi });
      return;
    }
    const good = rings.map((ring, r) => checkRing(ring, pi, multi, r, problems));
    const outer = rings[0]!;
    for (let h = 1; h < rings.length; h++) {
      if (!good[0] || !good[h]) continue;
      const bad = ringInside(rings[h]!, outer);
      if (bad) {
        problems.push({
          code: "hole_outside_outer",
          message: `${where(pi, multi, h, bad.position)} is not inside the outer ring`,
          ...locus(pi, multi, h, bad.position),
          at: bad.at,
        });
        continue;
      }
      for (let k = 1; k < h; k++) {
        if (!good[k]) continue;
        const meet = ringsMeet(rings[h]!, rings[k]!) ?? ringsMeet(rings[k]!, rings[h]!);
        if (meet) {
          problems.push({
            code: "holes_intersect",
            message: `${where(pi, multi, h)} and hole ${k} overlap`,
            ...locus(pi, multi, h),
            at: meet.at,
          });
        }
      }
    }
    const community = options.within;
    if (community && good[0]) {
      // turf's boolean-within is exact (no tolerance) and misses a hole of the community inside
      // the grid: it is the fast path only, and the community's vertices are checked either way.
      const outside = withinFast(rings, community) ? [] : outsideParts(outer, community, tolerance);
      const covered = outside.length === 0 ? communityVertexInside(rings, community, tolerance) : null;
      if (covered) {
        problems.push({
          code: "outside_community",
          message: `${where(pi, multi, 0)} covers (${covered[0]}, ${covered[1]}) on the community's boundary: part of it lies outside the community`,
          ...locus(pi, multi, 0),
          at: covered,
        });
      }
      for (const o of outside.slice(0, maxOutsideProblems)) {
        problems.push({
          code: "outside_community",
          message:
            `${where(pi, multi, 0, o.position)}: (${o.at[0]}, ${o.at[1]}) lies outside the community's boundary` +
            (outside.length > maxOutsideProblems
              ? ` (first ${maxOutsideProblems} of ${outside.length} shown)`
              : ""),
          ...locus(pi, multi, 0, o.position),
          at: o.at,
        });
      }
    }
  });
  return problems;
}

/** turf's exact test, which counts a shared boundary as inside; false (not a throw) on odd input. */
function withinFast(rings: Position[][], community: GridGeometry): boolean {
  try {
    return booleanWithin({ type: "Polygon", coordinates: rings }, community);
  } catch {
    return false;
  }
}
