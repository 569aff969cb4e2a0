/** Types of the benchmark's generators, for the tests that draw groups from them. */
export function aliyunFleet(options: { groups: number; rules: number; seed: number }): Record<string, unknown>[];
/** One canonical group of n rules (30% drops; the deny-flattening benchmark's input is n = 1,000, seed 7). */
export function canonicalGroup(
  n: number,
  options?: { seed?: number; modelVersion?: number; id?: string },
): Record<string, unknown>;
