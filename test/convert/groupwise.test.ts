/**
 * Reading one group at a time (`prepareConversionGroupwise`, what each thread of a split DescribeSecurityGroups
 * conversion does): every group converts to the same bytes as `prepareConversion` gives it, with the
 * document's findings on the first group, placeholders of the whole input, left-out rules and their findings;
 * an input prepareConversion rejects fails at the group that cannot be read; shapes read whole say so.
 * Hand-written cases, the AWS corpus, and a property over generated documents with damaged values.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { awsFleet, awsGroupId, fleetGroupId } from '../../bench/generate.mjs';
import {
  prepareConversion,
  prepareConversionGroupwise,
  type ConvertOptions,
  type PreparedConversion,
} from '../../src/convert/convert.js';
import type { TranslateError } from '../../src/errors.js';
import { createMapping } from '../../src/idmap/index.js';
import { CORPUS, corpusPresent } from './helpers.js';

type Doc = { SecurityGroups: Record<string, unknown>[]; [key: string]: unknown };

const fleet = (groups: number, seed: number, rules = 6): Doc => awsFleet({ groups, rules, seed });

function mappingFor(groups: number) {
  const map: Record<string, string> = {};
  for (let i = 0; i < groups; i++) map[fleetGroupId(i)] = awsGroupId(i);
  return createMapping({ groups: map, accounts: { 123456789012: '1234567890123456' } });
}

/** The CidrIp entries of a document, in input order, to damage. */
function cidrEntries(doc: Doc): { group: number; entry: Record<string, string> }[] {
  const out: { group: number; entry: Record<string, string> }[] = [];
  doc.SecurityGroups.forEach((g, group) => {
    for (const key of ['IpPermissions', 'IpPermissionsEgress'])
      for (const p of (g[key] ?? []) as { IpRanges: Record<string, string>[] }[])
        for (const entry of p.IpRanges) out.push({ group, entry });
  });
  return out;
}

/** Each group converted groupwise equals prepareConversion's, to the byte (and the canonical pair). */
function expectSameGroups(whole: PreparedConversion, groupwise: PreparedConversion | undefined): void {
  expect(groupwise).toBeDefined();
  expect(groupwise!.groupwise).toBe(true);
  expect(groupwise!.from).toBe(whole.from);
  expect(groupwise!.groupCount).toBe(whole.groupCount);
  // Out of order, as threads take them: no group depends on another having been read.
  const order = Array.from({ length: whole.groupCount }, (_, i) => i).reverse();
  for (const i of order) {
    const a = whole.convertGroupAt(i);
    const b = groupwise!.convertGroupAt(i);
    expect(JSON.stringify(b.group, null, 2), `group ${i}`).toBe(JSON.stringify(a.group, null, 2));
    expect(b.canonical).toEqual(a.canonical);
  }
}

function expectSame(input: string, options: ConvertOptions): void {
  expectSameGroups(prepareConversion(input, options), prepareConversionGroupwise(input, options));
}

/** The group index in the pointer of the error prepareConversion throws (undefined: it does not throw). */
function rejectedGroup(input: string, options: ConvertOptions): number | undefined {
  try {
    prepareConversion(input, options);
    return undefined;
  } catch (e) {
    const at = /^\/SecurityGroups\/(\d+)/.exec((e as TranslateError).location.pointer ?? '');
    expect(at, (e as Error).message).not.toBeNull();
    return Number(at![1]);
  }
}

/**
 * An input prepareConversion rejects, naming a value of group `firstBad`: groupwise, the groups before it
 * convert, and it fails.
 */
function expectFailsAtGroup(input: string, options: ConvertOptions, firstBad: number): void {
  expect(rejectedGroup(input, options)).toBe(firstBad);
  const groupwise = prepareConversionGroupwise(input, options)!;
  for (let i = 0; i < firstBad; i++) expect(() => groupwise.convertGroupAt(i)).not.toThrow();
  expect(() => groupwise.convertGroupAt(firstBad)).toThrow();
}

