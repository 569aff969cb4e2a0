/**
 * Issue 11, "Limits, references and hints": AWS → Aliyun enforces Aliyun's name and description rules (and
 * validate checks them), siblings in one input reference each other by their placeholders, the AWS VPC default
 * group says why it has no exact Aliyun form, and an Authorize request over the default rule quota warns.
 */
import { describe, expect, test } from 'vitest';
import { aliyunAdapter } from '../../adapters/aliyun/index.js';
import { groupDescriptionProblem, groupNameProblem } from '../../adapters/aliyun/strings.js';
import { awsAdapter } from '../../adapters/aws/index.js';
import { runCli } from '../../scripts/fuzz/cli.js';
import { convert } from '../../src/convert/convert.js';
import { repoRoot } from './helpers.js';

const awsGroup = (
  extra: Record<string, unknown>,
  perms: unknown[] = [],
  egress: unknown[] = [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
) => ({
  GroupId: 'sg-0a1b2c3d4e5f6b001',
  GroupName: 'web',
  Description: 'web tier',
  IpPermissions: perms,
  IpPermissionsEgress: egress,
  ...extra,
});
const json = (value: unknown) => ({ format: 'json' as const, value });

describe('Aliyun group names and descriptions', () => {
  test('a 300-character AWS description is cut to 256 for Aliyun, with a finding', () => {
    const description = 'a'.repeat(300);
    const g = convert(json({ SecurityGroups: [awsGroup({ Description: description })] }), { to: 'aliyun' }).groups[0]!;
    expect(g.target['Description']).toBe('a'.repeat(256));
    expect(g.findings).toContainEqual(
      expect.objectContaining({
        code: 'description_truncated',
        pointer: '/SecurityGroups/0',
        detail: { max: 256, to: 'Aliyun' },
      }),
    );
  });

  test.each([
    ['web tier (prod)', 'web_tier__prod_'],
    ['1st-group', 'sg-1st-group'],
    ['https://example.com/x', 'example.com_x'],
    ['x', 'x_'],
    ['数据库', '数据库'],
  ])('the AWS name %j is written %j (rewrites reported, Aliyun accepts the result)', (name, written) => {
    const g = convert(json({ SecurityGroups: [awsGroup({ GroupName: name })] }), { to: 'aliyun' }).groups[0]!;
    expect(g.target['SecurityGroupName']).toBe(written);
    expect(groupNameProblem(written)).toBeUndefined();
    expect(g.findings.some((f) => f.code === 'name_rewritten')).toBe(name !== written);
  });

  test('a description starting with a URL, or of one character, is rewritten and reported', () => {
    for (const [description, written] of [
      ['http://wiki/x', 'URL http://wiki/x'],
      ['x', 'x.'],
    ] as const) {
      const g = convert(json({ SecurityGroups: [awsGroup({ Description: description })] }), { to: 'aliyun' })
        .groups[0]!;
      expect(g.target['Description']).toBe(written);
      expect(groupDescriptionProblem(written)).toBeUndefined();
      expect(g.findings.map((f) => f.code)).toContain('description_rewritten');
    }
  });

  test("validate of an Aliyun payload checks the group name and description with Aliyun's codes", () => {
    const body = {
      SecurityGroupId: 'sg-bp1limits000001',
      SecurityGroupName: 'web tier',
      Description: 'd'.repeat(257),
      InnerAccessPolicy: 'Accept',
      Permissions: { Permission: [] },
    };
    const issues = aliyunAdapter.validate(json(body));
    expect(issues.map((i) => [i.providerCode, i.pointer])).toEqual([
      ['InvalidSecurityGroupName.Malformed', '/SecurityGroupName'],
      ['InvalidDescription.Malformed', '/Description'],
    ]);
    expect(aliyunAdapter.validate(json({ ...body, SecurityGroupName: 'web-tier', Description: 'ok' }))).toEqual([]);
  });
});

describe('siblings in one input', () => {
  const input = json({
    SecurityGroups: [
      awsGroup({ GroupId: 'sg-0a1b2c3d4e5f6b001', GroupName: 'web' }, [
        { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: 'sg-0a1b2c3d4e5f6b002' }] },
      ]),
      awsGroup({ GroupId: 'sg-0a1b2c3d4e5f6b002', GroupName: 'db' }, [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: 'sg-0a1b2c3d4e5f6b001' }] },
      ]),
      awsGroup({ GroupId: 'sg-0a1b2c3d4e5f6b003', GroupName: 'other' }, [
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, UserIdGroupPairs: [{ GroupId: 'sg-0a1b2c3d4e5f6b999' }] },
      ]),
    ],
  });

  test('a referenced sibling with no mapping entry is referenced by its own placeholder ID, exactly', () => {
    const [web, db, other] = convert(input, { to: 'aliyun' }).groups;
    const ids = [web!, db!].map((g) => g.target['SecurityGroupId']);
    const peerOf = (g: typeof web) =>
      (g!.target['Permissions'] as { Permission: Record<string, string>[] }).Permission.find(
        (p) => p['SourceGroupId'],
      )?.['SourceGroupId'];
    expect(peerOf(web)).toBe(ids[1]);
    expect(peerOf(db)).toBe(ids[0]);
    for (const g of [web!, db!]) {
      expect(g.verdict).toBe('exact');
      expect(g.findings.map((f) => f.code)).toContain('sibling_reference_placeholder');
      expect(g.findings.map((f) => f.code)).not.toContain('unmapped_group_reference');
    }
    // A group that is not in the input stays unmapped.
    expect(other!.findings.map((f) => f.code)).toContain('unmapped_group_reference');
    expect(other!.verdict).toBe('narrower');
  });

  test('the mapping wins over the placeholder', () => {
    const web = convert(input, { to: 'aliyun', map: { groups: { 'sg-0a1b2c3d4e5f6b002': 'sg-bp1dbtier000001' } } })
      .groups[0]!;
    const perms = (web.target['Permissions'] as { Permission: Record<string, string>[] }).Permission;
    expect(perms.some((p) => p['SourceGroupId'] === 'sg-bp1dbtier000001')).toBe(true);
    expect(web.findings.map((f) => f.code)).not.toContain('sibling_reference_placeholder');
  });
});

