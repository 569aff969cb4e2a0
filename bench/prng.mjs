/**
 * A seeded pseudo-random source, so every run of the benchmark measures the same data. mulberry32: 32-bit
 * state, good enough spread for generating test data, and a few lines instead of a dependency.
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Helpers over one generator: integers, choices and weighted choices. */
export function randomTools(seed) {
  const next = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (items) => items[Math.floor(next() * items.length)];
  /** `pairs` is a list of [weight, value]; weights need not sum to 1. */
  const weighted = (pairs) => {
    const total = pairs.reduce((s, [w]) => s + w, 0);
    let r = next() * total;
    for (const [w, v] of pairs) {
      r -= w;
      if (r < 0) return v;
    }
    return pairs[pairs.length - 1][1];
  };
  const chance = (p) => next() < p;
  return { next, int, pick, weighted, chance };
}
