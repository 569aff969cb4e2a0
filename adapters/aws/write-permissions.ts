/**
 * Canonical rules → IpPermission[], regrouped as AWS itself prints them: one permission per (protocol,
 * FromPort, ToPort), in order of first appearance, its peers in IpRanges / Ipv6Ranges / PrefixListIds /
 * UserIdGroupPairs with their descriptions. A pure formatter: only what AWS can hold may arrive (the engine's
 * compile step removes denies, priorities, source ports and local addresses; src/lower/fit-aws.ts NIC types,
 * tags, duplicates, prefix-list names, owner account names and text AWS rejects); anything else is an
 * internal error.
 */
import type { IpPermission, UserIdGroupPair } from '@aws-sdk/client-ec2';
import { ICMP_PROTOCOLS, PORT_PROTOCOLS, awsProtocolName } from '../../tables/protocols.js';
import { TranslateError } from '../../src/errors.js';
import { cidrFamily } from '../../src/address/index.js';
import type { Rule } from '../../src/model/rule.js';
import { RULE_DESCRIPTION_CHARS } from './strings.js';
import { awsCapabilities } from '../../tables/capabilities.js';

const ANY = -1;

/** Throws an internal error for what only the compile step can remove. */
export function assertWritable(rule: Rule, pointer: string): void {
  const bad =
    rule.action === 'deny'
      ? 'a deny rule'
      : rule.priority !== undefined
        ? 'a priority'
        : rule.sourcePorts !== undefined
          ? 'source ports'
          : rule.local !== undefined
            ? 'a local address'
            : rule.portList !== undefined
              ? 'an unresolved port list'
              : undefined;
  if (bad !== undefined) {
    throw new TranslateError(
      'internal',
      `AWS cannot hold ${bad}; the engine's compile step must remove it before writing`,
      { pointer },
    );
  }
}

/** IpProtocol, FromPort and ToPort as AWS returns them. */
export function permissionKey(rule: Rule): Pick<IpPermission, 'IpProtocol' | 'FromPort' | 'ToPort'> {
  const IpProtocol = awsProtocolName(rule.protocol);
  if (rule.protocol === 'all') return { IpProtocol };
  if (PORT_PROTOCOLS.includes(rule.protocol)) {
    return { IpProtocol, FromPort: rule.ports?.from ?? 0, ToPort: rule.ports?.to ?? 65535 };
  }
  if (ICMP_PROTOCOLS.includes(rule.protocol)) {
    const type = rule.icmp?.type ?? 'any';
    const code = rule.icmp?.code ?? 'any';
    // AWS has no "any type, one code": such a match never came from AWS; writing it would widen.
    if (type === 'any' && code !== 'any') {
      throw new TranslateError('internal', 'an ICMP code without a type cannot be written to AWS', {
        pointer: rule.origin?.pointer ?? '',
      });
    }
    return { IpProtocol, FromPort: type === 'any' ? ANY : type, ToPort: code === 'any' ? ANY : code };
  }
  return { IpProtocol };
}

/** Throws an internal error for what src/lower/fit-aws.ts removes or rewrites before writing. */
function assertFitted(rule: Rule, pointer: string): void {
  const p = rule.peer;
  const bad =
    rule.nicType !== undefined
      ? 'a NIC type'
      : rule.tags !== undefined
        ? 'rule tags'
        : p.kind === 'prefixList' && p.name !== undefined
          ? 'a prefix-list name'
          : p.kind === 'group' && p.ownerAccount !== undefined
            ? 'an owner account name'
            : rule.description !== undefined &&
                !(
                  RULE_DESCRIPTION_CHARS.test(rule.description) &&
                  rule.description.length <= awsCapabilities.limits.ruleDescriptionLength
                )
              ? 'a description AWS rejects'
              : undefined;
  if (bad !== undefined)
    throw new TranslateError('internal', `AWS cannot hold ${bad}; the lowering step must remove it before writing`, {
      pointer,
    });
}

function groupPair(rule: Rule, description: string | undefined): UserIdGroupPair {
  const peer = rule.peer;
  if (peer.kind !== 'group') throw new Error('unreachable');
  const pair: UserIdGroupPair = {};
  if (description !== undefined) pair.Description = description;
  if (peer.ownerId !== undefined) pair.UserId = peer.ownerId;
  if (peer.groupName !== undefined) pair.GroupName = peer.groupName;
  if (peer.groupId !== undefined) pair.GroupId = peer.groupId;
  if (peer.vpcId !== undefined) pair.VpcId = peer.vpcId;
  if (peer.vpcPeeringConnectionId !== undefined) pair.VpcPeeringConnectionId = peer.vpcPeeringConnectionId;
  if (peer.peeringStatus !== undefined) pair.PeeringStatus = peer.peeringStatus;
  return pair;
}

/**
 * What makes two peers of one permission the same rule for AWS (descriptions do not), as text. A CIDR (the
 * common case) is its own text, which never starts with `[`; other peers are JSON arrays.
 */
export function peerIdentity(rule: Rule): string {
  const p = rule.peer;
  if (p.kind === 'cidr') return p.cidr;
  if (p.kind === 'group')
    return JSON.stringify([p.kind, p.groupId, p.groupId === undefined ? p.groupName : undefined, p.ownerId]);
  return JSON.stringify([p.kind, p.prefixListId]);
}

