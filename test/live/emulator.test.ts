/**
 * The emulators as the real SDK clients see them: each cloud's validation and error codes, duplicate
 * behaviour, quotas, new-group defaults, paging limits, ClientToken idempotence, request-id headers, and the
 * state file round trip.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as $Ecs from '@alicloud/ecs20140526';
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  ModifySecurityGroupRulesCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, test } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulate/index.js';
import { ec2Client, ecsClient, type EcsClient } from '../../src/live/clients.js';
import { KEYS } from './helpers.js';

const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});
async function aws(options: Partial<EmulatorOptions> = {}): Promise<{ e: Emulator; c: EC2Client }> {
  const e = await startEmulator({ cloud: 'aws', ...options });
  running.push(e);
  return { e, c: ec2Client({ region: 'ap-east-1', endpoint: e.endpoint, credentials: KEYS, maxAttempts: 1 }) };
}
async function aliyun(options: Partial<EmulatorOptions> = {}): Promise<{ e: Emulator; c: EcsClient }> {
  const e = await startEmulator({ cloud: 'aliyun', ...options });
  running.push(e);
  return { e, c: ecsClient({ region: 'cn-hangzhou', endpoint: e.endpoint, credentials: KEYS, maxAttempts: 1 }) };
}
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (x: { name?: string; code?: string }) => x.code ?? x.name,
  );
const tcp = (port: number, cidr: string) => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  IpRanges: [{ CidrIp: cidr }],
});

describe('EC2 emulator', () => {
  test('should give a new group the default egress rule (and ::/0 in an IPv6 VPC)', async () => {
    const { c } = await aws({ aws: { ipv6Vpcs: ['vpc-6'] } });
    const a = await c.send(new CreateSecurityGroupCommand({ GroupName: 'a', Description: 'a', VpcId: 'vpc-4' }));
    const b = await c.send(new CreateSecurityGroupCommand({ GroupName: 'b', Description: 'b', VpcId: 'vpc-6' }));
    expect(a.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const d = await c.send(new DescribeSecurityGroupsCommand({ GroupIds: [a.GroupId!, b.GroupId!] }));
    expect(d.SecurityGroups!.map((g) => g.IpPermissionsEgress)).toEqual([
      [
        {
          IpProtocol: '-1',
          IpRanges: [{ CidrIp: '0.0.0.0/0' }],
          Ipv6Ranges: [],
          PrefixListIds: [],
          UserIdGroupPairs: [],
        },
      ],
      [
        {
          IpProtocol: '-1',
          IpRanges: [{ CidrIp: '0.0.0.0/0' }],
          Ipv6Ranges: [{ CidrIpv6: '::/0' }],
          PrefixListIds: [],
          UserIdGroupPairs: [],
        },
      ],
    ]);
    expect(
      await code(c.send(new CreateSecurityGroupCommand({ GroupName: 'a', Description: 'again', VpcId: 'vpc-4' }))),
    ).toBe('InvalidGroup.Duplicate');
  });

  test("should answer with EC2's error codes", async () => {
    const { c } = await aws();
    const { GroupId } = await c.send(
      new CreateSecurityGroupCommand({ GroupName: 'g', Description: 'g', VpcId: 'vpc-1' }),
    );
    const ingress = (IpPermissions: object[]) =>
      code(c.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions })));
    expect(await ingress([tcp(22, '10.0.0.0/8')])).toBe('ok');
    expect(await ingress([tcp(22, '10.0.0.0/8')])).toBe('InvalidPermission.Duplicate');
    expect(await ingress([tcp(80, '10.0.0.0/8'), tcp(22, '10.0.0.0/8')])).toBe('InvalidPermission.Duplicate'); // all or nothing
    expect(await ingress([tcp(81, '10.0.0.0/8'), tcp(81, '10.0.0.0/8')])).toBe('InvalidParameterValue');
    expect(await ingress([tcp(443, '::/0')])).not.toBe('ok');
    expect(
      await ingress([{ IpProtocol: 'tcp', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }]),
    ).not.toBe('ok');
    expect(
      await code(
        c.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: 'sg-0000000000000dead',
            IpPermissions: [tcp(1, '10.0.0.0/8')],
          }),
        ),
      ),
    ).toBe('InvalidGroup.NotFound');
    expect(
      await code(
        c.send(
          new RevokeSecurityGroupIngressCommand({
            GroupId,
            IpPermissions: [tcp(22, '10.0.0.0/8'), tcp(23, '10.0.0.0/8')],
          }),
        ),
      ),
    ).toBe('InvalidPermission.NotFound');
    const d = await c.send(new DescribeSecurityGroupsCommand({ GroupIds: [GroupId!] }));
    expect(d.SecurityGroups![0]!.IpPermissions).toHaveLength(1); // the failed revoke removed nothing, the failed authorizes added nothing
    expect(
      await code(
        c.send(
          new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [tcp(9, '10.0.0.0/8')], DryRun: true }),
        ),
      ),
    ).toBe('DryRunOperation');
    expect(await code(c.send(new DescribeSecurityGroupsCommand({ MaxResults: 4 })))).toBe('InvalidParameterValue');
  });

  test('should modify a rule and revoke one by rule ID, keeping IDs', async () => {
    const { c } = await aws();
    const { GroupId } = await c.send(
      new CreateSecurityGroupCommand({ GroupName: 'm', Description: 'm', VpcId: 'vpc-1' }),
    );
    const added = await c.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [tcp(22, '10.0.0.0/8')] }),
    );
    const ruleId = added.SecurityGroupRules![0]!.SecurityGroupRuleId!;
    await c.send(
      new ModifySecurityGroupRulesCommand({
        GroupId,
        SecurityGroupRules: [
          {
            SecurityGroupRuleId: ruleId,
            SecurityGroupRule: {
              IpProtocol: 'tcp',
              FromPort: 22,
              ToPort: 22,
              CidrIpv4: '10.1.0.0/16',
              Description: 'narrowed',
            },
          },
        ],
      }),
    );
    const rules = await c.send(
      new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [GroupId!] }] }),
    );
    expect(rules.SecurityGroupRules!.find((r) => r.SecurityGroupRuleId === ruleId)).toMatchObject({
      CidrIpv4: '10.1.0.0/16',
      Description: 'narrowed',
      IsEgress: false,
    });
    const egress = rules.SecurityGroupRules!.find((r) => r.IsEgress)!.SecurityGroupRuleId!;
    expect(await code(c.send(new RevokeSecurityGroupEgressCommand({ GroupId, SecurityGroupRuleIds: [egress] })))).toBe(
      'ok',
    );
    expect(await code(c.send(new RevokeSecurityGroupEgressCommand({ GroupId, SecurityGroupRuleIds: [egress] })))).toBe(
      'InvalidSecurityGroupRuleId.NotFound',
    );
  });

  test('should refuse rules over the per-group quota and deleting a referenced group', async () => {
    const { c } = await aws({ aws: { rulesPerDirection: 3 } });
    const { GroupId } = await c.send(
      new CreateSecurityGroupCommand({ GroupName: 'q', Description: 'q', VpcId: 'vpc-1' }),
    );
    const { GroupId: other } = await c.send(
      new CreateSecurityGroupCommand({ GroupName: 'o', Description: 'o', VpcId: 'vpc-1' }),
    );
    expect(
      await code(
        c.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId,
            IpPermissions: [tcp(1, '10.0.0.0/8'), tcp(2, '10.0.0.0/8'), tcp(3, '10.0.0.0/8')],
          }),
        ),
      ),
    ).toBe('ok');
    expect(
      await code(c.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [tcp(4, '10.0.0.0/8')] }))),
    ).toBe('RulesPerSecurityGroupLimitExceeded');
    expect(
      await code(
        c.send(
          new AuthorizeSecurityGroupEgressCommand({
            GroupId: other,
            IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5, ToPort: 5, UserIdGroupPairs: [{ GroupId }] }],
          }),
        ),
      ),
    ).toBe('ok');
    expect(await code(c.send(new DeleteSecurityGroupCommand({ GroupId })))).toBe('DependencyViolation');
  });
});

describe('ECS emulator', () => {
  const perm = (fields: Record<string, string>) =>
    new $Ecs.AuthorizeSecurityGroupRequestPermissions({
      ipProtocol: 'TCP',
      portRange: '22/22',
      sourceCidrIp: '10.0.0.0/8',
      ...fields,
    });

  test('should succeed silently on a duplicate, and default a new basic group to InnerAccessPolicy=Accept with no rules', async () => {
    const { c, e } = await aliyun();
    const { body } = await c.createSecurityGroup(
      new $Ecs.CreateSecurityGroupRequest({ regionId: 'cn-hangzhou', vpcId: 'vpc-a', securityGroupName: 'web' }),
    );
    const id = body!.securityGroupId!;
    const authorize = (fields: Record<string, string> = {}, token?: string) =>
      code(
        c.authorizeSecurityGroup(
          new $Ecs.AuthorizeSecurityGroupRequest({
            regionId: 'cn-hangzhou',
            securityGroupId: id,
            permissions: [perm(fields)],
            ...(token ? { clientToken: token } : {}),
          }),
        ),
      );
    const fresh = await c.describeSecurityGroupAttribute(
      new $Ecs.DescribeSecurityGroupAttributeRequest({ regionId: 'cn-hangzhou', securityGroupId: id }),
    );
    expect([fresh.body!.innerAccessPolicy, fresh.body!.permissions!.permission!.length]).toEqual(['Accept', 0]);
    expect(await authorize()).toBe('ok');
    expect(await authorize()).toBe('ok');
    expect(e.aliyun!.groups.get(id)!.rules).toHaveLength(1);
    expect(await authorize({ description: 'other text' })).toBe('ok'); // the description is not part of a rule's identity
    expect(e.aliyun!.groups.get(id)!.rules).toHaveLength(1);
    expect(await authorize({ portRange: '23/23' }, 'tok-1')).toBe('ok');
    expect(await authorize({ portRange: '23/23' }, 'tok-1')).toBe('ok');
    expect(await authorize({ portRange: '24/24' }, 'tok-1')).toBe('IdempotentParameterMismatch');
    expect(await authorize({ portRange: '22/99999' })).toBe('InvalidParam.PortRange');
    expect(await authorize({ priority: '101' })).toMatch(/^InvalidPriority/);
    expect(await authorize({ policy: 'maybe' })).toMatch(/^InvalidPolicy/);
    expect(await authorize({ ipProtocol: 'SCTP' })).toMatch(/^InvalidIpProtocol/);
    expect(await authorize({ sourceCidrIp: '10.0.0.0/33' })).toMatch(/^InvalidSourceCidrIp|^InvalidParam/);
    expect(
      await code(
        c.revokeSecurityGroup(
          new $Ecs.RevokeSecurityGroupRequest({
            regionId: 'cn-hangzhou',
            securityGroupId: id,
            securityGroupRuleId: ['sgr-nope'],
          }),
        ),
      ),
    ).toBe('InvalidSecurityGroupRule.RuleNotExist');
    expect(
      await code(
        c.revokeSecurityGroup(
          new $Ecs.RevokeSecurityGroupRequest({
            regionId: 'cn-hangzhou',
            securityGroupId: id,
            permissions: [
              new $Ecs.RevokeSecurityGroupRequestPermissions({
                ipProtocol: 'TCP',
                portRange: '99/99',
                sourceCidrIp: '10.0.0.0/8',
              }),
            ],
          }),
        ),
      ),
    ).toBe('ok');
    expect(
      await code(
        c.describeSecurityGroupAttribute(
          new $Ecs.DescribeSecurityGroupAttributeRequest({ regionId: 'cn-hangzhou', securityGroupId: 'sg-nope' }),
        ),
      ),
    ).toBe('InvalidSecurityGroupId.NotFound');
    expect(
      await code(
        c.describeSecurityGroupAttribute(
          new $Ecs.DescribeSecurityGroupAttributeRequest({
            regionId: 'cn-hangzhou',
            securityGroupId: id,
            maxResults: 5,
          }),
        ),
      ),
    ).toBe('InvalidParameter.MaxResults');
  });

  test('should refuse rules over the quota and self-references', async () => {
    const { c } = await aliyun({ aliyun: { rulesPerGroup: 2 } });
    const { body } = await c.createSecurityGroup(
      new $Ecs.CreateSecurityGroupRequest({ regionId: 'cn-hangzhou', vpcId: 'vpc-a' }),
    );
    const id = body!.securityGroupId!;
    const authorize = (ports: string[]) =>
      code(
        c.authorizeSecurityGroup(
          new $Ecs.AuthorizeSecurityGroupRequest({
            regionId: 'cn-hangzhou',
            securityGroupId: id,
            permissions: ports.map((p) => perm({ portRange: p })),
          }),
        ),
      );
    expect(await authorize(['1/1', '2/2'])).toBe('ok');
    expect(await authorize(['3/3'])).toBe('AuthorizationLimitExceed');
    expect(
      await code(
        c.authorizeSecurityGroup(
          new $Ecs.AuthorizeSecurityGroupRequest({
            regionId: 'cn-hangzhou',
            securityGroupId: id,
            permissions: [perm({ sourceCidrIp: '', sourceGroupId: id })],
          }),
        ),
      ),
    ).toBe('InvalidParamter.Conflict');
  });

  test('should save and load its state as the file pull writes', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sgbridge-emu-'));
    try {
      const file = path.join(dir, 'state.json');
      const first = await aliyun({ stateFile: file });
      const { body } = await first.c.createSecurityGroup(
        new $Ecs.CreateSecurityGroupRequest({ regionId: 'cn-hangzhou', vpcId: 'vpc-a', securityGroupName: 'saved' }),
      );
      await first.c.authorizeSecurityGroup(
        new $Ecs.AuthorizeSecurityGroupRequest({
          regionId: 'cn-hangzhou',
          securityGroupId: body!.securityGroupId!,
          permissions: [perm({})],
        }),
      );
      await first.e.close();
      running.length = 0;
      const saved = JSON.parse(await readFile(file, 'utf8')) as {
        SecurityGroupName: string;
        Permissions: { Permission: unknown[] };
      }[];
      expect(saved.map((g) => [g.SecurityGroupName, g.Permissions.Permission.length])).toEqual([['saved', 1]]);
      const second = await aliyun({ stateFile: file });
      expect(second.e.aliyun!.groups.get(body!.securityGroupId!)!.rules).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
