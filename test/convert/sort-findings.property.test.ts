/**
 * The order of findings against a reference that shares no code with it: pointers parsed into unescaped
 * segments (RFC 6901), the first segments that differ decide (numbers by value, then by text), a pointer before
 * the longer ones it begins, then the code, findings that compare equal in the order they came. Pointers are
 * built to share prefixes and differ late, with digit runs that have leading zeros or over 15 digits, escapes
 * and empty segments, so any shortcut a faster sort takes (keys kept from call to call, texts compared in
 * place) is held to the same order.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compareFindings, sortFindings } from '../../src/convert/assign-findings.js';
import { makeFinding, type Finding } from '../../src/report/report.js';
import type { FindingCode } from '../../tables/finding-codes.js';

function referenceSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.split('~1').join('/').split('~0').join('~'));
}

function referenceCompare(a: string, b: string): number {
  const sa = referenceSegments(a);
  const sb = referenceSegments(b);
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const x = sa[i]!;
    const y = sb[i]!;
    if (x === y) continue;
    if (/^\d+$/.test(x) && /^\d+$/.test(y) && Number(x) !== Number(y)) return Number(x) < Number(y) ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return Math.sign(sa.length - sb.length);
}

/** Segments from a few pieces, so that pointers share prefixes and differ late, in one character. */
const segment = fc.oneof(
  fc.constantFrom('Permissions', 'Permission', 'IpRanges', 'CreateTime', 'a', 'ab', 'b', '', '~0', '~1', '~01', '~2'),
  fc.constantFrom('0', '1', '2', '9', '10', '01', '001', '100', '1234567890123456', '1234567890123457'),
  fc.nat({ max: 120 }).map(String),
  fc.stringMatching(/^[0-9a~/]{0,4}$/).map((s) => s.replace(/\//g, '~1')),
);
const pointerArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 12, arbitrary: fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => `/${s.join('/')}`) },
);
const codeArb = fc.constantFrom<FindingCode>('field_not_translated', 'nic_type_dropped', 'rule_shadowed');

describe('sortFindings', () => {
  test('should order pointers as the parsed reference does', () => {
    fc.assert(
      fc.property(pointerArb, pointerArb, (a, b) => {
        expect(Math.sign(compareFindings(makeFinding('rule_shadowed', a), makeFinding('rule_shadowed', b)))).toBe(
          referenceCompare(a, b),
        );
        expect(Math.sign(compareFindings(makeFinding('rule_shadowed', b), makeFinding('rule_shadowed', a)))).toBe(
          referenceCompare(b, a),
        );
      }),
      { numRuns: 5000 },
    );
  });

  test('should sort by pointer, then code, keeping the order of findings that compare equal', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(pointerArb, codeArb), { maxLength: 40 }), (entries) => {
        const findings: Finding[] = entries.map(([pointer, code], i) => makeFinding(code, pointer, { i }));
        const expected = findings
          .map((f, i) => ({ f, i }))
          .sort(
            (x, y) =>
              referenceCompare(x.f.pointer, y.f.pointer) ||
              (x.f.code < y.f.code ? -1 : x.f.code > y.f.code ? 1 : 0) ||
              x.i - y.i,
          )
          .map((x) => x.f);
        expect(sortFindings(findings)).toEqual(expected);
        expect(findings.map((f) => f.detail['i'])).toEqual(entries.map((_, i) => i));
      }),
      { numRuns: 500 },
    );
  });

  test('should give the same order when keyed within a group pointer', () => {
    // Pointers under the group, the group itself, and others (a prefix of it, a sibling sharing its text).
    const withinArb = fc.constantFrom('/a', '/a/1', '/1', '/a~01', '/a/');
    fc.assert(
      fc.property(
        withinArb,
        fc.array(fc.tuple(pointerArb, codeArb, fc.boolean()), { maxLength: 40 }),
        (within, entries) => {
          const findings: Finding[] = entries.map(([pointer, code, under], i) =>
            makeFinding(code, under ? within + pointer : pointer, { i }),
          );
          expect(sortFindings(findings, within)).toEqual(sortFindings(findings));
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('should order the cases that parse, spell numbers apart or escape', () => {
    const f = (pointer: string) => makeFinding('rule_shadowed', pointer);
    const cases: [string, string, number][] = [
      ['/a/2', '/a/10', -1],
      ['/01/b', '/1/a', -1],
      ['/a/1', '/a/1/b', -1],
      ['/a/1/b', '/a/1', 1],
      ['/a', '/ab', -1],
      ['/a//b', '/a/1', -1],
      ['/x~1y', '/x0', -1], // "x/y" before "x0": the unescaped text decides, not the raw text
      ['/a~02', '/a~2', 0], // both unescape to "a~2"
      ['', '/a', -1],
      ['/1234567890123456', '/1234567890123457', -1],
    ];
    for (const [a, b, order] of cases) {
      expect([a, b, Math.sign(compareFindings(f(a), f(b)))]).toEqual([a, b, order]);
      expect(Math.sign(referenceCompare(a, b))).toBe(order);
    }
  });
});
