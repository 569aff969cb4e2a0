import { describe, expect, it } from 'vitest';
import { MODEL_VERSION } from '../../src/model/version.js';
import type { SecurityGroup } from '../../src/model/group.js';
import type { Rule } from '../../src/model/rule.js';
import { Report } from '../../src/report/report.js';
import { TranslateError } from '../../src/errors.js';
import { canonicalCidr, cidrToInterval, IntervalSet, type Family } from '../../src/address/index.js';
import { compileForTarget } from '../../src/lower/index.js';
import {
  compile,
  diff,
  equivalent,
  explain,
  lint,
  meaning,
  parsePacket,
  shadowedRules,
  verdict,
} from '../../src/semantics/index.js';
import { oracleAllows } from './oracle.js';
import { notTraffic } from '../../src/convert/not-traffic.js';

const cidr = (c: string) => ({ kind: 'cidr' as const, cidr: c });
const group = (id: string) => ({ kind: 'group' as const, groupId: id });

function rule(r: Partial<Rule> & Pick<Rule, 'direction' | 'peer'>, i = 0): Rule {
  return { action: 'allow', protocol: 'all', origin: { provider: 'aliyun', pointer: `/Permissions/${i}` }, ...r };
}

function aliyun(rules: Rule[], extra: Partial<SecurityGroup> = {}): SecurityGroup {
  return {
    modelVersion: MODEL_VERSION,
    provider: 'aliyun',
    id: 'sg-a',
    type: 'normal',
    innerAccessPolicy: 'drop',
    pointer: '/SecurityGroups/0',
    rules: rules.map((r, i) => ({ ...r, origin: { provider: 'aliyun', pointer: `/Permissions/${i}` } })),
    ...extra,
  };
}

function aws(rules: Rule[], extra: Partial<SecurityGroup> = {}): SecurityGroup {
  return {
    modelVersion: MODEL_VERSION,
    provider: 'aws',
    id: 'sg-a',
    pointer: '/SecurityGroups/0',
    rules: rules.map((r, i) => ({
      ...r,
      priority: undefined,
      origin: { provider: 'aws', pointer: `/IpPermissions/${i}` },
    })),
    ...extra,
  };
}

const codes = (r: Report) => r.findings.map((f) => f.code);
const ALL_EGRESS_AWS = [
  rule({ direction: 'egress', peer: cidr('0.0.0.0/0') }),
  rule({ direction: 'egress', peer: cidr('::/0') }),
];

/** The addresses of CIDRs of one family as a set (every CIDR must read). */
function addresses(cidrs: readonly string[], family: Family): IntervalSet {
  const intervals = cidrs.map((c) => cidrToInterval(c)!);
  return IntervalSet.of(intervals.filter((c) => c.family === family));
}

/** The fewest CIDRs covering `base` minus `excluded`, IPv4 then IPv6. */
function cidrsOf(base: readonly string[], excluded: readonly string[] = []): string[] {
  return ([4, 6] as const).flatMap((f) => addresses(base, f).subtract(addresses(excluded, f)).toCidrs(f));
}

