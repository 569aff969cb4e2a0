/**
 * An AWS target as a CloudFormation template: `AWS::EC2::SecurityGroup` with its rules in `SecurityGroupIngress` /
 * `SecurityGroupEgress` (properties from the AWS::EC2::SecurityGroup Ingress/Egress reference), and one
 * `AWS::EC2::SecurityGroupIngress` / `AWS::EC2::SecurityGroupEgress` resource per rule that references a group of
 * the same template (inline, such references are circular dependencies). Groups are referenced with
 * `Fn::GetAtt [LogicalId, GroupId]`.
 *
 * CloudFormation removes the allow-all egress rule of a new group only when SecurityGroupEgress names a rule. A group
 * that allows no egress there gets the rule AWS CDK uses for the purpose (ICMP type 252 code 86 to
 * 255.255.255.255/32), reported as `iac_egress_sentinel`: it can match only that packet, which is still more than
 * nothing, so the verdict proven on the template says wider.
 */
import { list, tagMap, text, type EmitGroup, type EmitResult } from '../iac/types.js';
import { templateBuilder, templateText, type TemplateRefs } from '../iac/template.js';

const FORMAT = 'CloudFormation';
export const EGRESS_SENTINEL = {
  IpProtocol: 'icmp',
  FromPort: 252,
  ToPort: 86,
  CidrIp: '255.255.255.255/32',
  Description: 'Disallow all traffic',
} as const;

const PEER_KEYS = {
  ingress: { v4: 'CidrIp', v6: 'CidrIpv6', prefixList: 'SourcePrefixListId', group: 'SourceSecurityGroupId' },
  egress: { v4: 'CidrIp', v6: 'CidrIpv6', prefixList: 'DestinationPrefixListId', group: 'DestinationSecurityGroupId' },
} as const;

interface Entry {
  readonly props: Record<string, unknown>;
  /** True when the entry references a group of this template (written as its own resource). */
  readonly internal: boolean;
}

function entries(
  perm: Record<string, unknown>,
  direction: 'ingress' | 'egress',
  g: EmitGroup,
  refs: TemplateRefs,
): Entry[] {
  const keys = PEER_KEYS[direction];
  const base: Record<string, unknown> = { IpProtocol: text(perm, 'IpProtocol') ?? '-1' };
  if (base['IpProtocol'] !== '-1') {
    if (typeof perm['FromPort'] === 'number') base['FromPort'] = perm['FromPort'];
    if (typeof perm['ToPort'] === 'number') base['ToPort'] = perm['ToPort'];
  }
  const out: Entry[] = [];
  const add = (peer: Record<string, unknown>, description: string | undefined, internal = false) =>
    out.push({ props: { ...base, ...peer, ...(description !== undefined && { Description: description }) }, internal });
  for (const r of list(perm, 'IpRanges')) add({ [keys.v4]: text(r, 'CidrIp') }, text(r, 'Description'));
  for (const r of list(perm, 'Ipv6Ranges')) add({ [keys.v6]: text(r, 'CidrIpv6') }, text(r, 'Description'));
  for (const r of list(perm, 'PrefixListIds'))
    add({ [keys.prefixList]: text(r, 'PrefixListId') }, text(r, 'Description'));
  for (const r of list(perm, 'UserIdGroupPairs')) {
    const id = text(r, 'GroupId') ?? '';
    const owner = text(r, 'UserId');
    const internal = refs.inOutput(id);
    if (owner !== undefined && !internal && direction === 'egress') {
      g.report.add('iac_rule_unsupported', g.pointer, {
        format: FORMAT,
        what: `the egress reference to group ${id} of account ${owner} (SecurityGroupEgress has no owner property)`,
        outcome: 'the rule is left out',
      });
      continue;
    }
    const peer: Record<string, unknown> = { [keys.group]: refs.value(id, g) };
    if (owner !== undefined && !internal) peer['SourceSecurityGroupOwnerId'] = owner;
    add(peer, text(r, 'Description'), internal);
  }
  return out;
}

export function writeCloudFormation(groups: readonly EmitGroup[], syntax: 'yaml' | 'json'): EmitResult {
  const b = templateBuilder(groups, (g) => text(g.native, 'GroupName'), 'GroupId', FORMAT, 'String');
  const resources: Record<string, unknown> = {};
  groups.forEach((g, i) => {
    const id = b.ids[i]!;
    const n = g.native;
    const props: Record<string, unknown> = {};
    if (text(n, 'GroupName') !== undefined) props['GroupName'] = text(n, 'GroupName');
    props['GroupDescription'] = typeof n['Description'] === 'string' ? n['Description'] : '';
    props['VpcId'] =
      text(n, 'VpcId') ??
      b.refs.parameter(`${id}VpcId`, `The VPC of security group ${id}`, g, `The VPC of group ${id}`);
    const separate: [string, Record<string, unknown>][] = [];
    for (const [direction, key, property] of [
      ['ingress', 'IpPermissions', 'SecurityGroupIngress'],
      ['egress', 'IpPermissionsEgress', 'SecurityGroupEgress'],
    ] as const) {
      const inline: Record<string, unknown>[] = [];
      for (const perm of list(n, key)) {
        for (const e of entries(perm, direction, g, b.refs)) {
          if (e.internal) separate.push([direction, e.props]);
          else inline.push(e.props);
        }
      }
      if (direction === 'egress' && inline.length === 0) {
        inline.push({ ...EGRESS_SENTINEL });
        g.report.add('iac_egress_sentinel', g.pointer, { rule: 'icmp type 252 code 86 to 255.255.255.255/32' });
      }
      if (inline.length > 0) props[property] = inline;
    }
    const tags = tagMap(n);
    if (tags !== undefined) props['Tags'] = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    resources[id] = { Type: 'AWS::EC2::SecurityGroup', Properties: props };
    const counters = { ingress: 0, egress: 0 };
    for (const [direction, entry] of separate) {
      counters[direction as 'ingress' | 'egress']++;
      const suffix = direction === 'ingress' ? 'Ingress' : 'Egress';
      resources[`${id}${suffix}${counters[direction as 'ingress' | 'egress']}`] = {
        Type: `AWS::EC2::SecurityGroup${suffix}`,
        Properties: { GroupId: b.self(id), ...entry },
      };
    }
  });
  const template: Record<string, unknown> = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'Security groups written by sgbridge convert',
  };
  if (b.parameters.size > 0) template['Parameters'] = Object.fromEntries(b.parameters);
  template['Resources'] = resources;
  return { text: templateText(template, syntax), document: template, addresses: b.ids };
}
