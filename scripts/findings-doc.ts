/**
 * docs/findings.md is generated from the catalogue in tables/finding-codes.ts, so the two never disagree;
 * `npx tsx scripts/findings-doc.ts --write` regenerates it and a test checks the shipped file is current.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FINDING_CODES, FINDING_CODE_LIST } from '../tables/finding-codes.js';

const EFFECTS = {
  exact: 'meaning unchanged',
  narrower: 'the target allows less than the source',
  wider: 'the target allows more than the source (only with --allow-widening, or a deny left out with --skip-invalid)',
  lossy: 'no traffic changes, but information was lost',
} as const;

export function findingsMarkdown(): string {
  const lines = [
    '# Finding codes',
    '',
    '<!-- Generated from tables/finding-codes.ts by scripts/findings-doc.ts; do not edit by hand. -->',
    '',
    'Every finding sgbridge reports has one of these stable codes. A code is never renamed or reused.',
    'Each finding also carries the JSON pointer of the input value it is about. Effects:',
    '',
    ...Object.entries(EFFECTS).map(([k, v]) => `- **${k}**: ${v}`),
    '',
    '| code | effect | severity | message | what you can do |',
    '|---|---|---|---|---|',
    ...FINDING_CODE_LIST.map((code) => {
      const s = FINDING_CODES[code];
      const esc = (t: string) => t.replace(/\|/g, '\\|');
      return `| \`${code}\` | ${s.effect} | ${s.severity} | ${esc(s.message)} | ${esc(s.hint)} |`;
    }),
    '',
  ];
  return lines.join('\n');
}

if (process.argv.includes('--write')) {
  writeFileSync(resolve(import.meta.dirname ?? '.', '../docs/findings.md'), findingsMarkdown());
}
