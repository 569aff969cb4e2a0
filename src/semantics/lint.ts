/**
 * Rules that never decide a packet and rules that can never match.
 * - Aliyun: a rule is shadowed when rules before it (in evaluation order) already decide everything it matches,
 *   for every host (a member of a group it names has some address and maybe other memberships: hosts.ts).
 * - AWS: a rule is redundant when the union of the other rules already allows everything it allows; the
 *   rules are checked from the last to the first and a redundant rule is set aside before the next check, so
 *   of two duplicates only the later one is reported.
 */
import type { SecurityGroup } from '../model/group.js';
import type { Direction, Peer, Rule } from '../model/rule.js';
import { ICMP, ICMPV6 } from '../../tables/protocols.js';
import type { Report } from '../report/report.js';
import { cidrToInterval, type ParsedCidr } from '../address/index.js';
import { forEachCell, placeRules, sameItems, Universe, type CellResult, type CellRule } from './cells.js';
import { decidingRules } from './hosts.js';
import { DIRECTIONS, evaluateLists } from './meaning.js';
import {
  evalRuleOf,
  evaluationList,
  innerAccessApplies,
  orderedIndexes,
  rulePointer,
  selfGroupId,
  type EvalRule,
} from './rules.js';

/** Why a rule can never match, or undefined. */
export function neverMatchReason(rule: Rule): string | undefined {
  const peerFamily = rule.peer.kind === 'cidr' ? cidrToInterval(rule.peer.cidr)?.family : undefined;
  if (rule.peer.kind === 'cidr' && peerFamily === undefined) return `peer ${rule.peer.cidr} is not an address`;
  if (rule.protocol === ICMP && peerFamily === 6) return 'ICMP (IPv4) with an IPv6 peer';
  if (rule.protocol === ICMPV6 && peerFamily === 4) return 'ICMPv6 with an IPv4 peer';
  const localFamily = rule.local !== undefined ? cidrToInterval(rule.local)?.family : undefined;
  if (peerFamily !== undefined && localFamily !== undefined && peerFamily !== localFamily)
    return 'the peer and the local address are of different families';
  if (rule.protocol === ICMP && localFamily === 6) return 'ICMP (IPv4) with an IPv6 local address';
  if (rule.protocol === ICMPV6 && localFamily === 4) return 'ICMPv6 with an IPv4 local address';
  return undefined;
}

const AWS_EXHAUSTIVE_LIMIT = 200;

/**
 * Whether the kept rules of a cell other than `skip` cover the peer indexes [x, y]. `cell` is sorted by the
 * start of the peer range.
 */
function covered(cell: readonly CellRule[], skip: CellRule, kept: Uint8Array, x: number, y: number): boolean {
  let reach = x - 1;
  for (const c of cell) {
    if (c === skip || kept[c.pos] === 0) continue;
    if (c.a > reach + 1) return false;
    if (c.b > reach) reach = c.b;
    if (reach >= y) return true;
  }
  return reach >= y;
}

/**
 * The exact AWS check: a rule is redundant when, in every cell of the non-peer space it covers, the other
 * kept rules already allow its peers, or allow every address (then every atom too, by closure, with or
 * without it). One partition of all the rules serves every check: a finer partition than the one of the
 * rules still kept only repeats cells. Rules are checked from the last to the first; a redundant one is set
 * aside before the next check.
 */
function awsRedundantRules(group: SecurityGroup, direction: Direction, out: number[]): void {
  const order = orderedIndexes(group, direction);
  const list = order.map((i) => evalRuleOf(group.rules[i]!, i));
  const universe = new Universe([list]);
  const placed = placeRules(universe, [list]);
  // The distinct covering sets.
  const coverings: CellRule[][] = [];
  const seen = new Map<number, (readonly CellRule[])[]>();
  forEachCell(universe, placed, (covering) => {
    if (covering.length === 0) return;
    // Covering lists are in position order: hashed, then compared exactly.
    let h = covering.length;
    for (const r of covering) h = (Math.imul(h, 31) + r.pos) | 0;
    const same = seen.get(h);
    if (same?.some((c) => sameItems(c, covering))) return;
    // forEachCell's covering list is a scratch array: keep a copy.
    const kept = covering.slice();
    if (same === undefined) seen.set(h, [kept]);
    else same.push(kept);
    coverings.push(kept);
  });
  const kept = keptByRedundancy(placed, coverings, universe.nAddr, list.length);
  for (let pos = list.length - 1; pos >= 0; pos--) if (kept[pos] === 0) out.push(order[pos]!);
}

