import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { convert, convertDetailed } from '../../src/convert/convert.js';
import { compareFindings } from '../../src/convert/assign-findings.js';
import { compareInputs } from '../../src/convert/compare.js';
import { parseInput } from '../../src/parse/text.js';
import { createMapping } from '../../src/idmap/index.js';
import { EXAMPLES } from './helpers.js';

const text = (name: string) => readFileSync(path.join(EXAMPLES, name), 'utf8');
const mapping = createMapping(JSON.parse(text('mapping.json')));
const codes = (findings: readonly { code: string; pointer: string }[]) => findings.map((f) => `${f.code}@${f.pointer}`);

describe('convert', () => {
  test('should use the mapped target ID and rename mapped group references (Aliyun → AWS)', () => {
    const g = convert(text('aliyun-web-tier.json'), { to: 'aws', map: mapping }).groups[0]!;
    expect(g.target['GroupId']).toBe('sg-0a1b2c3d4e5f60001');
    expect(codes(g.findings)).toContain('reference_mapped@/Permissions/Permission/6/SourceGroupId');
    const pairs = (g.target['IpPermissions'] as { UserIdGroupPairs?: { GroupId: string }[] }[]).flatMap(
      (p) => p.UserIdGroupPairs ?? [],
    );
    expect(pairs.map((p) => p.GroupId)).toContain('sg-0a1b2c3d4e5f60002');
    expect(g.verdict).toBe('exact');
  });

  test('should keep the protocols AWS names when a drop cuts an ALL accept, and expand every number on request', () => {
    const input = JSON.stringify({
      SecurityGroupId: 'sg-bp1proto000001',
      RegionId: 'cn-hangzhou',
      InnerAccessPolicy: 'Drop',
      Permissions: {
        Permission: [
          {
            Direction: 'ingress',
            IpProtocol: 'TCP',
            PortRange: '22/22',
            SourceCidrIp: '0.0.0.0/0',
            Policy: 'Drop',
            Priority: '1',
          },
          {
            Direction: 'ingress',
            IpProtocol: 'ALL',
            PortRange: '-1/-1',
            SourceCidrIp: '10.0.0.0/8',
            Policy: 'Accept',
            Priority: '2',
          },
        ],
      },
    });
    const narrow = convert(input, { to: 'aws' }).groups[0]!;
    expect(narrow.verdict).toBe('narrower');
    expect(codes(narrow.findings)).toContain('protocols_narrowed@/Permissions/Permission/1');
    const protocols = (narrow.target['IpPermissions'] as { IpProtocol: string }[]).map((p) => p.IpProtocol);
    // ICMPv6 with the IPv4 peer can never match: not written (never_match_not_written).
    expect(protocols).toEqual(['icmp', 'tcp', 'tcp', 'udp']);
    expect(codes(narrow.findings)).toContain('never_match_not_written@/Permissions/Permission/1');
    const exact = convert(input, { to: 'aws', expandProtocols: true }).groups[0]!;
    expect(exact.verdict).toBe('exact');
    expect(codes(exact.findings).some((c) => c.startsWith('protocols_narrowed'))).toBe(false);
    expect(codes(exact.findings)).toContain('exactness_over_quota@');
  });

  test('should leave an unmapped reference out with a finding and a narrower verdict proven by the engine', () => {
    const g = convert(text('aliyun-web-tier.json'), { to: 'aws' }).groups[0]!;
    expect(g.verdict).toBe('narrower');
    expect(codes(g.findings)).toContain('unmapped_group_reference@/Permissions/Permission/6/SourceGroupId');
    expect(String(g.target['GroupId'])).toMatch(/^sg-sgbridge-[0-9a-f]{10}$/);
    expect(codes(g.findings)).toContain('target_id_placeholder@/SecurityGroupId');
  });

  test('should read the mapping in the other direction (AWS → Aliyun), mapping accounts and prefix lists', () => {
    const g = convert(text('aws-icmp-ipv6-prefix.json'), { to: 'aliyun', map: mapping }).groups[0]!;
    expect(g.target['SecurityGroupId']).toBe('sg-j6c4dbtier0001');
    const perms = (g.target['Permissions'] as { Permission: Record<string, string>[] }).Permission;
    expect(perms.some((p) => p['SourceGroupId'] === 'sg-j6c4webtier0001')).toBe(true);
    expect(perms.some((p) => p['SourceGroupId'] === 'sg-j6c4partner0001')).toBe(true);
    expect(perms.some((p) => p['SourcePrefixListId'] === 'pl-j6c4office00001')).toBe(true);
    // pl-02cd2c6b has entries but no counterpart: expanded into CIDR rules.
    expect(g.findings.some((f) => f.code === 'prefix_list_expanded' && f.detail['count'] === 2)).toBe(true);
    expect(perms.filter((p) => p['DestCidrIp'] === '52.94.0.0/22')).not.toHaveLength(0);
    // ICMP type-specific rules cannot be written on Aliyun: narrower, and said so.
    expect(g.verdict).toBe('narrower');
    expect(g.findings.some((f) => f.code === 'icmp_type_unsupported')).toBe(true);
  });

  test('should report unmapped accounts and prefix lists without a mapping', () => {
    const g = convert(text('aws-icmp-ipv6-prefix.json'), { to: 'aliyun' }).groups[0]!;
    const found = new Set(g.findings.map((f) => f.code));
    for (const code of ['unmapped_group_reference', 'unmapped_account', 'unmapped_prefix_list'])
      expect(found).toContain(code);
    expect(codes(g.findings)).toContain('reference_mapped@/SecurityGroups/0/IpPermissions/0/UserIdGroupPairs/0/UserId');
  });

  test('should map regions by city, never by code', () => {
    const doc = JSON.parse(text('diff-aliyun.json')) as Record<string, unknown>;
    const london = convert(JSON.stringify({ ...doc, RegionId: 'eu-west-1' }), { to: 'aws' }).groups[0]!;
    expect(london.findings.find((f) => f.code === 'region_mapped')?.detail).toMatchObject({
      from: 'eu-west-1',
      to: 'eu-west-2',
    });
    const hangzhou = convert(JSON.stringify({ ...doc, RegionId: 'cn-hangzhou' }), { to: 'aws' }).groups[0]!;
    expect(codes(hangzhou.findings)).toContain('region_unmapped@/RegionId');
    const mapped = convert(JSON.stringify({ ...doc, RegionId: 'cn-hangzhou' }), { to: 'aws', map: mapping }).groups[0]!;
    expect(mapped.findings.find((f) => f.code === 'region_mapped')?.detail).toMatchObject({ to: 'ap-east-1' });
  });

  test('should translate the enterprise diff example exactly, flattening the drop', () => {
    const g = convert(text('diff-aliyun.json'), { to: 'aws', map: mapping }).groups[0]!;
    expect(g.verdict).toBe('exact');
    expect(g.findings.some((f) => f.code === 'deny_flattened')).toBe(true);
  });

  test("should write one model definition as both clouds' requests", () => {
    const parsed = parseInput(text('model-provisioning.yaml'));
    for (const to of ['aws', 'aliyun'] as const) {
      const r = convert(parsed, { to, emit: 'request' });
      expect(r.from).toBe('model');
      const g = r.groups[0]!;
      expect(g.verdict).toBe('exact');
      expect(g.requests?.length).toBeGreaterThan(0);
    }
  });

  test('should round-trip through the model document', () => {
    const model = convert(text('aliyun-web-tier.json'), { to: 'model' });
    expect(model.groups[0]!.verdict).toBe('exact');
    const doc = { modelVersion: 1, groups: model.groups.map((g) => g.target) };
    const back = convert(JSON.stringify(doc), { to: 'aliyun' });
    expect(back.from).toBe('model');
    expect(back.groups[0]!.verdict).toBe('exact');
  });

  test('should keep findings sorted by pointer, numeric segments as numbers', () => {
    const { result } = convertDetailed(text('aws-icmp-ipv6-prefix.json'), { to: 'aliyun' });
    const findings = result.groups[0]!.findings;
    expect([...findings].sort(compareFindings)).toEqual(findings);
    expect(
      compareFindings({ pointer: '/a/2', code: 'x' } as never, { pointer: '/a/10', code: 'x' } as never),
    ).toBeLessThan(0);
    // One value spelled two ways is still ordered (by text), both ways round: the order is total.
    const f = (pointer: string) => ({ pointer, code: 'x' }) as never;
    expect(compareFindings(f('/01/b'), f('/1/a'))).toBeLessThan(0);
    expect(compareFindings(f('/1/a'), f('/01/b'))).toBeGreaterThan(0);
  });

  test('should never widen by default, and report widening when asked', () => {
    const safe = convert(text('aws-icmp-ipv6-prefix.json'), { to: 'aliyun', map: mapping }).groups[0]!;
    expect(['exact', 'narrower']).toContain(safe.verdict);
    const wide = convert(text('aws-icmp-ipv6-prefix.json'), { to: 'aliyun', map: mapping, allowWidening: true })
      .groups[0]!;
    expect(['wider', 'mixed']).toContain(wide.verdict);
    expect(wide.findings.some((f) => f.effect === 'wider')).toBe(true);
  });
});

