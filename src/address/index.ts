/**
 * Addresses and CIDRs: the one place sgbridge reads, canonicalises and computes with them (docs/architecture.md).
 *   scan.ts          text → numbers: the fast path for dotted quads and plain IPv6, ipaddr.js for the rest
 *   read.ts          canonical CIDR text, CIDRs as integer intervals, addresses as integers (memoised)
 *   format.ts        numbers → text (what ipaddr.js writes)
 *   interval-set.ts  sets of addresses as sorted disjoint intervals
 *   blocks.ts        intervals back to the fewest CIDRs
 */
export { FAMILY_MAX, cidrFamily, type Family } from './family.js';
export {
  canonicalCidr,
  isCanonicalCidr,
  cidrToInterval,
  cidrPrefix,
  parseAddressValue,
  type ParsedCidr,
} from './read.js';
export { IntervalSet, type Interval } from './interval-set.js';
export { intervalToBlocks, blockInterval, blockText, type Block } from './blocks.js';
