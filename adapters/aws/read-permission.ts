/**
 * One AWS IpPermission (or one SecurityGroupRule's protocol and ports) into canonical rules: each IpRanges,
 * Ipv6Ranges, PrefixListIds and UserIdGroupPairs entry becomes its own rule, with the entry's pointer as origin.
 * Conventions (agreed across adapters): protocol 'all' or an IANA number; ports only for TCP/UDP; ICMP
 * FromPort/ToPort are type/code with -1 = any; ports of other protocols have no effect on AWS (reported).
 */
import { ICMP_PROTOCOLS, PORT_PROTOCOLS, parseProtocol } from '../../tables/protocols.js';
import { canonicalCidr, cidrFamily } from '../../src/address/index.js';
import type { Direction, IcmpMatch, Peer, PortRange, Protocol, Rule, Tag } from '../../src/model/rule.js';
import { isLeftOut, type LeftOut, type Report } from '../../src/report/report.js';
import { memberNamesBySubset, type ProvenanceField } from '../../src/model/provenance.js';
import {
  IP_RANGE_FIELDS,
  IPV6_RANGE_FIELDS,
  PAIR_FIELDS,
  PERMISSION_FIELDS,
  PREFIX_LIST_FIELDS,
  TAG_FIELDS,
  reportUnknownFields,
} from './fields.js';
import { TranslateError } from '../../src/errors.js';
import { invalid, provenancePointer, type Node } from './values.js';

export interface Match {
  readonly protocol: Protocol;
  readonly ports?: PortRange;
  readonly icmp?: IcmpMatch;
}

const PORT_MAX = 65535;
const ICMP_MAX = 255;

