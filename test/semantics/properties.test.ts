import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODEL_VERSION } from '../../src/model/version.js';
import type { SecurityGroup } from '../../src/model/group.js';
import type { Rule } from '../../src/model/rule.js';
import { Report } from '../../src/report/report.js';
import type { Packet, Region } from '../../src/semantics/api.js';
import { allows, compile, diff, equivalent, explain, meaning, verdict } from '../../src/semantics/index.js';
import { boundaryAddresses, hostsOf, oracleAllows, oracleOutcome, realityAllows, type Host } from './oracle.js';
import { NOT_TRAFFIC_CODES, notTraffic } from '../../src/convert/not-traffic.js';

const SELF = 'sg-self';
const V4 = ['0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '10.1.2.128/25', '10.1.2.3/32', '192.168.0.0/16'];
const V6 = ['::/0', '2001:db8::/32', '2001:db8:1::/48', '2001:db8::1/128'];
const GROUPS = ['sg-1', 'sg-2', SELF];
const PORT_EDGES = [0, 1, 21, 22, 23, 80, 443, 65534, 65535];
const ICMP_VALUES = [0, 3, 8];

const portRange = fc
  .tuple(fc.constantFrom(...PORT_EDGES), fc.constantFrom(...PORT_EDGES))
  .map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) }));

const peer = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...V4, ...V6).map((cidr) => ({ kind: 'cidr' as const, cidr })) },
  { weight: 2, arbitrary: fc.constantFrom(...GROUPS).map((groupId) => ({ kind: 'group' as const, groupId })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'prefixList' as const, prefixListId: 'pl-1' }) },
);

/** Present in about one rule of six (quintuple fields are rare and make compile leave rules out). */
const rarely = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

function ruleArb(provider: 'aliyun' | 'aws'): fc.Arbitrary<Rule> {
  return fc
    .record({
      direction: fc.constantFrom('ingress' as const, 'egress' as const),
      action: provider === 'aws' ? fc.constant('allow' as const) : fc.constantFrom('allow' as const, 'deny' as const),
      priority: fc.integer({ min: 1, max: 3 }),
      protocol: fc.constantFrom('all' as const, 6, 17, 1, 58, 47),
      ports: fc.option(portRange, { nil: undefined }),
      icmp: fc.option(
        fc.record({
          type: fc.constantFrom('any' as const, ...ICMP_VALUES),
          code: fc.constantFrom('any' as const, 0, 1),
        }),
        { nil: undefined },
      ),
      sourcePorts: rarely(portRange),
      local: rarely(fc.constantFrom('10.1.0.0/16', '10.1.2.3/32', '2001:db8::/32')),
      peer,
    })
    .map((r) => {
      const rule: Rule = { direction: r.direction, action: r.action, protocol: r.protocol, peer: r.peer };
      if (provider === 'aliyun') {
        rule.priority = r.priority;
        if (r.sourcePorts) rule.sourcePorts = r.sourcePorts;
        if (r.local) rule.local = r.local;
      }
      if ((r.protocol === 6 || r.protocol === 17) && r.ports) rule.ports = r.ports;
      if ((r.protocol === 1 || r.protocol === 58) && r.icmp && provider === 'aws') rule.icmp = r.icmp;
      return rule;
    });
}

function groupArb(provider: 'aliyun' | 'aws'): fc.Arbitrary<SecurityGroup> {
  return fc
    .record({
      rules: fc.array(ruleArb(provider), { maxLength: 10 }),
      type: fc.constantFrom(undefined, 'normal' as const, 'enterprise' as const),
      inner: fc.constantFrom(undefined, 'accept' as const, 'drop' as const),
    })
    .map(({ rules, type, inner }) => {
      const g: SecurityGroup = {
        modelVersion: MODEL_VERSION,
        provider,
        id: SELF,
        pointer: '/SecurityGroups/0',
        rules: rules.map((r, i) => ({ ...r, origin: { provider, pointer: `/Permissions/${i}` } })),
      };
      if (provider === 'aliyun') {
        if (type) g.type = type;
        if (inner) g.innerAccessPolicy = inner;
      }
      return g;
    });
}

const anyGroup = fc.oneof(groupArb('aliyun'), groupArb('aws'));

