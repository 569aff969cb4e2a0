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
import type { Direction, IcmpMatch, Peer, PortRange, Rule } from '../model/rule.js';
import {
  AWS_NAMED_PROTOCOLS,
  ICMP,
  ICMP_PROTOCOLS,
  ICMPV6,
  PORT_PROTOCOLS,
  protocolRangesText,
} from '../../tables/protocols.js';
import { blockInterval, blockText, cidrFamily, intervalToBlocks, type Block, type Family } from '../address/index.js';
import { CAPABILITIES } from '../../tables/capabilities.js';
import { countRules } from '../lower/quota.js';
import { keepAllow, lostDenyConditions } from '../lower/conditions.js';
import type { CompileOptions, CompileResult } from './api.js';
import {
  deciderAt,
  decidesSome,
  runsIntersect,
  runsSubtract,
  type Box,
  type CellResult,
  type Universe,
} from './cells.js';
import { atomLabel } from './host-text.js';
import { DIRECTIONS, evaluateLists } from './meaning.js';
import {
  atomOfPeer,
  DIM,
  evalRuleOf,
  evaluationList,
  innerAccessApplies,
  rulePointer,
  selfAtom,
  WrittenCidrPeer,
  type EvalRule,
  type PeerSpec,
} from './rules.js';

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
 * One allow to write: a peer (an id of the direction's PeerTable) over a protocol and its ports or ICMP match,
 * and the source rule it came from (its index in the source, or -1 for the group: defaults, the closure).
 * Emits with ports never have an ICMP match (a base has one or the other).
 */
class Emit {
  constructor(
    readonly protocol: number | 'all',
    readonly ports: PortRange | undefined,
    readonly icmp: IcmpMatch | undefined,
    readonly peer: number,
    readonly origin: number,
  ) {}
}

/** What an emit is for: the protocol and its ports or ICMP match. */
interface Base {
  protocol: number | 'all';
  ports?: PortRange;
  icmp?: IcmpMatch;
}

/** The elements of an allowed set (peer ids) and, per element, the source rule that decided it. */
interface Decided {
  readonly ids: readonly number[];
  readonly from: readonly number[];
}

/**
 * The peers one direction's allowed sets are cut into: each distinct CIDR or atom gets a number, with its
 * Peer (one object for every rule written for it: compiled rules are never edited in place) and the universe
 * index its deciding rule is read at. The elements of an allowed run [a, b] are computed once per direction,
 * so slots that allow the same addresses share them, and the steps after key on numbers instead of texts.
 */
class PeerTable {
  readonly peers: Peer[] = [];
  /** Per peer: the universe index of its first address, or of its atom. */
  readonly indexes: number[] = [];
  readonly #byCidr = new Map<string, number>();
  readonly #byAtom = new Map<string, number>();
  readonly #byRun = new Map<number, readonly number[]>();
  /** Every address: 0.0.0.0/0 and ::/0 (atoms implied by the closure). */
  readonly #everyAddress: readonly number[];

  constructor(
    readonly universe: Universe,
    readonly peerOfAtom: ReadonlyMap<string, Peer>,
  ) {
    this.#everyAddress = [
      this.#cidr('0.0.0.0/0', 0, { start: 0n, prefix: 0 }, 4),
      this.#cidr('::/0', universe.nV4, { start: 0n, prefix: 0 }, 6),
    ];
  }

  #add(peer: Peer, index: number): number {
    this.peers.push(peer);
    this.indexes.push(index);
    return this.peers.length - 1;
  }

  /** The id of the CIDR `cidr`, the text of `block` (the peer is registered with the block's interval). */
  #cidr(cidr: string, index: number, block: Block, family: Family): number {
    let id = this.#byCidr.get(cidr);
    if (id === undefined) {
      const peer = new WrittenCidrPeer(cidr, blockInterval(block, family));
      this.#byCidr.set(cidr, (id = this.#add(peer, index)));
    }
    return id;
  }

  #atom(atom: string, index: number): number {
    let id = this.#byAtom.get(atom);
    if (id === undefined) this.#byAtom.set(atom, (id = this.#add(peerOfAtomText(atom, this.peerOfAtom), index)));
    return id;
  }

  /** Elements of an allowed set: minimal CIDRs and atoms; every address means 0.0.0.0/0 + ::/0. */
  elementsOf(runs: readonly number[]): readonly number[] {
    const u = this.universe;
    if (runs.length >= 2 && runs[0] === 0 && runs[1]! >= u.nAddr - 1) return this.#everyAddress;
    if (runs.length === 2) return this.#run(runs[0]!, runs[1]!);
    const out: number[] = [];
    for (let k = 0; k < runs.length; k += 2) for (const id of this.#run(runs[k]!, runs[k + 1]!)) out.push(id);
    return out;
  }

  /** Elements of the run [a, b]: its IPv4 part, its IPv6 part (each cut into the fewest CIDRs), its atoms. */
  #run(a: number, b: number): readonly number[] {
    const u = this.universe;
    const key = a * u.size + b;
    const known = this.#byRun.get(key);
    if (known !== undefined) return known;
    const out: number[] = [];
    this.#addresses(a, Math.min(b, u.nV4 - 1), out);
    this.#addresses(Math.max(a, u.nV4), Math.min(b, u.nAddr - 1), out);
    for (let i = Math.max(a, u.nAddr); i <= b; i++) {
      // The "other atoms" point stands for atoms no rule names; AWS cannot write "any group", so it is not
      // emitted. It is only ever allowed through the closure, whose addresses are emitted as 0.0.0.0/0, ::/0.
      if (i === u.otherAtomsIndex) continue;
      out.push(this.#atom(u.atoms[i - u.nAddr]!, i));
    }
    this.#byRun.set(key, out);
    return out;
  }

  /** The CIDRs of address indexes [from, to] (one family). */
  #addresses(from: number, to: number, out: number[]): void {
    if (from > to) return;
    const u = this.universe;
    const lo = u.addressInterval(from);
    const hi = u.addressInterval(to);
    for (const block of intervalToBlocks(lo.lo, hi.hi, lo.family)) {
      const cidr = blockText(block, lo.family);
      out.push(this.#byCidr.get(cidr) ?? this.#cidr(cidr, u.addressIndex(lo.family, block.start), block, lo.family));
    }
  }
}

