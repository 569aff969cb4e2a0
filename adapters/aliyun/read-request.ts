/**
 * Authorize / Revoke / Modify parameters → RawPermissions. Three spellings of the same thing:
 * the deprecated flat form (`IpProtocol`, `PortRange`, …), the `Permissions.N.Field` wire form (query strings and
 * flat JSON) and a JSON `Permissions: [{…}]` array. `Action` names the operation and thus the direction; without
 * it the direction is inferred from the peer fields, or assumed (ingress) and reported.
 */
import { TranslateError } from '../../src/errors.js';
import type { Direction } from '../../src/model/rule.js';
import { childPointer } from '../../src/model/pointer.js';
import type { Report } from '../../src/report/report.js';
import { ACTIONS, REQUEST_IGNORED_FIELDS, ROLES, isPermissionField } from './fields.js';
import { fieldText, isRecord, type FieldValue, type RawPermission } from './values.js';

export type Operation = 'authorize' | 'revoke' | 'modify';

/** What a request says, before its permissions are read into rules. */
export interface RequestContent {
  readonly pointer: string;
  readonly groupId?: string;
  readonly region?: string;
  /** Where `groupId` and `region` were read (provenance, src/model/provenance.ts). */
  readonly groupIdPointer?: string;
  readonly regionPointer?: string;
  readonly operation?: Operation;
  readonly permissions: RawPermission[];
}

const PERMISSIONS_N = /^Permissions\.(\d+)\.(.+)$/;
const RULE_ID_N = /^SecurityGroupRuleId\.\d+$/;

/** True when a flat object uses this adapter's request vocabulary (used by detect). */
export function looksLikeRequest(obj: Record<string, unknown>): boolean {
  // AuthorizeSecurityGroupEgress is an action of both clouds: EC2's parameters name IpPermissions and GroupId.
  if ('GroupId' in obj || Object.keys(obj).some((k) => k.startsWith('IpPermissions'))) return false;
  const action = obj.Action;
  if (typeof action === 'string') return action in ACTIONS;
  return 'PortRange' in obj || Array.isArray(obj.Permissions) || Object.keys(obj).some((k) => PERMISSIONS_N.test(k));
}

/** Direction of a permission without an Action: peer-only fields decide; otherwise the CIDR fields; else assumed. */
function inferDirection(fields: ReadonlyMap<string, FieldValue>): { direction: Direction; reason?: string } {
  const set = (name: string): boolean => {
    try {
      return fieldText(fields.get(name)) !== undefined;
    } catch {
      return fields.get(name) !== undefined; // an unreadable value is still a value that is set
    }
  };
  const only = (d: Direction): boolean =>
    [ROLES[d].peerGroupId, ROLES[d].peerPrefixListId, ROLES[d].peerGroupOwnerAccount, ROLES[d].peerGroupOwnerId].some(
      set,
    );
  const ingressOnly = only('ingress');
  const egressOnly = only('egress');
  if (egressOnly && !ingressOnly) return { direction: 'egress' };
  if (ingressOnly && !egressOnly) return { direction: 'ingress' };
  const src = set('SourceCidrIp') || set('Ipv6SourceCidrIp');
  const dst = set('DestCidrIp') || set('Ipv6DestCidrIp');
  if (src && !dst && !egressOnly) return { direction: 'ingress' };
  if (dst && !src && !ingressOnly) return { direction: 'egress' };
  return { direction: 'ingress', reason: 'no Action parameter, and the peer fields fit both directions' };
}

function makePermission(
  pointer: string,
  fields: Map<string, FieldValue>,
  action: { direction: Direction } | undefined,
  groupId: string | undefined,
  report: Report | undefined,
): RawPermission {
  let direction: Direction;
  if (action) direction = action.direction;
  else {
    const inferred = inferDirection(fields);
    direction = inferred.direction;
    if (inferred.reason) report?.add('direction_assumed', pointer, { assumed: direction, reason: inferred.reason });
  }
  return {
    pointer,
    direction,
    fields,
    directionKnown: action !== undefined,
    ...(groupId !== undefined ? { groupId } : {}),
  };
}

function permissionObject(item: unknown, pointer: string, report: Report | undefined): Map<string, FieldValue> {
  if (!isRecord(item)) throw new TranslateError('input_invalid', 'a Permissions entry must be an object', { pointer });
  const fields = new Map<string, FieldValue>();
  for (const [k, value] of Object.entries(item)) {
    const at = childPointer(pointer, k);
    if (isPermissionField(k) && k !== 'Direction') fields.set(k, { value, pointer: at });
    else report?.add('field_not_translated', at, { field: k, to: 'the model (unknown permission field)' });
  }
  return fields;
}

