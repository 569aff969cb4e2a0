/**
 * From canonical rules to evaluation rules: a box over the non-peer dimensions plus one peer spec, listed in
 * the order the provider decides packets.
 *
 * THE PEER POINT MODEL (shared by meaning, diff, compile, explain and the test oracle):
 * - peers form one point space = IPv4 addresses ∪ IPv6 addresses ∪ atoms (`group:<groupId>`,
 *   `group-name:<name>` for name-only references, `prefixList:<id>`);
 * - a CIDR rule matches only address points, an atom rule only its own atom point; atoms are opaque;
 * - a provider default that accepts (Aliyun basic egress) acts like a final rule accepting every ADDRESS
 *   (0.0.0.0/0 and ::/0), exactly as the AWS default egress rule does;
 * - CLOSURE: after evaluation, a cell whose allowed peers include every IPv4 AND every IPv6 address also
 *   allows every atom (every member of every group has some address), so "all traffic to 0.0.0.0/0 and
 *   ::/0" means the same on both clouds whatever atoms the rules name.
 * Owners of group references are ignored in atoms: group IDs are unique per cloud, and the AWS reader
 * fills UserId on every pair, which would make self-references look foreign.
 * Cross-kind interactions the point model cannot see are `compile`'s business (see compile-aws.ts).
 */
import type { SecurityGroup } from '../model/group.js';
import type { CidrPeer, Direction, Peer, Rule } from '../model/rule.js';
import { ICMP_PROTOCOLS, PORT_PROTOCOLS } from '../../tables/protocols.js';
import { cidrToInterval, type ParsedCidr } from '../address/index.js';
import type { Atom } from './api.js';

/** Dimensions of a box, in the order cells are split. */
export const DIM = { protocol: 0, dstPort: 1, icmpType: 2, icmpCode: 3, srcPort: 4, local: 5 } as const;
export const DIM_COUNT = 6;
/** Inclusive maxima of the fixed dimensions; the local dimension's maximum depends on the universe. */
export const DIM_MAX = [255, 65535, 255, 255, 65535, -1] as const;

export type PeerSpec =
  | { readonly kind: 'cidr'; readonly cidr: ParsedCidr }
  | { readonly kind: 'atom'; readonly atom: Atom }
  /** Every IPv4 and IPv6 address (no atom). */
  | { readonly kind: 'addresses' }
  /** Every atom (no address). */
  | { readonly kind: 'atoms' }
  | { readonly kind: 'everything' }
  /** Matches nothing (unreadable value). */
  | { readonly kind: 'nothing' };

/** Where an evaluation rule came from: a source rule index, or a provider behaviour. */
export type RuleSource =
  | { readonly kind: 'rule'; readonly index: number; readonly pointer?: string }
  | { readonly kind: 'default'; readonly reason: string }
  | { readonly kind: 'inner-access'; readonly reason: string };

export interface EvalRule {
  readonly allow: boolean;
  /** Inclusive bounds per dimension; the local bound is filled from `local` by the universe. */
  readonly lo: number[];
  readonly hi: number[];
  readonly local?: ParsedCidr;
  readonly peer: PeerSpec;
  readonly source: RuleSource;
}

/** The JSON pointer of a group's rule: where it was read from, else its place in the canonical group. */
export function rulePointer(group: SecurityGroup, rule: Rule, index: number): string {
  return rule.origin?.pointer ?? `${group.pointer ?? ''}/rules/${index}`;
}

export function atomOfPeer(peer: Peer): Atom | undefined {
  if (peer.kind === 'group')
    return peer.groupId !== undefined ? `group:${peer.groupId}` : `group-name:${peer.groupName ?? ''}`;
  if (peer.kind === 'prefixList') return `prefixList:${peer.prefixListId}`;
  return undefined;
}

export function selfAtom(group: SecurityGroup): Atom {
  return `group:${selfGroupId(group)}`;
}

/** The group ID of a group's own atom (selfAtom): its ID, or a stand-in when it has none. */
export function selfGroupId(group: SecurityGroup): string {
  return group.id ?? '(self)';
}

/**
 * A CIDR peer a compiler wrote from an interval it knew (compile-aws.ts cuts allowed address runs into blocks
 * and writes each block's text with blockText): it keeps the block's interval, so the compiled group is
 * evaluated without reading back the text made from it. A peer like any other to the rest of the code (its
 * fields are `kind` and `cidr`; the spec is a private field, which neither JSON nor a spread copies): the
 * lowering's copies of a rule share it, and a peer made anew is read from its text. The property tests
 * hold every written interval to its text's.
 */
