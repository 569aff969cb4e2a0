/**
 * An AWS target group as Terraform resources (hashicorp/aws): `aws_security_group` without inline rules, and one
 * `aws_vpc_security_group_ingress_rule` / `aws_vpc_security_group_egress_rule` per peer (the provider's current
 * recommendation; arguments from its resource docs: cidr_ipv4, cidr_ipv6, prefix_list_id,
 * referenced_security_group_id, ip_protocol, from_port, to_port, description, security_group_id). A group of
 * another account is referenced as `UserID/GroupID`, the form the provider's rule resources take.
 * Terraform removes the allow-all egress rule AWS gives a new group, so the group allows exactly the rules written.
 */
import { list, text, type EmitGroup } from '../iac/types.js';
import { TfExpression, type TfBlock, type TfValue } from './values.js';
import type { GroupRefs } from './write.js';

type Args = [string, TfValue][];

/** ip_protocol, from_port and to_port of one IpPermission. */
function protocolArgs(perm: Record<string, unknown>): Args {
  const protocol = text(perm, 'IpProtocol') ?? '-1';
  const args: Args = [['ip_protocol', protocol]];
  if (protocol === '-1') return args;
  const from = perm['FromPort'];
  const to = perm['ToPort'];
  if (typeof from === 'number') args.push(['from_port', from]);
  if (typeof to === 'number') args.push(['to_port', to]);
  return args;
}

interface Peer {
  readonly args: Args;
  readonly description: string | undefined;
}

function peersOf(perm: Record<string, unknown>, g: EmitGroup, refs: GroupRefs): Peer[] {
  const peers: Peer[] = [];
  for (const r of list(perm, 'IpRanges'))
    peers.push({ args: [['cidr_ipv4', text(r, 'CidrIp') ?? '']], description: text(r, 'Description') });
  for (const r of list(perm, 'Ipv6Ranges'))
    peers.push({ args: [['cidr_ipv6', text(r, 'CidrIpv6') ?? '']], description: text(r, 'Description') });
  for (const r of list(perm, 'PrefixListIds'))
    peers.push({ args: [['prefix_list_id', text(r, 'PrefixListId') ?? '']], description: text(r, 'Description') });
  for (const r of list(perm, 'UserIdGroupPairs')) {
    const id = text(r, 'GroupId') ?? '';
    const owner = text(r, 'UserId');
    // The provider takes `[UserID/]GroupID` for a group of another account (vpc_security_group_*_rule.go).
    const ref = owner !== undefined && !refs.inOutput(id) ? `${owner}/${id}` : refs.expression(id, g);
    peers.push({ args: [['referenced_security_group_id', ref]], description: text(r, 'Description') });
  }
  return peers;
}

export function awsBlocks(g: EmitGroup, name: string, refs: GroupRefs, vpc: TfValue | undefined): TfBlock[] {
  const n = g.native;
  const group: Args = [];
  const groupName = text(n, 'GroupName');
  if (groupName !== undefined) group.push(['name', groupName]);
  const description = n['Description'];
  if (typeof description === 'string') group.push(['description', description]);
  if (vpc !== undefined) group.push(['vpc_id', vpc]);
  const tags = refs.tags(g);
  if (tags !== undefined) group.push(['tags', tags]);
  const blocks: TfBlock[] = [{ kind: 'resource', labels: ['aws_security_group', name], body: group }];
  const self = new TfExpression(`aws_security_group.${name}.id`);
  for (const [direction, key] of [
    ['ingress', 'IpPermissions'],
    ['egress', 'IpPermissionsEgress'],
  ] as const) {
    let index = 0;
    for (const perm of list(n, key)) {
      for (const peer of peersOf(perm, g, refs)) {
        index++;
        const body: Args = [['security_group_id', self], ...protocolArgs(perm), ...peer.args];
        if (peer.description !== undefined) body.push(['description', peer.description]);
        blocks.push({
          kind: 'resource',
          labels: [`aws_vpc_security_group_${direction}_rule`, `${name}_${direction}_${index}`],
          body,
        });
      }
    }
  }
  return blocks;
}
