/** One canonical rule as a short line for people: `ingress allow tcp 22 from 10.0.0.0/8 (priority 1)`. */
import type { Peer, PortRange, Rule } from '../model/rule.js';
import { PROTOCOL_NAMES } from '../../tables/protocols.js';

function protocolText(p: Rule['protocol']): string {
  if (p === 'all') return 'all';
  return PROTOCOL_NAMES.find((row) => row[0] === p)?.[2].replace(/^47$/, 'gre') ?? `proto ${p}`;
}

function rangeText(r: PortRange): string {
  return r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`;
}

export function peerText(peer: Peer): string {
  switch (peer.kind) {
    case 'cidr':
      return peer.cidr;
    case 'group': {
      const owner = peer.ownerId ?? peer.ownerAccount;
      const id = peer.groupId ?? `name:${peer.groupName ?? ''}`;
      return owner ? `${owner}/${id}` : id;
    }
    case 'prefixList':
      return peer.prefixListId;
  }
}

export function ruleText(rule: Rule): string {
  const parts: string[] = [rule.direction, rule.action, protocolText(rule.protocol)];
  if (rule.ports) parts.push(rangeText(rule.ports));
  else if (rule.portList) parts.push(`ports ${rule.portList.id}`);
  if (rule.icmp) parts.push(`type ${rule.icmp.type} code ${rule.icmp.code}`);
  if (rule.sourcePorts) parts.push(`sport ${rangeText(rule.sourcePorts)}`);
  parts.push(rule.direction === 'ingress' ? 'from' : 'to', peerText(rule.peer));
  if (rule.local) parts.push(rule.direction === 'ingress' ? `to ${rule.local}` : `from ${rule.local}`);
  if (rule.priority !== undefined) parts.push(`p${rule.priority}`);
  return parts.join(' ');
}
