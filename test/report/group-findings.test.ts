/**
 * `convert --group-findings`: repeated findings (same code, message, hint and detail) become one entry with
 * every pointer. Property: ungrouping gives back every finding, each pointer once, in its group's order;
 * no two entries could have been one. Also the flag on a real conversion and its usage error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import { groupRepeatedFindings, withGroupedFindings, type GroupedFinding } from '../../src/report/group-findings.js';
import { makeFinding, type Finding } from '../../src/report/report.js';
import { run } from '../../src/cli/main.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../convert/helpers.js';

const findingArb: fc.Arbitrary<Finding> = fc
  .record({
    code: fc.constantFrom('field_not_translated' as const, 'rule_shadowed' as const, 'nic_type_dropped' as const),
    rule: fc.integer({ min: 0, max: 6 }),
    field: fc.constantFrom('CreateTime', 'Description'),
  })
  .map(({ code, rule, field }) =>
    makeFinding(
      code,
      `/Permissions/Permission/${rule}${code === 'field_not_translated' ? `/${field}` : ''}`,
      code === 'field_not_translated' ? { field, to: 'aws' } : {},
    ),
  );

function ungroup(entries: readonly (Finding | GroupedFinding)[]): Finding[] {
  return entries.flatMap((e) =>
    'pointers' in e
      ? e.pointers.map((pointer) => ({
          code: e.code,
          severity: e.severity,
          effect: e.effect,
          pointer,
          message: e.message,
          hint: e.hint,
          detail: e.detail,
        }))
      : [e],
  );
}

const keyOf = (f: Omit<Finding, 'pointer'>) =>
  JSON.stringify([f.code, f.severity, f.effect, f.message, f.hint, f.detail]);

describe('grouped findings', () => {
  it('lose nothing: ungrouped they are the findings, each entry a distinct key, repeats only grouped', () => {
    fc.assert(
      fc.property(fc.array(findingArb, { maxLength: 40 }), (findings) => {
        const grouped = groupRepeatedFindings(findings);
        const back = ungroup(grouped);
        expect(back).toHaveLength(findings.length);
        // The same findings, each key's findings in input order.
        const order = (fs: readonly Finding[]) =>
          [...new Set(fs.map(keyOf))].flatMap((k) => fs.filter((f) => keyOf(f) === k));
        expect(back).toEqual(order(findings));
        expect(new Set(grouped.map(keyOf)).size).toBe(grouped.length);
        for (const e of grouped) {
          if (!('pointers' in e)) continue;
          expect(e.count).toBe(e.pointers.length);
          expect(e.count).toBeGreaterThan(1);
        }
      }),
    );
  });

  it('group the per-rule findings of a real conversion; everything else unchanged', () => {
    const text = readFileSync(path.join(repoRoot, 'examples/aliyun-web-tier.json'), 'utf8');
    const result = convert(text, { to: 'aws' });
    const grouped = withGroupedFindings(result);
    const findings = grouped.groups[0] as { findings: (Finding | GroupedFinding)[] };
    expect(ungroup(findings.findings)).toHaveLength(result.groups[0]!.findings.length);
    const created = findings.findings.find(
      (f): f is GroupedFinding => 'pointers' in f && f.detail['field'] === 'CreateTime',
    );
    expect(created?.count).toBe(9);
    expect(created?.pointers[0]).toBe('/Permissions/Permission/0/CreateTime');
    expect({ ...grouped, groups: [] }).toEqual({ ...result, groups: [] });
    expect({ ...(grouped.groups[0] as object), findings: [] }).toEqual({ ...result.groups[0], findings: [] });
  });

  it('is a usage error outside the JSON report', async () => {
    let stderr = '';
    const io = {
      stdout: () => {},
      stderr: (s: string) => void (stderr += s),
      readStdin: () => Promise.resolve(''),
      stdoutIsTTY: false,
      env: {},
      cwd: repoRoot,
    };
    const status = await run(
      ['convert', path.join(repoRoot, 'examples/aliyun-web-tier.json'), '--to', 'aws', '--group-findings'],
      io,
    );
    expect(status).toBe(2);
    expect(stderr).toBe(
      'sgbridge convert: --group-findings groups the findings of the JSON report; use it with --format json (see sgbridge convert --help)\n',
    );
  });
});
