/**
 * Canonical group → Aliyun payloads: the DescribeSecurityGroupAttribute shape and Authorize(Egress) requests.
 * Writers never emit what Aliyun rejects: anything the engine's compile step should have removed (self-references,
 * ICMP types, IPv6 with ICMP) throws TranslateError; lossy rewrites (descriptions, port 0) are reported.
 *
 * ICMPv6 is written `ICMPv6` (tables/protocols.ts). [UNCERTAIN] in the reference: the API doc does not list it,
 * terraform sends `icmpv6` and the API compares names case-insensitively, so any case is accepted on input; the
 * shared table's spelling is used so every writer of the project agrees.
 */
import { TranslateError } from '../../src/errors.js';
import { cidrFamily } from '../../src/address/index.js';
import type { SecurityGroup } from '../../src/model/group.js';
import type { PortRange, Rule } from '../../src/model/rule.js';
import type { Report } from '../../src/report/report.js';
import { aliyunCapabilities } from '../../tables/capabilities.js';
import { ICMP, ICMPV6, PORT_PROTOCOLS, aliyunProtocolName } from '../../tables/protocols.js';
import { ROLES, type PermissionField } from './fields.js';
import { aliyunGroupDescription, aliyunGroupName } from './strings.js';

const caps = aliyunCapabilities;

/** The IpProtocol token Aliyun takes for a canonical protocol: a name, `ALL`, or the IANA number as a string. */
export function aliyunProtocolToken(protocol: Rule['protocol']): string {
  return aliyunProtocolName(protocol) ?? String(protocol);
}

function at(rule: Rule): string {
  return rule.origin?.pointer ?? '';
}

function rangeText(r: PortRange): string {
  return `${r.from}/${r.to}`;
}

/** Aliyun port ranges start at 1: port 0 is cut off (reported); a range of only port 0 cannot be written. */
function writableRange(rule: Rule, range: PortRange | undefined, report: Report): string {
  const r = range ?? { from: 0, to: 65535 };
  if (r.from >= caps.minPort) return rangeText(r);
  if (r.to < caps.minPort) {
    throw new TranslateError('provider_rejects', `port range ${rangeText(r)} has no port Aliyun can name`, { pointer: at(rule), providerCode: 'InvalidParam.PortRange' });
  }
  report.add('port_zero_unrepresentable', at(rule), { ports: `${r.from}-${r.to}`, written: `is written ${caps.minPort}-${r.to}` });
  return rangeText({ from: caps.minPort, to: r.to });
}

