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
import { runsSubtract, type CellResult, type Universe } from './cells.js';
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
    return r.local
      ? { allow: r.allow, lo: r.lo, hi: r.hi, local: r.local, peer, source: r.source }
      : { allow: r.allow, lo: r.lo, hi: r.hi, peer, source: r.source };
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

/*
 * The same classes, read off ONE evaluation of the lists as written (atoms as points, without the closure,
 * keeping the decided pieces of each cell): in a cell, the first rule that matches holders of atom x is the
 * decider of x's point, and a host holding memberships M at address a is decided by the earlier of the
 * address's decider and the first rule of any atom in M. So a class needs no list of its own: per cell, its
 * answer is a pass over the decided address pieces with one threshold per list. This is how diff, equivalent,
 * verdict and the lint run; `listForClass` and `classLists` above state the model plainly, and explain and the
 * plan's state proof use them.
 */

/** No rule: a position after every rule of a list. */
export const NO_RULE = 0x7fffffff;

/** A class of hosts in one cell: its memberships, and per list the first rule matching any of them. */
export interface CellClass {
  /**
   * The memberships, as groups of atoms answered alike (the same first rule in every list): [] for hosts with
   * no named membership, [group] for the holders of any one atom of the group, [x, y] for the holders of one
   * atom of each.
   */
  readonly atoms: readonly (readonly Atom[])[];
  readonly first: readonly number[];
}

/** The decided pieces of a cell result (evaluated with `keepDeciders: 'pieces'`). */
function piecesOf(result: CellResult): Int32Array {
  if (result.pieces === undefined) throw new Error('host classes need an evaluation that keeps the decided pieces');
  return result.pieces;
}

/**
 * The atom indexes a cell result decides, each with its deciding rule, flat [index0, pos0, index1, pos1, …] in
 * index order (read once per result).
 */
export function atomDecidersFlat(result: CellResult, nAddr: number, end: number): Int32Array {
  let out = result.atomDeciders;
  if (out !== undefined) return out;
  const p = piecesOf(result);
  // The first piece that reaches the atom indexes (pieces are sorted and disjoint).
  let lo = 0;
  let hi = p.length / 4;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (p[4 * mid + 1]! < nAddr) lo = mid + 1;
    else hi = mid;
  }
  let count = 0;
  for (let q = 4 * lo; q < p.length; q += 4)
    count += Math.max(0, Math.min(p[q + 1]!, end - 1) - Math.max(p[q]!, nAddr) + 1);
  out = new Int32Array(2 * count);
  let k = 0;
  for (let q = 4 * lo; q < p.length; q += 4) {
    for (let i = Math.max(p[q]!, nAddr); i <= p[q + 1]! && i < end; i++) {
      out[k++] = i;
      out[k++] = p[q + 2]!;
    }
  }
  result.atomDeciders = out;
  return out;
}

/** The atom indexes a cell result decides, each with its deciding rule. */
function atomDeciders(result: CellResult, nAddr: number, end: number): [number, number][] {
  const flat = atomDecidersFlat(result, nAddr, end);
  const out: [number, number][] = [];
  for (let k = 0; k < flat.length; k += 2) out.push([flat[k]!, flat[k + 1]!]);
  return out;
}

const atomsByRuleOf = new WeakMap<CellResult, { pos: number; atoms: Atom[] }[]>();

/** The atoms a cell result decides, grouped by their deciding rule, in atom order of each group's first atom. */
function atomsByRule(result: CellResult, universe: Universe, end: number): { pos: number; atoms: Atom[] }[] {
  let out = atomsByRuleOf.get(result);
  if (out !== undefined) return out;
  const byPos = new Map<number, Atom[]>();
  for (const [i, pos] of atomDeciders(result, universe.nAddr, end)) {
    let atoms = byPos.get(pos);
    if (atoms === undefined) byPos.set(pos, (atoms = []));
    atoms.push(universe.atoms[i - universe.nAddr]!);
  }
  out = [...byPos].map(([pos, atoms]) => ({ pos, atoms }));
  atomsByRuleOf.set(result, out);
  return out;
}

/**
 * The classes a cell needs (module comment): hosts without named memberships (which also answers for every
 * atom no rule of the cell names), one class per group of atoms the cell's rules answer alike, and the pairs
 * whose first rules come in opposite orders in two lists (otherwise a holder of both is answered as a holder of
 * the one whose rule comes first in both). One list never needs pairs.
 */
