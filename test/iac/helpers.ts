import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { parseInput, type ParsedInput } from '../../src/io/input.js';
import { repoRoot } from '../convert/helpers.js';
import type { ConvertedGroup } from '../../src/convert/types.js';

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

/**
 * The verdict proven on a written document is the conversion's own, unless the writer reported why it is not: a
 * rule the format cannot hold (narrower), the CloudFormation egress sentinel or ROS's missing InnerAccessPolicy
 * (wider).
 */
export function sameUnlessReported(written: ConvertedGroup, converted: ConvertedGroup, format: string): void {
  if (written.verdict === converted.verdict) return;
  const codes = new Set(written.findings.map((f) => f.code));
  const explained = codes.has('iac_rule_unsupported') || codes.has('iac_egress_sentinel') || codes.has('iac_inner_access_unsupported');
  expect(explained, `${format}: ${converted.verdict} became ${written.verdict} with no finding of the writer`).toBe(true);
}