function packetArb(groups: readonly SecurityGroup[]): fc.Arbitrary<Packet> {
  const addresses = boundaryAddresses(groups);
  const ports = new Set<number>(PORT_EDGES);
  for (const g of groups)
    for (const r of g.rules)
      for (const pr of [r.ports, r.sourcePorts])
        if (pr) for (const x of [pr.from - 1, pr.from, pr.to, pr.to + 1]) if (x >= 0 && x <= 65535) ports.add(x);
  const portArb = fc.oneof(fc.constantFrom(...ports), fc.integer({ min: 0, max: 65535 }));
  return fc.record({
    direction: fc.constantFrom('ingress' as const, 'egress' as const),
    protocol: fc.constantFrom(6, 17, 1, 58, 47, 50),
    dstPort: portArb,
    srcPort: portArb,
    icmpType: fc.constantFrom(...ICMP_VALUES, 255),
    icmpCode: fc.constantFrom(0, 1, 2),
    peer: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...addresses).map((address) => ({ kind: 'address' as const, address })) },
      {
        weight: 2,
        arbitrary: fc
          .constantFrom('group:sg-1', 'group:sg-2', `group:${SELF}`, 'group:sg-other', 'prefixList:pl-1')
          .map((atom) => ({ kind: 'atom' as const, atom })),
      },
    ),
    local: fc.option(fc.constantFrom('10.1.2.3', '10.9.9.9', '2001:db8::5', '2001:db9::1'), { nil: undefined }),
  });
}

/** A group and packets drawn for it (and for any companion groups). */
const withPackets = (g: fc.Arbitrary<SecurityGroup[]>) =>
  g.chain((gs) => fc.tuple(fc.constant(gs), fc.array(packetArb(gs), { minLength: 20, maxLength: 40 })));

const RUNS = { numRuns: 200 };

/** The first address of a CIDR (a host inside it). */
function firstAddress(cidr: string): string {
  return cidr.slice(0, cidr.indexOf('/'));
}

/**
 * A packet and a host inside a diff region without a condition: its lowest protocol, ports, ICMP values and
 * local address, and its first peer (the first address of a CIDR, or a member of an atom holding nothing else,
 * at any address). Undefined for regions with a condition.
 */
function witness(region: Region): { packet: Packet; host: Host } | undefined {
  if (region.condition !== undefined) return undefined;
  const peer = region.peers[0]!;
  const protocol = region.protocol === 'all' ? 6 : region.protocol;
  const packet: Packet = {
    direction: region.direction,
    protocol,
    dstPort: region.ports?.from ?? 0,
    srcPort: region.sourcePorts?.from ?? 0,
    icmpType: region.icmp ? (region.icmp.type === 'any' ? 0 : region.icmp.type) : (region.icmpRange?.type.from ?? 0),
    icmpCode: region.icmp ? (region.icmp.code === 'any' ? 0 : region.icmp.code) : (region.icmpRange?.code.from ?? 0),
    peer: { kind: 'address', address: '0.0.0.0' },
    ...(region.local !== undefined && region.local[0] !== '(no local address)'
      ? { local: firstAddress(region.local[0]!) }
      : {}),
  };
  if (peer.includes('/')) return { packet, host: { address: firstAddress(peer), memberOf: [] } };
  const atom = peer.startsWith('pl-') ? `prefixList:${peer}` : `group:${peer}`;
  return { packet, host: { address: '192.0.2.1', memberOf: [atom] } };
}

