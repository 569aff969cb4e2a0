/** `sgbridge plan` through the built CLI: help, usage errors, the JSON document, -o. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, repoRoot } from '../convert/helpers.js';

const built = existsSync(path.join(repoRoot, 'dist/src/cli/main.js'));
const sgbridge = (args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
const DESIRED = 'examples/diff-aliyun.json';
const BASE = 'test/fixtures/plan/aws-app-tier-current.json';

describe.skipIf(!built)('sgbridge plan (built)', () => {
  test('should print help with examples, and be listed in the main help', () => {
    const r = sgbridge(['plan', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--order safe\|authorize-first\|revoke-first/);
    expect(r.stdout).toMatch(/Examples:\n {2}sgbridge plan /);
    expect(sgbridge(['--help']).stdout).toMatch(/sgbridge plan <desired> --base <current>/);
  });

  test('should refuse a missing --base and a request as the base with one line and exit 2', () => {
    const noBase = sgbridge(['plan', DESIRED]);
    expect(noBase.status).toBe(2);
    expect(noBase.stderr.trim().split('\n')).toHaveLength(1);
    const requestBase = sgbridge(['plan', DESIRED, '--base', 'test/fixtures/changes/aws-authorize-ssh.json']);
    expect(requestBase.status).toBe(2);
    expect(requestBase.stderr).toMatch(
      /^test\/fixtures\/changes\/aws-authorize-ssh\.json: .*the base must be the current group/,
    );
  });

  test('should write one plan as the JSON document, with -o', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sgbridge-plan-'));
    const out = path.join(dir, 'plan.json');
    const r = sgbridge(['plan', DESIRED, '--base', BASE, '--map', 'examples/mapping.json', '-o', out]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['target', 'baseDigest', 'steps', 'before', 'after', 'findings', 'desired']);
    expect(doc['after']).toBe('exact');
    expect((doc['steps'] as { action: string; transient: boolean }[]).map((s) => s.action)).toEqual([
      'AuthorizeSecurityGroupIngress',
      'AuthorizeSecurityGroupEgress',
      'RevokeSecurityGroupIngress',
      'RevokeSecurityGroupEgress',
    ]);
  });

  test('should print Markdown for reviews', () => {
    const r = sgbridge([
      'plan',
      DESIRED,
      '--base',
      BASE,
      '--map',
      'examples/mapping.json',
      '--format',
      'markdown',
      '--order',
      'revoke-first',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^# sgbridge plan/);
    expect(r.stdout).toMatch(/\| 1 \| `RevokeSecurityGroupIngress` \| yes \|/);
  });
});
