/**
 * Canonical groups → AWS payloads: the DescribeSecurityGroups `SecurityGroups[]` item and the
 * AuthorizeSecurityGroupIngress/Egress command inputs (with RevokeSecurityGroupEgress of a new group's
 * default rule where needed). Never emits what AWS rejects: descriptions and names
 * are rewritten to AWS's character set and length (reported), a missing group description is filled
 * (reported), and rules AWS cannot hold throw TranslateError('internal').
 */
import type {
  AuthorizeSecurityGroupEgressCommandInput,
  AuthorizeSecurityGroupIngressCommandInput,
  RevokeSecurityGroupEgressCommandInput,
  SecurityGroup as AwsSecurityGroup,
} from '@aws-sdk/client-ec2';
import { awsCapabilities } from '../../tables/capabilities.js';
import { TranslateError } from '../../src/errors.js';
import { cidrFamily } from '../../src/address/index.js';
import type { SecurityGroup } from '../../src/model/group.js';
import type { Direction, Rule } from '../../src/model/rule.js';
import type { Report } from '../../src/report/report.js';
import type { WriteOptions } from '../types.js';
import { FORBIDDEN_NAME_PREFIX, awsText } from './strings.js';
import { writePermissions } from './write-permissions.js';

export const DESCRIBE_SHAPE_NAME = 'DescribeSecurityGroups';
export const REQUEST_SHAPE_NAME = 'AuthorizeSecurityGroupIngress/Egress';
/** Written when the source has no group description (AWS requires one). */
export const DEFAULT_GROUP_DESCRIPTION = 'Translated by sgbridge';

function rulesOf(group: SecurityGroup, direction: Direction): Rule[] {
  return group.rules.filter((r) => r.direction === direction);
}

/** Group fields the AWS shapes cannot hold, reported once per group. */
function reportGroupOnlyFields(group: SecurityGroup, pointer: string, report: Report): void {
  if (group.type !== undefined) report.add('field_not_translated', pointer, { field: `type (${group.type})`, to: 'AWS' });
  if (group.innerAccessPolicy !== undefined) {
    // Its meaning (members reach each other) is the engine's to compile into a self-reference; the field itself has no AWS counterpart.
    report.add('field_not_translated', pointer, { field: `innerAccessPolicy (${group.innerAccessPolicy})`, to: 'AWS' });
  }
  // The item has no region (it is the API endpoint's). A region the conversion mapped is already reported by
  // region_mapped with its target; saying "not carried over" beside it would contradict it.
  const mapped = report.findings.some((f) => f.code === 'region_mapped');
  if (group.region !== undefined && !mapped) report.add('field_not_translated', pointer, { field: `region (${group.region})`, to: `the ${DESCRIBE_SHAPE_NAME} item` });
}

/**
 * Rule quota per direction and address family. A group or prefix-list reference can carry either family,
 * so it counts against both (as the engine's compile counts; the reference leaves this open).
 */
function reportQuota(group: SecurityGroup, pointer: string, report: Report, rulesPerGroup?: number): void {
  const limit = rulesPerGroup ?? awsCapabilities.limits.rulesPerDirectionPerFamily;
  for (const direction of ['ingress', 'egress'] as const) {
    for (const family of [4, 6] as const) {
      const count = rulesOf(group, direction).filter((r) => r.peer.kind !== 'cidr' || cidrFamily(r.peer.cidr) === family).length;
      if (count > limit) report.add('quota_exceeded', pointer, { count, what: `IPv${family} ${direction} rules`, to: 'AWS', limit });
    }
  }
}

function groupName(group: SecurityGroup, pointer: string, report: Report): string {
  const source = group.name ?? group.id ?? 'sgbridge-group';
  let name = awsText(source, 'group', pointer, report);
  if (FORBIDDEN_NAME_PREFIX.test(name)) name = `group-${name}`;
  if (name === '') name = 'sgbridge-group';
  if (name !== group.name) report.add('name_rewritten', pointer, { from: group.name ?? '', to: 'AWS', name });
  return name;
}

function groupDescription(group: SecurityGroup, pointer: string, report: Report): string {
  if (group.description === undefined || group.description === '') {
    report.add('description_missing', pointer, { to: 'AWS', value: DEFAULT_GROUP_DESCRIPTION });
    return DEFAULT_GROUP_DESCRIPTION;
  }
  return awsText(group.description, 'group', pointer, report);
}

