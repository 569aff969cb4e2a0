/**
 * Aliyun wire field names (PascalCase, as DescribeSecurityGroupAttribute returns them and the RPC API takes them),
 * grouped by the role they play for each direction. Provider spellings stay inside this adapter.
 * Source: reference/cloud-semantics.md A.2, A.3, A.5.
 */
import type { Direction } from '../../src/model/rule.js';

/** Fields a Permission (Describe) or a permission entry / flat request (Authorize, Revoke, Modify) may hold. */
export const PERMISSION_FIELDS = [
  'Direction',
  'IpProtocol',
  'PortRange',
  'SourcePortRange',
  'Policy',
  'Priority',
  'NicType',
  'Description',
  'SourceCidrIp',
  'DestCidrIp',
  'Ipv6SourceCidrIp',
  'Ipv6DestCidrIp',
  'SourceGroupId',
  'SourceGroupName',
  'SourceGroupOwnerAccount',
  'SourceGroupOwnerId',
  'DestGroupId',
  'DestGroupName',
  'DestGroupOwnerAccount',
  'DestGroupOwnerId',
  'SourcePrefixListId',
  'SourcePrefixListName',
  'DestPrefixListId',
  'DestPrefixListName',
  'PortRangeListId',
  'PortRangeListName',
  'SecurityGroupRuleId',
  'CreateTime',
] as const;
export type PermissionField = (typeof PERMISSION_FIELDS)[number];

const PERMISSION_FIELD_SET: ReadonlySet<string> = new Set(PERMISSION_FIELDS);

export function isPermissionField(name: string): name is PermissionField {
  return PERMISSION_FIELD_SET.has(name);
}

/** Aliyun's error code for a malformed address in each CIDR field (reference A.6); validate and the reader share it. */
export const CIDR_ERROR_CODES: Readonly<Record<string, string>> = {
  SourceCidrIp: 'InvalidSourceCidrIp.Malformed',
  DestCidrIp: 'InvalidDestCidrIp.Malformed',
  Ipv6SourceCidrIp: 'InvalidParam.Ipv6SourceCidrIp',
  Ipv6DestCidrIp: 'InvalidParam.Ipv6DestCidrIp',
};

/** The message validate prints for a malformed address in a CIDR field. */
export function malformedCidrMessage(field: string, text: string): string {
  return `${field} ${text} is not an IPv${field.startsWith('Ipv6') ? 6 : 4} address or CIDR`;
}

/** Which fields name the remote side (peer), the instance side (local), and which are meaningless, per direction. */
export interface DirectionRoles {
  readonly peerCidrV4: PermissionField;
  readonly peerCidrV6: PermissionField;
  readonly peerGroupId: PermissionField;
  readonly peerGroupName: PermissionField;
  readonly peerGroupOwnerAccount: PermissionField;
  readonly peerGroupOwnerId: PermissionField;
  readonly peerPrefixListId: PermissionField;
  readonly peerPrefixListName: PermissionField;
  readonly localV4: PermissionField;
  readonly localV6: PermissionField;
  /** Group and prefix-list fields of the other direction: the API has no use for them here. */
  readonly foreign: readonly PermissionField[];
}

// prettier-ignore
export const ROLES: Readonly<Record<Direction, DirectionRoles>> = {
  ingress: {
    peerCidrV4: 'SourceCidrIp', peerCidrV6: 'Ipv6SourceCidrIp',
    peerGroupId: 'SourceGroupId', peerGroupName: 'SourceGroupName',
    peerGroupOwnerAccount: 'SourceGroupOwnerAccount', peerGroupOwnerId: 'SourceGroupOwnerId',
    peerPrefixListId: 'SourcePrefixListId', peerPrefixListName: 'SourcePrefixListName',
    localV4: 'DestCidrIp', localV6: 'Ipv6DestCidrIp',
    foreign: ['DestGroupId', 'DestGroupName', 'DestGroupOwnerAccount', 'DestGroupOwnerId', 'DestPrefixListId', 'DestPrefixListName'],
  },
  egress: {
    peerCidrV4: 'DestCidrIp', peerCidrV6: 'Ipv6DestCidrIp',
    peerGroupId: 'DestGroupId', peerGroupName: 'DestGroupName',
    peerGroupOwnerAccount: 'DestGroupOwnerAccount', peerGroupOwnerId: 'DestGroupOwnerId',
    peerPrefixListId: 'DestPrefixListId', peerPrefixListName: 'DestPrefixListName',
    localV4: 'SourceCidrIp', localV6: 'Ipv6SourceCidrIp',
    foreign: ['SourceGroupId', 'SourceGroupName', 'SourceGroupOwnerAccount', 'SourceGroupOwnerId', 'SourcePrefixListId', 'SourcePrefixListName'],
  },
};

