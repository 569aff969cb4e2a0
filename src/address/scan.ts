/**
 * The one reader of address text, below every other part of sgbridge that reads an address or a CIDR.
 *
 * What counts as an address is what the clouds accept: IPv4 only as four decimal octets without leading zeros
 * (ipaddr.js alone would also read `10.1` or `0x0a.1.2.3`), IPv6 in any spelling ipaddr.js reads (embedded
 * IPv4 such as `::ffff:10.0.0.1` included) but never with a zone ID (`fe80::1%eth0` names an interface of one
 * host; neither cloud accepts one in a rule), and a prefix length of one to three decimal digits up to the
 * family's width. Host bits are allowed here; the callers clear them.
 *
 * The fast path: dotted quads and plain hex groups (what fills real payloads and compiled groups) are read
 * here character by character; any other IPv6 spelling goes to ipaddr.js. Every text the fast path accepts,
 * ipaddr.js reads to the same value (test/address/scan.property.test.ts checks every path on random text).
 */
import ipaddr from 'ipaddr.js';
import { FAMILY_BITS } from './family.js';

/** An address as read: IPv4 as a number (every value is exact in a double), IPv6 as its eight 16-bit groups. */
export type ScannedAddress =
  { readonly family: 4; readonly value: number } | { readonly family: 6; readonly groups: number[] };

export interface ScannedCidr {
  readonly address: ScannedAddress;
  /** The prefix length; the family's width for a bare address (a host route, as both clouds store it). */
  readonly bits: number;
}

/** An address without a prefix (surrounding whitespace ignored), or undefined when it is not one. */
export function scanAddress(text: string): ScannedAddress | undefined {
  return scanTrimmed(text.trim());
}

/** A CIDR or a bare address (surrounding whitespace ignored), or undefined when it is neither. */
export function scanCidr(text: string): ScannedCidr | undefined {
  const s = text.trim();
  const slash = s.indexOf('/');
  const address = scanAt(s, slash < 0 ? s.length : slash);
  if (address === undefined) return undefined;
  const max = FAMILY_BITS[address.family];
  const bits = slash < 0 ? max : prefixLength(s, slash + 1, max);
  return bits < 0 ? undefined : { address, bits };
}

function scanTrimmed(a: string): ScannedAddress | undefined {
  return scanAt(a, a.length);
}

/** The address held by s[0..end). */
function scanAt(s: string, end: number): ScannedAddress | undefined {
  const colon = s.indexOf(':');
  if (colon < 0 || colon >= end) {
    const value = dottedQuad(s, end);
    return value < 0 ? undefined : { family: 4, value };
  }
  const zone = s.indexOf('%');
  if (zone >= 0 && zone < end) return undefined;
  const groups = plainGroups(s, end) ?? otherIPv6Groups(end === s.length ? s : s.slice(0, end));
  return groups === undefined ? undefined : { family: 6, groups };
}

// The fast path reads characters in place, without regular expressions, slices or arrays of parts: a fleet's
// compiled groups bring tens of thousands of CIDRs no memo has seen (deny flattening cuts new blocks), and
// the engine reads each of them once.

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57; // 0-9
}

/** The value of a hex digit's character code, or -1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  if (c >= 97 && c <= 102) return c - 87; // a-f
  if (c >= 65 && c <= 70) return c - 55; // A-F
  return -1;
}

/** s[from..] as a prefix length: one to three decimal digits, at most `max`; -1 otherwise. */
function prefixLength(s: string, from: number, max: number): number {
  const digits = s.length - from;
  if (digits < 1 || digits > 3) return -1;
  let value = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return -1;
    value = value * 10 + (c - 48);
  }
  return value > max ? -1 : value;
}

/**
 * s[0..end) as four decimal octets without leading zeros, each at most 255 (ipaddr.js's
 * isValidFourPartDecimal), as a number; -1 for anything else. So IPv4 never needs ipaddr.js.
 */
function dottedQuad(s: string, end: number): number {
  let value = 0;
  let i = 0;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (i >= end || s.charCodeAt(i) !== 46) return -1; // '.'
      i++;
    }
    const start = i;
    let octet = 0;
    while (i < end && i - start < 4 && isDigit(s.charCodeAt(i))) octet = octet * 10 + (s.charCodeAt(i++) - 48);
    const length = i - start;
    if (length === 0 || length > 3 || octet > 255 || (length > 1 && s.charCodeAt(start) === 48)) return -1;
    value = value * 256 + octet;
  }
  return i === end ? value : -1;
}

/**
 * Plain IPv6 text in s[0..end) (groups of one to four hex digits separated by ':', at most one `::`, nothing
 * else) as eight groups, or undefined for any other text (ipaddr.js then decides: embedded IPv4, or not an
 * address at all).
 */
function plainGroups(s: string, end: number): number[] | undefined {
  const groups: number[] = [];
  let gap = -1; // where `::` stands among the groups
  let i = 0;
  if (end >= 2 && s.charCodeAt(0) === 58 && s.charCodeAt(1) === 58) {
    gap = 0;
    i = 2;
  }
  while (i < end) {
    const start = i;
    let group = 0;
    let digit: number;
    while (i < end && i - start < 5 && (digit = hexValue(s.charCodeAt(i))) >= 0) {
      group = group * 16 + digit;
      i++;
    }
    const length = i - start;
    if (length === 0 || length > 4 || groups.length === 8) return undefined;
    groups.push(group);
    if (i === end) break;
    if (s.charCodeAt(i) !== 58) return undefined; // ':' (a '.' is embedded IPv4: ipaddr.js reads it)
    i++;
    if (i < end && s.charCodeAt(i) === 58) {
      if (gap >= 0) return undefined;
      gap = groups.length;
      i++;
    } else if (i === end) return undefined; // one trailing ':'
  }
  if (gap < 0) return groups.length === 8 ? groups : undefined;
  if (groups.length > 7) return undefined;
  // Zeros fill the gap: the groups after it move to the end.
  const after = groups.splice(gap);
  while (groups.length + after.length < 8) groups.push(0);
  for (const g of after) groups.push(g);
  return groups;
}

/** Any other IPv6 spelling ipaddr.js reads (the caller has refused zone IDs). */
function otherIPv6Groups(s: string): number[] | undefined {
  if (!ipaddr.IPv6.isValid(s)) return undefined;
  return ipaddr.IPv6.parse(s).parts.slice();
}
