/**
 * `@alicloud/ecs20140526` request classes (camelCase) → wire parameters. The classes' own static `names()` maps
 * (camel → wire) and `types()` (the class of `permissions` items) do the conversion; no name table is kept here.
 * The SDK takes most of a second to load, and only this shape needs it, so it is required on first use (it is a
 * CommonJS package, so `require` keeps the readers synchronous); every other command starts without it.
 */
import { createRequire } from 'node:module';
import { TranslateError } from '../../src/errors.js';
import type { Direction } from '../../src/model/rule.js';
import { childPointer } from '../../src/model/pointer.js';
import type { Report } from '../../src/report/report.js';
import { ACTIONS } from './fields.js';
import { isRecord } from './values.js';

interface ModelClass {
  names(): Record<string, string>;
  types(): Record<string, unknown>;
}

/** The request classes this adapter reads, by class name. */
export const SDK_REQUEST_CLASSES = [
  'AuthorizeSecurityGroupRequest',
  'AuthorizeSecurityGroupEgressRequest',
  'RevokeSecurityGroupRequest',
  'RevokeSecurityGroupEgressRequest',
  'ModifySecurityGroupRuleRequest',
  'ModifySecurityGroupEgressRuleRequest',
] as const;
export type SdkRequestClass = (typeof SDK_REQUEST_CLASSES)[number];

let ecsSdk: Record<string, unknown> | undefined;

/** The SDK's exports, loaded on first use. */
function ecs(): Record<string, unknown> {
  ecsSdk ??= createRequire(import.meta.url)('@alicloud/ecs20140526') as Record<string, unknown>;
  return ecsSdk;
}

function modelClass(name: string): ModelClass {
  const cls = ecs()[name] as Partial<ModelClass> | undefined;
  if (!cls || typeof cls.names !== 'function' || typeof cls.types !== 'function') {
    throw new TranslateError('usage', `${name} is not a request class of @alicloud/ecs20140526`);
  }
  return cls as ModelClass;
}

/** The Action (wire operation name) of a request class: `AuthorizeSecurityGroupRequest` → `AuthorizeSecurityGroup`. */
export function sdkAction(className: SdkRequestClass): string {
  return className.replace(/Request$/, '');
}

/** A class name whose fields fit a camelCase object: egress when it names egress-only peer fields. */
export function guessSdkClass(obj: Record<string, unknown>): SdkRequestClass {
  const fromInstance = (obj as { constructor?: { name?: string } }).constructor?.name;
  if (fromInstance && (SDK_REQUEST_CLASSES as readonly string[]).includes(fromInstance))
    return fromInstance as SdkRequestClass;
  const keys = new Set<string>(Object.keys(obj));
  const perms = Array.isArray(obj.permissions) ? obj.permissions.filter(isRecord) : [];
  for (const p of perms) for (const k of Object.keys(p)) keys.add(k);
  const egress = ['destGroupId', 'destGroupOwnerAccount', 'destGroupOwnerId', 'destPrefixListId'].some((k) =>
    keys.has(k),
  );
  return egress ? 'AuthorizeSecurityGroupEgressRequest' : 'AuthorizeSecurityGroupRequest';
}

/** True when an object uses the SDK's camelCase request vocabulary. */
export function looksLikeSdkRequest(obj: Record<string, unknown>): boolean {
  return ['securityGroupId', 'regionId', 'permissions', 'ipProtocol', 'portRange'].some((k) => k in obj);
}

function toWire(
  obj: Record<string, unknown>,
  cls: ModelClass,
  pointer: string,
  wirePointer: string,
  map: Map<string, string>,
  report: Report | undefined,
): Record<string, unknown> {
  const names = cls.names();
  const types = cls.types();
  const out: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(obj)) {
    if (value === undefined) continue;
    const wire = names[k];
    const at = childPointer(pointer, k);
    const wireAt = childPointer(wirePointer, wire ?? k);
    map.set(wireAt, at);
    if (wire === undefined) {
      report?.add('field_not_translated', at, { field: k, to: 'the model (not a field of the SDK class)' });
      continue;
    }
    const type = types[k];
    if (isRecord(type) && type.type === 'array' && typeof type.itemType === 'function' && Array.isArray(value)) {
      const itemClass = type.itemType as unknown as ModelClass;
      out[wire] = value.map((item, i) => {
        if (!isRecord(item))
          throw new TranslateError('input_invalid', `${k} items must be objects`, { pointer: childPointer(at, i) });
        map.set(childPointer(wireAt, i), childPointer(at, i));
        return toWire(item, itemClass, childPointer(at, i), childPointer(wireAt, i), map, report);
      });
    } else if (Array.isArray(value)) {
      // List parameters such as securityGroupRuleId go on the wire as Name.1, Name.2 …
      value.forEach((v, i) => {
        out[`${wire}.${i + 1}`] = v;
        map.set(childPointer(wirePointer, `${wire}.${i + 1}`), childPointer(at, i));
      });
    } else out[wire] = value;
  }
  return out;
}

/**
 * A request class instance (or its plain camelCase JSON) as wire parameters, with `Action` set from the class.
 * Pointers into the result are wire names; `inputPointer` maps them back to the camelCase input.
 */
export function readSdkRequest(
  obj: unknown,
  className?: SdkRequestClass,
  report?: Report,
): { wire: Record<string, unknown>; direction: Direction; inputPointer: (wirePointer: string) => string } {
  if (!isRecord(obj)) throw new TranslateError('input_invalid', 'an SDK request must be an object', { pointer: '' });
  const name = className ?? guessSdkClass(obj);
  const action = sdkAction(name);
  const known = ACTIONS[action];
  if (!known) throw new TranslateError('usage', `${name} is not a security-group rule request class`);
  const map = new Map<string, string>();
  const wire = toWire(obj, modelClass(name), '', '', map, report);
  const inputPointer = (p: string): string => map.get(p) ?? p;
  return { wire: { ...wire, Action: action }, direction: known.direction, inputPointer };
}
