/**
 * Compile any group to AWS: allow-only rules, one peer each, computed from the meaning itself, so Aliyun
 * drops and priorities are subtracted exactly where the point model sees them.
 *
 * What the point model cannot see is resolved conservatively BEFORE evaluation (never wider):
 * - a drop of a group / prefix-list atom also drops every address AND every other atom in its protocol/port
 *   box (a member may have any address and belong to several groups), and a CIDR drop also drops every atom
 *   in its box: later allows of another peer lose the overlap (`peer_kind_overlap`);
 * - a drop whose peer the target cannot write (`canWrite` false) drops everything in its box
 *   (`deny_not_representable`); an ALLOW whose peer cannot be written is left out and the CALLER reports it
 *   (unmapped_group_reference / unmapped_prefix_list / unmapped_account are the conversion layer's codes);
 * - conditions AWS cannot hold (source ports, local addresses, NicType internet, unresolved port lists) are
 *   decided by the lowering stage from the capability table (src/lower/conditions.ts): an accept is left out
 *   or, with allowWidening, kept without them; a drop that loses source ports or a local address drops
 *   everything in its box here (narrower, `deny_not_representable`).
 * Deny flattening, priorities and the quota are reported by the lowering stage (src/lower/lower.ts).
 */
import type { SecurityGroup } from '../model/group.js';
import type { Direction, Peer, Rule } from '../model/rule.js';
import {
  AWS_NAMED_PROTOCOLS,
  ICMP,
  ICMP_PROTOCOLS,
  ICMPV6,
  PORT_PROTOCOLS,
  protocolRangesText,
} from '../../tables/protocols.js';
import { blockText, cidrFamily, intervalToBlocks } from '../address/index.js';
import { CAPABILITIES } from '../../tables/capabilities.js';
import { countRules } from '../lower/quota.js';
import { keepAllow, lostDenyConditions } from '../lower/conditions.js';
import type { CompileOptions, CompileResult } from './api.js';
import { deciderAt, decidesSome, runsIntersect, runsSubtract, type Box, type CellResult } from './cells.js';
import { atomLabel } from './diff.js';
import { DIRECTIONS, evaluateLists } from './meaning.js';
import {
  atomOfPeer,
  DIM,
  evalRuleOf,
  evaluationList,
  innerAccessApplies,
  selfAtom,
  type EvalRule,
  type PeerSpec,
} from './rules.js';

export function rulePointer(group: SecurityGroup, rule: Rule, index: number): string {
  return rule.origin?.pointer ?? `${group.pointer ?? ''}/rules/${index}`;
}

function peerText(peer: Peer): string {
  if (peer.kind === 'cidr') return peer.cidr;
  return atomLabel(atomOfPeer(peer)!);
}

function boxesOverlap(a: EvalRule, b: EvalRule): boolean {
  for (let d = 0; d < DIM.local; d++) if (a.lo[d]! > b.hi[d]! || b.lo[d]! > a.hi[d]!) return false;
  return true;
}

