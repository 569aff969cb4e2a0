/**
 * explain(group, packet): allowed or not, and which rule, default or InnerAccessPolicy decided. It runs the
 * same cell engine as meaning(), so the two can never disagree.
 *
 * Packet syntax (parsePacket):
 *   <ingress|egress> <protocol> <peer>[:<dstPort>] [sport=<n>] [local=<addr>] [icmp=<type>/<code>]
 * - protocol: tcp, udp, icmp, icmpv6, gre or an IANA number (not "all": a packet has one protocol);
 * - peer: an IPv4 address (`10.0.0.1:22`), an IPv6 address (`2001:db8::1`, with a port `[2001:db8::1]:443`),
 *   a member of a group (`sg-123`, `group:<id>`) or an address of a prefix list (`pl-123`, `prefixList:<id>`);
 * - tcp/udp need a destination port; icmp/icmpv6 without `icmp=` mean type 8 code 0 (echo request).
 */
import type { SecurityGroup } from '../model/group.js';
import type { Rule } from '../model/rule.js';
import { parseProtocol, PORT_PROTOCOLS, ICMP_PROTOCOLS } from '../../mappings/protocols.js';
import { TranslateError } from '../errors.js';
import { parseAddressValue } from './addresses.js';
import type { Decision, Explanation, Packet } from './api.js';
import { BY_CLOSURE, UNDECIDED } from './cells.js';
import { evaluateLists } from './meaning.js';
import { DEFAULT_DENY_REASON, evaluationList, type MeaningOptions } from './rules.js';

const CLOSURE_REASON = 'every IPv4 and IPv6 address is allowed for this traffic, so members of every group and prefix list are too';

export function describeRule(rule: Rule): string {
  const parts: string[] = [];
  if (rule.priority !== undefined) parts.push(`priority ${rule.priority}`);
  parts.push(rule.action === 'allow' ? (rule.priority !== undefined ? 'accept' : 'allow') : 'drop');
  parts.push(rule.protocol === 'all' ? 'all' : protocolLabel(rule.protocol));
  if (rule.ports) parts.push(rule.ports.from === rule.ports.to ? `${rule.ports.from}` : `${rule.ports.from}-${rule.ports.to}`);
  if (rule.icmp) parts.push(`type ${rule.icmp.type} code ${rule.icmp.code}`);
  if (rule.sourcePorts) parts.push(`source port ${rule.sourcePorts.from}-${rule.sourcePorts.to}`);
  if (rule.local) parts.push(`local ${rule.local}`);
  parts.push(rule.direction === 'ingress' ? 'from' : 'to');
  const p = rule.peer;
  parts.push(p.kind === 'cidr' ? p.cidr : p.kind === 'group' ? (p.groupId ?? `group name ${p.groupName}`) : p.prefixListId);
  return parts.join(' ');
}

function protocolLabel(p: number): string {
  return ({ 6: 'tcp', 17: 'udp', 1: 'icmp', 58: 'icmpv6', 47: 'gre' } as Record<number, string>)[p] ?? `protocol ${p}`;
}

export function explain(group: SecurityGroup, packet: Packet, options: MeaningOptions = {}): Explanation {
  const list = evaluationList(group, packet.direction, options);
  const { universe, leaves } = evaluateLists([list], packet.peer.kind === 'atom' ? [packet.peer.atom] : []);
  let peerIndex: number;
  if (packet.peer.kind === 'atom') peerIndex = universe.atomPoint(packet.peer.atom);
  else {
    const a = parseAddressValue(packet.peer.address);
    if (a === undefined) throw new TranslateError('usage', `not an IPv4 or IPv6 address: ${packet.peer.address}`);
    peerIndex = universe.addressIndex(a.family, a.value);
  }
  const local = packet.local === undefined ? undefined : parseAddressValue(packet.local);
  if (packet.local !== undefined && local === undefined) throw new TranslateError('usage', `not an IPv4 or IPv6 address: ${packet.local}`);
  const point = [packet.protocol, packet.dstPort ?? 0, packet.icmpType ?? 0, packet.icmpCode ?? 0, packet.srcPort ?? 0, universe.localIndex(local?.family, local?.value)];
  const leaf = leaves.find((l) => l.box.every((b, d) => b[0] <= point[d]! && point[d]! <= b[1]));
  if (leaf === undefined) throw new TranslateError('internal', 'the cells do not cover the packet');
  const res = leaf.results[0]!;
  const pos = res.decider[peerIndex]!;
  const allowed = res.runs.length > 0 && isAllowed(res.runs, peerIndex);
  const verb = allowed ? 'allowed' : 'denied';
  if (pos === BY_CLOSURE) return { allowed, decidedBy: { kind: 'default', reason: CLOSURE_REASON }, text: `${verb}: ${CLOSURE_REASON}` };
  if (pos === UNDECIDED) {
    const reason = DEFAULT_DENY_REASON[`${group.provider}-${packet.direction}`]!;
    return { allowed, decidedBy: { kind: 'default', reason }, text: `${verb}: ${reason}` };
  }
  const src = list[pos]!.source;
  if (src.kind === 'rule') {
    const rule = group.rules[src.index]!;
    const decidedBy: Decision = { kind: 'rule', index: src.index, ...(src.pointer !== undefined ? { pointer: src.pointer } : {}) };
    return { allowed, decidedBy, text: `${verb} by rule ${src.index} (${describeRule(rule)})` };
  }
  return { allowed, decidedBy: src, text: `${verb}: ${src.reason}` };
}