export class WrittenCidrPeer implements CidrPeer {
  // Declared, not constructor parameters, so the fields come in the order of a `{ kind, cidr }` literal
  // (what JSON.stringify and Object.keys show).
  readonly kind = 'cidr';
  readonly cidr: string;
  readonly #spec: PeerSpec;
  constructor(cidr: string, interval: ParsedCidr) {
    this.cidr = cidr;
    this.#spec = { kind: 'cidr', cidr: interval };
  }

  /** The peer spec of `peer` when a compiler wrote it (see WrittenCidrPeer), else undefined. */
  static specOf(peer: Peer): PeerSpec | undefined {
    return #spec in peer ? peer.#spec : undefined;
  }
}

export function peerSpecOf(peer: Peer): PeerSpec {
  if (peer.kind === 'cidr') {
    const written = WrittenCidrPeer.specOf(peer);
    if (written !== undefined) return written;
    const cidr = cidrToInterval(peer.cidr);
    return cidr === undefined ? { kind: 'nothing' } : { kind: 'cidr', cidr };
  }
  return { kind: 'atom', atom: atomOfPeer(peer)! };
}

export interface MeaningOptions {
  /**
   * How to read an Aliyun group whose `type` is absent (unknown). Default 'normal', the cloud's default for
   * CreateSecurityGroup; the reader reports `group_type_assumed`.
   */
  readonly absentTypeAs?: 'normal' | 'enterprise';
  /**
   * The user states that no member of a referenced group and no address of a referenced prefix list is also a
   * member of another referenced group or list, or inside a CIDR a rule names (the atoms are disjoint points).
   * Default false: a member is a host with some address and any other memberships, and answers hold for all.
   */
  readonly assumeDisjoint?: boolean;
}

/**
 * The non-peer box of a canonical rule. Ports only constrain TCP/UDP, ICMP fields only ICMP/ICMPv6.
 * `withoutConditions`: read the rule as if it had no source ports and no local address.
 */
export function boxOf(
  rule: Rule,
  withoutConditions = false,
): { lo: number[]; hi: number[]; local?: ParsedCidr; unreadableLocal: boolean } {
  const lo = [0, 0, 0, 0, 0, 0];
  const hi = [255, 65535, 255, 255, 65535, 0];
  if (rule.protocol !== 'all') {
    lo[DIM.protocol] = hi[DIM.protocol] = rule.protocol;
    if (PORT_PROTOCOLS.includes(rule.protocol) && rule.ports !== undefined) {
      lo[DIM.dstPort] = rule.ports.from;
      hi[DIM.dstPort] = rule.ports.to;
    }
    if (ICMP_PROTOCOLS.includes(rule.protocol) && rule.icmp !== undefined) {
      if (rule.icmp.type !== 'any') lo[DIM.icmpType] = hi[DIM.icmpType] = rule.icmp.type;
      if (rule.icmp.code !== 'any') lo[DIM.icmpCode] = hi[DIM.icmpCode] = rule.icmp.code;
    }
  }
  if (withoutConditions) return { lo, hi, unreadableLocal: false };
  if (rule.sourcePorts !== undefined) {
    lo[DIM.srcPort] = rule.sourcePorts.from;
    hi[DIM.srcPort] = rule.sourcePorts.to;
  }
  if (rule.local === undefined) return { lo, hi, unreadableLocal: false };
  const local = cidrToInterval(rule.local);
  return local === undefined ? { lo, hi, unreadableLocal: true } : { lo, hi, local, unreadableLocal: false };
}

/**
 * An Aliyun port-list rule without a concrete range names ports we do not know. Its accept matches nothing
 * and its drop matches every port: the meaning is a lower bound of the real one (never wider).
 */
function hasUnresolvedPortList(rule: Rule): boolean {
  return (
    rule.portList !== undefined &&
    rule.ports === undefined &&
    rule.protocol !== 'all' &&
    PORT_PROTOCOLS.includes(rule.protocol)
  );
}

/**
 * `withoutConditions`: the rule as if it had no source ports and no local address (compile's conservative
 * forms), without copying the rule to drop them.
 */