/** The conservative evaluation list of one direction, and the findings its choices imply. */
function conservativeList(source: SecurityGroup, direction: Direction, options: CompileOptions): EvalRule[] {
  const { report } = options;
  const canWrite = options.canWrite ?? (() => true);
  const widen = options.allowWidening === true;
  const pending: {
    pointer: string;
    self: EvalRule;
    check: (list: EvalRule[], self: EvalRule) => boolean;
    code: 'peer_kind_overlap' | 'deny_not_representable';
    detail: Record<string, string>;
  }[] = [];
  const conditions = { caps: CAPABILITIES.aws, to: 'AWS', widen, report };
  const list = evaluationList(source, direction, {}, (rule, index) => {
    const pointer = rulePointer(source, rule, index);
    const base = evalRuleOf(rule, index, true);
    const unwritable = rule.peer.kind !== 'cidr' && !canWrite(rule.peer);
    if (rule.action === 'allow') {
      if (unwritable) return []; // reported by the caller (conversion layer codes)
      return keepAllow(rule, pointer, conditions) ? [base] : [];
    }
    // A drop: the conditions AWS cannot hold are lost (src/lower decides and reports which).
    const lost = lostDenyConditions(rule, pointer, conditions);
    // An unreadable peer: whatever it was, the drop may not be lost (that would widen): drop everything.
    const unreadable = base.peer.kind === 'nothing';
    if (unwritable || unreadable || lost.length > 0) {
      const everything: EvalRule = { ...base, peer: { kind: 'everything' } };
      const what = [peerText(rule.peer), ...lost].join(' with ');
      pending.push({
        pointer,
        self: everything,
        code: 'deny_not_representable',
        detail: { peer: what, to: 'AWS' },
        check: (l, self) => laterAllowOverlaps(l, self, () => true),
      });
      return [everything];
    }
    if (base.peer.kind === 'atom') {
      // Members of the dropped group may have any address and belong to other groups as well.
      const atom = base.peer.atom;
      const extra: EvalRule = { ...base, peer: { kind: 'everything' } };
      pending.push({
        pointer,
        self: base,
        code: 'peer_kind_overlap',
        detail: { denyKind: `group/prefix-list (${atomLabel(atom)})`, allowKind: 'CIDR or other group' },
        check: (l, self) => laterAllowOverlaps(l, self, (p) => p.kind !== 'atom' || p.atom !== atom),
      });
      return [base, extra];
    }
    if (base.peer.kind === 'cidr') {
      const extra: EvalRule = { ...base, peer: { kind: 'atoms' } };
      pending.push({
        pointer,
        self: base,
        code: 'peer_kind_overlap',
        detail: { denyKind: 'CIDR', allowKind: 'group/prefix-list' },
        check: (l, self) => laterAllowOverlaps(l, self, (p) => p.kind === 'atom'),
      });
      return [base, extra];
    }
    return [base];
  });
  // Report only the conservative choices that remove something a later allow would have given.
  for (const p of pending) if (p.check(list, p.self)) report.add(p.code, p.pointer, p.detail);
  return list;
}

function laterAllowOverlaps(list: EvalRule[], self: EvalRule, affected: (peer: PeerSpec) => boolean): boolean {
  const at = list.indexOf(self);
  return list.slice(at + 1).some((r) => r.allow && affected(r.peer) && boxesOverlap(r, self));
}

/**
 * One emitted allow: a peer over a protocol (and ports / ICMP) with the pointer of a source rule it came from.
 * Every emit is built by `emitOf`, with every field (absent ones undefined) in one order: hundreds are made
 * per group, and one shape keeps them fast to build and to read (spreads made objects of many shapes).
 */
interface Emit {
  protocol: number | 'all';
  ports: { from: number; to: number } | undefined;
  icmp: { type: number | 'any'; code: number | 'any' } | undefined;
  peerKey: string;
  pointer: string;
  description: string | undefined;
}

/** What an emit is for: the protocol and its ports or ICMP match. */
interface Base {
  protocol: number | 'all';
  ports?: { from: number; to: number };
  icmp?: { type: number | 'any'; code: number | 'any' };
}

/** An element of an allowed set with the source rule that decided it. */
interface PeerOrigin {
  peerKey: string;
  pointer: string;
  description: string | undefined;
}

function emitOf(base: Base, peer: PeerOrigin): Emit {
  return {
    protocol: base.protocol,
    ports: base.ports,
    icmp: base.icmp,
    peerKey: peer.peerKey,
    pointer: peer.pointer,
    description: peer.description,
  };
}

interface Slot {
  box: Box;
  runs: number[];
  result: CellResult;
}

/**
 * Slots by the bounds AWS can write (protocol, destination port, ICMP type and code), as two exact numbers
 * instead of a text per leaf: protocol and port bounds in 48 bits, the ICMP bounds in 32.
 */
class SlotIndex {
  readonly #byProtocolPorts = new Map<number, Map<number, Slot>>();

  static #keys(box: Box): [number, number] {
    const [p0, p1] = box[DIM.protocol]!;
    const [d0, d1] = box[DIM.dstPort]!;
    const [t0, t1] = box[DIM.icmpType]!;
    const [c0, c1] = box[DIM.icmpCode]!;
    return [(p0 * 256 + p1) * 2 ** 32 + d0 * 65536 + d1, ((t0 * 256 + t1) * 256 + c0) * 256 + c1];
  }

  get(box: Box): Slot | undefined {
    const [k1, k2] = SlotIndex.#keys(box);
    return this.#byProtocolPorts.get(k1)?.get(k2);
  }

  set(box: Box, slot: Slot): void {
    const [k1, k2] = SlotIndex.#keys(box);
    let byIcmp = this.#byProtocolPorts.get(k1);
    if (byIcmp === undefined) this.#byProtocolPorts.set(k1, (byIcmp = new Map<number, Slot>()));
    byIcmp.set(k2, slot);
  }
}

