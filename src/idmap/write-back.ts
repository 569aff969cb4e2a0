/**
 * `apply` of a plan that created its group: the pair (desired group ID → created ID) written into the mapping
 * file's `groups` section, atomically (a temporary file beside it, then rename), keeping its format: JSON as
 * JSON (two-space indent), YAML through the `yaml` document model (comments and order kept). Idempotent: a
 * pair already there is left alone; an ID already paired with another group is an error, never overwritten.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TranslateError } from '../errors.js';
import { parseMapping } from './mapping.js';

/** Write `source → created` into the mapping file; returns false when the file already held the pair. */
export async function recordGroupPair(file: string, source: string, created: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new TranslateError(
      'usage',
      `cannot read the mapping file ${file} to record ${source} → ${created}: ${(e as Error).message}`,
      { file },
    );
  }
  const mapping = parseMapping(text, file);
  for (const id of [source, created]) {
    const known = mapping.counterpart('groups', id);
    if (known === undefined) continue;
    if (known === (id === source ? created : source)) return false;
    throw new TranslateError(
      'input_invalid',
      `mapping conflict: groups "${id}" is already paired with "${known}"; the created group ${created} was not recorded for ${source}`,
      { file, pointer: `/groups` },
    );
  }
  const json = text.trimStart().startsWith('{');
  let out: string;
  if (json) {
    const value = JSON.parse(text) as Record<string, unknown>;
    value['groups'] = { ...(value['groups'] ?? {}), [source]: created };
    out = `${JSON.stringify(value, null, 2)}\n`;
  } else {
    // Loaded here only: commands that never write a YAML mapping do not load the parser.
    const { parseDocument } = await import('yaml');
    const doc = parseDocument(text);
    doc.setIn(['groups', source], created);
    out = doc.toString();
  }
  parseMapping(out, file);
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, out, 'utf8');
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true });
    throw new TranslateError('usage', `cannot write the mapping file ${file}: ${(e as Error).message}`, { file });
  }
  return true;
}
