/**
 * What `convert --fail-on` reads of a converted group, small enough for a worker thread to send beside the
 * group's JSON text (src/convert/parallel.ts), so the CLI decides the exit status without holding the groups
 * as objects: the verdict, the distinct effects of its findings, and the name that the stderr line shows.
 */
import type { Effect } from '../../tables/finding-codes.js';
import type { ConvertedGroup } from './types.js';

/** The --fail-on levels: wider ⊂ narrower ⊂ lossy. */
export type FailOn = 'wider' | 'narrower' | 'lossy';

export interface GroupSummary {
  /** The group's ID, else its pointer (`/` for the document itself). */
  readonly name: string;
  readonly verdict: ConvertedGroup['verdict'];
  /** The effects of its findings, each once, in the order of the first finding that has it. */
  readonly effects: readonly Effect[];
}

export function summariseGroup(g: ConvertedGroup): GroupSummary {
  return {
    name: g.source.id ?? (g.source.pointer || '/'),
    verdict: g.verdict,
    effects: [...new Set(g.findings.map((f) => f.effect))],
  };
}

/** Whether a group reaches the --fail-on threshold (wider ⊂ narrower ⊂ lossy). */
export function groupFails(g: GroupSummary, threshold: FailOn): boolean {
  const wider = g.verdict === 'wider' || g.verdict === 'mixed' || g.effects.includes('wider');
  if (threshold === 'wider') return wider;
  const changed = wider || g.verdict !== 'exact' || g.effects.includes('narrower');
  if (threshold === 'narrower') return changed;
  return changed || g.effects.includes('lossy');
}
