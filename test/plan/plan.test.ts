/**
 * Plans on realistic groups (goldens in test/fixtures/plan, file snapshots: test/README.md): Aliyun → AWS
 * with drops onto an existing AWS group, AWS → Aliyun onto an existing Aliyun group with drops, a request plus
 * its base, a no-op; and the orders' widening and transient denials.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectInput, readDetected } from '../../adapters/index.js';
import { parseInput } from '../../src/parse/text.js';
import { Report } from '../../src/report/report.js';
import { baseDigest } from '../../src/plan/digest.js';
import { plan, planDocument, type PlanOptions } from '../../src/plan/plan.js';
import type { Plan } from '../../src/plan/types.js';
import { repoRoot } from '../convert/helpers.js';
import { goldenJson } from '../golden.js';

const text = (f: string): string => readFileSync(path.join(repoRoot, f), 'utf8');
const map = JSON.parse(text('examples/mapping.json')) as PlanOptions['map'];

function planOf(desired: string, base: string, options: PlanOptions = {}): Plan {
  return plan(text(desired), text(base), { map, file: desired, baseFile: base, ...options }).plans[0]!;
}

/** The plan document of one plan, as its golden `test/fixtures/plan/<name>.golden.json` holds it. */
async function expectPlanGolden(name: string, p: Plan): Promise<void> {
  await expect(goldenJson(planDocument({ plans: [p] }))).toMatchFileSnapshot(
    path.join(repoRoot, 'test/fixtures/plan', `${name}.golden.json`),
  );
}

const cidrsOf = (p: Plan, action: string): string[] =>
  p.steps
    .filter((s) => s.action === action)
    .flatMap((s) =>
      (s.request['IpPermissions'] as { IpRanges: { CidrIp: string }[] }[]).flatMap((x) =>
        x.IpRanges.map((r) => r.CidrIp),
      ),
    );

