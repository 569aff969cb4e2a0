/** Pairing groups of two sides: by mapping, by tag, by name within corresponding regions; conflicts are errors. */
import { describe, expect, test } from 'vitest';
import { parsePairBy, pairGroups } from '../../src/audit/pairing.js';
import type { AuditGroup } from '../../src/audit/types.js';
import { TranslateError } from '../../src/errors.js';
import { createMapping, EMPTY_MAPPING } from '../../src/idmap/index.js';
import type { SecurityGroup } from '../../src/model/group.js';

let n = 0;
function g(provider: 'aws' | 'aliyun', fields: Partial<SecurityGroup> & { tag?: string }): AuditGroup {
  const { tag, ...rest } = fields;
  const group: SecurityGroup = {
    modelVersion: 1,
    provider,
    rules: [],
    pointer: `/g/${n++}`,
    ...rest,
    ...(tag !== undefined && { tags: [{ key: 'sgbridge-pair', value: tag }] }),
  };
  return { group, file: `${provider}.json`, findings: [] };
}

const ids = (r: ReturnType<typeof pairGroups>) =>
  r.pairs.map((p) => [p.a.group.id ?? p.a.group.name, p.b.group.id ?? p.b.group.name, p.by]);
const DEFAULT = parsePairBy('mapping,tag:sgbridge-pair,name');

