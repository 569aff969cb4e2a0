/**
 * `apply` with the real SDK clients against the emulators: plans (in the plan issue's shape) from a live
 * base to a desired group translated from the other cloud, applied, pulled again and compared with the
 * source: equivalent. Under throttling, 5xx, dropped connections and read-after-write lag it converges with
 * no rule lost or doubled, and no state the group passes through allows more than base ∪ desired; a run
 * interrupted at a step resumes; drift is refused; a dry run changes nothing.
 */
import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { describe, expect, test } from 'vitest';
import { ADAPTERS } from '../../adapters/index.js';
import { compareInputs } from '../../src/convert/compare.js';
import { convertDetailed } from '../../src/convert/convert.js';
import type { Emulator } from '../../src/emulate/index.js';
import { TranslateError } from '../../src/errors.js';
import { applyPlan, readLiveGroup } from '../../src/live/apply.js';
import { ec2Client } from '../../src/live/clients.js';
import { parsePlans, type GroupPlan } from '../../src/live/plan-file.js';
import { plan, planDocument } from '../../src/plan/plan.js';
import { pull } from '../../src/live/pull.js';
import type { SecurityGroup } from '../../src/model/group.js';
import { Report } from '../../src/report/report.js';
import { diff } from '../../src/semantics/index.js';
import {
  CREATED_PLACEHOLDER as PLACEHOLDER,
  createPlan,
  desiredFrom,
  example,
  exampleMapping,
  liveFixtures,
} from './fixtures.js';
import { KEYS } from './helpers.js';
import { matchKey, makePlan } from './plans.js';

const { emulator, journalPath } = liveFixtures('sgbridge-apply');
const mapping = exampleMapping;

const AWS_ID = 'sg-0a1b2c3d4e5f60004';
const ALIYUN_ID = 'sg-t4n0apptier0001';
const AWS_BASE = {
  SecurityGroups: [
    {
      GroupId: AWS_ID,
      GroupName: 'app-tier',
      Description: 'app tier',
      VpcId: 'vpc-0app',
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.0.0.0/9' }] },
      ],
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    },
  ],
};
const ALIYUN_BASE = [
  {
    RegionId: 'ap-southeast-1',
    SecurityGroupId: ALIYUN_ID,
    SecurityGroupName: 'app-tier',
    VpcId: 'vpc-app',
    InnerAccessPolicy: 'Accept',
    SecurityGroupType: 'normal',
    Permissions: {
      Permission: [
        {
          Direction: 'ingress',
          IpProtocol: 'TCP',
          PortRange: '22/22',
          SourceCidrIp: '0.0.0.0/0',
          Policy: 'Accept',
          Priority: '1',
        },
        {
          Direction: 'ingress',
          IpProtocol: 'TCP',
          PortRange: '8080/8080',
          SourceCidrIp: '10.0.0.0/8',
          Policy: 'Accept',
          Priority: '1',
        },
      ],
    },
  },
];

const awsAt = { provider: 'aws' as const, region: 'ap-southeast-1', groupId: AWS_ID };
const aliyunAt = { provider: 'aliyun' as const, region: 'ap-southeast-1', groupId: ALIYUN_ID };

async function awsPlan(e: Emulator): Promise<GroupPlan> {
  const base = await readLiveGroup(awsAt, { endpoint: e.endpoint, credentials: KEYS });
  return makePlan(base, desiredFrom('diff-aliyun.json', 'aws'), 'ap-southeast-1');
}
async function aliyunPlan(e: Emulator): Promise<GroupPlan> {
  const base = await readLiveGroup(aliyunAt, { endpoint: e.endpoint, credentials: KEYS });
  return makePlan(base, desiredFrom('diff-aws.json', 'aliyun'), 'ap-southeast-1');
}

/** Pull the target and compare it with the example it was translated from: equivalent under the mapping. */
async function equivalentToSource(e: Emulator, at: typeof awsAt | typeof aliyunAt, sourceFile: string): Promise<void> {
  // Attempts enough for an emulator that drops half its connections (the check is not what is tested).
  const pulled = await pull(at, { endpoint: e.endpoint, credentials: KEYS, maxAttempts: 10 });
  const result = compareInputs(
    { file: sourceFile, parsed: { format: 'json', value: JSON.parse(example(sourceFile)) } },
    { file: 'pulled', parsed: { format: 'json', value: pulled } },
    mapping,
  );
  expect(result.comparisons.map((c) => [c.onlyA.map((r) => r.text), c.onlyB.map((r) => r.text)])).toEqual([[[], []]]);
  expect(result.equivalent).toBe(true);
}

