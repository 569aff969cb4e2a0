/**
 * An Aliyun group made fit for Aliyun's payloads (DescribeSecurityGroupAttribute, Authorize requests): port 0
 * cut off, descriptions cut to the limit, group names and descriptions rewritten to what CreateSecurityGroup
 * accepts, and fields the shape has no place for dropped, each reported at its pointer. A value Aliyun rejects
 * outright (a protocol the region does not take, ICMP with the other family's address, a priority a request
 * may not name) stops the run with Aliyun's error code. The writer (adapters/aliyun/write.ts) then only
 * formats, and fails as an internal error on anything this step did not remove.
 */
import { aliyunCapabilities } from '../../tables/capabilities.js';
import { ICMP, ICMPV6, PORT_PROTOCOLS } from '../../tables/protocols.js';
import { aliyunGroupDescription, aliyunGroupName } from '../../adapters/aliyun/strings.js';
import { TranslateError } from '../errors.js';
import { cidrFamily } from '../address/index.js';
import type { SecurityGroup } from '../model/group.js';
import type { PortRange, Rule } from '../model/rule.js';
import type { Report } from '../report/report.js';
import type { PayloadShape } from './fit.js';

const caps = aliyunCapabilities;
/** Group-peer fields of AWS VPC peering: no Aliyun shape holds them. */
const PEERING_FIELDS = ['vpcId', 'vpcPeeringConnectionId', 'peeringStatus'] as const;

function at(rule: Rule): string {
  return rule.origin?.pointer ?? '';
}

const rangeText = (r: PortRange) => `${r.from}/${r.to}`;

/** Aliyun port ranges start at 1: port 0 is cut off (reported); a range of only port 0 cannot be written. */
function writableRange(rule: Rule, range: PortRange | undefined, report: Report): PortRange {
  const r = range ?? { from: 0, to: 65535 };
  if (r.from >= caps.minPort) return r;
  if (r.to < caps.minPort) {
    throw new TranslateError('provider_rejects', `port range ${rangeText(r)} has no port Aliyun can name`, {
      pointer: at(rule),
      providerCode: 'InvalidParam.PortRange',
    });
  }
  report.add('port_zero_unrepresentable', at(rule), {
    ports: `${r.from}-${r.to}`,
    written: `is written ${caps.minPort}-${r.to}`,
  });
  return { from: caps.minPort, to: r.to };
}

