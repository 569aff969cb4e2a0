/**
 * CloudFormation templates (JSON or YAML, short-form tags read by src/io) → canonical AWS groups, through the AWS
 * adapter's reader (iac/aws-groups.ts). `AWS::EC2::SecurityGroup` with SecurityGroupIngress/Egress, and
 * `AWS::EC2::SecurityGroupIngress` / `…Egress` resources attached to their group by GroupId. A group's ID is its
 * logical ID; references between groups of the template resolve to it. A group without SecurityGroupEgress keeps
 * the allow-all IPv4 egress rule AWS gives a new group (reported as read). Values that do not resolve within the
 * template leave their rule out (iac_reference_unresolved), never guessed.
 */
import type { SecurityGroup } from '../../src/model/group.js';
import type { Report } from '../../src/report/report.js';
import { AwsGroupBuilder, type Sourced } from '../iac/aws-groups.js';
import type { TemplateContext } from '../iac/intrinsics.js';
import { Properties, templateParameters, templateResources } from '../iac/template-read.js';

const KIND = 'CloudFormation template';

const GROUP_PROPERTIES = [
  'GroupName',
  'GroupDescription',
  'VpcId',
  'Tags',
  'SecurityGroupIngress',
  'SecurityGroupEgress',
];
const PEERS = {
  ingress: {
    v4: 'CidrIp',
    v6: 'CidrIpv6',
    prefixList: 'SourcePrefixListId',
    group: 'SourceSecurityGroupId',
    groupName: 'SourceSecurityGroupName',
    owner: 'SourceSecurityGroupOwnerId',
  },
  egress: {
    v4: 'CidrIp',
    v6: 'CidrIpv6',
    prefixList: 'DestinationPrefixListId',
    group: 'DestinationSecurityGroupId',
    groupName: undefined,
    owner: undefined,
  },
} as const;
const RULE_PROPERTIES = ['IpProtocol', 'FromPort', 'ToPort', 'Description'];

function numberOrText(v: unknown): unknown {
  return typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v;
}

/** One rule entry → an IpPermission with one peer, or undefined when a value does not resolve. */
function permission(
  p: Properties,
  direction: 'ingress' | 'egress',
  b: AwsGroupBuilder,
  report: Report,
  extra: readonly string[] = [],
): Record<string, unknown> | undefined {
  const peers = PEERS[direction];
  const known = [
    ...RULE_PROPERTIES,
    ...extra,
    ...(Object.values(peers) as (string | undefined)[]).filter((k): k is string => k !== undefined),
  ];
  for (const k of p.keys())
    if (!known.includes(k))
      report.add('field_not_translated', p.at(k), { field: k, to: 'the model (unknown rule property)' });
  const field = (key: string, convert: (v: unknown) => unknown = (v) => v): Sourced | undefined | null => {
    const r = p.get(key);
    if (r === undefined) return undefined;
    if ('unresolved' in r) {
      report.add('iac_reference_unresolved', p.at(key), { value: r.unresolved, field: key, kind: KIND });
      return null;
    }
    return [convert(r.value), p.at(key)];
  };
  const protocol = field('IpProtocol', (v) => (typeof v === 'number' ? String(v) : v));
  const from = field('FromPort', numberOrText);
  const to = field('ToPort', numberOrText);
  const description = field('Description');
  if (protocol === null || from === null || to === null || description === null) return undefined;
  const perm = b.object({ IpProtocol: protocol, FromPort: from, ToPort: to }, p.pointer);
  const d = description === undefined ? {} : { Description: description };
  const v4 = field(peers.v4);
  const v6 = field(peers.v6);
  const prefixList = field(peers.prefixList);
  const group = field(peers.group);
  const groupName = peers.groupName === undefined ? undefined : field(peers.groupName);
  const owner = peers.owner === undefined ? undefined : field(peers.owner);
  if ([v4, v6, prefixList, group, groupName, owner].includes(null)) return undefined;
  perm['IpRanges'] = v4 ? [b.object({ CidrIp: v4, ...d }, v4[1])] : [];
  perm['Ipv6Ranges'] = v6 ? [b.object({ CidrIpv6: v6, ...d }, v6[1])] : [];
  perm['PrefixListIds'] = prefixList ? [b.object({ PrefixListId: prefixList, ...d }, prefixList[1])] : [];
  const pairAt = group?.[1] ?? groupName?.[1];
  perm['UserIdGroupPairs'] =
    pairAt !== undefined
      ? [
          b.object(
            { GroupId: group ?? undefined, GroupName: groupName ?? undefined, UserId: owner ?? undefined, ...d },
            pairAt,
          ),
        ]
      : [];
  return perm;
}

