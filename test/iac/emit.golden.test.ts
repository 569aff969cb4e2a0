/**
 * Golden outputs of each provisioning-code writer, through the built CLI: the document on stdout and the proof
 * (each group's verdict proven on the document, and the summary) on stderr. Goldens in test/fixtures/iac/emit
 * (file snapshots: test/README.md).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, repoRoot } from '../convert/helpers.js';
import { IAC_FIXTURES } from './helpers.js';

const built = existsSync(path.join(repoRoot, 'dist/src/cli/main.js'));
const MAP = ['--map', 'examples/mapping.json'];

const CASES: { name: string; args: string[] }[] = [
  {
    name: 'aliyun-web-tier.to-aws.tf',
    args: ['examples/aliyun-web-tier.json', '--to', 'aws', ...MAP, '--emit', 'terraform'],
  },
  {
    name: 'aliyun-web-tier.to-aws.tf.json',
    args: ['examples/aliyun-web-tier.json', '--to', 'aws', ...MAP, '--emit', 'terraform-json'],
  },
  {
    name: 'aliyun-web-tier.to-aws.cfn.yaml',
    args: ['examples/aliyun-web-tier.json', '--to', 'aws', ...MAP, '--emit', 'cloudformation'],
  },
  {
    name: 'aws-icmp-ipv6-prefix.to-aliyun.tf',
    args: ['examples/aws-icmp-ipv6-prefix.json', '--to', 'aliyun', ...MAP, '--emit', 'terraform'],
  },
  {
    name: 'aws-icmp-ipv6-prefix.to-aliyun.ros.yaml',
    args: ['examples/aws-icmp-ipv6-prefix.json', '--to', 'aliyun', ...MAP, '--emit', 'ros'],
  },
  {
    name: 'aws-icmp-ipv6-prefix.to-aliyun.ros.json',
    args: ['examples/aws-icmp-ipv6-prefix.json', '--to', 'aliyun', ...MAP, '--emit', 'ros-json'],
  },
  { name: 'model-tiers.to-aws.tf', args: ['examples/model-tiers.yaml', '--to', 'aws', ...MAP, '--emit', 'terraform'] },
  {
    name: 'model-tiers.to-aws.cfn.json',
    args: ['examples/model-tiers.yaml', '--to', 'aws', ...MAP, '--emit', 'cloudformation-json'],
  },
  {
    name: 'model-tiers.to-aliyun.tf.json',
    args: ['examples/model-tiers.yaml', '--to', 'aliyun', '--emit', 'terraform-json'],
  },
  { name: 'model-tiers.to-aliyun.ros.yaml', args: ['examples/model-tiers.yaml', '--to', 'aliyun', '--emit', 'ros'] },
  {
    name: 'terraform-state-aws.to-aws.cfn.yaml',
    args: ['test/fixtures/iac/terraform-state-aws.json', '--to', 'aws', '--emit', 'cloudformation'],
  },
  {
    name: 'terraform-plan-aliyun.to-aws.tf',
    args: ['test/fixtures/iac/terraform-plan-aliyun.json', '--to', 'aws', '--emit', 'terraform'],
  },
  { name: 'ros-app.to-aws.tf', args: ['test/fixtures/iac/ros-app.json', '--to', 'aws', '--emit', 'terraform'] },
  {
    name: 'cloudformation-web.to-aliyun.ros.yaml',
    args: ['test/fixtures/iac/cloudformation-web.yaml', '--to', 'aliyun', '--emit', 'ros'],
  },
  {
    name: 'model-tiers.to-aws.tf.report.json',
    args: ['examples/model-tiers.yaml', '--to', 'aws', ...MAP, '--emit', 'terraform', '--format', 'json'],
  },
];

describe.skipIf(!built)('provisioning-code goldens', () => {
  test.each(CASES)('should write the golden $name', async ({ name, args }) => {
    const r = spawnSync(process.execPath, [BIN, 'convert', ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status, r.stderr).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot(path.join(IAC_FIXTURES, 'emit', name));
    await expect(r.stderr).toMatchFileSnapshot(path.join(IAC_FIXTURES, 'emit', `${name}.proof.txt`));
  });

  test('should refuse a writer for the other cloud, as a usage error', () => {
    const r = spawnSync(
      process.execPath,
      [BIN, 'convert', 'examples/aliyun-web-tier.json', '--to', 'aliyun', '--emit', 'cloudformation'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect([r.status, r.stderr, r.stdout]).toEqual([
      2,
      '--emit cloudformation writes aws groups; use it with --to aws\n',
      '',
    ]);
  });

  test('should write a CloudFormation template as JSON when -o names a .json file, and exit 1 on --fail-on wider for the egress sentinel', () => {
    const out = path.join(repoRoot, 'dist', 'cfn-test.json');
    const r = spawnSync(
      process.execPath,
      [
        BIN,
        'convert',
        'test/fixtures/iac/terraform-state-aws.json',
        '--to',
        'aws',
        '--emit',
        'cloudformation',
        '-o',
        out,
        '--fail-on',
        'wider',
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('sg-0a1b2c3d4e5f6a002 (aws) → Db: wider');
  });
});
