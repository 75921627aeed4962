/**
 * GeoJSON geometry of a grid's boundary (网格边界): Polygon or MultiPolygon in WGS84 lon/lat
 * (RFC 7946). The schema checks the shape only; `validateGridBoundary` checks the geometry.
 */
import type { MultiPolygon, Polygon, Position } from "geojson";
import { z } from "zod";

/** `[lon, lat]` or `[lon, lat, altitude]`; RFC 7946 allows extra elements, which we ignore. */
export const geoPosition = z.tuple([z.number(), z.number()], z.number());
export const geoLinearRing = z.array(geoPosition);

export const geoPolygon = z.object({
  type: z.literal("Polygon"),
  coordinates: z.array(geoLinearRing).min(1),
  bbox: z.array(z.number()).optional(),
});

export const geoMultiPolygon = z.object({
  type: z.literal("MultiPolygon"),
  coordinates: z.array(z.array(geoLinearRing).min(1)).min(1),
  bbox: z.array(z.number()).optional(),
});

/** A grid's (or a community's) boundary geometry. */
export const gridGeometry = z.discriminatedUnion("type", [geoPolygon, geoMultiPolygon]);
export type GridGeometry = Polygon | MultiPolygon;
export type { Position };

/** The polygons of a geometry, each a list of rings (outer first, then holes). */
export function polygonsOf(geometry: GridGeometry): Position[][][] {
  return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
}
