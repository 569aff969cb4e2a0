/**
 * Sets of addresses of one family as sorted disjoint intervals of integers (bigint, so one code path serves
 * IPv4 and IPv6). Nothing here enumerates addresses.
 */
import { intervalToCidrs } from './blocks.js';
import { FAMILY_MAX, type Family } from './family.js';

export interface Interval {
  readonly lo: bigint;
  readonly hi: bigint;
}

/** An immutable set of addresses of one family: sorted, disjoint, non-adjacent inclusive intervals. */
export class IntervalSet {
  private constructor(readonly ranges: readonly Interval[]) {}

  static readonly EMPTY = new IntervalSet([]);

  static of(ranges: readonly Interval[]): IntervalSet {
    return new IntervalSet(normalise(ranges));
  }

  static full(family: Family): IntervalSet {
    return new IntervalSet([{ lo: 0n, hi: FAMILY_MAX[family] }]);
  }

  isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  isFull(family: Family): boolean {
    const r = this.ranges[0];
    return this.ranges.length === 1 && r !== undefined && r.lo === 0n && r.hi === FAMILY_MAX[family];
  }

  has(address: bigint): boolean {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.ranges[mid]!;
      if (address < r.lo) hi = mid - 1;
      else if (address > r.hi) lo = mid + 1;
      else return true;
    }
    return false;
  }

  union(other: IntervalSet): IntervalSet {
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    return new IntervalSet(normalise([...this.ranges, ...other.ranges]));
  }

  intersect(other: IntervalSet): IntervalSet {
    const out: Interval[] = [];
    let i = 0;
    let j = 0;
    const a = this.ranges;
    const b = other.ranges;
    while (i < a.length && j < b.length) {
      const x = a[i]!;
      const y = b[j]!;
      const lo = x.lo > y.lo ? x.lo : y.lo;
      const hi = x.hi < y.hi ? x.hi : y.hi;
      if (lo <= hi) out.push({ lo, hi });
      if (x.hi < y.hi) i++;
      else j++;
    }
    return new IntervalSet(out);
  }

  subtract(other: IntervalSet): IntervalSet {
    if (other.isEmpty() || this.isEmpty()) return this;
    const out: Interval[] = [];
    const b = other.ranges;
    let j = 0;
    for (const x of this.ranges) {
      let lo = x.lo;
      while (j < b.length && b[j]!.hi < lo) j++;
      let k = j;
      while (k < b.length && b[k]!.lo <= x.hi) {
        const y = b[k]!;
        if (y.lo > lo) out.push({ lo, hi: y.lo - 1n });
        lo = y.hi + 1n;
        if (y.hi >= x.hi) break;
        k++;
      }
      if (lo <= x.hi) out.push({ lo, hi: x.hi });
    }
    return new IntervalSet(out);
  }

  equals(other: IntervalSet): boolean {
    if (this.ranges.length !== other.ranges.length) return false;
    return this.ranges.every((r, i) => r.lo === other.ranges[i]!.lo && r.hi === other.ranges[i]!.hi);
  }

  /** The fewest CIDRs covering exactly this set. */
  toCidrs(family: Family): string[] {
    const out: string[] = [];
    for (const r of this.ranges) intervalToCidrs(r.lo, r.hi, family, out);
    return out;
  }
}

function normalise(ranges: readonly Interval[]): Interval[] {
  const sorted = [...ranges].sort((x, y) => (x.lo < y.lo ? -1 : x.lo > y.lo ? 1 : 0));
  const out: Interval[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r.lo <= last.hi + 1n) {
      if (r.hi > last.hi) out[out.length - 1] = { lo: last.lo, hi: r.hi };
    } else out.push(r);
  }
  return out;
}
