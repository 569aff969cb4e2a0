/**
 * Field lists of the AWS shapes, as data. A field outside these lists is reported (`field_unknown`), never
 * dropped silently; response metadata that carries no rule information is listed as ignorable.
 */
import type { Report } from '../../src/report/report.js';
import type { Node } from './values.js';

/** Response and request metadata with no rule content (SDK output `$metadata`, CLI `ResponseMetadata`…). */
export const IGNORABLE_FIELDS: readonly string[] = [
  'ResponseMetadata',
  '$metadata',
  'RequestId',
  'NextToken',
  'Return',
  'DryRun',
  'Version',
];

export const GROUP_FIELDS = [
  'GroupId',
  'GroupName',
  'Description',
  'OwnerId',
  'VpcId',
  'SecurityGroupArn',
  'Tags',
  'IpPermissions',
  'IpPermissionsEgress',
] as const;
export const PERMISSION_FIELDS = [
  'IpProtocol',
  'FromPort',
  'ToPort',
  'IpRanges',
  'Ipv6Ranges',
  'PrefixListIds',
  'UserIdGroupPairs',
] as const;
export const IP_RANGE_FIELDS = ['CidrIp', 'Description'] as const;
export const IPV6_RANGE_FIELDS = ['CidrIpv6', 'Description'] as const;
export const PREFIX_LIST_FIELDS = ['PrefixListId', 'Description'] as const;
export const PAIR_FIELDS = [
  'GroupId',
  'GroupName',
  'UserId',
  'VpcId',
  'VpcPeeringConnectionId',
  'PeeringStatus',
  'Description',
] as const;
export const TAG_FIELDS = ['Key', 'Value'] as const;
export const RULE_FIELDS = [
  'SecurityGroupRuleId',
  'GroupId',
  'GroupOwnerId',
  'IsEgress',
  'IpProtocol',
  'FromPort',
  'ToPort',
  'CidrIpv4',
  'CidrIpv6',
  'PrefixListId',
  'ReferencedGroupInfo',
  'Description',
  'Tags',
  'SecurityGroupRuleArn',
] as const;
export const REFERENCED_GROUP_FIELDS = [
  'GroupId',
  'UserId',
  'VpcId',
  'VpcPeeringConnectionId',
  'PeeringStatus',
] as const;
/** Authorize/Revoke request fields, including the legacy flat form (reference B.2). */
export const REQUEST_FIELDS = [
  'Action',
  'GroupId',
  'GroupName',
  'IpPermissions',
  'TagSpecifications',
  'SecurityGroupRuleIds',
  'IpProtocol',
  'FromPort',
  'ToPort',
  'CidrIp',
  'SourceSecurityGroupName',
  'SourceSecurityGroupOwnerId',
] as const;
export const FLAT_PERMISSION_FIELDS = [
  'IpProtocol',
  'FromPort',
  'ToPort',
  'CidrIp',
  'SourceSecurityGroupName',
  'SourceSecurityGroupOwnerId',
] as const;
export const TAG_SPECIFICATION_FIELDS = ['ResourceType', 'Tags'] as const;

/** Report every field of `node` that is neither known nor ignorable. */
export function reportUnknownFields(node: Node, known: readonly string[], report: Report, shape: string): void {
  for (const key of node.keys()) {
    if (known.includes(key) || IGNORABLE_FIELDS.includes(key)) continue;
    report.add('field_unknown', node.at(key), { field: key, shape });
  }
}
