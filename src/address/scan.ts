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
 * character by character; any other IPv6 spelling goes to ipaddr.js. Every text the fast path accepts,
 * ipaddr.js reads to the same value (test/address/scan.property.test.ts checks every path on random text).
 */
import ipaddr from 'ipaddr.js';
import { FAMILY_BITS } from './family.js';

/** An address as read: IPv4 as a number (every value is exact in a double), IPv6 as its eight 16-bit groups. */
export type ScannedAddress = { readonly family: 4; readonly value: number } | { readonly family: 6; readonly groups: number[] };

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
  const address = scanTrimmed(slash < 0 ? s : s.slice(0, slash));
  if (address === undefined) return undefined;
  const max = FAMILY_BITS[address.family];
  const bits = slash < 0 ? max : prefixLength(s, slash + 1, max);
  return bits < 0 ? undefined : { address, bits };
}

function scanTrimmed(a: string): ScannedAddress | undefined {
  if (!a.includes(':')) {
    const value = dottedQuad(a);
    return value < 0 ? undefined : { family: 4, value };
  }
  if (a.includes('%')) return undefined;
  const groups = plainGroups(a) ?? otherIPv6Groups(a);
  return groups === undefined ? undefined : { family: 6, groups };
}

/** s[from..] as a prefix length: one to three decimal digits, at most `max`; -1 otherwise. */
function prefixLength(s: string, from: number, max: number): number {
  const len = s.length - from;
  if (len < 1 || len > 3) return -1;
  let value = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value > max ? -1 : value;
}

/**
 * Four decimal octets (0..255, no leading zeros, nothing else) as a number, or -1. The same texts as
 * ipaddr.js's isValidFourPartDecimal, so IPv4 never needs ipaddr.js.
 */
function dottedQuad(s: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return -1; // a leading zero
      octet = octet * 10 + (c - 48);
      if (octet > 255) return -1;
      digits++;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Plain IPv6 text (groups of one to four hex digits, at most one `::`, nothing else) as eight groups, or
 * undefined for any other text (ipaddr.js then decides: embedded IPv4, or not an address at all).
 */
function plainGroups(s: string): number[] | undefined {
  const groups: number[] = [];
  let gap = -1;
  let i = 0;
  if (s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) return undefined;
    gap = 0;
    i = 2;
  }
  while (i < s.length) {
    let value = 0;
    let digits = 0;
    for (let d = hexDigit(s.charCodeAt(i)); d >= 0; d = hexDigit(s.charCodeAt(i))) {
      value = value * 16 + d;
      digits++;
      i++;
    }
    if (digits === 0 || digits > 4 || groups.length === 8) return undefined;
    groups.push(value);
    if (i === s.length) break;
    if (s.charCodeAt(i) !== 58) return undefined;
    i++;
    if (s.charCodeAt(i) === 58) {
      if (gap >= 0) return undefined;
      gap = groups.length;
      i++;
    } else if (i === s.length) return undefined; // a single trailing ':'
  }
  if (gap < 0) return groups.length === 8 ? groups : undefined;
  if (groups.length > 7) return undefined;
  const zeros = new Array<number>(8 - groups.length).fill(0);
  groups.splice(gap, 0, ...zeros);
  return groups;
}

/** Any other IPv6 spelling ipaddr.js reads (the caller has refused zone IDs). */
function otherIPv6Groups(s: string): number[] | undefined {
  if (!ipaddr.IPv6.isValid(s)) return undefined;
  return ipaddr.IPv6.parse(s).parts.slice();
}
