/**
 * What a plan must prove about every state a group passes through: that it allows nothing neither the current
 * nor the desired group allows (no widening), and whether it denies something both allow (a transient denial,
 * a short outage). Both are questions about three groups at once, so the three are evaluated in one universe
 * and one partition with the engine's own machinery (as `diff` and `verdict` compare two), and the answer
 * holds for every packet, not for samples.
 *
 * Hosts, not points (DESIGN §3, src/semantics/hosts.ts): the remote side is a host with some address and any
 * memberships. A list's answer for a host depends on its address and on the first of its held atoms that the
 * list names, so with three lists every host answers like the class of at most three of its atoms: the
 * classes are the sets of up to three named atoms (up to pairs beyond MAX_ATOMS_FOR_TRIPLES named atoms, as
 * `verdict` does for two lists). `assumeDisjoint` keeps the point model.
 */
import type { SecurityGroup } from '../model/group.js';
import type { Direction } from '../model/rule.js';
import type { Atom } from '../semantics/api.js';
import { directionRegions, regionOf } from '../semantics/diff.js';
import { runsIntersect, runsSubtract } from '../semantics/cells.js';
import { addressRuns, classLists, hostClasses, namedAtoms, type HostClass } from '../semantics/hosts.js';
import { DIRECTIONS, evaluateLists, peerSetOf } from '../semantics/meaning.js';
import { evaluationList, type EvalRule, type MeaningOptions } from '../semantics/rules.js';

export interface StateCheck {
  /** An example of what the state allows beyond current ∪ desired; absent when it does not widen. */
  readonly widens?: string;
  /** True when the state denies something both the current and the desired group allow. */
  readonly transientDenial: boolean;
}

/** Beyond this many named atoms, classes of three atoms are left to the pair classes of the engine. */
const MAX_ATOMS_FOR_TRIPLES = 8;

function classesOf(lists: readonly (readonly EvalRule[])[]): HostClass[] {
  const atoms: Atom[] = namedAtoms(lists);
  if (atoms.length > MAX_ATOMS_FOR_TRIPLES) return hostClasses(lists);
  const out: HostClass[] = [{ atoms: [] }];
  for (let i = 0; i < atoms.length; i++) {
    out.push({ atoms: [atoms[i]!] });
    for (let j = i + 1; j < atoms.length; j++) {
      out.push({ atoms: [atoms[i]!, atoms[j]!] });
      for (let k = j + 1; k < atoms.length; k++) out.push({ atoms: [atoms[i]!, atoms[j]!, atoms[k]!] });
    }
  }
  return out;
}

interface Verdicts {
  widens?: string;
  transientDenial: boolean;
}

function pointModel(direction: Direction, lists: EvalRule[][], out: Verdicts): void {
  const ev = evaluateLists(lists, [], false);
  const beyond = (i: number): number[] => {
    const [c, d, s] = ev.leaves[i]!.results.map((r) => r.runs);
    return runsSubtract(runsSubtract(s!, c!), d!);
  };
  for (let i = 0; i < ev.leaves.length; i++) {
    const [c, d, s] = ev.leaves[i]!.results.map((r) => r.runs);
    if (!out.transientDenial && runsSubtract(runsIntersect(c!, d!), s!).length > 0) out.transientDenial = true;
    if (out.widens === undefined && beyond(i).length > 0)
      out.widens = directionRegions(direction, ev, beyond)[0]?.text ?? `${direction} traffic`;
  }
}

function hostModel(direction: Direction, lists: EvalRule[][], out: Verdicts): void {
  const classes = classesOf(lists);
  const ev = evaluateLists(classLists(lists, classes), namedAtoms(lists), false);
  const { nAddr } = ev.universe;
  for (const leaf of ev.leaves) {
    for (let k = 0; k < classes.length; k++) {
      const [c, d, s] = [0, 1, 2].map((l) => addressRuns(leaf.results[3 * k + l]!.runs, nAddr));
      if (!out.transientDenial && runsSubtract(runsIntersect(c!, d!), s!).length > 0) out.transientDenial = true;
      if (out.widens === undefined) {
        const beyond = runsSubtract(runsSubtract(s!, c!), d!);
        if (beyond.length > 0) {
          const held = classes[k]!.atoms;
          const text = regionOf(
            direction,
            leaf.box.map((r) => [r[0], r[1]] as const),
            peerSetOf(ev.universe, beyond),
          ).text;
          out.widens =
            held.length === 0
              ? text
              : `${text}, for a host that is a member of ${held.map((a) => a.replace(/^(group|prefixList):/, '')).join(' and ')}`;
        }
      }
    }
  }
}

/** How `state` relates to `current` ∪ `desired` (widening) and to `current` ∩ `desired` (transient denial). */
export function checkState(
  current: SecurityGroup,
  desired: SecurityGroup,
  state: SecurityGroup,
  options: MeaningOptions = {},
): StateCheck {
  const out: Verdicts = { transientDenial: false };
  for (const direction of DIRECTIONS) {
    const lists = [current, desired, state].map((g) => evaluationList(g, direction, options));
    if (options.assumeDisjoint) pointModel(direction, lists, out);
    else hostModel(direction, lists, out);
  }
  return { ...(out.widens !== undefined && { widens: out.widens }), transientDenial: out.transientDenial };
}
