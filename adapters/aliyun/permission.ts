/**
 * One Aliyun permission (Describe Permission, request permission entry, flat request, ROS or terraform item, all
 * already in wire names) → one canonical rule. Every field reaches the rule or a finding at its pointer.
 */
import { TranslateError } from '../../src/errors.js';
import { canonicalCidr, cidrFamily } from '../../src/address/index.js';
import type { Peer, PortRange, Protocol, RuleInput } from '../../src/model/rule.js';
import type { LeftOut, Report } from '../../src/report/report.js';
import { memberNamesBySubset, type ProvenanceField } from '../../src/model/provenance.js';
import { PORT_PROTOCOLS, parseProtocol } from '../../tables/protocols.js';
import { CIDR_ERROR_CODES, ROLES, malformedCidrMessage, type DirectionRoles, type PermissionField } from './fields.js';
import { fieldText, parseRangeText, UnreadableValue, type FieldValue, type RawPermission } from './values.js';

const LEGACY_POLICIES: Readonly<Record<string, 'allow' | 'deny'>> = { allow: 'allow', deny: 'deny', forbid: 'deny' };

function invalid(message: string, f: FieldValue, providerCode: string): TranslateError {
  return new TranslateError('input_invalid', message, { pointer: f.pointer, providerCode });
}

/** Read one permission; LeftOut (recorded) when the rule is left out (an unreadable value, reported as value_unreadable). */
export function readPermission(raw: RawPermission, report: Report): RuleInput | LeftOut {
  try {
    return readPermissionStrict(raw, report);
  } catch (e) {
    if (e instanceof TranslateError && e.code === 'input_invalid' && report.leaveOutInvalid) {
      // With --skip-invalid (report.leaveOutInvalid), a value Aliyun rejects leaves the rule out, recorded.
      const { pointer, providerCode } = e.location;
      return report.leaveOut({
        rulePointer: raw.pointer,
        pointer: pointer ?? raw.pointer,
        action: policyOf(raw),
        ...(providerCode !== undefined && { providerCode }),
        message: e.message,
      });
    }
    if (!(e instanceof UnreadableValue)) throw e;
    report.add('value_unreadable', e.pointer, { value: e.text, field: lastSegment(e.pointer) });
    return report.leaveOut({
      rulePointer: raw.pointer,
      pointer: e.pointer,
      action: policyOf(raw),
      ...(e.providerCode !== undefined ? { providerCode: e.providerCode } : { unresolved: true }),
      message: e.message,
    });
  }
}

/** What a left-out permission would have done, as far as its Policy can be read. */
function policyOf(raw: RawPermission): 'allow' | 'deny' | 'unknown' {
  const f = raw.fields.get('Policy');
  const v = f === undefined || f.value === undefined || f.value === null || f.value === '' ? 'accept' : f.value;
  if (typeof v !== 'string') return 'unknown';
  const p = v.trim().toLowerCase();
  if (p === 'accept') return 'allow';
  if (p === 'drop') return 'deny';
  return LEGACY_POLICIES[p] ?? 'unknown';
}

function lastSegment(pointer: string): string {
  return pointer.slice(pointer.lastIndexOf('/') + 1);
}

