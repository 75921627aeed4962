import type { Polygon, Position } from "geojson";
import { describe, expect, it } from "vitest";
import { type GridGeometry, gridGeometry, validateGridBoundary } from "../../src/index.ts";

const square = (x: number, y: number, s: number): Position[] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];
const poly = (...rings: Position[][]): Polygon => ({ type: "Polygon", coordinates: rings });
const codes = (g: GridGeometry, o = {}) => validateGridBoundary(g, o).map((p) => p.code);
// a community in Yanqing (延庆), about 1 km a side
const community = poly(square(115.97, 40.45, 0.01));

describe("validateGridBoundary", () => {
  it("accepts a square, a polygon with a hole and a MultiPolygon", () => {
    expect(validateGridBoundary(poly(square(115.97, 40.45, 0.005)))).toEqual([]);
    expect(validateGridBoundary(poly(square(0, 0, 10), square(2, 2, 2)))).toEqual([]);
    expect(
      validateGridBoundary({ type: "MultiPolygon", coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] }),
    ).toEqual([]);
  });

  it("names a ring that is too short or not closed", () => {
    const [p] = validateGridBoundary(poly(square(0, 0, 1).slice(0, 3)));
    expect(p).toMatchObject({ code: "ring_too_short", ring: 0 });
    const open = square(0, 0, 1)
      .slice(0, 4)
      .concat([[0, 0.5]]);
    expect(validateGridBoundary(poly(open))[0]).toMatchObject({
      code: "ring_not_closed",
      ring: 0,
      position: 4,
    });
  });

  it("names a position that is not finite or out of range (swapped lat/lon)", () => {
    const bad = square(0, 0, 1);
    bad[2] = [Number.NaN, 1];
    expect(validateGridBoundary(poly(bad))[0]).toMatchObject({
      code: "position_not_finite",
      ring: 0,
      position: 2,
    });
    const swapped = square(40.45, 115.97, 0.01);
    const problems = validateGridBoundary(poly(swapped));
    expect(problems.map((p) => p.code)).toContain("position_out_of_range");
    expect(problems[0]!.message).toMatch(/swapped/);
    expect(codes(poly(square(179.5, 0, 1)))).toContain("position_out_of_range");
  });

  it("finds a self-intersection (bow tie) and names the edge and point", () => {
    const bowtie: Position[] = [
      [0, 0],
      [1, 1],
      [1, 0],
      [0, 1],
      [0, 0],
    ];
    const [p, ...rest] = validateGridBoundary(poly(bowtie));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ code: "self_intersection", ring: 0, at: [0.5, 0.5] });
    expect([0, 2]).toContain(p!.position);
  });

  it("does not mistake a repeated position for a self-intersection", () => {
    const ring = square(0, 0, 1);
    ring.splice(2, 0, ring[1]!);
    expect(validateGridBoundary(poly(ring))).toEqual([]);
  });

  it("finds a ring with no area", () => {
    const line: Position[] = [
      [0, 0],
      [1, 1],
      [2, 2],
      [0, 0],
    ];
    expect(codes(poly(line))).toEqual(["ring_zero_area"]);
  });

  it("finds holes outside the outer ring, crossing it, or overlapping each other", () => {
    expect(validateGridBoundary(poly(square(0, 0, 1), square(5, 5, 1)))[0]).toMatchObject({
      code: "hole_outside_outer",
      ring: 1,
      position: 0,
    });
    expect(codes(poly(square(0, 0, 1), square(0.5, 0.5, 1)))).toEqual(["hole_outside_outer"]);
    expect(codes(poly(square(0, 0, 10), square(1, 1, 3), square(2, 2, 3)))).toEqual(["holes_intersect"]);
    expect(codes(poly(square(0, 0, 10), square(1, 1, 5), square(2, 2, 1)))).toEqual(["holes_intersect"]);
  });

  it("names the polygon of a MultiPolygon", () => {
    const p = validateGridBoundary({
      type: "MultiPolygon",
      coordinates: [[square(0, 0, 1)], [square(0, 0, 1).slice(0, 3)]],
    });
    expect(p).toEqual([expect.objectContaining({ code: "ring_too_short", polygon: 1, ring: 0 })]);
  });

  it("refuses what is not a (Multi)Polygon without throwing", () => {
    expect(codes({ type: "Point", coordinates: [0, 0] } as unknown as GridGeometry)).toEqual([
      "unsupported_geometry",
    ]);
    expect(codes({ type: "Polygon", coordinates: [] })).toEqual(["unsupported_geometry"]);
  });

  describe("within the community", () => {
    it("accepts a grid strictly inside, and one sharing the community's edges exactly", () => {
      expect(validateGridBoundary(poly(square(115.972, 40.452, 0.002)), { within: community })).toEqual([]);
      // the lower-left quarter shares two edges and a corner with the community
      expect(validateGridBoundary(poly(square(115.97, 40.45, 0.005)), { within: community })).toEqual([]);
      // the whole community as one grid
      expect(validateGridBoundary(community, { within: community })).toEqual([]);
    });

    it("accepts a shared edge drawn with rounding noise under the tolerance (turf alone refuses it)", () => {
      const noisy = square(115.97, 40.45, 0.005).map(([x, y]) => [x! - 3e-7, y! - 3e-7]);
      expect(validateGridBoundary(poly(noisy), { within: community })).toEqual([]);
      expect(codes(poly(noisy), { within: community, tolerance: 1e-8 })).toContain("outside_community");
    });

    it("refuses a grid sticking out, naming the position", () => {
      const ring = square(115.975, 40.455, 0.01);
      const problems = validateGridBoundary(poly(ring), { within: community });
      expect(problems.every((p) => p.code === "outside_community")).toBe(true);
      expect(problems.map((p) => p.position)).toContain(1);
    });

    it("refuses an edge that leaves a concave community between two inside vertices", () => {
      // a U-shaped community; the grid's top edge spans the notch
      const u = poly([
        [0, 0],
        [3, 0],
        [3, 3],
        [2, 3],
        [2, 1],
        [1, 1],
        [1, 3],
        [0, 3],
        [0, 0],
      ]);
      const grid = poly([
        [0.5, 0.5],
        [2.5, 0.5],
        [2.5, 2],
        [0.5, 2],
        [0.5, 0.5],
      ]);
      expect(codes(grid, { within: u })).toContain("outside_community");
    });

    it("refuses a grid over a hole of its community", () => {
      const holed = poly(square(0, 0, 10), square(4, 4, 2));
      expect(codes(poly(square(3, 3, 4)), { within: holed })).toContain("outside_community");
      expect(codes(poly(square(1, 1, 2)), { within: holed })).toEqual([]);
    });
  });
});

describe("gridGeometry schema", () => {
  it("parses GeoJSON Polygon and MultiPolygon, with altitudes", () => {
    expect(gridGeometry.safeParse(poly(square(0, 0, 1))).success).toBe(true);
    expect(
      gridGeometry.safeParse({
        type: "Polygon",
        coordinates: [
          [
            [0, 0, 30],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      }).success,
    ).toBe(true);
    expect(gridGeometry.safeParse({ type: "MultiPolygon", coordinates: [[square(0, 0, 1)]] }).success).toBe(
      true,
    );
  });
  it("refuses other shapes", () => {
    expect(gridGeometry.safeParse({ type: "Point", coordinates: [0, 0] }).success).toBe(false);
    expect(gridGeometry.safeParse({ type: "Polygon", coordinates: [[[0]]] }).success).toBe(false);
    expect(gridGeometry.safeParse({ type: "Polygon", coordinates: [[["a", 1]]] }).success).toBe(false);
  });
});
