/**
 * `sgbridge audit` through the built CLI on the shipped example fleets (examples/audit): an Aliyun fleet and
 * the AWS fleet converted from it with deliberate changes (examples/audit/README.md): web opens SSH to the
 * internet, db narrows MySQL, batch has no counterpart, app is equal only when group members are assumed
 * disjoint from CIDRs. Goldens in test/fixtures/cli (file snapshots: test/README.md); the time taken is the one
 * figure that varies and is masked.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { progress } from '../../src/cli/commands/audit.js';
import { run } from '../../src/cli/main.js';
import { BIN, repoRoot } from '../convert/helpers.js';

const built = existsSync(path.join(repoRoot, 'dist/src/cli/main.js'));
const GOLDEN = path.join(repoRoot, 'test/fixtures/cli');
const FLEET = ['audit', 'examples/audit/aliyun', 'examples/audit/aws.json', '--map', 'examples/audit/mapping.json'];

function cli(args: readonly string[], cwd = repoRoot) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

/** The CLI in this process (from the sources: comparisons in this thread), for the checks that need no build. */
async function inProcess(args: readonly string[]) {
  let stdout = '';
  let stderr = '';
  const status = await run(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: () => Promise.resolve(''),
    stdoutIsTTY: false,
    env: {},
    cwd: repoRoot,
  });
  return { status, stdout, stderr };
}

/** The time taken, in every format, masked. */
function masked(text: string): string {
  return text.replace(/; \d+(\.\d)? m?s(\.?)$/m, '; <time>$2').replace(/"(durationMs|compareMs)": \d+/g, '"$1": 0');
}

