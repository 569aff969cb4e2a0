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
 * here with regular expressions; any other IPv6 spelling goes to ipaddr.js. Every text the fast path accepts,
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
  const address = scanTrimmed(slash < 0 ? s : s.slice(0, slash));
  if (address === undefined) return undefined;
  const max = FAMILY_BITS[address.family];
  const bits = slash < 0 ? max : prefixLength(s, slash + 1, max);
  return bits < 0 ? undefined : { address, bits };
}

function scanTrimmed(a: string): ScannedAddress | undefined {
  if (!a.includes(':')) {
    const value = dottedQuad(a);
    return value === undefined ? undefined : { family: 4, value };
  }
  if (a.includes('%')) return undefined;
  const groups = plainGroups(a) ?? otherIPv6Groups(a);
  return groups === undefined ? undefined : { family: 6, groups };
}

// The fast path uses regular expressions: they run compiled from the first call, and most CIDRs are read once
// per run (read.ts memoises the answers), so a loop's speed once the JIT has warmed it up matters little.
const PREFIX = /^\d{1,3}$/;
/** Four decimal octets without leading zeros: with each octet at most 255, ipaddr.js's isValidFourPartDecimal. */
const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** s[from..] as a prefix length: one to three decimal digits, at most `max`; -1 otherwise. */
function prefixLength(s: string, from: number, max: number): number {
  const text = s.slice(from);
  if (!PREFIX.test(text)) return -1;
  const value = Number(text);
  return value > max ? -1 : value;
}

/** A dotted quad as a number, or undefined; so IPv4 never needs ipaddr.js. */
function dottedQuad(s: string): number | undefined {
  const m = DOTTED_QUAD.exec(s);
  if (m === null) return undefined;
  const a = Number(m[1]);
  const b = Number(m[2]);
  const c = Number(m[3]);
  const d = Number(m[4]);
  if (a > 255 || b > 255 || c > 255 || d > 255) return undefined;
  return ((a * 256 + b) * 256 + c) * 256 + d;
}

/**
 * Plain IPv6 text (groups of one to four hex digits, at most one `::`, nothing else) as eight groups, or
 * undefined for any other text (ipaddr.js then decides: embedded IPv4, or not an address at all).
 */
function plainGroups(s: string): number[] | undefined {
  if (s.includes('.')) return undefined;
  const gap = s.indexOf('::');
  let head: string[];
  let tail: string[];
  if (gap < 0) {
    head = s.split(':');
    tail = [];
    if (head.length !== 8) return undefined;
  } else {
    if (s.indexOf('::', gap + 1) >= 0) return undefined;
    const a = s.slice(0, gap);
    const b = s.slice(gap + 2);
    head = a === '' ? [] : a.split(':');
    tail = b === '' ? [] : b.split(':');
    if (head.length + tail.length > 7) return undefined;
  }
  for (const g of head) if (!HEX_GROUP.test(g)) return undefined;
  for (const g of tail) if (!HEX_GROUP.test(g)) return undefined;
  const groups: number[] = [];
  for (const g of head) groups.push(parseInt(g, 16));
  while (groups.length < 8 - tail.length) groups.push(0);
  for (const g of tail) groups.push(parseInt(g, 16));
  return groups;
}

/** Any other IPv6 spelling ipaddr.js reads (the caller has refused zone IDs). */
function otherIPv6Groups(s: string): number[] | undefined {
  if (!ipaddr.IPv6.isValid(s)) return undefined;
  return ipaddr.IPv6.parse(s).parts.slice();
}
