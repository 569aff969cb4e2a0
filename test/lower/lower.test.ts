/**
 * The lowering stage (src/lower): the capability table drives each decision, the quota is counted once,
 * writers only format what was lowered, and the findings that say what a target loses come from here alone.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../adapters/index.js';
import { awsCapabilities, aliyunCapabilities, type Capabilities } from '../../tables/capabilities.js';
import { convert } from '../../src/convert/convert.js';
import { TranslateError } from '../../src/errors.js';
import { keepAllow, lostDenyConditions, lowerAllowMatch } from '../../src/lower/conditions.js';
import { compileForTarget, fitToPayload, reportQuota } from '../../src/lower/index.js';
import { SecurityGroup } from '../../src/model/group.js';
import type { Rule } from '../../src/model/rule.js';
import { MODEL_VERSION } from '../../src/model/version.js';
import { Report } from '../../src/report/report.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const tcp22: Rule = {
  direction: 'ingress',
  action: 'allow',
  protocol: 6,
  ports: { from: 22, to: 22 },
  peer: { kind: 'cidr', cidr: '10.0.0.0/8' },
};
const codes = (r: Report) => r.findings.map((f) => f.code);
const ctx = (caps: Capabilities, widen = false) => ({ caps, to: 'T', widen, report: new Report() });

describe('rule conditions follow the capability table', () => {
  const quintuple: Rule = { ...tcp22, sourcePorts: { from: 1024, to: 2047 }, local: '10.1.0.0/16' };

  it.each([
    ['source ports', { ...tcp22, sourcePorts: { from: 1024, to: 2047 } }, 'sourcePorts', 'source_ports_unsupported'],
    ['a local address', { ...tcp22, local: '10.1.0.0/16' }, 'localAddress', 'local_address_unsupported'],
    ['an internet NIC', { ...tcp22, nicType: 'internet' as const }, 'nicTypes', 'nic_type_internet'],
    ['a port list', { ...tcp22, ports: undefined, portList: { id: 'prl-1' } }, 'portLists', 'port_list_unresolved'],
  ] as const)(
    'an accept with %s is left out where the table says false, kept where it says true',
    (_what, rule, capability, code) => {
      const without = ctx({ ...awsCapabilities, [capability]: false });
      expect(keepAllow(rule, '/r/0', without)).toBe(false);
      expect(codes(without.report)).toEqual([code]);
      const withIt = ctx({ ...awsCapabilities, [capability]: true });
      expect(keepAllow(rule, '/r/0', withIt)).toBe(true);
      expect(withIt.report.findings).toEqual([]);
    },
  );

  it('an accept is kept without the conditions on request, each widening reported', () => {
    const c = ctx(awsCapabilities, true);
    expect(keepAllow(quintuple, '/r/0', c)).toBe(true);
    expect(c.report.findings.map((f) => [f.code, f.pointer])).toEqual([
      ['widened_on_request', '/r/0'],
      ['widened_on_request', '/r/0'],
    ]);
  });

  it('a drop loses only the conditions the table lacks (it then drops its whole box)', () => {
    const deny: Rule = { ...quintuple, action: 'deny' };
    expect(lostDenyConditions(deny, '/r/0', ctx(awsCapabilities))).toEqual([
      'source ports 1024-2047',
      'local 10.1.0.0/16',
    ]);
    expect(lostDenyConditions(deny, '/r/0', ctx(aliyunCapabilities))).toEqual([]);
    expect(lostDenyConditions(deny, '/r/0', ctx({ ...awsCapabilities, localAddress: true }))).toEqual([
      'source ports 1024-2047',
    ]);
  });

  it('ICMP types, port 0 and numbered protocols follow icmpTypeCode, minPort and the protocol lists', () => {
    const icmp: Rule = { ...tcp22, protocol: 1, ports: undefined, icmp: { type: 8, code: 'any' } };
    const aliyun = ctx(aliyunCapabilities);
    expect(lowerAllowMatch(icmp, '/r/0', undefined, aliyun)).toBeUndefined();
    expect(codes(aliyun.report)).toEqual(['icmp_type_unsupported']);
    expect(lowerAllowMatch(icmp, '/r/0', undefined, ctx({ ...aliyunCapabilities, icmpTypeCode: true }))).toEqual(icmp);

    const allPorts = lowerAllowMatch(
      { ...tcp22, ports: { from: 0, to: 80 } },
      '/r/0',
      undefined,
      ctx(aliyunCapabilities),
    );
    expect(allPorts?.ports).toEqual({ from: 1, to: 80 });
    expect(
      lowerAllowMatch({ ...tcp22, ports: { from: 0, to: 80 } }, '/r/0', undefined, ctx(awsCapabilities))?.ports,
    ).toEqual({ from: 0, to: 80 });

    const gre = { ...tcp22, protocol: 132, ports: undefined };
    expect(lowerAllowMatch(gre, '/r/0', 'cn-hangzhou', ctx(aliyunCapabilities))).toBeUndefined();
    expect(lowerAllowMatch(gre, '/r/0', 'cn-qingdao', ctx(aliyunCapabilities))).toEqual(gre);
    expect(lowerAllowMatch(gre, '/r/0', 'cn-hangzhou', ctx(aliyunCapabilities, true))?.protocol).toBe('all');
  });
});

describe('the quota, counted once', () => {
  const base = { direction: 'ingress', action: 'allow', protocol: 6, ports: { from: 22, to: 22 } } as const;
  const aws = (rules: object[]) => SecurityGroup.parse({ provider: 'aws', id: 'sg-1a2b3c4d', rules });
  const quota = (g: SecurityGroup, options: { flattenedDenies: boolean; written: boolean; rulesPerGroup?: number }) => {
    const report = new Report();
    reportQuota(g, 'aws', options, report);
    return report.findings.map((f) => ({ code: f.code, detail: f.detail }));
  };

  it('reports a direction over the per-family quota', () => {
    const g = aws(Array.from({ length: 61 }, (_, i) => ({ ...base, peer: { kind: 'cidr', cidr: `10.0.${i}.0/24` } })));
    expect(quota(g, { flattenedDenies: false, written: true })).toEqual([
      { code: 'quota_exceeded', detail: { count: 61, what: 'IPv4 ingress rules', to: 'AWS', limit: 60 } },
    ]);
    expect(quota(g, { flattenedDenies: false, written: true, rulesPerGroup: 61 })).toEqual([]);
  });

  it('counts a group reference against both address families', () => {
    const cidrs = Array.from({ length: 60 }, (_, i) => ({
      ...base,
      peer: { kind: 'cidr', cidr: `2001:db8:${i.toString(16)}::/48` },
    }));
    const g = aws([...cidrs, { ...base, peer: { kind: 'group', groupId: 'sg-0123456789abcdef0' } }]);
    expect(quota(g, { flattenedDenies: false, written: true })).toEqual([
      { code: 'quota_exceeded', detail: { count: 61, what: 'IPv6 ingress rules', to: 'AWS', limit: 60 } },
    ]);
  });

  it('an overflow from flattening drops is the price of exactness; a written group is also over the quota', () => {
    const g = aws(Array.from({ length: 61 }, (_, i) => ({ ...base, peer: { kind: 'cidr', cidr: `10.0.${i}.0/24` } })));
    expect(quota(g, { flattenedDenies: true, written: false }).map((f) => f.code)).toEqual(['exactness_over_quota']);
    expect(quota(g, { flattenedDenies: true, written: true }).map((f) => f.code)).toEqual([
      'exactness_over_quota',
      'quota_exceeded',
    ]);
  });

  it('a conversion over the quota reports it once, in describe and request output alike', () => {
    const permission = (i: number) => ({
      Direction: 'ingress',
      IpProtocol: 'TCP',
      PortRange: '443/443',
      SourceCidrIp: `10.${i}.0.0/16`,
      Policy: 'Accept',
      Priority: '1',
    });
    // Every other /16: adjacent ones would merge into fewer rules.
    const input = JSON.stringify({
      SecurityGroupId: 'sg-bp1quota00001',
      RegionId: 'cn-hangzhou',
      Permissions: { Permission: Array.from({ length: 61 }, (_, i) => permission(i * 2)) },
    });
    for (const emit of ['describe', 'request'] as const) {
      const g = convert(input, { to: 'aws', emit }).groups[0]!;
      // 61 CIDR rules and the self-reference the basic group's inner access becomes.
      expect(g.findings.filter((f) => f.code === 'quota_exceeded').map((f) => f.detail)).toEqual([
        { count: 62, what: 'IPv4 ingress rules', to: 'AWS', limit: 60 },
      ]);
      expect(g.verdict).toBe('exact');
    }
  });
});

describe('a group copied within a cloud is counted against its quota too', () => {
  const aliyun = (n: number, peer: (i: number) => object) =>
    JSON.stringify({
      SecurityGroupId: 'sg-bp1copy000001',
      SecurityGroupType: 'normal',
      Permissions: {
        Permission: Array.from({ length: n }, (_, i) => ({
          Direction: 'ingress',
          IpProtocol: 'TCP',
          PortRange: `${1000 + i}/${1000 + i}`,
          Policy: 'Accept',
          Priority: '1',
          ...peer(i),
        })),
      },
    });
  const quotaFindings = (input: string) =>
    convert(input, { to: 'aliyun' })
      .groups[0]!.findings.filter((f) => f.code === 'quota_exceeded')
      .map((f) => f.detail);

  it('reports an Aliyun group of more rules than Aliyun holds, copied to Aliyun', () => {
    const cidr = (i: number) => ({ SourceCidrIp: `10.${i >> 8}.${i & 255}.0/24` });
    expect(quotaFindings(aliyun(1000, cidr))).toEqual([]);
    expect(quotaFindings(aliyun(1001, cidr))).toEqual([{ count: 1001, what: 'rules', to: 'Aliyun', limit: 1000 }]);
  });

  it('reports more group-reference rules than a basic group holds', () => {
    const ref = (i: number) => ({ SourceGroupId: `sg-bp1peer${String(i).padStart(6, '0')}` });
    expect(quotaFindings(aliyun(21, ref))).toEqual([
      { count: 21, what: 'group-reference rules', to: 'Aliyun', limit: 20 },
    ]);
  });
});

describe('writers format only what was lowered', () => {
  const group = (rule: Partial<Rule>, extra: object = {}) =>
    SecurityGroup.parse({
      provider: 'aws',
      id: 'sg-1a2b3c4d',
      name: 'g',
      description: 'd',
      rules: [{ ...tcp22, ...rule }],
      ...extra,
    });
  const internal = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e instanceof TranslateError && e.code === 'internal';
    }
    return false;
  };

  it.each([
    ['a NIC type', { nicType: 'intranet' as const }, 'nic_type_dropped'],
    ['rule tags', { tags: [{ key: 'k', value: 'v' }] }, 'tags_dropped'],
    [
      'a prefix-list name',
      { peer: { kind: 'prefixList' as const, prefixListId: 'pl-1', name: 'office' } },
      'field_not_translated',
    ],
    [
      'an owner account name',
      { peer: { kind: 'group' as const, groupId: 'sg-9', ownerAccount: 'acme' } },
      'field_not_translated',
    ],
    ['a description AWS rejects', { description: 'café' }, 'description_charset'],
  ])('AWS: %s throws as an internal error unless fitted first, where it is reported', (_what, rule, code) => {
    expect(internal(() => ADAPTERS.aws.writeDescribe(group(rule)))).toBe(true);
    const report = new Report();
    const fitted = fitToPayload(group(rule), 'aws', 'describe', report);
    expect(codes(report)).toContain(code);
    expect(() => ADAPTERS.aws.writeDescribe(fitted)).not.toThrow();
  });

  it('AWS: a rule given twice is left out by the lowering (duplicate_rule), and the writer refuses it', () => {
    const twice = SecurityGroup.parse({
      provider: 'aws',
      id: 'sg-1a2b3c4d',
      name: 'g',
      description: 'd',
      rules: [tcp22, { ...tcp22, description: 'again' }],
    });
    expect(internal(() => ADAPTERS.aws.writeDescribe(twice))).toBe(true);
    const report = new Report();
    const fitted = fitToPayload(twice, 'aws', 'describe', report);
    expect(fitted.rules).toHaveLength(1);
    expect(codes(report)).toEqual(['duplicate_rule']);
  });

  it('AWS: rules of one permission apart from each other are grouped in order of first appearance, and a duplicate is found past another permission', () => {
    const tcp443: Rule = { ...tcp22, ports: { from: 443, to: 443 } };
    const wide: Rule = { ...tcp22, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } };
    const of = (rules: Rule[]) =>
      SecurityGroup.parse({ provider: 'aws', id: 'sg-1a2b3c4d', name: 'g', description: 'd', rules });
    const out = ADAPTERS.aws.writeDescribe(of([tcp22, tcp443, wide]));
    expect(out['IpPermissions']).toEqual([
      {
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '0.0.0.0/0' }],
        Ipv6Ranges: [],
        PrefixListIds: [],
        UserIdGroupPairs: [],
      },
      {
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        IpRanges: [{ CidrIp: '10.0.0.0/8' }],
        Ipv6Ranges: [],
        PrefixListIds: [],
        UserIdGroupPairs: [],
      },
    ]);
    const twice = of([tcp22, tcp443, { ...tcp22, description: 'again' }]);
    expect(internal(() => ADAPTERS.aws.writeDescribe(twice))).toBe(true);
    const report = new Report();
    const fitted = fitToPayload(twice, 'aws', 'describe', report);
    expect(fitted.rules).toEqual([tcp22, tcp443]);
    expect(codes(report)).toEqual(['duplicate_rule']);
  });

  it('AWS: group fields no shape holds are dropped and named; the writer refuses them', () => {
    const g = group({}, { type: 'normal', innerAccessPolicy: 'accept', region: 'us-east-1' });
    expect(internal(() => ADAPTERS.aws.writeDescribe(g))).toBe(true);
    const report = new Report();
    ADAPTERS.aws.writeDescribe(fitToPayload(g, 'aws', 'describe', report));
    expect(report.findings.map((f) => f.detail['field'])).toEqual([
      'type (normal)',
      'innerAccessPolicy (accept)',
      'region (us-east-1)',
    ]);
  });

  it.each([
    ['port 0', { ports: { from: 0, to: 80 } }, 'port_zero_unrepresentable'],
    ['an over-long description', { description: 'x'.repeat(600) }, 'description_truncated'],
    ['rule tags', { tags: [{ key: 'k', value: 'v' }] }, 'tags_dropped'],
    [
      'VPC peering fields',
      { peer: { kind: 'group' as const, groupId: 'sg-9', vpcId: 'vpc-1' } },
      'field_not_translated',
    ],
  ])('Aliyun: %s throws as an internal error unless fitted first, where it is reported', (_what, rule, code) => {
    const g = SecurityGroup.parse({ provider: 'aliyun', id: 'sg-a', rules: [{ ...tcp22, priority: 1, ...rule }] });
    expect(internal(() => ADAPTERS.aliyun.writeDescribe(g))).toBe(true);
    const report = new Report();
    const fitted = fitToPayload(g, 'aliyun', 'describe', report);
    expect(codes(report)).toContain(code);
    expect(() => ADAPTERS.aliyun.writeDescribe(fitted)).not.toThrow();
  });
});

/** Aliyun rules with the conditions AWS lacks, for the property below. */
const aliyunRule: fc.Arbitrary<Rule> = fc
  .record({
    direction: fc.constantFrom('ingress' as const, 'egress' as const),
    action: fc.constantFrom('allow' as const, 'deny' as const),
    priority: fc.integer({ min: 1, max: 3 }),
    protocol: fc.constantFrom('all' as const, 6, 17, 1),
    port: fc.constantFrom(22, 80, 443),
    cidr: fc.constantFrom('0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16', '::/0', '2001:db8::/32'),
    sourcePorts: fc.option(fc.constant({ from: 1024, to: 65535 }), { nil: undefined }),
    local: fc.option(fc.constantFrom('10.1.0.0/16', '10.1.2.3/32'), { nil: undefined }),
    nicType: fc.constantFrom(undefined, 'internet' as const, 'intranet' as const),
  })
  .map((r) => {
    // ICMP (IPv4) with an IPv6 peer is a value Aliyun rejects, not a condition to lower.
    const cidr = r.protocol === 1 && r.cidr.includes(':') ? '10.0.0.0/8' : r.cidr;
    const rule: Rule = {
      direction: r.direction,
      action: r.action,
      priority: r.priority,
      protocol: r.protocol,
      peer: { kind: 'cidr', cidr },
    };
    const ported = r.protocol === 6 || r.protocol === 17;
    if (ported) rule.ports = { from: r.port, to: r.port };
    if (ported && r.sourcePorts) rule.sourcePorts = r.sourcePorts;
    if (r.local) rule.local = r.local;
    if (r.nicType) rule.nicType = r.nicType;
    return rule;
  });

