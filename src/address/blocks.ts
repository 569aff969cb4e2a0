/** The way back from intervals of addresses to CIDRs: the fewest aligned blocks covering an interval. */
import { FAMILY_BITS, type Family } from './family.js';
import { addressText } from './format.js';
import type { ParsedCidr } from './read.js';

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

/** 2^0 … 2^128, so block sizes are read, not computed. */
const POW2: readonly bigint[] = Array.from({ length: 129 }, (_, i) => 1n << BigInt(i));

/** An aligned block of addresses: the CIDR `start/prefix`. */
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
      // The largest block aligned at `cur` (its trailing zero bits) that does not pass `end` (the bit length
      // of what is left, less one).
      const align = cur === 0 ? 32 : 31 - Math.clz32(cur & -cur);
      const left = end - cur + 1; // 1 .. 2^32
      const fit = left >= 2 ** 32 ? 32 : left >= 2 ** 31 ? 31 : 31 - Math.clz32(left);
      const tz = Math.min(align, fit);
      out.push({ start: BigInt(cur), prefix: 32 - tz });
      cur += 2 ** tz;
    }
    return out;
  }
  let cur = lo;
  // What is left, and the highest bit of it (it only shrinks: tracked instead of measured per block).
  let left = hi - lo + 1n;
  if (left <= 0n) return out;
  let fit = bitLength(left) - 1;
  while (left > 0n) {
    // The largest block aligned at `cur` that does not pass `hi`.
    while (POW2[fit]! > left) fit--;
    const tz = Math.min(trailingZeros(cur, max), fit);
    out.push({ start: cur, prefix: max - tz });
    cur += POW2[tz]!;
    left -= POW2[tz]!;
  }
  return out;
}

export function blockText(block: Block, family: Family): string {
  return `${addressText(block.start, family)}/${block.prefix}`;
}

/** The interval of an aligned block: what its text (blockText) denotes. */
export function blockInterval(block: Block, family: Family): ParsedCidr {
  return { family, lo: block.start, hi: block.start + POW2[FAMILY_BITS[family] - block.prefix]! - 1n };
}

/** Cut [lo, hi] into the fewest CIDRs. */
export function intervalToCidrs(lo: bigint, hi: bigint, family: Family, out: string[] = []): string[] {
  for (const b of intervalToBlocks(lo, hi, family)) out.push(blockText(b, family));
  return out;
}