/** Every state a group passed through, as a canonical group. */
function states(e: Emulator): SecurityGroup[] {
  return e.history
    .filter((h) => h.group !== undefined)
    .map((h) => {
      const value = e.cloud === 'aws' ? { SecurityGroups: [h.group] } : h.group;
      return ADAPTERS[e.cloud].read({ format: 'json', value }, new Report()).groups[0]!;
    });
}

/** base ∪ desired as one AWS group (an allow-only union), each side translated exactly when it is Aliyun. */
function union(plan: GroupPlan): SecurityGroup {
  const asAws = (g: SecurityGroup): SecurityGroup => {
    if (g.provider === 'aws') return g;
    // The group keeps its own ID, so InnerAccessPolicy=Accept becomes a self-reference to that ID.
    const detail = convertDetailed(
      { format: 'json', value: { modelVersion: 1, groups: [g] } },
      { to: 'aws', map: { groups: { [g.id!]: g.id! } } },
    );
    expect(detail.result.groups[0]!.verdict).toBe('exact');
    return { ...detail.canonical[0]!.target, id: g.id };
  };
  const a = asAws(plan.before as SecurityGroup);
  const b = asAws(plan.after as SecurityGroup);
  return { ...a, rules: [...a.rules, ...b.rules] };
}

function expectNoWidening(e: Emulator, plan: GroupPlan): void {
  const bound = union(plan);
  const seen = states(e);
  expect(seen.length).toBeGreaterThan(0);
  for (const s of seen) {
    const d = diff({ ...s, id: bound.id }, bound);
    expect(d.onlyA.map((r) => r.text)).toEqual([]);
  }
}

describe('apply to EC2 (Aliyun → AWS)', () => {
  test('should apply the plan, verify it, and pull a group equivalent to the Aliyun source', async () => {
    const e = await emulator({ cloud: 'aws', initial: AWS_BASE });
    const plan = await awsPlan(e);
    expect(plan.steps.map((s) => s.action)).toEqual([
      'AuthorizeSecurityGroupIngress',
      'AuthorizeSecurityGroupEgress',
      'RevokeSecurityGroupIngress',
      'RevokeSecurityGroupEgress',
    ]);
    const report = await applyPlan(plan, { endpoint: e.endpoint, credentials: KEYS, journalPath: await journalPath() });
    expect(report.verified).toBe(true);
    expect(report.steps.every((s) => s.outcome === 'applied')).toBe(true);
    await equivalentToSource(e, awsAt, 'diff-aliyun.json');
  });

  test('should converge under 30% throttling, 5% 5xx, dropped connections and lag, no rule lost or doubled, never wider than base ∪ desired', async () => {
    const e = await emulator({ cloud: 'aws', initial: AWS_BASE, record: true });
    const plan = await awsPlan(e);
    e.setFaults('throttle=0.3,5xx=0.05,drop=0.05,lag=300');
    const report = await applyPlan(plan, {
      endpoint: e.endpoint,
      credentials: KEYS,
      journalPath: await journalPath(),
      maxAttempts: 10,
    });
    expect(report.verified).toBe(true);
    expect(e.faults.throttle + e.faults.serverError).toBeGreaterThan(0);
    e.setFaults('');
    const live = e.aws!.groups.get(AWS_ID)!;
    const desiredKeys = (plan.after as SecurityGroup).rules.map(matchKey).sort();
    const liveGroup = await readLiveGroup(awsAt, { endpoint: e.endpoint, credentials: KEYS });
    expect(live.rules).toHaveLength(desiredKeys.length);
    expect(liveGroup.rules.map(matchKey).sort()).toEqual(desiredKeys);
    expectNoWidening(e, plan);
  });

  test('should resume a run interrupted at each step and converge', async () => {
    for (const stopAt of [1, 2, 3]) {
      const e = await emulator({ cloud: 'aws', initial: AWS_BASE });
      const plan = await awsPlan(e);
      const journal = await journalPath();
      const interrupted = await applyPlan(plan, {
        endpoint: e.endpoint,
        credentials: KEYS,
        journalPath: journal,
        beforeStep: (i) => {
          if (i === stopAt) throw new Error('interrupted');
        },
      }).catch((x: unknown) => x);
      expect((interrupted as Error).message).toBe('interrupted');
      const sentBefore = e.calls[plan.steps[0]!.action];
      const report = await applyPlan(plan, { endpoint: e.endpoint, credentials: KEYS, journalPath: journal });
      expect(report.resumed).toBe(true);
      expect(report.steps.slice(0, stopAt).every((s) => s.outcome === 'done earlier')).toBe(true);
      expect(e.calls[plan.steps[0]!.action]).toBe(sentBefore); // step 1 was not sent again
      expect(report.verified).toBe(true);
      await equivalentToSource(e, awsAt, 'diff-aliyun.json');
    }
  });

  test('should refuse a group that drifted from the plan, showing the drift, and change nothing', async () => {
    const e = await emulator({ cloud: 'aws', initial: AWS_BASE });
    const plan = await awsPlan(e);
    const client = ec2Client({ region: 'ap-southeast-1', endpoint: e.endpoint, credentials: KEYS });
    await client.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: AWS_ID,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    client.destroy();
    const before = JSON.stringify(e.snapshot());
    const error = await applyPlan(plan, {
      endpoint: e.endpoint,
      credentials: KEYS,
      journalPath: await journalPath(),
    }).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(TranslateError);
    expect((error as TranslateError).exitCode).toBe(2);
    expect((error as TranslateError).message).toMatch(/drift/);
    expect((error as TranslateError).message).toMatch(/\+ .*3389.*0\.0\.0\.0\/0/);
    expect((error as TranslateError).message).toMatch(/now also allowed: ingress tcp 3389 from 0\.0\.0\.0\/0/);
    expect(JSON.stringify(e.snapshot())).toBe(before);
  });

  test('should dry-run every step with DryRun=true and change nothing', async () => {
    const e = await emulator({ cloud: 'aws', initial: AWS_BASE });
    const plan = await awsPlan(e);
    const before = JSON.stringify(e.snapshot());
    const report = await applyPlan(plan, { endpoint: e.endpoint, credentials: KEYS, dryRun: true });
    expect(report.steps.map((s) => s.outcome)).toEqual(plan.steps.map(() => 'would succeed'));
    expect(JSON.stringify(e.snapshot())).toBe(before);
  });
});

