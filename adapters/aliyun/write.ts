/**
 * Canonical group → Aliyun payloads: the DescribeSecurityGroupAttribute shape and Authorize(Egress) requests.
 * Pure formatters: the group must have been lowered for Aliyun first (the engine's compile step, then
 * src/lower/fit-aliyun.ts for the shape); anything the target cannot hold (self-references, ICMP types,
 * port 0, over-long descriptions, fields the shape has no place for) throws TranslateError('internal').
 *
 * ICMPv6 is written `ICMPv6` (tables/protocols.ts). [UNCERTAIN] in the reference: the API doc does not list it,
 * terraform sends `icmpv6` and the API compares names case-insensitively, so any case is accepted on input; the
 * shared table's spelling is used so every writer of the project agrees.
 */
import { TranslateError } from '../../src/errors.js';
import { cidrFamily } from '../../src/address/index.js';
import type { SecurityGroup } from '../../src/model/group.js';
import type { PortRange, Rule } from '../../src/model/rule.js';
import { aliyunCapabilities } from '../../tables/capabilities.js';
import { PORT_PROTOCOLS, aliyunProtocolName } from '../../tables/protocols.js';
import { ROLES, type PermissionField } from './fields.js';

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

function notLowered(rule: Rule, what: string): never {
  throw new TranslateError('internal', `Aliyun cannot hold ${what}; the lowering step must remove it before writing`, {
    pointer: at(rule),
  });
}

function writtenRange(rule: Rule, range: PortRange | undefined): string {
  if (range === undefined || range.from < caps.minPort) notLowered(rule, 'a port range without ports from 1');
  return rangeText(range);
}

/**
 * The wire fields of one rule (only the fields it sets), shared by both writers, assigned to `out` in a fixed
 * order: a request's permission is a new object that holds them in that order, a new Describe permission
 * already holds every field (assigning keeps each in its place).
 */
function permissionFields(
  group: SecurityGroup,
  rule: Rule,
  forRequest: boolean,
  out: Partial<Record<PermissionField, string>> = {},
): Partial<Record<PermissionField, string>> {
  const roles = ROLES[rule.direction];
  if (rule.icmp !== undefined) notLowered(rule, 'ICMP types or codes');
  out.IpProtocol = aliyunProtocolToken(rule.protocol);
  const ported = typeof rule.protocol === 'number' && PORT_PROTOCOLS.includes(rule.protocol);
  if (ported) {
    if (rule.ports !== undefined || rule.portList === undefined) out.PortRange = writtenRange(rule, rule.ports);
  } else out.PortRange = '-1/-1';
  if (rule.sourcePorts !== undefined && ported) out.SourcePortRange = writtenRange(rule, rule.sourcePorts);
  if (rule.portList !== undefined) {
    out.PortRangeListId = rule.portList.id;
    if (rule.portList.name !== undefined && !forRequest) out.PortRangeListName = rule.portList.name;
  }
  out.Policy = rule.action === 'allow' ? 'Accept' : 'Drop';
  const priority = rule.priority ?? caps.priorities.default;
  // Describe still returns 110 for rules created before 2020; a request may not name it.
  if (forRequest && priority > caps.priorities.max) notLowered(rule, `priority ${priority} in a request`);
  out.Priority = String(priority);
  if (rule.nicType !== undefined) out.NicType = rule.nicType;

  const peer = rule.peer;
  if (peer.kind === 'cidr') {
    out[cidrFamily(peer.cidr) === 6 ? roles.peerCidrV6 : roles.peerCidrV4] = peer.cidr;
  } else if (peer.kind === 'group') {
    if (
      peer.groupId === undefined ||
      (group.id !== undefined && peer.groupId === group.id) ||
      group.type === 'enterprise'
    )
      notLowered(rule, 'this group reference');
    if (peer.vpcId !== undefined || peer.vpcPeeringConnectionId !== undefined || peer.peeringStatus !== undefined)
      notLowered(rule, 'VPC peering fields');
    out[roles.peerGroupId] = peer.groupId;
    if (forRequest) {
      if (peer.ownerAccount !== undefined) out[roles.peerGroupOwnerAccount] = peer.ownerAccount;
      if (peer.ownerId !== undefined) out[roles.peerGroupOwnerId] = peer.ownerId;
    } else {
      // Describe has only the …OwnerAccount field; it holds an account name or a numeric account ID.
      if (peer.ownerAccount !== undefined && peer.ownerId !== undefined)
        notLowered(rule, 'both an owner account and an owner ID in Describe');
      const owner = peer.ownerAccount ?? peer.ownerId;
      if (owner !== undefined) out[roles.peerGroupOwnerAccount] = owner;
      if (peer.groupName !== undefined) out[roles.peerGroupName] = peer.groupName;
    }
  } else {
    out[roles.peerPrefixListId] = peer.prefixListId;
    if (peer.name !== undefined && !forRequest) out[roles.peerPrefixListName] = peer.name;
  }
  if (rule.local !== undefined) out[cidrFamily(rule.local) === 6 ? roles.localV6 : roles.localV4] = rule.local;

  if (rule.description !== undefined) {
    if (
      rule.description.length > caps.limits.ruleDescriptionLength &&
      [...rule.description].length > caps.limits.ruleDescriptionLength
    )
      notLowered(rule, 'a description over the limit');
    out.Description = rule.description;
  }
  if (rule.tags !== undefined) notLowered(rule, 'rule tags');
  return out;
}

