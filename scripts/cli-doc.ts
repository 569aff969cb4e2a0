/**
 * docs/cli.md holds every command's `--help` text between `<!-- help:<command> -->` and `<!-- /help -->`, so the
 * CLI reference cannot drift from src/cli/help.ts. `npx tsx scripts/cli-doc.ts --write` fills those blocks in
 * from the help texts; a test checks the shipped file is current. The prose around the blocks is hand-written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  APPLY_HELP,
  AUDIT_HELP,
  CONVERT_HELP,
  DIFF_HELP,
  EMULATE_HELP,
  EXPLAIN_HELP,
  MAIN_HELP,
  PLAN_HELP,
  PULL_HELP,
  VALIDATE_HELP,
} from '../src/cli/help.js';

/** The help text of each command, by the name its block carries (`sgbridge` is the top-level help). */
export const HELP_TEXTS: Readonly<Record<string, string>> = {
  sgbridge: MAIN_HELP,
  convert: CONVERT_HELP,
  diff: DIFF_HELP,
  explain: EXPLAIN_HELP,
  validate: VALIDATE_HELP,
  plan: PLAN_HELP,
  pull: PULL_HELP,
  apply: APPLY_HELP,
  emulate: EMULATE_HELP,
  audit: AUDIT_HELP,
};

export const CLI_DOC = resolve(import.meta.dirname ?? '.', '../docs/cli.md');

const BLOCK = /<!-- help:([a-z-]+) -->\n[\s\S]*?<!-- \/help -->/g;

/** The names of the help blocks the document holds, in order. */
export function helpBlocks(doc: string): string[] {
  return [...doc.matchAll(BLOCK)].map((m) => m[1]!);
}

/** The document with every help block replaced by its command's current help text. */
export function fillHelpBlocks(doc: string): string {
  return doc.replace(BLOCK, (_, name: string) => {
    const text = HELP_TEXTS[name];
    if (text === undefined) throw new Error(`docs/cli.md: no help text for the block "${name}"`);
    return `<!-- help:${name} -->\n\`\`\`text\n${text.trimEnd()}\n\`\`\`\n<!-- /help -->`;
  });
}

if (process.argv.includes('--write')) {
  writeFileSync(CLI_DOC, fillHelpBlocks(readFileSync(CLI_DOC, 'utf8')));
}