/**
 * Read a request's parameters. `directionOverride` comes from a wrapper that names the direction itself
 * (an SDK class name); an `Action` parameter always wins.
 */
export function readRequestContent(
  obj: unknown,
  pointer: string,
  report: Report | undefined,
  directionOverride?: Direction,
): RequestContent {
  if (!isRecord(obj)) throw new TranslateError('input_invalid', 'request parameters must be an object', { pointer });
  let action: { direction: Direction; operation?: Operation } | undefined = directionOverride
    ? { direction: directionOverride }
    : undefined;
  if (obj.Action !== undefined) {
    const known = typeof obj.Action === 'string' ? ACTIONS[obj.Action] : undefined;
    if (!known)
      throw new TranslateError(
        'input_invalid',
        `Action ${JSON.stringify(obj.Action)} is not a security-group rule operation`,
        { pointer: childPointer(pointer, 'Action') },
      );
    action = known;
  }
  const text = (k: string): string | undefined =>
    obj[k] === undefined ? undefined : fieldText({ value: obj[k], pointer: childPointer(pointer, k) });
  const groupId = text('SecurityGroupId');
  const region = text('RegionId');

  const flat = new Map<string, FieldValue>();
  const numbered = new Map<number, Map<string, FieldValue>>();
  let arrayForm: unknown[] | undefined;
  for (const [k, value] of Object.entries(obj)) {
    const at = childPointer(pointer, k);
    const n = PERMISSIONS_N.exec(k);
    if (n) {
      const index = Number(n[1]);
      const field = n[2]!;
      const entry = numbered.get(index) ?? new Map<string, FieldValue>();
      numbered.set(index, entry);
      if (isPermissionField(field) && field !== 'Direction') entry.set(field, { value, pointer: at });
      else report?.add('field_not_translated', at, { field: k, to: 'the model (unknown permission field)' });
    } else if (k === 'Permissions') {
      if (!Array.isArray(value))
        throw new TranslateError('input_invalid', 'Permissions must be a list of permission objects', {
          pointer: at,
          providerCode: 'InvalidParam.Permissions',
        });
      arrayForm = value;
    } else if (k === 'Action' || k === 'SecurityGroupId' || k === 'RegionId') {
      continue;
    } else if (RULE_ID_N.test(k)) {
      report?.add('field_not_translated', at, {
        field: k,
        to: 'the model (revoke by rule ID names existing rules, not rule content)',
      });
    } else if (isPermissionField(k) && k !== 'Direction') {
      flat.set(k, { value, pointer: at });
    } else if (!(REQUEST_IGNORED_FIELDS as readonly string[]).includes(k)) {
      report?.add('field_not_translated', at, { field: k, to: 'the model (unknown request parameter)' });
    }
  }
  const forms = [
    flat.size > 0 && [...flat.keys()].some((k) => k !== 'SecurityGroupRuleId'),
    numbered.size > 0,
    arrayForm !== undefined,
  ].filter(Boolean).length;
  if (forms > 1)
    throw new TranslateError('input_invalid', 'Permissions cannot coexist with the flat rule parameters', {
      pointer,
      providerCode: 'InvalidParam.Permissions',
    });

  const permissions: RawPermission[] = [];
  if (arrayForm) {
    arrayForm.forEach((item, i) => {
      const at = childPointer(pointer, 'Permissions', i);
      permissions.push(makePermission(at, permissionObject(item, at, report), action, groupId, report));
    });
  } else if (numbered.size > 0) {
    for (const index of [...numbered.keys()].sort((a, b) => a - b)) {
      // The permission has no object of its own in the wire form; its pointer names the first of its parameters.
      const fields = numbered.get(index)!;
      const first = [...fields.values()][0];
      const at = first
        ? first.pointer.slice(0, first.pointer.lastIndexOf('.'))
        : childPointer(pointer, `Permissions.${index}`);
      permissions.push(makePermission(at, fields, action, groupId, report));
    }
  } else if (flat.size > 0) {
    const onlyRuleId = flat.size === 1 && flat.has('SecurityGroupRuleId');
    if (onlyRuleId)
      report?.add('field_not_translated', flat.get('SecurityGroupRuleId')!.pointer, {
        field: 'SecurityGroupRuleId',
        to: 'the model (a rule ID without rule content)',
      });
    else permissions.push(makePermission(pointer, flat, action, groupId, report));
  }
  return {
    pointer,
    permissions,
    ...(groupId !== undefined ? { groupId } : {}),
    ...(region !== undefined ? { region, regionPointer: childPointer(pointer, 'RegionId') } : {}),
    ...(groupId !== undefined ? { groupIdPointer: childPointer(pointer, 'SecurityGroupId') } : {}),
    ...(action && 'operation' in action && action.operation ? { operation: action.operation } : {}),
  };
}
