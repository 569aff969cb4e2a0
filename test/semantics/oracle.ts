/**
 * A brute-force evaluator written straight from the clouds' rules, sharing no code with the engine:
 * one packet in, allowed or not out.
 * - AWS: allowed iff some allow rule matches (deny rules cannot exist on AWS and are ignored).
 * - Aliyun: a basic group with InnerAccessPolicy accept (or absent) lets members of the group itself through
 *   first; then rules sorted by priority (absent = 1), drop before accept, input order; first match decides;
 *   nothing matched: ingress denied, egress accepted for every ADDRESS in a basic (or unknown-type) group,
 *   denied in an enterprise group.
 * - Point model (what `--assume-disjoint` states): a CIDR rule matches only addresses, a group / prefix-list
 *   rule only that atom. The host model (the default) is `realityAllows` with `hostsOf` below.
 * - Closure: a packet from an atom is also allowed when, for the same protocol/ports/ICMP/source port/local,
 *   every IPv4 and every IPv6 address is allowed (checked at every boundary the group's CIDRs create).
 * - Unresolved port lists (portList without ports on tcp/udp): the accept matches nothing, the drop matches
 *   every port. An unreadable peer or local address makes the rule match nothing.
 */
import ipaddr from 'ipaddr.js';
import type { SecurityGroup } from '../../src/model/group.js';
import type { Rule } from '../../src/model/rule.js';
import type { Packet } from '../../src/semantics/api.js';

type Addr = ipaddr.IPv4 | ipaddr.IPv6;

function parse(text: string): Addr | undefined {
  try {
    return ipaddr.parse(text);
  } catch {
    return undefined;
  }
}

function inCidr(address: string, cidr: string): boolean {
  const a = parse(address);
  let range: [Addr, number];
  try {
    range = ipaddr.parseCIDR(cidr.includes('/') ? cidr : `${cidr}/${cidr.includes(':') ? 128 : 32}`);
  } catch {
    return false;
  }
  if (a === undefined || a.kind() !== range[0].kind()) return false;
  return a.match(range);
}

function atomOf(rule: Rule): string | undefined {
  const p = rule.peer;
  if (p.kind === 'group') return p.groupId !== undefined ? `group:${p.groupId}` : `group-name:${p.groupName}`;
  if (p.kind === 'prefixList') return `prefixList:${p.prefixListId}`;
  return undefined;
}

const PORT_PROTOCOLS = [6, 17];
const ICMP_PROTOCOLS = [1, 58];

function unresolvedPortList(rule: Rule): boolean {
  return (
    rule.portList !== undefined &&
    rule.ports === undefined &&
    rule.protocol !== 'all' &&
    PORT_PROTOCOLS.includes(rule.protocol)
  );
}

/** Does the rule's peer cover the packet's peer? The point model: CIDRs match addresses, atoms match atoms. */
type PeerTest = (rule: Rule) => boolean;

function pointPeer(p: Packet): PeerTest {
  return (rule) => {
    if (rule.peer.kind === 'cidr') return p.peer.kind === 'address' && inCidr(p.peer.address, rule.peer.cidr);
    return p.peer.kind === 'atom' && p.peer.atom === atomOf(rule);
  };
}

export function ruleMatches(rule: Rule, p: Packet, peerTest: PeerTest = pointPeer(p)): boolean {
  if (rule.direction !== p.direction) return false;
  if (rule.protocol !== 'all') {
    if (rule.protocol !== p.protocol) return false;
    if (PORT_PROTOCOLS.includes(rule.protocol) && rule.ports) {
      const port = p.dstPort ?? 0;
      if (port < rule.ports.from || port > rule.ports.to) return false;
    }
    if (ICMP_PROTOCOLS.includes(rule.protocol) && rule.icmp) {
      if (rule.icmp.type !== 'any' && rule.icmp.type !== (p.icmpType ?? 0)) return false;
      if (rule.icmp.code !== 'any' && rule.icmp.code !== (p.icmpCode ?? 0)) return false;
    }
  }
  if (rule.sourcePorts) {
    const s = p.srcPort ?? 0;
    if (s < rule.sourcePorts.from || s > rule.sourcePorts.to) return false;
  }
  if (rule.local !== undefined) {
    if (p.local === undefined || !inCidr(p.local, rule.local)) return false;
  }
  if (unresolvedPortList(rule) && rule.action === 'allow') return false;
  return peerTest(rule);
}

