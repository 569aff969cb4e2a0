/**
 * meaning(group): per direction the normalised allow-set, as disjoint boxes over protocol × destination port ×
 * ICMP type × ICMP code × source port × local address, each with the set of peers it allows. The point model
 * and the closure rule are described at the top of rules.ts.
 */
import type { SecurityGroup } from '../model/group.js';
import type { Direction } from '../model/rule.js';
import { IntervalSet, parseAddressValue, type Interval } from '../address/index.js';
import type { Atom, Packet } from './api.js';
import { mergeTouchingRules, partition, placeRules, Universe, type Box, type Deciders, type Leaf } from './cells.js';
import { DIM, evaluationList, type EvalRule, type MeaningOptions } from './rules.js';

export interface PeerSet {
  readonly v4: IntervalSet;
  readonly v6: IntervalSet;
  /** Named atoms in the set; when `atomsComplement`, the atoms NOT in the set (every other atom is in). */
  readonly atoms: ReadonlySet<Atom>;
  readonly atomsComplement: boolean;
}

export interface LocalSet {
  /** Packets that name no local address (they match only rules without one). */
  readonly unspecified: boolean;
  readonly v4: IntervalSet;
  readonly v6: IntervalSet;
}

export interface AllowBox {
  readonly protocol: readonly [number, number];
  readonly dstPort: readonly [number, number];
  readonly icmpType: readonly [number, number];
  readonly icmpCode: readonly [number, number];
  readonly srcPort: readonly [number, number];
  /** 'any' when the box covers every local address (and packets without one). */
  readonly local: LocalSet | 'any';
  readonly peers: PeerSet;
}

export interface Meaning {
  readonly ingress: readonly AllowBox[];
  readonly egress: readonly AllowBox[];
}

export const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

/** Joint evaluation of several groups' lists of one direction in one universe. */
export interface Evaluation {
  readonly universe: Universe;
  readonly leaves: readonly Leaf[];
}

/**
 * `keepDeciders`: record which rule decided each point (explain, compile need it; comparisons do not), or
 * 'pieces': the decided pieces only (the host model reads its classes off them: hosts.ts).
 */
export function evaluateLists(
  lists: readonly (readonly EvalRule[])[],
  extraAtoms: readonly string[] = [],
  keepDeciders: Deciders = true,
  closure = true,
): Evaluation {
  const universe = new Universe(lists, extraAtoms, closure);
  const placed = placeRules(universe, lists);
  // Without deciders only the allowed runs count: rules that paint as one are evaluated as one.
  const rules = keepDeciders !== false ? placed : mergeTouchingRules(placed);
  return { universe, leaves: partition(universe, rules, lists.length, keepDeciders) };
}

export function peerSetOf(universe: Universe, runs: readonly number[]): PeerSet {
  const v4: Interval[] = [];
  const v6: Interval[] = [];
  const inSet = new Set<Atom>();
  let other = false;
  for (let k = 0; k < runs.length; k += 2) {
    for (let i = runs[k]!; i <= runs[k + 1]!; i++) {
      if (i < universe.nAddr) {
        // Jump over the whole address part of the run at once.
        const end = Math.min(runs[k + 1]!, universe.nAddr - 1);
        addAddressRun(universe, i, end, v4, v6);
        i = end;
      } else if (i === universe.otherAtomsIndex) other = true;
      else inSet.add(universe.atoms[i - universe.nAddr]!);
    }
  }
  const atoms = other ? new Set(universe.atoms.filter((a) => !inSet.has(a))) : inSet;
  return { v4: IntervalSet.of(v4), v6: IntervalSet.of(v6), atoms, atomsComplement: other };
}

function addAddressRun(universe: Universe, a: number, b: number, v4: Interval[], v6: Interval[]): void {
  // Split at the family boundary.
  if (a < universe.nV4) {
    const end = Math.min(b, universe.nV4 - 1);
    v4.push({ lo: universe.addressInterval(a).lo, hi: universe.addressInterval(end).hi });
  }
  if (b >= universe.nV4) {
    const start = Math.max(a, universe.nV4);
    v6.push({ lo: universe.addressInterval(start).lo, hi: universe.addressInterval(b).hi });
  }
}

export function localSetOf(universe: Universe, range: readonly [number, number]): LocalSet | 'any' {
  if (range[0] === 0 && range[1] === universe.localMax) return 'any';
  const v4: Interval[] = [];
  const v6: Interval[] = [];
  for (let i = Math.max(range[0], 1); i <= range[1]; i++) {
    const iv = universe.localInterval(i);
    (iv.family === 4 ? v4 : v6).push({ lo: iv.lo, hi: iv.hi });
  }
  return { unspecified: range[0] === 0, v4: IntervalSet.of(v4), v6: IntervalSet.of(v6) };
}