export function compileToAws(source: SecurityGroup, options: CompileOptions): CompileResult {
  const { report } = options;
  const groupPointer = source.pointer ?? '';
  const rules: Rule[] = [];
  const counts: Record<string, number> = {};
  const peerOfAtom = new Map<string, Peer>();
  for (const r of source.rules) {
    const a = atomOfPeer(r.peer);
    if (a !== undefined && !peerOfAtom.has(a)) peerOfAtom.set(a, r.peer);
  }
  const cidrOfKey = new Map<string, string>();
  const own = selfAtom(source);
  peerOfAtom.set(own, { kind: 'group', groupId: options.targetGroupId });

  for (const direction of DIRECTIONS) {
    const list = conservativeList(source, direction, options);
    const ev = evaluateLists([list], [own]);
    const { universe } = ev;
    /** The source rule that decided an index of a cell (or the group, for defaults and the closure). */
    const originOf = (res: CellResult, key: string, index: number): PeerOrigin => {
      const pos = deciderAt(res, index);
      const src = pos >= 0 ? list[pos]!.source : undefined;
      if (src?.kind !== 'rule') return { peerKey: key, pointer: groupPointer, description: undefined };
      const rule = source.rules[src.index]!;
      return { peerKey: key, pointer: rulePointer(source, rule, src.index), description: rule.description };
    };
    // Slots: the leaves keyed by the dimensions AWS can write; source ports / local pieces are intersected.
    const slots = new SlotIndex();
    const all: Slot[] = []; // in order of first appearance
    for (const leaf of ev.leaves) {
      const res = leaf.results[0]!;
      const s = slots.get(leaf.box);
      if (s === undefined) {
        const slot: Slot = { box: leaf.box, runs: [...res.runs], result: res };
        slots.set(leaf.box, slot);
        all.push(slot);
      } else s.runs = runsIntersect(s.runs, res.runs);
    }
    let sAll = all[0]?.runs ?? [];
    for (const s of all) sAll = runsIntersect(sAll, s.runs);
    const emits: Emit[] = [];
    const narrowed = new ProtocolsLeftOut();
    // Slots often allow the same set: its elements are computed once per direction, and the same key strings
    // reach mergePorts (a string's hash is computed once).
    const elementsMemo = new Map<string, { key: string; index: number }[]>();
    const elementsOf = (runs: readonly number[]) => {
      const k = runs.join(',');
      let els = elementsMemo.get(k);
      if (els === undefined) elementsMemo.set(k, (els = elements(universe, runs)));
      return els;
    };
    /** One emit per base and element of `runs`, base by base; the elements are computed once, and only when there are any. */
    const emitEach = (runs: readonly number[], res: CellResult, bases: Iterable<Base>) => {
      if (runs.length === 0) return;
      const els = elementsOf(runs).map((e) => originOf(res, e.key, e.index));
      for (const base of bases) for (const e of els) emits.push(emitOf(base, e));
    };
    const emitRuns = (runs: readonly number[], res: CellResult, base: Base) => emitEach(runs, res, [base]);
    /**
     * The same peers for every protocol of a range: the elements are computed once. A range (p0 < p1) only
     * exists where an "all protocols" allow was cut by a protocol-specific drop; AWS has no "all but TCP", so
     * the exact form is one rule per protocol number (hundreds: never within quota). By default only the
     * protocols AWS names are kept and the rest is reported (narrower); expandProtocols writes every number.
     */
    const emitProtocols = (runs: readonly number[], res: CellResult, p0: number, p1: number) => {
      if (runs.length === 0) return;
      const els = elementsOf(runs).map((e) => originOf(res, e.key, e.index));
      const expand = p0 === p1 || options.expandProtocols === true;
      const leftOut: number[] = [];
      for (let p = p0; p <= p1; p++) {
        if (expand || AWS_NAMED_PROTOCOLS.includes(p)) for (const e of els) emits.push(emitOf({ protocol: p }, e));
        else leftOut.push(p);
      }
      // Once per source rule of the elements, in the order they are met (the same sets and the same finding
      // order as protocol by protocol, element by element).
      if (leftOut.length > 0)
        for (const pointer of new Set(els.map((e) => e.pointer))) narrowed.addAll(pointer, leftOut);
    };
    if (all[0]) emitRuns(sAll, all[0].result, { protocol: 'all' });

    const byProto = new Map<string, Slot[]>();
    for (const s of all) {
      const k = `${s.box[DIM.protocol]![0]}-${s.box[DIM.protocol]![1]}`;
      const g = byProto.get(k) ?? [];
      g.push(s);
      byProto.set(k, g);
    }
    for (const group of byProto.values()) {
      const [p0, p1] = group[0]!.box[DIM.protocol]!;
      let sProto = group[0]!.runs;
      for (const s of group) sProto = runsIntersect(sProto, s.runs);
      sProto = runsSubtract(sProto, sAll);
      emitProtocols(sProto, group[0]!.result, p0, p1);
      if (p0 !== p1) continue;
      const rest = (s: Slot) => runsSubtract(runsSubtract(s.runs, sAll), sProto);
      if (PORT_PROTOCOLS.includes(p0)) {
        for (const s of group) {
          const [from, to] = s.box[DIM.dstPort]!;
          emitRuns(rest(s), s.result, { protocol: p0, ports: { from, to } });
        }
      } else if (ICMP_PROTOCOLS.includes(p0)) {
        const byType = new Map<number, Slot[]>();
        for (const s of group) {
          const t = s.box[DIM.icmpType]![0];
          byType.set(t, [...(byType.get(t) ?? []), s]);
        }
        for (const ts of byType.values()) {
          const [t0, t1] = ts[0]!.box[DIM.icmpType]!;
          let sType = rest(ts[0]!);
          for (const s of ts) sType = runsIntersect(sType, rest(s));
          emitEach(sType, ts[0]!.result, icmpBases(p0, t0, t1, 'any', 'any'));
          for (const s of ts) {
            const [c0, c1] = s.box[DIM.icmpCode]!;
            // A type range times a code range can be 65,536 bases: generated only when something is allowed there.
            emitEach(runsSubtract(rest(s), sType), s.result, icmpBases(p0, t0, t1, c0, c1));
          }
        }
      }
    }
    narrowed.report(report, direction);
    const out = mergePorts(emits);
    const neverMatch = new NeverMatching();
    for (const e of out) {
      const peer = peerOfKey(e.peerKey, peerOfAtom, cidrOfKey);
      // An "all protocols" allow split by protocol gives ICMP and ICMPv6 for every peer: the family-mismatched
      // ones match nothing on either cloud and only take quota (but see keepWholeFamily).
      if (neverMatch.skip(e.protocol, peer, e.pointer, true)) continue;
      rules.push({
        direction,
        action: 'allow',
        protocol: e.protocol,
        ...(e.ports ? { ports: e.ports } : {}),
        ...(e.icmp ? { icmp: e.icmp } : {}),
        peer,
        ...(e.description !== undefined ? { description: e.description } : {}),
        origin: { provider: source.provider, pointer: e.pointer },
      });
    }
    neverMatch.report(report);
    countRules(
      rules.filter((r) => r.direction === direction),
      direction,
      counts,
    );
    reportDefaults(
      source,
      direction,
      list,
      ev.leaves.map((l) => l.results[0]!),
      options,
      groupPointer,
    );
  }

  const group: SecurityGroup = {
    modelVersion: source.modelVersion,
    provider: 'aws',
    id: options.targetGroupId,
    ...(source.name !== undefined ? { name: source.name } : {}),
    ...(source.description !== undefined ? { description: source.description } : {}),
    ...(source.tags !== undefined ? { tags: source.tags } : {}),
    rules,
    ...(source.pointer !== undefined ? { pointer: source.pointer } : {}),
  };
  return { group, counts };
}

