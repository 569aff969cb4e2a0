/** Address parsing at the model's edge. ipaddr.js does the parsing; nothing here re-implements it. */
import ipaddr from 'ipaddr.js';

export type Family = 4 | 6;

/** ipaddr.js also accepts '10.1' or '0x0a.1.2.3' as IPv4; neither cloud does, so only dotted quads pass. */
function parseStrictAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  // A four-part decimal has no ':'; skipping the check spares ipaddr.js a thrown parse error per IPv6 text.
  if (!text.includes(':') && ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (text.includes(':') && ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  return undefined;
}

/**
 * Canonical CIDR text: the network address (host bits cleared), IPv6 compressed and lower-case.
 * A bare address becomes a host route (/32 or /128), as both clouds store it.
 * Returns undefined for anything that is not an address or CIDR.
 */
export function canonicalCidr(text: string): string | undefined {
  const s = text.trim();
  const slash = s.indexOf('/');
  const fast = canonicalDottedQuad(s, slash);
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

export function cidrFamily(cidr: string): Family {
  return cidr.includes(':') ? 6 : 4;
}

/** True when the text was already canonical (used to report normalisation as a finding). */
export function isCanonicalCidr(text: string): boolean {
  return canonicalCidr(text) === text;
}
