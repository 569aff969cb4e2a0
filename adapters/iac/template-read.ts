/**
 * Reading CloudFormation and ROS templates: the resources of a template with their pointers, and property values
 * resolved within the template (intrinsics.ts). Shared by the two readers; each knows its own resource types.
 */
import { TranslateError } from '../../src/errors.js';
import { childPointer } from '../../src/model/pointer.js';
import type { Report } from '../../src/report/report.js';
import { resolveValue, type TemplateContext } from './intrinsics.js';

export interface TemplateResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
  /** Pointer of the Properties object. */
  readonly pointer: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Resources whose type starts with `prefix`, in template order. */
export function templateResources(template: unknown, prefix: string): TemplateResource[] {
  if (!isObject(template) || !isObject(template['Resources']))
    throw new TranslateError('input_invalid', 'a template needs a Resources object', { pointer: '/Resources' });
  const out: TemplateResource[] = [];
  for (const [logicalId, r] of Object.entries(template['Resources'])) {
    if (!isObject(r) || typeof r['Type'] !== 'string' || !r['Type'].startsWith(prefix)) continue;
    const at = childPointer('/Resources', logicalId, 'Properties');
    const properties = r['Properties'] ?? {};
    if (!isObject(properties))
      throw new TranslateError('input_invalid', `Properties of ${logicalId} must be an object`, { pointer: at });
    out.push({ logicalId, type: r['Type'], properties, pointer: at });
  }
  return out;
}

export function templateParameters(template: unknown): Record<string, unknown> {
  return isObject(template) && isObject(template['Parameters']) ? template['Parameters'] : {};
}

/** Property access with intrinsics resolved; an unresolved value is reported where the caller says. */
export class Properties {
  constructor(
    readonly values: Record<string, unknown>,
    readonly pointer: string,
    readonly ctx: TemplateContext,
  ) {}

  at(key: string): string {
    return childPointer(this.pointer, key);
  }

  keys(): string[] {
    return Object.keys(this.values);
  }

  /** The resolved value; `undefined` when absent. Unresolved: `{unresolved}` with the text for the finding. */
  get(key: string): { value: unknown } | { unresolved: string } | undefined {
    const raw = this.values[key];
    if (raw === undefined || raw === null) return undefined;
    const r = resolveValue(raw, this.at(key), this.ctx);
    return r.ok ? { value: r.value } : { unresolved: r.text };
  }

  /** A group-level text field; unresolved values are reported (value_unreadable) and read as absent. */
  text(key: string, report: Report): string | undefined {
    const r = this.get(key);
    if (r === undefined) return undefined;
    if ('unresolved' in r) {
      report.add('value_unreadable', this.at(key), { value: r.unresolved, field: key });
      return undefined;
    }
    return typeof r.value === 'string' || typeof r.value === 'number' ? String(r.value) : undefined;
  }

  list(key: string): { item: Properties; index: number }[] {
    const raw = this.values[key];
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw))
      throw new TranslateError('input_invalid', `${key} must be a list`, { pointer: this.at(key) });
    return raw.map((item, index) => {
      const at = childPointer(this.at(key), index);
      if (!isObject(item))
        throw new TranslateError('input_invalid', `${key}[${index}] must be an object`, { pointer: at });
      return { item: new Properties(item, at, this.ctx), index };
    });
  }
}

/** Whether a template declares a resource whose type starts with `prefix` (detection of the template's kind). */
export function hasResourceType(v: unknown, prefix: string): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const resources = (v as Record<string, unknown>)['Resources'];
  if (typeof resources !== 'object' || resources === null) return false;
  return Object.values(resources).some(
    (r) =>
      typeof r === 'object' &&
      r !== null &&
      typeof (r as Record<string, unknown>)['Type'] === 'string' &&
      ((r as Record<string, unknown>)['Type'] as string).startsWith(prefix),
  );
}