describe('engine agrees with the brute-force oracle', () => {
  it('meaning membership and explain', () => {
    fc.assert(
      fc.property(withPackets(anyGroup.map((g) => [g])), ([[g], packets]) => {
        const m = meaning(g!);
        for (const p of packets) {
          // meaning() and --assume-disjoint answer in the point model.
          const expected = oracleAllows(g!, p);
          expect(allows(m, p), JSON.stringify(p)).toBe(expected);
          expect(explain(g!, p, { assumeDisjoint: true }).allowed, JSON.stringify(p)).toBe(expected);
          // The default answers for every host the packet stands for.
          const e = explain(g!, p);
          const outcome = oracleOutcome(g!, p);
          expect(e.outcome, JSON.stringify(p)).toBe(outcome);
          expect(e.allowed, JSON.stringify(p)).toBe(outcome === 'depends' ? undefined : outcome === 'allowed');
        }
      }),
      RUNS,
    );
  });

  it('equivalent, diff and verdict for every host (members with addresses and several memberships)', () => {
    fc.assert(
      fc.property(withPackets(fc.tuple(anyGroup, anyGroup).map(([a, b]) => [a, b])), ([[a, b], packets]) => {
        const eq = equivalent(a!, b!);
        const d = diff(a!, b!);
        expect(d.equivalent).toBe(eq);
        let onlyA = false;
        let onlyB = false;
        for (const p of packets) {
          for (const h of hostsOf([a!, b!], p)) {
            const inA = realityAllows(a!, p, h);
            const inB = realityAllows(b!, p, h);
            onlyA ||= inA && !inB;
            onlyB ||= inB && !inA;
          }
        }
        if (onlyA) expect(d.onlyA.length, 'a host only A allows').toBeGreaterThan(0);
        if (onlyB) expect(d.onlyB.length, 'a host only B allows').toBeGreaterThan(0);
        if (onlyA || onlyB) expect(eq).toBe(false);
        // Every plain region (no condition) holds for the host it names: a witness from the region itself.
        for (const [regions, x, y] of [
          [d.onlyA, a!, b!],
          [d.onlyB, b!, a!],
        ] as const) {
          for (const region of regions) {
            const w = witness(region);
            if (w === undefined) continue;
            expect(
              realityAllows(x, w.packet, w.host) && !realityAllows(y, w.packet, w.host),
              `${region.text} for ${JSON.stringify(w)}`,
            ).toBe(true);
          }
        }
        const v = verdict(a!, b!);
        expect(v === 'narrower' || v === 'mixed').toBe(d.onlyA.length > 0);
        expect(v === 'wider' || v === 'mixed').toBe(d.onlyB.length > 0);
      }),
      RUNS,
    );
  });

  it('equivalent, diff and verdict under --assume-disjoint (the point model)', () => {
    fc.assert(
      fc.property(withPackets(fc.tuple(anyGroup, anyGroup).map(([a, b]) => [a, b])), ([[a, b], packets]) => {
        const options = { assumeDisjoint: true };
        const eq = equivalent(a!, b!, options);
        const d = diff(a!, b!, options);
        expect(d.equivalent).toBe(eq);
        expect(equivalent(a!, a!)).toBe(true);
        const onlyA = packets.some((p) => oracleAllows(a!, p) && !oracleAllows(b!, p));
        const onlyB = packets.some((p) => oracleAllows(b!, p) && !oracleAllows(a!, p));
        if (onlyA) expect(d.onlyA.length).toBeGreaterThan(0);
        if (onlyB) expect(d.onlyB.length).toBeGreaterThan(0);
        if (onlyA || onlyB) expect(eq).toBe(false);
        const v = verdict(a!, b!, options);
        expect(v === 'narrower' || v === 'mixed').toBe(d.onlyA.length > 0);
        expect(v === 'wider' || v === 'mixed').toBe(d.onlyB.length > 0);
      }),
      RUNS,
    );
  });

  for (const target of ['aws', 'aliyun'] as const) {
    it(`compile to ${target}: never wider; exact unless a narrowing finding`, () => {
      fc.assert(
        fc.property(withPackets(anyGroup.map((g) => [g])), fc.boolean(), ([[g], packets], unmapped) => {
          const report = new Report();
          const canWrite = unmapped ? (p: Rule['peer']) => !(p.kind === 'group' && p.groupId === 'sg-2') : undefined;
          const out = compile(g!, { target, targetGroupId: SELF, report, ...(canWrite ? { canWrite } : {}) });
          for (const p of packets)
            if (oracleAllows(out.group, p)) expect(oracleAllows(g!, p), `wider at ${JSON.stringify(p)}`).toBe(true);
          expect(['exact', 'narrower']).toContain(verdict(g!, out.group));
          // Allows of unwritable peers are the caller's to report; only then may the result be narrower silently.
          const callerReports =
            unmapped &&
            g!.rules.some((r) => r.action === 'allow' && r.peer.kind === 'group' && r.peer.groupId === 'sg-2');
          if (!report.has('narrower') && !callerReports) {
            // Exact, but for packets that are not traffic (TCP/UDP port 0, ICMP of the other family) when a finding
            // says the target left them out.
            const d = diff(g!, out.group);
            const codes = JSON.stringify(report.findings.map((f) => f.code));
            expect(d.onlyB, codes).toEqual([]);
            const leftOut = report.findings.some((f) => NOT_TRAFFIC_CODES.has(f.code));
            const real = d.onlyA.filter((r) => !(leftOut && notTraffic(r)));
            expect(real, codes).toEqual([]);
          }
          for (const r of out.group.rules) expect(r.origin?.pointer).toBeTypeOf('string');
          if (target === 'aws') for (const r of out.group.rules) expect(r.action).toBe('allow');
        }),
        RUNS,
      );
    });
  }

  it('compile never widens in reality either (hosts with an address and several memberships)', () => {
    const hosts = (gs: SecurityGroup[]) =>
      fc.array(
        fc.record({
          address: fc.constantFrom(...boundaryAddresses(gs)),
          memberOf: fc.subarray(['group:sg-1', 'group:sg-2', `group:${SELF}`, 'prefixList:pl-1']),
        }),
        { minLength: 10, maxLength: 20 },
      );
    // Mostly Aliyun sources compiled to AWS: that is where drops meet allows of other peers.
    const source = fc.oneof({ weight: 4, arbitrary: groupArb('aliyun') }, { weight: 1, arbitrary: groupArb('aws') });
    fc.assert(
      fc.property(
        source.chain((g) =>
          fc.tuple(fc.constant(g), fc.array(packetArb([g]), { minLength: 20, maxLength: 40 }), hosts([g])),
        ),
        fc.constantFrom('aws' as const, 'aws' as const, 'aliyun' as const),
        ([g, packets, hs], target) => {
          const out = compile(g, { target, targetGroupId: SELF, report: new Report() });
          for (const p of packets) {
            for (const h of hs as Host[]) {
              if (realityAllows(out.group, p, h))
                expect(realityAllows(g, p, h), `wider for ${JSON.stringify(h)} at ${JSON.stringify(p)}`).toBe(true);
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
