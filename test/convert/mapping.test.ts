import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { createMapping, parseMapping } from '../../src/idmap/index.js';
import { TranslateError } from '../../src/errors.js';

describe('mapping file', () => {
  test('should answer a pair in both directions', () => {
    const m = createMapping({ groups: { 'sg-aws1': 'sg-ali1' }, accounts: { '123456789012': '1234567890123456' } });
    expect(m.counterpart('groups', 'sg-aws1')).toBe('sg-ali1');
    expect(m.counterpart('groups', 'sg-ali1')).toBe('sg-aws1');
    expect(m.counterpart('accounts', '1234567890123456')).toBe('123456789012');
    expect(m.counterpart('groups', 'sg-other')).toBeUndefined();
  });

  test('should refuse an ID paired with two partners, naming the pointer', () => {
    let error: unknown;
    try {
      createMapping({ groups: { 'sg-a': 'sg-x', 'sg-b': 'sg-x' } }, 'm.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TranslateError);
    expect((error as TranslateError).oneLine()).toBe(
      'm.json: /groups/sg-b: [input_invalid] mapping conflict: groups "sg-x" is paired with both "sg-a" and "sg-b"',
    );
  });

  test('should accept a pair written twice in both orders', () => {
    const m = createMapping({ groups: { 'sg-a': 'sg-x', 'sg-x': 'sg-a' } });
    expect(m.counterpart('groups', 'sg-x')).toBe('sg-a');
  });

  test('should canonicalise prefix-list entries and find them under either ID of a mapped pair', () => {
    const m = createMapping({
      prefixLists: { 'pl-aws': 'pl-ali' },
      prefixListEntries: { 'pl-aws': ['10.0.0.1/8', '2001:DB8::/32'] },
    });
    expect(m.prefixListEntries('pl-aws')).toEqual(['10.0.0.0/8', '2001:db8::/32']);
    expect(m.prefixListEntries('pl-ali')).toEqual(['10.0.0.0/8', '2001:db8::/32']);
  });

  test('should reject a bad CIDR and an unknown section with their pointers', () => {
    expect(() => createMapping({ prefixListEntries: { 'pl-1': ['10.0.0.0/8', 'nope'] } }, 'm.json')).toThrow(
      expect.objectContaining({ location: expect.objectContaining({ pointer: '/prefixListEntries/pl-1/1' }) }),
    );
    expect(() => createMapping({ group: {} }, 'm.json')).toThrow(TranslateError);
  });

  test('should read YAML and the shipped example', () => {
    const m = parseMapping('groups:\n  sg-a: sg-b\nportLists:\n  prl-1:\n    - {from: 80, to: 80}\n', 'm.yaml');
    expect(m.counterpart('groups', 'sg-b')).toBe('sg-a');
    expect(m.portList('prl-1')).toEqual([{ from: 80, to: 80 }]);
    const example = parseMapping(readFileSync(new URL('../../examples/mapping.json', import.meta.url), 'utf8'));
    expect(example.counterpart('groups', 'sg-0a1b2c3d4e5f60001')).toBe('sg-j6c4webtier0001');
  });
});