const aliyunGroup = fc.array(aliyunRule, { maxLength: 8 }).map((rules): SecurityGroup => ({
  modelVersion: MODEL_VERSION,
  provider: 'aliyun',
  id: 'sg-src',
  type: 'normal',
  pointer: '',
  rules: rules.map((r, i) => ({ ...r, origin: { provider: 'aliyun', pointer: `/Permissions/Permission/${i}` } })),
}));

describe('lowering an Aliyun group for AWS (engine as oracle)', () => {
  it('is never wider unless widening was asked for and reported, and every lowered group can be written', () => {
    fc.assert(
      fc.property(aliyunGroup, fc.boolean(), (source, widen) => {
        // The whole pipeline: lowering, the engine's verdict against the source, fitting and writing.
        const doc = JSON.stringify({ modelVersion: MODEL_VERSION, groups: [source] });
        const g = convert(doc, { to: 'aws', allowWidening: widen, emit: 'request' }).groups[0]!;
        const widened = g.findings.some((f) => f.code === 'widened_on_request');
        if (g.verdict === 'wider' || g.verdict === 'mixed') expect(widened).toBe(true);
        if (!widen) expect(widened).toBe(false);
        expect(g.findings.map((f) => f.code)).not.toContain('meaning_widened');
        // Conditions AWS lacks never reach the lowered rules.
        const report = new Report();
        const compiled = compileForTarget(source, {
          target: 'aws',
          targetGroupId: 'sg-dst',
          allowWidening: widen,
          report,
          written: true,
        }).group;
        for (const r of compiled.rules)
          expect([r.action, r.sourcePorts, r.local, r.priority, r.nicType]).toEqual([
            'allow',
            undefined,
            undefined,
            undefined,
            undefined,
          ]);
      }),
      { numRuns: 150 },
    );
  });

  it('fitting is idempotent: a fitted group needs nothing more and adds no finding', () => {
    fc.assert(
      fc.property(aliyunGroup, (source) => {
        const first = new Report();
        const fitted = fitToPayload(source, 'aliyun', 'describe', first);
        const second = new Report();
        expect(fitToPayload(fitted, 'aliyun', 'describe', second)).toEqual(fitted);
        expect(second.findings.filter((f) => f.code !== 'enterprise_group_policy')).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('one place decides what a target loses', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
    });
  const raising = (code: string) =>
    [...sources(resolve(repoRoot, 'src')), ...sources(resolve(repoRoot, 'adapters'))]
      .filter((p) => readFileSync(p, 'utf8').includes(`'${code}'`))
      .map((p) => relative(repoRoot, p));

  it('quota_exceeded is counted in src/lower/quota.ts only', () => {
    expect(raising('quota_exceeded')).toEqual(['src/lower/quota.ts']);
  });

  it("field_not_translated toward a target comes from src/lower only (readers name input fields they do not read, 'to the model')", () => {
    const outside = raising('field_not_translated').filter((p) => !p.startsWith('src/lower/'));
    let checked = 0;
    for (const p of outside) {
      const text = readFileSync(resolve(repoRoot, p), 'utf8');
      // Whole calls, however the formatter wraps them.
      const calls = text.match(/report\.add\(\s*'field_not_translated'[\s\S]*?\);/g) ?? [];
      for (const call of calls) expect(call, `${p}: ${call}`).toMatch(/to: [`'"]the (model|canonical)/);
      checked += calls.length;
    }
    expect(checked).toBeGreaterThan(0);
  });
});
