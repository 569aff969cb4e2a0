/**
 * Request inputs are changes: they translate to the target's requests for the same change, never to a group
 * with defaults. Goldens of the seed documents' own examples (pasted as the docs print them) and of the three
 * cases that used to come out as groups, in test/fixtures/changes (file snapshots: test/README.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import { TranslateError } from '../../src/errors.js';
import { goldenJson } from '../golden.js';
import { repoRoot } from './helpers.js';

const DIR = path.join(repoRoot, 'test/fixtures/changes');

/** The value as its golden `test/fixtures/changes/<name>.golden.json` holds it. */
async function expectChangeGolden(name: string, value: unknown): Promise<void> {
  await expect(goldenJson(value)).toMatchFileSnapshot(path.join(DIR, `${name}.golden.json`));
}

const read = (name: string): string => readFileSync(path.join(DIR, name), 'utf8');

describe('request inputs translate as changes', () => {
  test('an AWS ingress authorize of one SSH rule becomes one Aliyun AuthorizeSecurityGroup, with no egress drop', async () => {
    const r = convert(read('aws-authorize-ssh.json'), {
      to: 'aliyun',
      emit: 'request',
      file: 'aws-authorize-ssh.json',
    });
    expect(r.groups).toEqual([]);
    expect(r.changes).toHaveLength(1);
    const c = r.changes![0]!;
    expect(c.target.map((t) => t.action)).toEqual(['AuthorizeSecurityGroup']);
    expect(JSON.stringify(c.target)).not.toMatch(/Drop|0\.0\.0\.0\/0|::\/0/);
    expect(c.verdict).toBe('exact');
    expect(c.findings.map((f) => f.code)).toContain('change_priority_chosen');
    await expectChangeGolden('aws-authorize-ssh.to-aliyun', r);
  });

  test('an Aliyun RevokeSecurityGroup becomes an AWS RevokeSecurityGroupIngress of the same rule', async () => {
    const r = convert(read('aliyun-revoke.query'), { to: 'aws', file: 'aliyun-revoke.query' });
    const c = r.changes![0]!;
    expect(c.source.action).toBe('RevokeSecurityGroup');
    expect(c.target.map((t) => t.action)).toEqual(['RevokeSecurityGroupIngress']);
    expect(c.target[0]!.request['IpPermissions']).toMatchObject([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.20.0.0/16' }] },
    ]);
    expect(c.verdict).toBe('exact');
    await expectChangeGolden('aliyun-revoke.to-aws', r);
  });

  test('an Aliyun egress authorize of one ICMP rule becomes that one AWS egress rule (no self-reference, no egress-all)', async () => {
    const r = convert(read('aliyun-egress-icmp.query'), { to: 'aws', file: 'aliyun-egress-icmp.query' });
    const c = r.changes![0]!;
    expect(c.target).toEqual([
      {
        action: 'AuthorizeSecurityGroupEgress',
        request: {
          GroupId: expect.any(String),
          IpPermissions: [
            {
              IpProtocol: 'icmp',
              FromPort: -1,
              ToPort: -1,
              IpRanges: [{ CidrIp: '10.0.0.0/8' }],
              Ipv6Ranges: [],
              PrefixListIds: [],
              UserIdGroupPairs: [],
            },
          ],
        },
      },
    ]);
    expect(c.verdict).toBe('exact');
    await expectChangeGolden('aliyun-egress-icmp.to-aws', r);
  });

  test('an Aliyun drop on AWS, an AWS revoke on Aliyun and a revoke by rule ID need the group: error findings, no requests', () => {
    const drop = convert(
      'Action=AuthorizeSecurityGroup&RegionId=cn-hangzhou&SecurityGroupId=sg-a&Permissions.1.IpProtocol=TCP&Permissions.1.PortRange=22/22&Permissions.1.SourceCidrIp=0.0.0.0/0&Permissions.1.Policy=drop',
      { to: 'aws' },
    ).changes![0]!;
    expect(drop.target).toEqual([]);
    expect(drop.verdict).toBe('wider');
    expect(drop.findings.find((f) => f.code === 'change_needs_base')?.severity).toBe('error');

    const revoke = convert(
      JSON.stringify({
        Action: 'RevokeSecurityGroupIngress',
        GroupId: 'sg-1',
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
      }),
      { to: 'aliyun' },
    ).changes![0]!;
    expect(revoke.target).toEqual([]);
    expect(revoke.verdict).toBe('wider');
    expect(revoke.findings.map((f) => f.code)).toContain('change_needs_base');

    const byId = convert(
      'Action=RevokeSecurityGroup&RegionId=cn-hangzhou&SecurityGroupId=sg-a&SecurityGroupRuleId.1=sgr-1',
      { to: 'aws' },
    ).changes![0]!;
    expect(byId.target).toEqual([]);
    expect(byId.findings.find((f) => f.code === 'change_needs_base')?.pointer).toBe('/SecurityGroupRuleId.1');
  });

  test('with --base, a change that needs the group becomes the exact requests of its plan', () => {
    const r = convert(readFileSync(path.join(repoRoot, 'test/fixtures/plan/aliyun-drop-ssh.query'), 'utf8'), {
      to: 'aws',
      map: JSON.parse(readFileSync(path.join(repoRoot, 'examples/mapping.json'), 'utf8')),
      base: readFileSync(path.join(repoRoot, 'test/fixtures/plan/aws-web-current.json'), 'utf8'),
    });
    const c = r.changes![0]!;
    expect(c.verdict).toBe('exact');
    expect(c.findings.some((f) => f.code === 'change_needs_base')).toBe(false);
    expect(c.target.map((t) => t.action)).toEqual(['AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress']);
    expect(JSON.stringify(c.target)).not.toContain('10.20.99.0/24');
  });

  test('a same-cloud request keeps its rules, priorities and drops', () => {
    const c = convert(
      'Action=AuthorizeSecurityGroup&RegionId=cn-hangzhou&SecurityGroupId=sg-a&Permissions.1.IpProtocol=TCP&Permissions.1.PortRange=22/22&Permissions.1.SourceCidrIp=0.0.0.0/0&Permissions.1.Policy=drop&Permissions.1.Priority=5',
      { to: 'aliyun' },
    ).changes![0]!;
    expect(c.verdict).toBe('exact');
    expect(c.target).toEqual([
      {
        action: 'AuthorizeSecurityGroup',
        request: {
          RegionId: 'cn-hangzhou',
          SecurityGroupId: 'sg-a',
          Permissions: [
            { IpProtocol: 'TCP', PortRange: '22/22', Policy: 'Drop', Priority: '5', SourceCidrIp: '0.0.0.0/0' },
          ],
        },
      },
    ]);
  });

  test('an Aliyun description-only modify becomes AWS UpdateSecurityGroupRuleDescriptions', () => {
    const c = convert(
      'Action=ModifySecurityGroupRule&RegionId=cn-hangzhou&SecurityGroupId=sg-a&IpProtocol=TCP&PortRange=80/80&SourceCidrIp=10.0.0.0/8&Policy=accept&Description=web',
      { to: 'aws' },
    ).changes![0]!;
    expect(c.target.map((t) => t.action)).toEqual(['UpdateSecurityGroupRuleDescriptionsIngress']);
    expect(c.target[0]!.request['IpPermissions']).toMatchObject([
      { IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'web' }] },
    ]);
    expect(c.verdict).toBe('exact');
  });
});

describe("the seed documents' request examples, as printed", () => {
  const seeds = readdirSync(path.join(DIR, 'seeds'))
    .filter((f) => f.endsWith('.txt'))
    .sort();
  test.each(seeds)('should convert %s as a change to the other cloud', async (name) => {
    const to = name.startsWith('aliyun') ? 'aws' : 'aliyun';
    const file = `seeds/${name}`;
    let result: unknown;
    try {
      result = convert(read(file), { to, file });
      const changes = (result as { changes?: unknown[]; groups: unknown[] }).changes;
      expect(changes).toHaveLength(1);
      expect((result as { groups: unknown[] }).groups).toEqual([]);
    } catch (e) {
      // The example itself is invalid (the modify example names SourceGroupId on an egress rule): a one-line error.
      expect(e).toBeInstanceOf(TranslateError);
      result = { error: (e as TranslateError).oneLine() };
    }
    await expectChangeGolden(`seeds/${name.replace(/\.txt$/, '')}.to-${to}`, result);
  });
});