export function evalRuleOf(rule: Rule, index: number, withoutConditions = false): EvalRule {
  const box = boxOf(rule, withoutConditions);
  // Object literals rather than spreads: one evaluation rule per source rule per pass, in every pass.
  const source: RuleSource = rule.origin
    ? { kind: 'rule', index, pointer: rule.origin.pointer }
    : { kind: 'rule', index };
  let peer = peerSpecOf(rule.peer);
  // An unreadable local address: the accept matches nothing; the drop is kept without it (narrower).
  if (box.unreadableLocal && rule.action === 'allow') peer = { kind: 'nothing' };
  if (hasUnresolvedPortList(rule) && rule.action === 'allow') peer = { kind: 'nothing' };
  const allow = rule.action === 'allow';
  return box.local
    ? { allow, lo: box.lo, hi: box.hi, local: box.local, peer, source }
    : { allow, lo: box.lo, hi: box.hi, peer, source };
}

const FULL_LO = [0, 0, 0, 0, 0, 0];
const FULL_HI = [255, 65535, 255, 255, 65535, 0];

export function fullBoxRule(allow: boolean, peer: PeerSpec, source: RuleSource): EvalRule {
  return { allow, lo: [...FULL_LO], hi: [...FULL_HI], peer, source };
}

export function isAliyunEnterprise(group: SecurityGroup, options: MeaningOptions = {}): boolean {
  return (group.type ?? options.absentTypeAs ?? 'normal') === 'enterprise';
}

/** Aliyun basic groups with InnerAccessPolicy accept (absent = accept, the cloud's default) connect members. */
export function innerAccessApplies(group: SecurityGroup, options: MeaningOptions = {}): boolean {
  return group.provider === 'aliyun' && !isAliyunEnterprise(group, options) && group.innerAccessPolicy !== 'drop';
}

export function aliyunDefaultAccepts(
  group: SecurityGroup,
  direction: Direction,
  options: MeaningOptions = {},
): boolean {
  return direction === 'egress' && !isAliyunEnterprise(group, options);
}

/** Source rule indexes of one direction in evaluation order: Aliyun (priority asc, drop first, input order). */
export function orderedIndexes(group: SecurityGroup, direction: Direction): number[] {
  const idx: number[] = [];
  group.rules.forEach((r, i) => {
    if (r.direction !== direction) return;
    // AWS has no deny rules; a deny in an AWS group cannot exist on the cloud and is not evaluated.
    if (group.provider === 'aws' && r.action !== 'allow') return;
    idx.push(i);
  });
  if (group.provider === 'aliyun') {
    idx.sort((a, b) => {
      const ra = group.rules[a]!;
      const rb = group.rules[b]!;
      const pa = ra.priority ?? 1;
      const pb = rb.priority ?? 1;
      if (pa !== pb) return pa - pb;
      if (ra.action !== rb.action) return ra.action === 'deny' ? -1 : 1;
      return a - b;
    });
  }
  return idx;
}

export const DEFAULT_ACCEPT_REASON = 'the Aliyun basic-group default accepts egress not decided by any rule';
export const DEFAULT_DENY_REASON: Record<string, string> = {
  'aliyun-ingress': 'no rule matched: Aliyun denies ingress by default',
  'aliyun-egress': 'no rule matched: Aliyun enterprise groups deny egress by default',
  'aws-ingress': 'no rule matched: AWS denies what no rule allows',
  'aws-egress': 'no rule matched: AWS denies what no rule allows',
};
export const INNER_ACCESS_REASON = 'InnerAccessPolicy accept: members of the same basic group reach each other';

/**
 * The evaluation list of one direction: first match decides (for AWS, allow-only, first match = union).
 * `transform` lets compile substitute conservative variants of source rules.
 */
export function evaluationList(
  group: SecurityGroup,
  direction: Direction,
  options: MeaningOptions = {},
  transform?: (rule: Rule, index: number) => EvalRule[],
): EvalRule[] {
  const list: EvalRule[] = [];
  if (innerAccessApplies(group, options)) {
    list.push(
      fullBoxRule(true, { kind: 'atom', atom: selfAtom(group) }, { kind: 'inner-access', reason: INNER_ACCESS_REASON }),
    );
  }
  // Without a transform each rule is its own evaluation rule, pushed as it is (no array per rule).
  if (transform === undefined)
    for (const i of orderedIndexes(group, direction)) list.push(evalRuleOf(group.rules[i]!, i));
  else for (const i of orderedIndexes(group, direction)) list.push(...transform(group.rules[i]!, i));
  if (group.provider === 'aliyun' && aliyunDefaultAccepts(group, direction, options)) {
    list.push(fullBoxRule(true, { kind: 'addresses' }, { kind: 'default', reason: DEFAULT_ACCEPT_REASON }));
  }
  return list;
}
