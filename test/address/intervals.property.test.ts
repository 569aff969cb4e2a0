/**
 * Interval sets against a brute-force oracle (each address of a small window, one by one), and the way back
 * to CIDRs against ipaddr.js (every block reads back to its range) and an independent count of the fewest
 * blocks (the binary trie: a node inside the interval is one block, a node across its edge splits in two).
 */
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import {
  canonicalCidr,
  FAMILY_MAX,
  IntervalSet,
  intervalToBlocks,
  blockText,
  type Family,
  type Interval,
} from '../../src/address/index.js';

const WINDOW = 48;

/** Windows at the bottom, the middle and the top of each family (the top one ends at the last address). */
const windows = fc.constantFrom<[Family, bigint]>(
  [4, 0n],
  [4, 0x0a000000n],
  [4, FAMILY_MAX[4] - BigInt(WINDOW) + 1n],
  [6, 0n],
  [6, 0x20010db8n << 96n],
  [6, FAMILY_MAX[6] - BigInt(WINDOW) + 1n],
);
const offsets = fc.array(fc.tuple(fc.integer({ min: 0, max: WINDOW - 1 }), fc.integer({ min: 0, max: WINDOW - 1 })), {
  maxLength: 6,
});

function intervalsAt(base: bigint, pairs: readonly [number, number][]): Interval[] {
  return pairs.map(([a, b]) => ({ lo: base + BigInt(Math.min(a, b)), hi: base + BigInt(Math.max(a, b)) }));
}

/** The window's addresses one by one: true where some interval holds it. */
function bits(base: bigint, intervals: readonly Interval[]): boolean[] {
  return Array.from({ length: WINDOW }, (_, i) =>
    intervals.some((r) => r.lo <= base + BigInt(i) && base + BigInt(i) <= r.hi),
  );
}

function wellFormed(set: IntervalSet): void {
  set.ranges.forEach((r, i) => {
    expect(r.lo <= r.hi).toBe(true);
    if (i > 0) expect(set.ranges[i - 1]!.hi + 1n < r.lo).toBe(true); // sorted, disjoint and not adjacent
  });
}

describe('IntervalSet', () => {
  it('union, intersection, difference and membership agree with address-by-address sets', () => {
    fc.assert(
      fc.property(windows, offsets, offsets, ([family, base], pa, pb) => {
        const a = IntervalSet.of(intervalsAt(base, pa));
        const b = IntervalSet.of(intervalsAt(base, pb));
        const ba = bits(base, a.ranges);
        const bb = bits(base, b.ranges);
        expect(ba).toEqual(bits(base, intervalsAt(base, pa)));
        const cases: [IntervalSet, (i: number) => boolean][] = [
          [a.union(b), (i) => ba[i]! || bb[i]!],
          [a.intersect(b), (i) => ba[i]! && bb[i]!],
          [a.subtract(b), (i) => ba[i]! && !bb[i]!],
        ];
        for (const [set, oracle] of cases) {
          wellFormed(set);
          expect(bits(base, set.ranges)).toEqual(Array.from({ length: WINDOW }, (_, i) => oracle(i)));
          for (let i = 0; i < WINDOW; i++) expect(set.has(base + BigInt(i))).toBe(oracle(i));
        }
        expect(a.equals(b)).toBe(ba.every((x, i) => x === bb[i]));
        expect(a.isEmpty()).toBe(!ba.includes(true));
        expect(IntervalSet.full(family).subtract(a).union(a).isFull(family)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

/** The fewest aligned blocks covering [lo, hi], counted on the binary trie of the family. */
function fewestBlocks(lo: bigint, hi: bigint, start: bigint, size: bigint): number {
  const end = start + size - 1n;
  if (end < lo || start > hi) return 0;
  if (lo <= start && end <= hi) return 1;
  const half = size / 2n;
  return fewestBlocks(lo, hi, start, half) + fewestBlocks(lo, hi, start + half, half);
}

const bigintBelow = (max: bigint) => fc.bigInt({ min: 0n, max });
/** Interval ends that are often aligned or at the family's edges, where cutting is hardest. */
function end(family: Family) {
  const max = FAMILY_MAX[family];
  const width = family === 4 ? 32 : 128;
  return fc.oneof(
    bigintBelow(max),
    fc
      .tuple(fc.integer({ min: 0, max: width }), bigintBelow(max), fc.integer({ min: -1, max: 1 }))
      .map(([tz, v, d]) => {
        const aligned = (v >> BigInt(tz)) << BigInt(tz);
        const x = aligned + BigInt(d);
        return x < 0n ? 0n : x > max ? max : x;
      }),
    fc.constantFrom(0n, max),
  );
}
const cuts = fc.constantFrom<Family>(4, 6).chain((family) => fc.tuple(fc.constant(family), end(family), end(family)));

describe('intervalToBlocks and blockText', () => {
  it('cut an interval into the fewest CIDRs, each reading back (ipaddr.js) to its part of the interval', () => {
    fc.assert(
      fc.property(cuts, ([family, x, y]) => {
        const lo = x < y ? x : y;
        const hi = x < y ? y : x;
        const blocks = intervalToBlocks(lo, hi, family);
        expect(blocks.length).toBe(fewestBlocks(lo, hi, 0n, FAMILY_MAX[family] + 1n));
        let next = lo;
        for (const block of blocks) {
          const text = blockText(block, family);
          expect(canonicalCidr(text)).toBe(text);
          const [address, prefix] = ipaddr.parseCIDR(text);
          expect(address.toString()).toBe(text.slice(0, text.indexOf('/')));
          expect(prefix).toBe(block.prefix);
          const first = address.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
          expect(first).toBe(next);
          next = first + (1n << BigInt((family === 4 ? 32 : 128) - prefix));
        }
        expect(next).toBe(hi + 1n);
      }),
      { numRuns: 300 },
    );
  });

  it('writes the whole family as one block', () => {
    expect(IntervalSet.full(4).toCidrs(4)).toEqual(['0.0.0.0/0']);
    expect(IntervalSet.full(6).toCidrs(6)).toEqual(['::/0']);
    expect(
      IntervalSet.full(6)
        .subtract(IntervalSet.of([{ lo: 0n, hi: 0n }]))
        .toCidrs(6),
    ).toHaveLength(128);
  });
});
