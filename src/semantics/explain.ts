/**
 * explain(group, packet): allowed or not, and which rule, default or InnerAccessPolicy decided. It runs the
 * same cell engine as meaning(), so the two can never disagree.
 *
 * Packet syntax (parsePacket):
 *   <ingress|egress> <protocol> <peer>[:<dstPort>] [sport=<n>] [local=<addr>] [icmp=<type>/<code>]
 *   [groups=<id,…>] [prefix-lists=<id,…>]
 * - protocol: tcp, udp, icmp, icmpv6, gre or an IANA number (not "all": a packet has one protocol);
 * - peer: an IPv4 address (`10.0.0.1:22`), an IPv6 address (`2001:db8::1`, with a port `[2001:db8::1]:443`),
 *   a member of a group (`sg-123`, `group:<id>`) or an address of a prefix list (`pl-123`, `prefixList:<id>`);
 * - tcp/udp need a destination port; icmp/icmpv6 without `icmp=` mean type 8 code 0 (echo request);
 * - `groups=sg-1,sg-2` and `prefix-lists=pl-1`: the peer host's complete memberships besides its peer (with an
 *   address peer the answer is then definite; without them an address peer holds no membership and a
 *   membership peer stands for every host holding it).
 */
import type { SecurityGroup } from '../model/group.js';
import type { Rule } from '../model/rule.js';
import { parseProtocol, PORT_PROTOCOLS, ICMP_PROTOCOLS } from '../../tables/protocols.js';
import { TranslateError } from '../errors.js';
import type { Direction } from '../model/rule.js';
import { IntervalSet, parseAddressValue, type Family, type Interval } from '../address/index.js';
import type { Atom, Decision, Explanation, ExplanationCase, Packet } from './api.js';
import { BY_CLOSURE, runsHas, UNDECIDED, type CellResult, type Leaf } from './cells.js';
import { listForClass, namedAtoms } from './hosts.js';
import { addressPhrase, atomLabel } from './host-text.js';
import { evaluateLists, type Evaluation } from './meaning.js';
import { DEFAULT_DENY_REASON, evaluationList, type EvalRule, type MeaningOptions } from './rules.js';

const CLOSURE_REASON =
  'every IPv4 and IPv6 address is allowed for this traffic, so members of every group and prefix list are too';

export function describeRule(rule: Rule): string {
  const parts: string[] = [];
  if (rule.priority !== undefined) parts.push(`priority ${rule.priority}`);
  parts.push(rule.action === 'allow' ? (rule.priority !== undefined ? 'accept' : 'allow') : 'drop');
  parts.push(rule.protocol === 'all' ? 'all' : protocolLabel(rule.protocol));
  if (rule.ports)
    parts.push(rule.ports.from === rule.ports.to ? `${rule.ports.from}` : `${rule.ports.from}-${rule.ports.to}`);
  if (rule.icmp) parts.push(`type ${rule.icmp.type} code ${rule.icmp.code}`);
  if (rule.sourcePorts) parts.push(`source port ${rule.sourcePorts.from}-${rule.sourcePorts.to}`);
  if (rule.local) parts.push(`local ${rule.local}`);
  parts.push(rule.direction === 'ingress' ? 'from' : 'to');
  const p = rule.peer;
  parts.push(
    p.kind === 'cidr' ? p.cidr : p.kind === 'group' ? (p.groupId ?? `group name ${p.groupName}`) : p.prefixListId,
  );
  return parts.join(' ');
}

function protocolLabel(p: number): string {
  return ({ 6: 'tcp', 17: 'udp', 1: 'icmp', 58: 'icmpv6', 47: 'gre' } as Record<number, string>)[p] ?? `protocol ${p}`;
}

/** The deciding rule or default at list position `pos` (UNDECIDED: the provider's default deny). */
function decisionAt(
  group: SecurityGroup,
  list: readonly EvalRule[],
  direction: Direction,
  pos: number,
  allowed: boolean,
): { decidedBy: Decision; text: string } {
  const verb = allowed ? 'allowed' : 'denied';
  if (pos === BY_CLOSURE)
    return { decidedBy: { kind: 'default', reason: CLOSURE_REASON }, text: `${verb}: ${CLOSURE_REASON}` };
  if (pos === UNDECIDED) {
    const reason = DEFAULT_DENY_REASON[`${group.provider}-${direction}`]!;
    return { decidedBy: { kind: 'default', reason }, text: `${verb}: ${reason}` };
  }
  const src = list[pos]!.source;
  if (src.kind === 'rule') {
    const decidedBy: Decision = {
      kind: 'rule',
      index: src.index,
      ...(src.pointer !== undefined ? { pointer: src.pointer } : {}),
    };
    return { decidedBy, text: `${verb} by rule ${src.index} (${describeRule(group.rules[src.index]!)})` };
  }
  return { decidedBy: src, text: `${verb}: ${src.reason}` };
}