export function cellClasses(universe: Universe, results: readonly CellResult[]): CellClass[] {
  const none = results.map(() => NO_RULE);
  const out: CellClass[] = [{ atoms: [], first: none }];
  // An atom no rule of the cell names is answered as no membership: its class is the first one. The others
  // are read off the pieces over atom indexes (each index is in at most one piece of a result).
  const { nAddr } = universe;
  const end = nAddr + universe.atoms.length;
  const deciders = results.map((r) => atomDeciders(r, nAddr, end));
  const naming = deciders.filter((d) => d.length > 0).length;
  if (naming === 0) return out;
  if (naming === 1) {
    // Only one list names atoms here (a compiled target often names none): its atoms grouped by their rule.
    const l = deciders.findIndex((d) => d.length > 0);
    out.push(
      ...atomsByRule(results[l]!, universe, end).map((g) => ({
        atoms: [g.atoms],
        first: results.map((_, k) => (k === l ? g.pos : NO_RULE)),
      })),
    );
    return out;
  }
  const firsts = new Map<number, number[]>();
  results.forEach((_, l) => {
    for (const [i, pos] of deciders[l]!) {
      let f = firsts.get(i);
      if (f === undefined) firsts.set(i, (f = results.map(() => NO_RULE)));
      f[l] = pos;
    }
  });
  // Atoms with the same first rule in every list are answered alike: one class for all of them.
  const byFirst = new Map<string, { atoms: Atom[]; first: number[] }>();
  for (const i of [...firsts.keys()].sort((x, y) => x - y)) {
    const first = firsts.get(i)!;
    const key = first.join(',');
    let c = byFirst.get(key);
    if (c === undefined) byFirst.set(key, (c = { atoms: [], first }));
    c.atoms.push(universe.atoms[i - nAddr]!);
  }
  const active = [...byFirst.values()];
  out.push(...active.map((c) => ({ atoms: [c.atoms], first: c.first })));
  for (let i = 0; i < active.length; i++) {
    for (let k = i + 1; k < active.length; k++) {
      const x = active[i]!.first;
      const y = active[k]!.first;
      const flips = x.some((fx, l) => fx < y[l]!) && y.some((fy, l) => fy < x[l]!);
      if (flips)
        out.push({ atoms: [active[i]!.atoms, active[k]!.atoms], first: x.map((fx, l) => Math.min(fx, y[l]!)) });
    }
  }
  return out;
}

/**
 * The allowed address runs of one list for the hosts of a class whose first membership rule is at `first`: at
 * each address the earlier of its decider and `first` decides.
 */
export function classRuns(result: CellResult, list: readonly EvalRule[], nAddr: number, first: number): number[] {
  const runs: number[] = [];
  const add = (a: number, b: number) => {
    const last = runs.length - 1;
    if (last > 0 && runs[last] === a - 1) runs[last] = b;
    else runs.push(a, b);
  };
  // Addresses no rule before `first` decides get `first`'s answer.
  const late = first !== NO_RULE && list[first]!.allow;
  const p = piecesOf(result);
  let next = 0;
  for (let q = 0; q < p.length && p[q]! < nAddr; q += 4) {
    const lo = p[q]!;
    const hi = Math.min(p[q + 1]!, nAddr - 1);
    if (lo > next && late) add(next, lo - 1);
    if (p[q + 2]! < first ? p[q + 3] === 1 : late) add(lo, hi);
    next = hi + 1;
  }
  if (next < nAddr && late) add(next, nAddr - 1);
  return runs;
}

/** Positions of the rules of a list that decide some host's packet in a cell (one list; see cellClasses). */
export function decidingRules(universe: Universe, result: CellResult, out: Uint8Array): void {
  const { nAddr } = universe;
  // The latest moment any address is still undecided: NO_RULE when some address no rule decides.
  let lastAddressDecider = -1;
  const p = piecesOf(result);
  let next = 0;
  for (let q = 0; q < p.length && p[q]! < nAddr; q += 4) {
    if (p[q]! > next) lastAddressDecider = NO_RULE;
    out[p[q + 2]!] = 1;
    lastAddressDecider = Math.max(lastAddressDecider, p[q + 2]!);
    next = p[q + 1]! + 1;
  }
  if (next < nAddr) lastAddressDecider = NO_RULE;
  const deciders = atomDecidersFlat(result, nAddr, nAddr + universe.atoms.length);
  for (let k = 1; k < deciders.length; k += 2) {
    // Holders of the atom are decided by its first rule wherever their address is not decided before it.
    const q = deciders[k]!;
    if (lastAddressDecider > q) out[q] = 1;
  }
}
