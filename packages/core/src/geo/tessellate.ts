/**
 * Plausible polygons for a demo district (演示数据): the Voronoi cells of seeded points, clipped
 * to a boundary — communities inside the district, grids inside each community. Pure and
 * deterministic: the same boundary and points give the same cells. Planar in lon/lat, which is
 * fine at the scale of a district.
 */
import { featureCollection, point } from "@turf/helpers";
import { intersect } from "@turf/intersect";
import { voronoi } from "@turf/voronoi";
import type { Feature, MultiPolygon, Polygon } from "geojson";
import { boundsOf } from "./grid-index.ts";
import type { GridGeometry } from "./schema.ts";

/**
 * For each seed point `[lon, lat]`, its Voronoi cell clipped to `boundary` (a Polygon, or a
 * MultiPolygon where a concave boundary cuts a cell in two), or null when the cell misses the
 * boundary or the point repeats an earlier one. The cells of the points inside the boundary
 * cover it without overlapping; each such point lies in its own cell.
 */
export function tessellate(
  boundary: GridGeometry,
  seeds: readonly (readonly [number, number])[],
): (GridGeometry | null)[] {
  const out: (GridGeometry | null)[] = seeds.map(() => null);
  const firstAt = new Map<string, number>();
  const distinct: number[] = [];
  seeds.forEach(([lon, lat], i) => {
    if (!Number.isFinite(lon) || !Number.isFinite(lat))
      throw new Error(`tessellate: seed ${i} is not finite`);
    const key = `${lon},${lat}`;
    if (firstAt.has(key)) return;
    firstAt.set(key, i);
    distinct.push(i);
  });
  if (distinct.length === 0) return out;
  let [minX, minY, maxX, maxY] = boundsOf(boundary);
  for (const i of distinct) {
    const [lon, lat] = seeds[i]!;
    minX = Math.min(minX, lon);
    minY = Math.min(minY, lat);
    maxX = Math.max(maxX, lon);
    maxY = Math.max(maxY, lat);
  }
  const pad = Math.max(maxX - minX, maxY - minY, 1e-6) * 0.01;
  const extent: [number, number, number, number] = [minX - pad, minY - pad, maxX + pad, maxY + pad];
  const cells = voronoi(featureCollection(distinct.map((i) => point([seeds[i]![0], seeds[i]![1]]))), {
    bbox: extent,
  });
  const clip: Feature<Polygon | MultiPolygon> = { type: "Feature", properties: {}, geometry: boundary };
  cells.features.forEach((cell, k) => {
    if (!cell?.geometry) return;
    const clipped = intersect(featureCollection([cell, clip]));
    if (clipped) out[distinct[k]!] = clipped.geometry;
  });
  return out;
}
