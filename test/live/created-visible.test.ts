/**
 * Eventual consistency right after a create: the real SDK clients against the emulators with the `hidenew`
 * fault (a group made by CreateSecurityGroup answers NotFound to its first N calls naming it). A group that
 * becomes visible after a few calls is applied and verified, the wait reported; one that stays invisible past
 * the bound fails with the provider's code and says the create succeeded, and a re-run resumes; a NotFound
 * for any other group (a group this run did not create, a missing peer) fails at once. Both clouds.
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as $Ecs from '@alicloud/ecs20140526';
import { CreateSecurityGroupCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { describe, expect, test } from 'vitest';
import type { Emulator } from '../../src/emulate/index.js';
import { NewGroupLag } from '../../src/emulate/new-groups.js';
import { parseFaults } from '../../src/emulate/faults.js';
import { TranslateError } from '../../src/errors.js';
import { applyPlan } from '../../src/live/apply.js';
import { ec2Client, ecsClient } from '../../src/live/clients.js';
import { namesOtherGroups, notFoundOf } from '../../src/live/created-visible.js';
import type { GroupPlan } from '../../src/live/plan-file.js';
import { repoRoot } from '../convert/helpers.js';
import { CREATED_PLACEHOLDER as PLACEHOLDER, createPlan, example, liveFixtures } from './fixtures.js';
import { KEYS, KEY_VALUES, sgbridgeAsync } from './helpers.js';

const REGION = 'ap-southeast-1';
const { emulator, journalPath, tempDir } = liveFixtures('sgbridge-visible');

const NOT_FOUND = { aws: 'InvalidGroup.NotFound', aliyun: 'InvalidSecurityGroupId.NotFound' } as const;
const groupsOf = (e: Emulator) => (e.cloud === 'aws' ? e.aws!.groups : e.aliyun!.groups);
const targetOf = (step: GroupPlan['steps'][number]) =>
  String(step.request['GroupId'] ?? step.request['SecurityGroupId']);

describe('the emulators hide a new group (hidenew / hidenewms)', () => {
  test('should answer NotFound to the first N calls naming the group, then know it; time-based too', () => {
    let now = 1000;
    const lag = new NewGroupLag({ calls: 2, ms: 0 }, () => now);
    lag.created('sg-new');
    expect(lag.unseen('sg-new')).toBe(true);
    expect([lag.hides('sg-new'), lag.hides('sg-new'), lag.hides('sg-new')]).toEqual([true, true, false]);
    expect(lag.unseen('sg-new')).toBe(false);
    expect(lag.hides('sg-old')).toBe(false);
    const timed = new NewGroupLag({ calls: 0, ms: 500 }, () => now);
    timed.created('sg-t');
    expect([timed.hides('sg-t'), timed.unseen('sg-t')]).toEqual([true, true]);
    now += 500;
    expect([timed.hides('sg-t'), timed.unseen('sg-t')]).toEqual([false, false]);
  });

  test('should parse the faults and refuse a fractional call count', () => {
    expect(parseFaults('hidenew=3,hidenewms=250')).toMatchObject({ hideNew: 3, hideNewMs: 250 });
    expect(() => parseFaults('hidenew=1.5')).toThrow(/hidenew must be a number of calls/);
  });

  test('aws: DescribeSecurityGroups naming the new group answers InvalidGroup.NotFound, a listing leaves it out', async () => {
    const e = await emulator({ cloud: 'aws', faults: 'hidenew=2' });
    const client = ec2Client({ endpoint: e.endpoint, credentials: KEYS, region: REGION });
    try {
      const { GroupId } = await client.send(
        new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'web', VpcId: 'vpc-1' }),
      );
      const listed = await client.send(new DescribeSecurityGroupsCommand({}));
      expect(listed.SecurityGroups?.map((g) => g.GroupId)).toEqual([]);
      for (let i = 0; i < 2; i++) {
        const error = await client.send(new DescribeSecurityGroupsCommand({ GroupIds: [GroupId!] })).catch((x) => x);
        expect((error as Error).name).toBe('InvalidGroup.NotFound');
        expect((error as Error).message).toContain(GroupId);
      }
      const seen = await client.send(new DescribeSecurityGroupsCommand({ GroupIds: [GroupId!] }));
      expect(seen.SecurityGroups?.map((g) => g.GroupId)).toEqual([GroupId]);
    } finally {
      client.destroy();
    }
  });

  test('aliyun: DescribeSecurityGroupAttribute answers InvalidSecurityGroupId.NotFound, DescribeSecurityGroups leaves it out', async () => {
    const e = await emulator({ cloud: 'aliyun', faults: 'hidenew=2' });
    const client = ecsClient({ endpoint: e.endpoint, credentials: KEYS, region: REGION });
    const made = await client.createSecurityGroup(
      new $Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId: 'vpc-1', securityGroupName: 'web' }),
    );
    const id = made.body!.securityGroupId!;
    const listed = await client.describeSecurityGroups(
      new $Ecs.DescribeSecurityGroupsRequest({ regionId: REGION, securityGroupIds: JSON.stringify([id]) }),
    );
    expect(listed.body?.securityGroups?.securityGroup ?? []).toEqual([]);
    const error = await client
      .describeSecurityGroupAttribute(
        new $Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: id }),
      )
      .catch((x: unknown) => x);
    expect((error as { code: string }).code).toBe('InvalidSecurityGroupId.NotFound');
    const seen = await client.describeSecurityGroupAttribute(
      new $Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: id }),
    );
    expect(seen.body?.securityGroupId).toBe(id);
  });
});

describe('which NotFound is the created group', () => {
  const id = 'sg-0e00000000000001a';
  const live = (code: string, text: string, at = `aws:${REGION}/${PLACEHOLDER}`) =>
    new TranslateError('live_failed', `${at}: AuthorizeSecurityGroupIngress: ${text}`, { providerCode: code });
  const missing = (group: string) => `The security group '${group}' does not exist`;

  test('should take an EC2 NotFound that quotes the created group, and not one quoting a peer', () => {
    expect(notFoundOf('aws', live('InvalidGroup.NotFound', missing(id)), id, true)).toBe('InvalidGroup.NotFound');
    expect(notFoundOf('aws', live('InvalidSecurityGroupID.NotFound', missing(id)), id, true)).toBe(
      'InvalidSecurityGroupID.NotFound',
    );
    expect(
      notFoundOf('aws', live('InvalidGroup.NotFound', missing('sg-0peer000000000001')), id, false),
    ).toBeUndefined();
    // The location prefix names the created group (a run planned again onto it): a quoted peer is still a peer.
    const onCreated = live('InvalidGroup.NotFound', missing('sg-0peer000000000001'), `aws:${REGION}/${id}`);
    expect(notFoundOf('aws', onCreated, id, true)).toBeUndefined();
    // No group quoted: the created group's only when the call names no other group.
    expect(notFoundOf('aws', live('InvalidGroup.NotFound', 'The security group does not exist'), id, false)).toBe(
      'InvalidGroup.NotFound',
    );
    expect(
      notFoundOf('aws', live('InvalidGroup.NotFound', 'The security group does not exist'), id, true),
    ).toBeUndefined();
    expect(notFoundOf('aws', live('InvalidPermission.NotFound', `'${id}'`), id, false)).toBeUndefined();
    expect(notFoundOf('aws', new Error(`InvalidGroup.NotFound '${id}'`), id, false)).toBeUndefined();
  });

  test('should take ECS InvalidSecurityGroupId.NotFound (a missing peer has its own codes)', () => {
    const error = (code: string) =>
      new TranslateError('live_failed', `aliyun:${REGION}/${PLACEHOLDER}: AuthorizeSecurityGroup: not there`, {
        providerCode: code,
      });
    expect(notFoundOf('aliyun', error('InvalidSecurityGroupId.NotFound'), 'sg-x', true)).toBe(
      'InvalidSecurityGroupId.NotFound',
    );
    expect(notFoundOf('aliyun', error('InvalidSourceGroupId.NotFound'), 'sg-x', false)).toBeUndefined();
  });

  test('should see the groups a request names besides the target', () => {
    const self = { GroupId: 'sg-1', IpPermissions: [{ UserIdGroupPairs: [{ GroupId: 'sg-1' }] }] };
    expect(namesOtherGroups(self, 'sg-1')).toBe(false);
    expect(namesOtherGroups({ ...self, IpPermissions: [{ UserIdGroupPairs: [{ GroupId: 'sg-2' }] }] }, 'sg-1')).toBe(
      true,
    );
  });
});

describe.each(['aws', 'aliyun'] as const)('apply right after a create (%s)', (cloud) => {
  test('should wait for a group that becomes visible after a few calls, then apply and verify', async () => {
    const e = await emulator({ cloud, faults: 'hidenew=3' });
    const logs: string[] = [];
    const report = await applyPlan(createPlan(cloud), {
      endpoint: e.endpoint,
      credentials: KEYS,
      journalPath: await journalPath(),
      log: (line) => logs.push(line),
    });
    expect(report.verified).toBe(true);
    expect(report.createdVisibleAfter).toMatchObject({ notFound: 3 });
    expect(report.createdVisibleAfter!.waitedMs).toBe(200 + 400 + 800);
    expect(groupsOf(e).size).toBe(1);
    // Logged once, naming the new group and the provider's code.
    const waits = logs.filter((l) => l.includes('not visible yet'));
    expect(waits).toEqual([
      `${cloud}:${REGION}/${PLACEHOLDER}: the created group ${report.createdGroupId} is not visible yet (${NOT_FOUND[cloud]}); waiting up to 60 s`,
    ]);
  });

  test('should wait out a NotFound on a rule step after the group was seen, and report it on the step', async () => {
    const e = await emulator({ cloud });
    const report = await applyPlan(createPlan(cloud), {
      endpoint: e.endpoint,
      credentials: KEYS,
      journalPath: await journalPath(),
      // An endpoint that does not know the group yet answers the first rule step (EC2 is eventually consistent).
      beforeStep: (index, step) => {
        if (index === 1) e.newGroups.hide(targetOf(step), 2);
      },
    });
    expect(report.verified).toBe(true);
    expect(report.steps[1]).toMatchObject({ index: 1, outcome: 'applied', notFoundWaited: 2 });
    expect(report.steps.filter((s) => s.notFoundWaited !== undefined)).toHaveLength(1);
    expect(report.createdVisibleAfter).toEqual({ notFound: 2, waitedMs: 600 });
  });

  test.runIf(cloud === 'aws')(
    'should wait out a NotFound on the steps planned again when the group did not start as assumed (IPv6 VPC)',
    async () => {
      // In a VPC with IPv6, EC2 also adds egress to ::/0: the rule steps are planned again from the created
      // group, and those steps are still this run's steps after the create.
      const e = await emulator({ cloud, aws: { ipv6Vpcs: ['vpc-0app'] } });
      let hidden = false;
      const report = await applyPlan(createPlan(cloud), {
        endpoint: e.endpoint,
        credentials: KEYS,
        journalPath: await journalPath(),
        beforeStep: (_, step) => {
          if (step.action === 'CreateSecurityGroup' || hidden) return;
          e.newGroups.hide(targetOf(step), 1);
          hidden = true;
        },
      });
      expect(report.replannedBecause).toBe('created-otherwise');
      expect(report.verified).toBe(true);
      expect(report.steps.filter((s) => s.notFoundWaited !== undefined).map((s) => s.notFoundWaited)).toEqual([1]);
      expect(report.createdVisibleAfter).toEqual({ notFound: 1, waitedMs: 200 });
    },
  );

  test('should fail past the bound with the provider code, saying the create succeeded; a re-run resumes', async () => {
    const e = await emulator({ cloud, faults: 'hidenew=2' });
    const plan = createPlan(cloud);
    const journal = await journalPath();
    const options = { endpoint: e.endpoint, credentials: KEYS, journalPath: journal };
    // 500 ms: a NotFound, 200 ms, a second NotFound, and the next pause (400 ms) would pass the bound.
    const error = await applyPlan(plan, { ...options, createVisibleTimeoutMs: 500 }).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(TranslateError);
    const failed = error as TranslateError;
    const [createdId] = [...groupsOf(e).keys()];
    expect(failed.location.providerCode).toBe(NOT_FOUND[cloud]);
    expect(failed.exitCode).toBe(2);
    expect(failed.message).not.toContain('\n');
    expect(failed.message).toContain(`CreateSecurityGroup succeeded (${createdId})`);
    expect(failed.message).toContain('after 2 NotFound answers in 0.2 s');
    expect(failed.message).toContain(`run apply again to resume (the journal holds ${createdId})`);
    const saved = JSON.parse(await readFile(journal, 'utf8')) as {
      plans: Record<string, { createdGroupId: string }>;
    };
    expect(Object.values(saved.plans)[0]!.createdGroupId).toBe(createdId);

    // Visible by now (the third call naming it): the re-run resumes after the create and completes.
    const report = await applyPlan(plan, options);
    expect(report.resumed).toBe(true);
    expect(report.verified).toBe(true);
    expect(report.createdGroupId).toBe(createdId);
    expect(report.steps[0]).toMatchObject({ action: 'CreateSecurityGroup', outcome: 'done earlier' });
    expect(report.createdVisibleAfter).toBeUndefined();
    expect(groupsOf(e).size).toBe(1);
  });

  test('should fail at once on a NotFound for a group this run did not create', async () => {
    const e = await emulator({ cloud, faults: 'hidenew=5' });
    // A group created earlier, out of this run, and not visible yet: apply onto it does not wait.
    let id: string;
    if (cloud === 'aws') {
      const client = ec2Client({ endpoint: e.endpoint, credentials: KEYS, region: REGION });
      id = (await client.send(new CreateSecurityGroupCommand({ GroupName: 'g', Description: 'g', VpcId: 'vpc-0app' })))
        .GroupId!;
      client.destroy();
    } else {
      const client = ecsClient({ endpoint: e.endpoint, credentials: KEYS, region: REGION });
      id = (
        await client.createSecurityGroup(
          new $Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId: 'vpc-app', securityGroupName: 'g' }),
        )
      ).body!.securityGroupId!;
    }
    const plan = createPlan(cloud);
    const onto = { ...plan, target: { ...plan.target, groupId: id }, steps: plan.steps.slice(1) };
    const error = await applyPlan(onto, {
      endpoint: e.endpoint,
      credentials: KEYS,
      journalPath: await journalPath(),
    }).catch((x: unknown) => x);
    expect((error as TranslateError).location.providerCode).toBe(NOT_FOUND[cloud]);
    // One read, no second one after a pause.
    expect(e.calls['DescribeSecurityGroups']).toBe(1);
  });

  test('should fail at once on a NotFound for a missing peer group after a create', async () => {
    const e = await emulator({ cloud });
    const plan = createPlan(cloud);
    const missing = cloud === 'aws' ? 'sg-0dead000000000001' : 'sg-deadpeer00000000001';
    const peerStep =
      cloud === 'aws'
        ? {
            action: 'AuthorizeSecurityGroupIngress',
            request: {
              GroupId: PLACEHOLDER,
              IpPermissions: [
                { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: missing }] },
              ],
            },
          }
        : {
            action: 'AuthorizeSecurityGroup',
            request: {
              RegionId: REGION,
              SecurityGroupId: PLACEHOLDER,
              Permissions: [
                { IpProtocol: 'TCP', PortRange: '5432/5432', SourceGroupId: missing, Policy: 'accept', Priority: '1' },
              ],
            },
          };
    const withPeer = { ...plan, steps: [plan.steps[0]!, peerStep, ...plan.steps.slice(1)] };
    const logs: string[] = [];
    const error = await applyPlan(withPeer, {
      endpoint: e.endpoint,
      credentials: KEYS,
      journalPath: await journalPath(),
      log: (line) => logs.push(line),
    }).catch((x: unknown) => x);
    expect((error as TranslateError).location.providerCode).toBe(
      cloud === 'aws' ? 'InvalidGroup.NotFound' : 'InvalidSourceGroupId.NotFound',
    );
    expect((error as TranslateError).message).toContain(cloud === 'aws' ? missing : 'AuthorizeSecurityGroup');
    expect((error as TranslateError).message).not.toContain('CreateSecurityGroup succeeded');
    expect(logs.filter((l) => l.includes('not visible yet'))).toEqual([]);
    // The peer's step was sent once, not again after a pause.
    expect(e.calls[peerStep.action]).toBe(1);
  });
});

describe('a retried AWS create whose name is taken (InvalidGroup.Duplicate)', () => {
  /** An earlier attempt's group, created a moment ago and not listed yet (hidden for `ms`). */
  async function earlierAttempt(ms: number) {
    const e = await emulator({ cloud: 'aws', faults: `hidenewms=${ms}` });
    const client = ec2Client({ endpoint: e.endpoint, credentials: KEYS, region: REGION });
    const request = createPlan('aws').steps[0]!.request as { GroupName: string; Description: string; VpcId: string };
    const id = (await client.send(new CreateSecurityGroupCommand(request))).GroupId!;
    client.destroy();
    return { e, id };
  }

  test('should wait for the group of that name to be listed, then adopt it and apply', async () => {
    const { e, id } = await earlierAttempt(700);
    const logs: string[] = [];
    const report = await applyPlan(createPlan('aws'), {
      endpoint: e.endpoint,
      credentials: KEYS,
      journalPath: await journalPath(),
      log: (line) => logs.push(line),
    });
    expect(report.steps[0]).toMatchObject({ action: 'CreateSecurityGroup', outcome: 'already in place' });
    expect(report.createdGroupId).toBe(id);
    expect(report.verified).toBe(true);
    expect(logs.filter((l) => l.includes('InvalidGroup.Duplicate'))).toHaveLength(1);
    // The listing was asked again after a pause, and no second group was made.
    expect(e.calls['DescribeSecurityGroups']).toBeGreaterThan(2);
    expect(e.aws!.groups.size).toBe(1);
  });

  test('should fail with InvalidGroup.Duplicate when the group is not listed within the bound', async () => {
    const { e } = await earlierAttempt(60_000);
    const error = await applyPlan(createPlan('aws'), {
      endpoint: e.endpoint,
      credentials: KEYS,
      journalPath: await journalPath(),
      createVisibleTimeoutMs: 500,
    }).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(TranslateError);
    expect((error as TranslateError).location.providerCode).toBe('InvalidGroup.Duplicate');
    expect(e.aws!.groups.size).toBe(1);
  });
});

