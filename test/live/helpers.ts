/** Shared pieces of the live tests: fixed test keys, generated fleets for the emulators' state, the CLI run async. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { BIN, repoRoot } from '../convert/helpers.js';

/** Test keys: long enough to be redacted, and searched for in every output. */
export const KEYS = {
  accessKeyId: 'AKIASGBRIDGETESTKEY01',
  secretAccessKey: 'sgbridge/test/Secret+Value+0123456789abcd',
  sessionToken: 'sgbridge-test-session-token-0123456789',
};
export const KEY_VALUES = [KEYS.accessKeyId, KEYS.secretAccessKey, KEYS.sessionToken];

/** An AWS state (DescribeSecurityGroups shape) of `groups` groups with `rules` ingress rules each. */
export function awsFleet(
  groups: number,
  rules: number,
  vpcId = 'vpc-0fleet',
): { SecurityGroups: Record<string, unknown>[] } {
  const out: Record<string, unknown>[] = [];
  for (let g = 0; g < groups; g++) {
    const perms = [];
    for (let r = 0; r < rules; r++) {
      perms.push({
        IpProtocol: r % 3 === 0 ? 'udp' : 'tcp',
        FromPort: 1000 + r,
        ToPort: 1000 + r,
        IpRanges: [{ CidrIp: `10.${g % 250}.${r % 250}.0/24`, Description: `rule ${r}` }],
      });
    }
    out.push({
      GroupId: `sg-${(0x100000 + g).toString(16).padStart(17, '0')}`,
      GroupName: `fleet-${g}`,
      Description: `fleet group ${g}`,
      VpcId: vpcId,
      Tags: [{ Key: 'tier', Value: g % 2 === 0 ? 'web' : 'db' }],
      IpPermissions: perms,
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    });
  }
  return { SecurityGroups: out };
}

/** An Aliyun state (list of DescribeSecurityGroupAttribute responses) of `groups` groups with `rules` rules each. */
export function aliyunFleet(groups: number, rules: number, region = 'cn-hongkong'): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let g = 0; g < groups; g++) {
    const perms = [];
    for (let r = 0; r < rules; r++) {
      perms.push({
        Direction: r % 5 === 4 ? 'egress' : 'ingress',
        IpProtocol: 'TCP',
        PortRange: `${1 + (r % 60000)}/${1 + (r % 60000)}`,
        Policy: r % 7 === 0 ? 'Drop' : 'Accept',
        Priority: String(1 + (r % 100)),
        [r % 5 === 4 ? 'DestCidrIp' : 'SourceCidrIp']: `10.${Math.floor(r / 250) % 250}.${r % 250}.0/24`,
        Description: `rule ${r}`,
      });
    }
    out.push({
      RegionId: region,
      SecurityGroupId: `sg-fleet${String(g).padStart(12, '0')}`,
      SecurityGroupName: `fleet-${g}`,
      Description: `fleet group ${g}`,
      VpcId: 'vpc-fleet',
      InnerAccessPolicy: 'Accept',
      SecurityGroupType: g % 3 === 0 ? 'enterprise' : 'normal',
      Tags: { Tag: [{ TagKey: 'tier', TagValue: g % 2 === 0 ? 'web' : 'db' }] },
      Permissions: { Permission: perms },
    });
  }
  return out;
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI in a child process, asynchronously (the emulator answers from this process meanwhile). */
export function sgbridgeAsync(
  args: string[],
  env: Record<string, string | undefined>,
  cwd = repoRoot,
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.resolve(repoRoot, BIN), ...args], {
      cwd,
      env: { PATH: process.env['PATH'], HOME: '/nonexistent-sgbridge-home', NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