describe('pairing', () => {
  test('should pair by mapping (either direction of the file), then tag, then name', () => {
    const A = [
      g('aliyun', { id: 'sg-a1', name: 'web' }),
      g('aliyun', { id: 'sg-a2', name: 'db', tag: 'db' }),
      g('aliyun', { id: 'sg-a3', name: 'app', region: 'cn-hongkong' }),
    ];
    const B = [
      g('aws', { id: 'sg-b3', name: 'app' }),
      g('aws', { id: 'sg-b2', name: 'database', tag: 'db' }),
      g('aws', { id: 'sg-b1', name: 'frontend' }),
    ];
    const mapping = createMapping({ groups: { 'sg-b1': 'sg-a1' } });
    expect(ids(pairGroups(A, B, DEFAULT, mapping))).toEqual([
      ['sg-a1', 'sg-b1', 'mapping'],
      ['sg-a2', 'sg-b2', 'tag:sgbridge-pair'],
      ['sg-a3', 'sg-b3', 'name'],
    ]);
  });

  test('should use only the methods given, in their order', () => {
    const A = [g('aliyun', { id: 'sg-a1', name: 'web', tag: 'x' })];
    const B = [g('aws', { id: 'sg-b1', name: 'web', tag: 'x' })];
    expect(ids(pairGroups(A, B, parsePairBy('name'), EMPTY_MAPPING))).toEqual([['sg-a1', 'sg-b1', 'name']]);
    expect(ids(pairGroups(A, B, parsePairBy('tag:sgbridge-pair,name'), EMPTY_MAPPING))).toEqual([
      ['sg-a1', 'sg-b1', 'tag:sgbridge-pair'],
    ]);
    const none = pairGroups(A, B, parsePairBy('mapping'), EMPTY_MAPPING);
    expect(none.pairs).toEqual([]);
    expect(none.unpaired.map((u) => [u.side, u.group.id])).toEqual([
      ['A', 'sg-a1'],
      ['B', 'sg-b1'],
    ]);
  });

  test('should pair names only within corresponding regions (same city), and say why not', () => {
    const A = [
      g('aliyun', { id: 'sg-a1', name: 'web', region: 'cn-hongkong' }),
      g('aliyun', { id: 'sg-a2', name: 'web', region: 'eu-west-1' }),
    ];
    const B = [
      g('aws', { id: 'sg-b1', name: 'web', region: 'ap-east-1' }),
      g('aws', { id: 'sg-b2', name: 'web', region: 'eu-west-1' }),
    ];
    const r = pairGroups(A, B, parsePairBy('name'), EMPTY_MAPPING);
    // Aliyun eu-west-1 is London, AWS eu-west-1 is Ireland: no pair there.
    expect(ids(r)).toEqual([['sg-a1', 'sg-b1', 'name']]);
    expect(r.unpaired.find((u) => u.group.id === 'sg-a2')?.reason).toBe(
      'no group of B is named "web" in region eu-west-2',
    );
    const mapped = pairGroups(A, B, parsePairBy('name'), createMapping({ regions: { 'eu-west-1': 'eu-west-1' } }));
    expect(ids(mapped)).toContainEqual(['sg-a2', 'sg-b2', 'name']);
  });

  test('should leave names that are not unique unpaired, with the reason', () => {
    const A = [
      g('aws', { id: 'sg-a1', name: 'default', vpcId: 'vpc-1' }),
      g('aws', { id: 'sg-a2', name: 'default', vpcId: 'vpc-2' }),
    ];
    const B = [g('aliyun', { id: 'sg-b1', name: 'default' })];
    const r = pairGroups(A, B, parsePairBy('name'), EMPTY_MAPPING);
    expect(r.pairs).toEqual([]);
    expect(r.unpaired.map((u) => u.reason)).toEqual([
      '2 groups of A are named "default" and match the same group of B',
      '2 groups of A are named "default" and match the same group of B',
      '2 groups of A are named "default"',
    ]);
  });

  test('should let agreeing methods pair a group twice, and refuse disagreeing ones naming both', () => {
    const A = [g('aliyun', { id: 'sg-a1', tag: 'one' })];
    const B = [g('aws', { id: 'sg-b1', tag: 'one' }), g('aws', { id: 'sg-b2', tag: 'two' })];
    expect(ids(pairGroups(A, B, DEFAULT, createMapping({ groups: { 'sg-a1': 'sg-b1' } })))).toEqual([
      ['sg-a1', 'sg-b1', 'mapping'],
    ]);
    expect(() => pairGroups(A, B, DEFAULT, createMapping({ groups: { 'sg-a1': 'sg-b2' } }))).toThrow(
      /sg-a1 \(aliyun\.json#\/g\/\d+\) is paired with sg-b2 \(aws\.json#\/g\/\d+\) by mapping and with sg-b1 \(aws\.json#\/g\/\d+\) by tag:sgbridge-pair/,
    );
  });

  test('should refuse one tag value on two groups of a side, and one group ID twice', () => {
    const A = [g('aliyun', { id: 'sg-a1', tag: 'x' }), g('aliyun', { id: 'sg-a2', tag: 'x' })];
    expect(() => pairGroups(A, [g('aws', { id: 'sg-b1', tag: 'x' })], DEFAULT, EMPTY_MAPPING)).toThrow(
      /tag sgbridge-pair=x is on two groups of A: sg-a1 .* and sg-a2/,
    );
    expect(() => pairGroups([g('aws', { id: 'sg-1' }), g('aws', { id: 'sg-1' })], [], DEFAULT, EMPTY_MAPPING)).toThrow(
      /group sg-1 is in A twice/,
    );
  });

  test('should say when the mapping names a counterpart that is not in the other side', () => {
    const r = pairGroups(
      [g('aliyun', { id: 'sg-a1' })],
      [g('aws', { id: 'sg-b9' })],
      DEFAULT,
      createMapping({ groups: { 'sg-a1': 'sg-b1', 'sg-a9': 'sg-b9' } }),
    );
    expect(r.unpaired.map((u) => [u.side, u.reason])).toEqual([
      ['A', 'the mapping pairs it with sg-b1, which is not in B'],
      ['B', 'the mapping pairs it with sg-a9, which is not in A'],
    ]);
  });

  test.each(['', 'mapping,mapping', 'tag:', 'names'])('should refuse --pair-by %j', (text) => {
    expect(() => parsePairBy(text)).toThrow(TranslateError);
  });
});
