/**
 * A small seeded PRNG (mulberry32) with the helpers the demo seed needs. Never Math.random():
 * the same seed gives the same district, and the same ids, on every run.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next 32-bit unsigned integer (mulberry32). */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Pick by weight: [[value, weight], ...]. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return (entries[entries.length - 1] as readonly [T, number])[0];
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }

  /** `n` distinct items (n ≤ items.length). */
  sample<T>(items: readonly T[], n: number): T[] {
    return this.shuffle(items).slice(0, Math.min(n, items.length));
  }
}

/**
 * Deterministic UUIDs: 122 bits from a dedicated PRNG stream, formatted as valid RFC 4122
 * version-4 UUIDs, so primary keys are stable across runs (crypto.randomUUID() is not).
 */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export class UuidSource {
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = new Rng(seed);
  }

  next(): string {
    const a = this.rng.nextUint32();
    const b = this.rng.nextUint32();
    const c = this.rng.nextUint32();
    const d = this.rng.nextUint32();
    const h = (n: number, shift: number) => HEX[(n >>> shift) & 0xff] as string;
    // version nibble 4 (in place of b's 5th hex digit), variant 10xx (top bits of c).
    return (
      h(a, 24) +
      h(a, 16) +
      h(a, 8) +
      h(a, 0) +
      "-" +
      h(b, 24) +
      h(b, 16) +
      "-4" +
      (HEX[(b >>> 8) & 0xff] as string).slice(1) +
      h(b, 0) +
      "-" +
      h(((c >>> 24) & 0x3f) | 0x80, 0) +
      h(c, 16) +
      "-" +
      h(c, 8) +
      h(c, 0) +
      h(d, 24) +
      h(d, 16) +
      h(d, 8) +
      h(d, 0)
    );
  }
}
