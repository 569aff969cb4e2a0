/**
 * An Aliyun target as a ROS template: `ALIYUN::ECS::SecurityGroup` (SecurityGroupName, Description, VpcId,
 * SecurityGroupType, Tags) with its rules in `SecurityGroupIngress` / `SecurityGroupEgress` (wire property names:
 * IpProtocol, PortRange, Policy, Priority, NicType, Source/Dest CidrIp, Ipv6…CidrIp, …GroupId, …GroupOwnerId,
 * …PrefixListId, Description), and one `ALIYUN::ECS::SecurityGroupIngress` / `…Egress` resource per rule that
 * references a group of the same template. Groups are referenced with `Fn::GetAtt [LogicalId, SecurityGroupId]`.
 *
 * ALIYUN::ECS::SecurityGroup has no InnerAccessPolicy property: a basic group that needs Drop is written with the
 * new-group default, Accept, and reported (`iac_inner_access_unsupported`); the verdict proven on the template says so.
 */
import { SIDES, writableRule } from '../iac/aliyun-rules.js';
import { templateBuilder, templateText } from '../iac/template.js';
import { aliyunPermissions, tagMap, text, type EmitGroup, type EmitResult } from '../iac/types.js';

const FORMAT = 'ROS (ALIYUN::ECS::SecurityGroup)';

export function writeRos(groups: readonly EmitGroup[], syntax: 'yaml' | 'json'): EmitResult {
  const b = templateBuilder(groups, (g) => text(g.native, 'SecurityGroupName'), 'SecurityGroupId', FORMAT, 'String');
  const resources: Record<string, unknown> = {};
  groups.forEach((g, i) => {
    const id = b.ids[i]!;
    const n = g.native;
    const props: Record<string, unknown> = {};
    if (text(n, 'SecurityGroupName') !== undefined) props['SecurityGroupName'] = text(n, 'SecurityGroupName');
    if (text(n, 'Description') !== undefined) props['Description'] = text(n, 'Description');
    props['VpcId'] =
      text(n, 'VpcId') ??
      b.refs.parameter(`${id}VpcId`, `The VPC of security group ${id}`, g, `The VPC of group ${id}`);
    const type = (text(n, 'SecurityGroupType') ?? 'normal').toLowerCase();
    props['SecurityGroupType'] = type;
    if (type === 'normal' && text(n, 'InnerAccessPolicy') === 'Drop')
      g.report.add('iac_inner_access_unsupported', g.pointer);
    const inline = { ingress: [] as Record<string, unknown>[], egress: [] as Record<string, unknown>[] };
    const separate: ['ingress' | 'egress', Record<string, unknown>][] = [];
    for (const p of aliyunPermissions(n)) {
      const direction = text(p, 'Direction') === 'egress' ? 'egress' : 'ingress';
      const side = SIDES[direction];
      const owner = text(p, side.ownerId) ?? text(p, side.ownerAccount);
      const ownerMissing =
        owner !== undefined && !/^\d+$/.test(owner)
          ? [`group owner account ${owner} (only owner IDs can be written)`]
          : [];
      const rule = writableRule(p, direction, FORMAT, g, ownerMissing);
      if (rule === undefined) continue;
      const { drop, protocol, portRange, priority } = rule;
      const entry: Record<string, unknown> = {
        IpProtocol: protocol,
        PortRange: portRange,
        Policy: drop ? 'drop' : 'accept',
        Priority: priority,
        NicType: text(p, 'NicType') === 'internet' ? 'internet' : 'intranet',
      };
      const ref = text(p, side.group);
      let internal = false;
      if (text(p, side.v4) !== undefined) entry[side.v4] = text(p, side.v4);
      else if (text(p, side.v6) !== undefined) entry[side.v6] = text(p, side.v6);
      else if (ref !== undefined) {
        internal = b.refs.inOutput(ref);
        entry[side.group] = b.refs.value(ref, g);
        if (owner !== undefined && /^\d+$/.test(owner)) entry[side.ownerId] = owner;
      } else if (text(p, side.prefixList) !== undefined) entry[side.prefixList] = text(p, side.prefixList);
      if (text(p, 'Description') !== undefined) entry['Description'] = text(p, 'Description');
      if (internal) separate.push([direction, entry]);
      else inline[direction].push(entry);
    }
    if (inline.ingress.length > 0) props['SecurityGroupIngress'] = inline.ingress;
    if (inline.egress.length > 0) props['SecurityGroupEgress'] = inline.egress;
    const tags = tagMap(n);
    if (tags !== undefined) props['Tags'] = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    resources[id] = { Type: 'ALIYUN::ECS::SecurityGroup', Properties: props };
    const counters = { ingress: 0, egress: 0 };
    for (const [direction, entry] of separate) {
      counters[direction]++;
      const suffix = direction === 'ingress' ? 'Ingress' : 'Egress';
      resources[`${id}${suffix}${counters[direction]}`] = {
        Type: `ALIYUN::ECS::SecurityGroup${suffix}`,
        Properties: { SecurityGroupId: b.self(id), ...entry },
      };
    }
  });
  const template: Record<string, unknown> = {
    ROSTemplateFormatVersion: '2015-09-01',
    Description: 'Security groups written by sgbridge convert',
  };
  if (b.parameters.size > 0) template['Parameters'] = Object.fromEntries(b.parameters);
  template['Resources'] = resources;
  return { text: templateText(template, syntax), document: template, addresses: b.ids };
}
