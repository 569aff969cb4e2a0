/**
 * The resources of a Terraform document, whatever its form, with the pointer of each resource's values:
 * - `terraform show -json` of a state (`values.root_module`) or a plan (`planned_values.root_module`), child modules
 *   included (`child_modules`, recursively). Resources of mode `data` are not read (they do not define groups).
 * - a configuration in Terraform's JSON syntax (`.tf.json`, `{"resource": {type: {name: {…}}}}`), also as
 *   `hcl2json` prints HCL (each body in a one-item list).
 * A plan leaves values unknown until apply (a new group's `id`): for those, the plan's `configuration` section
 * gives the expression's references (`aws_security_group.web.id`), which are used instead.
 */
import { TranslateError } from '../../src/errors.js';
import { childPointer } from '../../src/model/pointer.js';

export type TerraformShape = 'terraform-state' | 'terraform-plan' | 'terraform-config';

export interface TfResource {
  /** Full address, e.g. `module.net.aws_security_group.web` (config: `aws_security_group.web`). */
  readonly address: string;
  /** The module part of the address (`module.net.`), '' for the root module. */
  readonly module: string;
  readonly type: string;
  readonly values: Record<string, unknown>;
  /** Pointer of the values object. */
  readonly pointer: string;
  /** Plan only: references of each argument's expression in the configuration. */
  readonly references?: Readonly<Record<string, readonly string[]>>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function terraformShape(v: unknown): TerraformShape | undefined {
  if (!isObject(v)) return undefined;
  if (typeof v['format_version'] === 'string') {
    if (isObject(v['planned_values'])) return 'terraform-plan';
    if (isObject(v['values']) || Object.keys(v).every((k) => ['format_version', 'terraform_version'].includes(k)))
      return 'terraform-state';
  }
  if (isObject(v['resource']) && Object.keys(v['resource']).some((t) => /^(aws|alicloud)_/.test(t)))
    return 'terraform-config';
  return undefined;
}

/** Config expressions' references per resource address (plan `configuration`, module calls included). */
function configReferences(config: unknown, prefix: string, out: Map<string, Record<string, readonly string[]>>): void {
  if (!isObject(config)) return;
  const resources = config['resources'];
  if (Array.isArray(resources)) {
    for (const r of resources) {
      if (!isObject(r) || typeof r['address'] !== 'string' || !isObject(r['expressions'])) continue;
      const refs: Record<string, readonly string[]> = {};
      for (const [k, e] of Object.entries(r['expressions'])) {
        if (isObject(e) && Array.isArray(e['references']))
          refs[k] = e['references'].filter((x): x is string => typeof x === 'string');
      }
      out.set(`${prefix}${r['address']}`, refs);
    }
  }
  const calls = config['module_calls'];
  if (isObject(calls))
    for (const [name, call] of Object.entries(calls))
      if (isObject(call)) configReferences(call['module'], `${prefix}module.${name}.`, out);
}

function moduleResources(
  module: unknown,
  pointer: string,
  out: TfResource[],
  refs: Map<string, Record<string, readonly string[]>>,
): void {
  if (!isObject(module)) return;
  const resources = module['resources'];
  if (resources !== undefined && !Array.isArray(resources))
    throw new TranslateError('input_invalid', 'resources must be a list', {
      pointer: childPointer(pointer, 'resources'),
    });
  (resources ?? []).forEach((r, i) => {
    const at = childPointer(pointer, 'resources', i);
    if (!isObject(r) || r['mode'] === 'data' || typeof r['type'] !== 'string' || typeof r['address'] !== 'string')
      return;
    if (!isObject(r['values'])) return;
    const address = r['address'];
    const module = /^(.*\.)?(?:[a-z0-9_]+)\.[^.]+$/.exec(address.replace(/\[[^\]]*\]$/, ''))?.[1] ?? '';
    const references = refs.get(address.replace(/\[[^\]]*\]$/, ''));
    out.push({
      address,
      module,
      type: r['type'],
      values: r['values'],
      pointer: childPointer(at, 'values'),
      ...(references && { references }),
    });
  });
  const children = module['child_modules'];
  if (Array.isArray(children))
    children.forEach((c, i) => moduleResources(c, childPointer(pointer, 'child_modules', i), out, refs));
}

export function terraformResources(v: unknown, shape: TerraformShape): TfResource[] {
  if (!isObject(v))
    throw new TranslateError('input_invalid', 'a Terraform document must be an object', { pointer: '' });
  const out: TfResource[] = [];
  if (shape === 'terraform-config') {
    const resources = v['resource'];
    if (!isObject(resources))
      throw new TranslateError('input_invalid', 'resource must be an object', { pointer: '/resource' });
    for (const [type, byName] of Object.entries(resources)) {
      if (!isObject(byName)) continue;
      for (const [name, body] of Object.entries(byName)) {
        const at = childPointer('/resource', type, name);
        const bodies = Array.isArray(body)
          ? body.map((b, i) => [b, childPointer(at, i)] as const)
          : [[body, at] as const];
        for (const [b, p] of bodies)
          if (isObject(b)) out.push({ address: `${type}.${name}`, module: '', type, values: b, pointer: p });
      }
    }
    return out;
  }
  const refs = new Map<string, Record<string, readonly string[]>>();
  if (shape === 'terraform-plan')
    configReferences(isObject(v['configuration']) ? v['configuration']['root_module'] : undefined, '', refs);
  const key = shape === 'terraform-plan' ? 'planned_values' : 'values';
  const values = v[key];
  if (values === undefined) return out; // an empty state
  if (!isObject(values)) throw new TranslateError('input_invalid', `${key} must be an object`, { pointer: `/${key}` });
  moduleResources(values['root_module'], `/${key}/root_module`, out, refs);
  return out;
}

/** A `${…}` expression's text when the whole value is one; undefined for a literal. */
export function expressionOf(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^\$\{([^}]*)\}$/.exec(v);
  if (m) return m[1]!.trim();
  return v.includes('${') ? v : undefined;
}