/** A DescribeSecurityGroups `SecurityGroups[]` item, keys in the order the AWS CLI prints them. */
export function writeDescribe(group: SecurityGroup, report: Report, options: WriteOptions = {}): AwsSecurityGroup & Record<string, unknown> {
  const pointer = group.pointer ?? '';
  reportGroupOnlyFields(group, pointer, report);
  reportQuota(group, pointer, report, options.rulesPerGroup);
  const ctx = { report, fallbackPointer: pointer, shape: DESCRIBE_SHAPE_NAME };
  const out: AwsSecurityGroup & Record<string, unknown> = {
    Description: groupDescription(group, pointer, report),
    GroupName: groupName(group, pointer, report),
    IpPermissions: writePermissions(rulesOf(group, 'ingress'), ctx),
  };
  if (group.ownerId !== undefined) out.OwnerId = group.ownerId;
  if (group.id !== undefined) out.GroupId = group.id;
  out.IpPermissionsEgress = writePermissions(rulesOf(group, 'egress'), ctx);
  if (group.tags !== undefined) out.Tags = group.tags.map((t) => ({ Key: t.key, Value: t.value }));
  if (group.vpcId !== undefined) out.VpcId = group.vpcId;
  if (group.arn !== undefined) out.SecurityGroupArn = group.arn;
  return out;
}

export type AwsRequest =
  | { action: 'AuthorizeSecurityGroupIngress'; request: AuthorizeSecurityGroupIngressCommandInput & Record<string, unknown> }
  | { action: 'RevokeSecurityGroupEgress'; request: RevokeSecurityGroupEgressCommandInput & Record<string, unknown> }
  | { action: 'AuthorizeSecurityGroupEgress'; request: AuthorizeSecurityGroupEgressCommandInput & Record<string, unknown> };

/** The egress rule AWS gives every new VPC security group: all traffic to 0.0.0.0/0. */
const isNewGroupDefaultEgress = (r: Rule) => r.direction === 'egress' && r.action === 'allow' && r.protocol === 'all' && r.peer.kind === 'cidr' && r.peer.cidr === '0.0.0.0/0';

/**
 * The requests that give a NEW group exactly these rules: Authorize per direction. A new VPC group already
 * has the all-traffic IPv4 egress rule, so it is never authorized again (InvalidPermission.Duplicate), and
 * when the group must not have it, a RevokeSecurityGroupEgress of it comes first (reported either way).
 * Ingress may name the group by GroupName (default VPC) when it has no ID; egress needs a GroupId.
 */
export function writeRequests(group: SecurityGroup, report: Report, options: WriteOptions = {}): AwsRequest[] {
  const pointer = group.pointer ?? '';
  reportGroupOnlyFields(group, pointer, report);
  reportQuota(group, pointer, report, options.rulesPerGroup);
  if (group.tags !== undefined && group.tags.length > 0) {
    report.add('tags_dropped', pointer, { count: group.tags.length, shape: REQUEST_SHAPE_NAME, to: 'AWS' });
  }
  const ctx = { report, fallbackPointer: pointer, shape: REQUEST_SHAPE_NAME };
  const out: AwsRequest[] = [];
  const ingress = rulesOf(group, 'ingress');
  if (ingress.length > 0) {
    const target = group.id !== undefined ? { GroupId: group.id } : group.name !== undefined ? { GroupName: group.name } : undefined;
    if (target === undefined) throw new TranslateError('internal', 'an ingress request needs the group ID or name', { pointer });
    out.push({ action: 'AuthorizeSecurityGroupIngress', request: { ...target, IpPermissions: writePermissions(ingress, ctx) } });
  }
  const allEgress = rulesOf(group, 'egress');
  const keepsDefault = allEgress.some(isNewGroupDefaultEgress);
  const egress = allEgress.filter((r) => !isNewGroupDefaultEgress(r));
  if (keepsDefault) {
    report.add('new_group_default_egress', pointer, { what: 'is kept: it is not authorized again' });
  } else if (group.id !== undefined) {
    report.add('new_group_default_egress', pointer, { what: 'must go: RevokeSecurityGroupEgress of it comes first' });
    out.push({ action: 'RevokeSecurityGroupEgress', request: { GroupId: group.id, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] } });
  } else {
    report.add('new_group_default_egress', pointer, { what: 'must go, but without a group ID no request can revoke it: revoke it by hand' });
  }
  if (egress.length > 0) {
    if (group.id === undefined) throw new TranslateError('internal', 'an egress request needs the group ID', { pointer });
    out.push({ action: 'AuthorizeSecurityGroupEgress', request: { GroupId: group.id, IpPermissions: writePermissions(egress, ctx) } });
  }
  return out;
}
