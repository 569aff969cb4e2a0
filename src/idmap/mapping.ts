/**
 * A loaded mapping: symmetric lookups built once from the file. A pair `A: B` answers both `A → B` and
 * `B → A`, so one file serves both directions of a migration. An ID paired with two different partners is
 * an error: a guess between them could connect the wrong groups.
 */
import { TranslateError } from '../errors.js';
import { canonicalCidr } from '../address/index.js';
import { childPointer, pointer } from '../model/pointer.js';
import type { PortRange } from '../model/rule.js';
import { parseInput } from '../parse/text.js';
import { MappingFile, type MappingFileInput } from './schema.js';

export type PairKind = 'groups' | 'accounts' | 'prefixLists' | 'regions' | 'vpcs';

export interface Mapping {
  /** The counterpart of an ID on the other cloud, or undefined when the file does not name it. */
  counterpart(kind: PairKind, id: string): string | undefined;
  /** The CIDRs of a prefix list (looked up under either of its mapped IDs), canonicalised. */
  prefixListEntries(prefixListId: string): readonly string[] | undefined;
  /** The ranges of an Aliyun port list. */
  portList(portListId: string): readonly PortRange[] | undefined;
  /** The validated file, as written (for reports and docs). */
  readonly file: MappingFile;
}

function symmetric(kind: PairKind, pairs: Readonly<Record<string, string>>, file: string): Map<string, string> {
  const out = new Map<string, string>();
  const set = (from: string, to: string, key: string): void => {
    const known = out.get(from);
    if (known !== undefined && known !== to) {
      throw new TranslateError(
        'input_invalid',
        `mapping conflict: ${kind} "${from}" is paired with both "${known}" and "${to}"`,
        { file, pointer: pointer(kind, key) },
      );
    }
    out.set(from, to);
  };
  for (const [a, b] of Object.entries(pairs)) {
    set(a, b, a);
    set(b, a, a);
  }
  return out;
}

/** Validate a parsed mapping value; errors name the file and the JSON pointer of the bad value. */
export function createMapping(value: unknown, file = '<mapping>'): Mapping {
  const parsed = MappingFile.safeParse(value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TranslateError('input_invalid', `mapping file: ${issue.message}`, {
      file,
      pointer: pointer(...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))),
    });
  }
  const data = parsed.data;
  const tables = {
    groups: symmetric('groups', data.groups, file),
    accounts: symmetric('accounts', data.accounts, file),
    prefixLists: symmetric('prefixLists', data.prefixLists, file),
    regions: symmetric('regions', data.regions, file),
    vpcs: symmetric('vpcs', data.vpcs, file),
  } satisfies Record<PairKind, Map<string, string>>;

  const entries = new Map<string, string[]>();
  for (const [id, cidrs] of Object.entries(data.prefixListEntries)) {
    const canonical = cidrs.map((c, i) => {
      const cidr = canonicalCidr(c);
      if (cidr === undefined) {
        throw new TranslateError('input_invalid', `mapping file: not an IPv4 or IPv6 CIDR: ${c}`, {
          file,
          pointer: childPointer(pointer('prefixListEntries', id), i),
        });
      }
      return cidr;
    });
    entries.set(id, canonical);
  }

  return {
    file: data,
    counterpart: (kind, id) => tables[kind].get(id),
    prefixListEntries: (id) => entries.get(id) ?? entries.get(tables.prefixLists.get(id) ?? '\u0000'),
    portList: (id) => data.portLists[id],
  };
}

/** Parse mapping text (JSON or YAML) and validate it. */
export function parseMapping(text: string, file = '<mapping>'): Mapping {
  const parsed = parseInput(text, file);
  if (parsed.format !== 'json' && parsed.format !== 'yaml') {
    throw new TranslateError('input_invalid', 'a mapping file is JSON or YAML', { file, pointer: '' });
  }
  return createMapping(parsed.value, file);
}

/** A mapping that names nothing: every cross-cloud reference becomes a finding. */
export const EMPTY_MAPPING: Mapping = createMapping({});

export type { MappingFileInput };