describe('address helpers', () => {
  it('interval sets give back the fewest CIDRs, IPv4 then IPv6', () => {
    expect(cidrsOf(['10.0.0.128/25', '10.0.0.0/25', '2001:db8::/33', '2001:db8:8000::/33', '10.0.1.0/24'])).toEqual([
      '10.0.0.0/23',
      '2001:db8::/32',
    ]);
    expect(cidrsOf(['10.0.0.0/8'], ['10.0.0.0/9'])).toEqual(['10.128.0.0/9']);
    expect(cidrsOf(['::/0'], ['::/1'])).toEqual(['8000::/1']);
    expect(cidrsOf(['0.0.0.0/0'], ['0.0.0.0/0'])).toEqual([]);
    expect(cidrToInterval('not-a-cidr')).toBeUndefined();
  });

  it.each([
    ['::', '::/128'],
    ['::1/128', '::1/128'],
    ['1::/16', '1::/16'],
    ['2001:DB8::FFFF/120', '2001:db8::ff00/120'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1/128'],
    ['fe80::1:2:3:4:5/64', 'fe80:0:0:1::/64'],
    ['::ffff:10.0.0.1/128', '::ffff:a00:1/128'],
    ['1:2:3:4:5:6:7::/112', '1:2:3:4:5:6:7:0/112'],
    [' 10.1.2.3/8 ', '10.0.0.0/8'],
    ['255.255.255.255', '255.255.255.255/32'],
  ])('reads %j as %j (canonical text and interval agree)', (input, expected) => {
    expect(cidrsOf([input])).toEqual([expected]);
    expect(canonicalCidr(input)).toBe(expected);
  });

  it.each([
    '1:2:3:4:5:6:7:8:9/64',
    '1::2::3/64',
    '10.0.0.01/8',
    '10.0.0.256/8',
    '10.0.0.0/33',
    '::/129',
    'g::/8',
    'fe80::1%eth0/64',
  ])('rejects %j', (input) => {
    expect(cidrToInterval(input)).toBeUndefined();
    expect(canonicalCidr(input)).toBeUndefined();
  });

  it('refuses an IPv6 zone ID in a packet as it does in a rule', () => {
    const g = aws([rule({ direction: 'ingress', protocol: 6, ports: { from: 22, to: 22 }, peer: cidr('fe80::/64') })]);
    expect(explain(g, parsePacket('ingress tcp [fe80::1]:22')).allowed).toBe(true);
    expect(() => explain(g, parsePacket('ingress tcp [fe80::1%eth0]:22'))).toThrow(TranslateError);
    expect(() => parsePacket('ingress tcp fe80::1%eth0')).toThrow(TranslateError);
    expect(() => parsePacket('ingress tcp 10.0.0.1:22 local=fe80::1%eth0')).toThrow(TranslateError);
  });
});

describe('Aliyun to AWS', () => {
  it('one drop of a /24 under an allow of 0.0.0.0/0 compiles to the exact complement', () => {
    const src = aliyun([
      rule({ direction: 'ingress', priority: 2, protocol: 6, ports: { from: 22, to: 22 }, peer: cidr('0.0.0.0/0') }),
      rule({
        direction: 'ingress',
        priority: 1,
        protocol: 6,
        ports: { from: 22, to: 22 },
        action: 'deny',
        peer: cidr('10.1.2.0/24'),
      }),
    ]);
    const report = new Report();
    // The lowering stage's compile: the engine's set algebra plus the group-level findings (src/lower).
    const out = compileForTarget(src, { target: 'aws', targetGroupId: 'sg-a', report });
    const ingress = out.group.rules.filter((r) => r.direction === 'ingress');
    expect(ingress.every((r) => r.protocol === 6 && r.ports?.from === 22 && r.ports.to === 22)).toBe(true);
    expect(ingress.map((r) => (r.peer.kind === 'cidr' ? r.peer.cidr : '')).sort()).toEqual(
      cidrsOf(['0.0.0.0/0'], ['10.1.2.0/24']).sort(),
    );
    expect(ingress).toHaveLength(24);
    expect(equivalent(src, out.group)).toBe(true);
    expect(codes(report)).toContain('deny_flattened');
    expect(codes(report)).toContain('priority_dropped');
    expect(report.has('narrower')).toBe(false);
    // every compiled rule points at the source rule it came from
    expect(ingress.every((r) => r.origin?.pointer === '/Permissions/0')).toBe(true);
  });

  it('an ALL accept cut by a TCP drop keeps the protocols AWS names, narrower and reported; --expand-protocols is exact', () => {
    const src = aliyun([
      rule({
        direction: 'ingress',
        priority: 1,
        action: 'deny',
        protocol: 6,
        ports: { from: 22, to: 22 },
        peer: cidr('0.0.0.0/0'),
      }),
      rule({ direction: 'ingress', priority: 2, protocol: 'all', peer: cidr('10.0.0.0/8') }),
      rule({ direction: 'ingress', priority: 3, protocol: 47, peer: cidr('10.0.0.0/8') }),
    ]);
    const report = new Report();
    const out = compile(src, { target: 'aws', targetGroupId: 'sg-a', report });
    const ingress = out.group.rules.filter((r) => r.direction === 'ingress');
    expect(ingress.map((r) => [r.protocol, r.ports ?? null])).toEqual([
      [1, null],
      [6, { from: 0, to: 21 }],
      [6, { from: 23, to: 65535 }],
      [17, null],
      [47, null], // named by the group: kept
    ]); // ICMPv6 with an IPv4 peer can never match: not written
    const narrowed = report.findings.filter((f) => f.code === 'protocols_narrowed');
    expect(narrowed).toHaveLength(1);
    expect(narrowed[0]!.pointer).toBe('/Permissions/1');
    expect(narrowed[0]!.message).toContain('251 other protocol numbers (0, 2-5, 7-16, 18-46, 48-57, 59-255)');
    expect(verdict(src, out.group)).toBe('narrower');
    expect(explain(out.group, parsePacket('ingress 50 10.1.2.3')).allowed).toBe(false);
    expect(explain(src, parsePacket('ingress 50 10.1.2.3')).allowed).toBe(true);

    const exact = compile(src, { target: 'aws', targetGroupId: 'sg-a', report: new Report(), expandProtocols: true });
    expect(exact.group.rules.filter((r) => r.direction === 'ingress')).toHaveLength(256 + 1 - 1);
    // Exact but for ICMPv6 from IPv4 addresses, which no packet is (the conversion's verdict leaves it out).
    const d = diff(src, exact.group);
    expect(d.onlyB).toEqual([]);
    expect(d.onlyA.map((r) => r.text)).toEqual(['ingress icmpv6 from 10.0.0.0/8']);
    expect(d.onlyA.every(notTraffic)).toBe(true);
  });

  it('a classic-network internet-NIC accept is left out (narrower); an internet-NIC drop drops for all NICs', () => {
    const src = aliyun([
      rule({
        direction: 'ingress',
        priority: 1,
        action: 'deny',
        protocol: 6,
        ports: { from: 22, to: 22 },
        peer: cidr('203.0.113.0/24'),
        nicType: 'internet',
      }),
      rule({
        direction: 'ingress',
        priority: 2,
        protocol: 6,
        ports: { from: 1, to: 1024 },
        peer: cidr('0.0.0.0/0'),
        nicType: 'intranet',
      }),
      rule({
        direction: 'ingress',
        priority: 2,
        protocol: 6,
        ports: { from: 8080, to: 8080 },
        peer: cidr('0.0.0.0/0'),
        nicType: 'internet',
      }),
    ]);
    const report = new Report();
    const out = compile(src, { target: 'aws', targetGroupId: 'sg-a', report });
    const ingress = out.group.rules.filter((r) => r.direction === 'ingress');
    expect(ingress.some((r) => r.ports?.from === 8080)).toBe(false);
    expect(explain(out.group, parsePacket('ingress tcp 203.0.113.9:22')).allowed).toBe(false);
    expect(explain(out.group, parsePacket('ingress tcp 198.51.100.9:22')).allowed).toBe(true);
    expect(report.findings.filter((f) => f.code === 'nic_type_internet').map((f) => f.pointer)).toEqual([
      '/Permissions/0',
      '/Permissions/2',
    ]);
    const widened = new Report();
    const kept = compile(src, { target: 'aws', targetGroupId: 'sg-a', report: widened, allowWidening: true });
    expect(kept.group.rules.some((r) => r.ports?.from === 8080)).toBe(true);
    expect(codes(widened)).toContain('widened_on_request');
  });

  it('a basic group with no egress rule gets an all-traffic egress', () => {
    const src = aliyun([
      rule({ direction: 'ingress', protocol: 6, ports: { from: 443, to: 443 }, peer: cidr('0.0.0.0/0') }),
    ]);
    const report = new Report();
    const out = compile(src, { target: 'aws', targetGroupId: 'sg-a', report });
    const egress = out.group.rules.filter((r) => r.direction === 'egress');
    expect(egress.map((r) => [r.protocol, r.peer.kind === 'cidr' && r.peer.cidr])).toEqual([
      ['all', '0.0.0.0/0'],
      ['all', '::/0'],
    ]);
    expect(codes(report)).toContain('implicit_default_added');
    expect(equivalent(src, aws(ALL_EGRESS_AWS.concat(out.group.rules.filter((r) => r.direction === 'ingress'))))).toBe(
      true,
    );
  });

  it('an enterprise group denies egress by default: nothing to add', () => {
    const src = aliyun([], { type: 'enterprise' });
    const report = new Report();
    const out = compile(src, { target: 'aws', targetGroupId: 'sg-a', report });
    expect(out.group.rules).toEqual([]);
    expect(codes(report)).not.toContain('implicit_default_added');
    const p = parsePacket('egress tcp 8.8.8.8:53');
    expect(explain(src, p).allowed).toBe(false);
    expect(explain(src, p).text).toMatch(/enterprise/);
    // absent type reads as normal (egress accepted)
    expect(explain(aliyun([], { type: undefined }), p).allowed).toBe(true);
  });

  it('InnerAccessPolicy accept becomes self-referencing all-traffic rules in both directions', () => {
    const src = aliyun([], { innerAccessPolicy: undefined });
    const report = new Report();
    const out = compile(src, { target: 'aws', targetGroupId: 'sg-a', report });
    const self = out.group.rules.filter((r) => r.peer.kind === 'group');
    expect(self.map((r) => [r.direction, r.protocol, r.peer.kind === 'group' && r.peer.groupId])).toEqual([
      ['ingress', 'all', 'sg-a'],
    ]);
    // egress to members is covered by 0.0.0.0/0 + ::/0 (closure), so no separate egress self rule is needed
    expect(codes(report)).toContain('inner_access_made_explicit');
    expect(equivalent(src, out.group)).toBe(true);
    const inner = explain(src, parsePacket('ingress tcp sg-a:22'));
    expect(inner).toMatchObject({ allowed: true, decidedBy: { kind: 'inner-access' } });
    // a drop cannot block members while InnerAccessPolicy is accept
    const withDrop = aliyun([rule({ direction: 'ingress', action: 'deny', peer: group('sg-a') })], {
      innerAccessPolicy: 'accept',
    });
    expect(explain(withDrop, parsePacket('ingress tcp sg-a:22')).allowed).toBe(true);
  });

  it('inner access with egress otherwise dropped gives an egress self rule too; enterprise groups are isolated', () => {
    const src = aliyun(
      [
        rule({ direction: 'egress', priority: 100, action: 'deny', peer: cidr('0.0.0.0/0') }),
        rule({ direction: 'egress', priority: 100, action: 'deny', peer: cidr('::/0') }),
      ],
      { innerAccessPolicy: 'accept' },
    );
    const out = compile(src, { target: 'aws', targetGroupId: 'sg-a', report: new Report() });
    expect(out.group.rules.map((r) => [r.direction, r.protocol, r.peer.kind === 'group' && r.peer.groupId])).toEqual([
      ['ingress', 'all', 'sg-a'],
      ['egress', 'all', 'sg-a'],
    ]);
    expect(equivalent(src, out.group)).toBe(true);
    expect(equivalent({ ...src, type: 'enterprise' }, aws([]))).toBe(true);
  });

  it('meaning merges cells into boxes with peer sets', () => {
    const src = aliyun([
      rule({ direction: 'ingress', protocol: 6, ports: { from: 80, to: 80 }, peer: cidr('10.0.0.0/8') }),
      rule({ direction: 'ingress', protocol: 6, ports: { from: 81, to: 90 }, peer: cidr('10.0.0.0/8') }),
      rule({ direction: 'ingress', protocol: 6, ports: { from: 85, to: 85 }, peer: group('sg-x') }),
    ]);
    const m = meaning(src);
    expect(m.ingress.map((b) => [b.protocol, b.dstPort, b.peers.v4.toCidrs(4), [...b.peers.atoms]])).toEqual([
      [[6, 6], [80, 84], ['10.0.0.0/8'], []],
      [[6, 6], [85, 85], ['10.0.0.0/8'], ['group:sg-x']],
      [[6, 6], [86, 90], ['10.0.0.0/8'], []],
    ]);
    expect(m.egress).toHaveLength(1); // the basic-group default: everything
    expect(m.egress[0]!.peers.atomsComplement).toBe(true);
  });

  it('diff regions read like rules and are capped', () => {
    const a = aws([
      rule({ direction: 'ingress', protocol: 6, ports: { from: 22, to: 22 }, peer: cidr('10.0.0.0/8') }),
      rule({ direction: 'ingress', protocol: 6, ports: { from: 22, to: 22 }, peer: group('sg-123') }),
    ]);
    expect(diff(a, aws([])).onlyA.map((r) => r.text)).toEqual(['ingress tcp 22 from 10.0.0.0/8, sg-123']);
    const many = aws(
      Array.from({ length: 30 }, (_, i) =>
        rule({ direction: 'ingress', protocol: 17, ports: { from: 2 * i, to: 2 * i }, peer: cidr('10.0.0.0/8') }),
      ),
    );
    const d = diff(many, aws([]), { maxRegions: 10 });
    expect(d.onlyA).toHaveLength(10);
    expect(d.omittedA).toBe(20);
    expect(d.onlyB).toEqual([]);
    expect(verdict(many, aws([]))).toBe('narrower');
    expect(verdict(aws([]), many)).toBe('wider');
  });

  it('drop before accept at equal priority; lower number first', () => {
    const src = aliyun([
      rule({ direction: 'ingress', priority: 5, protocol: 6, ports: { from: 80, to: 80 }, peer: cidr('10.0.0.0/8') }),
      rule({
        direction: 'ingress',
        priority: 5,
        action: 'deny',
        protocol: 6,
        ports: { from: 80, to: 80 },
        peer: cidr('10.0.0.0/8'),
      }),
      rule({ direction: 'ingress', priority: 4, protocol: 6, ports: { from: 80, to: 80 }, peer: cidr('10.1.0.0/16') }),
    ]);
    expect(explain(src, parsePacket('ingress tcp 10.2.0.1:80'))).toMatchObject({
      allowed: false,
      decidedBy: { kind: 'rule', index: 1, pointer: '/Permissions/1' },
    });
    expect(explain(src, parsePacket('ingress tcp 10.1.0.1:80'))).toMatchObject({
      allowed: true,
      decidedBy: { kind: 'rule', index: 2 },
    });
    expect(explain(src, parsePacket('ingress tcp 10.1.0.1:80')).text).toBe(
      'allowed by rule 2 (priority 4 accept tcp 80 from 10.1.0.0/16)',
    );
    expect(explain(src, parsePacket('ingress udp 10.1.0.1:80')).text).toMatch(/^denied: no rule matched/);
  });

  it('a group drop before a CIDR accept is resolved conservatively and reported', () => {
    const src = aliyun([
      rule({
        direction: 'ingress',
        priority: 1,
        action: 'deny',
        protocol: 6,
        ports: { from: 22, to: 22 },
        peer: group('sg-bad'),
      }),
      rule({ direction: 'ingress', priority: 2, protocol: 6, ports: { from: 1, to: 1024 }, peer: cidr('10.0.0.0/8') }),
    ]);
    const report = new Report();
    const out = compile(src, { target: 'aws', targetGroupId: 'sg-a', report });
    expect(report.findings.find((f) => f.code === 'peer_kind_overlap')?.pointer).toBe('/Permissions/0');
    expect(out.group.rules.filter((r) => r.direction === 'ingress').map((r) => r.ports)).toEqual([
      { from: 1, to: 21 },
      { from: 23, to: 1024 },
    ]);
    expect(verdict(src, out.group)).toBe('narrower');
  });

  it('a CIDR drop before a group accept is resolved conservatively and reported', () => {
    const src = aliyun([
      rule({
        direction: 'ingress',
        priority: 1,
        action: 'deny',
        protocol: 6,
        ports: { from: 22, to: 22 },
        peer: cidr('10.0.0.0/8'),
      }),
      rule({ direction: 'ingress', priority: 2, protocol: 6, ports: { from: 22, to: 22 }, peer: group('sg-web') }),
    ]);
    const report = new Report();
    const out = compile(src, { target: 'aws', targetGroupId: 'sg-a', report });
    expect(codes(report)).toContain('peer_kind_overlap');
    expect(out.group.rules.filter((r) => r.direction === 'ingress')).toEqual([]);
  });

  it('source ports, local addresses and unresolved port lists: accepts left out, drops widened', () => {
    const src = aliyun([
      rule({
        direction: 'ingress',
        protocol: 6,
        ports: { from: 80, to: 80 },
        sourcePorts: { from: 1000, to: 2000 },
        peer: cidr('0.0.0.0/0'),
      }),
      rule({
        direction: 'ingress',
        protocol: 6,
        ports: { from: 81, to: 81 },
        local: '10.1.2.3/32',
        peer: cidr('0.0.0.0/0'),
      }),
      rule({ direction: 'ingress', protocol: 6, portList: { id: 'prl-1' }, peer: cidr('0.0.0.0/0') }),
      rule({
        direction: 'ingress',
        priority: 1,
        action: 'deny',
        protocol: 6,
        ports: { from: 443, to: 443 },
        sourcePorts: { from: 1, to: 10 },
        peer: cidr('10.0.0.0/8'),
      }),
      rule({ direction: 'ingress', priority: 2, protocol: 6, ports: { from: 443, to: 443 }, peer: cidr('10.0.0.0/8') }),
    ]);
    const report = new Report();
    const out = compile(src, { target: 'aws', targetGroupId: 'sg-a', report });
    expect(codes(report)).toEqual(
      expect.arrayContaining([
        'source_ports_unsupported',
        'local_address_unsupported',
        'port_list_unresolved',
        'deny_not_representable',
      ]),
    );
    expect(out.group.rules.filter((r) => r.direction === 'ingress')).toEqual([]);
    expect(verdict(src, out.group)).toBe('narrower');
    const wide = new Report();
    const widened = compile(src, { target: 'aws', targetGroupId: 'sg-a', report: wide, allowWidening: true });
    expect(codes(wide)).toContain('widened_on_request');
    expect(widened.group.rules.some((r) => r.ports?.from === 80)).toBe(true);
  });

  it('a drop with an unreadable peer drops everything it overlaps (never lost, never wider)', () => {
    const src = aliyun([
      rule({
        direction: 'ingress',
        priority: 1,
        action: 'deny',
        protocol: 6,
        ports: { from: 22, to: 22 },
        peer: cidr('2001:db8::***'),
      }),
      rule({ direction: 'ingress', priority: 2, protocol: 6, ports: { from: 1, to: 1024 }, peer: cidr('0.0.0.0/0') }),
    ]);
    const report = new Report();
    const out = compile(src, { target: 'aws', targetGroupId: 'sg-a', report });
    expect(codes(report)).toContain('deny_not_representable');
    expect(out.group.rules.filter((r) => r.direction === 'ingress').map((r) => r.ports)).toEqual([
      { from: 1, to: 21 },
      { from: 23, to: 1024 },
    ]);
  });

  it('ports 1-65535 stay 1-65535', () => {
    const src = aliyun([
      rule({ direction: 'ingress', protocol: 6, ports: { from: 1, to: 65535 }, peer: cidr('10.0.0.0/8') }),
    ]);
    const out = compile(src, { target: 'aws', targetGroupId: 'sg-a', report: new Report() });
    expect(out.group.rules.find((r) => r.direction === 'ingress')?.ports).toEqual({ from: 1, to: 65535 });
  });

  it('quota: more than 60 rules in a direction and family is reported', () => {
    const rules = Array.from({ length: 70 }, (_, i) =>
      rule({
        direction: 'ingress',
        protocol: 6,
        ports: { from: 1000 + 2 * i, to: 1000 + 2 * i },
        peer: cidr('10.0.0.0/8'),
      }),
    );
    const report = new Report();
    const out = compileForTarget(aliyun(rules), { target: 'aws', targetGroupId: 'sg-a', report });
    expect(out.counts['ingress.ipv4']).toBe(70);
    expect(codes(report)).toContain('quota_exceeded');
  });
});

describe('AWS to Aliyun', () => {
  it('an ICMP type 8 rule is left out, narrower, unless widening is allowed', () => {
    const src = aws([
      rule({ direction: 'ingress', protocol: 1, icmp: { type: 8, code: 'any' }, peer: cidr('0.0.0.0/0') }),
      ...ALL_EGRESS_AWS,
    ]);
    const report = new Report();
    const out = compile(src, { target: 'aliyun', targetGroupId: 'sg-a', report });
    expect(codes(report)).toContain('icmp_type_unsupported');
    expect(verdict(src, out.group)).toBe('narrower');
    const wide = new Report();
    const widened = compile(src, { target: 'aliyun', targetGroupId: 'sg-a', report: wide, allowWidening: true });
    expect(codes(wide)).toContain('widened_on_request');
    expect(verdict(src, widened.group)).toBe('wider');
  });

  it('no egress rule compiles to a drop-all egress at the lowest priority', () => {
    const src = aws([
      rule({ direction: 'ingress', protocol: 6, ports: { from: 22, to: 22 }, peer: cidr('10.0.0.0/8') }),
    ]);
    const report = new Report();
    const out = compile(src, { target: 'aliyun', targetGroupId: 'sg-a', report });
    const egress = out.group.rules.filter((r) => r.direction === 'egress');
    expect(egress.map((r) => [r.action, r.priority, r.protocol, r.peer.kind === 'cidr' && r.peer.cidr])).toEqual([
      ['deny', 100, 'all', '0.0.0.0/0'],
      ['deny', 100, 'all', '::/0'],
    ]);
    expect(codes(report)).toContain('implicit_default_added');
    expect(out.group.innerAccessPolicy).toBe('drop');
    expect(equivalent(src, out.group)).toBe(true);
  });

  it('all-traffic egress needs no drop-all; port 0 is reported', () => {
    const src = aws([
      rule({ direction: 'ingress', protocol: 6, ports: { from: 0, to: 65535 }, peer: cidr('10.0.0.0/8') }),
      ...ALL_EGRESS_AWS,
    ]);
    const report = new Report();
    const out = compile(src, { target: 'aliyun', targetGroupId: 'sg-a', report });
    expect(out.group.rules.some((r) => r.action === 'deny')).toBe(false);
    expect(out.group.rules.find((r) => r.direction === 'ingress')?.ports).toEqual({ from: 1, to: 65535 });
    expect(codes(report)).toContain('port_zero_unrepresentable');
    expect(diff(src, out.group).onlyA.map((r) => r.text)).toEqual(['ingress tcp 0 from 10.0.0.0/8']);
  });

  it('egress to every address in pieces needs no drop-all, and lets members reach each other; one piece short does', () => {
    const halves = ['0.0.0.0/1', '128.0.0.0/1', '::/1', '8000::/1'];
    const egress = (cidrs: readonly string[]) => cidrs.map((c) => rule({ direction: 'egress', peer: cidr(c) }));
    const self = rule({ direction: 'ingress', peer: group('sg-a') });
    const whole = aws([self, ...egress(halves)]);
    const report = new Report();
    const out = compile(whole, { target: 'aliyun', targetGroupId: 'sg-a', report });
    expect(out.group.rules.some((r) => r.action === 'deny')).toBe(false);
    expect(out.group.innerAccessPolicy).toBe('accept');
    expect(codes(report)).not.toContain('implicit_default_added');
    expect(equivalent(whole, out.group)).toBe(true);

    for (const missing of halves) {
      const short = aws([self, ...egress(halves.filter((c) => c !== missing))]);
      const r2 = new Report();
      const out2 = compile(short, { target: 'aliyun', targetGroupId: 'sg-a', report: r2 });
      expect(out2.group.rules.filter((r) => r.action === 'deny').map((r) => r.peer)).toEqual([
        cidr('0.0.0.0/0'),
        cidr('::/0'),
      ]);
      expect(out2.group.innerAccessPolicy).toBe('drop');
      expect(codes(r2)).toContain('implicit_default_added');
      // Members no longer reach each other over every address: the self-reference cannot become Accept.
      expect(codes(r2)).toContain('inner_access_partial');
    }
  });

  it('an all-traffic self-reference becomes InnerAccessPolicy accept; a port-specific one is left out', () => {
    const src = aws([rule({ direction: 'ingress', peer: group('sg-a') }), ...ALL_EGRESS_AWS]);
    const report = new Report();
    const out = compile(src, { target: 'aliyun', targetGroupId: 'sg-a', report });
    expect(out.group.innerAccessPolicy).toBe('accept');
    expect(out.group.rules.some((r) => r.peer.kind === 'group')).toBe(false);
    expect(codes(report)).toContain('self_reference_inner_access');
    expect(equivalent(src, out.group)).toBe(true);

    const port = aws([
      rule({ direction: 'ingress', protocol: 6, ports: { from: 5432, to: 5432 }, peer: group('sg-a') }),
      ...ALL_EGRESS_AWS,
    ]);
    const r2 = new Report();
    const out2 = compile(port, { target: 'aliyun', targetGroupId: 'sg-a', report: r2 });
    expect(out2.group.innerAccessPolicy).toBe('drop');
    expect(codes(r2)).toContain('self_reference_unrepresentable');
    expect(verdict(port, out2.group)).toBe('narrower');
  });

  it('protocols Aliyun cannot write in the region are left out', () => {
    const src = aws([rule({ direction: 'ingress', protocol: 50, peer: cidr('10.0.0.0/8') }), ...ALL_EGRESS_AWS]);
    const report = new Report();
    compile(src, { target: 'aliyun', targetGroupId: 'sg-a', report, region: 'cn-hangzhou' });
    expect(codes(report)).toContain('protocol_unsupported');
    const ok = new Report();
    const out = compile(src, { target: 'aliyun', targetGroupId: 'sg-a', report: ok, region: 'cn-qingdao' });
    expect(codes(ok)).not.toContain('protocol_unsupported');
    expect(equivalent(src, out.group)).toBe(true);
  });
});

describe('cross-cloud equivalence and the closure', () => {
  it('AWS default egress equals the Aliyun basic default egress', () => {
    expect(equivalent(aws(ALL_EGRESS_AWS), aliyun([]))).toBe(true);
    expect(equivalent(aws([ALL_EGRESS_AWS[0]!]), aliyun([]))).toBe(false);
    const d = diff(aliyun([]), aws([ALL_EGRESS_AWS[0]!]));
    // A member of any group whose address is IPv6 is covered by ::/0: no region of its own (host model).
    expect(d.onlyA.map((r) => r.text)).toEqual(['egress all to ::/0']);
    // In the point model (--assume-disjoint) every atom is a host apart from the addresses.
    expect(diff(aliyun([]), aws([ALL_EGRESS_AWS[0]!]), { assumeDisjoint: true }).onlyA.map((r) => r.text)).toEqual([
      'egress all to ::/0, any group or prefix list',
    ]);
  });

  it('peer kinds: a CIDR rule does not match a group member, a group rule does not match an address', () => {
    const g = aws([rule({ direction: 'ingress', protocol: 6, ports: { from: 22, to: 22 }, peer: group('sg-x') })]);
    expect(explain(g, parsePacket('ingress tcp sg-x:22')).allowed).toBe(true);
    expect(explain(g, parsePacket('ingress tcp 10.0.0.1:22')).allowed).toBe(false);
    const c = aws([rule({ direction: 'ingress', protocol: 6, ports: { from: 22, to: 22 }, peer: cidr('10.0.0.0/8') })]);
    // A member of sg-x has some address: allowed when it is in 10.0.0.0/8, so the answer depends.
    expect(explain(c, parsePacket('ingress tcp sg-x:22'))).toMatchObject({ outcome: 'depends' });
    expect(explain(c, parsePacket('ingress tcp sg-x:22'), { assumeDisjoint: true }).allowed).toBe(false);
    expect(oracleAllows(c, parsePacket('ingress tcp sg-x:22'))).toBe(false);
  });
});

describe('parsePacket', () => {
  it('reads the documented syntax', () => {
    expect(parsePacket('ingress tcp [2001:db8::1]:443 sport=5000 local=10.0.0.5')).toEqual({
      direction: 'ingress',
      protocol: 6,
      peer: { kind: 'address', address: '2001:db8::1' },
      dstPort: 443,
      srcPort: 5000,
      local: '10.0.0.5',
    });
    expect(parsePacket('egress icmp 8.8.8.8 icmp=3/4')).toMatchObject({ protocol: 1, icmpType: 3, icmpCode: 4 });
    expect(parsePacket('egress 47 pl-123')).toMatchObject({
      protocol: 47,
      peer: { kind: 'atom', atom: 'prefixList:pl-123' },
    });
    expect(parsePacket('ingress udp group:sg-9:53').peer).toEqual({ kind: 'atom', atom: 'group:sg-9' });
  });

  it.each([
    '',
    'inbound tcp 1.2.3.4:22',
    'ingress all 1.2.3.4',
    'ingress tcp 1.2.3.4',
    'ingress tcp 1.2.3.4:99999',
    'ingress tcp nowhere:22',
    'ingress tcp 1.2.3.4:22 colour=red',
    'ingress icmp 1.2.3.4 icmp=300/1',
  ])('rejects %j with a one-line usage error', (spec) => {
    try {
      parsePacket(spec);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TranslateError);
      expect((e as TranslateError).code).toBe('usage');
      expect((e as TranslateError).message).not.toContain('\n');
    }
  });
});

