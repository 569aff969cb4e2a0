/**
 * Every file of the shared Aliyun corpus is read without an uncaught exception, and the round trip
 * provider → model → provider keeps every field: each non-empty leaf of the input reappears (same meaning) in the
 * written output of its group, or a finding points at it (or, for a rule left out, at a field of its permission).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { writeDescribePayload, writeRequestPayloads } from '../../src/lower/fit.js';
import { describe, expect, test } from 'vitest';
import { aliyunAdapter } from '../../adapters/aliyun/index.js';
import {
  DESCRIBE_IGNORED_FIELDS,
  REQUEST_IGNORED_FIELDS,
  WRAPPER_PROVENANCE_FIELDS,
} from '../../adapters/aliyun/fields.js';
import { TranslateError } from '../../src/errors.js';
import { canonicalCidr } from '../../src/address/index.js';
import { childPointer } from '../../src/model/pointer.js';
import { Report } from '../../src/report/report.js';
import { CORPUS, corpusPresent, parseFile } from './helpers.js';

/** Fields whose meaning the output carries structurally (direction, operation) rather than as a value. */
const STRUCTURAL = new Set<string>([
  'Direction',
  'Action',
  'Property',
  'type',
  ...DESCRIBE_IGNORED_FIELDS,
  ...REQUEST_IGNORED_FIELDS,
  ...WRAPPER_PROVENANCE_FIELDS,
]);

function leaves(v: unknown, at: string, out: [string, unknown][]): [string, unknown][] {
  if (v !== null && typeof v === 'object') {
    for (const [k, c] of Object.entries(v)) leaves(c, childPointer(at, k), out);
  } else out.push([at, v]);
  return out;
}

/** One spelling per meaning: case, CIDR form, and the "every port" forms of a port range. */
function normal(v: unknown): string {
  const s = String(v).trim().toLowerCase();
  if (s === '' || s === '-1/-1') return '';
  return canonicalCidr(s) ?? s;
}

const files = corpusPresent
  ? [
      ...readdirSync(CORPUS).filter((f) => f.endsWith('.json')),
      ...readdirSync(path.join(CORPUS, 'requests')).map((f) => `requests/${f}`),
    ]
  : [];

describe.skipIf(!corpusPresent)('aliyun corpus', () => {
  test.each(files)('should read %s and keep every field in the output or a finding', (file) => {
    const input = parseFile(path.join(CORPUS, file));
    expect(aliyunAdapter.detect(input)).toBeDefined();
    const report = new Report();
    const { groups } = aliyunAdapter.read(input, report);
    expect(groups.length).toBeGreaterThan(0);
    const findingPointers = report.findings.map((f) => f.pointer);
    const inputs = Array.isArray(input.value)
      ? input.value.map((item, i) => [childPointer('', i), item] as const)
      : [['', input.value] as const];

    inputs.forEach(([base, item], gi) => {
      const group = groups[gi]!;
      const writeReport = new Report();
      let output: unknown;
      try {
        output = Array.isArray(input.value)
          ? writeRequestPayloads(group, 'aliyun', writeReport)
          : writeDescribePayload(group, 'aliyun', writeReport);
      } catch (e) {
        // The one corpus group the writer must refuse: a rule referencing its own group (InnerAccessPolicy's job).
        expect(e).toBeInstanceOf(TranslateError);
        expect(group.rules.some((r) => r.peer.kind === 'group' && r.peer.groupId === group.id)).toBe(true);
        return;
      }
      const written = new Set(leaves(output, '', []).map(([, v]) => normal(v)));
      const keptRules = new Set(group.rules.map((r) => r.origin?.pointer));
      for (const [at, value] of leaves(item, base, [])) {
        const field = at.slice(at.lastIndexOf('/') + 1);
        if (STRUCTURAL.has(field) || normal(value) === '') continue;
        if (written.has(normal(value))) continue;
        if (findingPointers.some((p) => p === at || at.startsWith(`${p}/`))) continue;
        // A group name or description Aliyun rejects is rewritten by the writer, which reports it at the group.
        const groupText = {
          SecurityGroupName: ['name_rewritten'],
          Description: ['description_rewritten', 'description_truncated'],
        }[field];
        if (
          at === `${group.pointer ?? ''}/${field}` &&
          writeReport.findings.some((f) => groupText?.includes(f.code) && f.pointer === (group.pointer ?? ''))
        )
          continue;
        // A rule left out: some finding names a field of the same permission / item.
        const owner = findingPointers.some((p) => p.startsWith(`${at.slice(0, at.lastIndexOf('/'))}/`));
        const ruleOut = ![...keptRules].some((p) => p !== undefined && at.startsWith(`${p}/`));
        expect(
          owner && ruleOut,
          `${file} ${at} = ${JSON.stringify(value)} is neither in the output nor in a finding`,
        ).toBe(true);
      }
    });
  });

  test.each(files)('should validate %s without throwing', (file) => {
    const issues = aliyunAdapter.validate(parseFile(path.join(CORPUS, file)));
    for (const i of issues) expect(i.pointer.startsWith('/')).toBe(true);
  });

  test("should give the seed docs' own invalid samples their Aliyun error codes", () => {
    const file = path.join(CORPUS, 'requests/alibabaclouddocs_ecs_sg_rule_request_examples.json');
    const input = parseFile(file);
    const items = input.value as { Params: Record<string, string> }[];
    const issues = aliyunAdapter.validate(input);
    const codeAt = (i: number, field: string): string[] =>
      issues.filter((x) => x.pointer === `/${i}/Params/${field}`).map((x) => x.providerCode);
    let checked = 0;
    items.forEach((item, i) => {
      const p = item.Params;
      if (/^(allow|deny)$/i.test(p.Policy ?? '')) {
        expect(codeAt(i, 'Policy'), `item ${i}`).toContain('InvalidPolicy.Malformed');
        checked++;
      }
      if (p.PortRange?.startsWith('-') && p.PortRange !== '-1/-1') {
        expect(codeAt(i, 'PortRange')).toContain('InvalidParam.PortRange');
        checked++;
      }
      if (p.IpProtocol?.toLowerCase() === 'all' && p.PortRange !== '-1/-1') {
        expect(codeAt(i, 'PortRange')).toContain('OperationDenied');
        checked++;
      }
    });
    expect(checked).toBeGreaterThanOrEqual(3);
  });
});
