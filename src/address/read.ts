/**
 * What the rest of sgbridge asks of address text, each answer computed from scan.ts's one reading:
 *   canonicalCidr      the model's CIDR text (readers, validators, the model schema, the mapping file)
 *   cidrToInterval     a CIDR as an interval of integers (the engine)
 *   parseAddressValue  an address as an integer (packets in `explain`)
 * The two CIDR answers are remembered by text: a fleet repeats the same CIDRs in every group, and compiled
 * groups repeat one CIDR across many protocols and ports (bounded memos, see memo.ts).
 */
import { FAMILY_BITS, type Family } from './family.js';
import { ipv4Text, ipv6Text } from './format.js';
import type { Interval } from './interval-set.js';
import { memoByText } from './memo.js';
import { scanAddress, scanCidr, type ScannedAddress } from './scan.js';

/**
 * Canonical CIDR text: the network address (host bits cleared), IPv6 compressed and lower-case; a bare
 * address becomes a host route (/32 or /128), as both clouds store it. undefined for anything that is not an
 * address or CIDR.
 */
export const canonicalCidr: (text: string) => string | undefined = memoByText(canonicalText, 100_000);

function canonicalText(text: string): string | undefined {
  const c = scanCidr(text);
  if (c === undefined) return undefined;
  const a = c.address;
  if (a.family === 4) return `${ipv4Text(ipv4Network(a.value, c.bits))}/${c.bits}`;
  return `${ipv6Text(ipv6Network(a.groups, c.bits))}/${c.bits}`;
}

/** True when the text was already canonical (used to report normalisation as a finding). */
export function isCanonicalCidr(text: string): boolean {
  return canonicalCidr(text) === text;
}

/** A CIDR as the inclusive interval of the addresses it holds. */
export interface ParsedCidr extends Interval {
  readonly family: Family;
}

/**
 * A CIDR (or a bare address, read as a host route) as an interval; host bits are ignored, as the clouds
 * do. The same text gives the same object (the engine keys its tables by it). Three fields only: the engine
 * holds many and reads them in its hottest loops (cidrPrefix gives the prefix length).
 */
export const cidrToInterval: (text: string) => ParsedCidr | undefined = memoByText(intervalOf, 100_000);

function intervalOf(text: string): ParsedCidr | undefined {
  const c = scanCidr(text);
  if (c === undefined) return undefined;
  const a = c.address;
  if (a.family === 4) {
    // Number arithmetic for the common case; 2^32 fits a double exactly.
    const lo = ipv4Network(a.value, c.bits);
    return { family: 4, lo: BigInt(lo), hi: BigInt(lo + 2 ** (32 - c.bits) - 1) };
  }
  const lo = groupsValue(ipv6Network(a.groups, c.bits));
  return { family: 6, lo, hi: lo | IPV6_HOST_BITS[c.bits]! };
}

/** Per prefix length 0..128, the IPv6 host bits all set: the last address of an aligned block is lo | this. */
const IPV6_HOST_BITS: readonly bigint[] = Array.from(
  { length: FAMILY_BITS[6] + 1 },
  (_, bits) => (1n << BigInt(FAMILY_BITS[6] - bits)) - 1n,
);

/** The prefix length of a parsed CIDR (its interval is one aligned block). */
export function cidrPrefix(c: ParsedCidr): number {
  const hostBits = c.hi === c.lo ? 0 : (c.hi - c.lo).toString(2).length;
  return FAMILY_BITS[c.family] - hostBits;
}

/** An address (no prefix) as family + integer; undefined when unreadable. */
export function parseAddressValue(text: string): { family: Family; value: bigint } | undefined {
  const a: ScannedAddress | undefined = scanAddress(text);
  if (a === undefined) return undefined;
  return a.family === 4 ? { family: 4, value: BigInt(a.value) } : { family: 6, value: groupsValue(a.groups) };
}

function ipv4Network(value: number, bits: number): number {
  const size = 2 ** (32 - bits);
  return Math.floor(value / size) * size;
}

/** The groups with the bits after the first `bits` cleared (in place). */
function ipv6Network(groups: number[], bits: number): number[] {
  for (let i = 0; i < 8; i++) {
    const keep = Math.max(0, Math.min(16, bits - 16 * i));
    groups[i] = keep === 0 ? 0 : groups[i]! & ((0xffff << (16 - keep)) & 0xffff);
  }
  return groups;
}

/** Eight 16-bit groups as one integer, in three parts of at most 48 bits (exact in a double): few BigInt steps. */
function groupsValue(g: readonly number[]): bigint {
  const high = (g[0]! * 65536 + g[1]!) * 65536 + g[2]!;
  const middle = (g[3]! * 65536 + g[4]!) * 65536 + g[5]!;
  const low = g[6]! * 65536 + g[7]!;
  return (BigInt(high) << 80n) | (BigInt(middle) << 32n) | BigInt(low);
}
