/**
 * The CLI bundle (dist/cli/, scripts/bundle-cli.ts) is what bin/sgbridge.js runs; tsc's modules (dist/src/) are
 * what the library's users import. The two must be one program: the same bytes on stdout, stderr and in every
 * -o file, and the same exit status, for every example and input fixture through every command. Also: bin/
 * prefers the bundle and falls back to dist/src; every worker file the bundle starts sits beside it; stack
 * traces of a debugging run name the TypeScript sources.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { aliyunFleet } from '../../bench/generate.mjs';
import { repoRoot } from '../convert/helpers.js';

const BUNDLE = path.join(repoRoot, 'dist/cli/main.js');
const MODULES = path.join(repoRoot, 'dist/src/cli/main.js');
const built = existsSync(BUNDLE) && existsSync(MODULES);

/**
 * Runs each case through `run` of the CLI module named by argv[1], in this one process, and prints every
 * result as JSON: status, stdout, stderr, and the files the case wrote (under argv[2], the case's `{out}`).
 */
const RUNNER = `
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
const [main, out, casesFile] = process.argv.slice(1);
const { run } = await import(main);
const results = [];
for (const args of JSON.parse(readFileSync(casesFile, 'utf8'))) {
  const dir = join(out, String(results.length));
  mkdirSync(dir, { recursive: true });
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => '',
    stdoutIsTTY: false,
    env: { NO_COLOR: '1' },
    cwd: process.cwd(),
  };
  const status = await run(args.map((a) => a.replace('{out}', dir)), io);
  const files = Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  results.push({ args, status, stdout, stderr, files });
}
process.stdout.write(JSON.stringify(results));
`;

/** Input files every conversion case reads: the examples and the adapters' input fixtures. */
function inputs(): string[] {
  const list = (dir: string, keep: (f: string) => boolean) =>
    readdirSync(path.join(repoRoot, dir), { withFileTypes: true })
      .filter((e) => e.isFile() && keep(e.name))
      .map((e) => e.name)
      .sort()
      .map((f) => `${dir}/${f}`);
  return [
    ...list('examples', (f) => /\.(json|yaml)$/.test(f) && f !== 'mapping.json'),
    ...list('test/fixtures/aliyun', (f) => !f.includes('.golden.')),
    ...list('test/fixtures/aws', (f) => !f.includes('.golden.')),
    ...list('test/fixtures/changes', (f) => !f.includes('.golden.')),
  ];
}

function cases(generated: string): string[][] {
  const perInput = inputs().flatMap((f) => [
    ['convert', f, '--to', 'aws', '--format', 'json'],
    ['convert', f, '--to', 'aliyun', '--format', 'text'],
    ['convert', f, '--to', 'model', '--format', 'markdown'],
    ['convert', f, '--to', 'aliyun', '--emit', 'request', '--format', 'json', '--map', 'examples/mapping.json'],
    ['convert', f, '--to', 'aws', '--emit', 'terraform', '-o', '{out}/main.tf'],
    ['validate', f, '--format', 'json'],
    ['explain', f, '--packet', 'ingress tcp 10.20.1.5:22', '--format', 'json'],
  ]);
  return [
    ...perInput,
    ['convert', generated, '--to', 'aws', '--format', 'json', '-o', '{out}/out.json'],
    ['convert', generated, '--to', 'aliyun', '--format', 'text', '-o', '{out}/out.txt'],
    ['convert', generated, '--to', 'aws', '--split-over-quota', '--format', 'json'],
    ['diff', 'examples/diff-aliyun.json', 'examples/diff-aws-wider.json', '--map', 'examples/mapping.json'],
    ['diff', 'examples/diff-aliyun.json', 'examples/diff-aws.json', '--format', 'json'],
    ['plan', 'examples/diff-aliyun.json', '--base', 'examples/diff-aws.json', '--map', 'examples/mapping.json'],
    ['audit', 'examples/audit/aliyun', 'examples/audit/aws.json', '--map', 'examples/audit/mapping.json'],
    ['convert', 'examples/nosuch.json', '--to', 'aws'],
    ['nosuch'],
    ['--help'],
    ['convert', '--help'],
    ['--version'],
  ];
}

interface Result {
  args: string[];
  status: number;
  stdout: string;
  stderr: string;
  files: Record<string, string>;
}

let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'sgbridge-bundle-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function runAll(main: string, casesFile: string): Result[] {
  const out = path.join(tmp, path.basename(path.dirname(path.dirname(main))) + '-' + path.basename(main));
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', RUNNER, main, out, casesFile], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Result[];
}

