/**
 * One pair of the audit: A is brought to B's IDs as `sgbridge diff` does (the mapping renames A's references,
 * and A's self-references become B's ID), both are compared by the engine, and each region only one side
 * allows is ranked by exposure and explained by a sample packet: which rule lets it in on one side, and what
 * keeps it out on the other.
 */
import { applyMapping, renameSelf } from '../convert/apply-mapping.js';
import { diff, explain } from '../semantics/index.js';
import { sortFindings } from '../convert/assign-findings.js';
import type { Mapping } from '../idmap/index.js';
import type { SecurityGroup } from '../model/group.js';
import { Report } from '../report/report.js';
import type { Packet, Region } from '../semantics/api.js';
import { exposureOf, peerClass, sensitivePorts } from './exposure.js';
import type {
  AuditGroup,
  Decider,
  Difference,
  GroupRef,
  PairingMethod,
  PairResult,
  Side,
  SideFinding,
} from './types.js';

/**
 * Differences explained per pair (the worst ones): each explanation evaluates both groups again for one
 * packet, which costs about as much as a third of the pair's diff. The rest are listed unexplained.
 */
export const EXPLAINED_PER_PAIR = 5;

export interface PairOptions {
  readonly mapping: Mapping;
  /** The user states that group members and prefix-list addresses are disjoint from each other and from CIDRs. */
  readonly assumeDisjoint: boolean;
  /** At most this many regions per side are listed (the engine's cap); the rest are counted. */
  readonly maxRegions?: number;
}

export function groupRef(g: AuditGroup): GroupRef {
  const { group } = g;
  return {
    provider: group.provider,
    ...(group.id !== undefined && { id: group.id }),
    ...(group.name !== undefined && { name: group.name }),
    ...(group.region !== undefined && { region: group.region }),
    ...(group.vpcId !== undefined && { vpcId: group.vpcId }),
    file: g.file,
    pointer: group.pointer ?? '',
  };
}

/** Peer labels of `diff` back to packet peers: a CIDR's first address, or the atom a label names. */
function samplePeer(label: string): Packet['peer'] | undefined {
  if (label.includes('/')) return { kind: 'address', address: label.slice(0, label.indexOf('/')) };
  if (label.startsWith('any ')) return undefined; // "any group or prefix list except …": no single atom
  if (label.startsWith('group-name:')) return { kind: 'atom', atom: label };
  return { kind: 'atom', atom: label.startsWith('pl-') ? `prefixList:${label}` : `group:${label}` };
}

/**
 * One packet inside a region, chosen to be the telling one: the worst peer, and a management or database port
 * when the region opens one.
 */
export function samplePacket(region: Region, worstPeer: string | undefined): Packet | undefined {
  const peer = worstPeer === undefined ? undefined : samplePeer(worstPeer);
  if (peer === undefined) return undefined;
  const hit = sensitivePorts(region)[0];
  const protocol = region.protocol === 'all' ? (hit?.protocol === 'udp' ? 17 : 6) : region.protocol;
  const packet: { -readonly [K in keyof Packet]: Packet[K] } = { direction: region.direction, protocol, peer };
  if (protocol === 6 || protocol === 17) packet.dstPort = hit?.port ?? region.ports?.from ?? 0;
  if (region.icmp || region.icmpRange) {
    packet.icmpType = region.icmpRange?.type.from ?? (region.icmp?.type === 'any' ? 8 : (region.icmp?.type ?? 8));
    packet.icmpCode = region.icmpRange?.code.from ?? (region.icmp?.code === 'any' ? 0 : (region.icmp?.code ?? 0));
  }
  if (region.sourcePorts) packet.srcPort = region.sourcePorts.from;
  const local = region.local?.[0];
  if (local !== undefined) packet.local = local.slice(0, local.indexOf('/'));
  return packet;
}

/**
 * What decides a sample packet in a group. When the answer depends on the host (a member of a group may have
 * any address), the pointer is that of the first rule giving the answer this side stands for: an allowing
 * rule on the side that allows the region, a denying one on the other.
 */
