/**
 * Comparing two groups (any providers; IDs already renamed by the caller): both are evaluated in one
 * universe and one partition, so every cell compares like with like.
 */
import type { SecurityGroup } from '../model/group.js';
import type { Direction } from '../model/rule.js';
import { ICMP_PROTOCOLS, PORT_PROTOCOLS, PROTOCOL_NAMES } from '../../mappings/protocols.js';
import type { DiffResult, Region, Verdict } from './api.js';
import { runsSubtract, sameItems, type Box } from './cells.js';
import { DIRECTIONS, evaluateLists, localSetOf, mergeBoxes, peerSetOf, type PeerSet } from './meaning.js';
import { DIM, DIM_MAX, evaluationList, type MeaningOptions } from './rules.js';

/** At most this many regions per side are listed; the rest are counted in `omittedA` / `omittedB`. */
export const MAX_REGIONS = 200;

export interface DiffOptions extends MeaningOptions {
  readonly maxRegions?: number;
}

function protocolName(p: number): string {
  return PROTOCOL_NAMES.find((n) => n[0] === p)?.[2].replace(/^47$/, 'gre') ?? String(p);
}

/** Atoms as people write them: `sg-123`, `pl-9`, `group-name:web`. */
export function atomLabel(atom: string): string {
  if (atom.startsWith('group:')) return atom.slice('group:'.length);
  if (atom.startsWith('prefixList:')) return atom.slice('prefixList:'.length);
  return atom;
}

export function peerLabels(peers: PeerSet): string[] {
  const out = [...peers.v4.toCidrs(4), ...peers.v6.toCidrs(6)];
  if (peers.v4.isFull(4) && peers.v6.isFull(6)) return out; // every atom is implied (closure)
  const atoms = [...peers.atoms].sort().map(atomLabel);
  if (peers.atomsComplement) out.push(atoms.length ? `any group or prefix list except ${atoms.join(', ')}` : 'any group or prefix list');
  else out.push(...atoms);
  return out;
}

const range = (r: readonly [number, number]) => (r[0] === r[1] ? `${r[0]}` : `${r[0]}-${r[1]}`);

export function regionOf(direction: Direction, box: Box, peers: PeerSet, localText?: string[]): Region {
  const [p0, p1] = box[DIM.protocol]!;
  const single = p0 === p1;
  const full = (d: number) => box[d]![0] === 0 && box[d]![1] === DIM_MAX[d];
  const parts: string[] = [direction];
  let protocol: number | 'all';
  const extra: Record<string, unknown> = {};
  if (p0 === 0 && p1 === 255) {
    protocol = 'all';
    parts.push('all');
  } else if (single) {
    protocol = p0;
    parts.push(protocolName(p0));
  } else {
    protocol = p0;
    extra.protocols = { from: p0, to: p1 };
    parts.push(`protocols ${p0}-${p1}`);
  }
  let ports: { from: number; to: number } | undefined;
  if (single && PORT_PROTOCOLS.includes(p0) && !full(DIM.dstPort)) {
    ports = { from: box[DIM.dstPort]![0], to: box[DIM.dstPort]![1] };
    parts.push(range(box[DIM.dstPort]!));
  }
  let icmp: Region['icmp'];
  if (single && ICMP_PROTOCOLS.includes(p0) && (!full(DIM.icmpType) || !full(DIM.icmpCode))) {
    const t = box[DIM.icmpType]!;
    const c = box[DIM.icmpCode]!;
    if ((t[0] === t[1] || full(DIM.icmpType)) && (c[0] === c[1] || full(DIM.icmpCode))) {
      icmp = { type: full(DIM.icmpType) ? 'any' : t[0], code: full(DIM.icmpCode) ? 'any' : c[0] };
    } else extra.icmpRange = { type: { from: t[0], to: t[1] }, code: { from: c[0], to: c[1] } };
    parts.push(`type ${full(DIM.icmpType) ? 'any' : range(t)} code ${full(DIM.icmpCode) ? 'any' : range(c)}`);
  }
  let sourcePorts: { from: number; to: number } | undefined;
  if (!full(DIM.srcPort)) {
    sourcePorts = { from: box[DIM.srcPort]![0], to: box[DIM.srcPort]![1] };
    parts.push(`source port ${range(box[DIM.srcPort]!)}`);
  }
  if (localText !== undefined) parts.push(`local ${localText.join(', ')}`);
  const peerText = peerLabels(peers);
  parts.push(direction === 'ingress' ? 'from' : 'to');
  const text = `${parts.join(' ')} ${peerText.join(', ')}`;
  return {
    direction,
    protocol,
    ...(ports ? { ports } : {}),
    ...(sourcePorts ? { sourcePorts } : {}),
    ...(icmp ? { icmp } : {}),
    peers: peerText,
    ...(localText ? { local: localText } : {}),
    text,
    ...extra,
  } as Region;
}

