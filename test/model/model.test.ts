import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalCidr, cidrFamily, isCanonicalCidr } from '../../src/address/index.js';
import { ModelDocument, Rule, SecurityGroup } from '../../src/model/index.js';
import { modelJsonSchema } from '../../src/model/json-schema.js';
import { childPointer, pointer, resolvePointer } from '../../src/model/pointer.js';
import { findingsMarkdown } from '../../scripts/findings-doc.js';
import { FINDING_CODES } from '../../tables/finding-codes.js';

const root = resolve(import.meta.dirname, '../..');

describe('canonical CIDRs', () => {
  it.each([
    ['10.0.0.1/8', '10.0.0.0/8'],
    ['192.168.1.7', '192.168.1.7/32'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['2001:DB8:0:0::1/32', '2001:db8::/32'],
    ['::/0', '::/0'],
    ['2001:db8::5', '2001:db8::5/128'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalCidr(input)).toBe(expected);
  });

  it.each(['10.1', '0x0a.0.0.1/8', '10.0.0.0/33', '2001:db8:1233:1a00::***', '', '1.2.3.4/', '::/129', '10.0.0.0/-1'])(
    'rejects %s',
    (input) => {
      expect(canonicalCidr(input)).toBeUndefined();
    },
  );

  it('is idempotent and keeps the family', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), fc.nat(128), (addr, bits) => {
        const max = addr.includes(':') ? 128 : 32;
        const c = canonicalCidr(`${addr}/${bits % (max + 1)}`);
        expect(c).toBeDefined();
        expect(canonicalCidr(c!)).toBe(c);
        expect(isCanonicalCidr(c!)).toBe(true);
        expect(cidrFamily(c!)).toBe(addr.includes(':') ? 6 : 4);
      }),
    );
  });
});

describe('model schemas', () => {
  const rule = {
    direction: 'ingress',
    action: 'deny',
    priority: 1,
    protocol: 6,
    ports: { from: 22, to: 22 },
    peer: { kind: 'cidr', cidr: '10.1.2.3/8' },
  };

  it('canonicalises CIDRs while parsing', () => {
    expect(Rule.parse(rule).peer).toEqual({ kind: 'cidr', cidr: '10.0.0.0/8' });
  });

  it('rejects unknown fields, bad ports and peers without an id', () => {
    expect(Rule.safeParse({ ...rule, extra: 1 }).success).toBe(false);
    expect(Rule.safeParse({ ...rule, ports: { from: 23, to: 22 } }).success).toBe(false);
    expect(Rule.safeParse({ ...rule, peer: { kind: 'group' } }).success).toBe(false);
    expect(Rule.safeParse({ ...rule, peer: { kind: 'cidr', cidr: 'nope' } }).success).toBe(false);
  });

  it('reads a model document and defaults the group version', () => {
    const doc = ModelDocument.parse({ modelVersion: 1, groups: [{ provider: 'aws', rules: [rule] }] });
    expect(doc.groups[0]!.modelVersion).toBe(1);
    expect(SecurityGroup.safeParse({ provider: 'gcp', rules: [] }).success).toBe(false);
  });

  it('ships the JSON Schema generated from the zod schemas', () => {
    const shipped = JSON.parse(readFileSync(resolve(root, 'schema/sgbridge-model.schema.json'), 'utf8'));
    expect(shipped).toEqual(modelJsonSchema());
  });
});

describe('JSON pointers', () => {
  it('escapes and resolves RFC 6901 segments', () => {
    const p = pointer('a/b', 'c~d', 0);
    expect(p).toBe('/a~1b/c~0d/0');
    expect(resolvePointer({ 'a/b': { 'c~d': ['x'] } }, p)).toBe('x');
    expect(childPointer('/Permissions', 'Permission', 2)).toBe('/Permissions/Permission/2');
  });

  it('builds the text of each segment escaped after a slash, on any base', () => {
    const segment = fc.oneof(fc.string({ unit: fc.constantFrom('a', '/', '~', '0', '1', 'é') }), fc.nat());
    const escaped = (s: string | number) => String(s).split('~').join('~0').split('/').join('~1');
    fc.assert(
      fc.property(fc.oneof(fc.constant(''), fc.string()), fc.array(segment, { maxLength: 5 }), (base, segments) => {
        const expected = segments.map((s) => `/${escaped(s)}`).join('');
        expect(pointer(...segments)).toBe(expected);
        expect(childPointer(base, ...segments)).toBe(base + expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('finding catalogue', () => {
  it('docs/findings.md is generated from the catalogue and current', () => {
    expect(readFileSync(resolve(root, 'docs/findings.md'), 'utf8')).toBe(findingsMarkdown());
  });

  it('every code is snake_case with a message and a hint', () => {
    for (const [code, spec] of Object.entries(FINDING_CODES)) {
      expect(code).toMatch(/^[a-z]+(_[a-z0-9]+)*$/);
      expect(spec.message.length).toBeGreaterThan(10);
      expect(spec.hint.length).toBeGreaterThan(5);
    }
  });
});