/**
 * Why a rule of this protocol and peer can never match: ICMP (IPv4) with an IPv6 CIDR, ICMPv6 with an IPv4
 * CIDR. Both clouds evaluate ICMP per address family, so such a rule allows nothing.
 */
export function familyMismatch(protocol: Rule['protocol'], peer: Peer): string | undefined {
  if (peer.kind !== 'cidr' || (protocol !== ICMP && protocol !== ICMPV6)) return undefined;
  const family = cidrFamily(peer.cidr);
  if (protocol === ICMP && family === 6) return 'ICMP (IPv4) with an IPv6 peer';
  if (protocol === ICMPV6 && family === 4) return 'ICMPv6 with an IPv4 peer';
  return undefined;
}

/** Rules left out because they can never match, counted per source rule and reason (one finding each). */
export class NeverMatching {
  private readonly counts = new Map<string, { pointer: string; reason: string; count: number }>();
  /**
   * True when the rule can never match (and is counted). `keepWholeFamily`: keep a rule whose peer is the whole
   * other family (ICMP from ::/0, ICMPv6 from 0.0.0.0/0). With the rule for the own family it says "every
   * address", which is how the engine knows every member of every group is allowed too (the closure); without
   * it, a translation of "all traffic from anywhere" would be proven narrower for group members.
   */
  skip(protocol: Rule['protocol'], peer: Peer, pointer: string, keepWholeFamily = false): boolean {
    const reason = familyMismatch(protocol, peer);
    if (reason === undefined) return false;
    if (keepWholeFamily && peer.kind === 'cidr' && (peer.cidr === '::/0' || peer.cidr === '0.0.0.0/0')) return false;
    const key = `${pointer}\u0000${reason}`;
    const c = this.counts.get(key);
    if (c === undefined) this.counts.set(key, { pointer, reason, count: 1 });
    else c.count++;
    return true;
  }
  report(report: CompileOptions['report']): void {
    for (const { pointer, reason, count } of this.counts.values()) {
      report.add('never_match_not_written', pointer, {
        rules: count === 1 ? '1 rule' : `${count} rules`,
        reason,
        verb: count === 1 ? 'was' : 'were',
      });
    }
    this.counts.clear();
  }
}

