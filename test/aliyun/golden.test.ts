/**
 * Golden tests: each fixture in test/fixtures/aliyun is read, written back (Describe and requests) and validated;
 * the result is compared with `<fixture>.golden.json` (file snapshots: test/README.md).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { writeDescribePayload, writeRequestPayloads } from '../../src/lower/fit.js';
import { describe, expect, test } from 'vitest';
import { aliyunAdapter } from '../../adapters/aliyun/index.js';
import { TranslateError } from '../../src/errors.js';
import { Report } from '../../src/report/report.js';
import { goldenJson } from '../golden.js';
import { FIXTURES, parseFile } from './helpers.js';

const fixtures = readdirSync(FIXTURES).filter((f) => !f.endsWith('.golden.json'));

function attempt<T>(
  fn: () => T,
): T | { error: { code: string; pointer?: string; providerCode?: string; message: string } } {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof TranslateError)) throw e;
    return { error: { code: e.code, ...e.location, message: e.message } };
  }
}

function run(file: string): unknown {
  const input = parseFile(file);
  const report = new Report();
  const read = aliyunAdapter.read(input, report);
  const findings = report.findings.map((f) => ({ code: f.code, pointer: f.pointer, detail: f.detail }));
  const written = read.groups.map((g) => {
    const writeReport = new Report();
    const describeShape = attempt(() => writeDescribePayload(g, 'aliyun', writeReport));
    const requests = attempt(() => writeRequestPayloads(g, 'aliyun', writeReport));
    return {
      describe: describeShape,
      requests,
      findings: writeReport.findings.map((f) => ({ code: f.code, pointer: f.pointer, detail: f.detail })),
    };
  });
  return { detected: aliyunAdapter.detect(input), read, findings, written, validate: aliyunAdapter.validate(input) };
}

describe('aliyun golden fixtures', () => {
  test.each(fixtures)('should read, write and validate %s as its golden file says', async (name) => {
    const goldenFile = path.join(FIXTURES, `${name.replace(/\.[^.]+$/, '')}.golden.json`);
    await expect(goldenJson(run(path.join(FIXTURES, name)))).toMatchFileSnapshot(goldenFile);
  });
});
