/**
 * The pool's workers (src/threads/pool.ts): started with the young generation a conversion needs, answering
 * every batch once, and kept between runs. The worker here is a small module of its own (a data: URL) that
 * speaks the pool's protocol and answers each batch with what its thread sees.
 */
import { describe, expect, test } from 'vitest';
import { WORKER_YOUNG_GENERATION_MIB, runBatches } from '../../src/threads/pool.js';

/** Answers each batch with its thread's ID, its young generation limit and the batch's value doubled. */
const WORKER = new URL(
  `data:text/javascript,${encodeURIComponent(`
import { parentPort, resourceLimits, threadId } from 'node:worker_threads';
parentPort.on('message', (m) => {
  if (m.kind === 'batch')
    parentPort.postMessage({ id: m.id, result: [threadId, resourceLimits.maxYoungGenerationSizeMb, m.batch * 2] });
});
`)}`,
);

async function run(batches: number[]): Promise<[number, number, number][]> {
  const out: [number, number, number][] = [];
  await runBatches<number, [number, number, number]>({
    worker: WORKER,
    data: null,
    workers: 2,
    batches,
    onResult: (i, r) => (out[i] = r),
  });
  return out;
}

describe('pool workers', () => {
  test('each worker has the young generation WORKER_YOUNG_GENERATION_MIB, above V8 default of 48 MiB', async () => {
    const out = await run([1, 2, 3, 4, 5, 6]);
    expect(out.map(([, , doubled]) => doubled)).toEqual([2, 4, 6, 8, 10, 12]);
    expect(WORKER_YOUNG_GENERATION_MIB).toBeGreaterThan(48);
    expect(new Set(out.map(([, young]) => young))).toEqual(new Set([WORKER_YOUNG_GENERATION_MIB]));
    // The next run takes the same workers back from the idle list instead of starting new ones.
    const again = await run([7, 8, 9, 10]);
    expect(new Set(again.map(([thread]) => thread))).toEqual(new Set(out.map(([thread]) => thread)));
  });
});