describe('lint', () => {
  it('reports shadowed, duplicate and never-matching rules', () => {
    const g = aliyun([
      rule({ direction: 'ingress', priority: 1, protocol: 6, ports: { from: 1, to: 1024 }, peer: cidr('10.0.0.0/8') }),
      rule({ direction: 'ingress', priority: 2, protocol: 6, ports: { from: 22, to: 22 }, peer: cidr('10.1.0.0/16') }),
      rule({ direction: 'ingress', priority: 1, protocol: 1, peer: cidr('2001:db8::/32') }),
    ]);
    expect(shadowedRules(g)).toContain(1);
    const report = new Report();
    lint(g, report);
    expect(report.findings.map((f) => [f.code, f.pointer])).toEqual(
      expect.arrayContaining([
        ['rule_never_matches', '/Permissions/2'],
        ['rule_shadowed', '/Permissions/1'],
      ]),
    );
    const dup = aws([
      rule({ direction: 'ingress', peer: cidr('10.0.0.0/8') }),
      rule({ direction: 'ingress', peer: cidr('10.0.0.0/8') }),
      rule({ direction: 'ingress', peer: cidr('10.0.0.0/9') }),
    ]);
    expect(shadowedRules(dup)).toEqual([1, 2]);
    const r2 = new Report();
    lint(dup, r2);
    expect(codes(r2)).toEqual(['duplicate_rule', 'rule_shadowed']);
  });

  it('calls a rule a duplicate when its traffic fields are the same, whatever its description, tags and key order', () => {
    const ssh = { direction: 'ingress', protocol: 6, ports: { from: 22, to: 22 }, peer: cidr('10.0.0.0/8') } as const;
    const g = aws([
      rule({ ...ssh, description: 'first' }),
      // The same fields in another order, with other text and an absent field spelled out: a duplicate of 0.
      rule({
        peer: cidr('10.0.0.0/8'),
        ports: { to: 22, from: 22 },
        protocol: 6,
        direction: 'ingress',
        description: 'second',
        tags: [{ key: 'k', value: 'v' }],
        sourcePorts: undefined,
      }),
      // Inside the first rule, but other ports: shadowed, not a duplicate.
      rule({ ...ssh, ports: { from: 22, to: 22 }, peer: cidr('10.1.0.0/16') }),
    ]);
    const report = new Report();
    lint(g, report);
    expect(
      report.findings.map((f) => [f.code, f.pointer, f.code === 'duplicate_rule' ? f.detail.of : undefined]),
    ).toEqual([
      ['duplicate_rule', '/IpPermissions/1', 0],
      ['rule_shadowed', '/IpPermissions/2', undefined],
    ]);
  });
});
