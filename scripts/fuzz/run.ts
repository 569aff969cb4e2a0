/**
 * `npm run fuzz`: the fuzzer with a fixed seed (reproducible) and at least 10,000 cases. Another seed or size:
 * `npm run fuzz -- --seed 7 --runs 20000`, or SGBRIDGE_FUZZ_SEED / SGBRIDGE_FUZZ_RUNS. `--write-doc` writes the
 * figures into docs/development.md between the fuzz markers. Exit 1 on a failure, with the shrunk counterexample.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fuzz, type FuzzFigures } from './core.js';

export const DEFAULT_SEED = 20261130;
export const DEFAULT_RUNS = 10_000;

function option(name: string, env: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const text = i >= 0 ? process.argv[i + 1] : process.env[env];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) {
    process.stderr.write(`fuzz: --${name} (or ${env}) must be a non-negative integer, got ${text}\n`);
    process.exit(2);
  }
  return n;
}

/** The project root: the folder above scripts/ (also from dist/scripts/fuzz). */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      if ((JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'sgbridge')
        return dir;
    } catch {
      // not here; go up
    }
    dir = path.dirname(dir);
  }
  return process.cwd();
}

export function figuresText(f: FuzzFigures): string {
  const statuses = Object.entries(f.byStatus)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([s, n]) => `exit ${s}: ${n}`)
    .join(', ');
  return [
    `seed ${f.seed}: ${f.cases} cases from ${f.seedFiles} seed files, ${f.commands} command runs (${statuses}) in ${(f.ms / 1000).toFixed(1)} s`,
    f.failure === undefined
      ? 'no internal error, no stack trace; every rejection named file, pointer and code'
      : `FAILED: ${f.failure}`,
  ].join('\n');
}

const root = projectRoot();
const seed = option('seed', 'SGBRIDGE_FUZZ_SEED', DEFAULT_SEED);
const numRuns = option('runs', 'SGBRIDGE_FUZZ_RUNS', DEFAULT_RUNS);
const figures = await fuzz({ root, seed, numRuns });
const text = figuresText(figures);
process.stdout.write(`${text}\n`);
if (process.argv.includes('--write-doc') && figures.failure === undefined) {
  const doc = path.join(root, 'docs/development.md');
  const block = `<!-- fuzz:start -->\nLast run (${new Date().toISOString().slice(0, 10)}, node ${process.version}):\n\n\`\`\`\n${text}\n\`\`\`\n<!-- fuzz:end -->`;
  writeFileSync(doc, readFileSync(doc, 'utf8').replace(/<!-- fuzz:start -->[\s\S]*<!-- fuzz:end -->/, block));
}
process.exitCode = figures.failure === undefined ? 0 : 1;