function decider(
  group: SecurityGroup,
  packet: Packet,
  assumeDisjoint: boolean,
  allowing: boolean,
): Decider | undefined {
  try {
    const e = explain(group, packet, { assumeDisjoint });
    const decision =
      e.decidedBy ?? e.cases?.find((c) => c.allowed === allowing && c.decidedBy.kind === 'rule')?.decidedBy;
    const pointer = decision?.kind === 'rule' ? decision.pointer : undefined;
    return { text: e.text, ...(pointer !== undefined && { pointer }) };
  } catch (err) {
    // Known exception to "only src/cli prints": a debug-only stack; the audit has no diagnostics channel yet.
    // eslint-disable-next-line no-console
    if (process.env['SGBRIDGE_DEBUG'] === '1') console.error(err);
    return undefined; // a region whose sample the explainer cannot place is still reported, unexplained
  }
}

/** Ranked, not yet explained. */
function ranked(regions: readonly Region[], allowedBy: Side): Difference[] {
  return regions.map((region) => ({ allowedBy, region, exposure: exposureOf(region) }));
}

/** A difference with what lets its sample packet in on the allowing side and what keeps it out on the other. */
function explained(d: Difference, allowing: SecurityGroup, other: SecurityGroup, assumeDisjoint: boolean): Difference {
  const { region, exposure } = d;
  // The sample's peer: a peer of the worst class (for "the internet" cut into pieces, the widest CIDR).
  const worstPeer =
    region.peers.find((p) => peerClass(p) === exposure.peer) ??
    [...region.peers]
      .filter((p) => p.includes('/'))
      .sort((x, y) => Number(x.split('/')[1]) - Number(y.split('/')[1]))[0];
  const packet = samplePacket(region, worstPeer);
  const allowingBy = packet && decider(allowing, packet, assumeDisjoint, true);
  const denyingBy = packet && decider(other, packet, assumeDisjoint, false);
  return { ...d, ...(allowingBy && { allowing: allowingBy }), ...(denyingBy && { denying: denyingBy }) };
}

export function worstFirst(x: Difference, y: Difference): number {
  return y.exposure.score - x.exposure.score || (x.allowedBy < y.allowedBy ? -1 : x.allowedBy > y.allowedBy ? 1 : 0);
}

/** Compare one pair; A's references are renamed to B's IDs, and what could not be renamed is a finding. */
export function comparePair(a: AuditGroup, b: AuditGroup, pairedBy: PairingMethod, options: PairOptions): PairResult {
  const report = new Report();
  const ga = a.group;
  const gb = b.group;
  const targetId = gb.id ?? ga.id ?? 'sg-sgbridge-b';
  const renamed =
    ga.provider === gb.provider
      ? renameSelf(ga, targetId)
      : applyMapping(ga, { mapping: options.mapping, to: gb.provider, targetId, report }).renamed;
  const d = diff(renamed, gb, {
    assumeDisjoint: options.assumeDisjoint,
    ...(options.maxRegions !== undefined && { maxRegions: options.maxRegions }),
  });
  const diffs = d.equivalent
    ? []
    : [...ranked(d.onlyA, 'A'), ...ranked(d.onlyB, 'B')]
        .sort(worstFirst)
        .map((x, i) =>
          i >= EXPLAINED_PER_PAIR
            ? x
            : x.allowedBy === 'A'
              ? explained(x, renamed, gb, options.assumeDisjoint)
              : explained(x, gb, renamed, options.assumeDisjoint),
        );
  const explaining = (side: Side, fs: AuditGroup['findings']): SideFinding[] =>
    fs.filter((f) => f.severity !== 'info').map((f) => ({ ...f, side }));
  const findings = [
    ...explaining('A', sortFindings(report.findings)),
    ...explaining('A', a.findings),
    ...explaining('B', b.findings),
  ];
  return {
    a: groupRef(a),
    b: groupRef(b),
    pairedBy,
    equivalent: d.equivalent,
    differences: diffs,
    omitted: { A: d.omittedA ?? 0, B: d.omittedB ?? 0 },
    findings,
  };
}
