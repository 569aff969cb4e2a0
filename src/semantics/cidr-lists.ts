/**
 * mergeCidrs / excludeCidrs: set operations on CIDR lists, tuned for lists of many thousands (they are
 * measured against cidr-tools). IPv4 stays in doubles (every value < 2^32 is exact) and is sorted as packed
 * keys in a Float64Array. IPv6 never becomes a bigint: an interval is a one-byte string key (a character per
 * byte, low bound then high bound) that the native sort orders, merged, subtracted and cut into blocks on
 * those bytes and on 16-bit groups. Plain text forms are parsed by hand; anything unusual (embedded IPv4,
 * zone, odd spelling) goes through ipaddr.js via cidrToInterval.
 */
import { ipv6Text } from '../model/address.js';
import { cidrToInterval } from './addresses.js';

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
  const sorted = keys.sort(); // in place: each parsed list is merged once
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

/** An IPv6 interval with both bounds as 16-character one-byte strings (big-endian bytes). */
interface ByteInterval {
  lo: string;
  hi: string;
}

const bytes = new Array<number>(BOUND);

/** The bound after `bound` (one more), or undefined after the last address. */
function nextBound(bound: string): string | undefined {
  for (let k = 0; k < BOUND; k++) bytes[k] = bound.charCodeAt(k);
  let k = BOUND - 1;
  while (k >= 0 && bytes[k] === 255) bytes[k--] = 0;
  if (k < 0) return undefined;
  bytes[k]!++;
  return String.fromCharCode.apply(null, bytes);
}

/** The bound before `bound` (one less); never called on the first address. */
function previousBound(bound: string): string {
  for (let k = 0; k < BOUND; k++) bytes[k] = bound.charCodeAt(k);
  let k = BOUND - 1;
  while (bytes[k] === 0) bytes[k--] = 255;
  bytes[k]!--;
  return String.fromCharCode.apply(null, bytes);
}

/** Sort the keys and merge overlapping and adjacent intervals, all on byte strings (no bigint). */
function mergeV6(keys: string[]): ByteInterval[] {
  keys.sort();
  const merged: ByteInterval[] = [];
  let last: ByteInterval | undefined;
  let afterLast: string | undefined; // nextBound(last.hi), computed once per value of last.hi
  for (const key of keys) {
    const lo = key.slice(0, BOUND);
    const hi = key.slice(BOUND);
    if (last !== undefined && (lo <= last.hi || lo === (afterLast ??= nextBound(last.hi)))) {
      if (hi > last.hi) {
        last.hi = hi;
        afterLast = undefined;
      }
    } else {
      last = { lo, hi };
      afterLast = undefined;
      merged.push(last);
    }
  }
  return merged;
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

function subtractV6(a: ByteInterval[], b: ByteInterval[]): ByteInterval[] {
  const out: ByteInterval[] = [];
  let j = 0;
  for (const x of a) {
    let lo: string | undefined = x.lo;
    while (j < b.length && b[j]!.hi < lo) j++;
    for (let m = j; m < b.length && b[m]!.lo <= x.hi && lo <= x.hi; m++) {
      if (b[m]!.lo > lo) out.push({ lo, hi: previousBound(b[m]!.lo) });
      const after: string | undefined = nextBound(b[m]!.hi);
      if (after === undefined) {
        lo = undefined; // b reaches the last address: nothing of x is left
        break;
      }
      if (after > lo) lo = after;
    }
    if (lo !== undefined && lo <= x.hi) out.push({ lo, hi: x.hi });
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

const cur = new Array<number>(8);
const end = new Array<number>(8);

/** The 16-bit groups of a byte-string bound. */
function readGroups(bound: string, into: number[]): void {
  for (let k = 0; k < 8; k++) into[k] = (bound.charCodeAt(2 * k) << 8) | bound.charCodeAt(2 * k + 1);
}

/** Bits from the top that two group arrays share (0..128). */
function commonBits(a: readonly number[], b: readonly number[]): number {
  for (let k = 0; k < 8; k++) {
    const x = a[k]! ^ b[k]!;
    if (x !== 0) return 16 * k + Math.clz32(x) - 16;
  }
  return 128;
}

/** Trailing zero bits of a group array (0..128). */
function trailingZeroBits(g: readonly number[]): number {
  for (let k = 7; k >= 0; k--) {
    const v = g[k]!;
    if (v !== 0) return 16 * (7 - k) + 31 - Math.clz32(v & -v);
  }
  return 128;
}

/** Group arrays in address order: negative, zero or positive. */
function compareGroups(a: readonly number[], b: readonly number[]): number {
  for (let k = 0; k < 8; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return 0;
}

const blockLast = new Array<number>(8);

/** The last address of the block of 2^bits at `g` (g with its low `bits` bits set). */
function blockEnd(g: readonly number[], bits: number): number[] {
  for (let k = 0; k < 8; k++) blockLast[k] = g[k]! | ((1 << Math.min(16, Math.max(0, bits - 16 * (7 - k)))) - 1);
  return blockLast;
}

/** Add 2^bits to a group array; false when it passes the last address. */
function addPower(g: number[], bits: number): boolean {
  if (bits === 128) return false;
  let k = 7 - Math.floor(bits / 16);
  let carry = 1 << bits % 16;
  while (k >= 0 && carry !== 0) {
    const v = g[k]! + carry;
    g[k] = v & 0xffff;
    carry = v >> 16;
    k--;
  }
  return carry === 0;
}

/**
 * Each interval cut into the fewest aligned blocks, largest first from the low end, on 16-bit groups. The
 * block at `cur` is as large as its alignment allows, and no larger than the bits below the first bit where
 * `cur` and `end` differ (one less if that overshoots `end`).
 */
function v6Cidrs(list: readonly ByteInterval[], out: string[]): void {
  for (const r of list) {
    readGroups(r.lo, cur);
    readGroups(r.hi, end);
    for (;;) {
      let tz = Math.min(trailingZeroBits(cur), 128 - commonBits(cur, end));
      if (tz > 0 && compareGroups(blockEnd(cur, tz), end) > 0) tz--;
      out.push(`${ipv6Text(cur)}/${128 - tz}`);
      // Stop after the block that ends at `end` (or at the last address).
      if (compareGroups(blockEnd(cur, tz), end) === 0) break;
      if (!addPower(cur, tz)) break;
    }
  }
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