export function directionRegions(
  direction: Direction,
  evaluation: ReturnType<typeof evaluateLists>,
  pick: (leafIndex: number) => readonly number[],
): Region[] {
  const { universe, leaves } = evaluation;
  const items = leaves
    .map((l, i) => ({ box: l.box, runs: pick(i) }))
    .filter((x) => x.runs.length > 0)
    .map((x) => ({ box: x.box, key: x.runs.join(','), value: x.runs }));
  return mergeBoxes(items).map((it) => {
    const local = localSetOf(universe, it.box[DIM.local]!);
    const localText = local === 'any' ? undefined : [...(local.unspecified ? ['(no local address)'] : []), ...local.v4.toCidrs(4), ...local.v6.toCidrs(6)];
    return regionOf(direction, it.box, peerSetOf(universe, it.value), localText);
  });
}

/** What only A allows and what only B allows, as merged, sorted, readable regions. */
export function diff(a: SecurityGroup, b: SecurityGroup, options: DiffOptions = {}): DiffResult {
  const max = options.maxRegions ?? MAX_REGIONS;
  const onlyA: Region[] = [];
  const onlyB: Region[] = [];
  for (const direction of DIRECTIONS) {
    const ev = evaluateLists([evaluationList(a, direction, options), evaluationList(b, direction, options)], [], false);
    const res = (i: number) => ev.leaves[i]!.results;
    onlyA.push(...directionRegions(direction, ev, (i) => (res(i)[0] === res(i)[1] || sameItems(res(i)[0]!.runs, res(i)[1]!.runs) ? [] : runsSubtract(res(i)[0]!.runs, res(i)[1]!.runs))));
    onlyB.push(...directionRegions(direction, ev, (i) => (res(i)[0] === res(i)[1] || sameItems(res(i)[0]!.runs, res(i)[1]!.runs) ? [] : runsSubtract(res(i)[1]!.runs, res(i)[0]!.runs))));
  }
  return {
    equivalent: onlyA.length === 0 && onlyB.length === 0,
    onlyA: onlyA.slice(0, max),
    onlyB: onlyB.slice(0, max),
    omittedA: Math.max(0, onlyA.length - max),
    omittedB: Math.max(0, onlyB.length - max),
  };
}

/** True when both groups allow exactly the same packets. */
export function equivalent(a: SecurityGroup, b: SecurityGroup, options: MeaningOptions = {}): boolean {
  return DIRECTIONS.every((direction) => {
    const ev = evaluateLists([evaluationList(a, direction, options), evaluationList(b, direction, options)], [], false);
    return ev.leaves.every((l) => sameItems(l.results[0]!.runs, l.results[1]!.runs));
  });
}

export function verdictOf(result: DiffResult): Verdict {
  const narrower = result.onlyA.length > 0;
  const wider = result.onlyB.length > 0;
  return narrower ? (wider ? 'mixed' : 'narrower') : wider ? 'wider' : 'exact';
}

/** How `target` relates to `source`: narrower = the target allows less. */
export function verdict(source: SecurityGroup, target: SecurityGroup, options: MeaningOptions = {}): Verdict {
  let narrower = false;
  let wider = false;
  for (const direction of DIRECTIONS) {
    const ev = evaluateLists([evaluationList(source, direction, options), evaluationList(target, direction, options)], [], false);
    for (const l of ev.leaves) {
      const [s, t] = [l.results[0]!.runs, l.results[1]!.runs];
      if (sameItems(s, t)) continue;
      narrower ||= runsSubtract(s, t).length > 0;
      wider ||= runsSubtract(t, s).length > 0;
    }
  }
  return narrower ? (wider ? 'mixed' : 'narrower') : wider ? 'wider' : 'exact';
}
