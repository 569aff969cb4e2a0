/**
 * Canonical rules → IpPermission[], regrouped as AWS itself prints them: one permission per (protocol,
 * FromPort, ToPort), in order of first appearance, its peers in IpRanges / Ipv6Ranges / PrefixListIds /
 * UserIdGroupPairs with their descriptions. Only what AWS can hold may arrive (the engine's compile step
 * removes denies, priorities, source ports and local addresses); anything else is an internal error.
 */
import type { IpPermission, UserIdGroupPair } from '@aws-sdk/client-ec2';
import { ICMP_PROTOCOLS, PORT_PROTOCOLS, awsProtocolName } from '../../tables/protocols.js';
import { TranslateError } from '../../src/errors.js';
import { cidrFamily } from '../../src/address/index.js';
import type { Rule } from '../../src/model/rule.js';
import type { Report } from '../../src/report/report.js';
import { awsText } from './strings.js';

const ANY = -1;

function assertWritable(rule: Rule, pointer: string): void {
  const bad =
    rule.action === 'deny' ? 'a deny rule'
    : rule.priority !== undefined ? 'a priority'
    : rule.sourcePorts !== undefined ? 'source ports'
    : rule.local !== undefined ? 'a local address'
    : rule.portList !== undefined ? 'an unresolved port list'
    : undefined;
  if (bad !== undefined) {
    throw new TranslateError('internal', `AWS cannot hold ${bad}; the engine's compile step must remove it before writing`, { pointer });
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
      throw new TranslateError('internal', 'an ICMP code without a type cannot be written to AWS', { pointer: rule.origin?.pointer ?? '' });
    }
    return { IpProtocol, FromPort: type === 'any' ? ANY : type, ToPort: code === 'any' ? ANY : code };
  }
  return { IpProtocol };
}

function groupPair(rule: Rule, description: string | undefined, pointer: string, report: Report): UserIdGroupPair {
  const peer = rule.peer;
  if (peer.kind !== 'group') throw new Error('unreachable');
  if (peer.ownerAccount !== undefined) {
    report.add('field_not_translated', pointer, { field: `ownerAccount (${peer.ownerAccount})`, to: 'AWS' });
  }
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
function peerIdentity(rule: Rule): string {
  const p = rule.peer;
  if (p.kind === 'cidr') return p.cidr;
  if (p.kind === 'group') return JSON.stringify([p.kind, p.groupId, p.groupId === undefined ? p.groupName : undefined, p.ownerId]);
  return JSON.stringify([p.kind, p.prefixListId]);
}

/** One permission, its fields in the order AWS prints them (IpProtocol, FromPort, ToPort, then the peer lists). */
function newPermission(key: Pick<IpPermission, 'IpProtocol' | 'FromPort' | 'ToPort'>): Required<Pick<IpPermission, 'IpRanges' | 'Ipv6Ranges' | 'PrefixListIds' | 'UserIdGroupPairs'>> & IpPermission {
  if (!('FromPort' in key)) return { IpProtocol: key.IpProtocol, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
  return { IpProtocol: key.IpProtocol, FromPort: key.FromPort, ToPort: key.ToPort, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
}

export interface WriteContext {
  readonly report: Report;
  /** Pointer for findings about a rule without an origin. */
  readonly fallbackPointer: string;
  /** The target shape, named in `tags_dropped`. */
  readonly shape: string;
}

/** Rules of one direction → IpPermission[] (every list present, as the CLI prints them). */
export function writePermissions(rules: readonly Rule[], ctx: WriteContext): IpPermission[] {
  const byKey = new Map<string, Required<Pick<IpPermission, 'IpRanges' | 'Ipv6Ranges' | 'PrefixListIds' | 'UserIdGroupPairs'>> & IpPermission>();
  /** The peers already written, per permission. */
  const seenPeers = new Map<IpPermission, Set<string>>();
  for (const rule of rules) {
    const pointer = rule.origin?.pointer ?? ctx.fallbackPointer;
    assertWritable(rule, pointer);
    if (rule.nicType !== undefined) ctx.report.add('nic_type_dropped', pointer, { nicType: rule.nicType, to: 'AWS' });
    if (rule.tags !== undefined && rule.tags.length > 0) {
      ctx.report.add('tags_dropped', pointer, { count: rule.tags.length, shape: ctx.shape, to: 'AWS' });
    }
    const key = permissionKey(rule);
    // Protocol names and port numbers hold no `|`: the text is one per (protocol, FromPort, ToPort).
    const id = `${key.IpProtocol}|${key.FromPort}|${key.ToPort}`;
    let perm = byKey.get(id);
    let peers: Set<string>;
    if (perm === undefined) {
      perm = newPermission(key);
      byKey.set(id, perm);
      seenPeers.set(perm, (peers = new Set()));
    } else peers = seenPeers.get(perm)!;
    // AWS rejects a rule given twice (InvalidPermission.Duplicate) whatever the descriptions say: keep the first.
    const peerKey = peerIdentity(rule);
    if (peers.has(peerKey)) {
      ctx.report.add('duplicate_rule', pointer);
      continue;
    }
    peers.add(peerKey);
    const description = rule.description === undefined ? undefined : awsText(rule.description, 'rule', pointer, ctx.report);
    const withDescription = <T extends object>(o: T): T => (description === undefined ? o : { ...o, Description: description });
    const peer = rule.peer;
    switch (peer.kind) {
      case 'cidr':
        if (cidrFamily(peer.cidr) === 4) perm.IpRanges.push(withDescription({ CidrIp: peer.cidr }));
        else perm.Ipv6Ranges.push(withDescription({ CidrIpv6: peer.cidr }));
        break;
      case 'prefixList':
        if (peer.name !== undefined) ctx.report.add('field_not_translated', pointer, { field: `prefix list name (${peer.name})`, to: 'AWS' });
        perm.PrefixListIds.push(withDescription({ PrefixListId: peer.prefixListId }));
        break;
      case 'group':
        perm.UserIdGroupPairs.push(groupPair(rule, description, pointer, ctx.report));
        break;
    }
  }
  return [...byKey.values()];
}
