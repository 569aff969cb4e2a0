#!/usr/bin/env node
// The sgbridge command. It runs the compiled CLI in dist/ (built by `npm run build`, which `npm ci` runs
// through `prepare`); this file stays plain JavaScript so it needs no build step itself. The CLI bundle
// (dist/cli/, scripts/bundle-cli.ts) starts faster than tsc's many modules (dist/src/) and runs the same code;
// tsc's output is the fallback when the bundle is absent.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli/main.js', import.meta.url);
const modules = new URL('../dist/src/cli/main.js', import.meta.url);
const main = existsSync(bundle) ? bundle : modules;
if (!existsSync(main)) {
  process.stderr.write('sgbridge: the compiled CLI (dist/) is missing; run `npm run build` first\n');
  process.exit(2);
}
// A debugging run prints stack traces (src/cli/main.ts): let them name the TypeScript sources. Source maps
// must be on before the modules load, and cost start-up time, so only then.
if (process.env.SGBRIDGE_DEBUG === '1') process.setSourceMapsEnabled(true);
const { run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));