/** Every Permission field Describe returns, in the order of the current documentation's sample. */
const DESCRIBE_PERMISSION_FIELDS: readonly PermissionField[] = [
  'SecurityGroupRuleId',
  'Direction',
  'SourceGroupId',
  'DestGroupOwnerAccount',
  'DestPrefixListId',
  'DestPrefixListName',
  'SourceCidrIp',
  'Ipv6DestCidrIp',
  'CreateTime',
  'Ipv6SourceCidrIp',
  'DestGroupId',
  'DestCidrIp',
  'IpProtocol',
  'Priority',
  'DestGroupName',
  'NicType',
  'Policy',
  'Description',
  'PortRange',
  'SourcePrefixListName',
  'SourcePrefixListId',
  'SourceGroupOwnerAccount',
  'SourceGroupName',
  'SourcePortRange',
  'PortRangeListId',
  'PortRangeListName',
];

/**
 * The Describe permission of a rule without a rule ID or creation time, every field empty:
 * DESCRIBE_PERMISSION_FIELDS without those two, in the same order, as one literal (one object shape for every
 * permission, which is what makes writing and serialising thousands of them cheap). permissionFields then
 * fills it in place.
 */
function emptyPermissionOfNewRule(): Partial<Record<PermissionField, string>> {
  return {
    Direction: '',
    SourceGroupId: '',
    DestGroupOwnerAccount: '',
    DestPrefixListId: '',
    DestPrefixListName: '',
    SourceCidrIp: '',
    Ipv6DestCidrIp: '',
    Ipv6SourceCidrIp: '',
    DestGroupId: '',
    DestCidrIp: '',
    IpProtocol: '',
    Priority: '',
    DestGroupName: '',
    NicType: '',
    Policy: '',
    Description: '',
    PortRange: '',
    SourcePrefixListName: '',
    SourcePrefixListId: '',
    SourceGroupOwnerAccount: '',
    SourceGroupName: '',
    SourcePortRange: '',
    PortRangeListId: '',
    PortRangeListName: '',
  };
}

// The literal above must follow the list; checked once when the module loads.
if (
  Object.keys(emptyPermissionOfNewRule()).join() !==
  DESCRIBE_PERMISSION_FIELDS.filter((n) => n !== 'SecurityGroupRuleId' && n !== 'CreateTime').join()
) {
  throw new Error('emptyPermissionOfNewRule is out of step with DESCRIBE_PERMISSION_FIELDS');
}

export function writeDescribe(group: SecurityGroup): Record<string, unknown> {
  if (group.ownerId !== undefined || group.arn !== undefined)
    throw new TranslateError(
      'internal',
      'the Aliyun Describe shape has no owner or ARN; the lowering step must remove them',
      { pointer: group.pointer ?? '' },
    );
  const permissions = group.rules.map((rule) => {
    // Describe returns every field, unused ones as empty strings; rule ID and creation time only exist once created.
    if (rule.origin?.ruleId === undefined && rule.origin?.createTime === undefined) {
      const permission = permissionFields(group, rule, false, emptyPermissionOfNewRule());
      permission.Direction = rule.direction;
      return permission;
    }
    const fields = permissionFields(group, rule, false);
    fields.Direction = rule.direction;
    if (rule.origin?.ruleId !== undefined) fields.SecurityGroupRuleId = rule.origin.ruleId;
    if (rule.origin?.createTime !== undefined) fields.CreateTime = rule.origin.createTime;
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
    SecurityGroupName: group.name ?? '',
    Description: group.description ?? '',
    RegionId: group.region ?? '',
    VpcId: group.vpcId ?? '',
    // Absent means the default: Accept for basic groups; enterprise groups are always isolated.
    InnerAccessPolicy:
      (group.innerAccessPolicy ?? (group.type === 'enterprise' ? 'drop' : 'accept')) === 'accept' ? 'Accept' : 'Drop',
    Permissions: { Permission: permissions },
  };
  // Not part of this response, but DescribeSecurityGroups' fields of the same name: kept so nothing is lost.
  if (group.type !== undefined) out.SecurityGroupType = group.type;
  if (group.tags !== undefined && group.tags.length > 0)
    out.Tags = { Tag: group.tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) };
  return out;
}

/** Authorize requests cannot set InnerAccessPolicy (src/lower/fit-aliyun.ts reports a Drop that is not requested). */
export function writeRequests(group: SecurityGroup): { action: string; request: Record<string, unknown> }[] {
  const out: { action: string; request: Record<string, unknown> }[] = [];
  const perRequest = caps.limits.permissionsPerRequest;
  for (const [direction, action] of [
    ['ingress', 'AuthorizeSecurityGroup'],
    ['egress', 'AuthorizeSecurityGroupEgress'],
  ] as const) {
    const permissions = group.rules
      .filter((r) => r.direction === direction)
      .map((r) => permissionFields(group, r, true));
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
