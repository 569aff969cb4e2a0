/**
 * mergeCidrs / excludeCidrs against cidr-tools (the peer the benchmark measures them against) on random
 * lists of both families: every prefix length, host bits set, nested, overlapping and adjacent blocks, and
 * IPv6 written in full, compressed and upper-case forms. The two results must be the same set of CIDRs.
 */
import fc from 'fast-check';
import { excludeCidr, mergeCidr } from 'cidr-tools';
import { describe, expect, it } from 'vitest';
import { excludeCidrs, mergeCidrs } from '../../src/semantics/index.js';

/** Addresses near a few bases, so blocks nest, overlap and touch. */
const v4 = fc
  .tuple(fc.constantFrom(0x0a000000, 0xc0a80000, 0xc6336400, 0xffffff00, 0), fc.integer({ min: 0, max: 0x3ffff }), fc.integer({ min: 0, max: 32 }))
  .map(([base, offset, prefix]) => {
    const n = (base + offset) >>> 0;
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${prefix}`;
  });

const group = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(1, 0xffff, 0x8000) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }) });

const v6 = fc
  .tuple(
    fc.constantFrom([0x2001, 0x0db8], [0xfe80, 0], [0, 0], [0xffff, 0xffff]),
    fc.array(group, { minLength: 6, maxLength: 6 }),
    fc.integer({ min: 0, max: 128 }),
    fc.constantFrom('full', 'compressed', 'upper'),
  )
  .map(([head, tail, prefix, form]) => {
    const groups = [...head, ...tail];
    const full = groups.map((g) => g.toString(16)).join(':');
    if (form === 'full') return `${full}/${prefix}`;
    if (form === 'upper') return `${full.toUpperCase()}/${prefix}`;
    // Compress the first run of zero groups (any run is valid text, not only the canonical one).
    const start = groups.indexOf(0);
    if (start < 0) return `${full}/${prefix}`;
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
    return `${hex(groups.slice(0, start))}::${hex(groups.slice(end))}/${prefix}`;
  });

/** A block and its buddy (the other half of their parent): a merge must join them into the parent. */
const buddies = fc.oneof(v4, v6).map((cidr) => {
  const [address, prefixText] = cidr.split('/') as [string, string];
  const prefix = Number(prefixText);
  if (prefix === 0) return [cidr];
  const family = address.includes(':') ? 6 : 4;
  const bits = family === 4 ? 32 : 128;
  const value = family === 4 ? BigInt(address.split('.').reduce((n, o) => n * 256 + Number(o), 0)) : ipv6Value(address);
  const buddy = value ^ (1n << BigInt(bits - prefix));
  return [cidr, `${family === 4 ? v4Text(buddy) : v6Text(buddy)}/${prefix}`];
});

function ipv6Value(text: string): bigint {
  const [head, tail] = text.toLowerCase().split('::') as [string, string | undefined];
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}
const v4Text = (n: bigint) => [24n, 16n, 8n, 0n].map((s) => (n >> s) & 255n).join('.');
const v6Text = (n: bigint) => Array.from({ length: 8 }, (_, k) => ((n >> BigInt(112 - 16 * k)) & 0xffffn).toString(16)).join(':');

const cidrList = fc.array(fc.oneof(v4, v6, buddies), { maxLength: 30 }).map((items) => items.flat());
const asSet = (list: readonly string[]) => new Set(list);

describe('CIDR lists against cidr-tools', () => {
  it('mergeCidrs gives the same set as mergeCidr', () => {
    fc.assert(
      fc.property(cidrList, (list) => {
        expect(asSet(mergeCidrs(list))).toEqual(asSet(mergeCidr(list)));
      }),
      { numRuns: 400 },
    );
  });

  it('excludeCidrs gives the same set as excludeCidr', () => {
    fc.assert(
      fc.property(cidrList, cidrList, (base, excluded) => {
        expect(asSet(excludeCidrs(base, excluded))).toEqual(asSet(excludeCidr(base, excluded)));
      }),
      { numRuns: 400 },
    );
  });

  it('merged output has no two blocks that overlap or could be one', () => {
    fc.assert(
      fc.property(cidrList, (list) => {
        const merged = mergeCidrs(list);
        // Merging the merged list again changes nothing, and the count never grows.
        expect(mergeCidrs(merged)).toEqual(merged);
      }),
      { numRuns: 200 },
    );
  });
});
