/**
 * mergeCidrs / excludeCidrs: set operations on CIDR lists, tuned for lists of many thousands (they are
 * measured against cidr-tools). IPv4 stays in doubles (every value < 2^32 is exact) and is sorted as packed
 * keys in a Float64Array; IPv6 is sorted and merged as one-byte string keys (a character per byte), and only merged intervals
 * become bigints. Plain text forms are parsed by hand; anything
 * unusual (embedded IPv4, zone, odd spelling) goes through ipaddr.js via cidrToInterval.
 */
import { bigintToAddress, cidrToInterval, intervalToBlocks, type Interval } from './addresses.js';

const PREFIX_SPACE = 64;

/** Dotted quad at s[from, to) as a number, or -1. */
function v4Value(s: string, from: number, to: number): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || octet > 255) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return -1; // leading zero
      octet = octet * 10 + (c - 48);
      digits++;
    } else return -1;
  }
  if (dots !== 3 || digits === 0 || octet > 255) return -1;
  return value * 256 + octet;
}

const groups = new Uint16Array(8);

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Plain IPv6 text (hex groups, at most one '::') at s[from, to) into `groups`; false when not plain. */
function v6Groups(s: string, from: number, to: number): boolean {
  // Read the groups before and after '::' into `groups`, then shift the tail to the end.
  let count = 0;
  let gap = -1;
  let i = from;
  if (s.charCodeAt(i) === 58) {
    if (s.charCodeAt(i + 1) !== 58) return false;
    gap = 0;
    i += 2;
  }
  while (i < to) {
    let value = 0;
    let digits = 0;
    while (i < to) {
      const d = hexDigit(s.charCodeAt(i));
      if (d < 0) break;
      value = value * 16 + d;
      digits++;
      i++;
    }
    if (digits === 0 || digits > 4 || count === 8) return false;
    groups[count++] = value;
    if (i === to) break;
    if (s.charCodeAt(i) !== 58) return false; // '.', '%' and others: the slow path
    i++;
    if (s.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = count;
      i++;
    } else if (i === to) return false;
  }
  if (gap < 0 ? count !== 8 : count > 7) return false;
  if (gap >= 0) {
    const tail = count - gap;
    for (let k = 0; k < tail; k++) groups[7 - k] = groups[count - 1 - k]!;
    for (let k = gap; k < 8 - tail; k++) groups[k] = 0;
  }
  return true;
}

let HEX2: string[] | undefined;

/** Two hex digits of every byte, built once (for turning merged keys back into bigints). */
function hex2(v: number): string {
  HEX2 ??= Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
  return HEX2[v]!;
}

/** Code units per bound in a key: one byte each, so keys are one-byte strings (compared fastest). */
const BOUND = 16;
const codes = new Array<number>(2 * BOUND);

/**
 * An IPv6 interval as one 32-character key: the low bound then the high bound, one character per byte.
 * String order (code unit by code unit) is address order, so the default sort (native, no comparator
 * callback) orders intervals by low bound, then high bound.
 */
function groupsToInterval(prefix: number): string {
  for (let k = 0; k < 8; k++) {
    const kept = Math.min(16, Math.max(0, prefix - 16 * k));
    const mask = kept === 0 ? 0 : (0xffff << (16 - kept)) & 0xffff;
    const lo = groups[k]! & mask;
    const hi = lo | (~mask & 0xffff);
    codes[2 * k] = lo >> 8;
    codes[2 * k + 1] = lo & 0xff;
    codes[BOUND + 2 * k] = hi >> 8;
    codes[BOUND + 2 * k + 1] = hi & 0xff;
  }
  return String.fromCharCode.apply(null, codes);
}

/** The bound at code units [at, at + BOUND) of a key as a bigint. */
function big(key: string, at: number): bigint {
  let hex = '0x';
  for (let k = at; k < at + BOUND; k++) hex += hex2(key.charCodeAt(k));
  return BigInt(hex);
}

function keyOfBigs(lo: bigint, hi: bigint): string {
  for (let k = 0; k < BOUND; k++) {
    const shift = BigInt(120 - 8 * k);
    codes[k] = Number((lo >> shift) & 0xffn);
    codes[k + BOUND] = Number((hi >> shift) & 0xffn);
  }
  return String.fromCharCode.apply(null, codes);
}

