/** Types of the benchmark's generators, for the tests that draw groups from them. */
export function aliyunFleet(options: { groups: number; rules: number; seed: number }): Record<string, unknown>[];
