/** DescribeSecurityGroups output (CLI JSON, SDK output, or the API's XML converted by xml.ts) → canonical groups. */
import type { SecurityGroup } from '../../src/model/group.js';
import type { Rule } from '../../src/model/rule.js';
import { MODEL_VERSION } from '../../src/model/version.js';
import { isLeftOut, type Report } from '../../src/report/report.js';
import { GROUP_FIELDS, reportUnknownFields } from './fields.js';
import { provenancePointer, type Node } from './values.js';
import { compact, readPermission, readTags } from './read-permission.js';

export const DESCRIBE_GROUPS = 'describe-security-groups';

export function readDescribeGroup(g: Node, report: Report, shape = DESCRIBE_GROUPS): SecurityGroup {
  reportUnknownFields(g, GROUP_FIELDS, report, shape);
  // One context per direction, shared by its permissions.
  const ingress = { report, shape, direction: 'ingress' as const };
  const egress = { report, shape, direction: 'egress' as const };
  const rules: Rule[] = [];
  for (const p of g.list('IpPermissions')) for (const r of readPermission(p, ingress)) if (!isLeftOut(r)) rules.push(r);
  for (const p of g.list('IpPermissionsEgress'))
    for (const r of readPermission(p, egress)) if (!isLeftOut(r)) rules.push(r);
  recordGroupProvenance(g, report);
  return compact({
    modelVersion: MODEL_VERSION,
    provider: 'aws' as const,
    id: g.str('GroupId'),
    name: g.str('GroupName'),
    description: g.rawStr('Description'),
    vpcId: g.str('VpcId'),
    ownerId: g.str('OwnerId'),
    arn: g.str('SecurityGroupArn'),
    tags: readTags(g, 'Tags', report, shape),
    rules,
    pointer: g.pointer,
  });
}

/**
 * Where the group fields later stages name in findings came from (src/model/provenance.ts); for query and XML
 * input see provenancePointer.
 */
function recordGroupProvenance(g: Node, report: Report): void {
  for (const [field, name] of [
    ['id', 'GroupId'],
    ['vpcId', 'VpcId'],
    ['ownerId', 'OwnerId'],
    ['arn', 'SecurityGroupArn'],
  ] as const) {
    const at = g.has(name) ? provenancePointer(g, name) : undefined;
    if (at !== undefined) report.provenance.record(g.pointer, field, at);
  }
}

/**
 * The group objects of `{SecurityGroups: [...]}`, a bare array of groups, or one bare group, unread; the
 * document's own fields are checked (findings to `report`).
 */
export function describeGroupNodes(root: Node | Node[], report: Report): Node[] {
  if (Array.isArray(root)) return root;
  if (!root.has('SecurityGroups')) return [root];
  // PrefixListEntries (and UnreadablePrefixLists) come from `sgbridge pull`: the entries of referenced prefix lists.
  reportUnknownFields(root, ['SecurityGroups', 'PrefixListEntries', 'UnreadablePrefixLists'], report, DESCRIBE_GROUPS);
  return root.list('SecurityGroups');
}

/** `{SecurityGroups: [...]}`, a bare array of groups, or one bare group. */
export function readDescribeGroups(root: Node | Node[], report: Report): SecurityGroup[] {
  return describeGroupNodes(root, report).map((g) => readDescribeGroup(g, report));
}

/**
 * A group's ID, name and pointer as readDescribeGroup reads them, without its rules (what a conversion needs
 * of the groups it does not convert: their placeholder IDs).
 */
export function describeGroupKey(g: Node): Pick<SecurityGroup, 'provider' | 'id' | 'name' | 'pointer'> {
  return compact({ provider: 'aws' as const, id: g.str('GroupId'), name: g.str('GroupName'), pointer: g.pointer });
}
