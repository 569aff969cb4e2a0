/**
 * The Alibaba Cloud SDK packages are CommonJS with `exports.default = Class`. Node's ESM loader exposes that
 * as `default.default`, bundlers and vitest as `default`: take whichever holds the export.
 */
export function cjsExport<T>(namespace: unknown, name = 'default'): T {
  const ns = namespace as Record<string, unknown>;
  const inner = ns['default'] as Record<string, unknown> | undefined;
  const candidates =
    name === 'default'
      ? [inner?.['default'], inner, ns]
      : [ns[name], inner?.[name], (inner?.['default'] as Record<string, unknown> | undefined)?.[name]];
  const found = candidates.find((c) => typeof c === 'function');
  if (found === undefined) throw new Error(`the CommonJS export ${name} was not found`);
  return found as T;
}
