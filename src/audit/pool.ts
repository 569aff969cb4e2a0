/**
 * Comparing many pairs: in worker threads (src/threads/pool.ts) when the built worker is there and the audit
 * is large enough to pay for starting them, else in this thread. Pairs go out in batches, and each result
 * comes back as soon as its batch is done (`onResult`), so progress is live and the caller keeps only what it
 * reports.
 */
import type { MappingFile } from '../idmap/index.js';
import type { Mapping } from '../idmap/index.js';
import { BATCH, batchRanges, compiledWorker, runBatches, threadsFor } from '../threads/pool.js';
import { comparePair } from './compare-pair.js';
import type { Pair } from './pairing.js';
import type { PairResult } from './types.js';

export interface WorkerInit {
  readonly mappingFile: MappingFile;
  readonly mappingName: string;
  readonly assumeDisjoint: boolean;
  readonly maxRegions?: number;
}

/** The pairs of one message to a worker. */
export type Batch = readonly Pair[];

export interface PoolOptions {
  readonly mapping: Mapping;
  readonly assumeDisjoint: boolean;
  readonly maxRegions?: number;
  /** Threads to use; 1 compares in this thread. Default: the machine's parallelism, when the audit is large. */
  readonly jobs?: number;
  /** Called with each result (in completion order) and its pair's index. */
  readonly onResult: (index: number, result: PairResult) => void;
  /** Told how many threads compare the pairs (1: this thread). */
  readonly onThreads?: (threads: number) => void;
}

/** Below this many pairs, starting threads costs more than it saves. */
const MIN_PAIRS_FOR_WORKERS = 200;

export async function comparePairs(pairs: readonly Pair[], options: PoolOptions): Promise<void> {
  const file = compiledWorker('./worker.js', import.meta.url);
  const threads = file === undefined ? 1 : threadsFor(pairs.length, MIN_PAIRS_FOR_WORKERS, options.jobs);
  options.onThreads?.(threads);
  const opts = {
    mapping: options.mapping,
    assumeDisjoint: options.assumeDisjoint,
    ...(options.maxRegions !== undefined && { maxRegions: options.maxRegions }),
  };
  if (threads === 1) {
    for (let i = 0; i < pairs.length; i++) {
      const p = pairs[i]!;
      options.onResult(i, comparePair(p.a, p.b, p.by, opts));
      // Let the event loop run now and then (progress line, signals) during a long in-thread audit.
      if (i % BATCH === BATCH - 1) await new Promise((r) => setImmediate(r));
    }
    return;
  }
  const init: WorkerInit = {
    mappingFile: options.mapping.file,
    mappingName: '<mapping>',
    assumeDisjoint: options.assumeDisjoint,
    ...(options.maxRegions !== undefined && { maxRegions: options.maxRegions }),
  };
  const ranges = batchRanges(pairs.length, threads);
  // This thread compares pairs too, so --jobs counts the threads that compare, as convert's --jobs does.
  await runBatches<Batch, PairResult[]>({
    worker: file!,
    data: init,
    workers: threads - 1,
    local: (batch) => batch.map((p) => comparePair(p.a, p.b, p.by, opts)),
    batches: ranges.map(([start, end]): Batch => pairs.slice(start, end)),
    onResult: (index, results) => results.forEach((r, k) => options.onResult(ranges[index]![0] + k, r)),
  });
}
