/**
 * Comparing two groups (any providers; IDs already renamed by the caller): both are evaluated in one
 * universe and one partition, so every cell compares like with like.
 */
import type { SecurityGroup } from '../model/group.js';
import type { Direction } from '../model/rule.js';
import { ICMP_PROTOCOLS, PORT_PROTOCOLS, PROTOCOL_NAMES } from '../../tables/protocols.js';
import type { DiffResult, Region, Verdict } from './api.js';
import { IntervalSet } from '../address/index.js';
import {
  forEachCovering,
  mergedAllowList,
  mergeTouchingRules,
  placeRules,
  runsSubtract,
  sameItems,
  Universe,
  type Box,
  type CellResult,
  type CellRule,
  type Covering,
  type Leaf,
} from './cells.js';
import type { Atom } from './api.js';
import {
  addressRuns,
  cellClasses,
  classRuns,
  coversAddresses,
  decidingRules,
  NO_RULE,
  runsMinus,
  type CellClass,
} from './hosts.js';
import { decidesByHosts, keptByRedundancy, type DecidedRules } from './lint.js';
import { atomLabel, hostCondition } from './host-text.js';
import { cellHostComparison, ONLY_A, ONLY_B, unionHostComparison } from './host-verdict.js';
import {
  DIRECTIONS,
  evaluateLists,
  localSetOf,
  mergeBoxes,
  peerSetOf,
  type Evaluation,
  type PeerSet,
} from './meaning.js';
import { DIM, DIM_MAX, evaluationList, type EvalRule, type MeaningOptions } from './rules.js';

/** At most this many regions per side are listed; the rest are counted in `omittedA` / `omittedB`. */
export const MAX_REGIONS = 200;

export interface DiffOptions extends MeaningOptions {
  readonly maxRegions?: number;
}

function protocolName(p: number): string {
  return PROTOCOL_NAMES.find((n) => n[0] === p)?.[2].replace(/^47$/, 'gre') ?? String(p);
}

export { atomLabel };

export function peerLabels(peers: PeerSet): string[] {
  const out = [...peers.v4.toCidrs(4), ...peers.v6.toCidrs(6)];
  if (peers.v4.isFull(4) && peers.v6.isFull(6)) return out; // every atom is implied (closure)
  const atoms = [...peers.atoms].sort().map(atomLabel);
  if (peers.atomsComplement)
    out.push(atoms.length ? `any group or prefix list except ${atoms.join(', ')}` : 'any group or prefix list');
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
  };
}

/** The instance-side addresses of a box as text, or undefined when it covers every local address. */
function localLabels(universe: Evaluation['universe'], box: Box): string[] | undefined {
  const local = localSetOf(universe, box[DIM.local]!);
  return local === 'any'
    ? undefined
    : [...(local.unspecified ? ['(no local address)'] : []), ...local.v4.toCidrs(4), ...local.v6.toCidrs(6)];
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
    return regionOf(direction, it.box, peerSetOf(universe, it.value), localLabels(universe, it.box));
  });
}

/** Two groups' lists of one direction evaluated once, as written, keeping the decided pieces, without the closure (hosts.ts). */
function hostEvaluation(
  a: SecurityGroup,
  b: SecurityGroup,
  direction: Direction,
  options: MeaningOptions,
): { ev: Evaluation; lists: EvalRule[][] } {
  const lists = [evaluationList(a, direction, options), evaluationList(b, direction, options)];
  return { ev: evaluateLists(lists, [], 'pieces', false), lists };
}

/** Per cell, each class of hosts with the address runs each list allows them (memoised by the pair of results). */
function classAnswers(
  ev: Evaluation,
  lists: readonly EvalRule[][],
): (leaf: Leaf) => { cls: CellClass; runs: number[][] }[] {
  const memo = new Map<CellResult, Map<CellResult, { cls: CellClass; runs: number[][] }[]>>();
  const { universe } = ev;
  return (leaf) => {
    const [ra, rb] = [leaf.results[0]!, leaf.results[1]!];
    let inner = memo.get(ra);
    if (inner === undefined) memo.set(ra, (inner = new Map<CellResult, { cls: CellClass; runs: number[][] }[]>()));
    let answers = inner.get(rb);
    if (answers === undefined) {
      const base = [addressRuns(ra.runs, universe.nAddr), addressRuns(rb.runs, universe.nAddr)];
      answers = cellClasses(universe, [ra, rb]).map((cls) => ({
        cls,
        runs: cls.first.every((f) => f === NO_RULE)
          ? base
          : [
              classRuns(ra, lists[0]!, universe.nAddr, cls.first[0]!),
              classRuns(rb, lists[1]!, universe.nAddr, cls.first[1]!),
            ],
      }));
      inner.set(rb, answers);
    }
    return answers;
  };
}

