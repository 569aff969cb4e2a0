/**
 * Batches of independent work spread over worker threads (the audit's pairs, the groups of a conversion).
 * Batches go out in order, two in flight per worker so the next is there when one finishes, and each result
 * comes back as soon as its batch is done (`onResult`, with the batch's index). When `local` is given, this
 * thread takes batches too, between messages, so N threads of work need N - 1 workers.
 *
 * Fail closed, as one thread would: a batch stops at its first error, no batch after a failed one is sent,
 * and once the batches before it are done the error of the earliest failed batch is thrown (a TranslateError
 * keeps its code, message and location across the thread boundary).
 *
 * Workers outlive a run: when it ends they drop its data and wait, unreferenced (they never keep the process
 * alive), for the next run of the same module, so a program that converts again does not pay for starting
 * threads and compiling their code twice. A worker that failed is terminated, never reused.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TranslateError, type ErrorCode, type ErrorLocation } from '../errors.js';

/** What a worker is sent: a run's data (first), one batch and its index, or the end of the run. */
export type PoolMessage<B> =
  | { readonly kind: 'start'; readonly data: unknown }
  | { readonly kind: 'batch'; readonly id: number; readonly batch: B }
  | { readonly kind: 'end' };

/** An error as it crosses threads: a TranslateError's parts, or another error's message. */
export interface ThreadError {
  readonly message: string;
  readonly code?: ErrorCode;
  readonly location?: ErrorLocation;
}

/** What a worker posts back for one batch. */
export type BatchReply<R> =
  { readonly id: number; readonly result: R } | { readonly id: number; readonly error: ThreadError };

export interface PoolRun<B, R> {
  /** The compiled worker module (see `compiledWorker`). */
  readonly worker: URL;
  /** Given to every worker before its first batch (the worker's `serveBatches` start function gets it). */
  readonly data: unknown;
  /** Worker threads to start (at least 1). */
  readonly workers: number;
  readonly batches: readonly B[];
  /** Workers already given `data` (startWorkers); the first `workers` of them are used, the rest released. */
  readonly started?: StartedWorkers;
  /** Runs one batch in this thread; when given, this thread takes batches too. */
  readonly local?: (batch: B) => R;
  /** Each batch's result, in completion order, with the batch's index; an error it throws fails that batch. */
  readonly onResult: (index: number, result: R) => void;
}

/** Items per batch at most; fewer when that keeps every thread busy. */
export const BATCH = 40;

/**
 * Threads for `work` items: `jobs` when given (a whole number from 1; never more threads than items), else one
 * per core when there are at least `least` items (below, starting threads costs more than it saves) and
 * enough batches to keep them busy.
 */
export function threadsFor(work: number, least: number, jobs: number | undefined): number {
  if (jobs !== undefined) {
    if (!Number.isInteger(jobs) || jobs < 1)
      throw new TranslateError('usage', `jobs must be a whole number from 1 (got ${String(jobs)})`);
    return Math.max(1, Math.min(jobs, Math.ceil(work)));
  }
  return work < least ? 1 : Math.max(1, Math.min(availableParallelism(), Math.ceil(work / BATCH)));
}

/**
 * `count` items as [start, end) batches for `threads` threads: at most BATCH each, and never more than a
 * quarter of each thread's share of what is left, so the batches shrink toward the end. A thread that is
 * done while another still works waits at most for the last, small batch (with equal batches it waited
 * for up to two whole ones: the one running and the one queued behind it).
 */
export function batchRanges(count: number, threads: number): [number, number][] {
  const out: [number, number][] = [];
  for (let start = 0; start < count;) {
    const size = Math.max(1, Math.min(BATCH, Math.ceil((count - start) / (threads * 4))));
    out.push([start, Math.min(count, start + size)]);
    start += size;
  }
  return out;
}

/** The compiled worker module beside `base` (absent when running from TypeScript sources, as under vitest). */
export function compiledWorker(name: string, base: string): URL | undefined {
  const url = new URL(name, base);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

/** An error as a worker posts it. */
export function toThreadError(e: unknown): ThreadError {
  if (e instanceof TranslateError) return { message: e.message, code: e.code, location: e.location };
  return { message: e instanceof Error ? e.message : String(e) };
}

/** The error a worker posted, as it was thrown there (a plain Error for anything but a TranslateError). */
export function fromThreadError(e: ThreadError): Error {
  return e.code !== undefined ? new TranslateError(e.code, e.message, e.location) : new Error(e.message);
}

/** Idle workers, by module: started by an earlier run, waiting for the next. */
const idle = new Map<string, Worker[]>();

/**
 * The young generation of a worker's heap, in MiB (V8's default is 48 on 64-bit machines). A conversion makes
 * mostly short-lived objects, and a worker does nothing but convert: a larger young generation collects
 * them in fewer scavenges and promotes fewer of them to the old generation.
 */
export const WORKER_YOUNG_GENERATION_MIB = 128;

function takeWorker(module: URL): Worker {
  const w = idle.get(module.href)?.pop();
  if (w === undefined)
    return new Worker(module, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MIB } });
  w.ref();
  return w;
}

