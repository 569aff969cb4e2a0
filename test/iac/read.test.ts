/**
 * Reading provisioning code: hand-written `terraform show -json` state (AWS, a child module) and plan (Aliyun,
 * values unknown until apply), a CloudFormation YAML template with short-form intrinsics and a ROS JSON template.
 * What each fixture checks is in test/fixtures/iac/README.md. Goldens hold the canonical groups and findings.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectInput, readDetected } from '../../adapters/index.js';
import { convert } from '../../src/convert/convert.js';
import { TranslateError } from '../../src/errors.js';
import { parseInput } from '../../src/parse/text.js';
import { Report } from '../../src/report/report.js';
import { goldenJson } from '../golden.js';
import { IAC_FIXTURES, iacFixture } from './helpers.js';

function read(name: string, from?: 'aws' | 'aliyun') {
  const parsed = iacFixture(name);
  const detected = detectInput(parsed, from);
  const report = new Report();
  const result = readDetected(parsed, detected, report);
  return { detected, groups: result.groups, findings: report.findings };
}

const CASES = [
  ['terraform-state-aws.json', 'aws', 'terraform-state'],
  ['terraform-plan-aliyun.json', 'aliyun', 'terraform-plan'],
  ['cloudformation-web.yaml', 'aws', 'cloudformation-template'],
  ['ros-app.json', 'aliyun', 'ros-template'],
] as const;

describe('reading provisioning code', () => {
  it.each(CASES)('should detect %s as %s %s and match its golden read', async (name, from, shape) => {
    const { detected, groups, findings } = read(name);
    expect([detected.from, detected.shape]).toEqual([from, shape]);
    const doc = { groups, findings: findings.map((f) => ({ code: f.code, pointer: f.pointer, detail: f.detail })) };
    await expect(goldenJson(doc)).toMatchFileSnapshot(
      path.join(IAC_FIXTURES, `${name.replace(/\.(json|yaml)$/, '')}.read.golden.json`),
    );
  });

  it('should point rules into the state: an inline block CIDR by its list index, child modules by their path', () => {
    const { groups } = read('terraform-state-aws.json');
    const web = groups.find((g) => g.id === 'sg-0a1b2c3d4e5f6a001')!;
    const partners = web.rules
      .filter((r) => r.protocol === 6 && r.ports?.from === 443)
      .map((r) => [r.peer, r.origin?.pointer]);
    expect(partners).toEqual([
      [{ kind: 'cidr', cidr: '203.0.113.0/24' }, '/values/root_module/resources/0/values/ingress/0/cidr_blocks/0'],
      [{ kind: 'cidr', cidr: '198.51.100.0/24' }, '/values/root_module/resources/0/values/ingress/0/cidr_blocks/1'],
    ]);
    const self = web.rules.find((r) => r.peer.kind === 'group')!;
    expect([self.peer, self.origin?.pointer]).toEqual([
      { kind: 'group', groupId: 'sg-0a1b2c3d4e5f6a001' },
      '/values/root_module/resources/0/values/ingress/1/self',
    ]);
    // The separate aws_vpc_security_group_ingress_rule joins its group by security_group_id.
    expect(
      web.rules.some(
        (r) => r.peer.kind === 'cidr' && r.peer.cidr === '2001:db8:100::/56' && r.origin?.ruleId === undefined,
      ),
    ).toBe(true);
    const db = groups.find((g) => g.id === 'sg-0a1b2c3d4e5f6a002')!;
    expect(db.pointer).toBe('/values/root_module/child_modules/0/resources/0/values');
    expect(db.rules.map((r) => [r.peer, r.origin?.pointer])).toEqual([
      [
        { kind: 'group', groupId: 'sg-0a1b2c3d4e5f6a001' },
        '/values/root_module/child_modules/0/resources/1/values/source_security_group_id',
      ],
    ]);
    // The data source and the instance are not groups; the rule of a group outside the state forms its own.
    expect(groups.map((g) => g.id)).toEqual(['sg-0a1b2c3d4e5f6a001', 'sg-0a1b2c3d4e5f6a002', 'sg-0a1b2c3d4e5f6a999']);
  });

  it("should resolve a plan's unknown group IDs through the configuration's references, and leave out a rule whose CIDR is unknown until apply", () => {
    const { groups, findings } = read('terraform-plan-aliyun.json');
    const app = groups.find((g) => g.id === 'alicloud_security_group.app')!;
    expect(app.rules.map((r) => [r.action, r.priority, r.peer])).toEqual([
      ['allow', 10, { kind: 'cidr', cidr: '0.0.0.0/0' }],
      ['deny', 1, { kind: 'cidr', cidr: '203.0.113.0/24' }],
    ]);
    expect(app.innerAccessPolicy).toBe('drop');
    const existing = groups.find((g) => g.id === 'sg-bp1existing00001')!;
    expect(existing.rules.map((r) => r.peer)).toEqual([{ kind: 'group', groupId: 'alicloud_security_group.app' }]);
    expect(findings.filter((f) => f.code === 'iac_reference_unresolved').map((f) => f.pointer)).toEqual([
      '/planned_values/root_module/resources/4/values/cidr_ip',
    ]);
  });

  it('should resolve !Ref to parameter defaults, !GetAtt between groups and !Sub; keep the CloudFormation default egress; leave out !ImportValue', () => {
    const { groups, findings } = read('cloudformation-web.yaml');
    const web = groups.find((g) => g.id === 'WebSg')!;
    expect(web.rules.map((r) => [r.direction, r.peer, r.description ?? null])).toEqual([
      ['ingress', { kind: 'cidr', cidr: '10.20.0.0/16' }, 'SSH from 10.20.0.0/16'],
      ['ingress', { kind: 'group', groupId: 'LoadBalancerSg' }, null],
      ['egress', { kind: 'cidr', cidr: '0.0.0.0/0' }, null],
    ]);
    const lb = groups.find((g) => g.id === 'LoadBalancerSg')!;
    expect(lb.rules.filter((r) => r.direction === 'egress').map((r) => r.peer)).toEqual([
      { kind: 'group', groupId: 'WebSg' },
    ]);
    const codes = findings.map((f) => `${f.code} ${f.pointer}`);
    expect(codes).toContain(
      'iac_reference_unresolved /Resources/WebSg/Properties/SecurityGroupIngress/1/SourcePrefixListId',
    );
    expect(codes).toContain('iac_default_egress_read /Resources/WebSg/Properties');
    expect(codes).toContain('iac_rule_without_group /Resources/LegacyIngress/Properties/GroupId');
  });

  it('should read ROS entries in wire names, with drops, priorities and a separate ingress resource by Fn::GetAtt', () => {
    const { groups } = read('ros-app.json');
    expect(groups).toHaveLength(1);
    const app = groups[0]!;
    expect(app.type).toBe('normal');
    expect(app.rules.map((r) => [r.direction, r.action, r.priority, r.peer])).toEqual([
      ['ingress', 'deny', 1, { kind: 'cidr', cidr: '198.51.100.0/24' }],
      ['ingress', 'allow', 10, { kind: 'cidr', cidr: '192.0.2.0/24' }],
      ['egress', 'deny', 100, { kind: 'cidr', cidr: '0.0.0.0/0' }],
      ['egress', 'allow', 1, { kind: 'cidr', cidr: '0.0.0.0/0' }],
      ['ingress', 'allow', 1, { kind: 'group', groupId: 'sg-bp1loadbalance001' }],
    ]);
  });

  it("should need --from when a state holds groups of both clouds, and report the other cloud's resources as not read", () => {
    const aws = JSON.parse(JSON.stringify(iacFixture('terraform-state-aws.json').value)) as {
      values: { root_module: { resources: unknown[] } };
    };
    aws.values.root_module.resources.push({
      address: 'alicloud_security_group.x',
      mode: 'managed',
      type: 'alicloud_security_group',
      name: 'x',
      values: { id: 'sg-bp1x' },
    });
    const parsed = parseInput(JSON.stringify(aws));
    expect(() => detectInput(parsed)).toThrow(/both clouds; choose one with --from/);
    const result = convert(parsed, { to: 'model', from: 'aliyun' });
    expect(result.groups.map((g) => g.source.id)).toEqual(['sg-bp1x']);
    expect(result.groups[0]!.findings.map((f) => f.code)).toContain('iac_other_cloud_skipped');
  });

  it('should reject a state whose resources are not a list, with the pointer', () => {
    const parsed = parseInput('{"format_version":"1.0","values":{"root_module":{"resources":{"a":1}}}}');
    try {
      convert(parsed, { to: 'aws', from: 'aws', shape: 'terraform-state', file: 'bad.json' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TranslateError);
      expect((e as TranslateError).oneLine()).toBe(
        'bad.json: /values/root_module/resources: [input_invalid] resources must be a list',
      );
    }
  });

  it.each(CASES)('should read %s with its shape forced (--shape %s)', (name, from, shape) => {
    const parsed = iacFixture(name);
    expect(detectInput(parsed, undefined, shape)).toMatchObject({ from, shape });
    const other = shape === 'cloudformation-template' ? 'ros-template' : 'cloudformation-template';
    expect(() => detectInput(parsed, undefined, other)).toThrow(`not a ${other} with security groups sgbridge reads`);
  });

  it("should give the reader's problem as a validation issue with its pointer and provider code", () => {
    const parsed = parseInput(
      '{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"aws_security_group.x","mode":"managed","type":"aws_security_group","name":"x","values":{"id":"sg-1","ingress":[{"protocol":"tcp","from_port":22,"to_port":99999,"cidr_blocks":["10.0.0.0/8"]}]}}]}}}',
    );
    const detected = detectInput(parsed);
    expect(detected.adapter.validate(parsed)).toEqual([
      {
        providerCode: 'InvalidParameterValue',
        pointer: '/values/root_module/resources/0/values/ingress/0/to_port',
        message: 'ToPort 99999 is outside 0..65535',
      },
    ]);
  });
});
