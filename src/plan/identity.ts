/**
 * What identifies a rule to its cloud's API: the fields a duplicate Authorize is detected by and a Revoke by
 * content matches on. Descriptions, tags and origins never take part. AWS: direction, protocol, ports, ICMP
 * type/code and the one peer. Aliyun: also the policy, the priority (the project's choice on the open point,
 * docs/semantics.md "Choices on the open points"), source ports, the instance-side address, the port list and
 * the NIC type (absent means `intranet`, the only VPC value).
 */
import { cidrFamily } from '../address/index.js';
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

/** A port range as the API holds it: all ports however spelled (absent, 0-65535; on Aliyun also 1-65535) is `*`. */
function range(provider: ProviderId, r: { from: number; to: number } | undefined): string {
  if (r === undefined || (r.to === 65535 && r.from <= (provider === 'aliyun' ? 1 : 0))) return '*';
  return `${r.from}-${r.to}`;
}

function icmpText(rule: Rule): string {
  const m = rule.icmp;
  return m === undefined || (m.type === 'any' && m.code === 'any') ? '*' : `${m.type}/${m.code}`;
}

/** The identity key of a rule on `provider`'s API. */
export function ruleIdentity(provider: ProviderId, rule: Rule): string {
  const common = [
    rule.direction,
    String(rule.protocol),
    range(provider, rule.ports),
    icmpText(rule),
    peerIdentity(rule.peer),
  ];
  if (provider === 'aws') return common.join('|');
  return [
    ...common,
    rule.action,
    String(rule.priority ?? 1),
    range(provider, rule.sourcePorts),
    rule.local ?? '*',
    rule.portList?.id ?? '*',
    rule.nicType ?? 'intranet',
  ].join('|');
}

/** Address families a rule counts against on AWS: a reference may carry either, so it counts against both. */
export function quotaFamilies(rule: Rule): readonly (4 | 6)[] {
  return rule.peer.kind === 'cidr' ? [cidrFamily(rule.peer.cidr) === 6 ? 6 : 4] : [4, 6];
}