/** Drop undefined members so goldens and equality see only what is set. */
export function compact<T extends object>(o: T): T {
  // Same keys in the same order as Object.fromEntries(Object.entries(o).filter(...)), without the pairs.
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    const v = (o as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as T;
}

/**
 * Protocol, ports and ICMP type/code of a permission or rule. LeftOut when the rule cannot mean anything
 * (reported `value_unreadable` and recorded, so the rule is left out: narrower, never wider).
 */
export function readMatch(node: Node, report: Report): Match | LeftOut {
  const token = node.str('IpProtocol');
  if (token === undefined) throw invalid('IpProtocol is required', node.at('IpProtocol'), 'MissingParameter');
  const protocol = parseProtocol(token);
  if (protocol === undefined)
    throw invalid(`unknown protocol "${token}"`, node.at('IpProtocol'), 'InvalidParameterValue');
  const from = node.int('FromPort');
  const to = node.int('ToPort');
  if (protocol !== 'all' && PORT_PROTOCOLS.includes(protocol)) {
    if (from === undefined || to === undefined) {
      throw invalid(
        `${token} needs FromPort and ToPort`,
        node.at(from === undefined ? 'FromPort' : 'ToPort'),
        'InvalidPermission.Malformed',
      );
    }
    if (from === -1 && to === -1) {
      // Seen in public samples (a doc example's output); AWS has no "all ports" spelling for tcp/udp.
      report.add('value_unreadable', node.pointer, { value: '-1/-1', field: `FromPort/ToPort of ${token}` });
      return report.leaveOut({
        rulePointer: node.pointer,
        pointer: node.at('FromPort'),
        action: 'allow',
        providerCode: 'InvalidParameterValue',
        message: `FromPort ${from} is outside 0..${PORT_MAX}`,
      });
    }
    if (from < 0 || from > PORT_MAX)
      throw invalid(`FromPort ${from} is outside 0..${PORT_MAX}`, node.at('FromPort'), 'InvalidParameterValue');
    if (to < 0 || to > PORT_MAX)
      throw invalid(`ToPort ${to} is outside 0..${PORT_MAX}`, node.at('ToPort'), 'InvalidParameterValue');
    if (from > to)
      throw invalid(`FromPort ${from} exceeds ToPort ${to}`, node.at('FromPort'), 'InvalidPermission.Malformed');
    return { protocol, ports: { from, to } };
  }
  if (protocol !== 'all' && ICMP_PROTOCOLS.includes(protocol)) {
    if (from === undefined || from === -1) {
      if (to !== undefined && to !== -1)
        throw invalid(
          'ToPort (ICMP code) needs a FromPort (ICMP type)',
          node.at('ToPort'),
          'InvalidPermission.Malformed',
        );
      return { protocol };
    }
    if (from < 0 || from > ICMP_MAX)
      throw invalid(`ICMP type ${from} is outside 0..${ICMP_MAX}`, node.at('FromPort'), 'InvalidParameterValue');
    if (to !== undefined && (to < -1 || to > ICMP_MAX))
      throw invalid(`ICMP code ${to} is outside -1..${ICMP_MAX}`, node.at('ToPort'), 'InvalidParameterValue');
    return { protocol, icmp: { type: from, code: to === undefined || to === -1 ? 'any' : to } };
  }
  if ((from !== undefined && from !== -1) || (to !== undefined && to !== -1)) {
    // Reported on the permission: the finding is about the FromPort/ToPort pair.
    report.add('ports_ignored_for_protocol', node.pointer, {
      ports: `${from ?? ''}-${to ?? ''}`,
      protocol: token,
    });
  }
  return { protocol };
}

/** A CIDR of the expected family, canonical; LeftOut (reported and recorded) when unreadable. */
export function readCidr(node: Node, key: string, family: 4 | 6, report: Report): string | LeftOut {
  const text = node.str(key);
  if (text === undefined) {
    report.add('value_unreadable', node.at(key), { value: '(empty)', field: key });
    return report.leaveOut({
      rulePointer: node.pointer,
      pointer: node.at(key),
      action: 'allow',
      providerCode: 'MissingParameter',
      message: `${key} is required`,
    });
  }
  const cidr = canonicalCidr(text);
  if (cidr === undefined || cidrFamily(cidr) !== family) {
    report.add('value_unreadable', node.at(key), { value: text, field: key });
    // The same code and wording as validate (validate.ts checkCidr).
    const message = `${text} is not an IPv${family} CIDR (a single host is written /${family === 4 ? 32 : 128})`;
    return report.leaveOut({
      rulePointer: node.pointer,
      pointer: node.at(key),
      action: 'allow',
      providerCode: 'InvalidPermission.Malformed',
      message,
    });
  }
  if (cidr !== text) report.add('cidr_normalized', node.at(key), { value: text, cidr });
  return cidr;
}

export function readTags(node: Node, key: string, report: Report, shape: string): Tag[] | undefined {
  if (!node.has(key)) return undefined;
  return node.list(key).map((t) => {
    reportUnknownFields(t, TAG_FIELDS, report, shape);
    const k = t.rawStr('Key');
    if (k === undefined) throw invalid('a tag needs a Key', t.at('Key'), 'MissingParameter');
    return { key: k, value: t.rawStr('Value') ?? '' };
  });
}

export interface PeerEntry {
  readonly peer: Peer;
  readonly description?: string;
  readonly pointer: string;
  /** The entry object itself, for the pointers of its fields. */
  readonly node: Node;
}

/** The entry members provenance names (JSON input): bit i of a mask is candidate i. */
const ENTRY_MEMBERS = memberNamesBySubset([
  ['description', 'Description'],
  ['peerGroupId', 'GroupId'],
  ['peerGroupId', 'GroupName'],
  ['peerOwnerId', 'UserId'],
  ['peerPrefixListId', 'PrefixListId'],
]);

/**
 * Where each field later stages name in findings came from (src/model/provenance.ts): the entry's own fields.
 * In JSON input each is a member of the entry, recorded as one shared table of member names; for query and
 * XML input see provenancePointer.
 */
function recordProvenance(p: PeerEntry, report: Report): void {
  const { peer } = p;
  if (p.node.ctx.sources === undefined) {
    let mask = p.description !== undefined ? 1 : 0;
    if (peer.kind === 'group') mask |= (peer.groupId !== undefined ? 2 : 4) | (peer.ownerId !== undefined ? 8 : 0);
    else if (peer.kind === 'prefixList') mask |= 16;
    if (mask !== 0) report.provenance.recordMembers(p.pointer, ENTRY_MEMBERS(mask));
    return;
  }
  const record = (field: ProvenanceField, name: string) => {
    const at = provenancePointer(p.node, name);
    if (at !== undefined) report.provenance.record(p.pointer, field, at);
  };
  if (p.description !== undefined) record('description', 'Description');
  if (peer.kind === 'group') {
    record('peerGroupId', peer.groupId !== undefined ? 'GroupId' : 'GroupName');
    if (peer.ownerId !== undefined) record('peerOwnerId', 'UserId');
  } else if (peer.kind === 'prefixList') record('peerPrefixListId', 'PrefixListId');
}

/** A UserIdGroupPair or ReferencedGroupInfo as a group peer; LeftOut (reported, recorded) without GroupId or GroupName. */
export function readGroupPeer(pair: Node, report: Report): Peer | LeftOut {
  const groupId = pair.str('GroupId');
  const groupName = pair.str('GroupName');
  if (groupId === undefined && groupName === undefined) {
    report.add('value_unreadable', pair.pointer, { value: '(no GroupId or GroupName)', field: 'UserIdGroupPair' });
    return report.leaveOut({
      rulePointer: pair.pointer,
      pointer: pair.pointer,
      action: 'allow',
      providerCode: 'MissingParameter',
      message: 'a group pair needs GroupId or GroupName',
    });
  }
  // The set members only, in the model's key order (GroupPeer).
  const peer: Peer = { kind: 'group' };
  if (groupId !== undefined) peer.groupId = groupId;
  if (groupName !== undefined) peer.groupName = groupName;
  const ownerId = pair.str('UserId');
  if (ownerId !== undefined) peer.ownerId = ownerId;
  const vpcId = pair.str('VpcId');
  if (vpcId !== undefined) peer.vpcId = vpcId;
  const peeringId = pair.str('VpcPeeringConnectionId');
  if (peeringId !== undefined) peer.vpcPeeringConnectionId = peeringId;
  const peeringStatus = pair.str('PeeringStatus');
  if (peeringStatus !== undefined) peer.peeringStatus = peeringStatus;
  return peer;
}

/** Every peer entry of a permission, in the order AWS prints them; an unreadable one as its LeftOut. */
export function readPeers(perm: Node, report: Report, shape: string): (PeerEntry | LeftOut)[] {
  const out: (PeerEntry | LeftOut)[] = [];
  const push = (entry: Node, peer: Peer | LeftOut) => {
    if (isLeftOut(peer)) out.push(peer);
    else {
      const description = entry.str('Description');
      out.push(
        description === undefined
          ? { peer, pointer: entry.pointer, node: entry }
          : { peer, description, pointer: entry.pointer, node: entry },
      );
    }
  };
  for (const r of perm.list('IpRanges')) {
    reportUnknownFields(r, IP_RANGE_FIELDS, report, shape);
    const cidr = readCidr(r, 'CidrIp', 4, report);
    push(r, isLeftOut(cidr) ? cidr : { kind: 'cidr', cidr });
  }
  for (const r of perm.list('Ipv6Ranges')) {
    reportUnknownFields(r, IPV6_RANGE_FIELDS, report, shape);
    const cidr = readCidr(r, 'CidrIpv6', 6, report);
    push(r, isLeftOut(cidr) ? cidr : { kind: 'cidr', cidr });
  }
  for (const r of perm.list('PrefixListIds')) {
    reportUnknownFields(r, PREFIX_LIST_FIELDS, report, shape);
    const id = r.str('PrefixListId');
    if (id === undefined) {
      report.add('value_unreadable', r.at('PrefixListId'), { value: '(empty)', field: 'PrefixListId' });
      push(
        r,
        report.leaveOut({
          rulePointer: r.pointer,
          pointer: r.at('PrefixListId'),
          action: 'allow',
          providerCode: 'MissingParameter',
          message: 'PrefixListId is required',
        }),
      );
    } else push(r, { kind: 'prefixList', prefixListId: id });
  }
  for (const r of perm.list('UserIdGroupPairs')) {
    reportUnknownFields(r, PAIR_FIELDS, report, shape);
    push(r, readGroupPeer(r, report));
  }
  return out;
}

export interface PermissionContext {
  readonly direction: Direction;
  readonly report: Report;
  readonly shape: string;
  /** Tags the request applies to every rule it creates (TagSpecifications of type security-group-rule). */
  readonly tags?: Tag[];
}

/**
 * Run a reader of one rule (or permission). A value AWS rejects throws, as always; when the caller asked to
 * leave such rules out (`report.leaveOutInvalid`, from --skip-invalid), it is recorded with the error's
 * pointer and code instead (src/convert/skipped.ts reports it and accounts for it in the verdict).
 */
export function orSkip<T>(rulePointer: string, report: Report, read: () => T): T | LeftOut {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof TranslateError) || e.code !== 'input_invalid' || !report.leaveOutInvalid) throw e;
    const { pointer, providerCode } = e.location;
    return report.leaveOut({
      rulePointer,
      pointer: pointer ?? rulePointer,
      action: 'allow',
      ...(providerCode !== undefined && { providerCode }),
      message: e.message,
    });
  }
}

