/**
 * planCreate offline: a desired group with no target group is planned onto its cloud's new-group defaults
 * (AWS: the all-traffic IPv4 egress rule, revoked when the desired group does not allow it; Aliyun: no rules,
 * InnerAccessPolicy by group type), after a CreateSecurityGroup step; a group the mapping pairs is planned onto
 * its base, or refused when no base holds it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { planCreate } from '../../src/plan/create.js';
import { renderPlanText } from '../../src/report/render-plan.js';
import { repoRoot } from '../convert/helpers.js';

const example = (name: string) => readFileSync(path.join(repoRoot, 'examples', name), 'utf8');
const map = JSON.parse(example('mapping.json')) as { groups: Record<string, string> };
const unpaired = {
  ...map,
  groups: Object.fromEntries(Object.entries(map.groups).filter(([a]) => a !== 'sg-t4n0apptier0001')),
};

describe('planCreate', () => {
  test('should revoke the default egress rule of a new AWS group that the desired group does not allow', () => {
    const result = planCreate(example('diff-aliyun.json'), undefined, {
      to: 'aws',
      vpcId: 'vpc-0app',
      map: unpaired,
      file: 'diff-aliyun.json',
      mappingFile: 'm.json',
    });
    const [p] = result.plans;
    expect(renderPlanText(result).split('\n')[0]).toMatch(
      /^sg-sgbridge-new-[0-9a-f]{12} \(aws ap-southeast-1, a new group for sg-t4n0apptier0001\): 4 steps; before mixed, after exact$/,
    );
    expect(p!.steps[0]).toEqual({
      action: 'CreateSecurityGroup',
      request: {
        GroupName: 'app-tier',
        Description: 'App tier (enterprise group: deny by default both ways)',
        VpcId: 'vpc-0app',
      },
      transient: false,
    });
    const revokes = p!.steps.filter((s) => s.action === 'RevokeSecurityGroupEgress');
    expect(revokes).toHaveLength(1);
    expect(JSON.stringify(revokes[0]!.request)).toContain('"IpProtocol":"-1","IpRanges":[{"CidrIp":"0.0.0.0/0"}]');
    expect(p!.target).toMatchObject({ provider: 'aws', sourceGroupId: 'sg-t4n0apptier0001' });
    expect(p!.target.groupId).toMatch(/^sg-sgbridge-new-[0-9a-f]{12}$/);
    expect(p!.mappingFile).toBe('m.json');
    expect(p!.after).toBe('exact');
    expect(p!.findings.filter((f) => f.code === 'plan_step_widens')).toEqual([]);
  });

  test('should keep an Aliyun enterprise group enterprise when created on Aliyun from an Aliyun group', () => {
    const text = example('diff-aliyun.json').replace('sg-t4n0apptier0001', 'sg-t4nsource00001');
    const [p] = planCreate(text, undefined, { to: 'aliyun', region: 'ap-southeast-1', vpcId: 'vpc-app' }).plans;
    expect(p!.steps[0]!.request).toMatchObject({
      RegionId: 'ap-southeast-1',
      VpcId: 'vpc-app',
      SecurityGroupType: 'enterprise',
    });
    // An enterprise group starts with InnerAccessPolicy Drop: nothing to modify.
    expect(p!.steps.map((s) => s.action)).not.toContain('ModifySecurityGroupPolicy');
    expect(p!.after).toBe('exact');
  });

  test('should plan a paired group onto its base, and refuse one the mapping pairs but no base holds', () => {
    const [onto] = planCreate(example('diff-aliyun.json'), example('diff-aws.json'), {
      map,
      file: 'diff-aliyun.json',
      baseFile: 'diff-aws.json',
    }).plans;
    expect(onto!.target.groupId).toBe('sg-0a1b2c3d4e5f60004');
    expect(onto!.steps.map((s) => s.action)).not.toContain('CreateSecurityGroup');
    expect(() => planCreate(example('diff-aliyun.json'), undefined, { to: 'aws', vpcId: 'vpc-1', map })).toThrow(
      /the mapping pairs sg-t4n0apptier0001 with sg-0a1b2c3d4e5f60004, which exists: give it with --base/,
    );
  });
});