describe.skipIf(!built)('the CLI bundle', () => {
  test('should give the same status, stdout, stderr and files as the tsc-built CLI on every example and fixture', () => {
    // A generated Aliyun group with drops at high priority: deny flattening on the way to AWS.
    const generated = path.join(tmp, 'generated-300.json');
    writeFileSync(generated, JSON.stringify(aliyunFleet({ groups: 1, rules: 300, seed: 7 })[0]));
    const casesFile = path.join(tmp, 'cases.json');
    const all = cases(generated);
    writeFileSync(casesFile, JSON.stringify(all));

    const strip = (r: Result) =>
      r.args[0] === 'audit' ? { ...r, stdout: r.stdout.replace(/\d+(\.\d+)? ?(ms|s)\b/g, 'T') } : r;
    const bundle = runAll(BUNDLE, casesFile).map(strip);
    const modules = runAll(MODULES, casesFile).map(strip);
    expect(bundle).toHaveLength(all.length);
    for (let i = 0; i < all.length; i++) expect(bundle[i], all[i]!.join(' ')).toEqual(modules[i]);

    // The comparison means something: the cases convert, write files, and also fail the way they should.
    const statuses = new Set(modules.map((r) => r.status));
    expect([...statuses].sort()).toEqual([0, 1, 2]);
    const flattened = modules.find((r) => r.args.includes(generated) && r.files['out.json'] !== undefined)!;
    const doc = JSON.parse(flattened.files['out.json']!) as { groups: { verdict: string }[] };
    expect(doc.groups[0]!.verdict).toBe('narrower');
    const converted = modules.filter((r) => r.args[0] === 'convert' && r.status === 0 && r.stdout.length > 0);
    expect(converted.length).toBeGreaterThan(inputs().length * 2);
    expect(modules.filter((r) => r.files['main.tf'] !== undefined).length).toBeGreaterThan(5);
  });

  test('should resolve every path relative to a module as from tsc’s output (worker threads, lazy packages)', () => {
    const dir = path.dirname(BUNDLE);
    const own = readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .flatMap((f) => [...readFileSync(path.join(dir, f), 'utf8').matchAll(/new URL\("([^"]+)", import\.meta\.url\)/g)])
      .map((m) => m[1]!);
    expect(own).toContain('../src/audit/pool.js');
    for (const file of own) expect(existsSync(path.join(dir, file)), file).toBe(true);
    // The bundled audit starts its worker thread: each thread (this one and the worker) writes its own CPU profile.
    const profiles = mkdtempSync(path.join(tmp, 'profiles-'));
    const args = ['audit', 'examples/audit/aliyun', 'examples/audit/aws.json', '--map', 'examples/audit/mapping.json'];
    const r = spawnSync(
      process.execPath,
      ['--cpu-prof', '--cpu-prof-dir', profiles, path.join(repoRoot, 'bin/sgbridge.js'), ...args, '--jobs', '2'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(readdirSync(profiles)).toHaveLength(2);
  });

  test('should hold only the parts of zod sgbridge calls (zod imported as a namespace, so it is tree-shaken)', () => {
    const dir = path.dirname(BUNDLE);
    const zodFiles = readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').match(/^\/\/ \S*node_modules\/zod\/\S+/gm) ?? [])
      .map((comment) => comment.replace(/^.*node_modules\//, ''));
    expect(zodFiles).toContain('zod/v4/core/schemas.js');
    // Not the 60-odd message locales (English is zod's default) nor the JSON Schema reader.
    expect(zodFiles.filter((f) => /locales\/(?!en\.js)|from-json-schema/.test(f))).toEqual([]);
  });

  test('should name the TypeScript sources in a debugging stack trace', () => {
    // An internal error (exit 70) in the bundled CLI: stdout throws a plain Error from inside the convert command.
    const probe = `
      process.setSourceMapsEnabled(true);
      const { run } = await import(process.argv[1]);
      let stderr = '';
      const io = { stdout: () => { throw new Error('stdout broke'); }, stderr: (t) => void (stderr += t),
        readStdin: async () => '', stdoutIsTTY: false, env: { SGBRIDGE_DEBUG: '1' }, cwd: process.cwd() };
      const status = await run(['convert', 'examples/aliyun-web-tier.json', '--to', 'aws'], io);
      process.stdout.write(JSON.stringify({ status, stderr }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe, BUNDLE], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    const { status, stderr } = JSON.parse(r.stdout) as { status: number; stderr: string };
    expect(status).toBe(70);
    expect(stderr).toMatch(/^internal error: stdout broke\n/);
    expect(stderr).toMatch(/src\/cli\/commands\/convert\.ts:\d+:\d+/);
    expect(stderr).not.toMatch(/dist\/cli\//);
  });
});

describe.skipIf(!built)('bin/sgbridge.js', () => {
  /** A copy of bin/ beside a dist/ whose CLI modules each say which one ran. */
  function layout(which: ('bundle' | 'modules')[]): string {
    const root = mkdtempSync(path.join(tmp, 'bin-'));
    cpSync(path.join(repoRoot, 'bin'), path.join(root, 'bin'), { recursive: true });
    const fake = (name: string) => `export async function run(argv) { console.log('${name}', ...argv); return 3; }\n`;
    for (const w of which) {
      const file = path.join(root, w === 'bundle' ? 'dist/cli/main.js' : 'dist/src/cli/main.js');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, fake(w));
    }
    return path.join(root, 'bin/sgbridge.js');
  }
  const sgbridge = (bin: string) => spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });

  test('should run the bundle when it is built, and tsc’s modules otherwise', () => {
    const both = sgbridge(layout(['bundle', 'modules']));
    expect([both.status, both.stdout]).toEqual([3, 'bundle --version\n']);
    const modulesOnly = sgbridge(layout(['modules']));
    expect([modulesOnly.status, modulesOnly.stdout]).toEqual([3, 'modules --version\n']);
  });

  test('should say to build when neither is built', () => {
    const none = sgbridge(layout([]));
    expect(none.status).toBe(2);
    expect(none.stderr).toBe('sgbridge: the compiled CLI (dist/) is missing; run `npm run build` first\n');
  });
});
