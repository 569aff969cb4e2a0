/** Shared helpers for the AWS adapter tests: fixture paths, the corpus location, golden findings. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseInput, type ParsedInput } from '../../src/parse/text.js';
import { Report } from '../../src/report/report.js';
import type { Finding } from '../../src/report/report.js';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const FIXTURES = resolve(repoRoot, 'test/fixtures/aws');
/** The shared corpus lives beside the repository; tests using it skip where it is absent. */
export const CORPUS = resolve(repoRoot, '../shared/corpus');
export const AWS_CORPUS_DIRS = [resolve(CORPUS, 'aws'), resolve(CORPUS, 'aws/extra')];

export function fixture(name: string): ParsedInput {
  return parseInput(readFileSync(resolve(FIXTURES, name), 'utf8'), name);
}

export function newReport(): Report {
  return new Report();
}

/** Findings as compact data for goldens (wording is a separate layer). */
export function findingData(
  findings: readonly Finding[],
): { code: string; pointer: string; detail: Finding['detail'] }[] {
  return findings.map((f) => ({ code: f.code, pointer: f.pointer, detail: f.detail }));
}

export function leaves(
  value: unknown,
  pointer = '',
): { pointer: string; key: string; value: string | number | boolean }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${pointer}/${i}`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      const p = `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      return v !== null && typeof v === 'object'
        ? leaves(v, p)
        : v === null || v === undefined
          ? []
          : [{ pointer: p, key: k, value: v as string | number | boolean }];
    });
  }
  return [];
}