/** ICMP emits for each type of [t0, t1] (and each code of [c0, c1], or any code), type by type. */
function* icmpBases(protocol: number, t0: number, t1: number, c0: number | 'any', c1: number | 'any'): Generator<Base> {
  for (let type = t0; type <= t1; type++) {
    if (c0 === 'any' || c1 === 'any') yield { protocol, icmp: { type, code: 'any' } };
    else for (let code = c0; code <= c1; code++) yield { protocol, icmp: { type, code } };
  }
}

/** Protocol numbers left out of an expanded "all protocols" allow, per source rule (one finding each). */
class ProtocolsLeftOut {
  private readonly byPointer = new Map<string, Set<number>>();
  addAll(pointer: string, protocols: readonly number[]): void {
    let set = this.byPointer.get(pointer);
    if (set === undefined) this.byPointer.set(pointer, (set = new Set()));
    for (const p of protocols) set.add(p);
  }
  report(report: CompileOptions['report'], direction: Direction): void {
    for (const [pointer, set] of this.byPointer) {
      report.add('protocols_narrowed', pointer, {
        direction,
        count: set.size,
        protocols: protocolRangesText([...set].sort((a, b) => a - b)),
      });
    }
  }
}

function reportDefaults(
  source: SecurityGroup,
  direction: Direction,
  list: EvalRule[],
  results: CellResult[],
  options: CompileOptions,
  groupPointer: string,
): void {
  const defaultPos = list.findIndex((r) => r.source.kind === 'default');
  if (defaultPos >= 0 && results.some((res) => decidesSome(res, defaultPos))) {
    options.report.add('implicit_default_added', groupPointer, {
      provider: 'Aliyun',
      direction,
      meaning: 'accept what no rule decides',
      to: 'AWS',
    });
  }
  if (direction === 'ingress' && innerAccessApplies(source)) {
    options.report.add('inner_access_made_explicit', groupPointer, {});
  }
}

