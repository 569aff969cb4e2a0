/**
 * DescribeSecurityGroupAttribute responses (JSON as returned, or the XML response's JSON view) → one group.
 * Values as the cloud returns them: `Accept`/`Drop`, upper-case protocols, string or number priorities, empty
 * strings for unused fields. SecurityGroupType is not part of this response: when absent, `type` stays undefined
 * (the conversion reports group_type_assumed); the reader does not guess.
 */
import { TranslateError } from '../../src/errors.js';
import type { Direction, RuleInput } from '../../src/model/rule.js';
import type { SecurityGroupInput } from '../../src/model/group.js';
import { childPointer } from '../../src/model/pointer.js';
import { isLeftOut, type Report } from '../../src/report/report.js';
import { DESCRIBE_GROUP_FIELDS, DESCRIBE_IGNORED_FIELDS, isPermissionField } from './fields.js';
import { readPermission } from './permission.js';
import { fieldText, isRecord, type FieldValue, type RawPermission } from './values.js';

/** The XML response's root element, as fast-xml-parser names it. */
export const XML_ROOT = 'DescribeSecurityGroupAttributeResponse';

/** The response body and its pointer: the XML view wraps it in its root element. */
export function describeBody(
  value: unknown,
  base = '',
): { body: Record<string, unknown>; pointer: string } | undefined {
  if (!isRecord(value)) return undefined;
  const inner = value[XML_ROOT];
  if (isRecord(inner)) return { body: inner, pointer: `${base}/${XML_ROOT}` };
  return { body: value, pointer: base };
}

/** A response body (not a request): it has a Permissions object, or both a group ID and InnerAccessPolicy. */
export function isDescribeBody(v: unknown): boolean {
  return isRecord(v) && (isRecord(v.Permissions) || ('SecurityGroupId' in v && 'InnerAccessPolicy' in v));
}

/** A list of DescribeSecurityGroupAttribute responses, one per group (what `sgbridge pull` writes for several groups). */
export function isDescribeList(v: unknown): v is unknown[] {
  return Array.isArray(v) && v.length > 0 && v.every(isDescribeBody);
}

/** The Permission list and its pointer; XML gives a single object when there is one Permission, '' when none. */
export function permissionList(body: Record<string, unknown>, base: string): { items: unknown[]; pointer: string } {
  const perms = body.Permissions;
  const at = childPointer(base, 'Permissions');
  if (perms === undefined || perms === null || perms === '') return { items: [], pointer: at };
  if (!isRecord(perms))
    throw new TranslateError('input_invalid', 'Permissions must be an object {"Permission": [...]}', { pointer: at });
  const list = perms.Permission;
  const listAt = childPointer(at, 'Permission');
  if (list === undefined || list === null || list === '') return { items: [], pointer: listAt };
  if (Array.isArray(list)) return { items: list, pointer: listAt };
  if (isRecord(list)) return { items: [list], pointer: listAt };
  throw new TranslateError('input_invalid', 'Permissions.Permission must be a list of objects', { pointer: listAt });
}

/** A Permission's fields as a RawPermission; unknown fields are reported. Missing Direction → ingress, reported. */
export function describePermission(
  item: unknown,
  pointer: string,
  groupId: string | undefined,
  report: Report | undefined,
): RawPermission {
  if (!isRecord(item)) throw new TranslateError('input_invalid', 'a Permission must be an object', { pointer });
  const fields = new Map<string, FieldValue>();
  // Keys, then each value: the same order as Object.entries, without a [key, value] pair per field.
  for (const k of Object.keys(item)) {
    const value = item[k];
    if (isPermissionField(k)) {
      // The response spells every unused field "" (about half of each Permission), which every reader of a
      // field takes as absent (fieldText): not kept. A field name needs no pointer escaping.
      if (value !== '') fields.set(k, { value, pointer: `${pointer}/${k}` });
    } else
      report?.add('field_not_translated', childPointer(pointer, k), {
        field: k,
        to: 'the model (unknown Permission field)',
      });
  }
  const dirField = fields.get('Direction');
  const dirText = fieldText(dirField)?.toLowerCase();
  let direction: Direction = 'ingress';
  if (dirText === 'ingress' || dirText === 'egress') direction = dirText;
  else if (dirText !== undefined)
    throw new TranslateError('input_invalid', `Direction ${dirText} is not ingress or egress`, {
      pointer: dirField!.pointer,
    });
  else
    report?.add('direction_assumed', pointer, {
      assumed: 'ingress',
      reason: 'the Permission has no Direction (2018 response samples list inbound rules only)',
    });
  return {
    pointer,
    direction,
    fields,
    directionKnown: dirText !== undefined,
    fieldsAreMembers: true,
    ...(groupId !== undefined ? { groupId } : {}),
  };
}

