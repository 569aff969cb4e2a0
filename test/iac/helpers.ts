import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { parseInput, type ParsedInput } from '../../src/parse/text.js';
import { repoRoot } from '../convert/helpers.js';
import type { ConvertedGroup } from '../../src/convert/types.js';

export const IAC_FIXTURES = path.join(repoRoot, 'test/fixtures/iac');

export function iacFixture(name: string): ParsedInput {
  return parseInput(readFileSync(path.join(IAC_FIXTURES, name), 'utf8'), name);
}

/**
 * The verdict proven on a written document is the conversion's own, unless a finding says why it is not: the
 * writer's (a rule the format cannot hold, the CloudFormation egress sentinel, ROS's missing InnerAccessPolicy) or
 * one of the conversion's whose effect the proof on the document makes visible (e.g. port_zero_unrepresentable,
 * which the Aliyun Describe writer applies after the conversion's own verdict). Never silent.
 */
export function sameUnlessReported(written: ConvertedGroup, converted: ConvertedGroup, format: string): void {
  if (written.verdict === converted.verdict) return;
  const effects = new Set(
    written.findings.filter((f) => f.code !== 'meaning_narrowed' && f.code !== 'meaning_widened').map((f) => f.effect),
  );
  const needs = written.verdict === 'mixed' ? ['narrower', 'wider'] : [written.verdict];
  const explained = needs.every((e) => e === 'exact' || effects.has(e as 'narrower' | 'wider'));
  expect(explained, `${format}: ${converted.verdict} became ${written.verdict} with no finding that says why`).toBe(
    true,
  );
}
