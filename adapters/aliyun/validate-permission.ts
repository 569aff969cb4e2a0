/**
 * Offline checks of Aliyun permissions with Aliyun's own error codes (reference A.6 and the seed API pages).
 * Choices where the tables differ:
 * - a concrete PortRange with ALL/ICMP/GRE gives `OperationDenied` ("IpProtocol and PortRange do not match");
 *   a malformed or out-of-range PortRange gives `InvalidParam.PortRange`; a missing one `InvalidPortRange.Malformed`;
 * - a permission with no peer gives `MissingParameter`;
 * - legacy `Policy=Allow` gives `InvalidPolicy.Malformed`;
 * - RegionId is not checked: the published samples leave the RPC common parameters out.
 * Enterprise groups: only group references are reported (InvalidGroupAuthParameter.OperationDenied); whether they
 * accept drop rules is [UNCERTAIN] in the reference, so drops are not reported.
 */
import type { ProviderIssue } from '../types.js';
import { canonicalCidr, cidrFamily } from '../../src/address/index.js';
import { aliyunCapabilities } from '../../tables/capabilities.js';
import { ALIYUN_PROTOCOL_TOKENS, ICMP, ICMPV6, PORT_PROTOCOLS, parseProtocol } from '../../tables/protocols.js';
import { CIDR_ERROR_CODES, ROLES, malformedCidrMessage, type PermissionField } from './fields.js';
import { isHclExpression, parseRangeText, type FieldValue, type RawPermission } from './values.js';

const caps = aliyunCapabilities;

export interface ValidationContext {
  readonly region?: string;
  readonly groupType?: 'normal' | 'enterprise';
  /** Request shapes must name the group; Describe responses and ROS/terraform items carry it elsewhere. */
  readonly requireGroupId?: { readonly pointer: string; readonly present: boolean };
}

/** Text of a field as validate sees it: undefined for unset, null for a value only a tool could resolve. */
function value(f: FieldValue | undefined): string | undefined | null {
  if (f === undefined || f.value === undefined || f.value === null) return undefined;
  if (isHclExpression(f.value)) return null;
  if (typeof f.value === 'number') return String(f.value);
  if (typeof f.value !== 'string') return JSON.stringify(f.value);
  return f.value.trim() === '' ? undefined : f.value;
}

