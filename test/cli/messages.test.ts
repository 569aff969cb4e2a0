/**
 * One-line messages people meet first: syntax errors with a line and column, inputs that look like something
 * else, usage errors, and why --fail-on exits 1 when the report went to a file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { repoRoot } from '../convert/helpers.js';
import { jsonErrorOffset, jsonReason, lineColumn } from '../../src/parse/syntax-error.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sgbridge-messages-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI in-process with a captured IO. */
async function sgbridge(args: string[], opts: { stdin?: string; stdinIsTTY?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: () => Promise.resolve(opts.stdin ?? ''),
    stdoutIsTTY: false,
    stdinIsTTY: opts.stdinIsTTY ?? false,
    env: {},
    cwd: repoRoot,
  };
  const status = await run(args, io);
  return { status, stdout, stderr };
}

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('syntax errors', () => {
  test('should name the line and column of a JSON error, without quoting the input', async () => {
    const p = file('bad.json', '\n{"SecurityGroups": [\n  {"GroupId": "sg-1",}\n]}\n');
    const r = await sgbridge(['convert', p, '--to', 'aliyun']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `${p}: /: [input_unreadable] not valid JSON at line 3, column 22: Expected double-quoted property name\n`,
    );
  });

  test('should find the first error offset as JSON.parse does, on valid and broken texts', () => {
    for (const [text, offset] of [
      ['{"a": 1,\n "b": }', 15],
      ['[1,2,,3]', 5],
      ['{"a" 1}', 5],
      ['{"a": tru}', 6],
      ['"abc', 4],
      ['{"a": "\\x"}', 7],
      ['[1] x', 4],
      ['{"a": [1, {"b": null}], "c": -1.5e3}', undefined],
    ] as const) {
      expect(jsonErrorOffset(text), text).toBe(offset);
      if (offset === undefined) expect(() => JSON.parse(text)).not.toThrow();
      else expect(() => JSON.parse(text)).toThrow();
    }
    expect(lineColumn('ab\ncd\nef', 7)).toEqual({ line: 3, column: 2 });
    expect(jsonReason('Unexpected token \'}\', "{"a": 1,\n "b": }" is not valid JSON')).toBe("Unexpected token '}'");
    expect(jsonReason("Expected ',' or '}' after property value in JSON at position 7")).toBe(
      "Expected ',' or '}' after property value",
    );
  });

  test('should say a deeply nested document is nested too deeply', async () => {
    const p = file('deep.yaml', `a: ${'['.repeat(20000)}${']'.repeat(20000)}\n`);
    const r = await sgbridge(['convert', p, '--to', 'aws']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `${p}: /: [input_unreadable] not valid YAML: nested too deeply to read (a security-group payload nests a few levels)\n`,
    );
  });
});

describe('inputs that look like something else', () => {
  test.each([
    [
      'aliyun-list.json',
      { RequestId: 'r', SecurityGroups: { SecurityGroup: [{ SecurityGroupId: 'sg-bp1', VpcId: 'vpc-1' }] } },
      /Aliyun DescribeSecurityGroups list, which has no rules; run DescribeSecurityGroupAttribute for each group \(or `sgbridge pull aliyun:<region>`\)/,
    ],
    [
      'template.json',
      { AWSTemplateFormatVersion: '2010-09-09', Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: {} } } },
      /a CloudFormation template without AWS::EC2::SecurityGroup resources/,
    ],
    [
      'ros.json',
      { ROSTemplateFormatVersion: '2015-09-01', Resources: { Vpc: { Type: 'ALIYUN::ECS::VPC', Properties: {} } } },
      /a ROS template without ALIYUN::ECS::SecurityGroup resources/,
    ],
    [
      'terraform.tfstate',
      { version: 4, terraform_version: '1.9.0', serial: 3, lineage: 'x', resources: [] },
      /a Terraform state file; convert the output of `terraform show -json` instead/,
    ],
    [
      'plan.json',
      { format_version: '1.2', planned_values: {}, resource_changes: [] },
      /a Terraform plan \(terraform show -json\) without security-group resources/,
    ],
  ])('should say what %s is and what to do, in one line', async (name, value, message) => {
    const p = file(name, JSON.stringify(value));
    const r = await sgbridge(['convert', p, '--to', 'aws']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('should keep naming the payloads it reads for anything else', async () => {
    const r = await sgbridge(['convert', file('other.json', '{"hello": 1}'), '--to', 'aws']);
    expect(r.stderr).toMatch(
      /not a security-group payload sgbridge reads: expected an Aliyun DescribeSecurityGroupAttribute response/,
    );
  });
});

describe('usage', () => {
  test('should print the usage on stderr with no arguments (exit 2), on stdout with --help (exit 0)', async () => {
    const none = await sgbridge([]);
    expect([none.status, none.stdout]).toEqual([2, '']);
    expect(none.stderr).toMatch(/^sgbridge: translate security-group rules/);
    const help = await sgbridge(['--help']);
    expect([help.status, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toBe(none.stderr);
  });

  test('should quote an unknown option plainly', async () => {
    const r = await sgbridge(['convert', 'x.json', '--foo']);
    expect(r).toEqual({
      status: 2,
      stdout: '',
      stderr: 'sgbridge convert: unknown option --foo (see sgbridge convert --help)\n',
    });
  });

  test('should say it waits for stdin when stdin is a terminal, and nothing when it is a pipe', async () => {
    const input = JSON.stringify({ SecurityGroupId: 'sg-bp1stdin000001', Permissions: { Permission: [] } });
    const tty = await sgbridge(['convert', '-', '--to', 'aws', '--format', 'json'], { stdin: input, stdinIsTTY: true });
    expect(tty.status).toBe(0);
    expect(tty.stderr).toBe(
      'sgbridge: reading the input from stdin (the terminal); paste it and end with Ctrl-D, or pass a file\n',
    );
    const pipe = await sgbridge(['convert', '-', '--to', 'aws', '--format', 'json'], { stdin: input });
    expect(pipe.stderr).toBe('');
  });

  test('should say on stderr why --fail-on exits 1 when the report goes to a file', async () => {
    const out = path.join(dir, 'out.json');
    const r = await sgbridge([
      'convert',
      'examples/aliyun-web-tier.json',
      '--to',
      'aws',
      '--fail-on',
      'narrower',
      '-o',
      out,
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `sgbridge convert: exit 1: --fail-on narrower matched 1 of 1 group: sg-j6c4webtier0001 (narrower; lossy, narrower findings) (report in ${out})\n`,
    );
    const passing = await sgbridge([
      'convert',
      'examples/aliyun-web-tier.json',
      '--to',
      'aws',
      '--map',
      'examples/mapping.json',
      '--fail-on',
      'wider',
      '-o',
      out,
    ]);
    expect([passing.status, passing.stderr]).toEqual([0, '']);
  });
});