function prefixOf(s: string, slash: number, max: number): number {
  if (slash < 0) return max;
  const len = s.length - slash - 1;
  if (len < 1 || len > 3) return -1;
  let value = 0;
  for (let i = slash + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value > max ? -1 : value;
}

interface Parsed {
  /** IPv4 as packed keys lo * 64 + prefix. */
  readonly v4: Float64Array;
  readonly v6: string[];
}

function parseList(cidrs: readonly string[]): Parsed {
  const v4 = new Float64Array(cidrs.length);
  let n4 = 0;
  const v6: string[] = [];
  for (const raw of cidrs) {
    const s = raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32 ? raw.trim() : raw;
    const slash = s.indexOf('/');
    const end = slash < 0 ? s.length : slash;
    if (s.indexOf(':') >= 0) {
      const prefix = prefixOf(s, slash, 128);
      if (prefix >= 0 && v6Groups(s, 0, end)) {
        v6.push(groupsToInterval(prefix));
        continue;
      }
    } else {
      const value = v4Value(s, 0, end);
      const prefix = prefixOf(s, slash, 32);
      if (value >= 0 && prefix >= 0) {
        const size = 2 ** (32 - prefix);
        v4[n4++] = Math.floor(value / size) * size * PREFIX_SPACE + prefix;
        continue;
      }
    }
    const slow = cidrToInterval(s);
    if (slow === undefined) throw new TypeError(`not an IPv4 or IPv6 CIDR: ${raw}`);
    if (slow.family === 6) v6.push(keyOfBigs(slow.lo, slow.hi));
    else {
      const lo = Number(slow.lo);
      const size = Number(slow.hi) - lo + 1;
      v4[n4++] = lo * PREFIX_SPACE + (32 - Math.log2(size));
    }
  }
  return { v4: v4.subarray(0, n4), v6 };
}

/** Sorted, merged IPv4 intervals as flat [lo, hi, ...] numbers. */
function mergeV4(keys: Float64Array): number[] {
  const sorted = Float64Array.from(keys).sort();
  const out: number[] = [];
  for (const key of sorted) {
    const prefix = key % PREFIX_SPACE;
    const lo = (key - prefix) / PREFIX_SPACE;
    const hi = lo + 2 ** (32 - prefix) - 1;
    const last = out.length - 1;
    if (last > 0 && lo <= out[last]! + 1) {
      if (hi > out[last]!) out[last] = hi;
    } else out.push(lo, hi);
  }
  return out;
}

/** Sort the keys, merge overlaps on their bounds, and go to bigint only for the merged intervals. */
function mergeV6(keys: string[]): Interval[] {
  keys.sort();
  const merged: { lo: string; hi: string }[] = [];
  for (const key of keys) {
    const lo = key.slice(0, BOUND);
    const hi = key.slice(BOUND);
    const last = merged[merged.length - 1];
    if (last !== undefined && lo <= last.hi) {
      if (hi > last.hi) last.hi = hi;
    } else merged.push({ lo, hi });
  }
  // Adjacent intervals (hi + 1 = next lo) are joined in bigint.
  const out: { lo: bigint; hi: bigint }[] = [];
  for (const r of merged) {
    const lo = big(r.lo, 0);
    const hi = big(r.hi, 0);
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last.hi + 1n) {
      if (hi > last.hi) last.hi = hi;
    } else out.push({ lo, hi });
  }
  return out;
}

function subtractV4(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let j = 0;
  for (let k = 0; k < a.length; k += 2) {
    let lo = a[k]!;
    const hi = a[k + 1]!;
    while (j < b.length && b[j + 1]! < lo) j += 2;
    for (let m = j; m < b.length && b[m]! <= hi && lo <= hi; m += 2) {
      if (b[m]! > lo) out.push(lo, b[m]! - 1);
      lo = Math.max(lo, b[m + 1]! + 1);
    }
    if (lo <= hi) out.push(lo, hi);
  }
  return out;
}

function subtractV6(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const x of a) {
    let lo = x.lo;
    while (j < b.length && b[j]!.hi < lo) j++;
    for (let m = j; m < b.length && b[m]!.lo <= x.hi && lo <= x.hi; m++) {
      if (b[m]!.lo > lo) out.push({ lo, hi: b[m]!.lo - 1n });
      lo = b[m]!.hi + 1n > lo ? b[m]!.hi + 1n : lo;
    }
    if (lo <= x.hi) out.push({ lo, hi: x.hi });
  }
  return out;
}

function v4Text(n: number): string {
  return `${Math.floor(n / 16777216)}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

function v4Cidrs(flat: number[], out: string[]): void {
  for (let k = 0; k < flat.length; k += 2) {
    let cur = flat[k]!;
    const end = flat[k + 1]!;
    while (cur <= end) {
      let tz = cur === 0 ? 32 : 31 - Math.clz32(cur & -cur);
      while (tz > 0 && cur + 2 ** tz - 1 > end) tz--;
      out.push(`${v4Text(cur)}/${32 - tz}`);
      cur += 2 ** tz;
    }
  }
}

function v6Cidrs(list: Interval[], out: string[]): void {
  for (const r of list) for (const b of intervalToBlocks(r.lo, r.hi, 6)) out.push(`${bigintToAddress(b.start, 6)}/${b.prefix}`);
}

/** Union of CIDRs (mixed families) as the fewest CIDRs: IPv4 first, each family in address order. */
export function mergeCidrs(cidrs: readonly string[]): string[] {
  const p = parseList(cidrs);
  const out: string[] = [];
  v4Cidrs(mergeV4(p.v4), out);
  v6Cidrs(mergeV6(p.v6), out);
  return out;
}

/** `base` minus `excluded` (mixed families) as the fewest CIDRs. */
export function excludeCidrs(base: readonly string[], excluded: readonly string[]): string[] {
  const b = parseList(base);
  const e = parseList(excluded);
  const out: string[] = [];
  v4Cidrs(subtractV4(mergeV4(b.v4), mergeV4(e.v4)), out);
  v6Cidrs(subtractV6(mergeV6(b.v6), mergeV6(e.v6)), out);
  return out;
}