/**
 * Merge adjacent boxes with equal values, one dimension after the other (last split first), so regions are
 * as large as the partition allows.
 */
export function mergeBoxes<T>(
  items: readonly { box: Box; key: string; value: T }[],
): { box: Box; key: string; value: T }[] {
  let cur = items.map((x) => ({ box: x.box.map((b) => [b[0], b[1]] as [number, number]), key: x.key, value: x.value }));
  for (let d = DIM.local; d >= 0; d--) {
    const groups = new Map<string, typeof cur>();
    for (const it of cur) {
      const k = `${it.key}|${it.box.map((b, i) => (i === d ? '' : `${b[0]}-${b[1]}`)).join('|')}`;
      let g = groups.get(k);
      if (g === undefined) groups.set(k, (g = []));
      g.push(it);
    }
    const next: typeof cur = [];
    for (const g of groups.values()) {
      g.sort((x, y) => x.box[d]![0] - y.box[d]![0]);
      let acc = g[0]!;
      for (let i = 1; i < g.length; i++) {
        const it = g[i]!;
        if (it.box[d]![0] === acc.box[d]![1] + 1) {
          const box = acc.box.map((b) => [b[0], b[1]] as [number, number]);
          box[d] = [acc.box[d]![0], it.box[d]![1]];
          acc = { box, key: acc.key, value: acc.value };
        } else {
          next.push(acc);
          acc = it;
        }
      }
      next.push(acc);
    }
    cur = next;
  }
  return cur.sort((x, y) => compareBoxes(x.box, y.box));
}

export function compareBoxes(a: Box, b: Box): number {
  for (let d = 0; d < a.length; d++) {
    const c = a[d]![0] - b[d]![0];
    if (c !== 0) return c;
  }
  return 0;
}

export function allowBoxOf(universe: Universe, box: Box, runs: readonly number[]): AllowBox {
  return {
    protocol: box[DIM.protocol]!,
    dstPort: box[DIM.dstPort]!,
    icmpType: box[DIM.icmpType]!,
    icmpCode: box[DIM.icmpCode]!,
    srcPort: box[DIM.srcPort]!,
    local: localSetOf(universe, box[DIM.local]!),
    peers: peerSetOf(universe, runs),
  };
}

function directionMeaning(group: SecurityGroup, direction: Direction, options: MeaningOptions): AllowBox[] {
  const { universe, leaves } = evaluateLists([evaluationList(group, direction, options)], [], false);
  const items = leaves
    .filter((l) => l.results[0]!.runs.length > 0)
    .map((l) => ({ box: l.box, key: l.results[0]!.key, value: l.results[0]! }));
  return mergeBoxes(items).map((it) => allowBoxOf(universe, it.box, it.value.runs));
}

/** The normalised allow-set of a group, per direction. */
export function meaning(group: SecurityGroup, options: MeaningOptions = {}): Meaning {
  return { ingress: directionMeaning(group, 'ingress', options), egress: directionMeaning(group, 'egress', options) };
}

function within(r: readonly [number, number], v: number): boolean {
  return r[0] <= v && v <= r[1];
}

/** True when the peer set holds the packet's peer. */
export function peerSetHas(peers: PeerSet, peer: Packet['peer']): boolean {
  if (peer.kind === 'atom') return peers.atomsComplement ? !peers.atoms.has(peer.atom) : peers.atoms.has(peer.atom);
  const a = parseAddressValue(peer.address);
  if (a === undefined) return false;
  return (a.family === 4 ? peers.v4 : peers.v6).has(a.value);
}

/** Membership of a packet in a meaning (missing packet fields read as 0: they only matter where given). */
export function allows(m: Meaning, packet: Packet): boolean {
  const local = packet.local === undefined ? undefined : parseAddressValue(packet.local);
  return m[packet.direction].some((b) => {
    if (!within(b.protocol, packet.protocol)) return false;
    if (!within(b.dstPort, packet.dstPort ?? 0) || !within(b.srcPort, packet.srcPort ?? 0)) return false;
    if (!within(b.icmpType, packet.icmpType ?? 0) || !within(b.icmpCode, packet.icmpCode ?? 0)) return false;
    if (b.local !== 'any') {
      if (local === undefined) {
        if (!b.local.unspecified) return false;
      } else if (!(local.family === 4 ? b.local.v4 : b.local.v6).has(local.value)) return false;
    }
    return peerSetHas(b.peers, packet.peer);
  });
}
