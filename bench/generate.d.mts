/**
 * Types of the generators in bench/generate.mjs that TypeScript tests reuse (test/convert/shard.test.ts).
 * The generated groups are provider payloads: plain JSON objects.
 */
export type Payload = Record<string, unknown>;

/** `groups` DescribeSecurityGroupAttribute responses of `rules` permissions each (fixed seed). */
export function aliyunFleet(options?: { groups?: number; rules?: number; seed?: number }): Payload[];
