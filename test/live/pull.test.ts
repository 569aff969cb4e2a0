/**
 * `pull` with the real SDK clients against the emulators on 127.0.0.1: every page on both clouds (more than
 * 1,000 AWS groups; an Aliyun group with more than 500 rules), prefix-list entries, Aliyun enrichment, the
 * same result under throttling and 5xx, and one clear line for access denied and unreachable endpoints.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import { startEmulator, type Emulator } from '../../src/emulate/index.js';
import { TranslateError } from '../../src/errors.js';
import { pull } from '../../src/live/pull.js';
import { aliyunFleet, awsFleet, KEYS, KEY_VALUES } from './helpers.js';

const running: Emulator[] = [];
async function emulator(options: Parameters<typeof startEmulator>[0]): Promise<Emulator> {
  const e = await startEmulator(options);
  running.push(e);
  return e;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

type AwsDoc = {
  SecurityGroups: { GroupId: string; IpPermissions: unknown[] }[];
  PrefixListEntries?: Record<string, string[]>;
  UnreadablePrefixLists?: Record<string, string>;
};
type AliyunDoc = {
  SecurityGroupId: string;
  SecurityGroupType?: string;
  Tags?: unknown;
  Description?: string;
  Permissions: { Permission: unknown[] };
};

describe('pull from the EC2 emulator', () => {
  test('should read every page of 1,050 groups and keep every rule', async () => {
    const fleet = awsFleet(1050, 3);
    const e = await emulator({ cloud: 'aws', initial: fleet });
    const doc = (await pull(
      { provider: 'aws', region: 'ap-east-1' },
      { endpoint: e.endpoint, credentials: KEYS },
    )) as AwsDoc;
    expect(doc.SecurityGroups).toHaveLength(1050);
    expect(e.calls['DescribeSecurityGroups']).toBe(2); // 1,000 + 50
    expect(new Set(doc.SecurityGroups.map((g) => g.GroupId)).size).toBe(1050);
    // Every rule reaches the canonical model: 3 ingress + 1 egress per group.
    const result = convert({ format: 'json', value: doc }, { to: 'model' });
    expect(result.groups).toHaveLength(1050);
    expect(result.groups.every((g) => (g.target as { rules: unknown[] }).rules.length === 4)).toBe(true);
  });

  test('should filter by VPC, tag and group IDs', async () => {
    const fleet = awsFleet(20, 1);
    fleet.SecurityGroups.push(
      ...awsFleet(3, 1, 'vpc-0other').SecurityGroups.map((g, i) => ({
        ...g,
        GroupId: `sg-0other00000000000${i}`,
        GroupName: `other-${i}`,
      })),
    );
    const e = await emulator({ cloud: 'aws', initial: fleet });
    const at = { provider: 'aws' as const, region: 'ap-east-1' };
    const opts = { endpoint: e.endpoint, credentials: KEYS };
    expect(((await pull(at, { ...opts, vpcId: 'vpc-0other' })) as AwsDoc).SecurityGroups).toHaveLength(3);
    expect(
      ((await pull(at, { ...opts, tags: [{ key: 'tier', value: 'web' }] })) as AwsDoc).SecurityGroups,
    ).toHaveLength(12);
    const ids = fleet.SecurityGroups.slice(0, 2).map((g) => String(g['GroupId']));
    expect(
      ((await pull({ ...at, groupId: ids[0]! }, { ...opts, groupIds: [ids[1]!] })) as AwsDoc).SecurityGroups.map(
        (g) => g.GroupId,
      ),
    ).toEqual(ids);
  });

  test('should add the entries of referenced prefix lists, all pages, and name the unreadable ones', async () => {
    const entries = Array.from({ length: 150 }, (_, i) => ({ Cidr: `172.16.${i}.0/24` }));
    const initial = {
      PrefixLists: [
        {
          PrefixListId: 'pl-0office',
          PrefixListName: 'office',
          AddressFamily: 'IPv4',
          MaxEntries: 150,
          Entries: entries,
        },
      ],
      SecurityGroups: [
        {
          GroupId: 'sg-0pl',
          GroupName: 'pl',
          Description: 'pl',
          VpcId: 'vpc-1',
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 22,
              ToPort: 22,
              PrefixListIds: [{ PrefixListId: 'pl-0office' }, { PrefixListId: 'pl-0gone' }],
            },
          ],
          IpPermissionsEgress: [],
        },
      ],
    };
    const e = await emulator({ cloud: 'aws', initial, aws: { rulesPerDirection: 1000 } });
    const doc = (await pull(
      { provider: 'aws', region: 'ap-east-1' },
      { endpoint: e.endpoint, credentials: KEYS },
    )) as AwsDoc;
    expect(doc.PrefixListEntries?.['pl-0office']).toEqual(entries.map((x) => x.Cidr));
    expect(e.calls['GetManagedPrefixListEntries']).toBe(2); // pages of 100
    expect(doc.UnreadablePrefixLists).toEqual({ 'pl-0gone': 'InvalidPrefixListID.NotFound' });
  });

  test('should give the same document under 30% throttling and 5% server errors', async () => {
    const fleet = awsFleet(40, 2);
    const clean = await emulator({ cloud: 'aws', initial: fleet });
    const faulty = await emulator({ cloud: 'aws', initial: fleet, faults: 'throttle=0.3,5xx=0.05', seed: 3 });
    const opts = { credentials: KEYS, pageSize: 5, maxAttempts: 8 };
    const a = await pull({ provider: 'aws', region: 'ap-east-1' }, { ...opts, endpoint: clean.endpoint });
    const b = await pull({ provider: 'aws', region: 'ap-east-1' }, { ...opts, endpoint: faulty.endpoint });
    expect(b).toEqual(a);
    expect(faulty.faults.throttle + faulty.faults.serverError).toBeGreaterThan(0);
  });

  test('should fail with one line naming the call and the provider code when access is denied', async () => {
    const e = await emulator({ cloud: 'aws', initial: awsFleet(1, 1), denied: ['DescribeSecurityGroups'] });
    const error = await pull(
      { provider: 'aws', region: 'ap-east-1' },
      { endpoint: e.endpoint, credentials: KEYS },
    ).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(TranslateError);
    const line = (error as TranslateError).oneLine();
    expect(line).toMatch(/^\[UnauthorizedOperation\] aws:ap-east-1: DescribeSecurityGroups: access denied/);
    for (const k of KEY_VALUES) expect(line).not.toContain(k);
  });

  test('should say the endpoint cannot be reached, without retrying for long', async () => {
    const e = await emulator({ cloud: 'aws' });
    const endpoint = e.endpoint;
    await e.close();
    running.length = 0;
    const error = await pull(
      { provider: 'aws', region: 'ap-east-1' },
      { endpoint, credentials: KEYS, maxAttempts: 2 },
    ).catch((x: unknown) => x);
    expect((error as TranslateError).oneLine()).toMatch(
      /aws:ap-east-1: DescribeSecurityGroups: cannot reach the endpoint \(ECONNREFUSED\)/,
    );
  });
});

describe('pull from the ECS emulator', () => {
  test('should read every rule page of a 1,200-rule group, enriched with type, tags and description', async () => {
    const [group] = aliyunFleet(1, 1200);
    const e = await emulator({ cloud: 'aliyun', initial: [group], aliyun: { rulesPerGroup: 2000 } });
    const id = String(group!['SecurityGroupId']);
    const doc = (await pull(
      { provider: 'aliyun', region: 'cn-hongkong', groupId: id },
      { endpoint: e.endpoint, credentials: KEYS, pageSize: 500 },
    )) as AliyunDoc;
    expect(doc.Permissions.Permission).toHaveLength(1200);
    expect(e.calls['DescribeSecurityGroupAttribute']).toBe(3); // 500 + 500 + 200
    expect(doc.SecurityGroupType).toBe('enterprise');
    expect(doc.Tags).toEqual({ Tag: [{ TagKey: 'tier', TagValue: 'web' }] });
    expect(doc.Description).toBe('fleet group 0');
    const result = convert({ format: 'json', value: doc }, { to: 'model' });
    expect((result.groups[0]!.target as { rules: unknown[]; type: string }).rules).toHaveLength(1200);
    expect((result.groups[0]!.target as { type: string }).type).toBe('enterprise');
  });

  test('should list every DescribeSecurityGroups page of a region and read each group (a list of responses)', async () => {
    const fleet = [
      ...aliyunFleet(130, 2),
      ...aliyunFleet(2, 1, 'cn-hangzhou').map((g, i) => ({ ...g, SecurityGroupId: `sg-elsewhere${i}` })),
    ];
    const e = await emulator({ cloud: 'aliyun', initial: fleet });
    const doc = (await pull(
      { provider: 'aliyun', region: 'cn-hongkong' },
      { endpoint: e.endpoint, credentials: KEYS },
    )) as AliyunDoc[];
    expect(doc).toHaveLength(130);
    expect(e.calls['DescribeSecurityGroups']).toBe(2); // 100 + 30
    const result = convert({ format: 'json', value: doc }, { to: 'model' });
    expect(result.groups).toHaveLength(130);
  });

  test('should give the same document under throttling (Throttling.User) and ServiceUnavailable', async () => {
    const fleet = aliyunFleet(12, 30);
    // One clock for both, so the rules' CreateTime agree.
    const clock = { now: () => Date.parse('2026-01-01T00:00:00Z') };
    const clean = await emulator({ cloud: 'aliyun', initial: fleet, aliyun: clock });
    const faulty = await emulator({
      cloud: 'aliyun',
      initial: fleet,
      faults: 'throttle=0.3,5xx=0.05',
      seed: 5,
      aliyun: clock,
    });
    const opts = { credentials: KEYS, pageSize: 10, maxAttempts: 8 };
    const a = await pull({ provider: 'aliyun', region: 'cn-hongkong' }, { ...opts, endpoint: clean.endpoint });
    const b = await pull({ provider: 'aliyun', region: 'cn-hongkong' }, { ...opts, endpoint: faulty.endpoint });
    expect(b).toEqual(a);
    expect(faulty.faults.throttle).toBeGreaterThan(0);
  });

  test('should fail with one line when access is denied', async () => {
    const e = await emulator({ cloud: 'aliyun', initial: aliyunFleet(1, 1), denied: ['DescribeSecurityGroups'] });
    const error = await pull(
      { provider: 'aliyun', region: 'cn-hongkong' },
      { endpoint: e.endpoint, credentials: KEYS },
    ).catch((x: unknown) => x);
    expect((error as TranslateError).oneLine()).toMatch(
      /^\[Forbidden\.RAM\] aliyun:cn-hongkong: DescribeSecurityGroups: access denied/,
    );
  });
});
