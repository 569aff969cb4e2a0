/**
 * JSON arrays of request samples, one group per item (the corpus `requests/` files and the writer's own output):
 * - docs items `{Doc, DocCommit, Params}`: Params are the query parameters of a sample URL;
 * - ROS items `{Template, Property: SecurityGroupIngress|SecurityGroupEgress, Rule}`: Rule in wire names;
 * - terraform items `{SourceFile, ConfigFunc, ResourceName?, Args}`: `alicloud_security_group_rule` arguments;
 * - writer output `{action, request}` (writeRequests).
 * Provenance fields (Doc, Template, SourceFile…) say where a sample came from and are not rule content.
 */
import { TranslateError } from '../../src/errors.js';
import type { Direction } from '../../src/model/rule.js';
import { childPointer } from '../../src/model/pointer.js';
import type { Report } from '../../src/report/report.js';
import { TERRAFORM_ARGS, WRAPPER_PROVENANCE_FIELDS, isPermissionField } from './fields.js';
import { readRequestContent, type RequestContent } from './read-request.js';
import { isHclExpression, isRecord, type FieldValue } from './values.js';

export type WrapperKind = 'docs' | 'ros' | 'terraform' | 'writer';

export function wrapperKind(item: unknown): WrapperKind | undefined {
  if (!isRecord(item)) return undefined;
  if (isRecord(item.Params)) return 'docs';
  if (isRecord(item.Rule) && typeof item.Property === 'string') return 'ros';
  if (isRecord(item.Args)) return 'terraform';
  if (typeof item.action === 'string' && isRecord(item.request)) return 'writer';
  return undefined;
}

export function isRequestList(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => wrapperKind(item) !== undefined);
}

function reportExtraKeys(
  item: Record<string, unknown>,
  pointer: string,
  known: readonly string[],
  report: Report | undefined,
): void {
  for (const k of Object.keys(item)) {
    if (!known.includes(k) && !(WRAPPER_PROVENANCE_FIELDS as readonly string[]).includes(k)) {
      report?.add('field_not_translated', childPointer(pointer, k), {
        field: k,
        to: 'the model (unknown wrapper field)',
      });
    }
  }
}

const ROS_PROPERTIES: Readonly<Record<string, Direction>> = {
  SecurityGroupIngress: 'ingress',
  SecurityGroupEgress: 'egress',
};

function readRos(item: Record<string, unknown>, pointer: string, report: Report | undefined): RequestContent {
  const direction = ROS_PROPERTIES[item.Property as string];
  if (!direction)
    throw new TranslateError(
      'input_invalid',
      `Property ${String(item.Property)} is not SecurityGroupIngress or SecurityGroupEgress`,
      { pointer: childPointer(pointer, 'Property') },
    );
  reportExtraKeys(item, pointer, ['Property', 'Rule'], report);
  return readRequestContent(item.Rule, childPointer(pointer, 'Rule'), report, direction);
}

/** terraform arguments → wire parameters, keeping each argument's pointer. */
function readTerraform(item: Record<string, unknown>, pointer: string, report: Report | undefined): RequestContent {
  const argsAt = childPointer(pointer, 'Args');
  const args = item.Args as Record<string, unknown>;
  const type = args.type;
  if (type !== 'ingress' && type !== 'egress')
    throw new TranslateError('input_invalid', 'terraform type must be ingress or egress', {
      pointer: childPointer(argsAt, 'type'),
    });
  reportExtraKeys(item, pointer, ['Args'], report);
  const wire: Record<string, unknown> = {};
  const pointers = new Map<string, string>();
  for (const [k, value] of Object.entries(args)) {
    const at = childPointer(argsAt, k);
    if (k === 'type') continue;
    const target = TERRAFORM_ARGS[k]?.[type];
    if (target === undefined) {
      // `count` and other meta-arguments: an unresolvable expression is reported as such, a literal as not carried.
      if (isHclExpression(value))
        report?.add('value_unreadable', at, { value: `\${${value._hcl_expression}}`, field: k });
      else
        report?.add('field_not_translated', at, {
          field: k,
          to: 'the model (terraform argument without an API parameter)',
        });
      continue;
    }
    if (target === 'SecurityGroupId' && isHclExpression(value)) {
      report?.add('value_unreadable', at, { value: `\${${value._hcl_expression}}`, field: k });
      continue;
    }
    wire[target] = value;
    pointers.set(target, at);
  }
  const content = readRequestContent(wire, argsAt, undefined, type);
  // Re-point every field at the terraform argument it came from.
  const permissions = content.permissions.map((p) => {
    const fields = new Map<string, FieldValue>();
    for (const [name, f] of p.fields) fields.set(name, { value: f.value, pointer: pointers.get(name) ?? f.pointer });
    return { ...p, fields, directionKnown: true };
  });
  for (const p of permissions)
    for (const [name] of p.fields)
      if (!isPermissionField(name))
        report?.add('field_not_translated', pointers.get(name)!, { field: name, to: 'the model' });
  // The group's fields keep the item's pointer (as findings name them today): no provenance for them.
  const { groupIdPointer: _id, regionPointer: _region, ...rest } = content;
  return { ...rest, permissions };
}

export function readListItem(item: unknown, pointer: string, report: Report | undefined): RequestContent {
  const kind = wrapperKind(item);
  if (!isRecord(item) || kind === undefined)
    throw new TranslateError(
      'input_invalid',
      'not a request sample item ({Params} | {Property, Rule} | {Args} | {action, request})',
      { pointer },
    );
  switch (kind) {
    case 'docs':
      reportExtraKeys(item, pointer, ['Params'], report);
      return readRequestContent(item.Params, childPointer(pointer, 'Params'), report);
    case 'ros':
      return readRos(item, pointer, report);
    case 'terraform':
      return readTerraform(item, pointer, report);
    case 'writer': {
      reportExtraKeys(item, pointer, ['action', 'request'], report);
      const request = { ...(item.request as Record<string, unknown>), Action: item.action };
      return {
        ...readRequestContent(request, childPointer(pointer, 'request'), report),
        pointer: childPointer(pointer, 'request'),
      };
    }
  }
}
