/**
 * Comparing many pairs: in worker threads when the built worker is there and the audit is large enough to
 * pay for starting them, else in this thread. Pairs go out in batches, a few in flight per worker, and each
 * result comes back as soon as its batch is done (`onResult`), so progress is live and the caller keeps only
 * what it reports.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MappingFile } from '../idmap/index.js';
import type { Mapping } from '../idmap/index.js';
import { comparePair } from './compare-pair.js';
import type { Pair } from './pairing.js';
import type { PairResult } from './types.js';

export interface WorkerInit {
  readonly mappingFile: MappingFile;
  readonly mappingName: string;
  readonly assumeDisjoint: boolean;
  readonly maxRegions?: number;
}

export interface Batch {
  readonly id: number;
  /** Index of the batch's first pair. */
  readonly start: number;
  readonly pairs: readonly Pair[];
}

export type BatchResult =
  { readonly id: number; readonly results: PairResult[] } | { readonly id: number; readonly error: string };

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

/** Pairs per message at most; fewer when that keeps every thread busy. */
const BATCH = 40;
/** Below this many pairs, starting threads costs more than it saves. */
const MIN_PAIRS_FOR_WORKERS = 200;

/** The compiled worker next to this module (absent when running from TypeScript sources). */
function workerFile(): URL | undefined {
  const url = new URL('./worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

function threadsFor(pairs: number, jobs: number | undefined): number {
  if (jobs !== undefined) return Math.max(1, Math.min(jobs, pairs));
  if (pairs < MIN_PAIRS_FOR_WORKERS) return 1;
  return Math.max(1, Math.min(availableParallelism(), Math.ceil(pairs / BATCH)));
}

export async function comparePairs(pairs: readonly Pair[], options: PoolOptions): Promise<void> {
  const file = workerFile();
  const threads = file === undefined ? 1 : threadsFor(pairs.length, options.jobs);
  options.onThreads?.(threads);
  if (threads === 1) {
    const opts = {
      mapping: options.mapping,
      assumeDisjoint: options.assumeDisjoint,
      ...(options.maxRegions !== undefined && { maxRegions: options.maxRegions }),
    };
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
  const size = Math.max(1, Math.min(BATCH, Math.ceil(pairs.length / (threads * 4))));
  const batches: Batch[] = [];
  for (let start = 0, id = 0; start < pairs.length; start += size, id++)
    batches.push({ id, start, pairs: pairs.slice(start, start + size) });
  const workers = Array.from({ length: threads }, () => new Worker(file!, { workerData: init }));
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      const send = (w: Worker): void => {
        if (next < batches.length) w.postMessage(batches[next++]);
      };
      for (const w of workers) {
        w.on('message', (reply: BatchResult) => {
          if ('error' in reply) return reject(new Error(`audit worker: ${reply.error}`));
          const start = batches[reply.id]!.start;
          reply.results.forEach((r, k) => options.onResult(start + k, r));
          if (++done === batches.length) return resolve();
          send(w);
        });
        w.on('error', reject);
        w.on('exit', (code) => code !== 0 && reject(new Error(`audit worker exited with ${code}`)));
        send(w);
        send(w); // two in flight per worker: the next batch is there when one finishes
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