export function readCloudFormation(template: unknown, report: Report): SecurityGroup[] {
  const resources = templateResources(template, 'AWS::EC2::SecurityGroup');
  const groups = resources.filter((r) => r.type === 'AWS::EC2::SecurityGroup');
  const ctx: TemplateContext = {
    parameters: templateParameters(template),
    groups: new Map(groups.map((g) => [g.logicalId, g.logicalId])),
    idAttribute: 'GroupId',
    report,
    kind: KIND,
  };
  const b = new AwsGroupBuilder();
  for (const r of groups) {
    const p = new Properties(r.properties, r.pointer, ctx);
    for (const k of p.keys())
      if (!GROUP_PROPERTIES.includes(k))
        report.add('field_not_translated', p.at(k), { field: k, to: 'the model (unknown group property)' });
    const text = (key: string): Sourced | undefined => {
      const v = p.text(key, report);
      return v === undefined ? undefined : [v, p.at(key)];
    };
    const tags = p.list('Tags').map(({ item }) =>
      b.object(
        {
          Key: [item.text('Key', report), item.at('Key')],
          Value: [item.text('Value', report) ?? '', item.at('Value')],
        },
        item.pointer,
      ),
    );
    b.group(
      r.logicalId,
      {
        GroupName: text('GroupName'),
        Description: text('GroupDescription'),
        VpcId: text('VpcId'),
        ...(tags.length > 0 && { Tags: [tags, p.at('Tags')] }),
      },
      r.pointer,
    );
    for (const { item } of p.list('SecurityGroupIngress')) {
      const perm = permission(item, 'ingress', b, report);
      if (perm) b.permission(r.logicalId, 'ingress', perm);
    }
    const egress = p.list('SecurityGroupEgress');
    for (const { item } of egress) {
      const perm = permission(item, 'egress', b, report);
      if (perm) b.permission(r.logicalId, 'egress', perm);
    }
    if (egress.length === 0) {
      report.add('iac_default_egress_read', r.pointer);
      const at = r.pointer;
      b.permission(
        r.logicalId,
        'egress',
        b.object({ IpProtocol: ['-1', at], IpRanges: [[b.object({ CidrIp: ['0.0.0.0/0', at] }, at)], at] }, at),
      );
    }
  }
  for (const r of resources) {
    if (r.type !== 'AWS::EC2::SecurityGroupIngress' && r.type !== 'AWS::EC2::SecurityGroupEgress') continue;
    const direction = r.type.endsWith('Ingress') ? 'ingress' : 'egress';
    const p = new Properties(r.properties, r.pointer, ctx);
    const target = p.get('GroupId') ?? p.get('GroupName');
    const targetKey = p.values['GroupId'] !== undefined ? 'GroupId' : 'GroupName';
    if (target === undefined) {
      report.add('iac_reference_unresolved', r.pointer, { value: '(no GroupId)', field: 'GroupId', kind: KIND });
      continue;
    }
    if ('unresolved' in target) {
      report.add('iac_reference_unresolved', p.at(targetKey), {
        value: target.unresolved,
        field: targetKey,
        kind: KIND,
      });
      continue;
    }
    const key = String(target.value);
    if (!b.has(key)) {
      report.add('iac_rule_without_group', p.at(targetKey), { address: r.logicalId, groupId: key, kind: KIND });
      b.group(key, {}, p.at(targetKey));
    }
    const perm = permission(p, direction, b, report, ['GroupId', 'GroupName']);
    if (perm) b.permission(key, direction, perm);
  }
  return b.read(report);
}