/** One rule as the shape can hold it; the checks in the order the payload's fields are written. */
function fitRule(group: SecurityGroup, rule: Rule, report: Report, forRequest: boolean): Rule {
  if (rule.icmp !== undefined)
    throw new TranslateError(
      'internal',
      'Aliyun rules cannot match ICMP types or codes; the engine should have removed this condition',
      { pointer: at(rule) },
    );
  let out = rule;
  const edit = (): Rule => (out === rule ? (out = { ...rule }) : out);
  if (typeof rule.protocol === 'number' && !caps.protocols.includes(rule.protocol as never)) {
    const regions = caps.numberedProtocolRegions;
    if (group.region !== undefined && regions !== null && !regions.includes(group.region as never)) {
      throw new TranslateError(
        'provider_rejects',
        `protocol ${rule.protocol} cannot be written in region ${group.region}`,
        { pointer: at(rule), providerCode: 'InvalidIpProtocol.ValueNotSupported' },
      );
    }
  }
  const ported = typeof rule.protocol === 'number' && PORT_PROTOCOLS.includes(rule.protocol);
  if (ported && (rule.ports !== undefined || rule.portList === undefined)) {
    const ports = writableRange(rule, rule.ports, report);
    if (rule.ports === undefined || ports.from !== rule.ports.from) edit().ports = ports;
  }
  if (rule.sourcePorts !== undefined && ported) {
    const ports = writableRange(rule, rule.sourcePorts, report);
    if (ports.from !== rule.sourcePorts.from) edit().sourcePorts = ports;
  }
  const priority = rule.priority ?? caps.priorities.default;
  if (priority > caps.priorities.max) {
    // Describe still returns 110 for rules created before 2020; a request with it is rejected.
    if (forRequest)
      throw new TranslateError('provider_rejects', `priority ${priority} is outside 1..${caps.priorities.max}`, {
        pointer: at(rule),
        providerCode: 'InvalidPriority.ValueNotSupported',
      });
    report.add('priority_out_of_range', at(rule), { priority });
  }
  const peer = rule.peer;
  if (peer.kind === 'cidr') {
    const v6 = cidrFamily(peer.cidr) === 6;
    if (rule.protocol === ICMP && v6)
      throw new TranslateError('provider_rejects', 'ICMP (IPv4) cannot have an IPv6 peer', {
        pointer: at(rule),
        providerCode: 'InvalidParam.Ipv4ProtocolConflictWithIpv6Address',
      });
    if (rule.protocol === ICMPV6 && !v6)
      throw new TranslateError('provider_rejects', 'ICMPv6 cannot have an IPv4 peer', {
        pointer: at(rule),
        providerCode: 'InvalidParam.Ipv6ProtocolConflictWithIpv4Address',
      });
  } else if (peer.kind === 'group') {
    if (peer.groupId === undefined)
      throw new TranslateError('internal', 'an Aliyun group reference needs a group ID', { pointer: at(rule) });
    if (group.id !== undefined && peer.groupId === group.id) {
      throw new TranslateError(
        'internal',
        'self-references must become InnerAccessPolicy before writing Aliyun rules',
        { pointer: at(rule) },
      );
    }
    if (group.type === 'enterprise')
      throw new TranslateError('provider_rejects', 'enterprise groups cannot reference groups', {
        pointer: at(rule),
        providerCode: 'InvalidGroupAuthParameter.OperationDenied',
      });
    // Describe has only the …OwnerAccount field; it holds an account name or a numeric account ID.
    const dropOwnerId = !forRequest && peer.ownerAccount !== undefined && peer.ownerId !== undefined;
    if (dropOwnerId) {
      report.add('field_not_translated', at(rule), {
        field: 'ownerId',
        to: 'aliyun (Describe has only the owner account)',
      });
    }
    const peering = PEERING_FIELDS.filter((field) => peer[field] !== undefined);
    for (const field of peering) report.add('field_not_translated', at(rule), { field, to: 'aliyun' });
    if (dropOwnerId || peering.length > 0) {
      const kept = { ...peer };
      if (dropOwnerId) delete kept.ownerId;
      for (const field of peering) delete kept[field];
      edit().peer = kept;
    }
  }
  if (rule.description !== undefined) {
    const max = caps.limits.ruleDescriptionLength;
    // No more code points than UTF-16 units: most descriptions need no count.
    if (rule.description.length > max) {
      const chars = [...rule.description];
      if (chars.length > max) {
        report.add('description_truncated', at(rule), { max, to: 'aliyun' });
        edit().description = chars.slice(0, max).join('');
      }
    }
  }
  if (rule.tags !== undefined) {
    if (rule.tags.length > 0)
      report.add('tags_dropped', at(rule), { count: rule.tags.length, shape: 'security group rule', to: 'aliyun' });
    delete edit().tags;
  }
  return out;
}

/** [UNCERTAIN] in the reference: whether enterprise groups accept drop rules. Written as usual, and said. */
function reportEnterpriseDrops(group: SecurityGroup, report: Report): void {
  if (group.type === 'enterprise' && group.rules.some((r) => r.action === 'deny'))
    report.add('enterprise_group_policy', group.pointer ?? '', {});
}

export function fitAliyun(group: SecurityGroup, shape: PayloadShape, report: Report): SecurityGroup {
  const out: SecurityGroup = { ...group };
  const pointer = group.pointer ?? '';
  reportEnterpriseDrops(group, report);
  if (shape === 'describe') {
    out.rules = group.rules.map((r) => fitRule(group, r, report, false));
    out.name = aliyunGroupName(group.name, pointer, report);
    out.description = aliyunGroupDescription(group.description, pointer, report);
    if (group.ownerId !== undefined) report.add('field_not_translated', pointer, { field: 'ownerId', to: 'aliyun' });
    if (group.arn !== undefined) report.add('field_not_translated', pointer, { field: 'arn', to: 'aliyun' });
    delete out.ownerId;
    delete out.arn;
    return out;
  }
  // Authorize requests cannot set the policy, and a new basic group starts with InnerAccessPolicy=Accept.
  if (group.type !== 'enterprise' && group.innerAccessPolicy === 'drop')
    report.add('inner_access_policy_not_requested', pointer, {});
  out.rules = (['ingress', 'egress'] as const).flatMap((d) =>
    group.rules.filter((r) => r.direction === d).map((r) => fitRule(group, r, report, true)),
  );
  return out;
}
