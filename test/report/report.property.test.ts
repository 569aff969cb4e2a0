/**
 * Report.add and the wording of findings against plain references: every catalogue template filled from a
 * detail reads as a naive `{name}` replacement does, however often the same text is asked for, and a report
 * keeps one finding per (code, pointer, detail as JSON), in the order first added.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { findingKind, makeFinding, Report, type Detail } from '../../src/report/report.js';
import { FINDING_CODES, FINDING_CODE_LIST, type FindingCode } from '../../tables/finding-codes.js';

function referenceFill(template: string, detail: Detail): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in detail ? String(detail[name]) : whole));
}

/** Names the catalogue's templates use, plus one none does. */
const NAMES = [
  ...new Set(
    FINDING_CODE_LIST.flatMap((c) =>
      [...`${FINDING_CODES[c].message} ${FINDING_CODES[c].hint}`.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
    ),
  ),
  'other',
];
const valueArb = fc.oneof(
  fc.constantFrom('aws', 'AWS', 'CreateTime', 'intranet', '', '1', '{field}'),
  fc.integer({ min: -2, max: 300 }),
  fc.constantFrom(0, -0, 1.5, NaN, Infinity),
  fc.boolean(),
);
const detailArb: fc.Arbitrary<Detail> = fc.dictionary(fc.constantFrom(...NAMES), valueArb, { maxKeys: 5 });
const codeArb = fc.constantFrom(...FINDING_CODE_LIST);

describe('finding texts', () => {
  test('should fill every template as a plain replacement does, also when asked again', () => {
    fc.assert(
      fc.property(codeArb, detailArb, fc.nat({ max: 2 }), (code, detail, repeat) => {
        for (let i = 0; i <= repeat; i++) {
          const f = makeFinding(code, '/x', { ...detail });
          expect(f.message).toBe(referenceFill(FINDING_CODES[code].message, detail));
          expect(f.hint).toBe(referenceFill(FINDING_CODES[code].hint, detail));
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('Report.add', () => {
  const pointerArb = fc.constantFrom('', '/a', '/a/0', '/a/1', '/a/0/CreateTime');
  const entryArb = fc.tuple(
    fc.constantFrom<FindingCode>('field_not_translated', 'rule_shadowed', 'nic_type_dropped'),
    pointerArb,
    fc.dictionary(fc.constantFrom('field', 'to', 'nicType'), fc.constantFrom('aws', 'CreateTime', 1, true), {
      maxKeys: 2,
    }),
  );

  test('should keep one finding per code, pointer and detail, in the order first added', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 60 }), (entries) => {
        const report = new Report();
        for (const [code, pointer, detail] of entries) report.add(code, pointer, detail);
        const seen = new Set<string>();
        const expected = entries.filter(([code, pointer, detail]) => {
          const key = JSON.stringify([code, pointer, detail]);
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        expect(report.findings).toEqual(expected.map(([code, pointer, detail]) => makeFinding(code, pointer, detail)));
      }),
      { numRuns: 1000 },
    );
  });

  test('should keep the same findings when some are added as kinds made once (addKind)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(entryArb, fc.boolean()), { maxLength: 60 }), (entries) => {
        const plain = new Report();
        const withKinds = new Report();
        // One kind per (code, detail as JSON), shared by every entry of that fact: findings then share a detail.
        const kinds = new Map<string, ReturnType<typeof findingKind>>();
        for (const [[code, pointer, detail], asKind] of entries) {
          plain.add(code, pointer, detail);
          if (!asKind) withKinds.add(code, pointer, { ...detail });
          else {
            const key = JSON.stringify([code, detail]);
            let kind = kinds.get(key);
            if (kind === undefined) kinds.set(key, (kind = findingKind(code, { ...detail })));
            withKinds.addKind(kind, pointer);
          }
        }
        expect(withKinds.findings).toEqual(plain.findings);
        expect(JSON.stringify(withKinds.findings)).toBe(JSON.stringify(plain.findings));
      }),
      { numRuns: 1000 },
    );
  });

  test('should tell details apart by their JSON text, key order included', () => {
    const report = new Report();
    report.add('field_not_translated', '/a', { field: 'x', to: 'aws' });
    report.add('field_not_translated', '/a', { to: 'aws', field: 'x' });
    report.add('field_not_translated', '/a', { field: 'x', to: 'aws' });
    report.add('nic_type_dropped', '/a', { field: 'x', to: 'aws' });
    expect(report.findings.map((f) => [f.code, JSON.stringify(f.detail)])).toEqual([
      ['field_not_translated', '{"field":"x","to":"aws"}'],
      ['field_not_translated', '{"to":"aws","field":"x"}'],
      ['nic_type_dropped', '{"field":"x","to":"aws"}'],
    ]);
  });
});
