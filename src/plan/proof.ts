/**
 * What a plan must prove about every state a group passes through: that it allows nothing neither the current
 * nor the desired group allows (no widening), and whether it denies something both allow (a transient denial,
 * a short outage). Both are questions about three groups at once, so the three are evaluated in one universe
 * and one partition with the engine's own machinery (as `diff` and `verdict` compare two), and the answer
 * holds for every packet, not for samples.
 */
import type { SecurityGroup } from '../model/group.js';
import { directionRegions } from '../semantics/diff.js';
import { runsIntersect, runsSubtract } from '../semantics/cells.js';
import { DIRECTIONS, evaluateLists } from '../semantics/meaning.js';
import { evaluationList, type MeaningOptions } from '../semantics/rules.js';

export interface StateCheck {
  /** An example of what the state allows beyond current ∪ desired; absent when it does not widen. */
  readonly widens?: string;
  /** True when the state denies something both the current and the desired group allow. */
  readonly transientDenial: boolean;
}

/** How `state` relates to `current` ∪ `desired` (widening) and to `current` ∩ `desired` (transient denial). */
export function checkState(current: SecurityGroup, desired: SecurityGroup, state: SecurityGroup, options: MeaningOptions = {}): StateCheck {
  let widens: string | undefined;
  let transientDenial = false;
  for (const direction of DIRECTIONS) {
    const lists = [current, desired, state].map((g) => evaluationList(g, direction, options));
    const ev = evaluateLists(lists, [], false);
    const beyond = (i: number): number[] => {
      const [c, d, s] = ev.leaves[i]!.results.map((r) => r.runs);
      return runsSubtract(runsSubtract(s!, c!), d!);
    };
    for (let i = 0; i < ev.leaves.length; i++) {
      const [c, d, s] = ev.leaves[i]!.results.map((r) => r.runs);
      if (!transientDenial && runsSubtract(runsIntersect(c!, d!), s!).length > 0) transientDenial = true;
      if (widens === undefined && beyond(i).length > 0) widens = directionRegions(direction, ev, beyond)[0]?.text ?? `${direction} traffic`;
    }
  }
  return { ...(widens !== undefined && { widens }), transientDenial };
}
