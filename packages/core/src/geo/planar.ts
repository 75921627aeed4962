/**
 * Small planar helpers over lon/lat pairs (a district is small enough for the plane).
 * Internal to core's geo module.
 */
import type { Position } from "geojson";

/** Distance from `p` to the segment `a`–`b`, in degrees. */
export function distanceToSegment(p: Position, a: Position, b: Position): number {
  const dx = b[0]! - a[0]!;
  const dy = b[1]! - a[1]!;
  const len2 = dx * dx + dy * dy;
  let t = 0;
  if (len2 > 0) t = Math.max(0, Math.min(1, ((p[0]! - a[0]!) * dx + (p[1]! - a[1]!) * dy) / len2));
  const x = a[0]! + t * dx - p[0]!;
  const y = a[1]! + t * dy - p[1]!;
  return Math.sqrt(x * x + y * y);
}

/** Distance from `p` to the nearest edge of any of `rings`. */
export function distanceToRings(p: Position, rings: readonly Position[][]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const d = distanceToSegment(p, ring[i]!, ring[i + 1]!);
      if (d < best) best = d;
    }
  }
  return best;
}

function orient(a: Position, b: Position, c: Position): number {
  return (b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!);
}

/**
 * Where the segments `a`–`b` and `c`–`d` cross properly (each strictly separates the other's
 * ends), or null. Touching at an end, collinear overlap and parallel segments are not crossings.
 */
export function properCrossing(a: Position, b: Position, c: Position, d: Position): Position | null {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (!(((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))))
    return null;
  const t = o3 / (o3 - o4);
  return [a[0]! + t * (b[0]! - a[0]!), a[1]! + t * (b[1]! - a[1]!)];
}

/** Signed area of a closed ring by the shoelace formula (square degrees; > 0 counter-clockwise). */
export function signedRingArea(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  }
  return s / 2;
}

/** Index of the ring segment that `p` lies on (closest), for naming a position in a problem. */
export function nearestSegment(p: Position, ring: readonly Position[]): number {
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  for (let i = 0; i + 1 < ring.length; i++) {
    const d = distanceToSegment(p, ring[i]!, ring[i + 1]!);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}
