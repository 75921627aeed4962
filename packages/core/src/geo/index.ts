/**
 * Grid geometry (网格边界, 落格): boundaries as GeoJSON, their validation, GeoJSON/KML import,
 * point → grid, and Voronoi cells for the demo seed (ADR 0021).
 */
export * from "./grid-index.ts";
export * from "./parse.ts";
export * from "./schema.ts";
export * from "./tessellate.ts";
export * from "./validate.ts";
