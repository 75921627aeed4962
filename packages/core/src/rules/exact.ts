/**
 * Exact rational comparisons by cross-multiplication in BigInt, so no boundary ever drifts
 * the way 2/3 ≈ 0.6666 does in floating point.
 */

/** A non-negative fraction of integers. */
export interface Ratio {
  numerator: number;
  denominator: number;
}

const big = (n: number | bigint): bigint => (typeof n === "bigint" ? n : BigInt(n));

/** part/whole ≥ num/den ("以上": the boundary itself counts, 民法典 Art. 1259). whole must be > 0. */
export function atLeastFraction(
  part: number | bigint,
  whole: number | bigint,
  num: number | bigint,
  den: number | bigint,
): boolean {
  return big(part) * big(den) >= big(num) * big(whole);
}

/** part/whole > num/den (e.g. "过半数": strictly more than half). */
export function moreThanFraction(
  part: number | bigint,
  whole: number | bigint,
  num: number | bigint,
  den: number | bigint,
): boolean {
  return big(part) * big(den) > big(num) * big(whole);
}

/** The smallest integer x with x/whole ≥ num/den, i.e. ceil(whole·num/den). */
export function ceilFractionOf(whole: number | bigint, num: number | bigint, den: number | bigint): bigint {
  const p = big(whole) * big(num);
  const d = big(den);
  return (p + d - 1n) / d;
}

/** The smallest integer x with x/whole > num/den, i.e. floor(whole·num/den) + 1. */
export function strictlyAboveFractionOf(
  whole: number | bigint,
  num: number | bigint,
  den: number | bigint,
): bigint {
  return (big(whole) * big(num)) / big(den) + 1n;
}

/** numerator/denominator as a number, or null when the denominator is 0. */
export function rateOf(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return Math.min(1, Math.max(0, numerator / denominator));
}