describe('apply to ECS (AWS → Aliyun)', () => {
  test('should apply the plan, verify it, and pull a group equivalent to the AWS source', async () => {
    const e = await emulator({ cloud: 'aliyun', initial: ALIYUN_BASE });
    const plan = await aliyunPlan(e);
    expect(plan.steps.map((s) => s.action)).toContain('ModifySecurityGroupPolicy');
    const report = await applyPlan(plan, { endpoint: e.endpoint, credentials: KEYS, journalPath: await journalPath() });
    expect(report.verified).toBe(true);
    await equivalentToSource(e, aliyunAt, 'diff-aws.json');
  });

  test('should converge under throttling, 5xx, dropped answers and lag with no rule doubled, never wider than base ∪ desired', async () => {
    const e = await emulator({ cloud: 'aliyun', initial: ALIYUN_BASE, record: true });
    const plan = await aliyunPlan(e);
    e.setFaults('throttle=0.3,5xx=0.05,drop=0.05,lag=300');
    const report = await applyPlan(plan, {
      endpoint: e.endpoint,
      credentials: KEYS,
      journalPath: await journalPath(),
      maxAttempts: 10,
    });
    expect(report.verified).toBe(true);
    e.setFaults('');
    const live = await readLiveGroup(aliyunAt, { endpoint: e.endpoint, credentials: KEYS });
    expect(live.rules.map(matchKey).sort()).toEqual((plan.after as SecurityGroup).rules.map(matchKey).sort());
    expectNoWidening(e, plan);
  });

  test('should validate Aliyun steps offline on a dry run (no dry run on ECS), and refuse a bad one with its code', async () => {
    const e = await emulator({ cloud: 'aliyun', initial: ALIYUN_BASE });
    const plan = await aliyunPlan(e);
    const ok = await applyPlan(plan, { endpoint: e.endpoint, credentials: KEYS, dryRun: true });
    expect(ok.steps.every((s) => s.outcome === 'valid (offline)')).toBe(true);
    const bad = structuredClone(plan);
    (bad.steps[0]!.request['Permissions'] as Record<string, unknown>[])[0]!['PortRange'] = '22/99999';
    const error = await applyPlan(bad, { endpoint: e.endpoint, credentials: KEYS, dryRun: true }).catch(
      (x: unknown) => x,
    );
    expect((error as TranslateError).location.providerCode).toBe('InvalidParam.PortRange');
    expect(e.calls['AuthorizeSecurityGroup']).toBeUndefined();
  });
});

