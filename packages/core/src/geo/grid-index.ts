/**
 * Point → grid (落格): which grid (网格) a point — a request, an event, a compound — lies in.
 * A static R-tree (flatbush) of the grids' bounding boxes is built once, and from it a table of
 * buckets listing the grids that may hold a point there; a query runs point-in-polygon (turf) on
 * the few grids of its bucket whose box holds the point.
 *
 * The rule, the same in `gridIndex(…).locate` and `locateByScan`:
 * - a point inside a grid's polygon, or on its boundary, is in that grid; a point in a hole is not;
 * - where several grids hold the point (a shared edge or vertex, or overlapping grids), the answer
 *   is the one whose id sorts first (JavaScript string order, i.e. UTF-16 code units), so every
 *   point gets exactly one, deterministic answer whatever order the grids were given in;
 * - a point in no grid gives null.
 */
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import Flatbush from "flatbush";
import { type GridGeometry, polygonsOf } from "./schema.ts";

export interface GridShape {
  id: string;
  geometry: GridGeometry;
}

export interface GridIndex {
  /** The grid holding `[lon, lat]` (WGS84), or null. */
  locate(lon: number, lat: number): string | null;
  /** How many grids the index holds. */
  readonly size: number;
}

/** `[minLon, minLat, maxLon, maxLat]` of a geometry (its outer rings suffice). */
export function boundsOf(geometry: GridGeometry): [number, number, number, number] {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const rings of polygonsOf(geometry)) {
    for (const p of rings[0] ?? []) {
      const x = p[0]!;
      const y = p[1]!;
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

function byId(grids: readonly GridShape[]): GridShape[] {
  const sorted = [...grids].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.id === sorted[i - 1]!.id) throw new Error(`gridIndex: grid id ${sorted[i]!.id} twice`);
  }
  return sorted;
}

function contains(geometry: GridGeometry, lon: number, lat: number): boolean {
  return booleanPointInPolygon([lon, lat], geometry);
}

/**
 * Boxes grow by this much (degrees, ≈ 0.1 mm): point-in-polygon counts a point a rounding error
 * outside an edge as on it (found by the property test: x = −5e-324 next to an edge at x = 0),
 * while the tree compares boxes exactly, so without it the index would miss a grid the scan finds.
 */
const boxPad = 1e-9;

/**
 * Build the index once (O(n log n)); each `locate` then costs a tree search plus point-in-polygon
 * on the candidates. The geometries should have passed `validateGridBoundary`. Throws on a
 * repeated id.
 */
export function gridIndex(grids: readonly GridShape[]): GridIndex {
  const sorted = byId(grids);
  const size = sorted.length;
  if (size === 0) return { size, locate: () => null };
  const boxes = new Float64Array(size * 4);
  const tree = new Flatbush(size, 8);
  sorted.forEach((g, i) => {
    const [minX, minY, maxX, maxY] = boundsOf(g.geometry);
    boxes.set([minX - boxPad, minY - boxPad, maxX + boxPad, maxY + boxPad], i * 4);
    tree.add(minX - boxPad, minY - boxPad, maxX + boxPad, maxY + boxPad);
  });
  tree.finish();
  // A table of buckets over the grids' extent (about two per grid), each listing — in id order —
  // the grids whose box meets it, found with the tree. A query then reads one bucket instead of
  // walking the tree: at 414 grids the walk cost more than the point-in-polygon tests.
  const x0 = tree.minX;
  const y0 = tree.minY;
  const side = Math.max(1, Math.ceil(Math.sqrt(size * 2)));
  const w = (tree.maxX - x0) / side || 1;
  const h = (tree.maxY - y0) / side || 1;
  const starts = new Uint32Array(side * side + 1);
  const lists: number[][] = [];
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      // a margin, so that a point that rounding puts in this bucket is covered by it
      const mx = w * 1e-6;
      const my = h * 1e-6;
      const found = tree.search(
        x0 + c * w - mx,
        y0 + r * h - my,
        x0 + (c + 1) * w + mx,
        y0 + (r + 1) * h + my,
      );
      lists.push(found.sort((a, b) => a - b));
    }
  }
  let total = 0;
  lists.forEach((l, b) => {
    starts[b] = total;
    total += l.length;
  });
  starts[lists.length] = total;
  const items = new Uint32Array(total);
  lists.forEach((l, b) => {
    items.set(l, starts[b]!);
  });
  return {
    size,
    locate(lon, lat) {
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
      if (lon < x0 || lat < y0 || lon > tree.maxX || lat > tree.maxY) return null;
      const c = Math.min(side - 1, Math.floor((lon - x0) / w));
      const r = Math.min(side - 1, Math.floor((lat - y0) / h));
      const b = r * side + c;
      for (let k = starts[b]!, end = starts[b + 1]!; k < end; k++) {
        const i = items[k]!;
        const o = i * 4;
        if (lon < boxes[o]! || lat < boxes[o + 1]! || lon > boxes[o + 2]! || lat > boxes[o + 3]!) continue;
        // candidates are in id order: the first that holds the point is the answer
        if (contains(sorted[i]!.geometry, lon, lat)) return sorted[i]!.id;
      }
      return null;
    },
  };
}

/**
 * The same answer as `gridIndex(grids).locate(lon, lat)` by testing every polygon in id order:
 * the reference for tests and the benchmark, and fine for a handful of grids.
 */
export function locateByScan(grids: readonly GridShape[], lon: number, lat: number): string | null {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
  let best: string | null = null;
  for (const g of grids) {
    if ((best === null || g.id < best) && contains(g.geometry, lon, lat)) best = g.id;
  }
  return best;
}
