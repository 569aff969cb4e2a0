/**
 * Wrong answer 5 of issue 11, and failing closed in general: convert, diff and explain reject what validate
 * rejects, with validate's own line (file, pointer, provider code); --skip-invalid goes on, reports each rule
 * left out, and the verdict accounts for it. Goldens in test/fixtures/fail-closed (file snapshots:
 * test/README.md).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../scripts/fuzz/cli.js';
import { convert } from '../../src/convert/convert.js';
import { compareInputs } from '../../src/convert/compare.js';
import { accountForSkipped, joinVerdicts } from '../../src/convert/skipped.js';
import { TranslateError } from '../../src/errors.js';
import { parseInput } from '../../src/parse/text.js';
import { makeFinding } from '../../src/report/report.js';
import type { Verdict } from '../../src/semantics/api.js';
import { repoRoot } from '../convert/helpers.js';

const DIR = 'test/fixtures/fail-closed';
const cli = (...argv: string[]) => runCli(argv, { cwd: repoRoot });

/** The text as its golden `test/fixtures/fail-closed/<name>` holds it. */
async function expectFailClosedGolden(name: string, actual: string): Promise<void> {
  await expect(actual).toMatchFileSnapshot(path.join(repoRoot, DIR, name));
}

const CASES = [
  { name: 'aliyun-masked-drop', to: 'aws', skipped: 'invalid_deny_skipped', verdict: 'wider' },
  { name: 'aws-cidr-33', to: 'aliyun', skipped: 'invalid_rule_skipped', verdict: 'narrower' },
  { name: 'aws-cidr-null', to: 'aliyun', skipped: 'invalid_rule_skipped', verdict: 'narrower' },
] as const;

