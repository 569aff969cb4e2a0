/**
 * Canonical groups → AWS payloads: the DescribeSecurityGroups `SecurityGroups[]` item and the
 * AuthorizeSecurityGroupIngress/Egress command inputs (with RevokeSecurityGroupEgress of a new group's
 * default rule where needed). Pure formatters: the group must have been lowered for AWS first (the compile
 * step and src/lower/fit-aws.ts: text in AWS's character set, a group description, no field AWS cannot hold);
 * anything else throws TranslateError('internal').
 */
import type {
  AuthorizeSecurityGroupEgressCommandInput,
  AuthorizeSecurityGroupIngressCommandInput,
  RevokeSecurityGroupEgressCommandInput,
  SecurityGroup as AwsSecurityGroup,
} from '@aws-sdk/client-ec2';
import { TranslateError } from '../../src/errors.js';
import type { SecurityGroup } from '../../src/model/group.js';
import type { Direction, Rule } from '../../src/model/rule.js';
import { writePermissions } from './write-permissions.js';

export const DESCRIBE_SHAPE_NAME = 'DescribeSecurityGroups';
export const REQUEST_SHAPE_NAME = 'AuthorizeSecurityGroupIngress/Egress';
/** Written when the source has no group description (AWS requires one). */
export const DEFAULT_GROUP_DESCRIPTION = 'Translated by sgbridge';

function rulesOf(group: SecurityGroup, direction: Direction): Rule[] {
  return group.rules.filter((r) => r.direction === direction);
}

/** Group fields no AWS shape holds: src/lower/fit-aws.ts drops them (reported) before writing. */
function assertFitted(group: SecurityGroup, shape: 'describe' | 'request'): void {
  const bad =
    group.type !== undefined
      ? 'a group type'
      : group.innerAccessPolicy !== undefined
        ? 'an inner access policy'
        : group.region !== undefined
          ? 'a region'
          : shape === 'describe' && (group.name === undefined || group.description === undefined)
            ? 'a group without a name or description'
            : shape === 'request' && group.tags !== undefined
              ? 'tags in a request'
              : undefined;
  if (bad !== undefined)
    throw new TranslateError(
      'internal',
      `the AWS ${shape} writer got ${bad}; the lowering step must fit the group first`,
      { pointer: group.pointer ?? '' },
    );
}

/** A DescribeSecurityGroups `SecurityGroups[]` item, keys in the order the AWS CLI prints them. */
export function writeDescribe(group: SecurityGroup): AwsSecurityGroup & Record<string, unknown> {
  const pointer = group.pointer ?? '';
  assertFitted(group, 'describe');
  const out: AwsSecurityGroup & Record<string, unknown> = {
    Description: group.description!,
    GroupName: group.name!,
    IpPermissions: writePermissions(rulesOf(group, 'ingress'), pointer),
  };
  if (group.ownerId !== undefined) out.OwnerId = group.ownerId;
  if (group.id !== undefined) out.GroupId = group.id;
  out.IpPermissionsEgress = writePermissions(rulesOf(group, 'egress'), pointer);
  if (group.tags !== undefined) out.Tags = group.tags.map((t) => ({ Key: t.key, Value: t.value }));
  if (group.vpcId !== undefined) out.VpcId = group.vpcId;
  if (group.arn !== undefined) out.SecurityGroupArn = group.arn;
  return out;
}

export type AwsRequest =
  | {
      action: 'AuthorizeSecurityGroupIngress';
      request: AuthorizeSecurityGroupIngressCommandInput & Record<string, unknown>;
    }
  | { action: 'RevokeSecurityGroupEgress'; request: RevokeSecurityGroupEgressCommandInput & Record<string, unknown> }
  | {
      action: 'AuthorizeSecurityGroupEgress';
      request: AuthorizeSecurityGroupEgressCommandInput & Record<string, unknown>;
    };

/** The egress rule AWS gives every new VPC security group: all traffic to 0.0.0.0/0. */
export const isNewGroupDefaultEgress = (r: Rule): boolean =>
  r.direction === 'egress' &&
  r.action === 'allow' &&
  r.protocol === 'all' &&
  r.peer.kind === 'cidr' &&
  r.peer.cidr === '0.0.0.0/0';

/**
 * The requests that give a NEW group exactly these rules: Authorize per direction. A new VPC group already
 * has the all-traffic IPv4 egress rule, so it is never authorized again (InvalidPermission.Duplicate), and
 * when the group must not have it, a RevokeSecurityGroupEgress of it comes first (reported either way).
 * Ingress may name the group by GroupName (default VPC) when it has no ID; egress needs a GroupId.
 */
export function writeRequests(group: SecurityGroup): AwsRequest[] {
  const pointer = group.pointer ?? '';
  assertFitted(group, 'request');
  const out: AwsRequest[] = [];
  const ingress = rulesOf(group, 'ingress');
  if (ingress.length > 0) {
    const target =
      group.id !== undefined ? { GroupId: group.id } : group.name !== undefined ? { GroupName: group.name } : undefined;
    if (target === undefined)
      throw new TranslateError('internal', 'an ingress request needs the group ID or name', { pointer });
    out.push({
      action: 'AuthorizeSecurityGroupIngress',
      request: { ...target, IpPermissions: writePermissions(ingress, pointer) },
    });
  }
  const allEgress = rulesOf(group, 'egress');
  const keepsDefault = allEgress.some(isNewGroupDefaultEgress);
  const egress = allEgress.filter((r) => !isNewGroupDefaultEgress(r));
  // src/lower/fit-aws.ts reports what becomes of the default rule (new_group_default_egress).
  if (!keepsDefault && group.id !== undefined) {
    out.push({
      action: 'RevokeSecurityGroupEgress',
      request: { GroupId: group.id, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
    });
  }
  if (egress.length > 0) {
    if (group.id === undefined)
      throw new TranslateError('internal', 'an egress request needs the group ID', { pointer });
    out.push({
      action: 'AuthorizeSecurityGroupEgress',
      request: { GroupId: group.id, IpPermissions: writePermissions(egress, pointer) },
    });
  }
  return out;
}