/**
 * The AWS redundancy check (awsRedundantRules) over the cells of some partition of an allow-only evaluation
 * list: `placed` are its rules placed in the partition's universe, `coverings` the distinct lists of them that
 * cover a cell (each once; any partition that refines the list's own gives the same answer, since every cell
 * of the list's own partition is a union of its cells, all covered by the same rules, and peer ranges cover
 * alike in a finer address space). `kept[pos]` is 1 when the rule at list position `pos` is not redundant.
 */
export function keptByRedundancy(
  placed: readonly CellRule[],
  coverings: readonly (readonly CellRule[])[],
  nAddr: number,
  length: number,
): Uint8Array {
  const byPos = new Array<CellRule | undefined>(length).fill(undefined);
  for (const r of placed) byPos[r.pos] = r;
  // Each covering set sorted by peer range, listed under every rule it holds.
  const cellsOf: CellRule[][][] = byPos.map(() => []);
  for (const covering of coverings) {
    const sorted = [...covering].sort((x, y) => x.a - y.a);
    for (const r of covering) cellsOf[r.pos]!.push(sorted);
  }
  const kept = new Uint8Array(length).fill(1);
  const allAddresses = nAddr - 1;
  for (let pos = length - 1; pos >= 0; pos--) {
    const rule = byPos[pos];
    // A rule that matches nothing (unreadable peer) adds nothing anywhere.
    const redundant =
      rule === undefined ||
      cellsOf[pos]!.every(
        (cell) => covered(cell, rule, kept, 0, allAddresses) || covered(cell, rule, kept, rule.a, rule.b),
      );
    if (redundant) kept[pos] = 0;
  }
  return kept;
}

/**
 * Per direction, the group's evaluation list (`evaluationList(group, direction)`) and which of its rules lint
 * keeps: `decided[pos]` is 1 when the rule at list position `pos` decides some host's packet, where lint
 * reads the rules that decide (decidesByHosts: hosts.ts decidingRules, over an evaluation as written, without
 * the closure, keeping the decided pieces), and 1 when it is not redundant elsewhere (the AWS check:
 * keptByRedundancy). Found by another evaluation of the same list (diff.ts verdictAndDeciders), so lint need
 * not evaluate it again; a direction left out is evaluated by lint. The list may be that of a renaming of the
 * group (decidedUnderRenaming): lint reads only which source rule each position holds, which is the same.
 */
export type DecidedRules = Partial<
  Record<
    Direction,
    {
      readonly list: readonly EvalRule[];
      readonly decided: Uint8Array;
      /** The group whose evaluation list `list` is, when known (see decidedUnderRenaming). */
      readonly group?: SecurityGroup;
    }
  >
>;

/**
 * Whether lint finds the rules of a direction that never decide from the host evaluation of its list (what
 * DecidedRules holds), rather than by the AWS redundancy check.
 */
export function decidesByHosts(group: SecurityGroup, direction: Direction): boolean {
  // Beyond this many rules only rules covered by EARLIER rules are found (one evaluation), which still
  // finds every later duplicate.
  return group.provider === 'aliyun' || orderedIndexes(group, direction).length > AWS_EXHAUSTIVE_LIMIT;
}

/** Indexes of rules that never decide any packet (see the module comment). */
export function shadowedRules(group: SecurityGroup): number[] {
  return shadowedRulesWith(group, {});
}

/** `shadowedRules`, with the directions `known` holds read from it instead of evaluated here. */
export function shadowedRulesWith(group: SecurityGroup, known: DecidedRules): number[] {
  const out: number[] = [];
  for (const direction of DIRECTIONS) {
    const shared = known[direction];
    if (shared !== undefined || decidesByHosts(group, direction)) {
      const list = shared?.list ?? evaluationList(group, direction);
      const decided = shared?.decided ?? decidedRules(list);
      list.forEach((r, pos) => {
        if (r.source.kind === 'rule' && decided[pos] === 0) out.push(r.source.index);
      });
    } else awsRedundantRules(group, direction, out);
  }
  return out.sort((a, b) => a - b);
}

/** Which rules of an evaluation list decide some host's packet (see DecidedRules), from its own evaluation. */
function decidedRules(list: readonly EvalRule[]): Uint8Array {
  // Every host (hosts.ts): one evaluation as written, without the closure; each cell says which rules
  // decide for some address or for the holders of some membership.
  const { leaves, universe } = evaluateLists([list], [], 'pieces', false);
  const decided = new Uint8Array(list.length);
  // Leaves with the same covering rules share one result: read each result once.
  const done = new Set<CellResult>();
  for (const l of leaves) {
    const result = l.results[0]!;
    if (done.has(result)) continue;
    done.add(result);
    decidingRules(universe, result, decided);
  }
  return decided;
}