describe('fail closed on values the provider rejects (issue 11, case 5)', () => {
  test.each(CASES)("$name: convert, diff and explain stop with validate's line, exit 2", async ({ name, to }) => {
    const file = `${DIR}/${name}.json`;
    const validate = await cli('validate', file);
    expect(validate.status).toBe(2);
    const first = validate.stderr.split('\n')[0]!;
    expect(first).toMatch(/^test\/fixtures\/fail-closed\/[\w-]+\.json: \/\S+: \[[\w.]+\] /);
    for (const argv of [
      ['convert', file, '--to', to],
      ['convert', file, '--to', 'model', '--format', 'json'],
      ['convert', file, '--to', to, '--fail-on', 'narrower'],
      ['diff', file, file],
      ['explain', file, '--packet', 'ingress tcp 10.1.2.3:22'],
    ]) {
      const r = await cli(...argv);
      expect(r.status, argv.join(' ')).toBe(2);
      expect(r.stdout, argv.join(' ')).toBe('');
      expect(r.stderr.startsWith(first), `${argv.join(' ')}: ${r.stderr}`).toBe(true);
      expect(r.stderr).toMatch(/--skip-invalid leaves such rules out\n$/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    await expectFailClosedGolden(`${name}.error.golden.txt`, (await cli('convert', file, '--to', to)).stderr);
  });

  test.each(CASES)(
    '$name: --skip-invalid reports the rule and the verdict is $verdict, never exact',
    async ({ name, to, skipped, verdict }) => {
      const file = `${DIR}/${name}.json`;
      const r = await cli('convert', file, '--to', to, '--skip-invalid', '--format', 'json');
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      await expectFailClosedGolden(`${name}.skip-invalid.golden.json`, r.stdout);
      const doc = JSON.parse(r.stdout) as { groups: { verdict: string; findings: { code: string }[] }[] };
      expect(doc.groups[0]!.verdict).toBe(verdict);
      expect(doc.groups[0]!.findings.map((f) => f.code)).toContain(skipped);
      expect((await cli('convert', file, '--to', to, '--skip-invalid', '--fail-on', 'narrower')).status).toBe(1);
      expect((await cli('convert', file, '--to', to, '--skip-invalid', '--fail-on', 'wider')).status).toBe(
        verdict === 'wider' ? 1 : 0,
      );
    },
  );

  test('the masked drop: the output allows 10.0.0.0/8 for SSH, and the verdict says that may be wider', async () => {
    const r = await cli(
      'convert',
      `${DIR}/aliyun-masked-drop.json`,
      '--to',
      'aws',
      '--skip-invalid',
      '--format',
      'text',
    );
    await expectFailClosedGolden('aliyun-masked-drop.skip-invalid.golden.txt', r.stdout);
    expect(r.stdout).toMatch(/: wider\n/);
    expect(r.stdout).toMatch(/ingress allow tcp 22 from 10\.0\.0\.0\/8/);
  });

  test('diff and explain with --skip-invalid say the answer covers only the rules read', async () => {
    const file = `${DIR}/aliyun-masked-drop.json`;
    // A copy of the document: its unreadable value may stand for another address than the original's.
    const d = await cli('diff', file, `${DIR}/aliyun-masked-drop.copy.json`, '--skip-invalid');
    expect(d.status).toBe(1);
    expect(d.stdout).toMatch(/: not proven equivalent \(rules left out or on later pages: invalid_deny_skipped\)/);
    expect(d.stdout).toMatch(/error invalid_deny_skipped at \/Permissions\/Permission\/0/);
    const e = await cli('explain', file, '--packet', 'ingress tcp 10.1.2.3:22', '--skip-invalid');
    expect(e.status).toBe(0);
    expect(e.stdout).toBe(
      'sg-bp1maskeddrop01 (aliyun): allowed by rule 0 (priority 2 accept tcp 22 from 10.0.0.0/8) (the answer holds only for the rules read: a rule was left out or not in this page, at /Permissions/Permission/0)\n',
    );
    const j = JSON.parse(
      (await cli('explain', file, '--packet', 'ingress tcp 10.1.2.3:22', '--skip-invalid', '--format', 'json')).stdout,
    ) as {
      results: { leftOut: { pointer: string; code: string }[] }[];
    };
    expect(j.results[0]!.leftOut).toEqual([
      expect.objectContaining({ pointer: '/Permissions/Permission/0', code: 'invalid_deny_skipped' }),
    ]);
  });

  test('a terraform expression (which validate accepts) leaves its rule out without the flag, and counts in the verdict', () => {
    const items = [
      {
        Args: {
          type: 'ingress',
          ip_protocol: 'tcp',
          port_range: '22/22',
          cidr_ip: { _hcl_expression: 'var.blocked' },
          policy: 'drop',
          priority: 1,
          security_group_id: 'sg-bp1tfexpr00001',
        },
      },
      {
        Args: {
          type: 'ingress',
          ip_protocol: 'tcp',
          port_range: '22/22',
          cidr_ip: '10.0.0.0/8',
          policy: 'accept',
          priority: 2,
          security_group_id: 'sg-bp1tfexpr00001',
        },
      },
    ];
    const result = convert({ format: 'json', value: items }, { to: 'aws' });
    const first = result.groups[0]!;
    expect(first.findings.map((f) => f.code)).toContain('invalid_deny_skipped');
    expect(first.verdict).toBe('wider');
    expect(result.groups[1]!.verdict).toBe('exact');
  });

  test('an out-of-range port stops the run; with skipInvalid the left-out drop makes the verdict wider', () => {
    const items = [
      {
        Params: {
          RegionId: 'cn-hangzhou',
          SecurityGroupId: 'sg-bp1item0000001',
          IpProtocol: 'tcp',
          PortRange: '-22/22',
          SourceCidrIp: '10.0.0.0/8',
          Policy: 'drop',
        },
      },
    ];
    const input = { format: 'json' as const, value: items };
    let error: unknown;
    try {
      convert(input, { to: 'aws', file: 'items.json' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TranslateError);
    expect((error as TranslateError).oneLine()).toMatch(
      /^items\.json: \/0\/Params\/PortRange: \[InvalidParam\.PortRange\] /,
    );
    const skipped = convert(input, { to: 'aws', skipInvalid: true }).groups[0]!;
    expect(skipped.verdict).toBe('wider');
    expect(skipped.findings).toContainEqual(
      expect.objectContaining({
        code: 'invalid_deny_skipped',
        pointer: '/0/Params',
        detail: expect.objectContaining({ action: 'deny' }),
      }),
    );
  });

  test('a request-list item that is not a request at all is a rule of unknown action: mixed', () => {
    const input = {
      format: 'json' as const,
      value: [
        {
          Params: {
            SecurityGroupId: 'sg-bp1item0000001',
            IpProtocol: 'tcp',
            PortRange: '22/22',
            SourceCidrIp: '10.0.0.0/8',
          },
        },
        { Property: 'SecurityGroupSideways', Rule: {} },
      ],
    };
    expect(() => convert(input, { to: 'aws' })).toThrow(TranslateError);
    const groups = convert(input, { to: 'aws', skipInvalid: true }).groups;
    expect(groups[1]!.verdict).toBe('mixed');
    expect(groups[1]!.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['request_item_invalid', 'invalid_deny_skipped']),
    );
  });

  test('library: compareInputs never calls a pair with left-out rules equivalent', () => {
    const parsed = parseInput(readFileSync(path.join(repoRoot, DIR, 'aws-cidr-33.json'), 'utf8'));
    expect(() => compareInputs({ parsed }, { parsed })).toThrow(TranslateError);
    // The same group of the same document: the left-out rules are the same rules on both sides.
    const same = compareInputs({ parsed, skipInvalid: true }, { parsed, skipInvalid: true });
    expect(same.equivalent).toBe(true);
    expect(same.comparisons[0]!.leftOut).toBe(2);
    // Another document that reads the same: what was left out may differ.
    const other = parseInput(JSON.stringify({ ...(parsed.value as Record<string, unknown>), Comment: 'a copy' }));
    const r = compareInputs({ parsed, skipInvalid: true }, { parsed: other, skipInvalid: true });
    expect(r.equivalent).toBe(false);
    expect(r.comparisons[0]!.leftOut).toBe(2);
  });

  test('the verdict join: a left-out allow joins narrower, a left-out deny wider, unknown both', () => {
    const all: Verdict[] = ['exact', 'narrower', 'wider', 'mixed'];
    for (const a of all) for (const b of all) expect(joinVerdicts(a, b)).toBe(joinVerdicts(b, a));
    expect(joinVerdicts('narrower', 'wider')).toBe('mixed');
    const allow = makeFinding('invalid_rule_skipped', '/a', { action: 'allow', reason: 'x', value: '/a/b' });
    const deny = makeFinding('invalid_deny_skipped', '/a', { action: 'deny', reason: 'x', value: '/a/b' });
    const unknown = makeFinding('invalid_deny_skipped', '/a', { action: 'unknown', reason: 'x', value: '/a/b' });
    expect(all.map((v) => accountForSkipped(v, [allow]))).toEqual(['narrower', 'narrower', 'mixed', 'mixed']);
    expect(all.map((v) => accountForSkipped(v, [deny]))).toEqual(['wider', 'mixed', 'wider', 'mixed']);
    expect(all.map((v) => accountForSkipped(v, [unknown]))).toEqual(['mixed', 'mixed', 'mixed', 'mixed']);
  });
});

describe('diff and explain of one page of a group', () => {
  test('a page of DescribeSecurityGroupAttribute is never called equivalent, and explain says so', async () => {
    const body = {
      SecurityGroupId: 'sg-bp1page0000001',
      InnerAccessPolicy: 'Accept',
      Permissions: {
        Permission: [
          {
            Direction: 'ingress',
            IpProtocol: 'TCP',
            PortRange: '22/22',
            SourceCidrIp: '10.0.0.0/8',
            Policy: 'Accept',
            Priority: '1',
          },
        ],
      },
    };
    const parsed = { format: 'json' as const, value: { ...body, NextToken: 'AAAAAdDWBF2' } };
    const r = compareInputs({ parsed }, { parsed: { format: 'json', value: body } });
    expect(r.equivalent).toBe(false);
    expect(r.comparisons[0]!.findings.map((f) => f.code)).toContain('input_truncated');
    const e = await runCli(['explain', '-', '--packet', 'ingress tcp 10.1.2.3:22'], {
      cwd: repoRoot,
      stdin: JSON.stringify(parsed.value),
    });
    expect(e.stdout).toMatch(
      /allowed by rule 0 .*\(the answer holds only for the rules read: a rule was left out or not in this page, at \/NextToken\)\n$/,
    );
  });
});

describe('model documents for AWS hold allow rules only', () => {
  const doc = (rule: Record<string, unknown>) => ({
    format: 'json' as const,
    value: {
      modelVersion: 1,
      groups: [
        {
          provider: 'aws',
          id: 'sg-0a1b2c3d4e5f60009',
          rules: [
            {
              direction: 'ingress',
              protocol: 6,
              ports: { from: 22, to: 22 },
              peer: { kind: 'cidr', cidr: '10.0.0.0/8' },
              ...rule,
            },
          ],
        },
      ],
    },
  });

  test('a deny rule in a provider: aws group is exit 2 naming the rule', async () => {
    expect(() => convert(doc({ action: 'deny' }), { to: 'aliyun', file: 'm.json' })).toThrow(
      /^model document: rule 0 of group sg-0a1b2c3d4e5f60009 is a deny/,
    );
    try {
      convert(doc({ action: 'deny' }), { to: 'aliyun', file: 'm.json' });
    } catch (e) {
      expect((e as TranslateError).oneLine()).toMatch(/^m\.json: \/groups\/0\/rules\/0\/action: \[deny_on_aws\] /);
      expect((e as TranslateError).exitCode).toBe(2);
    }
    const r = await runCli(['validate', '-', '--from', 'model'], {
      cwd: repoRoot,
      stdin: JSON.stringify(doc({ action: 'deny' }).value),
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^<stdin>: \/groups\/0\/rules\/0\/action: \[deny_on_aws\] /);
  });

  test('priority on an AWS-provider rule is a warning, and the meaning is unchanged', () => {
    const g = convert(doc({ action: 'allow', priority: 5 }), { to: 'aliyun' }).groups[0]!;
    expect(g.verdict).toBe('exact');
    expect(g.findings.find((f) => f.code === 'priority_ignored')).toMatchObject({
      severity: 'warning',
      pointer: '/groups/0/rules/0/priority',
    });
  });
});

describe('a payload that is one page of a longer listing', () => {
  const codes = (value: unknown) =>
    convert({ format: 'json', value }, { to: 'model' }).groups.flatMap((g) =>
      g.findings.filter((f) => f.code === 'input_truncated').map((f) => [f.pointer, f.effect, f.severity]),
    );

  test('AWS DescribeSecurityGroups and DescribeSecurityGroupRules with NextToken', () => {
    const group = {
      GroupId: 'sg-0a1b2c3d4e5f60001',
      GroupName: 'g',
      Description: 'd',
      IpPermissions: [],
      IpPermissionsEgress: [],
    };
    expect(codes({ SecurityGroups: [group], NextToken: 'eyJ2IjoiMiJ9' })).toEqual([['/NextToken', 'lossy', 'warning']]);
    expect(codes({ SecurityGroups: [group], NextToken: '' })).toEqual([]);
    const rule = {
      SecurityGroupRuleId: 'sgr-0a1b2c3d4e5f60001',
      GroupId: 'sg-0a1b2c3d4e5f60001',
      IsEgress: false,
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      CidrIpv4: '10.0.0.0/8',
    };
    expect(codes({ SecurityGroupRules: [rule], NextToken: 'abc' })).toEqual([['/NextToken', 'lossy', 'warning']]);
  });

  test('Aliyun DescribeSecurityGroupAttribute with NextToken, or TotalCount above the permissions present', () => {
    const perm = {
      Direction: 'ingress',
      IpProtocol: 'TCP',
      PortRange: '22/22',
      SourceCidrIp: '10.0.0.0/8',
      Policy: 'Accept',
      Priority: '1',
    };
    const body = {
      SecurityGroupId: 'sg-bp1page0000001',
      InnerAccessPolicy: 'Accept',
      Permissions: { Permission: [perm] },
    };
    expect(codes({ ...body, NextToken: 'AAAAAdDWBF2' })).toEqual([['/NextToken', 'lossy', 'warning']]);
    expect(codes({ ...body, TotalCount: 3 })).toEqual([['/TotalCount', 'lossy', 'warning']]);
    expect(codes({ ...body, TotalCount: 1, NextToken: '' })).toEqual([]);
  });
});