function readPermissionStrict(raw: RawPermission, report: Report): RuleInput {
  const get = (name: PermissionField): FieldValue | undefined => raw.fields.get(name);
  const text = (name: PermissionField): string | undefined => fieldText(get(name));
  const { direction } = raw;
  const roles = ROLES[direction];

  const protocolField = get('IpProtocol');
  const protocolText = fieldText(protocolField);
  if (protocolField === undefined || protocolText === undefined) {
    throw new TranslateError('input_invalid', 'IpProtocol is missing', {
      pointer: `${raw.pointer}/IpProtocol`,
      providerCode: 'InvalidIpProtocol.ValueNotSupported',
    });
  }
  const protocol = parseProtocol(protocolText);
  if (protocol === undefined)
    throw invalid(
      `IpProtocol ${protocolText} is not a protocol Aliyun knows`,
      protocolField,
      'InvalidIpProtocol.ValueNotSupported',
    );

  // Fields are read (and rejected) in this order; the rule is then built in the model's key order (see
  // src/model/built.ts: the reader's rules are taken as built).
  const action = readPolicy(get('Policy'), report);
  const priority = readPriority(get('Priority'), report);
  const ports = readPorts(
    get('PortRange') ?? { value: undefined, pointer: `${raw.pointer}/PortRange` },
    protocol,
    protocolText,
    get('PortRangeListId') !== undefined && text('PortRangeListId') !== undefined,
    report,
  );
  const sourcePorts = readSourcePorts(get('SourcePortRange'), protocol, protocolText, report);

  let portList: RuleInput['portList'];
  const listId = text('PortRangeListId');
  if (listId !== undefined) {
    const listName = text('PortRangeListName');
    portList = listName !== undefined ? { id: listId, name: listName } : { id: listId };
  } else if (get('PortRangeListName') && text('PortRangeListName') !== undefined) {
    report.add('field_not_translated', get('PortRangeListName')!.pointer, {
      field: 'PortRangeListName',
      to: 'the model (no PortRangeListId)',
    });
  }

  const nicField = get('NicType');
  const nic = fieldText(nicField)?.toLowerCase();
  if (nic !== undefined && nic !== 'intranet' && nic !== 'internet')
    throw invalid(`NicType ${nic} is not intranet or internet`, nicField!, 'InvalidNicType.ValueNotSupported');
  const description = text('Description');

  const peer = readPeer(raw, report);
  const local = readLocal(raw, peer, report);

  for (const name of roles.foreign) {
    const f = get(name);
    if (f && fieldText(f) !== undefined)
      report.add('field_ignored_for_direction', f.pointer, { field: name, direction });
  }

  const origin: NonNullable<RuleInput['origin']> = { provider: 'aliyun', pointer: raw.pointer };
  const ruleId = text('SecurityGroupRuleId');
  if (ruleId !== undefined) origin.ruleId = ruleId;
  const createTime = text('CreateTime');
  if (createTime !== undefined) origin.createTime = createTime;

  const built: Partial<RuleInput> = { direction, action, priority, protocol };
  if (ports) built.ports = ports;
  if (sourcePorts) built.sourcePorts = sourcePorts;
  built.peer = peer;
  if (local !== undefined) built.local = local;
  if (portList !== undefined) built.portList = portList;
  if (nic !== undefined) built.nicType = nic;
  if (description !== undefined) built.description = description;
  built.origin = origin;
  const rule = built as RuleInput;
  recordProvenance(raw, rule, report);
  return rule;
}

/** The permission fields provenance names, per direction: bit i of a mask is candidate i. */
function provenanceCandidates(roles: DirectionRoles): [ProvenanceField, PermissionField][] {
  return [
    ['description', 'Description'],
    ['nicType', 'NicType'],
    ['ruleId', 'SecurityGroupRuleId'],
    ['createTime', 'CreateTime'],
    ['peerGroupId', roles.peerGroupId],
    ['peerGroupId', roles.peerGroupName],
    ['peerOwnerAccount', roles.peerGroupOwnerAccount],
    ['peerOwnerId', roles.peerGroupOwnerAccount],
    ['peerOwnerId', roles.peerGroupOwnerId],
    ['peerPrefixListId', roles.peerPrefixListId],
  ];
}
const CANDIDATES = { ingress: provenanceCandidates(ROLES.ingress), egress: provenanceCandidates(ROLES.egress) };
const MEMBER_NAMES = {
  ingress: memberNamesBySubset(CANDIDATES.ingress),
  egress: memberNamesBySubset(CANDIDATES.egress),
};

/**
 * Where each field later stages name in findings came from (src/model/provenance.ts). When every field is a
 * member of the permission object (`fieldsAreMembers`), one shared table of member names is recorded instead
 * of a pointer per field.
 */
function recordProvenance(raw: RawPermission, rule: RuleInput, report: Report): void {
  const roles = ROLES[raw.direction];
  const candidates = CANDIDATES[raw.direction];
  let mask = 0;
  const mark = (bit: number) => {
    const f = raw.fields.get(candidates[bit]![1]);
    if (f !== undefined && fieldText(f) !== undefined) mask |= 1 << bit;
  };
  if (rule.description !== undefined) mark(0);
  if (rule.nicType !== undefined) mark(1);
  mark(2);
  mark(3);
  if (rule.peer.kind === 'group') {
    mark(rule.peer.groupId !== undefined ? 4 : 5);
    mark(6);
    // An owner ID equal to the account name given beside it is named at the account field, as findings did.
    const account = fieldText(raw.fields.get(roles.peerGroupOwnerAccount))?.toLowerCase();
    const ownerId = fieldText(raw.fields.get(roles.peerGroupOwnerId))?.toLowerCase();
    mark(account !== undefined && account === ownerId ? 7 : 8);
  } else if (rule.peer.kind === 'prefixList') mark(9);
  if (mask === 0) return;
  if (raw.fieldsAreMembers === true) {
    report.provenance.recordMembers(raw.pointer, MEMBER_NAMES[raw.direction](mask));
    return;
  }
  candidates.forEach(([field, name], bit) => {
    if (mask & (1 << bit)) report.provenance.record(raw.pointer, field, raw.fields.get(name)!.pointer);
  });
}

