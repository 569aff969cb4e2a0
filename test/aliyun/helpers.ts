/** Shared helpers of the Aliyun adapter tests: fixture and corpus locations, reading a file through the adapter. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseInput, type ParsedInput } from '../../src/parse/text.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(repoRoot, 'test/fixtures/aliyun');
/** The shared corpus lives beside the repository; tests that read it skip where it is absent. */
export const CORPUS = path.resolve(repoRoot, '../shared/corpus/aliyun');
export const corpusPresent = existsSync(CORPUS);

export function parseFile(file: string): ParsedInput {
  return parseInput(readFileSync(file, 'utf8'), file);
}
