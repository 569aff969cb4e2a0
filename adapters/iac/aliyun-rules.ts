/**
 * What the Aliyun rule forms of provisioning code hold (terraform `alicloud_security_group_rule`, ROS
 * SecurityGroupIngress/Egress entries): no source ports, instance-side address or port list, and only the named
 * protocols. Shared by the Terraform and ROS writers, so both leave out and report the same things.
 */
import { text } from './types.js';

export const NAMED_PROTOCOLS = ['tcp', 'udp', 'icmp', 'icmpv6', 'gre', 'all'];

/** Peer and instance-side fields of a Describe permission, by direction (wire names). */
export const SIDES = {
  ingress: { v4: 'SourceCidrIp', v6: 'Ipv6SourceCidrIp', group: 'SourceGroupId', ownerAccount: 'SourceGroupOwnerAccount', ownerId: 'SourceGroupOwnerId', prefixList: 'SourcePrefixListId', localV4: 'DestCidrIp', localV6: 'Ipv6DestCidrIp' },
  egress: { v4: 'DestCidrIp', v6: 'Ipv6DestCidrIp', group: 'DestGroupId', ownerAccount: 'DestGroupOwnerAccount', ownerId: 'DestGroupOwnerId', prefixList: 'DestPrefixListId', localV4: 'SourceCidrIp', localV6: 'Ipv6SourceCidrIp' },
} as const;
export type Side = (typeof SIDES)['ingress' | 'egress'];

/** The conditions of a Describe permission the rule forms cannot hold, by name (empty when all can be written). */
export function unsupportedConditions(p: Record<string, unknown>, side: Side): string[] {
  const out: string[] = [];
  const protocol = (text(p, 'IpProtocol') ?? 'all').toLowerCase();
  if (!NAMED_PROTOCOLS.includes(protocol)) out.push(`protocol ${protocol}`);
  const sourcePorts = text(p, 'SourcePortRange');
  if (sourcePorts !== undefined) out.push(`source ports ${sourcePorts}`);
  const local = text(p, side.localV4) ?? text(p, side.localV6);
  if (local !== undefined) out.push(`instance-side address ${local}`);
  const portList = text(p, 'PortRangeListId');
  if (portList !== undefined && text(p, 'PortRange') === undefined) out.push(`port list ${portList}`);
  return out;
}

/**
 * Protocol and port range of a drop written without the conditions it cannot hold: an unnamed protocol becomes
 * all protocols, a port list all ports. The drop then drops more, never less.
 */
export function widenedDrop(p: Record<string, unknown>): { protocol: string; portRange: string } {
  let protocol = (text(p, 'IpProtocol') ?? 'all').toLowerCase();
  let portRange = text(p, 'PortRange');
  if (!NAMED_PROTOCOLS.includes(protocol)) {
    protocol = 'all';
    portRange = '-1/-1';
  }
  if (portRange === undefined) portRange = protocol === 'tcp' || protocol === 'udp' ? '1/65535' : '-1/-1';
  return { protocol, portRange };
}
