/**
 * Address text as sgbridge writes it, which is what ipaddr.js writes: IPv4 as a dotted quad, IPv6 in
 * RFC 5952 form. Written here, not by ipaddr.js, because compiled groups hold many thousands of CIDRs.
 */
import type { Family } from './family.js';

/** A dotted quad of a number in 0..2^32-1. */
export function ipv4Text(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/**
 * RFC 5952 text of eight 16-bit groups: lower-case hex without leading zeros, and the longest run of at
 * least two zero groups (the first of equal runs) written as '::'.
 */
export function ipv6Text(groups: ArrayLike<number>): string {
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
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

const v6Groups = new Array<number>(8);

/** The text of an address held as the engine's integer. */
export function addressText(value: bigint, family: Family): string {
  if (family === 4) return ipv4Text(Number(value));
  // The groups are read from the lower-case hex digits in place (the leading zeros toString leaves out are
  // `pad` digits of 0): one string, no slices.
  const hex = value.toString(16);
  const pad = 32 - hex.length;
  for (let k = 0; k < 8; k++) {
    let group = 0;
    for (let i = 4 * k; i < 4 * k + 4; i++) {
      const c = i < pad ? 48 : hex.charCodeAt(i - pad);
      group = group * 16 + (c <= 57 ? c - 48 : c - 87); // 0-9, a-f
    }
    v6Groups[k] = group;
  }
  return ipv6Text(v6Groups);
}
