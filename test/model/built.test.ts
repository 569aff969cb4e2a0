/**
 * The Aliyun reader puts its groups in the model's shape with builtGroup instead of re-validating them with zod.
 * These tests hold that shortcut to the schema: on every input the reader reads (fixtures, the shared corpus,
 * a generated fleet), its groups are exactly what `SecurityGroup.parse` makes of them (valid, same values, same
 * key order), and builtGroup orders keys as zod does whatever order a reader built them in.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { aliyunFleet } from '../../bench/generate.mjs';
import { aliyunAdapter } from '../../adapters/aliyun/index.js';
import { builtGroup } from '../../src/model/built.js';
import { SecurityGroup } from '../../src/model/group.js';
import { parseInput } from '../../src/parse/text.js';
import { Report } from '../../src/report/report.js';
import { CORPUS, FIXTURES, corpusPresent, parseFile } from '../aliyun/helpers.js';

/** Equal values and the same key order at every level (JSON text), and no stray undefined keys (toStrictEqual). */
function expectSameModel(actual: unknown, expected: unknown): void {
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
  expect(actual).toStrictEqual(expected);
}

function readGroups(text: string, file: string): SecurityGroup[] {
  return aliyunAdapter.read(parseInput(text, file), new Report()).groups;
}

const fixtureFiles = readdirSync(FIXTURES).filter((f) => !f.includes('.golden.'));
const corpusFiles = corpusPresent
  ? [
      ...readdirSync(CORPUS).filter((f) => f.endsWith('.json')),
      ...readdirSync(path.join(CORPUS, 'requests')).map((f) => `requests/${f}`),
    ]
  : [];

describe('reader-built Aliyun groups are what the schema makes of them', () => {
  test.each(fixtureFiles)('fixture %s', (file) => {
    const groups = aliyunAdapter.read(parseFile(path.join(FIXTURES, file)), new Report()).groups;
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) expectSameModel(g, SecurityGroup.parse(g));
  });

  test.skipIf(!corpusPresent).each(corpusFiles)('corpus %s', (file) => {
    const report = new Report();
    report.leaveOutInvalid = true; // masked sample values are left out, as with --skip-invalid
    let groups: SecurityGroup[];
    try {
      groups = aliyunAdapter.read(parseFile(path.join(CORPUS, file)), report).groups;
    } catch {
      return; // an input the reader rejects builds no group
    }
    for (const g of groups) expectSameModel(g, SecurityGroup.parse(g));
  });

  test('a generated fleet of 40 groups × 50 rules (string priorities, empty fields, IPv6, group peers)', () => {
    const fleet = aliyunFleet({ groups: 40, rules: 50, seed: 20261730 });
    let rules = 0;
    for (const response of fleet) {
      for (const g of readGroups(JSON.stringify(response), 'fleet.json')) {
        rules += g.rules.length;
        expectSameModel(g, SecurityGroup.parse(g));
      }
    }
    expect(rules).toBeGreaterThan(1000);
  });
});

/** The same object with the keys of every nested object in an order chosen by `order`. */
function shuffled(v: unknown, order: (keys: string[]) => string[]): unknown {
  if (Array.isArray(v)) return v.map((x) => shuffled(x, order));
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of order(Object.keys(v))) out[k] = shuffled((v as Record<string, unknown>)[k], order);
  return out;
}

describe('builtGroup', () => {
  const groups = aliyunFleet({ groups: 6, rules: 30, seed: 20261731 }).flatMap((r) =>
    readGroups(JSON.stringify(r), 'fleet.json'),
  );

  test('property: whatever order a reader builds keys in, builtGroup gives the order and values SecurityGroup.parse gives', () => {
    fc.assert(
      fc.property(fc.nat(groups.length - 1), fc.infiniteStream(fc.nat()), (i, seeds) => {
        const it = seeds[Symbol.iterator]();
        // A deterministic shuffle per object, driven by the stream of numbers.
        const order = (keys: string[]): string[] =>
          keys
            .map((k) => [it.next().value as number, k] as const)
            .sort((a, b) => a[0] - b[0])
            .map(([, k]) => k);
        const input = shuffled(groups[i], order) as SecurityGroup;
        expectSameModel(builtGroup(input), SecurityGroup.parse(input));
      }),
      { numRuns: 60 },
    );
  });

  test('defaults modelVersion first, as the schema does, and copies instead of sharing the input objects', () => {
    const input = {
      rules: [
        {
          peer: { cidr: '10.0.0.0/8', kind: 'cidr' as const },
          protocol: 6,
          action: 'allow' as const,
          direction: 'ingress' as const,
          ports: { to: 22, from: 22 },
        },
      ],
      provider: 'aliyun' as const,
    };
    const out = builtGroup(input);
    expectSameModel(out, SecurityGroup.parse(input));
    expect(Object.keys(out)[0]).toBe('modelVersion');
    expect(out.rules[0]).not.toBe(input.rules[0]);
    expect(out.rules[0]!.peer).not.toBe(input.rules[0]!.peer);
  });
});
