/**
 * Address parsing at the model's edge. ipaddr.js parses; the plain dotted-quad and hex-group forms that
 * fill real payloads have a hand-written fast path, checked against ipaddr.js on random text
 * (test/model/address-fast.test.ts), and anything unusual goes to ipaddr.js.
 */
import ipaddr from 'ipaddr.js';
import { memoByText } from './memo.js';

export type Family = 4 | 6;

/** ipaddr.js also accepts '10.1' or '0x0a.1.2.3' as IPv4; neither cloud does, so only dotted quads pass. */
function parseStrictAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  // A four-part decimal has no ':'; skipping the check spares ipaddr.js a thrown parse error per IPv6 text.
  if (!text.includes(':') && ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  // A zone ID (`fe80::1%eth0`) names an interface of one host; neither cloud accepts one in a rule.
  if (text.includes(':') && !text.includes('%') && ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  return undefined;
}

/**
 * Canonical CIDR text: the network address (host bits cleared), IPv6 compressed and lower-case.
 * A bare address becomes a host route (/32 or /128), as both clouds store it.
 * Returns undefined for anything that is not an address or CIDR.
 * Remembered by text: a fleet repeats the same CIDRs (0.0.0.0/0, the wide blocks) in every group, and readers,
 * validators and the model schema each ask for them (bounded, as the engine's CIDR cache).
 */
export const canonicalCidr: (text: string) => string | undefined = memoByText((text) => canonicalCidrText(text), 100_000);

function canonicalCidrText(text: string): string | undefined {
  const s = text.trim();
  const slash = s.indexOf('/');
  const fast = canonicalDottedQuad(s, slash) ?? canonicalPlainIPv6(s, slash);
  if (fast !== undefined) return fast;
  const addr = parseStrictAddress(slash < 0 ? s : s.slice(0, slash));
  if (addr === undefined) return undefined;
  const max = addr.kind() === 'ipv4' ? 32 : 128;
  let bits = max;
  if (slash >= 0) {
    const b = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(b) || Number(b) > max) return undefined;
    bits = Number(b);
  }
  const cidr = `${addr.toString()}/${bits}`;
  const network = addr.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(cidr) : ipaddr.IPv6.networkAddressFromCIDR(cidr);
  return `${network.toString()}/${bits}`;
}

/** A canonical dotted quad (no leading zeros, octets up to 255): every such text is valid for ipaddr.js too. */
const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/**
 * canonicalCidr's common case without ipaddr.js (readers meet tens of thousands of IPv4 CIDRs): a dotted
 * quad with a valid prefix length, formatted as ipaddr.js formats its network address. undefined: not this
 * case (the general path decides, errors included).
 */
function canonicalDottedQuad(s: string, slash: number): string | undefined {
  const m = DOTTED_QUAD.exec(slash < 0 ? s : s.slice(0, slash));
  if (m === null) return undefined;
  const octets = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  if (octets.some((o) => o > 255)) return undefined;
  let bits = 32;
  if (slash >= 0) {
    const b = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(b) || Number(b) > 32) return undefined;
    bits = Number(b);
  }
  const value = ((octets[0]! * 256 + octets[1]!) * 256 + octets[2]!) * 256 + octets[3]!;
  const size = 2 ** (32 - bits);
  const n = Math.floor(value / size) * size;
  return `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}/${bits}`;
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/**
 * The eight 16-bit groups of a plain IPv6 address (hex groups of 1 to 4 digits, at most one `::`; no
 * embedded IPv4, no zone), or undefined for any other text. Every text it accepts, ipaddr.js accepts with
 * the same value.
 */
export function plainIPv6Parts(addr: string): number[] | undefined {
  if (!addr.includes(':') || addr.includes('.') || addr.includes('%')) return undefined;
  const gap = addr.indexOf('::');
  let head: string[];
  let tail: string[];
  if (gap < 0) {
    head = addr.split(':');
    tail = [];
    if (head.length !== 8) return undefined;
  } else {
    if (addr.indexOf('::', gap + 1) >= 0) return undefined;
    const a = addr.slice(0, gap);
    const b = addr.slice(gap + 2);
    head = a === '' ? [] : a.split(':');
    tail = b === '' ? [] : b.split(':');
    if (head.length + tail.length > 7) return undefined;
  }
  for (const g of head) if (!HEX_GROUP.test(g)) return undefined;
  for (const g of tail) if (!HEX_GROUP.test(g)) return undefined;
  const parts: number[] = [];
  for (const g of head) parts.push(parseInt(g, 16));
  while (parts.length < 8 - tail.length) parts.push(0);
  for (const g of tail) parts.push(parseInt(g, 16));
  return parts;
}

/**
 * RFC 5952 text of eight 16-bit groups (what ipaddr.js writes): lower-case hex without leading zeros, and the
 * longest run of at least two zero groups (the first of equal runs) written as '::'.
 */
export function ipv6Text(groups: ArrayLike<number>): string {
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string => {
    let text = '';
    for (let i = from; i < to; i++) text += i === from ? groups[i]!.toString(16) : `:${groups[i]!.toString(16)}`;
    return text;
  };
  return bestAt < 0 ? hex(0, 8) : `${hex(0, bestAt)}::${hex(bestAt + bestLen, 8)}`;
}

/**
 * canonicalCidr's IPv6 case without ipaddr.js, for plain hex groups (no embedded IPv4, no zone): parsed,
 * host bits cleared and written in RFC 5952 form exactly as ipaddr.js writes it (lower case, no leading
 * zeros, the longest run of two or more zero groups as `::`, the first of equal runs). undefined: not this
 * case (the general path decides, errors included).
 */
function canonicalPlainIPv6(s: string, slash: number): string | undefined {
  const parts = plainIPv6Parts(slash < 0 ? s : s.slice(0, slash));
  if (parts === undefined) return undefined;
  let bits = 128;
  if (slash >= 0) {
    const b = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(b) || Number(b) > 128) return undefined;
    bits = Number(b);
  }
  for (let i = 0; i < 8; i++) {
    const keep = Math.max(0, Math.min(16, bits - 16 * i));
    parts[i] = keep === 0 ? 0 : parts[i]! & ((0xffff << (16 - keep)) & 0xffff);
  }
  return `${ipv6Text(parts)}/${bits}`;
}

export function cidrFamily(cidr: string): Family {
  return cidr.includes(':') ? 6 : 4;
}

/** True when the text was already canonical (used to report normalisation as a finding). */
export function isCanonicalCidr(text: string): boolean {
  return canonicalCidr(text) === text;
}