function parseAddress(text: string): { family: Family; value: bigint } {
  const a = parseAddressValue(text);
  if (a === undefined) throw new TranslateError('usage', `not an IPv4 or IPv6 address: ${text}`);
  return a;
}

/** The leaf of an evaluation holding the packet's non-peer point. */
function leafOf(ev: Evaluation, packet: Packet): Leaf {
  const local = packet.local === undefined ? undefined : parseAddress(packet.local);
  const point = [
    packet.protocol,
    packet.dstPort ?? 0,
    packet.icmpType ?? 0,
    packet.icmpCode ?? 0,
    packet.srcPort ?? 0,
    ev.universe.localIndex(local?.family, local?.value),
  ];
  const leaf = ev.leaves.find((l) => l.box.every((b, d) => b[0] <= point[d]! && point[d]! <= b[1]));
  if (leaf === undefined) throw new TranslateError('internal', 'the cells do not cover the packet');
  return leaf;
}

function definite(
  group: SecurityGroup,
  list: readonly EvalRule[],
  packet: Packet,
  result: CellResult,
  index: number,
): Explanation {
  const allowed = runsHas(result.runs, index);
  const { decidedBy, text } = decisionAt(group, list, packet.direction, result.decider[index]!, allowed);
  return { outcome: allowed ? 'allowed' : 'denied', allowed, decidedBy, text };
}

/**
 * Allowed or denied, and what decided, for every host the packet stands for (the host model, hosts.ts): an
 * address with its complete memberships is one host; a membership alone stands for every host holding it,
 * whatever its address and other memberships, and the answer is `depends` when they are not all answered
 * alike. `assumeDisjoint`: a membership is a point apart from every address (the point model).
 */
