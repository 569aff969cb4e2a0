import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { parseInput, type ParsedInput } from '../../src/io/input.js';
import { repoRoot } from '../convert/helpers.js';

export const IAC_FIXTURES = path.join(repoRoot, 'test/fixtures/iac');
const update = process.env['UPDATE_GOLDENS'] === '1';

export function iacFixture(name: string): ParsedInput {
  return parseInput(readFileSync(path.join(IAC_FIXTURES, name), 'utf8'), name);
}

/** Compare with (or write, with UPDATE_GOLDENS=1 or when missing) a golden file under test/fixtures/iac. */
export function expectIacGolden(name: string, actual: string): void {
  const file = path.join(IAC_FIXTURES, name);
  if (update || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
