import { area } from "@turf/area";
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import { intersect } from "@turf/intersect";
import fc from "fast-check";
import type { Feature, MultiPolygon, Polygon } from "geojson";
import { describe, expect, it } from "vitest";
import { type GridGeometry, tessellate, validateGridBoundary } from "../../src/index.ts";

const feature = (geometry: GridGeometry): Feature<Polygon | MultiPolygon> => ({
  type: "Feature",
  properties: {},
  geometry,
});
// a concave, L-shaped "district" around Yanqing (延庆)
const district: Polygon = {
  type: "Polygon",
  coordinates: [
    [
      [115.9, 40.4],
      [116.1, 40.4],
      [116.1, 40.5],
      [116.0, 40.5],
      [116.0, 40.6],
      [115.9, 40.6],
      [115.9, 40.4],
    ],
  ],
};

const seedsInside = fc
  .uniqueArray(fc.tuple(fc.integer({ min: 1, max: 1999 }), fc.integer({ min: 1, max: 1999 })), {
    minLength: 1,
    maxLength: 30,
    selector: ([x, y]) => `${x},${y}`,
  })
  .map((pts) =>
    pts
      .map(([x, y]) => [115.9 + x / 10000, 40.4 + y / 10000] as [number, number])
      .filter((p) => booleanPointInPolygon(p, district, { ignoreBoundary: true })),
  )
  .filter((pts) => pts.length > 0);

describe("tessellate", () => {
  it("covers the boundary without overlapping, each seed in its own valid cell", () => {
    fc.assert(
      fc.property(seedsInside, (seeds) => {
        const cells = tessellate(district, seeds);
        expect(cells).toHaveLength(seeds.length);
        let sum = 0;
        cells.forEach((cell, i) => {
          expect(cell).not.toBeNull();
          sum += area(cell!);
          expect(booleanPointInPolygon(seeds[i]!, cell!)).toBe(true);
          expect(validateGridBoundary(cell!, { within: district })).toEqual([]);
        });
        expect(Math.abs(sum - area(district)) / area(district)).toBeLessThan(1e-6);
        // no two cells overlap by more than a sliver
        for (let i = 0; i < cells.length; i++) {
          for (let j = i + 1; j < cells.length; j++) {
            const both = intersect({
              type: "FeatureCollection",
              features: [feature(cells[i]!), feature(cells[j]!)],
            });
            expect(both ? area(both) : 0).toBeLessThan(1);
          }
        }
      }),
      { numRuns: 25 },
    );
  });

  it("is deterministic", () => {
    const seeds: [number, number][] = [
      [115.95, 40.45],
      [116.05, 40.45],
      [115.95, 40.55],
    ];
    expect(tessellate(district, seeds)).toEqual(tessellate(district, seeds));
  });

  it("gives null to a repeated seed and to a cell that misses the boundary", () => {
    const cells = tessellate(district, [
      [115.95, 40.45],
      [115.95, 40.45],
      [116.3, 40.7],
    ]);
    expect(cells[0]).not.toBeNull();
    expect(cells[1]).toBeNull();
    expect(cells[2]).toBeNull();
  });

  it("cuts a cell in two where a concave boundary does (a MultiPolygon)", () => {
    const u: Polygon = {
      type: "Polygon",
      coordinates: [
        [
          [0, 0],
          [3, 0],
          [3, 3],
          [2, 3],
          [2, 1],
          [1, 1],
          [1, 3],
          [0, 3],
          [0, 0],
        ],
      ],
    };
    // a seed in the U's notch (outside it) owns the tops of both arms
    const cells = tessellate(u, [
      [1.5, 2.5],
      [1.5, 0.5],
    ]);
    expect(cells[0]?.type).toBe("MultiPolygon");
    expect(cells[1]?.type).toBe("Polygon");
  });
});