export function explain(group: SecurityGroup, packet: Packet, options: MeaningOptions = {}): Explanation {
  const evaluated = evaluationList(group, packet.direction, options);
  // AWS allows are an unordered union: a membership rule that matches the host names the reason better than
  // an address rule that happens to match too ("allowed by rule 6 (… from pl-1)"), so membership rules go first.
  const list =
    group.provider === 'aws'
      ? [...evaluated.filter((r) => r.peer.kind === 'atom'), ...evaluated.filter((r) => r.peer.kind !== 'atom')]
      : evaluated;
  if (packet.peer.kind === 'address') {
    const address = parseAddress(packet.peer.address);
    const held = listForClass(list, new Set(packet.memberships ?? []));
    const ev = evaluateLists([held]);
    return definite(
      group,
      list,
      packet,
      leafOf(ev, packet).results[0]!,
      ev.universe.addressIndex(address.family, address.value),
    );
  }
  const atom = packet.peer.atom;
  if (options.assumeDisjoint && packet.memberships === undefined) {
    const ev = evaluateLists([list], [atom]);
    return definite(group, list, packet, leafOf(ev, packet).results[0]!, ev.universe.atomPoint(atom));
  }
  const base = [...new Set([atom, ...(packet.memberships ?? [])])].sort();
  // With memberships given the host holds exactly those; otherwise any one more named atom may come first.
  const extra = packet.memberships !== undefined ? [] : namedAtoms([list]).filter((a) => !base.includes(a));
  const classes = [base, ...extra.map((a) => [...base, a])];
  const ev = evaluateLists(classes.map((c) => listForClass(list, new Set(c))));
  const leaf = leafOf(ev, packet);
  const { universe } = ev;
  const cases = new Map<string, { allowed: boolean; pos: number; also?: Atom; v4: Interval[]; v6: Interval[] }>();
  classes.forEach((_, ci) => {
    const result = leaf.results[ci]!;
    const first = leaf.results[0]!;
    for (let i = 0; i < universe.nAddr; i++) {
      const allowed = runsHas(result.runs, i);
      const pos = result.decider[i]!;
      // A host with one more membership answered as without it adds nothing to say.
      if (ci > 0 && pos === first.decider[i] && allowed === runsHas(first.runs, i)) continue;
      const key = `${ci > 0 ? extra[ci - 1] : ''}|${allowed}|${pos}`;
      let c = cases.get(key);
      if (c === undefined)
        cases.set(key, (c = { allowed, pos, ...(ci > 0 ? { also: extra[ci - 1]! } : {}), v4: [], v6: [] }));
      const iv = universe.addressInterval(i);
      (iv.family === 4 ? c.v4 : c.v6).push({ lo: iv.lo, hi: iv.hi });
    }
  });
  const listed: ExplanationCase[] = [...cases.values()].map((c) => {
    const { decidedBy, text: decided } = decisionAt(group, list, packet.direction, c.pos, c.allowed);
    // "denied: no rule matched: …" reads badly before a condition: the reason goes in parentheses.
    const text = decidedBy.kind === 'rule' ? decided : `${c.allowed ? 'allowed' : 'denied'} (${decidedBy.reason})`;
    const where: string[] = [];
    if (c.also !== undefined)
      where.push(
        c.also.startsWith('prefixList:')
          ? `its address is also in ${atomLabel(c.also)}`
          : `it is also a member of ${atomLabel(c.also)}`,
      );
    const address = addressPhrase(IntervalSet.of(c.v4), IntervalSet.of(c.v6));
    if (address !== 'any address') where.push(`its address is ${address}`);
    const condition = where.join(' and ');
    return { allowed: c.allowed, decidedBy, condition, text: condition === '' ? text : `${text} if ${condition}` };
  });
  const allowed = listed.every((c) => c.allowed);
  const denied = listed.every((c) => !c.allowed);
  const kind = atom.startsWith('prefixList:') ? 'address in' : 'member of';
  if (listed.length === 1)
    return { outcome: allowed ? 'allowed' : 'denied', allowed, decidedBy: listed[0]!.decidedBy, text: listed[0]!.text };
  const joined = listed.map((c) => c.text).join('; ');
  if (allowed || denied) {
    return {
      outcome: allowed ? 'allowed' : 'denied',
      allowed,
      decidedBy: listed[0]!.decidedBy,
      text: `${allowed ? 'allowed' : 'denied'} for every ${kind} ${atomLabel(atom)}: ${joined}`,
      cases: listed,
    };
  }
  return { outcome: 'depends', text: `depends on which ${kind} ${atomLabel(atom)}: ${joined}`, cases: listed };
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
  if (direction !== 'ingress' && direction !== 'egress')
    usage(`must start with ingress or egress, got "${direction ?? ''}"`);
  if (protocolText === undefined || peerText === undefined)
    usage('expected "<ingress|egress> <protocol> <peer>[:<port>] [key=value…]"');
  const protocol = parseProtocol(protocolText);
  if (protocol === undefined || protocol === 'all')
    usage(`protocol must be tcp, udp, icmp, icmpv6, gre or a number 0-255, got "${protocolText}"`);
  const { peer, port } = parsePeer(peerText);
  const packet: { -readonly [K in keyof Packet]: Packet[K] } = { direction, protocol, peer };
  if (port !== undefined) {
    if (!PORT_PROTOCOLS.includes(protocol)) usage(`protocol ${protocolText} has no ports`);
    packet.dstPort = parsePort(port, 'destination port');
  } else if (PORT_PROTOCOLS.includes(protocol)) usage(`${protocolText} needs a destination port, e.g. 10.0.0.1:22`);
  const memberships: string[] = [];
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
    } else if (key === 'groups' || key === 'prefix-lists') {
      const ids = value.split(',').filter((v) => v !== '');
      if (ids.length === 0)
        usage(
          `${key}= needs a comma-separated list of IDs, e.g. ${key === 'groups' ? 'groups=sg-1,sg-2' : 'prefix-lists=pl-1'}`,
        );
      const prefix = key === 'groups' ? 'group:' : 'prefixList:';
      memberships.push(...ids.map((id) => (id.startsWith(prefix) ? id : `${prefix}${id}`)));
    } else usage(`unknown key "${key}" (use sport=, local=, icmp=, groups=, prefix-lists=)`);
  }
  if (memberships.length > 0) packet.memberships = [...new Set(memberships)];
  if (ICMP_PROTOCOLS.includes(protocol) && packet.icmpType === undefined) {
    packet.icmpType = 8;
    packet.icmpCode = 0;
  }
  return packet;
}
