/**
 * Start-up: a command loads only the packages it uses. Checked by what is loaded, not by time (timings are the
 * benchmark's job): the built CLI runs in a child process, and the CommonJS packages it required are read from
 * the module cache afterwards (the Aliyun SDK, yaml and fast-xml-parser are CommonJS and loaded on first use).
 * Both builds of the CLI: tsc's modules (dist/src) and the bundle bin/sgbridge.js runs (dist/cli), which holds
 * ipaddr.js and zod itself.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../convert/helpers.js';

const BUILDS = [
  { build: 'tsc modules', main: path.join(repoRoot, 'dist/src/cli/main.js'), forJson: ['ipaddr.js'] },
  { build: 'bundle', main: path.join(repoRoot, 'dist/cli/main.js'), forJson: [] },
];

const PROBE = `
import Module from 'node:module';
const { run } = await import(process.argv[1]);
const io = { stdout: () => {}, stderr: () => {}, readStdin: async () => '', stdoutIsTTY: false, env: {}, cwd: process.cwd() };
const status = await run(process.argv.slice(2), io);
const packages = new Set(Object.keys(Module._cache).filter((k) => k.includes('node_modules'))
  .map((k) => k.replace(/.*node_modules[\\\\/]/, '').split(/[\\\\/]/).slice(0, 2).join('/').replace(/^([^@][^/]*)\\/.*/, '$1')));
console.log(JSON.stringify({ status, packages: [...packages].sort() }));
`;

/** The exit status of a CLI run and the CommonJS packages loaded by then. */
function loaded(main: string, args: string[]): { status: number; packages: string[] } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE, main, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { status: number; packages: string[] };
}

describe.each(BUILDS)('start-up of the $build loads what a command needs', ({ main, forJson }) => {
  const loadedBy = (args: string[]) => loaded(main, args);
  const it = test.skipIf(!existsSync(main));

  it('should load no package for --version, --help or an unknown command', () => {
    expect(loadedBy(['--version'])).toEqual({ status: 0, packages: [] });
    expect(loadedBy(['--help'])).toEqual({ status: 0, packages: [] });
    expect(loadedBy(['nosuch'])).toEqual({ status: 2, packages: [] });
  });

  it('should convert JSON without the Aliyun SDK or the YAML and XML parsers', () => {
    const { status, packages } = loadedBy(['convert', 'examples/aliyun-web-tier.json', '--to', 'aws']);
    expect(status).toBe(0);
    expect(packages).toEqual(forJson);
  });

  it('should load yaml for a YAML input, the XML parser for XML, and the SDK for an SDK request', () => {
    expect(loadedBy(['convert', 'examples/model-provisioning.yaml', '--to', 'aws']).packages).toContain('yaml');
    expect(loadedBy(['convert', 'test/fixtures/aws/describe-groups.xml', '--to', 'aliyun']).packages).toContain(
      'fast-xml-parser',
    );
    const sdk = loadedBy(['convert', 'test/fixtures/aliyun/sdk-request.json', '--to', 'aws']);
    expect(sdk.status).toBe(0);
    expect(sdk.packages).toContain('@alicloud/ecs20140526');
  });
});