/** The wire fields of one rule (only the fields it sets), shared by both writers. */
function permissionFields(group: SecurityGroup, rule: Rule, report: Report, forRequest: boolean): Partial<Record<PermissionField, string>> {
  const roles = ROLES[rule.direction];
  const out: Partial<Record<PermissionField, string>> = {};
  if (rule.icmp !== undefined) throw new TranslateError('internal', 'Aliyun rules cannot match ICMP types or codes; the engine should have removed this condition', { pointer: at(rule) });
  if (typeof rule.protocol === 'number' && !caps.protocols.includes(rule.protocol as never)) {
    const regions = caps.numberedProtocolRegions;
    if (group.region !== undefined && regions !== null && !regions.includes(group.region as never)) {
      throw new TranslateError('provider_rejects', `protocol ${rule.protocol} cannot be written in region ${group.region}`, { pointer: at(rule), providerCode: 'InvalidIpProtocol.ValueNotSupported' });
    }
  }
  out.IpProtocol = aliyunProtocolToken(rule.protocol);
  const ported = typeof rule.protocol === 'number' && PORT_PROTOCOLS.includes(rule.protocol);
  if (ported) {
    if (rule.ports !== undefined || rule.portList === undefined) out.PortRange = writableRange(rule, rule.ports, report);
  } else out.PortRange = '-1/-1';
  if (rule.sourcePorts !== undefined && ported) out.SourcePortRange = writableRange(rule, rule.sourcePorts, report);
  if (rule.portList !== undefined) {
    out.PortRangeListId = rule.portList.id;
    if (rule.portList.name !== undefined && !forRequest) out.PortRangeListName = rule.portList.name;
  }
  out.Policy = rule.action === 'allow' ? 'Accept' : 'Drop';
  const priority = rule.priority ?? caps.priorities.default;
  if (priority > caps.priorities.max) {
    // Describe still returns 110 for rules created before 2020; a request with it is rejected.
    if (forRequest) throw new TranslateError('provider_rejects', `priority ${priority} is outside 1..${caps.priorities.max}`, { pointer: at(rule), providerCode: 'InvalidPriority.ValueNotSupported' });
    report.add('priority_out_of_range', at(rule), { priority });
  }
  out.Priority = String(priority);
  if (rule.nicType !== undefined) out.NicType = rule.nicType;

  const peer = rule.peer;
  if (peer.kind === 'cidr') {
    const v6 = cidrFamily(peer.cidr) === 6;
    if (rule.protocol === ICMP && v6) throw new TranslateError('provider_rejects', 'ICMP (IPv4) cannot have an IPv6 peer', { pointer: at(rule), providerCode: 'InvalidParam.Ipv4ProtocolConflictWithIpv6Address' });
    if (rule.protocol === ICMPV6 && !v6) throw new TranslateError('provider_rejects', 'ICMPv6 cannot have an IPv4 peer', { pointer: at(rule), providerCode: 'InvalidParam.Ipv6ProtocolConflictWithIpv4Address' });
    out[v6 ? roles.peerCidrV6 : roles.peerCidrV4] = peer.cidr;
  } else if (peer.kind === 'group') {
    if (peer.groupId === undefined) throw new TranslateError('internal', 'an Aliyun group reference needs a group ID', { pointer: at(rule) });
    if (group.id !== undefined && peer.groupId === group.id) {
      throw new TranslateError('internal', 'self-references must become InnerAccessPolicy before writing Aliyun rules', { pointer: at(rule) });
    }
    if (group.type === 'enterprise') throw new TranslateError('provider_rejects', 'enterprise groups cannot reference groups', { pointer: at(rule), providerCode: 'InvalidGroupAuthParameter.OperationDenied' });
    out[roles.peerGroupId] = peer.groupId;
    if (forRequest) {
      if (peer.ownerAccount !== undefined) out[roles.peerGroupOwnerAccount] = peer.ownerAccount;
      if (peer.ownerId !== undefined) out[roles.peerGroupOwnerId] = peer.ownerId;
    } else {
      // Describe has only the …OwnerAccount field; it holds an account name or a numeric account ID.
      const owner = peer.ownerAccount ?? peer.ownerId;
      if (owner !== undefined) out[roles.peerGroupOwnerAccount] = owner;
      if (peer.ownerAccount !== undefined && peer.ownerId !== undefined) report.add('field_not_translated', at(rule), { field: 'ownerId', to: 'aliyun (Describe has only the owner account)' });
      if (peer.groupName !== undefined) out[roles.peerGroupName] = peer.groupName;
    }
    for (const [field, value] of [['vpcId', peer.vpcId], ['vpcPeeringConnectionId', peer.vpcPeeringConnectionId], ['peeringStatus', peer.peeringStatus]] as const) {
      if (value !== undefined) report.add('field_not_translated', at(rule), { field, to: 'aliyun' });
    }
  } else {
    out[roles.peerPrefixListId] = peer.prefixListId;
    if (peer.name !== undefined && !forRequest) out[roles.peerPrefixListName] = peer.name;
  }
  if (rule.local !== undefined) out[cidrFamily(rule.local) === 6 ? roles.localV6 : roles.localV4] = rule.local;

  if (rule.description !== undefined) {
    const max = caps.limits.ruleDescriptionLength;
    if (rule.description.length <= max) out.Description = rule.description; // no more code points than UTF-16 units
    else {
      const chars = [...rule.description];
      if (chars.length > max) report.add('description_truncated', at(rule), { max, to: 'aliyun' });
      out.Description = chars.slice(0, max).join('');
    }
  }
  if (rule.tags !== undefined && rule.tags.length > 0) report.add('tags_dropped', at(rule), { count: rule.tags.length, shape: 'security group rule', to: 'aliyun' });
  return out;
}

/** Every Permission field Describe returns, in the order of the current documentation's sample. */
const DESCRIBE_PERMISSION_FIELDS: readonly PermissionField[] = [
  'SecurityGroupRuleId', 'Direction', 'SourceGroupId', 'DestGroupOwnerAccount', 'DestPrefixListId', 'DestPrefixListName',
  'SourceCidrIp', 'Ipv6DestCidrIp', 'CreateTime', 'Ipv6SourceCidrIp', 'DestGroupId', 'DestCidrIp', 'IpProtocol', 'Priority',
  'DestGroupName', 'NicType', 'Policy', 'Description', 'PortRange', 'SourcePrefixListName', 'SourcePrefixListId',
  'SourceGroupOwnerAccount', 'SourceGroupName', 'SourcePortRange', 'PortRangeListId', 'PortRangeListName',
];

/** [UNCERTAIN] in the reference: whether enterprise groups accept drop rules. Written as usual, and said. */
function reportEnterpriseDrops(group: SecurityGroup, report: Report): void {
  if (group.type === 'enterprise' && group.rules.some((r) => r.action === 'deny')) report.add('enterprise_group_policy', group.pointer ?? '', {});
}

/**
 * The Describe permission of a rule without a rule ID or creation time: DESCRIBE_PERMISSION_FIELDS without
 * those two, in the same order, as one literal (one object shape for every permission, which is what makes
 * writing and serialising thousands of them cheap).
 */