/**
 * The permission a rule falls in (IpProtocol, FromPort and ToPort as permissionKey writes them: ports default
 * to 0-65535, an ICMP `any` is -1; a protocol without ports has neither) as one exact number, so rules are
 * grouped by permission without a text per rule.
 */
export function permissionNumber(rule: Rule): number {
  const p = rule.protocol;
  let from = -1;
  let to = -1;
  if (p !== 'all' && PORT_PROTOCOLS.includes(p)) {
    from = rule.ports?.from ?? 0;
    to = rule.ports?.to ?? 65535;
  } else if (p !== 'all' && ICMP_PROTOCOLS.includes(p)) {
    const type = rule.icmp?.type ?? 'any';
    const code = rule.icmp?.code ?? 'any';
    from = type === 'any' ? ANY : type;
    to = code === 'any' ? ANY : code;
  }
  // Protocol 0-255 or 256 for all; each bound -1..65535 as 0..65536.
  return ((p === 'all' ? 256 : p) * 65537 + from + 1) * 65537 + to + 1;
}

/**
 * Rules AWS holds as one (the same permission and peer, whatever the descriptions): each identity once. The
 * peers are kept per permission; the compile step emits the rules of one permission together, so the last
 * permission's set is reused without a map lookup (the permission number is no small integer: a lookup hashes
 * a boxed double).
 */
export class RuleIdentities {
  readonly #peers = new Map<number, Set<string>>();
  #lastPermission = NaN;
  #lastPeers: Set<string> | undefined;
  /** True when no rule of this identity was added before (and now it is). */
  add(rule: Rule): boolean {
    return this.addIn(permissionNumber(rule), rule);
  }
  /** `add` for a rule whose permissionNumber the caller already has. */
  addIn(permission: number, rule: Rule): boolean {
    let peers = this.#lastPeers;
    if (peers === undefined || permission !== this.#lastPermission) {
      peers = this.#peers.get(permission);
      if (peers === undefined) this.#peers.set(permission, (peers = new Set()));
      this.#lastPermission = permission;
      this.#lastPeers = peers;
    }
    const peer = peerIdentity(rule);
    if (peers.has(peer)) return false;
    peers.add(peer);
    return true;
  }
}

/** One permission, its fields in the order AWS prints them (IpProtocol, FromPort, ToPort, then the peer lists). */
function newPermission(
  key: Pick<IpPermission, 'IpProtocol' | 'FromPort' | 'ToPort'>,
): Required<Pick<IpPermission, 'IpRanges' | 'Ipv6Ranges' | 'PrefixListIds' | 'UserIdGroupPairs'>> & IpPermission {
  if (!('FromPort' in key))
    return { IpProtocol: key.IpProtocol, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
  return {
    IpProtocol: key.IpProtocol,
    FromPort: key.FromPort,
    ToPort: key.ToPort,
    IpRanges: [],
    Ipv6Ranges: [],
    PrefixListIds: [],
    UserIdGroupPairs: [],
  };
}

/** Rules of one direction → IpPermission[] (every list present, as the CLI prints them). `fallbackPointer`: of a rule without an origin. */
export function writePermissions(rules: readonly Rule[], fallbackPointer = ''): IpPermission[] {
  const byPermission = new Map<
    number,
    Required<Pick<IpPermission, 'IpRanges' | 'Ipv6Ranges' | 'PrefixListIds' | 'UserIdGroupPairs'>> & IpPermission
  >();
  const written = new RuleIdentities();
  // The compile step emits the rules of one permission together: the previous rule's permission is reused
  // without a map lookup (see RuleIdentities).
  let lastId = NaN;
  let perm: ReturnType<typeof newPermission> | undefined;
  for (const rule of rules) {
    const pointer = rule.origin?.pointer ?? fallbackPointer;
    assertWritable(rule, pointer);
    assertFitted(rule, pointer);
    const id = permissionNumber(rule);
    if (perm === undefined || id !== lastId) {
      perm = byPermission.get(id);
      if (perm === undefined) byPermission.set(id, (perm = newPermission(permissionKey(rule))));
      lastId = id;
    }
    // AWS rejects a rule given twice (InvalidPermission.Duplicate) whatever the descriptions say: keep the first.
    if (!written.addIn(id, rule))
      throw new TranslateError(
        'internal',
        'AWS rejects a rule given twice; the lowering step must leave the duplicate out',
        { pointer },
      );
    const description = rule.description;
    const peer = rule.peer;
    switch (peer.kind) {
      case 'cidr':
        if (cidrFamily(peer.cidr) === 4)
          perm.IpRanges.push(
            description === undefined ? { CidrIp: peer.cidr } : { CidrIp: peer.cidr, Description: description },
          );
        else
          perm.Ipv6Ranges.push(
            description === undefined ? { CidrIpv6: peer.cidr } : { CidrIpv6: peer.cidr, Description: description },
          );
        break;
      case 'prefixList':
        perm.PrefixListIds.push(
          description === undefined
            ? { PrefixListId: peer.prefixListId }
            : { PrefixListId: peer.prefixListId, Description: description },
        );
        break;
      case 'group':
        perm.UserIdGroupPairs.push(groupPair(rule, description));
        break;
    }
  }
  return [...byPermission.values()];
}
