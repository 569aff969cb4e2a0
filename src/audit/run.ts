/**
 * `runAudit`: pair the groups of two sides, compare every pair (in worker threads when large), rank the
 * differences by exposure and summarise. Library code: no printing; progress goes to a callback.
 */
import { performance } from 'node:perf_hooks';
import type { Mapping } from '../idmap/index.js';
import { EXPOSURE_LEVELS, type ExposureLevel } from './exposure.js';
import type { SideInput } from './inputs.js';
import { pairGroups } from './pairing.js';
import { comparePairs } from './pool.js';
import type { AuditResult, PairingMethod, PairResult } from './types.js';

export interface RunAuditOptions {
  readonly mapping: Mapping;
  readonly pairBy: readonly PairingMethod[];
  readonly assumeDisjoint: boolean;
  /** Threads for comparing pairs (default: the machine's parallelism for large audits). */
  readonly jobs?: number;
  /** Regions listed per side of a pair (the engine's cap by default). */
  readonly maxRegions?: number;
  /** `performance.now()` when the audit started (reading included); default: when runAudit is called. */
  readonly startedAt?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** The worst exposure score of a pair's differences (-1 when equivalent). */
export function worstScore(p: PairResult): number {
  return p.differences[0]?.exposure.score ?? (p.equivalent ? -1 : 0);
}

/** Different pairs first, worst first (then more differences first), then input order. */
function rank(results: readonly PairResult[]): PairResult[] {
  const order = results.map((r, i) => ({ r, i }));
  order.sort((x, y) => {
    if (x.r.equivalent !== y.r.equivalent) return x.r.equivalent ? 1 : -1;
    return worstScore(y.r) - worstScore(x.r) || y.r.differences.length - x.r.differences.length || x.i - y.i;
  });
  return order.map((o) => o.r);
}

export async function runAudit(a: SideInput, b: SideInput, options: RunAuditOptions): Promise<AuditResult> {
  const started = options.startedAt ?? performance.now();
  const { pairs, unpaired } = pairGroups(a.groups, b.groups, options.pairBy, options.mapping);
  const results = new Array<PairResult>(pairs.length);
  let done = 0;
  options.onProgress?.(0, pairs.length);
  const compareStarted = performance.now();
  await comparePairs(pairs, {
    mapping: options.mapping,
    assumeDisjoint: options.assumeDisjoint,
    ...(options.jobs !== undefined && { jobs: options.jobs }),
    ...(options.maxRegions !== undefined && { maxRegions: options.maxRegions }),
    onResult: (i, r) => {
      results[i] = r;
      options.onProgress?.(++done, pairs.length);
    },
  });
  const compareMs = Math.round(performance.now() - compareStarted);
  const ranked = rank(results);
  const differentByLevel = Object.fromEntries(EXPOSURE_LEVELS.map((l) => [l, 0])) as Record<ExposureLevel, number>;
  for (const r of ranked) if (!r.equivalent && r.differences[0]) differentByLevel[r.differences[0].exposure.level]++;
  const different = ranked.filter((r) => !r.equivalent).length;
  return {
    inputs: { A: a.sources, B: b.sources },
    pairBy: options.pairBy,
    assumeDisjoint: options.assumeDisjoint,
    pairs: ranked,
    unpaired,
    summary: {
      pairs: ranked.length,
      equivalent: ranked.length - different,
      different,
      differentByLevel,
      unpaired: { A: unpaired.filter((u) => u.side === 'A').length, B: unpaired.filter((u) => u.side === 'B').length },
      durationMs: Math.round(performance.now() - started),
      compareMs,
    },
  };
}