export function validatePermission(raw: RawPermission, ctx: ValidationContext): ProviderIssue[] {
  const issues: ProviderIssue[] = [];
  const get = (n: PermissionField): FieldValue | undefined => raw.fields.get(n);
  const text = (n: PermissionField): string | undefined | null => value(get(n));
  const ptr = (n: PermissionField): string => get(n)?.pointer ?? `${raw.pointer}/${n}`;
  const issue = (providerCode: string, pointer: string, message: string): void =>
    void issues.push({ providerCode, pointer, message });
  const roles = ROLES[raw.direction];

  const proto = text('IpProtocol');
  let protocol: number | 'all' | undefined;
  if (proto === undefined)
    issue('InvalidIpProtocol.ValueNotSupported', ptr('IpProtocol'), 'IpProtocol must be specified');
  else if (proto !== null) {
    const lower = proto.trim().toLowerCase();
    protocol = parseProtocol(lower);
    const numeric = /^\d{1,3}$/.test(lower) && Number(lower) <= 255;
    const regionOk =
      ctx.region === undefined ||
      caps.numberedProtocolRegions === null ||
      (caps.numberedProtocolRegions as readonly string[]).includes(ctx.region);
    if (!(ALIYUN_PROTOCOL_TOKENS.includes(lower) || (numeric && regionOk))) {
      issue(
        'InvalidIpProtocol.ValueNotSupported',
        ptr('IpProtocol'),
        `IpProtocol ${proto} is not TCP, UDP, ICMP, ICMPv6, GRE, ALL${numeric ? ` (numbers only in ${caps.numberedProtocolRegions?.join(', ')})` : ''}`,
      );
      protocol = undefined;
    }
  }
  const ported = typeof protocol === 'number' && PORT_PROTOCOLS.includes(protocol);

  const range = text('PortRange');
  if (range === undefined) {
    if (ported && text('PortRangeListId') === undefined)
      issue('InvalidPortRange.Malformed', ptr('PortRange'), 'PortRange must be set');
  } else if (range !== null) checkRange(range, ptr('PortRange'), 'InvalidParam.PortRange', 'PortRange');
  const srcRange = text('SourcePortRange');
  if (srcRange !== undefined && srcRange !== null)
    checkRange(srcRange, ptr('SourcePortRange'), 'InvalidParam.PortRange', 'SourcePortRange');

  function checkRange(t: string, pointer: string, code: string, field: string): void {
    const r = parseRangeText(t);
    if (r === undefined) return issue(code, pointer, `${field} ${t} is not two integers in from/to form`);
    const any = r.from === -1 && r.to === -1;
    if (protocol === undefined) return;
    if (!ported) {
      if (!any)
        issue('OperationDenied', pointer, `${field} ${t} does not match IpProtocol ${String(proto)}: it must be -1/-1`);
      return;
    }
    if (r.from < caps.minPort || r.to > 65535 || r.from > r.to)
      issue(code, pointer, `${field} ${t} must be from/to with 1 <= from <= to <= 65535`);
  }

  const policy = text('Policy');
  if (policy !== undefined && policy !== null && !['accept', 'drop'].includes(policy.toLowerCase())) {
    issue('InvalidPolicy.Malformed', ptr('Policy'), `Policy ${policy} is not accept or drop`);
  }
  const priority = text('Priority');
  if (priority !== undefined && priority !== null) {
    if (!/^\d+$/.test(priority.trim()))
      issue('InvalidPriority.Malformed', ptr('Priority'), `Priority ${priority} is not an integer`);
    else if (Number(priority) < caps.priorities.min || Number(priority) > caps.priorities.max)
      issue(
        'InvalidPriority.ValueNotSupported',
        ptr('Priority'),
        `Priority ${priority} is outside ${caps.priorities.min}..${caps.priorities.max}`,
      );
  }
  const nic = text('NicType');
  if (nic !== undefined && nic !== null && !['intranet', 'internet'].includes(nic.toLowerCase()))
    issue('InvalidNicType.ValueNotSupported', ptr('NicType'), `NicType ${nic} does not exist`);
  const description = text('Description');
  if (description && [...description].length > caps.limits.ruleDescriptionLength) {
    issue(
      'InvalidSecurityGroupDiscription.Malformed',
      ptr('Description'),
      `Description is longer than ${caps.limits.ruleDescriptionLength} characters`,
    );
  }

  // Addresses: format, one family per side, protocol family.
  for (const [name, code] of Object.entries(CIDR_ERROR_CODES) as [PermissionField, string][]) {
    const t = text(name);
    if (t === undefined || t === null) continue;
    const cidr = canonicalCidr(t);
    const wantV6 = name.startsWith('Ipv6');
    if (cidr === undefined || (cidrFamily(cidr) === 6) !== wantV6) {
      issue(code, ptr(name), malformedCidrMessage(name, t));
      continue;
    }
    if (protocol === ICMP && wantV6)
      issue(
        'InvalidParam.Ipv4ProtocolConflictWithIpv6Address',
        ptr(name),
        `ICMP is IPv4 only; ${name} is IPv6 (use ICMPv6)`,
      );
    if (protocol === ICMPV6 && !wantV6)
      issue('InvalidParam.Ipv6ProtocolConflictWithIpv4Address', ptr(name), `ICMPv6 is IPv6 only; ${name} is IPv4`);
  }
  if (text('SourceCidrIp') && text('Ipv6SourceCidrIp'))
    issue(
      'InvalidParam.SourceIp',
      ptr('Ipv6SourceCidrIp'),
      'SourceCidrIp and Ipv6SourceCidrIp cannot be set at the same time',
    );
  if (text('DestCidrIp') && text('Ipv6DestCidrIp'))
    issue('InvalidParam.DestIp', ptr('Ipv6DestCidrIp'), 'DestCidrIp and Ipv6DestCidrIp cannot be set at the same time');
  const src = text('SourceCidrIp');
  if (src && src === text('DestCidrIp'))
    issue('InvalidParamter.Conflict', ptr('DestCidrIp'), 'SourceCidrIp and DestCidrIp cannot be the same');

  // Peer: at least one of the direction's peer fields; no self-reference; none on enterprise groups.
  const peerFields = [roles.peerCidrV4, roles.peerCidrV6, roles.peerGroupId, roles.peerPrefixListId];
  if (peerFields.every((n) => text(n) === undefined))
    issue('MissingParameter', raw.pointer, `one of ${peerFields.join(', ')} must be specified`);
  const peerGroup = text(roles.peerGroupId);
  if (peerGroup && raw.groupId !== undefined && peerGroup === raw.groupId) {
    const code = raw.direction === 'ingress' ? 'InvalidParamter.Conflict' : 'InvalidSecurityGroup.IsSame';
    issue(code, ptr(roles.peerGroupId), `${roles.peerGroupId} must differ from SecurityGroupId`);
  }
  if (peerGroup && ctx.groupType === 'enterprise')
    issue(
      'InvalidGroupAuthParameter.OperationDenied',
      ptr(roles.peerGroupId),
      'enterprise groups cannot reference security groups',
    );
  return issues;
}
