/**
 * The worker pool of the built library: the same results in worker threads as in this thread, each at its
 * pair's index. (From the TypeScript sources there is no compiled worker, so the pool compares in-thread;
 * this test loads the build.)
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../convert/helpers.js';

const dist = (p: string) => pathToFileURL(path.join(repoRoot, 'dist/src', p)).href;
const built = existsSync(path.join(repoRoot, 'dist/src/audit/worker.js'));

describe.skipIf(!built)('comparing pairs in worker threads', () => {
  test('should give every pair the result the in-thread comparison gives, at its index', async () => {
    const { readGroups } = (await import(dist('audit/inputs.js'))) as typeof import('../../src/audit/inputs.js');
    const { pairGroups, DEFAULT_PAIR_BY } = (await import(
      dist('audit/pairing.js')
    )) as typeof import('../../src/audit/pairing.js');
    const { comparePairs } = (await import(dist('audit/pool.js'))) as typeof import('../../src/audit/pool.js');
    const { createMapping } = (await import(dist('idmap/index.js'))) as typeof import('../../src/idmap/index.js');
    const dir = path.join(repoRoot, 'examples/audit/aliyun');
    const A = readdirSync(dir)
      .sort()
      .flatMap((f) => readGroups(readFileSync(path.join(dir, f), 'utf8'), f));
    const B = readGroups(readFileSync(path.join(repoRoot, 'examples/audit/aws.json'), 'utf8'), 'aws.json');
    const mapping = createMapping(JSON.parse(readFileSync(path.join(repoRoot, 'examples/audit/mapping.json'), 'utf8')));
    const { pairs } = pairGroups(A, B, DEFAULT_PAIR_BY, mapping);
    expect(pairs.length).toBe(4);
    const run = async (jobs: number) => {
      const results: unknown[] = [];
      let threads = 0;
      await comparePairs(pairs, {
        mapping,
        assumeDisjoint: false,
        jobs,
        onResult: (i, r) => (results[i] = r),
        onThreads: (n) => (threads = n),
      });
      return { results, threads };
    };
    const one = await run(1);
    const two = await run(2);
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect(two.results).toEqual(one.results);
    expect(one.results.filter((r) => (r as { equivalent: boolean }).equivalent)).toHaveLength(1);
  });
});
