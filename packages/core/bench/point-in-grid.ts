/**
 * Benchmark (issue 12): point → grid for BENCH_POINTS (default 100,000) random points over the
 * demo's 414 grids and over 10,000 grids, indexed (`gridIndex`: flatbush + point-in-polygon on the
 * candidates) against checking every polygon (`locateByScan`), and — to be fair to brute force —
 * against a scan that skips a polygon by its precomputed bounding box first.
 *
 *   pnpm --filter @gongzhi/core bench:grids
 *
 * The grids are Voronoi cells of seeded random points clipped to an irregular district outline
 * around Yanqing (`tessellate`); the points are uniform over the district's bounding box (so some
 * fall outside every grid) plus 1 % taken from the grids' vertices (shared by 2–3 grids: the tie
 * rule). The indexed runs BENCH_ROUNDS times (default 7) after a warm-up, the scans
 * BENCH_SCAN_ROUNDS times (default 3 up to 1,000 grids, 1 above: a 10,000-grid scan of 100,000
 * points takes minutes); medians and the
 * ratio of medians are printed. Every run's answers must equal the index's, or the script fails
 * (exit 1). Not a timed test: the machine is shared, read the ratios.
 */

import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import {
  boundsOf,
  type GridGeometry,
  type GridShape,
  gridIndex,
  locateByScan,
  polygonsOf,
  tessellate,
} from "../src/index.ts";

const points = Number(process.env.BENCH_POINTS ?? 100_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
/** Scans of 10,000 grids take minutes each: by default 3 rounds up to 1,000 grids, 1 above. */
const scanRoundsFor = (n: number) => Number(process.env.BENCH_SCAN_ROUNDS ?? (n <= 1000 ? 3 : 1));
const sizes = (process.env.BENCH_GRIDS ?? "414,10000").split(",").map(Number);

/** mulberry32: a small seeded generator, so every run measures the same grids and points. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An irregular 24-gon around 延庆 (≈ 40 km × 45 km). */
function district(): GridGeometry {
  const r = random(1);
  const ring: [number, number][] = [];
  for (let k = 0; k < 24; k++) {
    const angle = (2 * Math.PI * k) / 24;
    const s = 0.7 + 0.3 * r();
    ring.push([115.97 + 0.25 * s * Math.cos(angle), 40.46 + 0.2 * s * Math.sin(angle)]);
  }
  ring.push(ring[0]!);
  return { type: "Polygon", coordinates: [ring] };
}

function grids(boundary: GridGeometry, n: number): GridShape[] {
  const r = random(n);
  const [minX, minY, maxX, maxY] = boundsOf(boundary);
  const seeds: [number, number][] = [];
  while (seeds.length < n) {
    const p: [number, number] = [minX + r() * (maxX - minX), minY + r() * (maxY - minY)];
    if (booleanPointInPolygon(p, boundary, { ignoreBoundary: true })) seeds.push(p);
  }
  return tessellate(boundary, seeds).flatMap((geometry, i) =>
    geometry ? [{ id: `G${String(i).padStart(5, "0")}`, geometry }] : [],
  );
}

function queries(boundary: GridGeometry, shapes: GridShape[]): Float64Array {
  const r = random(42);
  const [minX, minY, maxX, maxY] = boundsOf(boundary);
  const vertices = shapes.flatMap((g) => polygonsOf(g.geometry).flatMap((rings) => rings[0]!));
  const out = new Float64Array(points * 2);
  for (let i = 0; i < points; i++) {
    if (i % 100 === 99) {
      const v = vertices[Math.floor(r() * vertices.length)]!;
      out[2 * i] = v[0]!;
      out[2 * i + 1] = v[1]!;
    } else {
      out[2 * i] = minX + r() * (maxX - minX);
      out[2 * i + 1] = minY + r() * (maxY - minY);
    }
  }
  return out;
}

function time(run: () => (string | null)[]): { ms: number; answers: (string | null)[] } {
  const t0 = performance.now();
  const answers = run();
  return { ms: performance.now() - t0, answers };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function differences(a: (string | null)[], b: (string | null)[]): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d++;
  return d;
}

const boundary = district();
const rows: string[] = [];
let failed = false;
console.log(`point → grid: ${points.toLocaleString("en")} points, Node ${process.version}`);
for (const n of sizes) {
  const t0 = performance.now();
  const shapes = grids(boundary, n);
  const tessellateMs = performance.now() - t0;
  const q = queries(boundary, shapes);
  const t1 = performance.now();
  const index = gridIndex(shapes);
  const buildMs = performance.now() - t1;
  const boxes = shapes.map((g) => ({ g, b: boundsOf(g.geometry) }));

  const indexed = () => {
    const out: (string | null)[] = new Array(points);
    for (let i = 0; i < points; i++) out[i] = index.locate(q[2 * i]!, q[2 * i + 1]!);
    return out;
  };
  const scan = () => {
    const out: (string | null)[] = new Array(points);
    for (let i = 0; i < points; i++) out[i] = locateByScan(shapes, q[2 * i]!, q[2 * i + 1]!);
    return out;
  };
  const scanWithBoxes = () => {
    const out: (string | null)[] = new Array(points);
    for (let i = 0; i < points; i++) {
      const x = q[2 * i]!;
      const y = q[2 * i + 1]!;
      const hits = boxes
        .filter(({ b }) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3])
        .map(({ g }) => g);
      out[i] = locateByScan(hits, x, y);
    }
    return out;
  };

  indexed(); // warm-up
  const ix = Array.from({ length: rounds }, () => time(indexed));
  const reference = ix[0]!.answers;
  const scanRounds = scanRoundsFor(n);
  const sc = Array.from({ length: scanRounds }, () => time(scan));
  const sb = Array.from({ length: scanRounds }, () => time(scanWithBoxes));
  const diff = [...ix, ...sc, ...sb].reduce((d, r) => d + differences(reference, r.answers), 0);
  const located = reference.filter((a) => a !== null).length;
  const mi = median(ix.map((r) => r.ms));
  const ms = median(sc.map((r) => r.ms));
  const mb = median(sb.map((r) => r.ms));
  console.log(
    `${shapes.length} grids (tessellated in ${tessellateMs.toFixed(0)} ms, indexed in ${buildMs.toFixed(1)} ms): ` +
      `${located} points in a grid; indexed ${mi.toFixed(1)} ms, scan ${ms.toFixed(0)} ms (×${(ms / mi).toFixed(0)}), ` +
      `scan with boxes ${mb.toFixed(0)} ms (×${(mb / mi).toFixed(0)}); differing answers: ${diff}`,
  );
  rows.push(
    `| ${shapes.length} | ${mi.toFixed(1)} | ${ms.toFixed(0)} | ${(ms / mi).toFixed(0)}× | ${mb.toFixed(0)} | ${(mb / mi).toFixed(0)}× | ${diff} |`,
  );
  if (diff > 0) failed = true;
}
console.log(
  "\n| grids | indexed ms | scan ms | scan / indexed | scan with boxes ms | boxes / indexed | differing |",
);
console.log("|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) console.log(r);
if (failed) {
  console.error("FAIL: the index and the scan disagree");
  process.exitCode = 1;
}
