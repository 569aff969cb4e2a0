/**
 * Golden outputs of the CLI on the examples (JSON and text), through the built CLI. Goldens in test/fixtures/cli
 * (file snapshots: test/README.md).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, repoRoot } from '../convert/helpers.js';

const built = existsSync(path.join(repoRoot, 'dist/src/cli/main.js'));
const GOLDEN = path.join(repoRoot, 'test/fixtures/cli');

const CASES: { name: string; args: string[]; ext: string }[] = [
  {
    name: 'aliyun-web-tier.to-aws',
    args: ['convert', 'examples/aliyun-web-tier.json', '--to', 'aws', '--format', 'json'],
    ext: 'json',
  },
  {
    name: 'aliyun-web-tier.to-aws',
    args: ['convert', 'examples/aliyun-web-tier.json', '--to', 'aws', '--format', 'text'],
    ext: 'txt',
  },
  {
    name: 'aliyun-web-tier.to-aws.mapped',
    args: [
      'convert',
      'examples/aliyun-web-tier.json',
      '--to',
      'aws',
      '--map',
      'examples/mapping.json',
      '--format',
      'json',
    ],
    ext: 'json',
  },
  {
    name: 'aws-icmp-ipv6-prefix.to-aliyun',
    args: [
      'convert',
      'examples/aws-icmp-ipv6-prefix.json',
      '--to',
      'aliyun',
      '--map',
      'examples/mapping.json',
      '--format',
      'json',
    ],
    ext: 'json',
  },
  {
    name: 'aws-icmp-ipv6-prefix.to-aliyun',
    args: [
      'convert',
      'examples/aws-icmp-ipv6-prefix.json',
      '--to',
      'aliyun',
      '--map',
      'examples/mapping.json',
      '--format',
      'text',
    ],
    ext: 'txt',
  },
  {
    name: 'model-provisioning.to-aliyun.request',
    args: ['convert', 'examples/model-provisioning.yaml', '--to', 'aliyun', '--emit', 'request', '--format', 'json'],
    ext: 'json',
  },
  {
    name: 'model-provisioning.to-aws.request',
    args: ['convert', 'examples/model-provisioning.yaml', '--to', 'aws', '--emit', 'request', '--format', 'json'],
    ext: 'json',
  },
  {
    name: 'aliyun-web-tier.to-model',
    args: ['convert', 'examples/aliyun-web-tier.json', '--to', 'model', '--format', 'json'],
    ext: 'json',
  },
  {
    name: 'diff-wider',
    args: ['diff', 'examples/diff-aliyun.json', 'examples/diff-aws-wider.json', '--map', 'examples/mapping.json'],
    ext: 'txt',
  },
  {
    name: 'aliyun-web-tier.to-aws',
    args: ['convert', 'examples/aliyun-web-tier.json', '--to', 'aws', '--format', 'markdown'],
    ext: 'md',
  },
  {
    name: 'aliyun-web-tier-blocklist.to-aws.split',
    args: [
      'convert',
      'examples/aliyun-web-tier-blocklist.json',
      '--to',
      'aws',
      '--split-over-quota',
      '--format',
      'json',
    ],
    ext: 'json',
  },
  {
    name: 'aliyun-web-tier-long-blocklist.to-aws.split',
    args: [
      'convert',
      'examples/aliyun-web-tier-long-blocklist.json',
      '--to',
      'aws',
      '--split-over-quota',
      '--format',
      'text',
    ],
    ext: 'txt',
  },
  {
    name: 'aws-authorize-ssh.to-aliyun.request',
    args: ['convert', 'test/fixtures/changes/aws-authorize-ssh.json', '--to', 'aliyun', '--format', 'text'],
    ext: 'txt',
  },
  {
    name: 'plan.aliyun-app-tier.onto-aws',
    args: [
      'plan',
      'examples/diff-aliyun.json',
      '--base',
      'test/fixtures/plan/aws-app-tier-current.json',
      '--map',
      'examples/mapping.json',
    ],
    ext: 'txt',
  },
  {
    name: 'aliyun-web-tier.to-aws.grouped-findings',
    args: ['convert', 'examples/aliyun-web-tier.json', '--to', 'aws', '--format', 'json', '--group-findings'],
    ext: 'json',
  },
  {
    name: 'aliyun-revoke.to-aws.request',
    args: ['convert', 'test/fixtures/changes/aliyun-revoke.query', '--to', 'aws', '--format', 'markdown'],
    ext: 'md',
  },
];

describe.skipIf(!built)('CLI goldens', () => {
  test.each(CASES)('should print the golden $ext output of $name', async ({ name, args, ext }) => {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', COLUMNS: '' },
    });
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.status);
    await expect(r.stdout).toMatchFileSnapshot(path.join(GOLDEN, `${name}.golden.${ext}`));
  });
});