/** One IpPermission → one canonical rule per peer entry; each rule left out as its LeftOut. */
export function readPermission(perm: Node, ctx: PermissionContext): (Rule | LeftOut)[] {
  reportUnknownFields(perm, PERMISSION_FIELDS, ctx.report, ctx.shape);
  const read = orSkip(perm.pointer, ctx.report, () => ({
    match: readMatch(perm, ctx.report),
    peers: readPeers(perm, ctx.report, ctx.shape),
  }));
  if (isLeftOut(read)) return [read];
  const { match, peers } = read;
  // An unreadable match leaves the whole permission out (recorded once, at the permission).
  if (isLeftOut(match)) return [match, ...peers.filter(isLeftOut)];
  return peers.map((p) => {
    if (isLeftOut(p)) return p;
    recordProvenance(p, ctx.report);
    // The set members only, in the model's key order (what SecurityGroup.parse returns).
    const rule: Partial<Rule> = { direction: ctx.direction, action: 'allow', protocol: match.protocol };
    if (match.ports !== undefined) rule.ports = match.ports;
    if (match.icmp !== undefined) rule.icmp = match.icmp;
    rule.peer = p.peer;
    if (p.description !== undefined) rule.description = p.description;
    if (ctx.tags !== undefined) rule.tags = ctx.tags;
    rule.origin = { provider: 'aws', pointer: p.pointer };
    return rule as Rule;
  });
}
