/** Shared helpers of the conversion and CLI tests: locations, and the leaf walk of the no-silent-loss check. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalCidr } from '../../src/address/index.js';
import { childPointer } from '../../src/model/pointer.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS = path.resolve(repoRoot, '../shared/corpus');
export const corpusPresent = existsSync(CORPUS);
export const EXAMPLES = path.join(repoRoot, 'examples');
export const BIN = path.join(repoRoot, 'bin/sgbridge.js');

export function leaves(v: unknown, at: string, out: [string, unknown][] = []): [string, unknown][] {
  if (v !== null && typeof v === 'object') {
    for (const [k, c] of Object.entries(v)) leaves(c, childPointer(at, k), out);
  } else out.push([at, v]);
  return out;
}

/** One spelling per value: case and CIDR form. Empty strings mean "unset" on both clouds. */
export function normal(v: unknown): string {
  const s = String(v).trim().toLowerCase();
  return canonicalCidr(s) ?? s;
}
