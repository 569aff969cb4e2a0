/**
 * Answers about members of groups and prefix lists (the host model): the wrong answers the sound-answers issue
 * found, each as a golden output with its right answer asserted too. A member of a group (or an address of a
 * prefix list) is a host with some address and any other memberships. Goldens in test/fixtures/hosts (file
 * snapshots: test/README.md).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, repoRoot } from '../convert/helpers.js';

const built = existsSync(path.join(repoRoot, 'dist/src/cli/main.js'));
const DIR = 'test/fixtures/hosts';
const f = (name: string) => `${DIR}/${name}.json`;

interface Case {
  readonly name: string;
  readonly args: string[];
  readonly ext: 'txt' | 'json';
  readonly exit: number;
  /** The right answer, asserted on the output (the golden pins the rest). */
  readonly check: (stdout: string) => void;
}

const CASES: Case[] = [
  {
    name: 'case1.explain',
    args: ['explain', f('case1-c'), '--packet', 'ingress tcp sg-x:22', '--format', 'json'],
    ext: 'json',
    exit: 0,
    // Members of sg-x match the p1 drop first, whatever their address and other memberships.
    check: (out) =>
      expect(JSON.parse(out).results[0]).toMatchObject({
        outcome: 'denied',
        allowed: false,
        decidedBy: { kind: 'rule', index: 0 },
      }),
  },
  {
    name: 'case1.explain.inner-accept',
    args: ['explain', f('case1-c-inner-accept'), '--packet', 'ingress tcp sg-x:22', '--format', 'json'],
    ext: 'json',
    exit: 0,
    // With InnerAccessPolicy accept, a member of sg-x that is also a member of sg-c gets in first.
    check: (out) => {
      const r = JSON.parse(out).results[0];
      expect(r.outcome).toBe('depends');
      expect(r.allowed).toBeUndefined();
      expect(r.cases[0]).toMatchObject({ allowed: false, decidedBy: { kind: 'rule', index: 0 }, condition: '' });
      expect(r.cases[1]).toMatchObject({
        allowed: true,
        decidedBy: { kind: 'inner-access' },
        condition: 'it is also a member of sg-c',
      });
    },
  },
  {
    name: 'case1.explain.not-self',
    args: ['explain', f('case1-c'), '--packet', 'ingress tcp 203.0.113.9:22 groups=sg-x'],
    ext: 'txt',
    exit: 0,
    check: (out) => expect(out).toMatch(/^sg-c \(aliyun\): denied by rule 0 \(priority 1 drop tcp 22 from sg-x\)$/m),
  },
  {
    name: 'case1.diff',
    args: ['diff', f('case1-c'), f('case1-d')],
    ext: 'txt',
    exit: 1,
    check: (out) => expect(out).toMatch(/only B allows:\n {4}ingress tcp 22 from sg-x\n/),
  },
  {
    name: 'case1.convert',
    args: ['convert', f('case1-c'), '--to', 'aws', '--format', 'json'],
    ext: 'json',
    exit: 0,
    // The p1 drop decides members of sg-x: it is not shadowed, and removing it would open SSH to them.
    check: (out) =>
      expect(JSON.parse(out).groups[0].findings.map((x: { code: string }) => x.code)).not.toContain('rule_shadowed'),
  },
  {
    name: 'case2.diff',
    args: ['diff', f('case2-a'), f('case2-b'), '--format', 'json'],
    ext: 'json',
    exit: 1,
    check: (out) => {
      const c = JSON.parse(out).comparisons[0];
      expect(c.onlyA.map((r: { text: string }) => r.text)).toEqual(['egress udp 38423 to sg-peer-c']);
      expect(c.onlyB).toEqual([]);
    },
  },
  {
    name: 'case3.diff',
    args: ['diff', f('case3-a'), f('case3-b'), '--format', 'json'],
    ext: 'json',
    exit: 1,
    check: (out) => {
      const c = JSON.parse(out).comparisons[0];
      expect(c.onlyA).toEqual([]);
      expect(c.onlyB).toHaveLength(1);
      expect(c.onlyB[0]).toMatchObject({
        protocol: 47,
        condition: 'a member of sg-peer-a whose address is in pl-peer-1',
      });
    },
  },
  {
    name: 'case3.diff.assume-disjoint',
    args: ['diff', f('case3-a'), f('case3-b'), '--assume-disjoint'],
    ext: 'txt',
    exit: 0,
    check: (out) => expect(out).toMatch(/equivalent[\s\S]*assumed \(--assume-disjoint\)/),
  },
  {
    name: 'case4.explain',
    args: ['explain', f('case4'), '--packet', 'ingress tcp sg-02:443'],
    ext: 'txt',
    exit: 0,
    check: (out) =>
      expect(out).toMatch(
        /depends on which member of sg-02: allowed by rule 0 .* if its address is IPv4; denied .* if its address is IPv6/,
      ),
  },
  {
    name: 'case4.explain.definite',
    args: ['explain', f('case4'), '--packet', 'ingress tcp [2001:db8::5]:443 groups=sg-02', '--format', 'json'],
    ext: 'json',
    exit: 0,
    check: (out) => expect(JSON.parse(out).results[0]).toMatchObject({ outcome: 'denied', allowed: false }),
  },
];

describe.skipIf(!built)('answers about members of groups and prefix lists', () => {
  test.each(CASES)('$name', async ({ name, args, ext, exit, check }) => {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(exit);
    check(r.stdout);
    await expect(r.stdout).toMatchFileSnapshot(path.join(repoRoot, DIR, `${name}.golden.${ext}`));
  });
});
