/**
 * `plan --create` then `apply --yes`, the built CLI against the emulators with the real SDK clients: the new
 * group is created in the VPC the mapping names (or `--vpc-id`), pulled again it means what the source group
 * means, and the mapping file now pairs the source ID with the created one. A re-run of apply changes nothing
 * (no second group, the mapping as it was); a new `plan --create` onto the created group (now a base) has no
 * steps. An AWS group with no VPC to go in is a usage error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { compareInputs } from '../../src/convert/compare.js';
import { startEmulator, type Emulator } from '../../src/emulate/index.js';
import { pull } from '../../src/live/pull.js';
import { parseMapping } from '../../src/idmap/index.js';
import { repoRoot } from '../convert/helpers.js';
import { KEYS, KEY_VALUES, sgbridgeAsync } from './helpers.js';

const built = existsSync(path.join(repoRoot, 'dist/src/cli/main.js'));
const REGION = 'ap-southeast-1';
const example = (name: string) => path.join(repoRoot, 'examples', name);
let dir = '';
const running: Emulator[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sgbridge-create-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

const awsEnv = (e: Emulator) => ({
  AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
  AWS_ENDPOINT_URL_EC2: e.endpoint,
  AWS_MAX_ATTEMPTS: '2',
});
const aliyunEnv = (e: Emulator) => ({
  ALIBABA_CLOUD_ACCESS_KEY_ID: KEYS.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEYS.secretAccessKey,
  ALIBABA_CLOUD_ECS_ENDPOINT: e.endpoint,
});

/** The example mapping without the pair of the group to be created, plus a `vpcs` section. */
async function mappingWithout(source: string, file: string, vpcs: Record<string, string>): Promise<string> {
  const m = JSON.parse(readFileSync(example('mapping.json'), 'utf8')) as {
    groups: Record<string, string>;
    vpcs?: Record<string, string>;
  };
  for (const [a, b] of Object.entries(m.groups)) if (a === source || b === source) delete m.groups[a];
  m.vpcs = vpcs;
  const at = path.join(dir, file);
  await writeFile(at, `${JSON.stringify(m, null, 2)}\n`);
  return at;
}

const cases = [
  // Aliyun app-tier (enterprise, deny by default) created on AWS, in the VPC the --vpc-id option names.
  {
    to: 'aws',
    source: 'diff-aliyun.json',
    sourceId: 'sg-t4n0apptier0001',
    vpcs: {},
    vpcArgs: ['--vpc-id', 'vpc-0app'],
    vpc: 'vpc-0app',
  },
  // AWS app-tier created on Aliyun, in the VPC the mapping pairs with the source group's VPC.
  {
    to: 'aliyun',
    source: 'diff-aws.json',
    sourceId: 'sg-0a1b2c3d4e5f60004',
    vpcs: { 'vpc-0a1b2c3d4e5f6a7b8': 'vpc-t4napp' },
    vpcArgs: [],
    vpc: 'vpc-t4napp',
  },
] as const;