/**
 * The rules another group decides (`decided`, of its lists: see DecidedRules) as rules `source` decides, per
 * direction where the two evaluation lists are the same but for a one-to-one renaming of atoms (what a mapping of group and prefix
 * list IDs does to a group): same rules, in the same order, with the same boxes, CIDRs and local addresses,
 * and atoms that correspond one to one. An evaluation tells atoms only apart, never by name, so the same
 * positions decide. Directions where the lists differ in anything else are left out (lint evaluates them).
 * When the other group is known (DecidedRules `group`) and its rules are the source's renamed one to one
 * (renamedOneToOne), its lists are taken as they are, without building the source's to compare them.
 */
export function decidedUnderRenaming(source: SecurityGroup, decided: DecidedRules): DecidedRules {
  const out: DecidedRules = {};
  // Groups known to be renamings of each other by their rules: their lists are, in every direction.
  const renamings = new Map<SecurityGroup, boolean>();
  for (const direction of DIRECTIONS) {
    const d = decided[direction];
    if (d === undefined) continue;
    const group = d.group;
    let renaming = group === undefined ? false : renamings.get(group);
    if (renaming === undefined) renamings.set(group!, (renaming = renamedOneToOne(source, group!)));
    if (renaming) {
      // The same positions hold the rules of the same indexes: the renamed list serves as the source's.
      out[direction] = { list: d.list, decided: d.decided };
      continue;
    }
    const list = evaluationList(source, direction);
    if (sameButAtomNames(list, d.list)) out[direction] = { list, decided: d.decided };
  }
  return out;
}

/**
 * Whether `renamed` is `source` with atoms renamed one to one, read off the groups without building their
 * evaluation lists: the same provider, type and inner-access policy (what the lists' defaults depend on), in
 * each position the same rule object or a rule that differs only in naming another atom, and atoms that
 * correspond one to one over the whole group (the inner-access rule's own group included). Then in every
 * direction the lists are the same but for the renaming (what sameButAtomNames checks); false leaves that
 * to the lists.
 */
function renamedOneToOne(source: SecurityGroup, renamed: SecurityGroup): boolean {
  if (
    source.provider !== renamed.provider ||
    source.type !== renamed.type ||
    source.innerAccessPolicy !== renamed.innerAccessPolicy ||
    source.rules.length !== renamed.rules.length
  )
    return false;
  // Atoms by kind and name (what atomOfPeer's text says, without making the text for every rule).
  const forward = [new Map<string, string>(), new Map<string, string>(), new Map<string, string>()];
  const backward = [new Map<string, string>(), new Map<string, string>(), new Map<string, string>()];
  const correspond = (kind: number, x: string, y: string): boolean => {
    const f = forward[kind]!;
    const b = backward[kind]!;
    if ((f.get(x) ?? y) !== y || (b.get(y) ?? x) !== x) return false;
    f.set(x, y);
    b.set(y, x);
    return true;
  };
  if (innerAccessApplies(source) && !correspond(GROUP_ID, selfGroupId(source), selfGroupId(renamed))) return false;
  for (let i = 0; i < source.rules.length; i++) {
    const a = source.rules[i]!;
    const b = renamed.rules[i]!;
    const kind = atomKind(a.peer);
    if (a === b) {
      if (kind >= 0 && !correspond(kind, atomName(a.peer), atomName(a.peer))) return false;
      continue;
    }
    if (kind < 0 || atomKind(b.peer) !== kind || !sameButPeer(a, b)) return false;
    if (!correspond(kind, atomName(a.peer), atomName(b.peer))) return false;
  }
  return true;
}

/** Kinds of atoms (rules.ts atomOfPeer): a group by ID, a group by name only, a prefix list. */
const GROUP_ID = 0;
const GROUP_NAME = 1;
const PREFIX_LIST = 2;

/** The kind of atom a peer names, or -1 for a CIDR. */
function atomKind(peer: Peer): number {
  if (peer.kind === 'group') return peer.groupId !== undefined ? GROUP_ID : GROUP_NAME;
  return peer.kind === 'prefixList' ? PREFIX_LIST : -1;
}

/** The name of the atom a group or prefix-list peer names, within its kind (atomKind). */
function atomName(peer: Peer): string {
  if (peer.kind === 'group') return peer.groupId ?? peer.groupName ?? '';
  return peer.kind === 'prefixList' ? peer.prefixListId : '';
}

/** The same fields with the same values (===), the peer aside. */
function sameButPeer(a: Rule, b: Rule): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  let count = 0;
  for (const k in x) {
    if (k === 'peer' || x[k] === undefined) continue;
    if (x[k] !== y[k]) return false;
    count++;
  }
  for (const k in y) if (k !== 'peer' && y[k] !== undefined) count--;
  return count === 0;
}

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  for (let d = 0; d < a.length; d++) if (a[d] !== b[d]) return false;
  return a.length === b.length;
}