function isAllowed(runs: readonly number[], i: number): boolean {
  for (let k = 0; k < runs.length; k += 2) if (runs[k]! <= i && i <= runs[k + 1]!) return true;
  return false;
}

function usage(message: string): never {
  throw new TranslateError('usage', `packet: ${message}`);
}

function parsePort(text: string, what: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) usage(`${what} must be a number 0-65535, got "${text}"`);
  return Number(text);
}

function parsePeer(text: string): { peer: Packet['peer']; port?: string } {
  if (text.startsWith('[')) {
    const m = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
    if (!m) usage(`bad peer "${text}"; write IPv6 with a port as [2001:db8::1]:443`);
    return { peer: { kind: 'address', address: m[1]! }, ...(m[2] !== undefined ? { port: m[2] } : {}) };
  }
  if (parseAddressValue(text)?.family === 6) return { peer: { kind: 'address', address: text } };
  const colon = text.lastIndexOf(':');
  const hasPort = colon >= 0 && /^\d+$/.test(text.slice(colon + 1));
  const host = hasPort ? text.slice(0, colon) : text;
  const port = hasPort ? text.slice(colon + 1) : undefined;
  const withPort = <T>(peer: T) => ({ peer, ...(port !== undefined ? { port } : {}) });
  if (parseAddressValue(host)?.family === 4) return withPort({ kind: 'address' as const, address: host });
  if (/^sg-[\w-]+$/.test(host)) return withPort({ kind: 'atom' as const, atom: `group:${host}` });
  if (/^group:.+$/.test(host)) return withPort({ kind: 'atom' as const, atom: host });
  if (/^pl-[\w-]+$/.test(host)) return withPort({ kind: 'atom' as const, atom: `prefixList:${host}` });
  if (/^prefixList:.+$/.test(host)) return withPort({ kind: 'atom' as const, atom: host });
  return usage(`peer "${text}" is not an address, sg-…/group:<id> or pl-…`);
}

/** Parse a packet description (syntax at the top of this file); bad specs throw TranslateError('usage'). */
export function parsePacket(spec: string): Packet {
  const [direction, protocolText, peerText, ...rest] = spec.trim().split(/\s+/);
  if (direction !== 'ingress' && direction !== 'egress') usage(`must start with ingress or egress, got "${direction ?? ''}"`);
  if (protocolText === undefined || peerText === undefined) usage('expected "<ingress|egress> <protocol> <peer>[:<port>] [key=value…]"');
  const protocol = parseProtocol(protocolText);
  if (protocol === undefined || protocol === 'all') usage(`protocol must be tcp, udp, icmp, icmpv6, gre or a number 0-255, got "${protocolText}"`);
  const { peer, port } = parsePeer(peerText);
  const packet: { -readonly [K in keyof Packet]: Packet[K] } = { direction, protocol, peer };
  if (port !== undefined) {
    if (!PORT_PROTOCOLS.includes(protocol)) usage(`protocol ${protocolText} has no ports`);
    packet.dstPort = parsePort(port, 'destination port');
  } else if (PORT_PROTOCOLS.includes(protocol)) usage(`${protocolText} needs a destination port, e.g. 10.0.0.1:22`);
  for (const kv of rest) {
    const eq = kv.indexOf('=');
    const key = eq < 0 ? kv : kv.slice(0, eq);
    const value = eq < 0 ? '' : kv.slice(eq + 1);
    if (key === 'sport') packet.srcPort = parsePort(value, 'sport');
    else if (key === 'local') {
      if (parseAddressValue(value) === undefined) usage(`local must be an IPv4 or IPv6 address, got "${value}"`);
      packet.local = value;
    } else if (key === 'icmp') {
      const m = /^(\d{1,3})\/(\d{1,3})$/.exec(value);
      if (!m || Number(m[1]) > 255 || Number(m[2]) > 255) usage(`icmp must be <type>/<code> (0-255), got "${value}"`);
      if (!ICMP_PROTOCOLS.includes(protocol)) usage(`icmp= only applies to icmp and icmpv6`);
      packet.icmpType = Number(m[1]);
      packet.icmpCode = Number(m[2]);
    } else usage(`unknown key "${key}" (use sport=, local=, icmp=)`);
  }
  if (ICMP_PROTOCOLS.includes(protocol) && packet.icmpType === undefined) {
    packet.icmpType = 8;
    packet.icmpCode = 0;
  }
  return packet;
}