const NO_PEERS: PeerSet = { v4: IntervalSet.EMPTY, v6: IntervalSet.EMPTY, atoms: new Set(), atomsComplement: false };

interface DiffItem {
  readonly box: Box;
  readonly key: string;
  readonly value: { readonly runs: readonly number[]; readonly atoms?: readonly Atom[] };
}

/**
 * The regions only side `x` allows, in the host model. Per cell: the addresses where hosts without named
 * memberships differ, plus the atoms whose every member differs (whatever its address), read together as one
 * peer set; then, as regions with a condition, the members of an atom (or of a pair of atoms) that differ only
 * at some addresses or only when they hold both memberships, less what the simpler classes already say.
 */
function hostSideRegions(
  direction: Direction,
  ev: Evaluation,
  answersOf: ReturnType<typeof classAnswers>,
  x: number,
  y: number,
): Region[] {
  const { universe } = ev;
  const { nAddr } = universe;
  const plain: DiffItem[] = [];
  const conditional: DiffItem[] = [];
  for (const leaf of ev.leaves) {
    const answers = answersOf(leaf);
    const only = answers.map((a) => (sameItems(a.runs[x]!, a.runs[y]!) ? [] : runsSubtract(a.runs[x]!, a.runs[y]!)));
    const d0 = only[0]!;
    const runs = [...d0];
    // Raw differences of the single classes, by atom (each atom of a class answers alike).
    const single = new Map<Atom, number[]>();
    // Atoms whose every member differs: those of the cell's classes below, and when hosts without named
    // memberships differ at every address, the atoms no rule of the cell names (they are answered alike).
    const fullAtoms: number[] = [];
    if (coversAddresses(d0, nAddr)) {
      const named = new Set(answers.flatMap((a) => (a.cls.atoms.length === 1 ? a.cls.atoms[0]! : [])));
      universe.atoms.forEach((atom, j) => {
        if (!named.has(atom)) fullAtoms.push(nAddr + j);
      });
    }
    const conditionalItem = (atoms: readonly Atom[], rest: readonly number[]) =>
      conditional.push({
        box: leaf.box,
        key: `${atoms.join('\u0000')}|${rest.join(',')}`,
        value: { runs: rest, atoms },
      });
    answers.forEach((a, ci) => {
      if (ci === 0) return;
      const raw = only[ci]!;
      if (a.cls.atoms.length === 1) {
        const group = a.cls.atoms[0]!;
        for (const atom of group) single.set(atom, raw);
        if (raw.length === 0) return;
        if (coversAddresses(raw, nAddr)) {
          for (const atom of group) fullAtoms.push(universe.atomIndex.get(atom)!);
          return;
        }
        const rest = runsMinus(raw, d0);
        if (rest.length > 0) for (const atom of group) conditionalItem([atom], rest);
        return;
      }
      if (raw.length === 0) return;
      const [xs, ys] = [a.cls.atoms[0]!, a.cls.atoms[1]!];
      // Every atom of a group has the group's raw difference: one rest for every pair of them.
      const rest = runsMinus(raw, d0, single.get(xs[0]!) ?? [], single.get(ys[0]!) ?? []);
      if (rest.length > 0) for (const x of xs) for (const y of ys) conditionalItem([x, y].sort(), rest);
    });
    for (const at of fullAtoms.sort((x, y) => x - y)) runs.push(at, at);
    if (runs.length > 0) plain.push({ box: leaf.box, key: runs.join(','), value: { runs } });
  }
  const regions = mergeBoxes(plain).map((it) =>
    regionOf(direction, it.box, peerSetOf(universe, it.value.runs), localLabels(universe, it.box)),
  );
  for (const it of mergeBoxes(conditional)) {
    const atoms = it.value.atoms!;
    const addresses = peerSetOf(universe, it.value.runs);
    const region = regionOf(direction, it.box, NO_PEERS, localLabels(universe, it.box));
    const condition = hostCondition(atoms, addresses.v4, addresses.v6);
    // "ingress gre from a member of sg-peer-a whose address is in pl-peer-1"
    regions.push({ ...region, peers: atoms.map(atomLabel), text: `${region.text.trimEnd()} ${condition}`, condition });
  }
  return regions;
}

/** The point model (`assumeDisjoint`): atoms are points of their own, apart from every address. */
function pointSideRegions(direction: Direction, ev: Evaluation, x: number, y: number): Region[] {
  const res = (i: number) => ev.leaves[i]!.results;
  return directionRegions(direction, ev, (i) =>
    res(i)[x] === res(i)[y] || sameItems(res(i)[x]!.runs, res(i)[y]!.runs)
      ? []
      : runsSubtract(res(i)[x]!.runs, res(i)[y]!.runs),
  );
}

