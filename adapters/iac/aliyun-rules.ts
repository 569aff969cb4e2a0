/**
 * What the Aliyun rule forms of provisioning code hold (terraform `alicloud_security_group_rule`, ROS
 * SecurityGroupIngress/Egress entries): no source ports, instance-side address or port list, and only the named
 * protocols. Shared by the Terraform and ROS writers, so both leave out and report the same things.
 */
import type { Report } from '../../src/report/report.js';
import { text } from './types.js';

export const NAMED_PROTOCOLS = ['tcp', 'udp', 'icmp', 'icmpv6', 'gre', 'all'];

/** Peer and instance-side fields of a Describe permission, by direction (wire names). */
export const SIDES = {
  ingress: {
    v4: 'SourceCidrIp',
    v6: 'Ipv6SourceCidrIp',
    group: 'SourceGroupId',
    ownerAccount: 'SourceGroupOwnerAccount',
    ownerId: 'SourceGroupOwnerId',
    prefixList: 'SourcePrefixListId',
    localV4: 'DestCidrIp',
    localV6: 'Ipv6DestCidrIp',
  },
  egress: {
    v4: 'DestCidrIp',
    v6: 'Ipv6DestCidrIp',
    group: 'DestGroupId',
    ownerAccount: 'DestGroupOwnerAccount',
    ownerId: 'DestGroupOwnerId',
    prefixList: 'DestPrefixListId',
    localV4: 'SourceCidrIp',
    localV6: 'Ipv6SourceCidrIp',
  },
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

/** What the rule forms can write of one permission. */
export interface WritableRule {
  readonly drop: boolean;
  readonly protocol: string;
  readonly portRange: string;
  readonly priority: number;
}

/**
 * One Describe permission as the rule forms write it, or undefined when it is left out (an accept with a
 * condition they cannot hold): a drop loses such conditions and drops more, a priority outside 1..100 becomes
 * 100 (the lowest), each reported as `iac_rule_unsupported` for `format`. `missing` adds the writer's own
 * conditions that it cannot hold.
 */
export function writableRule(
  p: Record<string, unknown>,
  direction: 'ingress' | 'egress',
  format: string,
  g: { readonly report: Report; readonly pointer: string },
  missing: readonly string[] = [],
): WritableRule | undefined {
  const drop = text(p, 'Policy')?.toLowerCase() === 'drop';
  let protocol = (text(p, 'IpProtocol') ?? 'all').toLowerCase();
  let portRange = text(p, 'PortRange') ?? '-1/-1';
  const unsupported = [...unsupportedConditions(p, SIDES[direction]), ...missing];
  if (unsupported.length > 0) {
    g.report.add('iac_rule_unsupported', g.pointer, {
      format,
      what: `the ${drop ? 'drop' : 'accept'} ${direction} rule with ${unsupported.join(', ')}`,
      outcome: drop ? 'the drop is written without that condition (it drops more)' : 'the rule is left out',
    });
    if (!drop) return undefined;
    ({ protocol, portRange } = widenedDrop(p));
  }
  let priority = Number(text(p, 'Priority') ?? '1');
  if (!(priority >= 1 && priority <= 100)) {
    g.report.add('iac_rule_unsupported', g.pointer, {
      format,
      what: `priority ${priority}`,
      outcome: 'the rule is written at priority 100, the lowest',
    });
    priority = 100;
  }
  return { drop, protocol, portRange, priority };
}
