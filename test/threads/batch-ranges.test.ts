/**
 * How the pool cuts work into batches (src/threads/pool.ts batchRanges): every item once, in order, at most
 * BATCH per batch, and batches that shrink toward the end so no thread waits long for another's last batch.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BATCH, batchRanges } from '../../src/threads/pool.js';

describe('batchRanges', () => {
  test('the fleet: 2,000 inputs in 2 threads', () => {
    const ranges = batchRanges(2000, 2);
    const sizes = ranges.map(([start, end]) => end - start);
    expect(sizes.slice(0, 40).every((n) => n === BATCH)).toBe(true);
    // The last batches hold a few items each: at most a quarter of a thread's share of what is left.
    expect(sizes.slice(-12)).toEqual([2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(ranges.length).toBe(75);
  });

  test('every item once, in order; sizes never grow and never exceed BATCH', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 16 }), (count, threads) => {
        const ranges = batchRanges(count, threads);
        let next = 0;
        let last = Infinity;
        for (const [start, end] of ranges) {
          expect(start).toBe(next);
          const size = end - start;
          expect(size).toBeGreaterThanOrEqual(1);
          expect(size).toBeLessThanOrEqual(Math.min(BATCH, last));
          last = size;
          next = end;
        }
        expect(next).toBe(count);
      }),
    );
  });
});