describe('the AWS VPC default group to Aliyun', () => {
  const selfAll = { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-0a1b2c3d4e5f6d001' }] };
  const base = { GroupId: 'sg-0a1b2c3d4e5f6d001', GroupName: 'default', Description: 'default VPC security group' };

  test('IPv4-only egress: no exact form; the finding names IPv6 between members, not a rule the input has', () => {
    const g = convert(json({ SecurityGroups: [awsGroup(base, [selfAll])] }), { to: 'aliyun' }).groups[0]!;
    expect(g.verdict).toBe('narrower');
    const f = g.findings.find((x) => x.code === 'inner_access_partial');
    expect(f?.message).toMatch(/0\.0\.0\.0\/0 but not ::\/0.*IPv6/);
    expect(g.findings.map((x) => x.code)).not.toContain('self_reference_unrepresentable');
    const widened = convert(json({ SecurityGroups: [awsGroup(base, [selfAll])] }), {
      to: 'aliyun',
      allowWidening: true,
    }).groups[0]!;
    expect(widened.verdict).toBe('wider');
    expect(widened.target['InnerAccessPolicy']).toBe('Accept');
  });

  test('with ::/0 egress as well the exact form exists: InnerAccessPolicy=Accept', () => {
    const egress = [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] }];
    const g = convert(json({ SecurityGroups: [awsGroup(base, [selfAll], egress)] }), { to: 'aliyun' }).groups[0]!;
    expect(g.verdict).toBe('exact');
    expect(g.target['InnerAccessPolicy']).toBe('Accept');
    expect(g.findings.map((x) => x.code)).toContain('self_reference_inner_access');
  });
});

describe('validate of an AWS Authorize request over the default rule quota', () => {
  const request = (n: number, key = 'IpRanges') => ({
    Action: 'AuthorizeSecurityGroupIngress',
    GroupId: 'sg-0a1b2c3d4e5f6b001',
    IpPermissions: [
      {
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        [key]: Array.from({ length: n }, (_, i) =>
          key === 'IpRanges' ? { CidrIp: `10.${i}.0.0/16` } : { CidrIpv6: `2001:db8:${i.toString(16)}::/48` },
        ),
      },
    ],
  });

  test('61 IPv4 rules warn with RulesPerSecurityGroupLimitExceeded; 60 do not; IPv6 counts apart', () => {
    const over = awsAdapter.validate(json(request(61)));
    expect(over).toEqual([
      expect.objectContaining({
        providerCode: 'RulesPerSecurityGroupLimitExceeded',
        severity: 'warning',
        pointer: '/IpPermissions',
      }),
    ]);
    expect(over[0]!.message).toMatch(/61 IPv4 ingress rules/);
    expect(awsAdapter.validate(json(request(60)))).toEqual([]);
    expect(awsAdapter.validate(json(request(61, 'Ipv6Ranges')))[0]!.message).toMatch(/61 IPv6 ingress rules/);
  });

  test('the CLI prints the warning and still exits 0', async () => {
    const r = await runCli(['validate', '-'], { cwd: repoRoot, stdin: JSON.stringify(request(61)) });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('<stdin>: valid (aws authorize-request), 1 warning\n');
    expect(r.stderr).toBe(
      '<stdin>: /IpPermissions: [RulesPerSecurityGroupLimitExceeded] warning: 61 IPv4 ingress rules in one request exceed the default quota of 60 per group (adjustable)\n',
    );
  });
});
