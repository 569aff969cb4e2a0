/**
 * What identifies a rule to its cloud's API: the fields a duplicate Authorize is detected by and a Revoke by
 * content matches on. Descriptions, tags and origins never take part. AWS: direction, protocol, ports, ICMP
 * type/code and the one peer. Aliyun: also the policy, the priority (the project's choice on the open point,
 * README "Semantics and choices"), source ports, the instance-side address, the port list and the NIC type
 * (absent means `intranet`, the only VPC value).
 */
import { cidrFamily } from '../model/address.js';
import type { Peer, ProviderId, Rule } from '../model/rule.js';

function peerIdentity(peer: Peer): string {
  switch (peer.kind) {
    case 'cidr':
      return `cidr:${peer.cidr}`;
    case 'group':
      // Group IDs are unique per cloud (the engine's atoms say the same); owners are spelled many ways.
      return `group:${peer.groupId ?? `name:${peer.groupName ?? ''}`}`;
    case 'prefixList':
      return `prefixList:${peer.prefixListId}`;
  }
}

const range = (r: { from: number; to: number } | undefined): string => (r === undefined ? '*' : `${r.from}-${r.to}`);

/** The identity key of a rule on `provider`'s API. */
export function ruleIdentity(provider: ProviderId, rule: Rule): string {
  const common = [rule.direction, String(rule.protocol), range(rule.ports), rule.icmp === undefined ? '*' : `${rule.icmp.type}/${rule.icmp.code}`, peerIdentity(rule.peer)];
  if (provider === 'aws') return common.join('|');
  return [
    ...common,
    rule.action,
    String(rule.priority ?? 1),
    range(rule.sourcePorts),
    rule.local ?? '*',
    rule.portList?.id ?? '*',
    rule.nicType ?? 'intranet',
  ].join('|');
}

/** Address families a rule counts against on AWS: a reference may carry either, so it counts against both. */
export function quotaFamilies(rule: Rule): readonly (4 | 6)[] {
  return rule.peer.kind === 'cidr' ? [cidrFamily(rule.peer.cidr) === 6 ? 6 : 4] : [4, 6];
}