function groupText(body: Record<string, unknown>, field: string, base: string): string | undefined {
  return fieldText(body[field] === undefined ? undefined : { value: body[field], pointer: childPointer(base, field) });
}

function readTags(body: Record<string, unknown>, base: string): { key: string; value: string }[] | undefined {
  const tags = body.Tags;
  if (tags === undefined || tags === '') return undefined;
  const at = childPointer(base, 'Tags');
  const list = isRecord(tags) ? tags.Tag : undefined;
  const items = Array.isArray(list) ? list : isRecord(list) ? [list] : undefined;
  if (items === undefined)
    throw new TranslateError('input_invalid', 'Tags must be {"Tag": [{TagKey, TagValue}]}', { pointer: at });
  return items.map((t, i) => {
    if (!isRecord(t) || typeof t.TagKey !== 'string')
      throw new TranslateError('input_invalid', 'a tag needs a TagKey string', { pointer: childPointer(at, 'Tag', i) });
    return { key: t.TagKey, value: typeof t.TagValue === 'string' ? t.TagValue : '' };
  });
}

/**
 * A response that is one page of the group's rules (DescribeSecurityGroupAttribute pages with MaxResults and
 * NextToken; a TotalCount above the permissions present says the same): the rules on later pages are missing.
 */
function reportTruncated(body: Record<string, unknown>, base: string, present: number, report: Report): void {
  const token = body.NextToken;
  if (typeof token === 'string' ? token.trim() !== '' : token !== undefined && token !== null) {
    report.add('input_truncated', childPointer(base, 'NextToken'), {
      why: 'NextToken is set',
      what: 'group (later rules are missing)',
    });
    return;
  }
  const total = Number(body.TotalCount);
  if (body.TotalCount !== undefined && body.TotalCount !== '' && Number.isFinite(total) && total > present) {
    report.add('input_truncated', childPointer(base, 'TotalCount'), {
      why: `TotalCount ${total} is above the ${present} permissions present`,
      what: 'group (later rules are missing)',
    });
  }
}

export function readDescribe(value: unknown, report: Report, at = ''): SecurityGroupInput {
  const found = describeBody(value, at);
  if (!found)
    throw new TranslateError('input_invalid', 'a DescribeSecurityGroupAttribute response must be an object', {
      pointer: at,
    });
  const { body, pointer: base } = found;
  for (const k of Object.keys(body)) {
    const known =
      (DESCRIBE_GROUP_FIELDS as readonly string[]).includes(k) ||
      (DESCRIBE_IGNORED_FIELDS as readonly string[]).includes(k);
    if (!known)
      report.add('field_not_translated', childPointer(base, k), { field: k, to: 'the model (unknown response field)' });
  }
  const id = groupText(body, 'SecurityGroupId', base);
  const group: SecurityGroupInput = { provider: 'aliyun', rules: [], pointer: base };
  if (id !== undefined) group.id = id;
  const name = groupText(body, 'SecurityGroupName', base);
  if (name !== undefined) group.name = name;
  const description = groupText(body, 'Description', base);
  if (description !== undefined) group.description = description;
  const region = groupText(body, 'RegionId', base);
  if (region !== undefined) group.region = region;
  const vpcId = groupText(body, 'VpcId', base);
  if (vpcId !== undefined) group.vpcId = vpcId;
  const inner = groupText(body, 'InnerAccessPolicy', base)?.toLowerCase();
  if (inner !== undefined) {
    if (inner !== 'accept' && inner !== 'drop')
      throw new TranslateError('input_invalid', `InnerAccessPolicy ${inner} is not Accept or Drop`, {
        pointer: childPointer(base, 'InnerAccessPolicy'),
      });
    group.innerAccessPolicy = inner;
  }
  const type = groupText(body, 'SecurityGroupType', base)?.toLowerCase();
  if (type !== undefined) {
    if (type !== 'normal' && type !== 'enterprise')
      throw new TranslateError('input_invalid', `SecurityGroupType ${type} is not normal or enterprise`, {
        pointer: childPointer(base, 'SecurityGroupType'),
      });
    group.type = type;
  }
  const tags = readTags(body, base);
  if (tags) group.tags = tags;
  // Where the group fields later stages name in findings came from (src/model/provenance.ts).
  if (id !== undefined) report.provenance.record(base, 'id', childPointer(base, 'SecurityGroupId'));
  if (region !== undefined) report.provenance.record(base, 'region', childPointer(base, 'RegionId'));
  if (vpcId !== undefined) report.provenance.record(base, 'vpcId', childPointer(base, 'VpcId'));

  const { items, pointer: listAt } = permissionList(body, base);
  reportTruncated(body, base, items.length, report);
  const rules: RuleInput[] = [];
  items.forEach((item, i) => {
    const rule = readPermission(describePermission(item, childPointer(listAt, i), id, report), report);
    if (!isLeftOut(rule)) rules.push(rule);
  });
  group.rules = rules;
  return group;
}