function enterprise(g: SecurityGroup): boolean {
  return g.type === 'enterprise';
}

/** The point decision, before the closure. */
function pointAllows(g: SecurityGroup, p: Packet): boolean {
  const rules = g.rules.map((r, i) => ({ r, i })).filter(({ r }) => r.direction === p.direction);
  if (g.provider === 'aws') return rules.some(({ r }) => r.action === 'allow' && ruleMatches(r, p));
  if (
    !enterprise(g) &&
    g.innerAccessPolicy !== 'drop' &&
    p.peer.kind === 'atom' &&
    p.peer.atom === `group:${g.id ?? '(self)'}`
  )
    return true;
  rules.sort(
    (x, y) =>
      (x.r.priority ?? 1) - (y.r.priority ?? 1) ||
      (x.r.action === y.r.action ? 0 : x.r.action === 'deny' ? -1 : 1) ||
      x.i - y.i,
  );
  for (const { r } of rules) if (ruleMatches(r, p)) return r.action === 'allow';
  return p.direction === 'egress' && !enterprise(g) && p.peer.kind === 'address';
}

function bytesToBig(a: Addr): bigint {
  return a.toByteArray().reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

function bigToText(v: bigint, v6: boolean): string {
  const bytes: number[] = [];
  for (let i = (v6 ? 16 : 4) - 1; i >= 0; i--) bytes.push(Number((v >> BigInt(i * 8)) & 255n));
  return ipaddr.fromByteArray(bytes).toString();
}

/** Every address at which the group's rules (of any group given) can change their answer, per family. */
export function boundaryAddresses(groups: readonly SecurityGroup[]): string[] {
  const points = { v4: new Set<bigint>([0n, (1n << 32n) - 1n]), v6: new Set<bigint>([0n, (1n << 128n) - 1n]) };
  for (const g of groups) {
    for (const r of g.rules) {
      if (r.peer.kind !== 'cidr') continue;
      let net: [Addr, number];
      try {
        net = ipaddr.parseCIDR(r.peer.cidr);
      } catch {
        continue;
      }
      const v6 = net[0].kind() === 'ipv6';
      const bits = v6 ? 128 : 32;
      const lo = (bytesToBig(net[0]) >> BigInt(bits - net[1])) << BigInt(bits - net[1]);
      const hi = lo + (1n << BigInt(bits - net[1])) - 1n;
      const max = (1n << BigInt(bits)) - 1n;
      const set = v6 ? points.v6 : points.v4;
      for (const x of [lo - 1n, lo, hi, hi + 1n]) if (x >= 0n && x <= max) set.add(x);
    }
  }
  return [...[...points.v4].map((v) => bigToText(v, false)), ...[...points.v6].map((v) => bigToText(v, true))];
}

/** Allowed or not, by the clouds' rules and the closure. */
export function oracleAllows(g: SecurityGroup, p: Packet): boolean {
  if (pointAllows(g, p)) return true;
  if (p.peer.kind !== 'atom') return false;
  return boundaryAddresses([g]).every((address) => pointAllows(g, { ...p, peer: { kind: 'address', address } }));
}

/**
 * REALITY, beyond the point model: the remote side is one host with an address that may also be a member of
 * some groups / prefix lists. A CIDR rule matches its address, a group rule its memberships, and the Aliyun
 * default accept matches every host. Used to check that compile never widens in the real world either.
 */
export interface Host {
  readonly address: string;
  readonly memberOf: readonly string[];
}

export function realityAllows(g: SecurityGroup, p: Packet, host: Host): boolean {
  const test: PeerTest = (rule) => {
    if (rule.peer.kind === 'cidr') return inCidr(host.address, rule.peer.cidr);
    return host.memberOf.includes(atomOf(rule)!);
  };
  const rules = g.rules.map((r, i) => ({ r, i })).filter(({ r }) => r.direction === p.direction);
  if (g.provider === 'aws') return rules.some(({ r }) => r.action === 'allow' && ruleMatches(r, p, test));
  if (!enterprise(g) && g.innerAccessPolicy !== 'drop' && host.memberOf.includes(`group:${g.id ?? '(self)'}`))
    return true;
  rules.sort(
    (x, y) =>
      (x.r.priority ?? 1) - (y.r.priority ?? 1) ||
      (x.r.action === y.r.action ? 0 : x.r.action === 'deny' ? -1 : 1) ||
      x.i - y.i,
  );
  for (const { r } of rules) if (ruleMatches(r, p, test)) return r.action === 'allow';
  return p.direction === 'egress' && !enterprise(g);
}

/** Every atom the groups name, plus each group's own (InnerAccessPolicy lets members of the group itself in). */
export function namedAtomsOf(groups: readonly SecurityGroup[]): string[] {
  const out = new Set<string>();
  for (const g of groups) {
    out.add(`group:${g.id ?? '(self)'}`);
    for (const r of g.rules) {
      const a = atomOf(r);
      if (a !== undefined) out.add(a);
    }
  }
  return [...out].sort();
}

function subsets<T>(items: readonly T[]): T[][] {
  return items.reduce<T[][]>((acc, x) => [...acc, ...acc.map((s) => [...s, x])], [[]]);
}

/**
 * THE HOST MODEL: every host a packet stands for. An address peer is one host, with the packet's memberships
 * (none when absent). A membership peer is every host holding it: any boundary address of the groups, and
 * either exactly the packet's memberships or any subset of the other named atoms (a membership no rule names
 * answers like none, so one unnamed atom stands for all of them).
 */
export function hostsOf(groups: readonly SecurityGroup[], p: Packet): Host[] {
  if (p.peer.kind === 'address') return [{ address: p.peer.address, memberOf: p.memberships ?? [] }];
  const atom = p.peer.atom;
  const others = namedAtomsOf(groups).filter((a) => a !== atom);
  const sets =
    p.memberships !== undefined
      ? [[atom, ...p.memberships]]
      : subsets([...others, 'group:sg-unnamed']).map((s) => [atom, ...s]);
  const hosts: Host[] = [];
  for (const address of boundaryAddresses(groups)) for (const memberOf of sets) hosts.push({ address, memberOf });
  return hosts;
}

/** allowed / denied when every host the packet stands for is answered alike, else depends. */
export function oracleOutcome(g: SecurityGroup, p: Packet): 'allowed' | 'denied' | 'depends' {
  const answers = new Set(hostsOf([g], p).map((h) => realityAllows(g, p, h)));
  return answers.size === 2 ? 'depends' : answers.has(true) ? 'allowed' : 'denied';
}

/**
 * Whether some host lets a TCP port-22 packet from a member of one of `atoms` (either direction) through one
 * group and not the other: the brute-force side of the verdict property tests.
 */
export function hostDifferences(
  a: SecurityGroup,
  b: SecurityGroup,
  atoms: readonly string[],
): { onlyA: boolean; onlyB: boolean } {
  let onlyA = false;
  let onlyB = false;
  for (const direction of ['ingress', 'egress'] as const) {
    for (const atom of atoms) {
      const p: Packet = {
        direction,
        protocol: 6,
        dstPort: 22,
        srcPort: 1024,
        icmpType: 0,
        icmpCode: 0,
        peer: { kind: 'atom', atom },
      };
      for (const h of hostsOf([a, b], p)) {
        const inA = realityAllows(a, p, h);
        const inB = realityAllows(b, p, h);
        onlyA ||= inA && !inB;
        onlyB ||= inB && !inA;
      }
    }
  }
  return { onlyA, onlyB };
}