/** Group-level fields of a DescribeSecurityGroupAttribute response (plus DescribeSecurityGroups' type and tags). */
export const DESCRIBE_GROUP_FIELDS = [
  'SecurityGroupId',
  'SecurityGroupName',
  'Description',
  'RegionId',
  'VpcId',
  'InnerAccessPolicy',
  'SecurityGroupType',
  'Tags',
  'Permissions',
] as const;

/**
 * Response fields that are not group content and are read on purpose as nothing: request bookkeeping and paging.
 * Any other unknown field is reported (field_not_translated), so nothing vanishes silently.
 */
export const DESCRIBE_IGNORED_FIELDS = ['RequestId', 'NextToken', 'PageNumber', 'PageSize', 'TotalCount'] as const;

/**
 * Request fields that carry no rule content: the idempotency token and the API's internal owner parameters
 * (reference A.2 "Internal"), plus the RPC common parameters that appear in sample URLs.
 */
export const REQUEST_IGNORED_FIELDS = [
  'ClientToken',
  'OwnerId',
  'OwnerAccount',
  'ResourceOwnerId',
  'ResourceOwnerAccount',
  'Version',
  'Format',
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'Timestamp',
  'RequestId',
] as const;

/** Provenance fields of the corpus wrapper items (docs, ROS, terraform): where a sample came from, not rule content. */
export const WRAPPER_PROVENANCE_FIELDS = [
  'Doc',
  'DocCommit',
  'Template',
  'SourceFile',
  'ConfigFunc',
  'ResourceName',
] as const;

/** Action parameter → direction and operation. */
// prettier-ignore
export const ACTIONS: Readonly<Record<string, { direction: Direction; operation: 'authorize' | 'revoke' | 'modify' }>> = {
  AuthorizeSecurityGroup:        { direction: 'ingress', operation: 'authorize' },
  AuthorizeSecurityGroupEgress:  { direction: 'egress',  operation: 'authorize' },
  RevokeSecurityGroup:           { direction: 'ingress', operation: 'revoke' },
  RevokeSecurityGroupEgress:     { direction: 'egress',  operation: 'revoke' },
  ModifySecurityGroupRule:       { direction: 'ingress', operation: 'modify' },
  ModifySecurityGroupEgressRule: { direction: 'egress',  operation: 'modify' },
};

/**
 * terraform `alicloud_security_group_rule` arguments → API parameters per direction (the provider's own mapping,
 * resource_alicloud_security_group_rule.go). `type` names the direction; meta-arguments are listed as undefined.
 */
// prettier-ignore
export const TERRAFORM_ARGS: Readonly<Record<string, { ingress: string; egress: string } | undefined>> = {
  ip_protocol:                { ingress: 'IpProtocol',              egress: 'IpProtocol' },
  port_range:                 { ingress: 'PortRange',               egress: 'PortRange' },
  nic_type:                   { ingress: 'NicType',                 egress: 'NicType' },
  policy:                     { ingress: 'Policy',                  egress: 'Policy' },
  priority:                   { ingress: 'Priority',                egress: 'Priority' },
  description:                { ingress: 'Description',             egress: 'Description' },
  security_group_id:          { ingress: 'SecurityGroupId',         egress: 'SecurityGroupId' },
  cidr_ip:                    { ingress: 'SourceCidrIp',            egress: 'DestCidrIp' },
  ipv6_cidr_ip:               { ingress: 'Ipv6SourceCidrIp',        egress: 'Ipv6DestCidrIp' },
  source_security_group_id:   { ingress: 'SourceGroupId',           egress: 'DestGroupId' },
  source_group_owner_account: { ingress: 'SourceGroupOwnerAccount', egress: 'DestGroupOwnerAccount' },
  source_group_owner_id:      { ingress: 'SourceGroupOwnerId',      egress: 'DestGroupOwnerId' },
  prefix_list_id:             { ingress: 'SourcePrefixListId',      egress: 'DestPrefixListId' },
  port_range_list_id:         { ingress: 'PortRangeListId',         egress: 'PortRangeListId' },
  source_port_range:          { ingress: 'SourcePortRange',         egress: 'SourcePortRange' },
};
