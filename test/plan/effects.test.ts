/** The API effect model, case by case: each cloud's duplicate, not-found, quota and policy behaviour. */
import { describe, expect, it } from 'vitest';
import type { SecurityGroup } from '../../src/model/group.js';
import type { Rule } from '../../src/model/rule.js';
import { MODEL_VERSION } from '../../src/model/version.js';
import { applyRequest, applyStep } from '../../src/plan/effects.js';

const ssh: Rule = {
  direction: 'ingress',
  action: 'allow',
  protocol: 6,
  ports: { from: 22, to: 22 },
  peer: { kind: 'cidr', cidr: '10.0.0.0/8' },
};
const aws = (rules: Rule[] = []): SecurityGroup => ({
  modelVersion: MODEL_VERSION,
  provider: 'aws',
  id: 'sg-1',
  rules,
});
const aliyun = (rules: Rule[] = []): SecurityGroup => ({
  modelVersion: MODEL_VERSION,
  provider: 'aliyun',
  id: 'sg-a',
  region: 'cn-hangzhou',
  type: 'normal',
  rules,
});
const awsSsh = {
  GroupId: 'sg-1',
  IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
};
const aliyunSsh = (extra: Record<string, string> = {}) => ({
  RegionId: 'cn-hangzhou',
  SecurityGroupId: 'sg-a',
  Permissions: [
    { IpProtocol: 'TCP', PortRange: '22/22', SourceCidrIp: '10.0.0.0/8', Policy: 'Accept', Priority: '1', ...extra },
  ],
});

describe('AWS effects', () => {
  it('authorize adds the rules, and a rule that exists fails the whole request', () => {
    const added = applyStep(aws(), { action: 'AuthorizeSecurityGroupIngress', request: awsSsh });
    expect(added.ok && added.group.rules.map((r) => [r.direction, r.protocol, r.ports, r.peer])).toEqual([
      ['ingress', 6, { from: 22, to: 22 }, { kind: 'cidr', cidr: '10.0.0.0/8' }],
    ]);
    const again = applyStep(added.group, { action: 'AuthorizeSecurityGroupIngress', request: awsSsh });
    expect(again).toMatchObject({ ok: false, providerCode: 'InvalidPermission.Duplicate' });
    expect(again.group).toBe(added.group);
  });

  it('the same permission twice in one request is InvalidParameterValue', () => {
    const twice = { GroupId: 'sg-1', IpPermissions: [awsSsh.IpPermissions[0], awsSsh.IpPermissions[0]] };
    expect(applyStep(aws(), { action: 'AuthorizeSecurityGroupIngress', request: twice })).toMatchObject({
      ok: false,
      providerCode: 'InvalidParameterValue',
    });
  });

  it('revoke of a rule that does not exist fails and revokes nothing; by unknown rule ID too', () => {
    const other: Rule = { ...ssh, ports: { from: 80, to: 80 } };
    const both = {
      GroupId: 'sg-1',
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
        awsSsh.IpPermissions[0],
      ],
    };
    const r = applyStep(aws([other]), { action: 'RevokeSecurityGroupIngress', request: both });
    expect(r).toMatchObject({ ok: false, providerCode: 'InvalidPermission.NotFound' });
    expect(r.group.rules).toHaveLength(1);
    expect(
      applyStep(aws([ssh]), {
        action: 'RevokeSecurityGroupIngress',
        request: { GroupId: 'sg-1', SecurityGroupRuleIds: ['sgr-9'] },
      }),
    ).toMatchObject({ ok: false, providerCode: 'InvalidSecurityGroupRuleId.NotFound' });
  });

  it('revoke matches without the description, and by rule ID', () => {
    const described: Rule = { ...ssh, description: 'ops', origin: { provider: 'aws', pointer: '', ruleId: 'sgr-1' } };
    expect(applyStep(aws([described]), { action: 'RevokeSecurityGroupIngress', request: awsSsh })).toMatchObject({
      ok: true,
      changed: 1,
      group: { rules: [] },
    });
    expect(
      applyStep(aws([described]), {
        action: 'RevokeSecurityGroupIngress',
        request: { GroupId: 'sg-1', SecurityGroupRuleIds: ['sgr-1'] },
      }),
    ).toMatchObject({ ok: true, group: { rules: [] } });
  });

  it('over 60 IPv4 ingress rules is RulesPerSecurityGroupLimitExceeded; new rules get IDs when asked', () => {
    const many = Array.from({ length: 60 }, (_, i): Rule => ({
      ...ssh,
      peer: { kind: 'cidr', cidr: `10.0.${i}.0/24` },
    }));
    expect(applyStep(aws(many), { action: 'AuthorizeSecurityGroupIngress', request: awsSsh })).toMatchObject({
      ok: false,
      providerCode: 'RulesPerSecurityGroupLimitExceeded',
    });
    const r = applyStep(
      aws(),
      { action: 'AuthorizeSecurityGroupIngress', request: awsSsh },
      { newRuleId: () => 'sgr-new' },
    );
    expect(r.ok && r.group.rules[0]!.origin?.ruleId).toBe('sgr-new');
  });

  it('reads EC2 Query requests too, and answers InvalidAction for other operations', () => {
    const q = {
      Action: 'AuthorizeSecurityGroupIngress',
      GroupId: 'sg-1',
      'IpPermissions.1.IpProtocol': 'tcp',
      'IpPermissions.1.FromPort': '22',
      'IpPermissions.1.ToPort': '22',
      'IpPermissions.1.IpRanges.1.CidrIp': '10.0.0.0/8',
    };
    expect(applyRequest(aws(), 'AuthorizeSecurityGroupIngress', { format: 'query', value: q })).toMatchObject({
      ok: true,
      changed: 1,
    });
    expect(applyStep(aws(), { action: 'ModifySecurityGroupPolicy', request: {} })).toMatchObject({
      ok: false,
      providerCode: 'InvalidAction',
    });
  });
});