/** What only A allows and what only B allows, as merged, sorted, readable regions (host model unless `assumeDisjoint`). */
export function diff(a: SecurityGroup, b: SecurityGroup, options: DiffOptions = {}): DiffResult {
  const max = options.maxRegions ?? MAX_REGIONS;
  const onlyA: Region[] = [];
  const onlyB: Region[] = [];
  for (const direction of DIRECTIONS) {
    if (options.assumeDisjoint) {
      const ev = evaluateLists(
        [evaluationList(a, direction, options), evaluationList(b, direction, options)],
        [],
        false,
      );
      onlyA.push(...pointSideRegions(direction, ev, 0, 1));
      onlyB.push(...pointSideRegions(direction, ev, 1, 0));
    } else {
      const { ev, lists } = hostEvaluation(a, b, direction, options);
      const answersOf = classAnswers(ev, lists);
      onlyA.push(...hostSideRegions(direction, ev, answersOf, 0, 1));
      onlyB.push(...hostSideRegions(direction, ev, answersOf, 1, 0));
    }
  }
  return {
    equivalent: onlyA.length === 0 && onlyB.length === 0,
    onlyA: onlyA.slice(0, max),
    onlyB: onlyB.slice(0, max),
    omittedA: Math.max(0, onlyA.length - max),
    omittedB: Math.max(0, onlyB.length - max),
  };
}

/**
 * ONLY_A | ONLY_B: whether A allows something B does not, and the other way round, per cell in the point model
 * and per cell and host class in the host model (host-verdict.ts: the classes answered without building their
 * runs). Stops as soon as `done(bits)`.
 */
function comparisonBits(
  a: SecurityGroup,
  b: SecurityGroup,
  options: MeaningOptions,
  done: (bits: number) => boolean,
): number {
  let bits = 0;
  for (const direction of DIRECTIONS) {
    if (options.assumeDisjoint) {
      const ev = evaluateLists(
        [evaluationList(a, direction, options), evaluationList(b, direction, options)],
        [],
        false,
      );
      for (const l of ev.leaves) {
        const [ra, rb] = [l.results[0]!.runs, l.results[1]!.runs];
        if (sameItems(ra, rb)) continue;
        if (runsSubtract(ra, rb).length > 0) bits |= ONLY_A;
        if (runsSubtract(rb, ra).length > 0) bits |= ONLY_B;
        if (done(bits)) return bits;
      }
      continue;
    }
    bits |= hostComparisonBits(
      [evaluationList(a, direction, options), evaluationList(b, direction, options)],
      bits,
      done,
    );
    if (done(bits)) return bits;
  }
  return bits;
}

/** Whether every rule of a list allows: which of them decided then changes no answer (see mergeTouchingRules). */
function allowOnly(list: readonly EvalRule[]): boolean {
  for (const r of list) if (!r.allow) return false;
  return true;
}

/**
 * The host-model comparison bits of two lists of one direction, from one partition as written (without the
 * closure, keeping the decided pieces). The leaves are not kept: each distinct pair of covering rule lists is
 * compared once as the cells are visited. Where both lists allow a plain union of indexes in a cell (allows,
 * then rules that allow nothing: Covering.unionRuns), the unions answer without evaluating the cell; else both
 * results are compared. An allow-only list answers a host alike whichever of its rules decided
 * (host-verdict.ts reads positions only against the first rule of a membership, and every rule allows), so its
 * touching rules of one box (a compiled group's CIDR blocks) are painted as one. With `lintA`, lint's answer
 * for list A is written to `lintA.decided` (lint.ts DecidedRules): the rules that decide when `lintA.byHosts`,
 * else the rules the AWS redundancy check keeps, from the distinct sets of A's rules covering a cell.
 */