const built = existsSync(path.join(repoRoot, 'dist/src/cli/main.js'));

describe.skipIf(!built)('sgbridge apply --create-wait (built CLI, emulators)', () => {
  const cases = [
    { to: 'aws', source: 'diff-aliyun.json', sourceId: 'sg-t4n0apptier0001', vpcArgs: ['--vpc-id', 'vpc-0app'] },
    { to: 'aliyun', source: 'diff-aws.json', sourceId: 'sg-0a1b2c3d4e5f60004', vpcArgs: ['--vpc-id', 'vpc-t4napp'] },
  ] as const;

  test.each(cases)(
    'should wait for the new $to group, and past --create-wait fail with a resumable one-line error',
    async ({ to, source, sourceId, vpcArgs }) => {
      const dir = await tempDir();
      // The example mapping without the pair of the group to be created.
      const m = JSON.parse(example('mapping.json')) as { groups: Record<string, string> };
      for (const [a, b] of Object.entries(m.groups)) if (a === sourceId || b === sourceId) delete m.groups[a];
      const map = path.join(dir, 'map.json');
      await writeFile(map, JSON.stringify(m));
      // One mapping file per emulator below (each records its own created group).
      for (const copy of ['map-1.json', 'map-2.json']) await writeFile(path.join(dir, copy), JSON.stringify(m));
      const env = (e: Emulator) =>
        to === 'aws'
          ? {
              AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
              AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
              AWS_ENDPOINT_URL_EC2: e.endpoint,
            }
          : {
              ALIBABA_CLOUD_ACCESS_KEY_ID: KEYS.accessKeyId,
              ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEYS.secretAccessKey,
              ALIBABA_CLOUD_ECS_ENDPOINT: e.endpoint,
            };
      const planFile = path.join(dir, 'plan.json');
      const planned = await sgbridgeAsync(
        [
          'plan',
          path.join(repoRoot, 'examples', source),
          '--create',
          '--to',
          to,
          '--region',
          REGION,
          '--map',
          map,
          ...vpcArgs,
          '-o',
          planFile,
        ],
        {},
      );
      expect(planned.status, planned.stderr).toBe(0);

      // Visible after 2 calls: waited out (default --create-wait), reported on stdout, logged once on stderr.
      const waits = await emulator({ cloud: to, faults: 'hidenew=2' });
      const applied = await sgbridgeAsync(
        ['apply', planFile, '--yes', '--map', path.join(dir, 'map-1.json')],
        env(waits),
      );
      expect(applied.status, applied.stderr).toBe(0);
      expect(applied.stdout).toContain(
        '(the created group was not visible at once: 2 NotFound answers waited out over 0.6 s)',
      );
      expect(applied.stderr.match(/is not visible yet/g)).toHaveLength(1);
      expect(applied.stdout).toMatch(/applied and verified/);

      // Never visible within --create-wait 0.5: exit 2, one line with the provider's code; a re-run resumes.
      await rm(`${planFile}.journal.json`);
      const hides = await emulator({ cloud: to, faults: 'hidenew=2' });
      const failed = await sgbridgeAsync(
        ['apply', planFile, '--yes', '--create-wait', '0.5', '--map', path.join(dir, 'map-2.json')],
        env(hides),
      );
      const [createdId] = [...groupsOf(hides).keys()];
      expect(failed.status).toBe(2);
      // Progress lines, then the error: one line, led by the provider's code.
      const errorLines = failed.stderr.split('\n').filter((l) => l.startsWith('['));
      expect(errorLines, failed.stderr).toHaveLength(1);
      expect(errorLines[0]).toMatch(new RegExp(`^\\[${NOT_FOUND[to].replace('.', '\\.')}\\] `));
      expect(errorLines[0]).toContain(`CreateSecurityGroup succeeded (${createdId})`);
      expect(errorLines[0]).toContain('run apply again to resume');
      expect(failed.stderr).not.toMatch(/\n\s+at /);
      const again = await sgbridgeAsync(
        ['apply', planFile, '--yes', '--map', path.join(dir, 'map-2.json')],
        env(hides),
      );
      expect(again.status, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/step 1 CreateSecurityGroup: done earlier/);
      expect(again.stdout).toMatch(/applied and verified: .*\(resumed\)/);
      expect(groupsOf(hides).size).toBe(1);
      for (const t of [planned, applied, failed, again])
        for (const k of KEY_VALUES) expect(t.stdout + t.stderr).not.toContain(k);
    },
  );

  test('should refuse a --create-wait that is not a number of seconds', async () => {
    const r = await sgbridgeAsync(['apply', 'plan.json', '--yes', '--create-wait', 'soon'], {});
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--create-wait must be a number of seconds \(got soon\)/);
  });
});