describe('apply of a plan that creates its group', () => {
  test.each(['aws', 'aliyun'] as const)(
    'should create the %s group, run the steps on its new ID and verify, also when interrupted and after a lost answer',
    async (cloud) => {
      for (const scenario of ['clean', 'interrupted', 'lost answer'] as const) {
        const e = await emulator({ cloud, ...(scenario === 'lost answer' ? { faults: 'drop=0.5', seed: 11 } : {}) });
        const plan = createPlan(cloud);
        const journal = await journalPath();
        if (scenario === 'interrupted') {
          const stopped = await applyPlan(plan, {
            endpoint: e.endpoint,
            credentials: KEYS,
            journalPath: journal,
            beforeStep: (i) => {
              if (i === 1) throw new Error('interrupted');
            },
          }).catch((x: unknown) => x);
          expect((stopped as Error).message).toBe('interrupted');
        }
        const report = await applyPlan(plan, {
          endpoint: e.endpoint,
          credentials: KEYS,
          journalPath: journal,
          maxAttempts: 10,
        });
        expect(report.verified, scenario).toBe(true);
        // The group was created as the plan assumed: its own steps ran, none planned again.
        expect(report.replanned, scenario).toBeUndefined();
        expect(report.createdGroupId).toMatch(/^sg-/);
        expect(report.createdGroupId).not.toBe(PLACEHOLDER);
        const groups = cloud === 'aws' ? e.aws!.groups : e.aliyun!.groups;
        expect(groups.size, `${cloud} ${scenario}: exactly one group created`).toBe(1);
        await equivalentToSource(
          e,
          { ...(cloud === 'aws' ? awsAt : aliyunAt), groupId: report.createdGroupId! },
          cloud === 'aws' ? 'diff-aliyun.json' : 'diff-aws.json',
        );
      }
    },
  );
});

describe('plan (sgbridge plan) + apply, end to end', () => {
  /** The planner's document for the example translated onto the pulled live group, through the plan file contract. */
  async function planned(e: Emulator, at: typeof awsAt | typeof aliyunAt, desiredFile: string): Promise<GroupPlan> {
    const base = await pull(at, { endpoint: e.endpoint, credentials: KEYS });
    const result = plan(example(desiredFile), { format: 'json', value: base }, { map: mapping, file: desiredFile });
    const [one] = parsePlans(JSON.stringify(planDocument(result)), 'plan.json');
    return one!;
  }

  test.each([
    ['aws', awsAt, AWS_BASE, 'diff-aliyun.json'],
    ['aliyun', aliyunAt, ALIYUN_BASE, 'diff-aws.json'],
  ] as const)(
    'should apply a plan onto %s under faults and pull a group equivalent to the source',
    async (cloud, at, initial, source) => {
      const e = await emulator({ cloud, initial, record: true });
      const p = await planned(e, at, source);
      expect(typeof p.after).toBe('string');
      e.setFaults('throttle=0.3,5xx=0.05,drop=0.03,lag=200');
      const report = await applyPlan(p, {
        endpoint: e.endpoint,
        credentials: KEYS,
        journalPath: await journalPath(),
        maxAttempts: 10,
        region: at.region,
      });
      expect(report.verified).toBe(true);
      e.setFaults('');
      await equivalentToSource(e, at, source);
    },
  );

  test('should refuse drift, then with --replan plan again from the live group and converge', async () => {
    const e = await emulator({ cloud: 'aws', initial: AWS_BASE });
    const p = await planned(e, awsAt, 'diff-aliyun.json');
    const client = ec2Client({ region: 'ap-southeast-1', endpoint: e.endpoint, credentials: KEYS });
    await client.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: AWS_ID,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    client.destroy();
    const refused = await applyPlan(p, {
      endpoint: e.endpoint,
      credentials: KEYS,
      journalPath: await journalPath(),
      region: awsAt.region,
    }).catch((x: unknown) => x);
    expect((refused as TranslateError).message).toMatch(/drift.*--replan/s);
    const report = await applyPlan(p, {
      endpoint: e.endpoint,
      credentials: KEYS,
      journalPath: await journalPath(),
      region: awsAt.region,
      replan: true,
    });
    expect(report.replanned).toBe(true);
    expect(report.verified).toBe(true);
    await equivalentToSource(e, awsAt, 'diff-aliyun.json');
  });
});