async function json(args: readonly string[]) {
  const r = await inProcess([...args, '--format', 'json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Promise<{
    summary: { pairs: number; equivalent: number; different: number; unpaired: { A: number; B: number } };
    pairs: {
      a: { id: string };
      b: { id: string };
      pairedBy: string;
      equivalent: boolean;
      differences: {
        code: string;
        allowedBy: string;
        exposure: { level: string; peer: string; sensitive: { port: number }[] };
        region: { text: string; condition?: string };
        allowing?: { pointer?: string };
      }[];
    }[];
    unpaired: { code: string; side: string; group: { id: string } }[];
  }>;
}

const require = createRequire(import.meta.url);
const validateSarif = (() => {
  const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
  const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
  const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
  // The rtm.5 schema's language-tag pattern is not a valid Unicode-mode regular expression, hence unicodeRegExp: false.
  const ajv = new Ajv({ strict: false, unicodeRegExp: false, allErrors: true, logger: false });
  addFormats(ajv);
  return ajv.compile(schema);
})();

const tmp = mkdtempSync(path.join(tmpdir(), 'sgbridge-audit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!built)('sgbridge audit on the example fleets', () => {
  test.each([
    { ext: 'txt', args: [] as string[] },
    { ext: 'md', args: ['--format', 'markdown'] },
    { ext: 'json', args: ['--format', 'json'] },
    { ext: 'sarif', args: ['--format', 'sarif'] },
  ])('should print the golden $ext report', async ({ ext, args }) => {
    const r = cli([...FLEET, ...args]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    await expect(masked(r.stdout)).toMatchFileSnapshot(path.join(GOLDEN, `audit-fleet.golden.${ext}`));
  });

  test('should find exactly the deliberate changes, worst first', async () => {
    const doc = await json(FLEET);
    expect(doc.summary).toMatchObject({ pairs: 4, different: 3, unpaired: { A: 1, B: 0 } });
    const different = doc.pairs.filter((p) => !p.equivalent);
    // Ranked: SSH from the internet, then MySQL from a private range, then SSH from some bastion members.
    expect(different.map((p) => [p.a.id, p.b.id, p.pairedBy])).toEqual([
      ['sg-j6cauditweb0001', 'sg-0a0d17e0000000001', 'mapping'],
      ['sg-j6cauditdb00001', 'sg-0a0d17e0000000002', 'tag:sgbridge-pair'],
      ['sg-j6cauditapp0001', 'sg-0a0d17e0000000003', 'name'],
    ]);
    const [web, db] = different;
    // web: SSH from the internet on the AWS side only: critical, with the AWS rule that allows it.
    expect(web!.differences).toHaveLength(1);
    expect(web!.differences[0]).toMatchObject({
      code: 'only_b_allows',
      allowedBy: 'B',
      exposure: { level: 'critical', peer: 'internet', sensitive: [{ port: 22 }] },
    });
    expect(web!.differences[0]!.allowing?.pointer).toBe('/SecurityGroups/0/IpPermissions/1/IpRanges/1');
    // db: MySQL narrowed to one subnet on AWS: what only Aliyun allows is the rest of 10.20.0.0/16, private.
    expect(db!.differences).toHaveLength(1);
    expect(db!.differences[0]).toMatchObject({
      code: 'only_a_allows',
      exposure: { level: 'low', peer: 'private', sensitive: [{ port: 3306 }] },
    });
    expect(db!.differences[0]!.region.text).toMatch(/^ingress tcp 3306 from 10\.20\.0\.0\/24, /);
    expect(doc.unpaired).toEqual([
      expect.objectContaining({
        code: 'unpaired_a',
        side: 'A',
        group: expect.objectContaining({ id: 'sg-j6cauditbatch001' }),
      }),
    ]);
    const equivalent = doc.pairs.filter((p) => p.equivalent).map((p) => p.a.id);
    expect(equivalent).toContain('sg-j6cauditcache001');
  });

  test('should call the app pair different without --assume-disjoint (a bastion member inside 10.0.0.0/8) and equivalent with it', async () => {
    const app = async (args: string[]) =>
      (await json([...FLEET, ...args])).pairs.find((p) => p.a.id === 'sg-j6cauditapp0001')!;
    const strict = await app([]);
    expect(strict.pairedBy).toBe('name');
    expect(strict.equivalent).toBe(false);
    expect(strict.differences).toHaveLength(1);
    expect(strict.differences[0]).toMatchObject({
      allowedBy: 'B',
      exposure: { level: 'low', peer: 'reference' },
      region: { condition: 'a member of sg-0a0d17e00000000b5 whose address is in 10.0.0.0/8' },
      allowing: { pointer: '/SecurityGroups/2/IpPermissions/2/UserIdGroupPairs/0' },
      denying: { pointer: '/Permissions/Permission/0' }, // the Aliyun drop of 10.0.0.0/8
    });
    expect((await app(['--assume-disjoint'])).equivalent).toBe(true);
    expect((await json([...FLEET, '--assume-disjoint'])).summary).toMatchObject({
      pairs: 4,
      equivalent: 2,
      different: 2,
    });
  });

  test('should write SARIF 2.1.0 that the SARIF JSON schema accepts, with a result per difference and unpaired group', () => {
    const out = path.join(tmp, 'audit.sarif');
    const r = cli([...FLEET, '-o', out]);
    expect(r.status).toBe(1);
    const sarif = JSON.parse(readFileSync(out, 'utf8')) as {
      runs: {
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { region?: { startLine: number } } }[];
        }[];
      }[];
    };
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors)).toBe(true);
    const results = sarif.runs[0]!.results;
    expect(results.map((x) => [x.ruleId, x.level])).toEqual(
      expect.arrayContaining([
        ['only_b_allows', 'error'],
        ['only_a_allows', 'note'],
        ['unpaired_a', 'warning'],
      ]),
    );
    // The line of the AWS IpRange that opens SSH (the item's opening brace in examples/audit/aws.json).
    const line = readFileSync(path.join(repoRoot, 'examples/audit/aws.json'), 'utf8')
      .split('\n')
      .findIndex((l, i, all) => l.includes('"CidrIp": "0.0.0.0/0"') && all[i + 1]!.includes('temporary vendor access'));
    expect(results[0]!.locations[0]!.physicalLocation.region?.startLine).toBe(line);
  });

  test('should reject a SARIF log the schema forbids (the validator is live)', () => {
    expect(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [] }] })).toBe(false);
  });

  test.each([
    { failOn: 'none', status: 0 },
    { failOn: 'different', status: 1 },
    { failOn: 'unpaired', status: 1 },
    { failOn: 'exposure', status: 1 },
    { failOn: 'different,exposure', status: 1 },
  ])('should exit $status with --fail-on $failOn', async ({ failOn, status }) => {
    expect((await inProcess([...FLEET, '--fail-on', failOn])).status).toBe(status);
  });

  test('should exit 0 when every pair is equivalent and nothing is unpaired', async () => {
    const r = await inProcess([
      'audit',
      'examples/audit/aliyun/cache.json',
      'examples/audit/aws.json',
      '--map',
      'examples/audit/mapping.json',
      '--pair-by',
      'mapping',
      '--fail-on',
      'different,exposure',
    ]);
    expect(r.stdout).toMatch(/^1 pair equivalent/m);
    expect(r.status).toBe(0);
    const exposed = await inProcess([...FLEET, '--fail-on', 'exposure', '--pair-by', 'tag:sgbridge-pair']);
    expect(exposed.status).toBe(0); // only db is paired: a private narrowing is no internet exposure
  });

  test.each([
    { args: ['audit', 'examples/audit/aliyun'], message: /expected two inputs/ },
    { args: [...FLEET, '--pair-by', 'colour'], message: /--pair-by takes mapping, tag:<key> and name/ },
    { args: [...FLEET, '--format', 'pdf'], message: /--format must be one of text, json, markdown, sarif/ },
    { args: [...FLEET, '--fail-on', 'wider'], message: /--fail-on must be one of different, unpaired, exposure, none/ },
    {
      args: ['audit', 'examples/audit/nothing-here', 'examples/audit/aws.json'],
      message: /^examples\/audit\/nothing-here: cannot read/,
    },
    {
      args: ['audit', 'examples/audit', 'examples/audit/aws.json'],
      message: /^examples\/audit\/mapping\.json: .*not a security-group payload/,
    },
  ])('should fail with one line and exit 2: $args', async ({ args, message }) => {
    const r = await inProcess(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  test('should name both pairings when two methods pair a group differently', async () => {
    const dir = mkdtempSync(path.join(tmp, 'conflict-'));
    const map = path.join(dir, 'map.json');
    // The mapping pairs Aliyun db with AWS web, while the tag pairs it with AWS db.
    writeFileSync(map, JSON.stringify({ groups: { 'sg-j6cauditdb00001': 'sg-0a0d17e0000000001' } }));
    const r = await inProcess(['audit', 'examples/audit/aliyun', 'examples/audit/aws.json', '--map', map]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /sg-j6cauditdb00001 "db-primary" \(examples\/audit\/aliyun\/db\.json\) is paired with sg-0a0d17e0000000001 "web" .* by mapping and with sg-0a0d17e0000000002 "db" .* by tag:sgbridge-pair/,
    );
  });

  test('should give the same report with one thread and with workers', () => {
    const strip = (s: string) => s.replace(/"(durationMs|compareMs)": \d+/g, '');
    const one = cli([...FLEET, '--format', 'json', '--jobs', '1']);
    const two = cli([...FLEET, '--format', 'json', '--jobs', '2']);
    expect(strip(two.stdout)).toBe(strip(one.stdout));
  });

  test('should list --help with every option', async () => {
    const r = await inProcess(['audit', '--help']);
    expect(r.status).toBe(0);
    for (const flag of ['--map', '--pair-by', '--assume-disjoint', '--format', '--output', '--fail-on', '--jobs'])
      expect(r.stdout).toContain(flag);
  });
});

describe('the progress line', () => {
  const io = (tty: boolean, sink: string[]) => ({
    stdout: () => {},
    stderr: (t: string) => void sink.push(t),
    readStdin: () => Promise.resolve(''),
    stdoutIsTTY: false,
    stderrIsTTY: tty,
    env: {},
    cwd: repoRoot,
  });

  test('should appear on a terminal once the audit has run for a moment, at most ten times a second, and be cleared', () => {
    const out: string[] = [];
    let now = 0;
    const bar = progress(io(true, out), 0, () => now);
    bar.update(10, 2000); // at 0 ms: too early
    now = 600;
    bar.update(400, 2000);
    now = 650;
    bar.update(450, 2000); // 50 ms after the last line: skipped
    now = 800;
    bar.update(2000, 2000);
    bar.end();
    expect(out).toEqual([
      '\rsgbridge audit: 400/2000 pairs compared (0.6 s)',
      '\rsgbridge audit: 2000/2000 pairs compared (0.8 s)',
      '\r\u001b[K',
    ]);
  });

  test('should write nothing when stderr is not a terminal, or when the audit was quick', () => {
    const out: string[] = [];
    let now = 2000;
    const piped = progress(io(false, out), 0, () => now);
    piped.update(1, 2);
    piped.end();
    now = 100;
    const quick = progress(io(true, out), 0, () => now);
    quick.update(2, 2);
    quick.end();
    expect(out).toEqual([]);
  });
});