describe.skipIf(!built)('plan --create + apply (built CLI, emulators)', () => {
  test.each(cases)(
    'should create the $to group, record its ID in the mapping, and do nothing on a re-run',
    async ({ to, source, sourceId, vpcs, vpcArgs, vpc }) => {
      const e = await startEmulator({ cloud: to });
      running.push(e);
      const env = to === 'aws' ? awsEnv(e) : aliyunEnv(e);
      const map = await mappingWithout(sourceId, `map-${to}.json`, vpcs);
      const planFile = path.join(dir, `plan-${to}.json`);

      const planned = await sgbridgeAsync(
        ['plan', example(source), '--create', '--to', to, '--region', REGION, '--map', map, ...vpcArgs, '-o', planFile],
        env,
      );
      expect(planned.status, planned.stderr).toBe(0);
      const plan = JSON.parse(await readFile(planFile, 'utf8')) as {
        target: { groupId: string; sourceGroupId: string };
        mappingFile: string;
        steps: { action: string; request: Record<string, unknown> }[];
        after: string;
      };
      expect(plan.target.sourceGroupId).toBe(sourceId);
      expect(plan.mappingFile).toBe(map);
      expect(plan.steps[0]!.action).toBe('CreateSecurityGroup');
      expect(plan.steps[0]!.request['VpcId']).toBe(vpc);
      expect(plan.after).toBe('exact');

      const applied = await sgbridgeAsync(['apply', planFile, '--yes'], env);
      expect(applied.status, applied.stderr).toBe(0);
      const groups = to === 'aws' ? e.aws!.groups : e.aliyun!.groups;
      expect(groups.size).toBe(1);
      const [createdId] = [...groups.keys()];
      expect(createdId).not.toBe(plan.target.groupId);
      expect(applied.stdout).toContain(`created ${createdId}`);
      expect(applied.stdout).toContain(`groups ${sourceId} → ${createdId}`);

      // The mapping file pairs the source with the created group, and is otherwise the file it was.
      const mappingText = await readFile(map, 'utf8');
      const updated = JSON.parse(mappingText) as { groups: Record<string, string>; vpcs: Record<string, string> };
      expect(updated.groups[sourceId]).toBe(createdId);
      expect(updated.vpcs).toEqual(vpcs);
      const before = JSON.parse(readFileSync(example('mapping.json'), 'utf8')) as {
        prefixListEntries: unknown;
        portLists: unknown;
      };
      expect(updated).toMatchObject({ prefixListEntries: before.prefixListEntries, portLists: before.portLists });

      // Pulled again, the created group means exactly what the source group means (through the updated mapping).
      const pulled = await pull(
        { provider: to, region: REGION, groupId: createdId! },
        { endpoint: e.endpoint, credentials: KEYS },
      );
      const vpcOf =
        to === 'aws'
          ? (pulled as { SecurityGroups: { VpcId: string }[] }).SecurityGroups[0]!.VpcId
          : (pulled as { VpcId: string }).VpcId;
      expect(vpcOf).toBe(vpc);
      const result = compareInputs(
        { file: source, parsed: { format: 'json', value: JSON.parse(readFileSync(example(source), 'utf8')) } },
        { file: 'pulled', parsed: { format: 'json', value: pulled } },
        parseMapping(mappingText, map),
      );
      expect(result.comparisons.map((c) => [c.onlyA.map((r) => r.text), c.onlyB.map((r) => r.text)])).toEqual([
        [[], []],
      ]);
      expect(result.equivalent).toBe(true);

      // A re-run of the same plan: no second group, no call that changes anything, the mapping file untouched.
      const calls = { ...e.calls };
      const again = await sgbridgeAsync(['apply', planFile, '--yes'], env);
      expect(again.status, again.stderr).toBe(0);
      expect(groups.size).toBe(1);
      expect(again.stdout).not.toContain('→');
      expect(again.stdout).toMatch(/step 1 CreateSecurityGroup: done earlier/);
      expect(await readFile(map, 'utf8')).toBe(mappingText);
      for (const action of Object.keys(e.calls))
        if (!/^Describe|^Get/.test(action)) expect(e.calls[action], action).toBe(calls[action]);

      // Planned again with the created group as the base: nothing to do.
      const replanned = await sgbridgeAsync(
        [
          'plan',
          example(source),
          '--create',
          '--base',
          `${to}:${REGION}/${createdId}`,
          '--map',
          map,
          '--format',
          'json',
        ],
        env,
      );
      expect(replanned.status, replanned.stderr).toBe(0);
      expect((JSON.parse(replanned.stdout) as { steps: unknown[] }).steps).toEqual([]);
      for (const t of [planned, applied, again, replanned])
        for (const k of KEY_VALUES) expect(t.stdout + t.stderr).not.toContain(k);
    },
  );

  test('should plan the rule steps again when AWS creates the group with egress to ::/0 (a VPC with IPv6)', async () => {
    // The plan assumes the usual new group (egress to 0.0.0.0/0 only); in a VPC with an IPv6 block the cloud also
    // adds egress to ::/0, which the source (an enterprise group: egress denied but for its rules) does not allow.
    const e = await startEmulator({ cloud: 'aws', aws: { ipv6Vpcs: ['vpc-0dual'] } });
    running.push(e);
    const map = await mappingWithout('sg-t4n0apptier0001', 'map-dual.json', {});
    const planFile = path.join(dir, 'plan-dual.json');
    const planned = await sgbridgeAsync(
      [
        'plan',
        example('diff-aliyun.json'),
        '--create',
        '--to',
        'aws',
        '--region',
        REGION,
        '--map',
        map,
        '--vpc-id',
        'vpc-0dual',
        '-o',
        planFile,
      ],
      awsEnv(e),
    );
    expect(planned.status, planned.stderr).toBe(0);
    const planText = await readFile(planFile, 'utf8');
    expect(planText).not.toContain('::/0');

    const applied = await sgbridgeAsync(['apply', planFile, '--yes'], awsEnv(e));
    expect(applied.status, applied.stderr).toBe(0);
    const [createdId] = [...e.aws!.groups.keys()];
    expect(applied.stderr).toContain(`the created group ${createdId} does not start as the plan assumed`);
    expect(applied.stderr).toMatch(/\(egress allow all to 0\.0\.0\.0\/0, egress allow all to ::\/0\); planned again/);
    expect(applied.stderr).toMatch(/planned again from it \(\d+ steps\)/);
    expect(applied.stdout).toContain('the created group did not start as the plan assumed');
    expect(e.calls['RevokeSecurityGroupEgress'] ?? 0).toBeGreaterThan(0);

    // The created group means exactly what the source means: the ::/0 egress is gone.
    const pulled = await pull(
      { provider: 'aws', region: REGION, groupId: createdId! },
      { endpoint: e.endpoint, credentials: KEYS },
    );
    expect(JSON.stringify(pulled)).not.toContain('::/0');
    const result = compareInputs(
      {
        file: 'diff-aliyun.json',
        parsed: { format: 'json', value: JSON.parse(readFileSync(example('diff-aliyun.json'), 'utf8')) },
      },
      { file: 'pulled', parsed: { format: 'json', value: pulled } },
      parseMapping(await readFile(map, 'utf8'), map),
    );
    expect(result.equivalent).toBe(true);

    // A re-run: no second group and nothing changed.
    const calls = { ...e.calls };
    const again = await sgbridgeAsync(['apply', planFile, '--yes'], awsEnv(e));
    expect(again.status, again.stderr).toBe(0);
    expect(e.aws!.groups.size).toBe(1);
    for (const action of Object.keys(e.calls))
      if (!/^Describe|^Get/.test(action)) expect(e.calls[action], action).toBe(calls[action]);
  });

  test('should refuse, as a usage error, an AWS group with no VPC to be created in', async () => {
    const map = await mappingWithout('sg-t4n0apptier0001', 'map-novpc.json', {});
    const r = await sgbridgeAsync(['plan', example('diff-aliyun.json'), '--create', '--to', 'aws', '--map', map], {});
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no VPC for the new AWS group of sg-t4n0apptier0001; name one with --vpc-id/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  test('should refuse --create without a target cloud, and --vpc-id without --create', async () => {
    const noCloud = await sgbridgeAsync(['plan', example('diff-aliyun.json'), '--create'], {});
    expect(noCloud.status).toBe(2);
    expect(noCloud.stderr).toMatch(/--to aws\|aliyun/);
    const stray = await sgbridgeAsync(
      ['plan', example('diff-aliyun.json'), '--vpc-id', 'vpc-1', '--base', example('diff-aws.json')],
      {},
    );
    expect(stray.status).toBe(2);
    expect(stray.stderr).toMatch(/--vpc-id goes with --create/);
  });
});