/** Elements of an allowed set: minimal CIDRs and atoms; every address means 0.0.0.0/0 + ::/0 (atoms implied). */
function elements(
  universe: ReturnType<typeof evaluateLists>['universe'],
  runs: readonly number[],
): { key: string; index: number }[] {
  const out: { key: string; index: number }[] = [];
  const full = runs.length >= 2 && runs[0] === 0 && runs[1]! >= universe.nAddr - 1;
  if (full)
    return [
      { key: 'cidr:0.0.0.0/0', index: 0 },
      { key: 'cidr:::/0', index: universe.nV4 },
    ];
  for (let k = 0; k < runs.length; k += 2) {
    const a = runs[k]!;
    const b = runs[k + 1]!;
    for (const [from, to] of [
      [a, Math.min(b, universe.nV4 - 1)],
      [Math.max(a, universe.nV4), Math.min(b, universe.nAddr - 1)],
    ] as const) {
      if (from > to) continue;
      const lo = universe.addressInterval(from);
      const hi = universe.addressInterval(to);
      for (const block of intervalToBlocks(lo.lo, hi.hi, lo.family)) {
        out.push({ key: `cidr:${blockText(block, lo.family)}`, index: universe.addressIndex(lo.family, block.start) });
      }
    }
    for (let i = Math.max(a, universe.nAddr); i <= b; i++) {
      // The "other atoms" point stands for atoms no rule names; AWS cannot write "any group", so it is not
      // emitted. It is only ever allowed through the closure, whose addresses are emitted as 0.0.0.0/0, ::/0.
      if (i === universe.otherAtomsIndex) continue;
      out.push({ key: `atom:${universe.atoms[i - universe.nAddr]!}`, index: i });
    }
  }
  return out;
}

/**
 * `cidrs` keeps one CIDR string per key, so the rules of one peer share it: the engine looks CIDR texts up
 * by string (cidrToInterval's cache), and a string's hash is computed once, not once per slice.
 */
function peerOfKey(key: string, peerOfAtom: Map<string, Peer>, cidrs: Map<string, string>): Peer {
  if (key.startsWith('cidr:')) {
    let cidr = cidrs.get(key);
    if (cidr === undefined) cidrs.set(key, (cidr = key.slice(5)));
    return { kind: 'cidr', cidr };
  }
  const atom = key.slice(5);
  const known = peerOfAtom.get(atom);
  if (known !== undefined) return known;
  if (atom.startsWith('prefixList:')) return { kind: 'prefixList', prefixListId: atom.slice('prefixList:'.length) };
  if (atom.startsWith('group-name:')) return { kind: 'group', groupName: atom.slice('group-name:'.length) };
  return { kind: 'group', groupId: atom.slice('group:'.length) };
}

/** Same peer, same protocol and ICMP, adjacent port ranges: one rule. */
function mergePorts(emits: Emit[]): Emit[] {
  // Emits with ports grouped by (peer, protocol and ICMP), the groups in order of first appearance. Keyed by
  // the peer's existing string, then the protocol number: no key text is built per emit.
  const byPeer = new Map<string, Map<number | string, Emit[]>>();
  const groups: Emit[][] = [];
  const out: Emit[] = [];
  for (const e of emits) {
    // Without ports, (protocol, ICMP, peer) is emitted once by construction: nothing to merge.
    if (e.ports === undefined) {
      out.push(e);
      continue;
    }
    let byProtocol = byPeer.get(e.peerKey);
    if (byProtocol === undefined) byPeer.set(e.peerKey, (byProtocol = new Map<number | string, Emit[]>()));
    const k = e.icmp === undefined ? e.protocol : `${e.protocol}|${e.icmp.type}/${e.icmp.code}`;
    let g = byProtocol.get(k);
    if (g === undefined) {
      byProtocol.set(k, (g = []));
      groups.push(g);
    }
    g.push(e);
  }
  for (const g of groups) {
    g.sort((x, y) => x.ports!.from - y.ports!.from);
    let acc = { ...g[0]!, ports: { ...g[0]!.ports! } };
    for (let i = 1; i < g.length; i++) {
      const e = g[i]!;
      if (e.ports!.from === acc.ports.to + 1) acc.ports.to = e.ports!.to;
      else {
        out.push(acc);
        acc = { ...e, ports: { ...e.ports! } };
      }
    }
    out.push(acc);
  }
  return out.sort(compareEmits);
}

/** Protocol ('all' first), then ports, then ICMP type and code; peers keep their address order (stable sort). */
function compareEmits(a: Emit, b: Emit): number {
  return emitOrder(a) - emitOrder(b);
}

function emitOrder(e: Emit): number {
  const protocol = e.protocol === 'all' ? 0 : e.protocol + 1;
  const port = e.ports ? e.ports.from + 1 : 0;
  const type = e.icmp ? (e.icmp.type === 'any' ? 0 : e.icmp.type + 1) : 0;
  const code = e.icmp ? (e.icmp.code === 'any' ? 0 : e.icmp.code + 1) : 0;
  return ((protocol * 65537 + port) * 257 + type) * 257 + code;
}
