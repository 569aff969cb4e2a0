/** Loading inputs (a file, `-`, or a live location) and the mapping file for the commands. */
import { parseInput, type ParsedInput } from '../parse/text.js';
import { parseMapping, EMPTY_MAPPING, type Mapping } from '../idmap/index.js';
import { TranslateError } from '../errors.js';
import { isLocation, parseLocation } from '../live/location.js';
import { readSource, type CliIO } from './io.js';

/** An input: its name, its parsed value and, when read from a file or stdin, its text (worker threads parse it again). */
export async function loadInput(
  path: string,
  io: CliIO,
): Promise<{ file: string; parsed: ParsedInput; text?: string }> {
  // A live location is pulled (endpoint and profile from the environment, as the SDKs read them). The SDKs
  // load only then, so commands on files start without them.
  if (isLocation(path)) {
    const { pull } = await import('../live/pull.js');
    return { file: path, parsed: { format: 'json', value: await pull(parseLocation(path), { env: io.env }) } };
  }
  const source = await readSource(path, io);
  try {
    return { file: source.name, parsed: parseInput(source.text, source.name), text: source.text };
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

export { withPulledPrefixLists } from '../idmap/pulled.js';
