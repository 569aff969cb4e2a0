/**
 * A worker thread of the audit: compares the pairs it is sent and posts the results back, batch by batch.
 * Pairs are independent, so the work splits across threads with no shared state; the mapping is rebuilt
 * once per run from the validated file.
 */
import { createMapping } from '../idmap/index.js';
import { serveBatches } from '../threads/serve.js';
import { comparePair } from './compare-pair.js';
import type { Batch, WorkerInit } from './pool.js';

serveBatches((init: WorkerInit) => {
  const options = {
    mapping: createMapping(init.mappingFile, init.mappingName),
    assumeDisjoint: init.assumeDisjoint,
    ...(init.maxRegions !== undefined && { maxRegions: init.maxRegions }),
  };
  return (pairs: Batch) => pairs.map((p) => comparePair(p.a, p.b, p.by, options));
});
