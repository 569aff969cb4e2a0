/** Loading inputs and the mapping file for the commands. */
import { parseInput, type ParsedInput } from '../io/input.js';
import { parseMapping, EMPTY_MAPPING, type Mapping } from '../mapping/index.js';
import { TranslateError } from '../errors.js';
import { readSource, type CliIO } from './io.js';

export async function loadInput(path: string, io: CliIO): Promise<{ file: string; parsed: ParsedInput }> {
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
