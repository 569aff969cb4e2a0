/**
 * Prefix-list entries that `sgbridge pull` writes beside AWS groups (`PrefixListEntries`), added to a mapping.
 * In src/idmap so that the CLI and the worker threads of a conversion build the same mapping.
 */
import { canonicalCidr } from '../address/index.js';
import type { ParsedInput } from '../parse/text.js';
import type { Mapping } from './mapping.js';

/**
 * The mapping, plus the prefix-list entries that `sgbridge pull` wrote beside AWS groups (`PrefixListEntries`),
 * so prefix lists with no counterpart are expanded as with the mapping's own `prefixListEntries` (which win).
 */
export function withPulledPrefixLists(mapping: Mapping, ...inputs: ParsedInput[]): Mapping {
  const pulled = new Map<string, string[]>();
  for (const input of inputs) {
    const v = input.value as Record<string, unknown> | null;
    const entries = v !== null && typeof v === 'object' && !Array.isArray(v) ? v['PrefixListEntries'] : undefined;
    if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) continue;
    for (const [id, cidrs] of Object.entries(entries as Record<string, unknown>)) {
      if (!Array.isArray(cidrs)) continue;
      pulled.set(
        id,
        cidrs.map((c) => canonicalCidr(String(c))).filter((c): c is string => c !== undefined),
      );
    }
  }
  if (pulled.size === 0) return mapping;
  return {
    file: mapping.file,
    counterpart: (kind, id) => mapping.counterpart(kind, id),
    portList: (id) => mapping.portList(id),
    prefixListEntries: (id) =>
      mapping.prefixListEntries(id) ?? pulled.get(id) ?? pulled.get(mapping.counterpart('prefixLists', id) ?? '\u0000'),
  };
}
