/**
 * The built CLI as a user runs it: `node bin/sgbridge.js …` in a child process (the test script builds first).
 * Exit codes, one-line errors with file, pointer and provider code, help, stdin, -o.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIN, EXAMPLES, repoRoot } from '../convert/helpers.js';

const built = existsSync(path.join(repoRoot, 'dist/src/cli/main.js'));
let dir = '';

function sgbridge(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    input,
    env: { ...process.env, NO_COLOR: '1', SGBRIDGE_DEBUG: '' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const example = (name: string) => path.join('examples', name);
const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sgbridge-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!built)('sgbridge CLI (built)', () => {
  test('should print help and examples for the tool and each command', () => {
    const main = sgbridge(['--help']);
    expect(main.status).toBe(0);
    expect(main.stdout).toMatch(/sgbridge convert <file\|-> --to aws\|aliyun\|model/);
    for (const cmd of ['convert', 'diff', 'explain', 'validate']) {
      const r = sgbridge([cmd, '--help']);
      expect(r.status, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(/Examples:\n {2}sgbridge /);
    }
    expect(sgbridge(['explain', '--help']).stdout).toMatch(/Packet spec:/);
  });

  test('should narrow an ALL accept cut by a drop by default, and write it exactly with --expand-protocols', () => {
    const group = JSON.stringify({
      SecurityGroupId: 'sg-bp1proto000001',
      InnerAccessPolicy: 'Drop',
      Permissions: {
        Permission: [
          {
            Direction: 'ingress',
            IpProtocol: 'UDP',
            PortRange: '53/53',
            SourceCidrIp: '0.0.0.0/0',
            Policy: 'Drop',
            Priority: '1',
          },
          {
            Direction: 'ingress',
            IpProtocol: 'ALL',
            PortRange: '-1/-1',
            SourceCidrIp: '10.0.0.0/8',
            Policy: 'Accept',
            Priority: '2',
          },
        ],
      },
    });
    const narrow = sgbridge(['convert', '-', '--to', 'aws', '--format', 'json', '--fail-on', 'narrower'], group);
    expect(narrow.status).toBe(1);
    const out = JSON.parse(narrow.stdout) as { groups: { verdict: string; findings: { code: string }[] }[] };
    expect(out.groups[0]!.verdict).toBe('narrower');
    expect(out.groups[0]!.findings.map((f) => f.code)).toContain('protocols_narrowed');
    const exact = sgbridge(
      ['convert', '-', '--to', 'aws', '--format', 'json', '--fail-on', 'narrower', '--expand-protocols'],
      group,
    );
    expect(exact.status).toBe(0);
    expect((JSON.parse(exact.stdout) as { groups: { verdict: string }[] }).groups[0]!.verdict).toBe('exact');
    expect(sgbridge(['convert', '--help']).stdout).toMatch(/--expand-protocols/);
  });

  test('should print the package version', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(sgbridge(['--version'])).toMatchObject({ status: 0, stdout: `${pkg.version}\n` });
  });

  test('should convert an example to one JSON document with the contract fields', () => {
    const r = sgbridge(['convert', example('aliyun-web-tier.json'), '--to', 'aws', '--format', 'json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      from: string;
      to: string;
      groups: { source: unknown; target: Record<string, unknown>; verdict: string; findings: unknown[] }[];
    };
    expect(out.from).toBe('aliyun');
    expect(out.to).toBe('aws');
    expect(out.groups).toHaveLength(1);
    expect(out.groups[0]!.target['IpPermissions']).toBeInstanceOf(Array);
    expect(['exact', 'narrower', 'wider', 'mixed']).toContain(out.groups[0]!.verdict);
  });

  test('should read stdin when the file is -', () => {
    const text = readFileSync(path.join(EXAMPLES, 'aws-icmp-ipv6-prefix.json'), 'utf8');
    const r = sgbridge(['convert', '-', '--to', 'aliyun', '--format', 'json'], text);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { from: string }).from).toBe('aws');
  });

  test('should emit SDK requests with --emit request', () => {
    const r = sgbridge([
      'convert',
      example('model-provisioning.yaml'),
      '--to',
      'aws',
      '--emit',
      'request',
      '--format',
      'json',
    ]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      groups: { requests: { action: string; request: Record<string, unknown> }[] }[];
    };
    const actions = out.groups[0]!.requests.map((q) => q.action);
    expect(actions.some((a) => /Ingress/.test(a))).toBe(true);
    expect(actions.some((a) => /Egress/.test(a))).toBe(true);
  });

  test('should exit 2 with one line naming file, pointer and provider code on a bad value', () => {
    const bad = path.join(dir, 'bad-port.json');
    const doc = JSON.parse(readFileSync(path.join(EXAMPLES, 'aliyun-web-tier.json'), 'utf8')) as {
      Permissions: { Permission: Record<string, unknown>[] };
    };
    doc.Permissions.Permission[1]!['PortRange'] = '80/70000';
    writeFileSync(bad, JSON.stringify(doc));
    const r = sgbridge(['validate', bad]);
    expect(r.status).toBe(2);
    noStack(r.stderr);
    const lines = r.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(
      new RegExp(
        `^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: /Permissions/Permission/1/PortRange: \\[[A-Za-z.]+\\] `,
      ),
    );
  });

  test('should exit 2 with one line for unreadable, unrecognised and missing input', () => {
    const garbage = path.join(dir, 'garbage.json');
    writeFileSync(garbage, '{"SecurityGroups": [');
    const unknown = path.join(dir, 'unknown.json');
    writeFileSync(unknown, '{"hello": "world"}');
    for (const file of [garbage, unknown, path.join(dir, 'missing.json')]) {
      const r = sgbridge(['convert', file, '--to', 'aws', '--format', 'json']);
      expect(r.status, file).toBe(2);
      expect(r.stdout).toBe('');
      noStack(r.stderr);
      expect(r.stderr.trim().split('\n'), file).toHaveLength(1);
      expect(r.stderr).toContain(file);
    }
  });

  test('should exit 2 on usage errors', () => {
    for (const args of [
      ['convert', example('aliyun-web-tier.json')],
      ['convert', example('aliyun-web-tier.json'), '--to', 'gcp'],
      ['frobnicate'],
      ['convert', '--bogus'],
    ]) {
      const r = sgbridge(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  test('should write -o atomically and leave nothing behind on failure', () => {
    const out = path.join(dir, 'out.json');
    expect(
      sgbridge(['convert', example('aliyun-web-tier.json'), '--to', 'aws', '--format', 'json', '-o', out]).status,
    ).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { to: string }).to).toBe('aws');
    const failed = path.join(dir, 'failed.json');
    expect(sgbridge(['convert', path.join(dir, 'missing.json'), '--to', 'aws', '-o', failed]).status).toBe(2);
    expect(existsSync(failed)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // JSON goes to -o group by group: a group that fails after 30 were written leaves no file, and an
    // existing file as it was.
    const groups = Array.from({ length: 40 }, (_, i) => ({
      provider: 'aliyun',
      id: `sg-bp1late${String(i).padStart(7, '0')}`,
      rules: [
        {
          direction: 'ingress',
          action: 'allow',
          priority: i === 30 ? 110 : 1,
          protocol: 6,
          ports: { from: 22, to: 22 },
          peer: { kind: 'cidr', cidr: '10.0.0.0/8' },
        },
      ],
    }));
    const late = path.join(dir, 'late.json');
    writeFileSync(late, JSON.stringify({ modelVersion: 1, groups }));
    writeFileSync(failed, 'before\n');
    const r = sgbridge(['convert', late, '--to', 'aliyun', '--emit', 'request', '--format', 'json', '-o', failed]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^\S+late\.json: \/groups\/30\/rules\/0: \[InvalidPriority\.ValueNotSupported\] /);
    expect(readFileSync(failed, 'utf8')).toBe('before\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // A folder that does not exist: one line, exit 2, nothing written.
    const nowhere = sgbridge([
      'convert',
      example('aliyun-web-tier.json'),
      '--to',
      'aws',
      '--format',
      'json',
      '-o',
      path.join(dir, 'no/such/out.json'),
    ]);
    expect(nowhere.status).toBe(2);
    expect(nowhere.stderr).toMatch(/^\S+no\/such\/out\.json: cannot write \S+: ENOENT/);
    noStack(nowhere.stderr);
  });

  test('should exit 0 for an equivalent pair, 1 for a different one, listing what only one side allows', () => {
    const same = sgbridge([
      'diff',
      example('diff-aliyun.json'),
      example('diff-aws.json'),
      '--map',
      example('mapping.json'),
    ]);
    expect(same.stderr).toBe('');
    expect(same.status).toBe(0);
    const differs = sgbridge([
      'diff',
      example('diff-aliyun.json'),
      example('diff-aws-wider.json'),
      '--map',
      example('mapping.json'),
    ]);
    expect(differs.status).toBe(1);
    expect(differs.stdout).toMatch(/only B allows:\n\s+ingress tcp 3389/);
    expect(sgbridge(['diff', example('aws-icmp-ipv6-prefix.json'), example('aws-icmp-ipv6-prefix.json')]).status).toBe(
      0,
    );
  });

  test('should exit 1 with --fail-on when the translation is narrower', () => {
    const r = sgbridge([
      'convert',
      example('aws-icmp-ipv6-prefix.json'),
      '--to',
      'aliyun',
      '--format',
      'json',
      '--fail-on',
      'narrower',
    ]);
    expect(r.status).toBe(1);
    expect((JSON.parse(r.stdout) as { groups: { verdict: string }[] }).groups[0]!.verdict).not.toBe('exact');
  });

  test('should explain a packet and say which rule decided', () => {
    const denied = sgbridge([
      'explain',
      example('aliyun-web-tier.json'),
      '--packet',
      'ingress tcp 10.20.99.5:22',
      '--format',
      'json',
    ]);
    expect(denied.status).toBe(0);
    const d = JSON.parse(denied.stdout) as {
      results: { allowed: boolean; decidedBy: { kind: string; pointer?: string } }[];
    };
    expect(d.results[0]).toMatchObject({
      allowed: false,
      decidedBy: { kind: 'rule', pointer: '/Permissions/Permission/4' },
    });
    const allowed = sgbridge(['explain', example('aliyun-web-tier.json'), '--packet', 'ingress tcp 10.20.1.5:22']);
    expect(allowed.stdout).toBe(
      'sg-j6c4webtier0001 (aliyun): allowed by rule 5 (priority 20 accept tcp 22 from 10.20.0.0/16)\n',
    );
    const byDefault = sgbridge([
      'explain',
      example('aliyun-web-tier.json'),
      '--packet',
      'egress tcp [2001:db8::10]:443',
    ]);
    expect(byDefault.stdout).toBe(
      'sg-j6c4webtier0001 (aliyun): allowed: the Aliyun basic-group default accepts egress not decided by any rule\n',
    );
  });

  test('should write the document, not the report, to a .yaml or .json file when no --format is given', () => {
    const yamlOut = path.join(dir, 'model.yaml');
    expect(sgbridge(['convert', example('diff-aliyun.json'), '--to', 'model', '-o', yamlOut]).status).toBe(0);
    expect(readFileSync(yamlOut, 'utf8')).toMatch(/^modelVersion: 1\ngroups:\n/);
    const jsonOut = path.join(dir, 'aws.json');
    expect(sgbridge(['convert', example('diff-aliyun.json'), '--to', 'aws', '-o', jsonOut]).status).toBe(0);
    expect((JSON.parse(readFileSync(jsonOut, 'utf8')) as { to: string }).to).toBe('aws');
  });

  test('should validate a good example with exit 0', () => {
    expect(sgbridge(['validate', example('aliyun-web-tier.json')]).status).toBe(0);
    expect(sgbridge(['validate', example('model-provisioning.yaml')]).status).toBe(0);
  });
});
