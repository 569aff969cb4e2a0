/**
 * Property: a rule address that cannot be read, put anywhere in a real group, makes convert, diff and explain
 * stop with exit 2 at a pointer and code validate also reports; with --skip-invalid the verdict is never exact,
 * and a left-out drop makes it at least wider.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../scripts/fuzz/cli.js';
import { repoRoot } from '../convert/helpers.js';

/** Addresses no provider reads: masked, out of range, wrong shape, or not text at all. */
const unreadable = fc.oneof(
  fc.constantFrom<unknown>(
    '10.1.***.0/24',
    '2001:db8::***',
    '10.0.0.0/33',
    '256.0.0.0/8',
    'fe80::/129',
    '10.0.0.0/-1',
    'localhost',
    '*',
    '0.0.0.0/0/0',
    '１０.0.0.0/8',
    5,
    true,
    {},
    ['10.0.0.0/8'],
  ),
  fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !/^[\d./:a-f\s]*$/i.test(s)),
);

interface Site {
  readonly file: string;
  readonly to: 'aws' | 'aliyun';
  /** The rules' address fields: pointer of the field, whether the rule drops. */
  readonly fields: { readonly path: (string | number)[]; readonly drop: boolean }[];
}

function load(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8')) as Record<string, unknown>;
}

const aliyunDoc = load('examples/aliyun-web-tier.json') as { Permissions: { Permission: Record<string, unknown>[] } };
const awsDoc = load('examples/aws-icmp-ipv6-prefix.json') as {
  SecurityGroups: { IpPermissions: { IpRanges?: unknown[]; Ipv6Ranges?: unknown[] }[] }[];
};

const SITES: Site[] = [
  {
    file: 'examples/aliyun-web-tier.json',
    to: 'aws',
    fields: aliyunDoc.Permissions.Permission.flatMap((p, i) =>
      ['SourceCidrIp', 'DestCidrIp', 'Ipv6SourceCidrIp', 'Ipv6DestCidrIp']
        .filter((k) => typeof p[k] === 'string' && p[k] !== '')
        .map((k) => ({
          path: ['Permissions', 'Permission', i, k],
          drop: String(p['Policy']).toLowerCase() === 'drop',
        })),
    ),
  },
  {
    file: 'examples/aws-icmp-ipv6-prefix.json',
    to: 'aliyun',
    fields: awsDoc.SecurityGroups[0]!.IpPermissions.flatMap((p, i) => [
      ...(p.IpRanges ?? []).map((_, j) => ({
        path: ['SecurityGroups', 0, 'IpPermissions', i, 'IpRanges', j, 'CidrIp'],
        drop: false,
      })),
      ...(p.Ipv6Ranges ?? []).map((_, j) => ({
        path: ['SecurityGroups', 0, 'IpPermissions', i, 'Ipv6Ranges', j, 'CidrIpv6'],
        drop: false,
      })),
    ]),
  },
];

function withValue(file: string, at: (string | number)[], value: unknown): string {
  const doc = load(file);
  let node = doc as Record<string | number, unknown>;
  for (const k of at.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[at[at.length - 1]!] = value;
  return JSON.stringify(doc);
}

/** `[pointer, code]` of each line `file: /pointer: [Code] message`. */
function located(stderr: string): [string, string][] {
  return stderr
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const m = /^<stdin>: (\/\S*): \[([^\]]+)\] /.exec(l);
      return m ? [m[1]!, m[2]!] : ['?', l];
    });
}

describe('fail closed on any unreadable address (property)', () => {
  test.each(SITES)(
    '$file: every command stops where validate does; --skip-invalid never claims exact',
    async (site) => {
      expect(site.fields.length).toBeGreaterThan(2);
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: site.fields.length - 1 }), unreadable, async (i, value) => {
          const field = site.fields[i]!;
          const stdin = withValue(site.file, field.path, value);
          const cli = (...argv: string[]) => runCli(argv, { cwd: repoRoot, stdin });
          const validate = located((await cli('validate', '-')).stderr);
          const pointer = `/${field.path.join('/')}`;
          expect(validate.map(([p]) => p)).toContain(pointer);
          for (const argv of [
            ['convert', '-', '--to', site.to],
            ['diff', '-', site.file],
            ['explain', '-', '--packet', 'ingress tcp 10.0.0.1:22'],
          ]) {
            const r = await cli(...argv);
            expect(r.status, argv.join(' ')).toBe(2);
            const [first] = located(r.stderr);
            expect(validate, `${argv.join(' ')}: ${r.stderr}`).toContainEqual(first);
          }
          const skipped = await cli('convert', '-', '--to', site.to, '--skip-invalid', '--format', 'json');
          expect(skipped.status).toBe(0);
          const verdict = (JSON.parse(skipped.stdout) as { groups: { verdict: string }[] }).groups[0]!.verdict;
          expect(verdict).not.toBe('exact');
          if (field.drop) expect(['wider', 'mixed']).toContain(verdict);
        }),
        { numRuns: 40, seed: 11 },
      );
    },
  );
});
