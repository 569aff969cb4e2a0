/**
 * How much a difference matters: what the region that only one side allows opens. Three orders, from the
 * issue, combined into one level and one score (docs/audit.md has the table):
 *   peers    the whole internet (0.0.0.0/0, ::/0) > large public ranges > other public ranges > private
 *            ranges > group and prefix-list references
 *   ports    management and database ports (tables/exposure.ts) > other ports
 *   direction ingress > egress
 * Levels: critical = ingress from the whole internet to a management or database port (what
 * `--fail-on exposure` fails on); high = other ingress from the whole internet, or ingress from a large public
 * range to a management or database port; medium = other ingress from public ranges, or egress to the whole
 * internet or a large public range; low = the rest.
 */
import { cidrPrefix, cidrToInterval, IntervalSet, type Family, type ParsedCidr } from '../address/index.js';
import { LARGE_PUBLIC_PREFIX, NON_PUBLIC_BLOCKS, SENSITIVE_PORTS, type ServiceKind } from '../../tables/exposure.js';
import type { Region } from '../semantics/api.js';

export type PeerClass = 'internet' | 'public-large' | 'public' | 'private' | 'reference';
export type ExposureLevel = 'critical' | 'high' | 'medium' | 'low';

export const PEER_CLASSES: readonly PeerClass[] = ['reference', 'private', 'public', 'public-large', 'internet'];
export const EXPOSURE_LEVELS: readonly ExposureLevel[] = ['low', 'medium', 'high', 'critical'];

export interface SensitiveHit {
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly service: string;
  readonly kind: ServiceKind;
}

export interface Exposure {
  readonly level: ExposureLevel;
  /** Larger is worse; orders differences within and across levels. */
  readonly score: number;
  /** The worst peer class among the region's peers. */
  readonly peer: PeerClass;
  /** The management and database ports the region opens. */
  readonly sensitive: readonly SensitiveHit[];
}

const PROTOCOL_NUMBER = { tcp: 6, udp: 17 } as const;

function interval(cidr: string): ParsedCidr {
  const c = cidrToInterval(cidr);
  if (c === undefined) throw new TypeError(`not an IPv4 or IPv6 CIDR: ${cidr}`);
  return c;
}

const NON_PUBLIC = NON_PUBLIC_BLOCKS.map((b) => interval(b.cidr));

/**
 * Whether CIDRs cover every public address of a family: the whole internet, even when private ranges are
 * cut out of it (`0.0.0.0/0` minus `10.20.0.0/16` is written as sixteen CIDRs and is still the internet).
 */
export function coversInternet(cidrs: readonly string[]): boolean {
  return (
    coversFamily(
      cidrs.filter((c) => !c.includes(':')),
      4,
    ) ||
    coversFamily(
      cidrs.filter((c) => c.includes(':')),
      6,
    )
  );
}

function coversFamily(cidrs: readonly string[], family: Family): boolean {
  if (cidrs.length === 0) return false;
  return IntervalSet.of([...NON_PUBLIC.filter((b) => b.family === family), ...cidrs.map(interval)]).isFull(family);
}

/** The class of one peer label as `diff` writes them: a CIDR, or an atom label (`sg-…`, `pl-…`, …). */
export function peerClass(peer: string): PeerClass {
  if (peer === '0.0.0.0/0' || peer === '::/0') return 'internet';
  const c = peer.includes('/') ? cidrToInterval(peer) : undefined;
  if (c === undefined) return 'reference';
  if (NON_PUBLIC.some((b) => b.family === c.family && b.lo <= c.lo && c.hi <= b.hi)) return 'private';
  return cidrPrefix(c) <= (c.family === 4 ? LARGE_PUBLIC_PREFIX.v4 : LARGE_PUBLIC_PREFIX.v6)
    ? 'public-large'
    : 'public';
}

function coversProtocol(region: Region, protocol: number): boolean {
  if (region.protocol === 'all') return true;
  if (region.protocols) return region.protocols.from <= protocol && protocol <= region.protocols.to;
  return region.protocol === protocol;
}

/** The management and database ports inside a region (all ports when it names none). */
export function sensitivePorts(region: Region): SensitiveHit[] {
  const hits: SensitiveHit[] = [];
  for (const row of SENSITIVE_PORTS) {
    for (const protocol of row.protocols) {
      if (!coversProtocol(region, PROTOCOL_NUMBER[protocol])) continue;
      const ports = region.ports;
      if (ports !== undefined && (row.port < ports.from || row.port > ports.to)) continue;
      hits.push({ port: row.port, protocol, service: row.service, kind: row.kind });
    }
  }
  return hits;
}

function levelOf(ingress: boolean, peer: PeerClass, sensitive: boolean): ExposureLevel {
  if (ingress) {
    if (peer === 'internet') return sensitive ? 'critical' : 'high';
    if (peer === 'public-large') return sensitive ? 'high' : 'medium';
    if (peer === 'public') return 'medium';
    return 'low';
  }
  return peer === 'internet' || peer === 'public-large' ? 'medium' : 'low';
}

/** The worst class among a region's peers; all of them together may be the internet. */
export function worstPeerClass(peers: readonly string[]): PeerClass {
  let worst: PeerClass = 'reference';
  for (const p of peers) {
    const c = peerClass(p);
    if (PEER_CLASSES.indexOf(c) > PEER_CLASSES.indexOf(worst)) worst = c;
  }
  if (worst !== 'internet' && worst !== 'reference' && coversInternet(peers.filter((p) => p.includes('/'))))
    return 'internet';
  return worst;
}

export function exposureOf(region: Region): Exposure {
  const worst = worstPeerClass(region.peers);
  const sensitive = sensitivePorts(region);
  const ingress = region.direction === 'ingress';
  const level = levelOf(ingress, worst, sensitive.length > 0);
  const score =
    EXPOSURE_LEVELS.indexOf(level) * 1000 +
    PEER_CLASSES.indexOf(worst) * 100 +
    (sensitive.length > 0 ? 10 : 0) +
    (ingress ? 1 : 0);
  return { level, score, peer: worst, sensitive };
}

/** The deciding question of `--fail-on exposure`. */
export function isInternetOpenSensitive(e: Exposure): boolean {
  return e.level === 'critical';
}
