/**
 * CloudFormation and ROS intrinsic functions, resolved within one template: `Ref` (a parameter's default, or a
 * resource of the template), `Fn::GetAtt` (a group's ID attribute), `Fn::Sub`, `Fn::Join` and `Fn::Select` over
 * values that resolve. Anything else (pseudo parameters, imports, conditions, parameters without a default) is
 * unresolved: the caller reports it and leaves out what depended on it, never guessing a value.
 */
import { childPointer } from '../../src/model/pointer.js';
import type { Report } from '../../src/report/report.js';

export type Resolved = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly text: string };

export interface TemplateContext {
  /** Parameters of the template (`{Type, Default, …}`). */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Logical IDs of the template's groups → the ID the reader gives each group. */
  readonly groups: ReadonlyMap<string, string>;
  /** The attribute that names a group's ID (`GroupId` on AWS, `SecurityGroupId` on ROS). */
  readonly idAttribute: string;
  readonly report: Report;
  /** `CloudFormation template` or `ROS template`, for findings. */
  readonly kind: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const FN_PREFIX = /^(Ref|Fn::\w+|Condition)$/;

/** Whether a value is one intrinsic function call (`{Ref: …}` or `{"Fn::…": …}`). */
export function isIntrinsic(v: unknown): v is Record<string, unknown> {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && FN_PREFIX.test(keys[0]!);
}

function shown(v: unknown): string {
  return JSON.stringify(v);
}

function ref(name: string, pointer: string, ctx: TemplateContext): Resolved {
  const group = ctx.groups.get(name);
  if (group !== undefined) return { ok: true, value: group };
  const parameter = ctx.parameters[name];
  if (isObject(parameter)) {
    if (parameter['Default'] !== undefined) {
      ctx.report.add('iac_parameter_default', pointer, { name, value: shown(parameter['Default']) });
      return { ok: true, value: parameter['Default'] };
    }
  }
  return { ok: false, text: `Ref ${name}` };
}

function getAtt(args: unknown): Resolved {
  return { ok: false, text: `Fn::GetAtt ${shown(args)}` };
}

function attribute(args: unknown, ctx: TemplateContext): Resolved {
  const parts: unknown[] = typeof args === 'string' ? args.split('.') : Array.isArray(args) ? args : [];
  const [logical, attr] = parts;
  if (typeof logical === 'string' && attr === ctx.idAttribute && ctx.groups.has(logical))
    return { ok: true, value: ctx.groups.get(logical)! };
  return getAtt(args);
}

function substitute(template: string, vars: Record<string, unknown>, pointer: string, ctx: TemplateContext): Resolved {
  let failed: string | undefined;
  const out = template.replace(/\$\{([^}!]+)\}/g, (whole, name: string) => {
    const key = name.trim();
    let r: Resolved;
    if (key in vars) r = resolveValue(vars[key], pointer, ctx);
    else if (key.includes('.')) r = attribute(key, ctx);
    else r = ref(key, pointer, ctx);
    if (!r.ok || (typeof r.value !== 'string' && typeof r.value !== 'number')) {
      failed ??= r.ok ? whole : r.text;
      return whole;
    }
    return String(r.value);
  });
  return failed === undefined
    ? { ok: true, value: out.replace(/\$\{!/g, '${') }
    : { ok: false, text: `Fn::Sub ${shown(template)} (${failed})` };
}

/** Resolve a property value; plain values come back as they are. */
export function resolveValue(v: unknown, pointer: string, ctx: TemplateContext): Resolved {
  if (!isIntrinsic(v)) return { ok: true, value: v };
  const [fn, args] = Object.entries(v)[0]!;
  switch (fn) {
    case 'Ref':
      return typeof args === 'string' ? ref(args, pointer, ctx) : { ok: false, text: `Ref ${shown(args)}` };
    case 'Fn::GetAtt':
      return attribute(args, ctx);
    case 'Fn::Sub': {
      if (typeof args === 'string') return substitute(args, {}, pointer, ctx);
      if (Array.isArray(args) && typeof args[0] === 'string' && isObject(args[1]))
        return substitute(args[0], args[1], pointer, ctx);
      return { ok: false, text: `Fn::Sub ${shown(args)}` };
    }
    case 'Fn::Join': {
      if (!Array.isArray(args) || typeof args[0] !== 'string' || !Array.isArray(args[1]))
        return { ok: false, text: `Fn::Join ${shown(args)}` };
      const parts: string[] = [];
      for (const [i, part] of args[1].entries()) {
        const r = resolveValue(part, childPointer(pointer, 'Fn::Join', 1, i), ctx);
        if (!r.ok) return r;
        if (typeof r.value !== 'string' && typeof r.value !== 'number')
          return { ok: false, text: `Fn::Join ${shown(args)}` };
        parts.push(String(r.value));
      }
      return { ok: true, value: parts.join(args[0]) };
    }
    case 'Fn::Select': {
      if (!Array.isArray(args) || args.length !== 2) return { ok: false, text: `Fn::Select ${shown(args)}` };
      const index = resolveValue(args[0], pointer, ctx);
      const items = resolveValue(args[1], pointer, ctx);
      if (!index.ok) return index;
      if (!items.ok) return items;
      const i = Number(index.value);
      return Array.isArray(items.value) && Number.isInteger(i) && i >= 0 && i < items.value.length
        ? resolveValue(items.value[i], pointer, ctx)
        : { ok: false, text: `Fn::Select ${shown(args)}` };
    }
    default:
      return { ok: false, text: `${fn} ${shown(args)}` };
  }
}