describe('Aliyun effects', () => {
  it('authorize of a rule that exists succeeds and adds nothing; duplicates in one request fail', () => {
    const first = applyStep(aliyun(), { action: 'AuthorizeSecurityGroup', request: aliyunSsh() });
    expect(first).toMatchObject({ ok: true, changed: 1 });
    const again = applyStep(first.group, {
      action: 'AuthorizeSecurityGroup',
      request: aliyunSsh({ Description: 'other text' }),
    });
    expect(again).toMatchObject({ ok: true, changed: 0 });
    expect(again.group.rules).toHaveLength(1);
    const dup = { ...aliyunSsh(), Permissions: [aliyunSsh().Permissions[0], aliyunSsh().Permissions[0]] };
    expect(applyStep(aliyun(), { action: 'AuthorizeSecurityGroup', request: dup })).toMatchObject({
      ok: false,
      providerCode: 'InvalidParam.DuplicatePermissions',
    });
  });

  it('a rule of another priority is another rule', () => {
    const p1 = applyStep(aliyun(), { action: 'AuthorizeSecurityGroup', request: aliyunSsh() });
    expect(
      applyStep(p1.group, { action: 'AuthorizeSecurityGroup', request: aliyunSsh({ Priority: '5' }) }),
    ).toMatchObject({ ok: true, changed: 1 });
  });

  it('revoke by Permissions that match nothing succeeds; an unknown rule ID is RuleNotExist', () => {
    expect(applyStep(aliyun(), { action: 'RevokeSecurityGroup', request: aliyunSsh() })).toMatchObject({
      ok: true,
      changed: 0,
    });
    const withId: Rule = { ...ssh, priority: 1, origin: { provider: 'aliyun', pointer: '', ruleId: 'sgr-1' } };
    expect(
      applyRequest(aliyun([withId]), 'RevokeSecurityGroup', {
        format: 'query',
        value: { RegionId: 'cn-hangzhou', SecurityGroupId: 'sg-a', 'SecurityGroupRuleId.1': 'sgr-2' },
      }),
    ).toMatchObject({ ok: false, providerCode: 'InvalidSecurityGroupRule.RuleNotExist' });
    expect(
      applyRequest(aliyun([withId]), 'RevokeSecurityGroup', {
        format: 'query',
        value: { RegionId: 'cn-hangzhou', SecurityGroupId: 'sg-a', 'SecurityGroupRuleId.1': 'sgr-1' },
      }),
    ).toMatchObject({ ok: true, changed: 1 });
  });

  it('revoke by Permissions removes the rule whatever its description', () => {
    const rule: Rule = { ...ssh, priority: 1, description: 'ops' };
    expect(applyStep(aliyun([rule]), { action: 'RevokeSecurityGroup', request: aliyunSsh() })).toMatchObject({
      ok: true,
      changed: 1,
      group: { rules: [] },
    });
  });

  it('ModifySecurityGroupPolicy sets InnerAccessPolicy; enterprise groups refuse it', () => {
    expect(
      applyStep(aliyun(), {
        action: 'ModifySecurityGroupPolicy',
        request: { RegionId: 'cn-hangzhou', SecurityGroupId: 'sg-a', InnerAccessPolicy: 'Drop' },
      }),
    ).toMatchObject({ ok: true, group: { innerAccessPolicy: 'drop' } });
    expect(
      applyStep(
        { ...aliyun(), type: 'enterprise' },
        { action: 'ModifySecurityGroupPolicy', request: { InnerAccessPolicy: 'Accept' } },
      ),
    ).toMatchObject({ ok: false, providerCode: 'InvalidGroupParameter.OperationDenied' });
  });

  it("a request its reader rejects answers the reader's provider code", () => {
    const bad = {
      RegionId: 'cn-hangzhou',
      SecurityGroupId: 'sg-a',
      Permissions: [{ IpProtocol: 'TCP', PortRange: '22/99999', SourceCidrIp: '10.0.0.0/8' }],
    };
    expect(applyStep(aliyun(), { action: 'AuthorizeSecurityGroup', request: bad })).toMatchObject({
      ok: false,
      providerCode: 'InvalidParam.PortRange',
    });
  });
});
