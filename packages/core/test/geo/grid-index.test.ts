import fc from "fast-check";
import type { Polygon, Position } from "geojson";
import { describe, expect, it } from "vitest";
import { type GridShape, gridIndex, locateByScan, polygonsOf, tessellate } from "../../src/index.ts";

const square = (x: number, y: number, s: number): Position[] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];
const poly = (...rings: Position[][]): Polygon => ({ type: "Polygon", coordinates: rings });

// a 2 × 2 block of grids with ids chosen so that the lowest is not the first given
const block: GridShape[] = [
  { id: "g-d", geometry: poly(square(1, 1, 1)) },
  { id: "g-b", geometry: poly(square(1, 0, 1)) },
  { id: "g-c", geometry: poly(square(0, 1, 1)) },
  { id: "g-a", geometry: poly(square(0, 0, 1)) },
];

describe("gridIndex: the rule at edges, vertices and holes", () => {
  const index = gridIndex(block);

  it("puts interior points in their grid", () => {
    expect(index.locate(0.5, 0.5)).toBe("g-a");
    expect(index.locate(1.5, 0.5)).toBe("g-b");
    expect(index.locate(0.5, 1.5)).toBe("g-c");
    expect(index.locate(1.5, 1.5)).toBe("g-d");
  });

  it("gives a point on a shared edge to the lowest id of the two, whatever the input order", () => {
    expect(index.locate(1, 0.5)).toBe("g-a"); // a | b
    expect(index.locate(1, 1.5)).toBe("g-c"); // c | d
    expect(index.locate(1.5, 1)).toBe("g-b"); // b above d
    expect(gridIndex([...block].reverse()).locate(1, 1.5)).toBe("g-c");
  });

  it("gives the vertex shared by four grids to the lowest id", () => {
    expect(index.locate(1, 1)).toBe("g-a");
    expect(gridIndex(block.filter((g) => g.id !== "g-a")).locate(1, 1)).toBe("g-b");
  });

  it("counts an outer edge or corner as in the grid, and nothing beyond it", () => {
    expect(index.locate(0, 0.5)).toBe("g-a");
    expect(index.locate(2, 2)).toBe("g-d");
    expect(index.locate(2.000001, 2)).toBeNull();
    expect(index.locate(-1, -1)).toBeNull();
  });

  it("does not put a point in a hole in the grid with the hole, but in the grid filling it", () => {
    const holed: GridShape[] = [
      { id: "a-ring", geometry: poly(square(0, 0, 3), square(1, 1, 1)) },
      { id: "z-island", geometry: poly(square(1, 1, 1)) },
    ];
    const i = gridIndex(holed);
    expect(i.locate(1.5, 1.5)).toBe("z-island");
    expect(gridIndex(holed.slice(0, 1)).locate(1.5, 1.5)).toBeNull();
    // the hole's edge belongs to both: the ring's id sorts first
    expect(i.locate(1, 1.5)).toBe("a-ring");
    expect(i.locate(0.5, 0.5)).toBe("a-ring");
  });

  it("handles a MultiPolygon grid and an empty index", () => {
    const multi: GridShape = {
      id: "m",
      geometry: { type: "MultiPolygon", coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] },
    };
    const i = gridIndex([multi]);
    expect(i.locate(5.5, 5.5)).toBe("m");
    expect(i.locate(3, 3)).toBeNull();
    expect(gridIndex([]).locate(0, 0)).toBeNull();
    expect(i.locate(Number.NaN, 0)).toBeNull();
  });

  it("finds a grid for a point a rounding error outside its box, as the scan does (found by fast-check)", () => {
    const grids: GridShape[] = [
      {
        id: "g000",
        geometry: poly([
          [0, 0.4996],
          [1, 0.0681],
          [1, 1],
          [0, 1],
          [0, 0.4996],
        ]),
      },
      {
        id: "g001",
        geometry: poly([
          [0, 0],
          [1, 0],
          [1, 0.0681],
          [0, 0.4996],
          [0, 0],
        ]),
      },
    ];
    expect(locateByScan(grids, -5e-324, 0)).toBe("g001");
    expect(gridIndex(grids).locate(-5e-324, 0)).toBe("g001");
  });

  it("refuses a repeated id", () => {
    expect(() => gridIndex([block[0]!, block[0]!])).toThrow(/twice/);
  });
});

/** Random seed points in the unit square, tessellated: a random partition into grids. */
const tessellation = fc
  .uniqueArray(fc.tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 999 })), {
    minLength: 2,
    maxLength: 40,
    selector: ([x, y]) => `${x},${y}`,
  })
  .map((pts) => {
    const seeds = pts.map(([x, y]) => [x / 1000, y / 1000] as [number, number]);
    const cells = tessellate(poly(square(0, 0, 1)), seeds);
    return cells.flatMap((geometry, i) =>
      geometry ? [{ id: `g${String(i).padStart(3, "0")}`, geometry }] : [],
    );
  });

/** Every vertex of the grids, and the midpoints of their edges: the hard cases. */
function boundaryPoints(grids: GridShape[]): [number, number][] {
  const out: [number, number][] = [];
  for (const g of grids) {
    for (const ring of polygonsOf(g.geometry).flat()) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [ax, ay] = ring[i]!;
        const [bx, by] = ring[i + 1]!;
        out.push([ax!, ay!], [(ax! + bx!) / 2, (ay! + by!) / 2]);
      }
    }
  }
  return out;
}

describe("gridIndex agrees with checking every polygon", () => {
  it("over random tessellations, at random points, vertices and edge midpoints", () => {
    fc.assert(
      fc.property(
        tessellation,
        fc.array(
          fc.tuple(
            fc.double({ min: -0.1, max: 1.1, noNaN: true }),
            fc.double({ min: -0.1, max: 1.1, noNaN: true }),
          ),
          {
            maxLength: 60,
          },
        ),
        (grids, points) => {
          const index = gridIndex(grids);
          for (const [x, y] of [...points, ...boundaryPoints(grids)]) {
            expect(index.locate(x, y)).toBe(locateByScan(grids, x, y));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("over random tessellations, every point inside the square gets a grid", () => {
    fc.assert(
      fc.property(
        tessellation,
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 1e6 })), {
          minLength: 1,
          maxLength: 40,
        }),
        (grids, points) => {
          const index = gridIndex(grids);
          for (const [x, y] of points) expect(index.locate(x / 1e6, y / 1e6)).not.toBeNull();
        },
      ),
      { numRuns: 60 },
    );
  });

  it("does not depend on the order the grids are given in", () => {
    fc.assert(
      fc.property(tessellation, fc.integer(), (grids, seed) => {
        const shuffled = [...grids].sort(
          (a, b) => ((a.id.charCodeAt(3) * 31 + seed) % 7) - ((b.id.charCodeAt(3) * 31 + seed) % 7),
        );
        const a = gridIndex(grids);
        const b = gridIndex(shuffled);
        for (const [x, y] of boundaryPoints(grids)) expect(b.locate(x, y)).toBe(a.locate(x, y));
      }),
      { numRuns: 30 },
    );
  });
});