/** The peer an atom of the evaluation stands for: the source's own peer object when a rule names it. */
function peerOfAtomText(atom: string, peerOfAtom: ReadonlyMap<string, Peer>): Peer {
  const known = peerOfAtom.get(atom);
  if (known !== undefined) return known;
  if (atom.startsWith('prefixList:')) return { kind: 'prefixList', prefixListId: atom.slice('prefixList:'.length) };
  if (atom.startsWith('group-name:')) return { kind: 'group', groupName: atom.slice('group-name:'.length) };
  return { kind: 'group', groupId: atom.slice('group:'.length) };
}

/**
 * What a compiled rule carries of the source rule it came from (by index; -1 is the group): the pointer,
 * the description and one `origin` object, each made once per source rule.
 */
class Origins {
  readonly #pointers: (string | undefined)[] = [];
  readonly #origins: (NonNullable<Rule['origin']> | undefined)[] = [];
  constructor(
    readonly source: SecurityGroup,
    readonly groupPointer: string,
  ) {}

  pointer(index: number): string {
    if (index < 0) return this.groupPointer;
    return (this.#pointers[index] ??= rulePointer(this.source, this.source.rules[index]!, index));
  }

  description(index: number): string | undefined {
    return index < 0 ? undefined : this.source.rules[index]!.description;
  }

  origin(index: number): NonNullable<Rule['origin']> {
    return (this.#origins[index + 1] ??= { provider: this.source.provider, pointer: this.pointer(index) });
  }
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

  static #protocolPorts(box: Box): number {
    const [p0, p1] = box[DIM.protocol]!;
    const [d0, d1] = box[DIM.dstPort]!;
    return (p0 * 256 + p1) * 2 ** 32 + d0 * 65536 + d1;
  }

  static #icmp(box: Box): number {
    const [t0, t1] = box[DIM.icmpType]!;
    const [c0, c1] = box[DIM.icmpCode]!;
    return ((t0 * 256 + t1) * 256 + c0) * 256 + c1;
  }

  get(box: Box): Slot | undefined {
    return this.#byProtocolPorts.get(SlotIndex.#protocolPorts(box))?.get(SlotIndex.#icmp(box));
  }

