/**
 * DescribeSecurityGroupRules output (also the `SecurityGroupRules` of an Authorize result) → one canonical
 * group per GroupId, in order of first appearance. Each SecurityGroupRule has exactly one peer.
 */
import type { SecurityGroup } from '../../src/model/group.js';
import { MODEL_VERSION } from '../../src/model/version.js';
import type { Peer, Rule } from '../../src/model/rule.js';
import type { ProvenanceField } from '../../src/model/provenance.js';
import { isLeftOut, type LeftOut, type Report } from '../../src/report/report.js';
import { REFERENCED_GROUP_FIELDS, RULE_FIELDS, reportUnknownFields } from './fields.js';
import { invalid, provenancePointer, type Node } from './values.js';
import { compact, orSkip, readCidr, readGroupPeer, readMatch, readTags } from './read-permission.js';

export const DESCRIBE_RULES = 'describe-security-group-rules';

const PEER_FIELDS = ['CidrIpv4', 'CidrIpv6', 'PrefixListId', 'ReferencedGroupInfo'] as const;

function readRulePeer(r: Node, report: Report, shape: string): Peer | LeftOut {
  const present = PEER_FIELDS.filter((k) => r.has(k) && r.value[k] !== '');
  if (present.length === 0)
    throw invalid(
      'a security group rule needs CidrIpv4, CidrIpv6, PrefixListId or ReferencedGroupInfo',
      r.pointer,
      'MissingParameter',
    );
  if (present.length > 1)
    throw invalid(
      `a security group rule has exactly one peer; found ${present.join(', ')}`,
      r.at(present[1]!),
      'InvalidParameterCombination',
    );
  switch (present[0]!) {
    case 'CidrIpv4': {
      const cidr = readCidr(r, 'CidrIpv4', 4, report);
      return isLeftOut(cidr) ? cidr : { kind: 'cidr', cidr };
    }
    case 'CidrIpv6': {
      const cidr = readCidr(r, 'CidrIpv6', 6, report);
      return isLeftOut(cidr) ? cidr : { kind: 'cidr', cidr };
    }
    case 'PrefixListId':
      return { kind: 'prefixList', prefixListId: r.str('PrefixListId')! };
    case 'ReferencedGroupInfo': {
      const ref = r.obj('ReferencedGroupInfo')!;
      reportUnknownFields(ref, REFERENCED_GROUP_FIELDS, report, shape);
      return readGroupPeer(ref, report);
    }
  }
}

function readRule(r: Node, report: Report, shape: string): Rule | LeftOut {
  reportUnknownFields(r, RULE_FIELDS, report, shape);
  const isEgress = r.bool('IsEgress');
  if (isEgress === undefined) throw invalid('IsEgress is required', r.at('IsEgress'), 'MissingParameter');
  const arn = r.str('SecurityGroupRuleArn');
  // The canonical rule has no ARN; the rule ID (kept in origin) identifies it.
  if (arn !== undefined)
    report.add('field_not_translated', r.at('SecurityGroupRuleArn'), {
      field: 'SecurityGroupRuleArn',
      to: 'the canonical model',
    });
  const read = orSkip(r.pointer, report, () => ({ match: readMatch(r, report), peer: readRulePeer(r, report, shape) }));
  if (isLeftOut(read)) return read;
  const { match, peer } = read;
  if (isLeftOut(match)) return match;
  if (isLeftOut(peer)) return peer;
  recordRuleProvenance(r, peer, report);
  return compact({
    direction: isEgress ? ('egress' as const) : ('ingress' as const),
    action: 'allow' as const,
    protocol: match.protocol,
    ports: match.ports,
    icmp: match.icmp,
    peer,
    description: r.str('Description'),
    tags: readTags(r, 'Tags', report, shape),
    origin: compact({ provider: 'aws' as const, pointer: r.pointer, ruleId: r.str('SecurityGroupRuleId') }),
  });
}

/**
 * Where each field later stages name in findings came from (src/model/provenance.ts); for query and XML input
 * see provenancePointer.
 */
function recordRuleProvenance(r: Node, peer: Peer, report: Report): void {
  const record = (field: ProvenanceField, node: Node, name: string) => {
    const at = node.str(name) !== undefined ? provenancePointer(node, name) : undefined;
    if (at !== undefined) report.provenance.record(r.pointer, field, at);
  };
  record('description', r, 'Description');
  record('ruleId', r, 'SecurityGroupRuleId');
  const ref = r.obj('ReferencedGroupInfo');
  if (peer.kind === 'group' && ref !== undefined) {
    record('peerGroupId', ref, 'GroupId');
    record('peerOwnerId', ref, 'UserId');
  } else if (peer.kind === 'prefixList') record('peerPrefixListId', r, 'PrefixListId');
}

/** A list of SecurityGroupRule nodes → groups keyed by GroupId (rules without one share a group). */
export function readRuleList(rules: Node[], report: Report, shape = DESCRIBE_RULES): SecurityGroup[] {
  const groups = new Map<string, SecurityGroup>();
  for (const r of rules) {
    const groupId = r.str('GroupId');
    const ownerId = r.str('GroupOwnerId');
    let group = groups.get(groupId ?? '');
    if (group === undefined) {
      group = compact({
        modelVersion: MODEL_VERSION,
        provider: 'aws' as const,
        id: groupId,
        ownerId,
        rules: [],
        pointer: r.pointer,
      });
      groups.set(groupId ?? '', group);
      // The group's pointer is its first rule's, so its ID and owner are recorded as that rule holds them.
      const idAt = groupId !== undefined ? provenancePointer(r, 'GroupId') : undefined;
      if (idAt !== undefined) report.provenance.record(r.pointer, 'id', idAt);
      const ownerAt = ownerId !== undefined ? provenancePointer(r, 'GroupOwnerId') : undefined;
      if (ownerAt !== undefined) report.provenance.record(r.pointer, 'ownerId', ownerAt);
    } else if (ownerId !== undefined && group.ownerId === undefined) {
      group.ownerId = ownerId;
    } else if (ownerId !== undefined && ownerId !== group.ownerId) {
      report.add('value_unreadable', r.at('GroupOwnerId'), {
        value: ownerId,
        field: `GroupOwnerId (group ${groupId ?? '?'} is owned by ${group.ownerId})`,
      });
    }
    const rule = readRule(r, report, shape);
    if (!isLeftOut(rule)) group.rules.push(rule);
  }
  return [...groups.values()];
}

/** `{SecurityGroupRules: [...]}`. */
export function readDescribeRules(root: Node, report: Report): SecurityGroup[] {
  reportUnknownFields(root, ['SecurityGroupRules'], report, DESCRIBE_RULES);
  return readRuleList(root.list('SecurityGroupRules'), report);
}
