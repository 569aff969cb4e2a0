/**
 * An Aliyun target group as Terraform resources (aliyun/alicloud): `alicloud_security_group` (security_group_name,
 * description, vpc_id, security_group_type, inner_access_policy, tags) and one `alicloud_security_group_rule` per
 * permission (type, ip_protocol, port_range, policy, priority, nic_type, cidr_ip / ipv6_cidr_ip /
 * source_security_group_id / prefix_list_id, source_group_owner_id or source_group_owner_account, description).
 * Arguments and values from the provider's resource schema (resource_alicloud_security_group_rule.go): ip_protocol
 * is one of tcp, udp, icmp, icmpv6, gre, all; priority 1..100; nic_type defaults to internet, so intranet is
 * written unless the rule says internet. The rule resource has no source ports, instance-side address or port list:
 * such an accept is left out and such a drop is written without that condition (it drops more), both reported.
 */
import { SIDES, writableRule } from '../iac/aliyun-rules.js';
import { aliyunPermissions, text, type EmitGroup } from '../iac/types.js';
import { TfExpression, type TfBlock, type TfValue } from './values.js';
import type { GroupRefs } from './write.js';

type Args = [string, TfValue][];

const FORMAT = 'Terraform (alicloud_security_group_rule)';

export function aliyunBlocks(g: EmitGroup, name: string, refs: GroupRefs, vpc: TfValue | undefined): TfBlock[] {
  const n = g.native;
  const group: Args = [];
  const groupName = text(n, 'SecurityGroupName');
  if (groupName !== undefined) group.push(['security_group_name', groupName]);
  const description = text(n, 'Description');
  if (description !== undefined) group.push(['description', description]);
  if (vpc !== undefined) group.push(['vpc_id', vpc]);
  const type = (text(n, 'SecurityGroupType') ?? 'normal').toLowerCase();
  group.push(['security_group_type', type]);
  const inner = text(n, 'InnerAccessPolicy');
  if (type === 'normal') group.push(['inner_access_policy', inner === 'Drop' ? 'Drop' : 'Accept']);
  const tags = refs.tags(g);
  if (tags !== undefined) group.push(['tags', tags]);
  const blocks: TfBlock[] = [{ kind: 'resource', labels: ['alicloud_security_group', name], body: group }];
  const counters = { ingress: 0, egress: 0 };
  for (const p of aliyunPermissions(n)) {
    const direction = text(p, 'Direction') === 'egress' ? 'egress' : 'ingress';
    const side = SIDES[direction];
    const rule = writableRule(p, direction, FORMAT, g);
    if (rule === undefined) continue;
    const { drop, protocol, portRange, priority } = rule;
    const body: Args = [
      ['security_group_id', new TfExpression(`alicloud_security_group.${name}.id`)],
      ['type', direction],
      ['ip_protocol', protocol],
      ['port_range', portRange],
      ['policy', drop ? 'drop' : 'accept'],
      ['priority', priority],
      ['nic_type', text(p, 'NicType') === 'internet' ? 'internet' : 'intranet'],
    ];
    const v4 = text(p, side.v4);
    const v6 = text(p, side.v6);
    const ref = text(p, side.group);
    const prefixList = text(p, side.prefixList);
    if (v4 !== undefined) body.push(['cidr_ip', v4]);
    else if (v6 !== undefined) body.push(['ipv6_cidr_ip', v6]);
    else if (ref !== undefined) {
      body.push(['source_security_group_id', refs.expression(ref, g)]);
      const ownerId = text(p, side.ownerId);
      const ownerAccount = text(p, side.ownerAccount);
      if (ownerId !== undefined) body.push(['source_group_owner_id', ownerId]);
      else if (ownerAccount !== undefined)
        body.push([/^\d+$/.test(ownerAccount) ? 'source_group_owner_id' : 'source_group_owner_account', ownerAccount]);
    } else if (prefixList !== undefined) body.push(['prefix_list_id', prefixList]);
    const ruleDescription = text(p, 'Description');
    if (ruleDescription !== undefined) body.push(['description', ruleDescription]);
    counters[direction]++;
    blocks.push({
      kind: 'resource',
      labels: ['alicloud_security_group_rule', `${name}_${direction}_${counters[direction]}`],
      body,
    });
  }
  return blocks;
}