function hostComparisonBits(
  lists: readonly EvalRule[][],
  bits: number,
  done: (bits: number) => boolean,
  lintA?: { readonly decided: Uint8Array; readonly byHosts: boolean },
): number {
  // With `lintA`, list A's rules are painted one by one: which of them decided, or covers a cell, is asked.
  const mergeable = lists.map((l, i) => allowOnly(l) && (i === 1 || lintA === undefined));
  // The CIDRs of a mergeable list merged before the universe is built (cells.ts mergedAllowList).
  const evaluated = lists.map((l, i) => (mergeable[i] ? mergedAllowList(l) : l));
  const universe = new Universe(evaluated, [], false);
  const placed = placeRules(universe, evaluated);
  const rules = mergeTouchingRules(placed, (l) => mergeable[l]!);
  const decidedA = lintA?.byHosts === true ? lintA.decided : undefined;
  // The distinct covering lists of A, for the redundancy check.
  const coveringsA: (readonly CellRule[])[] | undefined = lintA?.byHosts === false ? [] : undefined;
  // Cells with the same pair of coverings answer alike: each pair is read once.
  const seen = new Map<Covering, Set<Covering>>();
  let out = bits;
  forEachCovering(universe, rules, 2, 'pieces', (_box, coverings) => {
    const ca = coverings[0]!;
    const cb = coverings[1]!;
    let inner = seen.get(ca);
    if (inner === undefined) {
      seen.set(ca, (inner = new Set()));
      // A's result in this universe: refined by B's addresses and boxes, the same rules decide (lint.ts).
      if (decidedA !== undefined) decidingRules(universe, ca.result, decidedA);
      if (coveringsA !== undefined && ca.reps.length > 0) coveringsA.push(ca.rules);
    }
    if (done(out) || inner.has(cb)) return;
    inner.add(cb);
    const ua = ca.unionRuns;
    const ub = ua === undefined ? undefined : cb.unionRuns;
    out |=
      ub !== undefined
        ? unionHostComparison(ua!, ub, universe.nAddr)
        : cellHostComparison(universe, ca.result, cb.result, evaluated[0]!, evaluated[1]!, done);
  });
  if (coveringsA !== undefined) {
    const placedA = placed.filter((r) => r.list === 0);
    lintA!.decided.set(keptByRedundancy(placedA, coveringsA, universe.nAddr, lists[0]!.length));
  }
  return out;
}

/**
 * `verdict(source, target)`, and from the same evaluation of the source's lists which of its rules lint
 * keeps (lint.ts DecidedRules, positions of `evaluationList(source, direction)`): those that decide some host's
 * packet, or for an AWS direction that lint checks exhaustively, those the redundancy check keeps. The joint
 * partition refines the source's own, and a refinement changes no rule's decisions and no set of rules that
 * covers a cell; so lint of the source needs no evaluation of its own (`convert` evaluates the source once for
 * both). Only the directions `wanted` names are collected. The verdict is the one `verdict` proves: both
 * lists evaluated from their rules.
 */
export function verdictAndDeciders(
  source: SecurityGroup,
  target: SecurityGroup,
  wanted: (direction: Direction) => boolean,
): { verdict: Verdict; decided: DecidedRules } {
  if (source === target) return { verdict: 'exact', decided: {} };
  let bits = 0;
  const decided: DecidedRules = {};
  for (const direction of DIRECTIONS) {
    const lists = [evaluationList(source, direction), evaluationList(target, direction)];
    const d = wanted(direction) ? new Uint8Array(lists[0]!.length) : undefined;
    if (d !== undefined) decided[direction] = { list: lists[0]!, decided: d, group: source };
    const lintA = d && { decided: d, byHosts: decidesByHosts(source, direction) };
    bits |= hostComparisonBits(lists, bits, (b) => b === (ONLY_A | ONLY_B), lintA);
  }
  const narrower = (bits & ONLY_A) !== 0;
  const wider = (bits & ONLY_B) !== 0;
  return { verdict: narrower ? (wider ? 'mixed' : 'narrower') : wider ? 'wider' : 'exact', decided };
}

/** True when both groups allow exactly the same packets, for every host (host model unless `assumeDisjoint`). */
export function equivalent(a: SecurityGroup, b: SecurityGroup, options: MeaningOptions = {}): boolean {
  if (a === b) return true;
  // Any difference, either way, answers.
  return comparisonBits(a, b, options, (bits) => bits !== 0) === 0;
}

export function verdictOf(result: DiffResult): Verdict {
  const narrower = result.onlyA.length > 0;
  const wider = result.onlyB.length > 0;
  return narrower ? (wider ? 'mixed' : 'narrower') : wider ? 'wider' : 'exact';
}

/** How `target` relates to `source`: narrower = the target allows less (for some host; host model unless `assumeDisjoint`). */
export function verdict(source: SecurityGroup, target: SecurityGroup, options: MeaningOptions = {}): Verdict {
  // A group means what it means: the same object needs no evaluation (`--to model` compares the source with itself).
  if (source === target) return 'exact';
  const bits = comparisonBits(source, target, options, (b) => b === (ONLY_A | ONLY_B));
  const narrower = (bits & ONLY_A) !== 0;
  const wider = (bits & ONLY_B) !== 0;
  return narrower ? (wider ? 'mixed' : 'narrower') : wider ? 'wider' : 'exact';
}