  set(box: Box, slot: Slot): void {
    const k1 = SlotIndex.#protocolPorts(box);
    let byIcmp = this.#byProtocolPorts.get(k1);
    if (byIcmp === undefined) this.#byProtocolPorts.set(k1, (byIcmp = new Map<number, Slot>()));
    byIcmp.set(SlotIndex.#icmp(box), slot);
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
  const own = selfAtom(source);
  peerOfAtom.set(own, { kind: 'group', groupId: options.targetGroupId });
  const origins = new Origins(source, groupPointer);

  for (const direction of DIRECTIONS) {
    const list = conservativeList(source, direction, options);
    const ev = evaluateLists([list], [own]);
    const peers = new PeerTable(ev.universe, peerOfAtom);
    /** The elements of `runs` and the source rule that decided each in the cell of `res`. */
    const decided = (runs: readonly number[], res: CellResult): Decided => {
      const ids = peers.elementsOf(runs);
      const from = new Array<number>(ids.length);
      for (let i = 0; i < ids.length; i++) {
        const pos = deciderAt(res, peers.indexes[ids[i]!]!);
        const src = pos >= 0 ? list[pos]!.source : undefined;
        from[i] = src?.kind === 'rule' ? src.index : -1;
      }
      return { ids, from };
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
    /** One emit per element for `base`. */
    const emit = (base: Base, d: Decided) => {
      for (let i = 0; i < d.ids.length; i++)
        emits.push(new Emit(base.protocol, base.ports, base.icmp, d.ids[i]!, d.from[i]!));
    };
    const emitRuns = (runs: readonly number[], res: CellResult, base: Base) => {
      if (runs.length > 0) emit(base, decided(runs, res));
    };
    /**
     * ICMP emits for each type of [t0, t1] (and each code of `codes`, or any code), type by type; the elements
     * are computed once. A type range times a code range can be 65,536 bases: made only when something is
     * allowed there.
     */
    const emitIcmp = (
      runs: readonly number[],
      res: CellResult,
      protocol: number,
      [t0, t1]: readonly [number, number],
      codes: readonly [number, number] | 'any',
    ) => {
      if (runs.length === 0) return;
      const d = decided(runs, res);
      for (let type = t0; type <= t1; type++) {
        if (codes === 'any') emit({ protocol, icmp: { type, code: 'any' } }, d);
        else for (let code = codes[0]; code <= codes[1]; code++) emit({ protocol, icmp: { type, code } }, d);
      }
    };
    /**
     * The same peers for every protocol of a range: the elements are computed once. A range (p0 < p1) only
     * exists where an "all protocols" allow was cut by a protocol-specific drop; AWS has no "all but TCP", so
     * the exact form is one rule per protocol number (hundreds: never within quota). By default only the
     * protocols AWS names are kept and the rest is reported (narrower); expandProtocols writes every number.
     */
    const emitProtocols = (runs: readonly number[], res: CellResult, p0: number, p1: number) => {
      if (runs.length === 0) return;
      const d = decided(runs, res);
      const expand = p0 === p1 || options.expandProtocols === true;
      let leftOut = false;
      for (let p = p0; p <= p1; p++) {
        if (expand || AWS_NAMED_PROTOCOLS.includes(p)) emit({ protocol: p }, d);
        else leftOut = true;
      }
      // Once per source rule of the elements, in the order they are met (the same sets and the same finding
      // order as protocol by protocol, element by element).
      if (leftOut) for (const pointer of new Set(d.from.map((o) => origins.pointer(o)))) narrowed.add(pointer, p0, p1);
    };
    if (all[0]) emitRuns(sAll, all[0].result, { protocol: 'all' });

    // Slots by protocol range, in order of first appearance.
    const byProto = new Map<number, Slot[]>();
    for (const s of all) {
      const k = s.box[DIM.protocol]![0] * 256 + s.box[DIM.protocol]![1];
      const g = byProto.get(k);
      if (g === undefined) byProto.set(k, [s]);
      else g.push(s);
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
          const ts = byType.get(t);
          if (ts === undefined) byType.set(t, [s]);
          else ts.push(s);
        }
        for (const ts of byType.values()) {
          const types = ts[0]!.box[DIM.icmpType]!;
          let sType = rest(ts[0]!);
          for (const s of ts) sType = runsIntersect(sType, rest(s));
          emitIcmp(sType, ts[0]!.result, p0, types, 'any');
          for (const s of ts) emitIcmp(runsSubtract(rest(s), sType), s.result, p0, types, s.box[DIM.icmpCode]!);
        }
      }
    }
    narrowed.report(report, direction);
    const first = rules.length;
    const neverMatch = new NeverMatching();
    for (const e of mergePorts(emits)) {
      const peer = peers.peers[e.peer]!;
      // An "all protocols" allow split by protocol gives ICMP and ICMPv6 for every peer: the family-mismatched
      // ones match nothing on either cloud and only take quota (but see keepWholeFamily).
      if (neverMatch.skip(e.protocol, peer, origins.pointer(e.origin), true)) continue;
      rules.push(allowRule(direction, e, peer, origins.description(e.origin), origins.origin(e.origin)));
    }
    neverMatch.report(report);
    countRules(rules.slice(first), direction, counts);
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
 * The rule of one emit, its fields in one order (direction, action, protocol, ports, icmp, peer, description,
 * origin), each optional one only when set: assigned one by one rather than spread (hundreds per group).
 */
function allowRule(
  direction: Direction,
  e: Emit,
  peer: Peer,
  description: string | undefined,
  origin: NonNullable<Rule['origin']>,
): Rule {
  const rule = { direction, action: 'allow', protocol: e.protocol } as Rule;
  if (e.ports) rule.ports = e.ports;
  if (e.icmp) rule.icmp = e.icmp;
  rule.peer = peer;
  if (description !== undefined) rule.description = description;
  rule.origin = origin;
  return rule;
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

/**
 * Protocol numbers left out of an expanded "all protocols" allow, per source rule (one finding each): the
 * numbers of each range AWS does not name, one flag per protocol number.
 */
class ProtocolsLeftOut {
  private readonly byPointer = new Map<string, Uint8Array>();
  add(pointer: string, p0: number, p1: number): void {
    let marked = this.byPointer.get(pointer);
    if (marked === undefined) this.byPointer.set(pointer, (marked = new Uint8Array(256)));
    for (let p = p0; p <= p1; p++) if (!AWS_NAMED_PROTOCOLS.includes(p)) marked[p] = 1;
  }
  report(report: CompileOptions['report'], direction: Direction): void {
    for (const [pointer, marked] of this.byPointer) {
      const protocols: number[] = [];
      for (let p = 0; p < marked.length; p++) if (marked[p] === 1) protocols.push(p);
      report.add('protocols_narrowed', pointer, {
        direction,
        count: protocols.length,
        protocols: protocolRangesText(protocols),
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

/**
 * Same peer and protocol, adjacent port ranges: one rule. Then in emit order: protocol ('all' first), ports,
 * ICMP type and code; peers keep their order (a stable sort).
 */
function mergePorts(emits: readonly Emit[]): Emit[] {
  // Emits with ports grouped by (peer, protocol), the groups in order of first appearance. Without ports,
  // (protocol, ICMP, peer) is emitted once by construction: nothing to merge.
  const byKey = new Map<number, Emit[]>();
  const groups: Emit[][] = [];
  const out: Emit[] = [];
  for (const e of emits) {
    if (e.ports === undefined) {
      out.push(e);
      continue;
    }
    const k = e.peer * 256 + (e.protocol as number);
    let g = byKey.get(k);
    if (g === undefined) {
      byKey.set(k, (g = []));
      groups.push(g);
    }
    g.push(e);
  }
  for (const g of groups) {
    g.sort((x, y) => x.ports!.from - y.ports!.from);
    let acc = g[0]!;
    let to = acc.ports!.to;
    for (let i = 1; i < g.length; i++) {
      const e = g[i]!;
      if (e.ports!.from === to + 1) to = e.ports!.to;
      else {
        out.push(withPortsTo(acc, to));
        acc = e;
        to = e.ports!.to;
      }
    }
    out.push(withPortsTo(acc, to));
  }
  return inEmitOrder(out);
}

/** The emit with its port range ending at `to` (a new emit: one base's ports are shared by its emits). */
function withPortsTo(e: Emit, to: number): Emit {
  return to === e.ports!.to ? e : new Emit(e.protocol, { from: e.ports!.from, to }, undefined, e.peer, e.origin);
}

/** Emits fewer than this are sorted as one number each: order key (< 2^25) * 2^28 + position < 2^53, exact. */
const POSITION_SCALE = 2 ** 28;

/** Emits by emitOrder, stable: each sorted as one number (key and position) by the typed-array sort. */
function inEmitOrder(emits: readonly Emit[]): Emit[] {
  const n = emits.length;
  if (n >= POSITION_SCALE) return [...emits].sort((a, b) => emitOrder(a) - emitOrder(b));
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = emitOrder(emits[i]!) * POSITION_SCALE + i;
  keys.sort();
  const out = new Array<Emit>(n);
  for (let i = 0; i < n; i++) out[i] = emits[keys[i]! % POSITION_SCALE]!;
  return out;
}

/**
 * Protocol ('all' first), then ports, then ICMP type and code, as one number below 2^25. An emit has ports or
 * an ICMP match, never both, so the part after the protocol is the port (1 + from: at most 65,536), the ICMP
 * match (type and code, each 0 for any or 1 + the value: at most 256 * 257 + 256 < 66,050), or 0.
 */
function emitOrder(e: Emit): number {
  const protocol = e.protocol === 'all' ? 0 : e.protocol + 1;
  let detail = 0;
  if (e.ports) detail = e.ports.from + 1;
  else if (e.icmp) {
    const type = e.icmp.type === 'any' ? 0 : e.icmp.type + 1;
    const code = e.icmp.code === 'any' ? 0 : e.icmp.code + 1;
    detail = type * 257 + code;
  }
  return protocol * 66050 + detail;
}