function readPolicy(f: FieldValue | undefined, report: Report): 'allow' | 'deny' {
  const value = fieldText(f);
  if (value === undefined) return 'allow'; // the API default is accept
  const v = value.toLowerCase();
  if (v === 'accept') return 'allow';
  if (v === 'drop') return 'deny';
  const legacy = LEGACY_POLICIES[v];
  if (legacy !== undefined) {
    report.add('policy_value_legacy', f!.pointer, { value, readAs: legacy === 'allow' ? 'accept' : 'drop' });
    return legacy;
  }
  throw invalid(`Policy ${value} is not accept or drop`, f!, 'InvalidPolicy.Malformed');
}

function readPriority(f: FieldValue | undefined, report: Report): number {
  const value = fieldText(f);
  if (value === undefined) return 1; // the API default
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1)
    throw invalid(`Priority ${value} is not a positive integer`, f!, 'InvalidPriority.Malformed');
  const priority = Number(value);
  if (!Number.isSafeInteger(priority))
    throw invalid(`Priority ${value} is outside 1..100`, f!, 'InvalidPriority.ValueNotSupported');
  if (priority > 100) report.add('priority_out_of_range', f!.pointer, { priority });
  return priority;
}

function isPortProtocol(protocol: Protocol): boolean {
  return typeof protocol === 'number' && PORT_PROTOCOLS.includes(protocol);
}

/** Destination ports. TCP/UDP keep the range as read; other protocols have none (concrete ranges are reported). */
function readPorts(
  f: FieldValue | undefined,
  protocol: Protocol,
  protocolText: string,
  hasPortList: boolean,
  report: Report,
): PortRange | undefined {
  const value = fieldText(f);
  if (value === undefined) {
    if (isPortProtocol(protocol) && !hasPortList) {
      throw new TranslateError('input_invalid', `PortRange is required for ${protocolText}`, {
        pointer: f?.pointer,
        providerCode: 'InvalidPortRange.Malformed',
      });
    }
    return undefined;
  }
  return readRange(f!, value, protocol, protocolText, 'InvalidParam.PortRange', report);
}

function readSourcePorts(
  f: FieldValue | undefined,
  protocol: Protocol,
  protocolText: string,
  report: Report,
): PortRange | undefined {
  const value = fieldText(f);
  if (value === undefined) return undefined;
  return readRange(f!, value, protocol, protocolText, 'InvalidSourcePortRange.Malformed', report);
}

function readRange(
  f: FieldValue,
  value: string,
  protocol: Protocol,
  protocolText: string,
  providerCode: string,
  report: Report,
): PortRange | undefined {
  const range = parseRangeText(value);
  if (range === undefined) throw invalid(`${value} is not a from/to port range`, f, providerCode);
  const any = range.from === -1 && range.to === -1;
  if (!isPortProtocol(protocol)) {
    if (!any) report.add('ports_ignored_for_protocol', f.pointer, { ports: value, protocol: protocolText });
    return undefined;
  }
  if (any) {
    report.add('port_range_lenient', f.pointer, { value, protocol: protocolText, readAs: 'every port' });
    return undefined;
  }
  if (range.from < 0 || range.to > 65535 || range.from > range.to)
    throw invalid(`${value} is not a port range within 1..65535`, f, providerCode);
  if (range.from === 0)
    report.add('port_range_lenient', f.pointer, { value, protocol: protocolText, readAs: `${range.from}-${range.to}` });
  return range;
}

/** A CIDR field's canonical value; undefined if empty. Unreadable addresses (masked samples) leave the rule out. */
function readCidr(f: FieldValue | undefined, field: string, report: Report): string | undefined {
  const value = fieldText(f);
  if (value === undefined) return undefined;
  const cidr = canonicalCidr(value);
  if (cidr === undefined)
    throw new UnreadableValue(
      f!.pointer,
      value,
      CIDR_ERROR_CODES[field] ?? 'InvalidParameter',
      malformedCidrMessage(field, value),
    );
  if (cidr !== value) report.add('cidr_normalized', f!.pointer, { value, cidr });
  return cidr;
}