describe('compareInputs', () => {
  test('should find the cross-cloud pair equivalent under the mapping, and the other pair different', () => {
    const a = { parsed: parseInput(text('diff-aliyun.json')) };
    expect(compareInputs(a, { parsed: parseInput(text('diff-aws.json')) }, mapping).equivalent).toBe(true);
    const wider = compareInputs(a, { parsed: parseInput(text('diff-aws-wider.json')) }, mapping);
    expect(wider.equivalent).toBe(false);
    expect(wider.comparisons[0]!.onlyB.map((r) => r.text).join('\n')).toMatch(/3389/);
    expect(wider.comparisons[0]!.onlyB.map((r) => r.text).join('\n')).toMatch(/10\.66\.0\.0\/16/);
  });
});

describe('diff of listings that are one page of more', () => {
  const page = (extra: Record<string, unknown> = {}) =>
    parseInput(
      JSON.stringify({
        SecurityGroupId: 'sg-bp1page00000001',
        NextToken: 'token-1',
        Permissions: {
          Permission: [
            {
              Direction: 'ingress',
              IpProtocol: 'TCP',
              PortRange: '22/22',
              SourceCidrIp: '10.0.0.0/8',
              Policy: 'Accept',
              Priority: 1,
            },
          ],
        },
        ...extra,
      }),
    );

  test('the same group of the same document is equivalent to itself: its unread pages are the same', () => {
    const doc = page();
    const r = compareInputs({ parsed: doc }, { parsed: page() });
    expect(r.equivalent).toBe(true);
    expect(r.comparisons[0]!.findings.map((f) => f.code)).toContain('input_truncated');
  });

  test('two documents that agree on their first page are not proven equivalent', () => {
    const r = compareInputs({ parsed: page() }, { parsed: page({ RegionId: 'cn-hangzhou' }) });
    expect(r.equivalent).toBe(false);
  });
});