function describeFieldsOfNewRule(f: Partial<Record<PermissionField, string>>): Record<string, string> {
  return {
    Direction: f.Direction ?? '',
    SourceGroupId: f.SourceGroupId ?? '',
    DestGroupOwnerAccount: f.DestGroupOwnerAccount ?? '',
    DestPrefixListId: f.DestPrefixListId ?? '',
    DestPrefixListName: f.DestPrefixListName ?? '',
    SourceCidrIp: f.SourceCidrIp ?? '',
    Ipv6DestCidrIp: f.Ipv6DestCidrIp ?? '',
    Ipv6SourceCidrIp: f.Ipv6SourceCidrIp ?? '',
    DestGroupId: f.DestGroupId ?? '',
    DestCidrIp: f.DestCidrIp ?? '',
    IpProtocol: f.IpProtocol ?? '',
    Priority: f.Priority ?? '',
    DestGroupName: f.DestGroupName ?? '',
    NicType: f.NicType ?? '',
    Policy: f.Policy ?? '',
    Description: f.Description ?? '',
    PortRange: f.PortRange ?? '',
    SourcePrefixListName: f.SourcePrefixListName ?? '',
    SourcePrefixListId: f.SourcePrefixListId ?? '',
    SourceGroupOwnerAccount: f.SourceGroupOwnerAccount ?? '',
    SourceGroupName: f.SourceGroupName ?? '',
    SourcePortRange: f.SourcePortRange ?? '',
    PortRangeListId: f.PortRangeListId ?? '',
    PortRangeListName: f.PortRangeListName ?? '',
  };
}

// The literal above must follow the list; checked once when the module loads.
if (Object.keys(describeFieldsOfNewRule({})).join() !== DESCRIBE_PERMISSION_FIELDS.filter((n) => n !== 'SecurityGroupRuleId' && n !== 'CreateTime').join()) {
  throw new Error('describeFieldsOfNewRule is out of step with DESCRIBE_PERMISSION_FIELDS');
}

export function writeDescribe(group: SecurityGroup, report: Report): Record<string, unknown> {
  reportEnterpriseDrops(group, report);
  const permissions = group.rules.map((rule) => {
    const fields = permissionFields(group, rule, report, false);
    fields.Direction = rule.direction;
    if (rule.origin?.ruleId !== undefined) fields.SecurityGroupRuleId = rule.origin.ruleId;
    if (rule.origin?.createTime !== undefined) fields.CreateTime = rule.origin.createTime;
    // Describe returns every field, unused ones as empty strings; rule ID and creation time only exist once created.
    if (fields.SecurityGroupRuleId === undefined && fields.CreateTime === undefined) return describeFieldsOfNewRule(fields);
    const permission: Record<string, string> = {};
    for (const name of DESCRIBE_PERMISSION_FIELDS) {
      const value = fields[name];
      if (value !== undefined) permission[name] = value;
      else if (name !== 'SecurityGroupRuleId' && name !== 'CreateTime') permission[name] = '';
    }
    return permission;
  });
  const out: Record<string, unknown> = {
    SecurityGroupId: group.id ?? '',
    SecurityGroupName: aliyunGroupName(group.name, group.pointer ?? '', report),
    Description: aliyunGroupDescription(group.description, group.pointer ?? '', report),
    RegionId: group.region ?? '',
    VpcId: group.vpcId ?? '',
    // Absent means the default: Accept for basic groups; enterprise groups are always isolated.
    InnerAccessPolicy: (group.innerAccessPolicy ?? (group.type === 'enterprise' ? 'drop' : 'accept')) === 'accept' ? 'Accept' : 'Drop',
    Permissions: { Permission: permissions },
  };
  // Not part of this response, but DescribeSecurityGroups' fields of the same name: kept so nothing is lost.
  if (group.type !== undefined) out.SecurityGroupType = group.type;
  if (group.tags !== undefined && group.tags.length > 0) out.Tags = { Tag: group.tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) };
  if (group.ownerId !== undefined) report.add('field_not_translated', group.pointer ?? '', { field: 'ownerId', to: 'aliyun' });
  if (group.arn !== undefined) report.add('field_not_translated', group.pointer ?? '', { field: 'arn', to: 'aliyun' });
  return out;
}

export function writeRequests(group: SecurityGroup, report: Report): { action: string; request: Record<string, unknown> }[] {
  const out: { action: string; request: Record<string, unknown> }[] = [];
  const perRequest = caps.limits.permissionsPerRequest;
  reportEnterpriseDrops(group, report);
  // Authorize requests cannot set the policy, and a new basic group starts with InnerAccessPolicy=Accept.
  if (group.type !== 'enterprise' && group.innerAccessPolicy === 'drop') report.add('inner_access_policy_not_requested', group.pointer ?? '', {});
  for (const [direction, action] of [['ingress', 'AuthorizeSecurityGroup'], ['egress', 'AuthorizeSecurityGroupEgress']] as const) {
    const permissions = group.rules.filter((r) => r.direction === direction).map((r) => permissionFields(group, r, report, true));
    for (let i = 0; i < permissions.length; i += perRequest) {
      const request: Record<string, unknown> = {};
      if (group.region !== undefined) request.RegionId = group.region;
      if (group.id !== undefined) request.SecurityGroupId = group.id;
      request.Permissions = permissions.slice(i, i + perRequest);
      out.push({ action, request });
    }
  }
  return out;
}