/** One of two CIDR fields of a side (v4, v6). Both set: the API rejects it; the one matching `preferFamily` is read. */
function pickCidrField(
  raw: RawPermission,
  v4: PermissionField,
  v6: PermissionField,
  preferFamily: 4 | 6,
  conflictCode: string,
  report: Report,
): FieldValue | undefined {
  const f4 = raw.fields.get(v4);
  const f6 = raw.fields.get(v6);
  const has4 = fieldText(f4) !== undefined;
  const has6 = fieldText(f6) !== undefined;
  if (has4 && has6) {
    const [kept, keptName, dropped, droppedName] = preferFamily === 4 ? [f4, v4, f6, v6] : [f6, v6, f4, v4];
    report.add('address_family_conflict', dropped!.pointer, {
      field: droppedName,
      other: keptName,
      providerCode: conflictCode,
      value: String(dropped!.value),
    });
    return kept;
  }
  return has4 ? f4 : has6 ? f6 : undefined;
}

/** Peer precedence: CIDR (v4, then v6) > group > prefix list; each loser is reported at its pointer. */
function readPeer(raw: RawPermission, report: Report): Peer {
  const roles = ROLES[raw.direction];
  const side = raw.direction === 'ingress' ? 'InvalidParam.SourceIp' : 'InvalidParam.DestIp';
  const cidrField = pickCidrField(raw, roles.peerCidrV4, roles.peerCidrV6, 4, side, report);
  const groupField = raw.fields.get(roles.peerGroupId);
  const listField = raw.fields.get(roles.peerPrefixListId);
  const groupId = fieldText(groupField);
  const listId = fieldText(listField);
  const ignore = (names: readonly PermissionField[], winner: string): void => {
    for (const name of names) {
      const f = raw.fields.get(name);
      if (f && fieldText(f) !== undefined)
        report.add('peer_field_ignored', f.pointer, { field: name, provider: 'aliyun', winner });
    }
  };
  const groupFields = [roles.peerGroupId, roles.peerGroupName, roles.peerGroupOwnerAccount, roles.peerGroupOwnerId];
  const listFields = [roles.peerPrefixListId, roles.peerPrefixListName];
  if (cidrField) {
    const winner = cidrField === raw.fields.get(roles.peerCidrV4) ? roles.peerCidrV4 : roles.peerCidrV6;
    ignore([...groupFields, ...listFields], winner);
    const cidr = readCidr(cidrField, winner, report)!;
    return { kind: 'cidr', cidr };
  }
  if (groupId !== undefined) {
    ignore(listFields, roles.peerGroupId);
    const ownerAccount = fieldText(raw.fields.get(roles.peerGroupOwnerAccount));
    const ownerId = fieldText(raw.fields.get(roles.peerGroupOwnerId));
    const name = fieldText(raw.fields.get(roles.peerGroupName));
    // In the model's key order (GroupPeer).
    const peer: Peer = { kind: 'group', groupId };
    // The display name Describe returns next to the ID; the ID is what the rule references.
    if (name !== undefined) peer.groupName = name;
    if (ownerId !== undefined) peer.ownerId = ownerId;
    if (ownerAccount !== undefined) peer.ownerAccount = ownerAccount;
    return peer;
  }
  if (listId !== undefined) {
    // Owner fields only qualify a group peer: with a prefix list they have no effect.
    ignore([roles.peerGroupOwnerAccount, roles.peerGroupOwnerId, roles.peerGroupName], roles.peerPrefixListId);
    const name = fieldText(raw.fields.get(roles.peerPrefixListName));
    return name !== undefined
      ? { kind: 'prefixList', prefixListId: listId, name }
      : { kind: 'prefixList', prefixListId: listId };
  }
  const names = [roles.peerCidrV4, roles.peerCidrV6, roles.peerGroupId, roles.peerPrefixListId].join(', ');
  throw new TranslateError('input_invalid', `the ${raw.direction} permission names no peer (one of ${names})`, {
    pointer: raw.pointer,
    providerCode: 'MissingParameter',
  });
}

/** The instance-side CIDR; undefined when absent (an unreadable one leaves the rule out, via UnreadableValue). */
function readLocal(raw: RawPermission, peer: Peer, report: Report): string | undefined {
  const roles = ROLES[raw.direction];
  const prefer = peer.kind === 'cidr' ? cidrFamily(peer.cidr) : 4;
  const side = raw.direction === 'ingress' ? 'InvalidParam.DestIp' : 'InvalidParam.SourceIp';
  const f = pickCidrField(raw, roles.localV4, roles.localV6, prefer, side, report);
  if (f === undefined) return undefined;
  const local = readCidr(f, f === raw.fields.get(roles.localV4) ? roles.localV4 : roles.localV6, report)!;
  if (peer.kind === 'cidr' && cidrFamily(peer.cidr) !== cidrFamily(local)) {
    report.add('rule_never_matches', raw.pointer, {
      reason: `peer ${peer.cidr} and instance address ${local} are of different address families`,
    });
  }
  return local;
}