describe('plans', () => {
  it('Aliyun → AWS with a drop onto an existing AWS group changes only the rules that must change', async () => {
    const p = planOf('examples/diff-aliyun.json', 'test/fixtures/plan/aws-app-tier-current.json');
    expect(p.target).toEqual({ provider: 'aws', groupId: 'sg-0a1b2c3d4e5f60004' });
    expect([p.before, p.after]).toEqual(['wider', 'exact']);
    expect(p.steps.map((s) => s.action)).toEqual([
      'AuthorizeSecurityGroupIngress',
      'AuthorizeSecurityGroupEgress',
      'RevokeSecurityGroupIngress',
      'RevokeSecurityGroupEgress',
    ]);
    // The bastion and HTTPS rules are already right: never revoked and re-added.
    expect(JSON.stringify(p.steps)).not.toMatch(/192\.0\.2\.0\/24|"FromPort":443/);
    expect(cidrsOf(p, 'RevokeSecurityGroupIngress')).toEqual(['10.0.0.0/8', '0.0.0.0/0']);
    expect(cidrsOf(p, 'AuthorizeSecurityGroupIngress')).not.toContain('10.66.0.0/16');
    expect(p.steps.every((s) => !s.transient)).toBe(true);
    const base = parseInput(text('test/fixtures/plan/aws-app-tier-current.json'));
    expect(p.baseDigest).toBe(baseDigest(readDetected(base, detectInput(base), new Report()).groups[0]!));
    await expectPlanGolden('aliyun-app-tier.onto-aws', p);
  });

  it('AWS → Aliyun onto an existing Aliyun group with drops: what already means the desired rules stays, policy set, exact', async () => {
    const p = planOf('examples/diff-aws.json', 'test/fixtures/plan/aliyun-app-tier-current.json');
    expect(p.after).toBe('exact');
    expect(p.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const actions = p.steps.map((s) => s.action);
    expect(actions).toContain('ModifySecurityGroupPolicy');
    // The drop of 10.66.0.0/16 before the accept of 10.0.0.0/8 already means the desired eight 8080 CIDRs: kept.
    expect(JSON.stringify(p.steps)).not.toMatch(/8080/);
    // The drop that hides the bastion rule goes, after the additions.
    expect(actions[actions.length - 1]).toBe('RevokeSecurityGroup');
    expect(JSON.stringify(p.steps[p.steps.length - 1]!.request)).toMatch(/"PortRange":"22\/22","Policy":"Drop"/);
    // The egress drop-all that both groups need stays; only its IPv6 half is added.
    expect(JSON.stringify(p.steps)).not.toMatch(/"DestCidrIp":"0\.0\.0\.0\/0","Policy":"Drop"|Revoke[^"]*Egress/);
    await expectPlanGolden('aws-app-tier.onto-aliyun', p);
  });

  it('a request plus --base: an Aliyun drop onto an AWS group becomes exact allow-only requests', async () => {
    const p = planOf('test/fixtures/plan/aliyun-drop-ssh.query', 'test/fixtures/plan/aws-web-current.json');
    expect(p.after).toBe('exact');
    expect(cidrsOf(p, 'RevokeSecurityGroupIngress')).toEqual(['10.20.0.0/16']);
    expect(cidrsOf(p, 'AuthorizeSecurityGroupIngress')).not.toContain('10.20.99.0/24');
    expect(JSON.stringify(p.steps)).not.toMatch(/"FromPort":443/);
    await expectPlanGolden('aliyun-drop-ssh.onto-aws', p);
  });

  it("a revoke by SecurityGroupRuleId plus its base becomes a revoke of that rule's content", () => {
    const request =
      'Action=RevokeSecurityGroup&RegionId=cn-hangzhou&SecurityGroupId=sg-bp1ssh0000000001&SecurityGroupRuleId.1=sgr-bp1sshdrop01';
    const p = plan(request, text('test/fixtures/plan/aliyun-ssh-current.json')).plans[0]!;
    expect(p.steps).toEqual([
      {
        action: 'RevokeSecurityGroup',
        request: {
          RegionId: 'cn-hangzhou',
          SecurityGroupId: 'sg-bp1ssh0000000001',
          Permissions: [
            {
              IpProtocol: 'TCP',
              PortRange: '22/22',
              Policy: 'Drop',
              Priority: '1',
              SourceCidrIp: '0.0.0.0/0',
              Description: 'no SSH from anywhere',
            },
          ],
        },
        transient: false,
      },
    ]);
    expect(p.after).toBe('exact');
  });

  it('a desired meaning the group already has is a plan of zero steps', async () => {
    const p = planOf('examples/diff-aliyun.json', 'examples/diff-aws.json');
    expect(p.steps).toEqual([]);
    expect([p.before, p.after]).toEqual(['exact', 'exact']);
    await expectPlanGolden('no-op', p);
  });

  it('an Aliyun group that already means the desired group needs no step, however its rules are written (SDK request input)', () => {
    // The drop of 10.9.0.0/16 is already decided by the base's drop of 0.0.0.0/0 at the same priority.
    const sdk = {
      regionId: 'cn-hangzhou',
      securityGroupId: 'sg-bp1ssh0000000001',
      permissions: [
        { ipProtocol: 'TCP', portRange: '22/22', sourceCidrIp: '10.9.0.0/16', policy: 'drop', priority: '1' },
      ],
    };
    const p = plan(JSON.stringify(sdk), text('test/fixtures/plan/aliyun-ssh-current.json')).plans[0]!;
    expect(p.steps).toEqual([]);
    expect([p.before, p.after]).toEqual(['exact', 'exact']);
    const wider = plan(
      JSON.stringify({
        ...sdk,
        permissions: [{ ...sdk.permissions[0], policy: 'accept', sourceCidrIp: '10.9.0.0/16', priority: '1' }],
      }),
      text('test/fixtures/plan/aliyun-ssh-current.json'),
    ).plans[0]!;
    expect(wider.steps).toEqual([]); // an accept at priority 1 loses to the drop of 0.0.0.0/0 at priority 1: nothing changes
  });

  it('safe never widens; revoke-first on Aliyun does, and says so per step', () => {
    const safe = planOf('test/fixtures/plan/aliyun-ssh-desired.json', 'test/fixtures/plan/aliyun-ssh-current.json');
    expect(safe.steps.map((s) => s.action)).toEqual(['AuthorizeSecurityGroup', 'RevokeSecurityGroup']);
    expect(safe.findings.some((f) => f.code === 'plan_step_widens')).toBe(false);
    expect(safe.after).toBe('exact');
    const risky = planOf('test/fixtures/plan/aliyun-ssh-desired.json', 'test/fixtures/plan/aliyun-ssh-current.json', {
      order: 'revoke-first',
    });
    const widens = risky.findings.find((f) => f.code === 'plan_step_widens');
    expect(widens?.severity).toBe('error');
    expect(widens?.message).toContain('10.2.0.0/16');
    expect(risky.after).toBe('exact');
  });

  it('revoke-first on AWS denies for a while what both groups allow (transient); safe does not', () => {
    const risky = planOf('examples/diff-aliyun.json', 'test/fixtures/plan/aws-app-tier-current.json', {
      order: 'revoke-first',
    });
    expect(risky.steps.some((s) => s.transient)).toBe(true);
    expect(risky.findings.some((f) => f.code === 'plan_step_widens')).toBe(false);
  });

  it('a desired group over the AWS quota says so before any step', () => {
    const ranges = Array.from({ length: 61 }, (_, i) => ({ CidrIp: `10.${i}.0.0/16` }));
    const desired = JSON.stringify({
      SecurityGroups: [
        {
          GroupId: 'sg-0a1b2c3d4e5f60004',
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: ranges }],
          IpPermissionsEgress: [],
        },
      ],
    });
    const p = plan(desired, text('test/fixtures/plan/aws-app-tier-current.json')).plans[0]!;
    expect(p.findings.find((f) => f.code === 'plan_quota_exceeded')?.detail).toMatchObject({ count: 61, limit: 60 });
  });
});
