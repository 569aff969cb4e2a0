/**
 * THE HOST MODEL. The remote side of a packet is one host: it has some address, and it may be a member of any
 * groups and have its address in any prefix lists (its memberships), whatever that address is. A CIDR rule
 * matches the address, a group or prefix-list rule matches a membership, and each cloud's order decides.
 *
 * The evaluation of a list for a host depends only on the host's address and on which of the atoms the lists
 * name it holds. So hosts fall into classes by their named memberships (a membership no rule names changes
 * nothing), and within a class the answer is a function of the address alone: the list of a class is the list
 * with every rule of a held atom matching every address and every rule of another atom matching nothing. The
 * classes are evaluated as plain address lists in one partition, so each cell compares like with like.
 *
 * Which classes are needed: with one list, the first rule of any held atom is the first rule of one of them,
 * so the class without memberships and one class per atom cover every host. With two lists the first held
 * atom may differ between the lists, so pairs of atoms are needed too (only pairs where both lists name one
 * of the two and not both the same single one, and some list denies one of them: otherwise the pair behaves
 * like a single atom or like the union of the two).
 */
import type { Atom } from './api.js';
import { runsSubtract } from './cells.js';
import type { EvalRule, PeerSpec } from './rules.js';

/** A class of hosts: those holding exactly these named memberships (sorted), with any address. */
export interface HostClass {
  readonly atoms: readonly Atom[];
}

const ADDRESSES: PeerSpec = { kind: 'addresses' };
const NOTHING: PeerSpec = { kind: 'nothing' };

function atomsOf(list: readonly EvalRule[]): Set<Atom> {
  const out = new Set<Atom>();
  for (const r of list) if (r.peer.kind === 'atom') out.add(r.peer.atom);
  return out;
}

/** Every atom the lists name, sorted. */
export function namedAtoms(lists: readonly (readonly EvalRule[])[]): Atom[] {
  const out = new Set<Atom>();
  for (const list of lists) for (const a of atomsOf(list)) out.add(a);
  return [...out].sort();
}

/**
 * Whether hosts holding both x and y can be answered differently from hosts holding one of them (module
 * comment). When no list denies x or y, a list answers a holder of both as it answers a holder of either
 * (the first of their rules, both allows, or the address decides first): the pair adds nothing.
 */
function pairMatters(named: readonly Set<Atom>[], denied: ReadonlySet<Atom>, x: Atom, y: Atom): boolean {
  if (!denied.has(x) && !denied.has(y)) return false;
  let single: Atom | undefined;
  let mixed = false;
  for (const atoms of named) {
    const hasX = atoms.has(x);
    const hasY = atoms.has(y);
    if (!hasX && !hasY) return false;
    if (hasX && hasY) mixed = true;
    else {
      const only = hasX ? x : y;
      if (single !== undefined && single !== only) mixed = true;
      single = only;
    }
  }
  return mixed;
}

/** The classes of hosts that together give every answer the lists can give (module comment). */
export function hostClasses(lists: readonly (readonly EvalRule[])[]): HostClass[] {
  const named = lists.map(atomsOf);
  const atoms = namedAtoms(lists);
  const denied = new Set<Atom>();
  for (const list of lists) for (const r of list) if (!r.allow && r.peer.kind === 'atom') denied.add(r.peer.atom);
  const classes: HostClass[] = [{ atoms: [] }, ...atoms.map((a) => ({ atoms: [a] }))];
  if (lists.length < 2) return classes;
  for (let i = 0; i < atoms.length; i++) {
    for (let j = i + 1; j < atoms.length; j++) {
      if (pairMatters(named, denied, atoms[i]!, atoms[j]!)) classes.push({ atoms: [atoms[i]!, atoms[j]!] });
    }
  }
  return classes;
}

/** The list as hosts of one class see it: atom rules match every address when held, nothing otherwise. */
export function listForClass(list: readonly EvalRule[], held: ReadonlySet<Atom>): EvalRule[] {
  return list.map((r) => {
    let peer: PeerSpec;
    switch (r.peer.kind) {
      case 'atom':
        peer = held.has(r.peer.atom) ? ADDRESSES : NOTHING;
        break;
      case 'atoms':
        peer = held.size > 0 ? ADDRESSES : NOTHING;
        break;
      case 'everything':
        peer = ADDRESSES;
        break;
      default:
        return r;
    }
    return r.local ? { allow: r.allow, lo: r.lo, hi: r.hi, local: r.local, peer, source: r.source } : { allow: r.allow, lo: r.lo, hi: r.hi, peer, source: r.source };
  });
}

/**
 * Every list once per class, class-major: the list `l` of class `c` is at index `c * lists.length + l`.
 */
export function classLists(lists: readonly (readonly EvalRule[])[], classes: readonly HostClass[]): EvalRule[][] {
  const out: EvalRule[][] = [];
  for (const c of classes) {
    const held = new Set(c.atoms);
    for (const list of lists) out.push(listForClass(list, held));
  }
  return out;
}

/** The address part of allowed runs (a class list names no atom, but the closure may add the atom indexes). */
export function addressRuns(runs: readonly number[], nAddr: number): number[] {
  if (runs.length === 0) return [];
  if (runs[runs.length - 1]! < nAddr) return runs as number[];
  const out: number[] = [];
  for (let k = 0; k < runs.length; k += 2) {
    const a = runs[k]!;
    if (a >= nAddr) break;
    out.push(a, Math.min(runs[k + 1]!, nAddr - 1));
  }
  return out;
}

/** True when the runs hold every address index. */
export function coversAddresses(runs: readonly number[], nAddr: number): boolean {
  return nAddr > 0 && runs.length >= 2 && runs[0] === 0 && runs[1]! >= nAddr - 1;
}

/** `a` minus each of `others`. */
export function runsMinus(a: readonly number[], ...others: (readonly number[])[]): number[] {
  let out = a as number[];
  for (const o of others) {
    if (out.length === 0) break;
    if (o.length > 0) out = runsSubtract(out, o);
  }
  return out;
}