function sameCidr(a: ParsedCidr | undefined, b: ParsedCidr | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.family === b.family && a.lo === b.lo && a.hi === b.hi);
}

function sameButAtomNames(a: readonly EvalRule[], b: readonly EvalRule[]): boolean {
  if (a.length !== b.length) return false;
  const forward = new Map<string, string>();
  const backward = new Map<string, string>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.allow !== y.allow || !sameBounds(x.lo, y.lo) || !sameBounds(x.hi, y.hi) || !sameCidr(x.local, y.local))
      return false;
    if (
      x.source.kind !== y.source.kind ||
      (x.source.kind === 'rule' && x.source.index !== (y.source as typeof x.source).index)
    )
      return false;
    const p = x.peer;
    const q = y.peer;
    if (p.kind !== q.kind) return false;
    if (p.kind === 'cidr' && !sameCidr(p.cidr, (q as typeof p).cidr)) return false;
    if (p.kind === 'atom') {
      const atom = (q as typeof p).atom;
      if ((forward.get(p.atom) ?? atom) !== atom || (backward.get(atom) ?? p.atom) !== p.atom) return false;
      forward.set(p.atom, atom);
      backward.set(atom, p.atom);
    }
  }
  return true;
}

/** Fields of a rule that say nothing about its traffic. */
const NOT_TRAFFIC = new Set(['origin', 'description', 'tags']);

/**
 * The same value, compared field by field: arrays item by item, objects by their fields with a defined
 * value (in any order), anything else with ===.
 */
function sameValue(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return false;
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameValue(x[i], y[i])) return false;
    return true;
  }
  return sameFields(x as Record<string, unknown>, y as Record<string, unknown>);
}

/** sameValue of two records, leaving out the fields `skip` names. */
function sameFields(x: Record<string, unknown>, y: Record<string, unknown>, skip?: ReadonlySet<string>): boolean {
  let count = 0;
  for (const k of Object.keys(x)) {
    if (x[k] === undefined || skip?.has(k) === true) continue;
    if (!sameValue(x[k], y[k])) return false;
    count++;
  }
  for (const k of Object.keys(y)) if (y[k] !== undefined && skip?.has(k) !== true) count--;
  return count === 0;
}

/** Whether two rules have the same traffic fields (description, tags and origin do not count). */
function sameTraffic(a: Rule, b: Rule): boolean {
  return sameFields(a, b, NOT_TRAFFIC);
}

/** A necessary condition for equal traffic fields, as text: direction, action, protocol, kind of peer and its CIDR or group ID. */
function peerBucket(r: Rule): string {
  const value = r.peer.kind === 'cidr' ? r.peer.cidr : r.peer.kind === 'group' ? (r.peer.groupId ?? '') : '';
  return `${r.direction}\u0000${r.action}\u0000${r.protocol}\u0000${r.peer.kind}\u0000${value}`;
}

/** Report rule_never_matches, duplicate_rule and rule_shadowed at each rule's pointer. */
export function lint(group: SecurityGroup, report: Report): void {
  lintWith(group, report, {});
}

/** `lint`, with the rules that decide in the directions `known` holds read from it (see DecidedRules). */
export function lintWith(group: SecurityGroup, report: Report, known: DecidedRules): void {
  const never = new Set<number>();
  group.rules.forEach((rule, i) => {
    const reason = neverMatchReason(rule);
    if (reason !== undefined) {
      never.add(i);
      report.add('rule_never_matches', rulePointer(group, rule, i), { reason });
    }
  });
  const shadowed = shadowedRulesWith(group, known).filter((i) => !never.has(i));
  if (shadowed.length === 0) return;
  // The first rule with the same traffic fields. Only rules that agree on direction, action, protocol and
  // peer value can have them: rules are bucketed by those once, and only the rules of a shadowed rule's
  // bucket are compared with it.
  const buckets = new Map<string, number[]>();
  group.rules.forEach((r, j) => {
    const b = peerBucket(r);
    const list = buckets.get(b);
    if (list === undefined) buckets.set(b, [j]);
    else list.push(j);
  });
  const firstTwin = (i: number): number => {
    for (const j of buckets.get(peerBucket(group.rules[i]!))!) {
      if (j >= i) break;
      if (sameTraffic(group.rules[j]!, group.rules[i]!)) return j;
    }
    return i;
  };
  for (const i of shadowed) {
    const rule = group.rules[i]!;
    const twin = firstTwin(i);
    if (twin < i) report.add('duplicate_rule', rulePointer(group, rule, i), { of: twin });
    else report.add('rule_shadowed', rulePointer(group, rule, i), {});
  }
}