describe('prepareConversionGroupwise', () => {
  test('a mapped fleet, and one without mapping (placeholders of every group of the input)', () => {
    const text = JSON.stringify(fleet(40, 11));
    expectSame(text, { to: 'aliyun', map: mappingFor(40), file: 'fleet.json' });
    const unmapped = prepareConversion(text, { to: 'aliyun' });
    expect(JSON.stringify(unmapped.convertGroupAt(5).group)).toMatch(/sibling_reference_placeholder/);
    expectSame(text, { to: 'aliyun' });
    expectSame(text, { to: 'aliyun', emit: 'request' });
    expectSame(text, { to: 'aws' });
    expectSame(text, { to: 'model' });
  });

  test("the document's own findings (NextToken, an unknown member) go to the first group, as read whole", () => {
    const doc = { ...fleet(5, 12), NextToken: 'abc', Marker: 'x' };
    const text = JSON.stringify(doc);
    const first = JSON.stringify(prepareConversion(text, { to: 'aliyun' }).convertGroupAt(0).group);
    expect(first).toMatch(/"code":"input_truncated"/);
    expect(first).toMatch(/"pointer":"\/Marker"/);
    expectSame(text, { to: 'aliyun' });
  });

  test('a bare array of groups and YAML read groupwise; XML, one bare group and other shapes are read whole', () => {
    const doc = fleet(6, 13);
    expectSame(JSON.stringify(doc.SecurityGroups), { to: 'aliyun' });
    const yaml =
      'SecurityGroups:\n  - GroupId: sg-0a1\n    GroupName: a\n    IpPermissions:\n      - IpProtocol: tcp\n' +
      '        FromPort: 22\n        ToPort: 22\n        IpRanges:\n          - CidrIp: 10.0.0.0/8\n  - GroupId: sg-0a2\n';
    expectSame(yaml, { to: 'aliyun' });
    expect(prepareConversionGroupwise(JSON.stringify(doc.SecurityGroups[0]), { to: 'aliyun' })).toBeDefined();
    const xml =
      '<DescribeSecurityGroupsResponse><securityGroupInfo><item><groupId>sg-0a1</groupId><groupName>a</groupName>' +
      '</item></securityGroupInfo></DescribeSecurityGroupsResponse>';
    expect(prepareConversion(xml, { to: 'aliyun' }).groupCount).toBe(1);
    expect(prepareConversionGroupwise(xml, { to: 'aliyun' })).toBeUndefined();
    const rules = JSON.stringify({
      SecurityGroupRules: [
        {
          SecurityGroupRuleId: 'sgr-1',
          GroupId: 'sg-0a1',
          IsEgress: false,
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          CidrIpv4: '10.0.0.0/8',
        },
      ],
    });
    expect(prepareConversion(rules, { to: 'aliyun' }).groupCount).toBe(1);
    expect(prepareConversionGroupwise(rules, { to: 'aliyun' })).toBeUndefined();
    expect(
      prepareConversionGroupwise('{"SecurityGroupId": "sg-bp1", "Permissions": {"Permission": []}}', { to: 'aws' }),
    ).toBeUndefined();
    // Not an input at all: preparing whole says why.
    expect(prepareConversionGroupwise('{"nothing": 1}', { to: 'aliyun' })).toBeUndefined();
    expect(prepareConversionGroupwise('{', { to: 'aliyun' })).toBeUndefined();
  });

  test('values AWS rejects: the first unreadable group fails; with skipInvalid, the same findings per group', () => {
    const doc = fleet(12, 14);
    const entries = cidrEntries(doc);
    const bad = [entries.find((e) => e.group >= 4)!, entries.find((e) => e.group >= 9)!];
    bad[0]!.entry['CidrIp'] = '300.1.2.3/8';
    bad[1]!.entry['CidrIp'] = '10.1.2.3/8';
    const text = JSON.stringify(doc);
    expectFailsAtGroup(text, { to: 'aliyun', file: 'bad.json' }, bad[0]!.group);
    const skipped = prepareConversion(text, { to: 'aliyun', skipInvalid: true });
    expect(JSON.stringify(skipped.convertGroupAt(bad[0]!.group).group)).toMatch(/invalid_rule_skipped/);
    expectSame(text, { to: 'aliyun', skipInvalid: true });
  });

  test('a value of the wrong type in a later group: preparing groupwise still works, that group fails', () => {
    const doc = fleet(8, 15);
    doc.SecurityGroups[6]!['IpPermissions'] = 'none';
    expectFailsAtGroup(JSON.stringify(doc), { to: 'aliyun' }, 6);
    // A group ID of the wrong type is needed by every group (placeholders): preparing groupwise gives up.
    doc.SecurityGroups[6]!['IpPermissions'] = [];
    doc.SecurityGroups[6]!['GroupId'] = 7;
    expect(() => prepareConversion(JSON.stringify(doc), { to: 'aliyun' })).toThrow(/GroupId must be a string/);
    expect(prepareConversionGroupwise(JSON.stringify(doc), { to: 'aliyun' })).toBeUndefined();
  });

  test('property: generated documents, some values damaged, converge with prepareConversion or fail alike', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('300.1.2.3/8', '10.1.2.3/8', '10.0.0.0/33', '0.0.0.0/0')), {
          maxLength: 3,
        }),
        fc.boolean(),
        fc.boolean(),
        (seed, groups, damage, skipInvalid, mapped) => {
          const doc = fleet(groups, seed, 4);
          const entries = cidrEntries(doc);
          for (const [at, cidr] of damage) if (entries.length > 0) entries[at % entries.length]!.entry['CidrIp'] = cidr;
          const text = JSON.stringify(doc);
          const options: ConvertOptions = { to: 'aliyun', skipInvalid, ...(mapped && { map: mappingFor(groups) }) };
          const rejected = rejectedGroup(text, options);
          if (rejected === undefined) expectSame(text, options);
          else expectFailsAtGroup(text, options, rejected);
        },
      ),
      { numRuns: 40 },
    );
  });

  test.skipIf(!corpusPresent)(
    'the AWS corpus: every DescribeSecurityGroups file converts alike, group by group',
    () => {
      let files = 0;
      for (const name of readdirSync(path.join(CORPUS, 'aws')).filter((f) => f.endsWith('.json'))) {
        const text = readFileSync(path.join(CORPUS, 'aws', name), 'utf8');
        const groupwise = prepareConversionGroupwise(text, { to: 'aliyun', file: name });
        if (groupwise === undefined) continue;
        let whole: PreparedConversion;
        try {
          whole = prepareConversion(text, { to: 'aliyun', file: name });
        } catch {
          continue; // a rejected input: the groupwise path reads it whole after a failure (parallel.test.ts)
        }
        files++;
        expectSameGroups(whole, groupwise);
      }
      expect(files).toBeGreaterThanOrEqual(5);
    },
  );
});
