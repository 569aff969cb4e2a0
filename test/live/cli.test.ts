/**
 * The built CLI against the emulators: credentials from each cloud's default chain (environment variables),
 * the endpoint from the environment, live locations in other commands, pulled prefix-list entries used for
 * expansion, apply's confirmation, and no credential in any output or file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { SDK_NODE_WARNING_SWITCH, silenceSdkNodeVersionWarning } from '../../src/cli/sdk-warnings.js';
import { startEmulator, type Emulator } from '../../src/emulate/index.js';
import { readLiveGroup } from '../../src/live/apply.js';
import { BIN, repoRoot } from '../convert/helpers.js';
import { awsFleet, KEYS, KEY_VALUES, sgbridgeAsync } from './helpers.js';
import { makePlan } from './plans.js';

const built = existsSync(path.join(repoRoot, 'dist/src/cli/main.js'));
let dir = '';
const running: Emulator[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sgbridge-live-cli-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

const awsEnv = (e: Emulator) => ({
  AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
  AWS_SESSION_TOKEN: KEYS.sessionToken,
  AWS_ENDPOINT_URL_EC2: e.endpoint,
  AWS_MAX_ATTEMPTS: '2',
});
const aliyunEnv = (e: Emulator) => ({
  ALIBABA_CLOUD_ACCESS_KEY_ID: KEYS.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEYS.secretAccessKey,
  ALIBABA_CLOUD_SECURITY_TOKEN: KEYS.sessionToken,
  ALIBABA_CLOUD_ECS_ENDPOINT: e.endpoint,
});

async function expectNoSecrets(...texts: string[]): Promise<void> {
  for (const t of texts) for (const k of KEY_VALUES) expect(t).not.toContain(k);
  for (const f of await readdir(dir)) {
    const text = await readFile(path.join(dir, f), 'utf8');
    for (const k of KEY_VALUES) expect(text, f).not.toContain(k);
  }
}

describe.skipIf(!built)('live commands (built CLI)', () => {
  test('should pull with credentials and endpoint from the environment, and write nothing secret', async () => {
    const e = await startEmulator({ cloud: 'aws', initial: awsFleet(7, 2) });
    running.push(e);
    const out = path.join(dir, 'pulled.json');
    const r = await sgbridgeAsync(['pull', 'aws:ap-east-1', '--tag', 'tier=web', '-o', out], awsEnv(e));
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    expect((JSON.parse(await readFile(out, 'utf8')) as { SecurityGroups: unknown[] }).SecurityGroups).toHaveLength(4);
    await expectNoSecrets(r.stdout, r.stderr);
  });

  test('should print no AWS SDK NodeVersionSupportWarning on a live run, and keep other warnings', async () => {
    const e = await startEmulator({ cloud: 'aws', initial: awsFleet(7, 1) });
    running.push(e);
    const r = await sgbridgeAsync(['pull', 'aws:ap-east-1'], awsEnv(e));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });

  test('should silence only the SDK node-version warning: other process warnings still print', () => {
    const probe = `
      const { silenceSdkNodeVersionWarning } = await import(process.argv[1]);
      const { EC2Client } = await import('@aws-sdk/client-ec2');
      silenceSdkNodeVersionWarning();
      new EC2Client({ region: 'ap-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
      process.emitWarning('another warning');`;
    const module = path.join(repoRoot, 'dist/src/cli/sdk-warnings.js');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe, module], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('Warning: another warning');
    expect(r.stderr).not.toContain('NodeVersionSupportWarning');
    // Without the switch the same client prints the warning on Node < 22 (the reason for the switch).
    const unsilenced = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', probe.replace('silenceSdkNodeVersionWarning();', ''), module],
      { cwd: repoRoot, encoding: 'utf8', env: { PATH: process.env['PATH'] } },
    );
    if (Number(process.versions.node.split('.')[0]) < 22)
      expect(unsilenced.stderr).toContain('NodeVersionSupportWarning');
  });

  test('should keep a value the user gave the SDK warning switch', () => {
    const env: NodeJS.ProcessEnv = { [SDK_NODE_WARNING_SWITCH]: 'false' };
    silenceSdkNodeVersionWarning(env);
    expect(env[SDK_NODE_WARNING_SWITCH]).toBe('false');
    const unset: NodeJS.ProcessEnv = {};
    silenceSdkNodeVersionWarning(unset);
    expect(unset).toEqual({ [SDK_NODE_WARNING_SWITCH]: 'true' });
  });

  test('should pull from Aliyun with the @alicloud/credentials chain (env keys and STS token)', async () => {
    const e = await startEmulator({
      cloud: 'aliyun',
      initial: [
        {
          RegionId: 'cn-hongkong',
          SecurityGroupId: 'sg-j6c4cli000001',
          InnerAccessPolicy: 'Accept',
          Permissions: {
            Permission: [{ Direction: 'ingress', IpProtocol: 'TCP', PortRange: '22/22', SourceCidrIp: '10.0.0.0/8' }],
          },
        },
      ],
    });
    running.push(e);
    const r = await sgbridgeAsync(['pull', 'aliyun:cn-hongkong/sg-j6c4cli000001'], aliyunEnv(e));
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { Permissions: { Permission: unknown[] } }).Permissions.Permission).toHaveLength(1);
    await expectNoSecrets(r.stdout, r.stderr);
  });

  test('should audit two live locations, one per cloud, paired by name in the same city', async () => {
    const aws = await startEmulator({
      cloud: 'aws',
      initial: {
        SecurityGroups: [
          {
            GroupId: 'sg-0aud1700000000001',
            GroupName: 'web',
            Description: 'web',
            VpcId: 'vpc-1',
            IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
            IpPermissionsEgress: [
              { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
            ],
          },
        ],
      },
    });
    const aliyun = await startEmulator({
      cloud: 'aliyun',
      initial: [
        {
          RegionId: 'cn-hongkong',
          SecurityGroupId: 'sg-j6c4aud1700001',
          SecurityGroupName: 'web',
          SecurityGroupType: 'normal',
          InnerAccessPolicy: 'Drop',
          Permissions: {
            Permission: [
              {
                Direction: 'ingress',
                IpProtocol: 'TCP',
                PortRange: '443/443',
                SourceCidrIp: '0.0.0.0/0',
                Policy: 'Accept',
                Priority: 1,
              },
            ],
          },
        },
      ],
    });
    running.push(aws, aliyun);
    const r = await sgbridgeAsync(['audit', 'aliyun:cn-hongkong', 'aws:ap-east-1', '--format', 'json'], {
      ...awsEnv(aws),
      ...aliyunEnv(aliyun),
    });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { summary: { pairs: number; equivalent: number } };
    expect(report.summary).toMatchObject({ pairs: 1, equivalent: 1 });
    await expectNoSecrets(r.stdout, r.stderr);
  });

  test('should take a live location where a file goes, and expand pulled prefix-list entries', async () => {
    const e = await startEmulator({
      cloud: 'aws',
      initial: {
        PrefixLists: [
          {
            PrefixListId: 'pl-0cli',
            PrefixListName: 'office',
            AddressFamily: 'IPv4',
            MaxEntries: 2,
            Entries: [{ Cidr: '198.51.100.0/24' }, { Cidr: '203.0.113.0/24' }],
          },
        ],
        SecurityGroups: [
          {
            GroupId: 'sg-0c110000000000001',
            GroupName: 'cli',
            Description: 'cli',
            VpcId: 'vpc-1',
            IpPermissions: [
              { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-0cli' }] },
            ],
            IpPermissionsEgress: [],
          },
        ],
      },
    });
    running.push(e);
    const r = await sgbridgeAsync(
      ['convert', 'aws:ap-east-1/sg-0c110000000000001', '--to', 'aliyun', '--format', 'json'],
      awsEnv(e),
    );
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      groups: {
        verdict: string;
        findings: { code: string }[];
        target: { Permissions: { Permission: { SourceCidrIp: string }[] } };
      }[];
    };
    expect(doc.groups[0]!.findings.map((f) => f.code)).toContain('prefix_list_expanded');
    expect(
      doc.groups[0]!.target.Permissions.Permission.map((p) => p.SourceCidrIp)
        .filter(Boolean)
        .sort(),
    ).toEqual(['198.51.100.0/24', '203.0.113.0/24']);
    await expectNoSecrets(r.stdout, r.stderr);
  });

  test('should fail access denied in one line, exit 2, no stack, no secret', async () => {
    const e = await startEmulator({ cloud: 'aws', denied: ['DescribeSecurityGroups'] });
    running.push(e);
    const r = await sgbridgeAsync(['pull', 'aws:ap-east-1'], awsEnv(e));
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      '[UnauthorizedOperation] aws:ap-east-1: DescribeSecurityGroups: access denied: the credentials may not call DescribeSecurityGroups (see "IAM / RAM policies" in docs/live.md) (You are not authorized to perform this operation. Encoded authorization failure message: (emulated))',
    ]);
    await expectNoSecrets(r.stdout, r.stderr);
  });

  test('should refuse to apply without --yes and no terminal, then apply with --yes, journal beside the plan', async () => {
    const initial = {
      SecurityGroups: [
        {
          GroupId: 'sg-0c110000000000002',
          GroupName: 'app',
          Description: 'app',
          VpcId: 'vpc-1',
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
          IpPermissionsEgress: [],
        },
      ],
    };
    const e = await startEmulator({ cloud: 'aws', initial });
    running.push(e);
    const at = { provider: 'aws' as const, region: 'ap-east-1', groupId: 'sg-0c110000000000002' };
    const base = await readLiveGroup(at, { endpoint: e.endpoint, credentials: KEYS });
    const desired = { ...base, rules: [{ ...base.rules[0]!, peer: { kind: 'cidr' as const, cidr: '10.0.0.0/8' } }] };
    const planFile = path.join(dir, 'plan.json');
    await writeFile(planFile, JSON.stringify(makePlan(base, desired, 'ap-east-1'), null, 2));
    const refused = await sgbridgeAsync(['apply', planFile], awsEnv(e));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/pass --yes/);
    expect(e.calls['AuthorizeSecurityGroupIngress']).toBeUndefined();
    const dry = await sgbridgeAsync(['apply', planFile, '--dry-run'], awsEnv(e));
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/would succeed/);
    const r = await sgbridgeAsync(['apply', planFile, '--yes'], awsEnv(e));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/applied and verified/);
    expect(existsSync(`${planFile}.journal.json`)).toBe(true);
    const again = await sgbridgeAsync(['apply', planFile, '--yes'], awsEnv(e));
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/done earlier/);
    await expectNoSecrets(r.stdout, r.stderr, refused.stderr, dry.stdout, again.stdout);
  });

  test('should run the emulator until stopped and print its endpoint', async () => {
    const child = spawn(process.execPath, [path.resolve(repoRoot, BIN), 'emulate', 'aliyun', '--faults', 'lag=10'], {
      cwd: repoRoot,
    });
    const line = await new Promise<string>((resolve) =>
      child.stdout.once('data', (d: Buffer) => resolve(d.toString())),
    );
    expect(line).toMatch(
      /^sgbridge emulate aliyun: listening on http:\/\/127\.0\.0\.1:\d+ \(ALIBABA_CLOUD_ECS_ENDPOINT=/,
    );
    const code = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    expect(await code).toBe(0);
  });
});
