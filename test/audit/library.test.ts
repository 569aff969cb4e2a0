/**
 * `audit`, the library's entry to `sgbridge audit`: on the shipped example fleets (examples/audit) it gives the
 * result the CLI renders, in every format, and the errors the CLI gives.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  audit,
  parseMapping,
  renderAuditJson,
  renderAuditMarkdown,
  renderAuditText,
  TranslateError,
  type AuditInput,
} from '../../src/index.js';
import { run } from '../../src/cli/main.js';
import { repoRoot } from '../convert/helpers.js';

const DIR = path.join(repoRoot, 'examples/audit');

function input(file: string): AuditInput {
  return { text: readFileSync(path.join(repoRoot, file), 'utf8'), file };
}

const sideA = readdirSync(path.join(DIR, 'aliyun'))
  .sort()
  .map((name) => input(`examples/audit/aliyun/${name}`));
const sideB = [input('examples/audit/aws.json')];
const map = parseMapping(readFileSync(path.join(DIR, 'mapping.json'), 'utf8'), 'examples/audit/mapping.json');

async function cli(args: readonly string[]): Promise<string> {
  let stdout = '';
  const status = await run(
    ['audit', 'examples/audit/aliyun', 'examples/audit/aws.json', '--map', 'examples/audit/mapping.json', ...args],
    {
      stdout: (t) => void (stdout += t),
      stderr: () => undefined,
      readStdin: () => Promise.resolve(''),
      stdoutIsTTY: false,
      env: {},
      cwd: repoRoot,
    },
  );
  expect(status).toBeLessThanOrEqual(1);
  return stdout;
}

/** The times taken, the one part of a report that varies from run to run. */
function masked(text: string): string {
  return text.replace(/; \d+(\.\d)? m?s(\.?)$/m, '; <time>$2').replace(/"(durationMs|compareMs)": \d+/g, '"$1": 0');
}

describe('audit (library)', () => {
  test('should pair, compare and rank the example fleets as `sgbridge audit` does, in JSON, text and Markdown', async () => {
    const result = await audit(sideA, sideB, { map });
    expect(result.summary).toMatchObject({ pairs: 4, equivalent: 1, different: 3, unpaired: { A: 1, B: 0 } });
    expect(result.inputs.A).toEqual(sideA.map((i) => i.file));
    expect(masked(renderAuditJson(result))).toBe(masked(await cli(['--format', 'json'])));
    expect(masked(renderAuditText(result))).toBe(masked(await cli(['--format', 'text'])));
    expect(masked(renderAuditMarkdown(result))).toBe(masked(await cli(['--format', 'markdown'])));
  });

  test('should take group members as disjoint from CIDRs only when asked', async () => {
    const hosts = await audit(sideA, sideB, { map });
    const disjoint = await audit(sideA, sideB, { map, assumeDisjoint: true });
    expect(disjoint.summary.equivalent).toBe(hosts.summary.equivalent + 1);
    expect(masked(renderAuditJson(disjoint))).toBe(masked(await cli(['--format', 'json', '--assume-disjoint'])));
  });

  test('should pair by name when asked, leaving the groups the mapping alone would pair', async () => {
    const byName = await audit(sideA, sideB, { pairBy: ['name'] });
    expect(byName.pairBy).toEqual(['name']);
    expect(byName.pairs.every((p) => p.pairedBy === 'name')).toBe(true);
  });

  test('should throw the reader’s error naming the file and pointer of an unreadable input', async () => {
    const bad = {
      text: '{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 99999, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]}]}',
      file: 'bad.json',
    };
    const error = await audit([bad], sideB, { map }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslateError);
    expect((error as TranslateError).location).toMatchObject({
      file: 'bad.json',
      pointer: '/SecurityGroups/0/IpPermissions/0/FromPort',
    });
  });
});
