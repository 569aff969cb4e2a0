#!/usr/bin/env node
// The sgbridge command. It runs the compiled CLI in dist/ (built by `npm run build`, which `npm ci` runs
// through `prepare`); this file stays plain JavaScript so it needs no build step itself.
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('sgbridge: the compiled CLI (dist/) is missing; run `npm run build` first\n');
  process.exit(2);
}
const { run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));
