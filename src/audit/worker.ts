/**
 * A worker thread of the audit: compares the pairs it is sent and posts the results back, batch by batch.
 * Pairs are independent, so the work splits across threads with no shared state; the mapping is rebuilt
 * once per worker from the validated file.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createMapping } from '../idmap/index.js';
import { comparePair } from './compare-pair.js';
import type { Batch, BatchResult, WorkerInit } from './pool.js';

const init = workerData as WorkerInit;
const options = {
  mapping: createMapping(init.mappingFile, init.mappingName),
  assumeDisjoint: init.assumeDisjoint,
  ...(init.maxRegions !== undefined && { maxRegions: init.maxRegions }),
};

parentPort!.on('message', (batch: Batch) => {
  let reply: BatchResult;
  try {
    reply = { id: batch.id, results: batch.pairs.map((p) => comparePair(p.a, p.b, p.by, options)) };
  } catch (e) {
    reply = { id: batch.id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
});
