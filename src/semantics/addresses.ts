/**
 * Address algebra: addresses as integers (bigint, so one code path serves IPv4 and IPv6), CIDRs as inclusive
 * intervals, `IntervalSet` as sorted disjoint intervals, and the way back to the fewest CIDRs.
 * ipaddr.js parses; nothing here enumerates addresses.
 */
import ipaddr from 'ipaddr.js';
import { ipv6Text, plainIPv6Parts, type Family } from '../model/address.js';
import { memoByText } from '../model/memo.js';

export type { Family };

export const FAMILY_MAX: Readonly<Record<Family, bigint>> = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n };
const FAMILY_BITS: Readonly<Record<Family, number>> = { 4: 32, 6: 128 };

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

  /** For callers that already hold sorted, disjoint, non-adjacent intervals. */
  static fromSorted(ranges: readonly Interval[]): IntervalSet {
    return new IntervalSet(ranges);
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

export interface ParsedCidr extends Interval {
  readonly family: Family;
}

const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/**
 * Fast path for canonical dotted quads (the engine reads tens of thousands of compiled CIDRs per check);
 * anything else goes through ipaddr.js.
 */
function fastIPv4Number(text: string): number | undefined {
  const m = DOTTED_QUAD.exec(text);
  if (m === null) return undefined;
  const a = Number(m[1]);
  const b = Number(m[2]);
  const c = Number(m[3]);
  const d = Number(m[4]);
  if (a > 255 || b > 255 || c > 255 || d > 255) return undefined;
  return ((a * 256 + b) * 256 + c) * 256 + d;
}

function fastIPv4(text: string): bigint | undefined {
  const n = fastIPv4Number(text);
  return n === undefined ? undefined : BigInt(n);
}

/** Only dotted quads count as IPv4 (ipaddr.js also reads '10.1'; neither cloud does). */
function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (text.includes(':')) {
    try {
      return ipaddr.IPv6.parse(text);
    } catch {
      return undefined;
    }
  }
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  return undefined;
}

export function addressToBigint(addr: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  if (addr.kind() === 'ipv4') return BigInt((addr as ipaddr.IPv4).octets.reduce((acc, o) => acc * 256 + o, 0));
  return BigInt(`0x${(addr as ipaddr.IPv6).parts.map((p) => p.toString(16).padStart(4, '0')).join('')}`);
}

/** An address (no prefix) as family + integer; undefined when unreadable. */
export function parseAddressValue(text: string): { family: Family; value: bigint } | undefined {
  const fast = fastIPv4(text.trim());
  if (fast !== undefined) return { family: 4, value: fast };
  // Plain IPv6 (hex groups only): the same value ipaddr.js reads, without it.
  const parts = plainIPv6Parts(text.trim());
  if (parts !== undefined) {
    let value = 0n;
    for (const p of parts) value = (value << 16n) | BigInt(p);
    return { family: 6, value };
  }
  const a = parseAddress(text.trim());
  if (a === undefined) return undefined;
  return { family: a.kind() === 'ipv4' ? 4 : 6, value: addressToBigint(a) };
}

/**
 * A CIDR (or bare address, read as a host route) as an interval; host bits are ignored, as the clouds do.
 * Remembered by text: compiled groups repeat the same CIDR across many protocols and ports.
 */
export const cidrToInterval: (text: string) => ParsedCidr | undefined = memoByText((text) => parseCidrText(text), 100_000);

function parseCidrText(text: string): ParsedCidr | undefined {
  const s = text.trim();
  const slash = s.indexOf('/');
  const v4 = fastIPv4Number(slash < 0 ? s : s.slice(0, slash));
  if (v4 !== undefined) {
    // Number arithmetic for the common case; 2^32 fits a double exactly.
    const b = slash < 0 ? '32' : s.slice(slash + 1);
    if (!/^\d{1,2}$/.test(b) || Number(b) > 32) return undefined;
    const size = 2 ** (32 - Number(b));
    const lo = Math.floor(v4 / size) * size;
    return { family: 4, lo: BigInt(lo), hi: BigInt(lo + size - 1) };
  }
  const parsed = parseAddressValue(slash < 0 ? s : s.slice(0, slash));
  if (parsed === undefined) return undefined;
  const family = parsed.family;
  const max = FAMILY_BITS[family];
  let bits = max;
  if (slash >= 0) {
    const b = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(b) || Number(b) > max) return undefined;
    bits = Number(b);
  }
  const hostBits = BigInt(max - bits);
  const size = 1n << hostBits;
  const lo = (parsed.value >> hostBits) << hostBits;
  return { family, lo, hi: lo + size - 1n };
}

const v6Groups = new Array<number>(8);

export function bigintToAddress(value: bigint, family: Family): string {
  if (family === 4) {
    const n = Number(value);
    return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  // RFC 5952 text (what ipaddr.js writes), formatted here because compiled groups hold many thousands.
  const hex = value.toString(16).padStart(32, '0');
  for (let k = 0; k < 8; k++) v6Groups[k] = parseInt(hex.slice(4 * k, 4 * k + 4), 16);
  return ipv6Text(v6Groups);
}

const NIBBLE_TZ = [4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0];
const NIBBLE_BITS = [0, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4];

function trailingZeros(v: bigint, limit: number): number {
  if (v === 0n) return limit;
  const hex = v.toString(16);
  let n = 0;
  let i = hex.length - 1;
  while (hex.charCodeAt(i) === 48) {
    n += 4;
    i--;
  }
  return n + NIBBLE_TZ[parseInt(hex[i]!, 16)]!;
}

function bitLength(v: bigint): number {
  if (v === 0n) return 0;
  const hex = v.toString(16);
  return (hex.length - 1) * 4 + NIBBLE_BITS[parseInt(hex[0]!, 16)]!;
}

/** An aligned block of 2^hostBits addresses starting at `start`. */
export interface Block {
  readonly start: bigint;
  readonly prefix: number;
}

/** Cut [lo, hi] into the fewest aligned blocks, largest first from the low end. */
export function intervalToBlocks(lo: bigint, hi: bigint, family: Family, out: Block[] = []): Block[] {
  const max = FAMILY_BITS[family];
  if (family === 4) {
    // Number arithmetic: every IPv4 value and block size is exact in a double.
    let cur = Number(lo);
    const end = Number(hi);
    while (cur <= end) {
      let tz = cur === 0 ? 32 : 31 - Math.clz32(cur & -cur);
      while (tz > 0 && cur + 2 ** tz - 1 > end) tz--;
      out.push({ start: BigInt(cur), prefix: 32 - tz });
      cur += 2 ** tz;
    }
    return out;
  }
  let cur = lo;
  while (cur <= hi) {
    // The largest block aligned at `cur` that does not pass `hi`.
    const align = trailingZeros(cur, max);
    const fit = bitLength(hi - cur + 1n) - 1;
    const tz = Math.min(align, fit);
    out.push({ start: cur, prefix: max - tz });
    cur += 1n << BigInt(tz);
    if (cur > FAMILY_MAX[family]) break;
  }
  return out;
}

export function blockText(block: Block, family: Family): string {
  return `${bigintToAddress(block.start, family)}/${block.prefix}`;
}

/** Cut [lo, hi] into the fewest CIDRs. */
export function intervalToCidrs(lo: bigint, hi: bigint, family: Family, out: string[] = []): string[] {
  for (const b of intervalToBlocks(lo, hi, family)) out.push(blockText(b, family));
  return out;
}
