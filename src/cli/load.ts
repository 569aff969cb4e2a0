/** Loading inputs (a file, `-`, or a live location) and the mapping file for the commands. */
import { parseInput, type ParsedInput } from '../parse/text.js';
import { parseMapping, EMPTY_MAPPING, type Mapping } from '../idmap/index.js';
import { TranslateError } from '../errors.js';
import { isLocation, parseLocation } from '../live/location.js';
import { canonicalCidr } from '../address/index.js';
import { readSource, type CliIO } from './io.js';

export async function loadInput(path: string, io: CliIO): Promise<{ file: string; parsed: ParsedInput }> {
  // A live location is pulled (endpoint and profile from the environment, as the SDKs read them). The SDKs
  // load only then, so commands on files start without them.
  if (isLocation(path)) {
    const { pull } = await import('../live/pull.js');
    return { file: path, parsed: { format: 'json', value: await pull(parseLocation(path), { env: io.env }) } };
  }
  const source = await readSource(path, io);
  try {
    return { file: source.name, parsed: parseInput(source.text, source.name) };
  } catch (e) {
    if (e instanceof TranslateError && e.location.file === undefined) throw e.inFile(source.name);
    throw e;
  }
}

export async function loadMapping(path: string | undefined, io: CliIO): Promise<Mapping> {
  if (path === undefined) return EMPTY_MAPPING;
  const source = await readSource(path, io);
  return parseMapping(source.text, source.name);
}

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
