/** The audit's result codes: each documented in docs/audit.md, each used by the SARIF rules in order. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { AUDIT_CODE_LIST, AUDIT_CODES } from '../../tables/audit-codes.js';
import { repoRoot } from '../convert/helpers.js';

describe('audit codes', () => {
  const doc = readFileSync(path.join(repoRoot, 'docs/audit.md'), 'utf8');
  test.each(AUDIT_CODE_LIST)('should document %s in docs/audit.md', (code) => {
    expect(doc).toContain(`\n### ${code}\n`);
  });

  test('should be snake_case with unique SARIF rule names', () => {
    for (const code of AUDIT_CODE_LIST) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    const names = AUDIT_CODE_LIST.map((c) => AUDIT_CODES[c].name);
    expect(new Set(names).size).toBe(names.length);
  });
});
