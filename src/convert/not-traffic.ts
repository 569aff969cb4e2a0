/**
 * Packets that are not traffic, left out of a conversion's verdict:
 * - TCP and UDP port 0: reserved, no stack sends to it, and Aliyun port ranges start at 1. So `tcp 0-65535`
 *   written as Aliyun `1/65535` means the same traffic, and the verdict is exact (`port_zero_unrepresentable`,
 *   info, says so).
 * - ICMP (IPv4) to or from an IPv6 address, and ICMPv6 with an IPv4 address: no such packet exists, so a rule
 *   for them can never match and is not written (`never_match_not_written`).
 * The engine itself keeps these packets in its space (so `explain` and `diff` still answer about them); only
 * the verdict leaves out a difference that lies wholly in them. Any other difference, or one the diff did not
 * list in full, keeps the engine's verdict.
 */
import { ICMP, ICMPV6, PORT_PROTOCOLS } from '../../tables/protocols.js';
import type { SecurityGroup } from '../model/group.js';
import type { Region, Verdict } from '../semantics/api.js';
import { diff } from '../semantics/index.js';

/** A region whose every packet is TCP or UDP to port 0. */
export function onlyPortZero(r: Region): boolean {
  return (
    typeof r.protocol === 'number' &&
    PORT_PROTOCOLS.includes(r.protocol) &&
    r.protocols === undefined &&
    r.ports !== undefined &&
    r.ports.from === 0 &&
    r.ports.to === 0
  );
}

const IPV4_CIDR = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;
const IPV6_CIDR = /^[0-9a-f:]*:[0-9a-f:]*\/\d{1,3}$/i;

/** A region whose every packet is ICMP with an IPv6 peer, or ICMPv6 with an IPv4 peer (CIDR peers only). */
export function onlyFamilyMismatch(r: Region): boolean {
  if (r.protocols !== undefined || r.peers.length === 0) return false;
  if (r.protocol === ICMP) return r.peers.every((p) => IPV6_CIDR.test(p));
  if (r.protocol === ICMPV6) return r.peers.every((p) => IPV4_CIDR.test(p));
  return false;
}

/** A region of packets that are not traffic. */
export function notTraffic(r: Region): boolean {
  return onlyPortZero(r) || onlyFamilyMismatch(r);
}

/** Findings whose rules are the only ones that can make a verdict differ by packets that are not traffic. */
export const NOT_TRAFFIC_CODES: ReadonlySet<string> = new Set([
  'port_zero_unrepresentable',
  'never_match_not_written',
  'rule_never_matches',
]);

/**
 * The verdict of `target` against `source` when packets that are not traffic are left out. `engineVerdict` is the
 * engine's verdict of the two; the diff is computed only when that is not exact.
 */
export function verdictOfTraffic(engineVerdict: Verdict, source: SecurityGroup, target: SecurityGroup): Verdict {
  if (engineVerdict === 'exact') return engineVerdict;
  const d = diff(source, target);
  const narrower = (d.omittedA ?? 0) > 0 || d.onlyA.some((r) => !notTraffic(r));
  const wider = (d.omittedB ?? 0) > 0 || d.onlyB.some((r) => !notTraffic(r));
  return narrower ? (wider ? 'mixed' : 'narrower') : wider ? 'wider' : 'exact';
}