/** Back to the idle list, its run's data dropped; it no longer keeps the process alive. */
function release(module: URL, w: Worker): void {
  w.removeAllListeners('message');
  w.removeAllListeners('error');
  w.removeAllListeners('exit');
  w.postMessage({ kind: 'end' } satisfies PoolMessage<never>);
  // An idle worker that dies (killed, out of memory) just leaves the list.
  w.once('exit', () => {
    const list = idle.get(module.href);
    if (list !== undefined)
      idle.set(
        module.href,
        list.filter((x) => x !== w),
      );
  });
  w.unref();
  let list = idle.get(module.href);
  if (list === undefined) idle.set(module.href, (list = []));
  list.push(w);
}

/** Workers given a run's data ahead of its batches (they may start on it, e.g. read an input, meanwhile). */
export interface StartedWorkers {
  readonly module: URL;
  readonly workers: readonly Worker[];
}

/** Take `count` workers of `module` and give them the run's data now; `runBatches` sends the batches later. */
export function startWorkers(module: URL, count: number, data: unknown): StartedWorkers {
  const workers = Array.from({ length: Math.max(1, count) }, () => takeWorker(module));
  for (const w of workers) w.postMessage({ kind: 'start', data } satisfies PoolMessage<never>);
  return { module, workers };
}

/** The id of the batch `askFirst` sends (batches of a run count from 0). */
const ASK_ID = -1;

/**
 * One batch for the first of `started` before their run (`runBatches` not called yet): its result, or its
 * error (also when the run's data could not be used). Tells this thread what a worker found preparing the
 * run's data, such as the size of the work, without preparing it here too.
 */
export function askFirst<B, R>(started: StartedWorkers, batch: B): Promise<R> {
  const w = started.workers[0]!;
  return new Promise<R>((resolve, reject) => {
    const done = (): void => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
    };
    const onMessage = (reply: BatchReply<R>): void => {
      if (reply.id !== ASK_ID) return;
      done();
      if ('error' in reply) reject(fromThreadError(reply.error));
      else resolve(reply.result);
    };
    const onError = (e: Error): void => {
      done();
      reject(e);
    };
    const onExit = (code: number): void => onError(new Error(`worker thread exited with ${code}`));
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
    w.postMessage({ kind: 'batch', id: ASK_ID, batch } satisfies PoolMessage<B>);
  });
}

/** Started workers that will get no batch: their data dropped, back to the idle list. */
export function stopWorkers(started: StartedWorkers, from = 0): void {
  for (const w of started.workers.slice(from)) release(started.module, w);
}

export async function runBatches<B, R>(run: PoolRun<B, R>): Promise<void> {
  const { batches } = run;
  const wanted = Math.max(1, run.workers);
  if (batches.length === 0) {
    if (run.started !== undefined) stopWorkers(run.started);
    return;
  }
  const started = run.started ?? startWorkers(run.worker, wanted, run.data);
  stopWorkers(started, wanted);
  const workers = started.workers.slice(0, wanted);
  /** Workers that failed (error, exit): terminated instead of kept. */
  let broken = false;
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      /** The earliest failed batch so far, and its error. */
      let failed: { index: number; error: Error } | undefined;
      let settled = false;
      const finish = (): void => {
        if (settled) return;
        // Every batch sent is done (a failure stops the sending), so the earliest error is known.
        if (done === next && (failed !== undefined || next === batches.length)) {
          settled = true;
          if (failed !== undefined) reject(failed.error);
          else resolve();
        }
      };
      const fail = (index: number, error: Error): void => {
        if (failed === undefined || index < failed.index) failed = { index, error };
      };
      const deliver = (index: number, result: R): void => {
        try {
          run.onResult(index, result);
        } catch (e) {
          fail(index, e instanceof Error ? e : new Error(String(e)));
        }
      };
      const take = (): number | undefined => (failed === undefined && next < batches.length ? next++ : undefined);
      const send = (w: Worker): void => {
        const id = take();
        if (id !== undefined) w.postMessage({ kind: 'batch', id, batch: batches[id]! } satisfies PoolMessage<B>);
      };
      const crash = (e: Error): void => {
        broken = true;
        if (settled) return;
        settled = true;
        reject(e);
      };
      for (const w of workers) {
        w.on('message', (reply: BatchReply<R>) => {
          done++;
          if ('error' in reply) fail(reply.id, fromThreadError(reply.error));
          else if (failed === undefined || reply.id < failed.index) deliver(reply.id, reply.result);
          send(w);
          finish();
        });
        w.on('error', crash);
        w.on('exit', (code) => crash(new Error(`worker thread exited with ${code}`)));
        send(w);
        send(w); // two in flight per worker: the next batch is there when one finishes
      }
      const local = run.local;
      if (local !== undefined) {
        // This thread takes a batch whenever the event loop is free, so worker replies are handled in between.
        const step = (): void => {
          if (settled) return;
          const id = take();
          if (id === undefined) return finish();
          try {
            const result = local(batches[id]!);
            if (failed === undefined || id < failed.index) deliver(id, result);
          } catch (e) {
            fail(id, e instanceof Error ? e : new Error(String(e)));
          }
          done++;
          finish();
          setImmediate(step);
        };
        setImmediate(step);
      }
    });
  } finally {
    if (broken) await Promise.all(workers.map((w) => w.terminate()));
    else for (const w of workers) release(run.worker, w);
  }
}
