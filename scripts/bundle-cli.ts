/**
 * The CLI bundle, dist/cli/: `npm run build` runs this after tsc. Loading ~250 small ES modules (the CLI's own
 * and zod's) costs a command more than 100 ms before it does anything; one bundle per command, with the code
 * commands share in common chunks, loads in a third of that. bin/sgbridge.js runs the bundle when it exists;
 * the library (dist/src, tsc's output) is what package users import, unchanged.
 *
 * The bundle is made from tsc's JavaScript (so it runs the same code the tests run) and chains tsc's source
 * maps, so `SGBRIDGE_DEBUG=1` stack traces name the TypeScript sources. Bundled: the project, zod, ipaddr.js
 * and the other packages imported statically (zod as `import * as z`, so that only the parts sgbridge calls
 * are bundled: a fifth of zod). Left to node_modules: the cloud SDKs (large, loaded by the
 * commands and shapes that call them) and the packages required on first use through `createRequire` (yaml,
 * fast-xml-parser, the Aliyun SDK), which stay lazy.
 *
 * Worker threads: a module that starts a worker from a file beside it (`new URL('./worker.js',
 * import.meta.url)`) finds that file beside its chunk, because every worker file is also an entry point of
 * the bundle, written under its own name in the same flat folder.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The repository root, from dist/scripts/ (after tsc) or scripts/ (run with tsx). */
const ROOT = basename(dirname(HERE)) === 'dist' ? resolve(HERE, '../..') : resolve(HERE, '..');
const DIST = join(ROOT, 'dist');
/** Where the bundle goes; bin/sgbridge.js looks for main.js there. */
export const BUNDLE_DIR = join(DIST, 'cli');

/** Packages resolved from node_modules at run time instead of being bundled. */
const EXTERNAL = ['@aws-sdk/*', '@smithy/*', '@alicloud/*', '@darabonba/*', 'fast-xml-parser', 'yaml'];

/** A worker file started relative to the module that starts it: `new URL('./name.js', import.meta.url)`. */
const WORKER_URL = /new URL\(\s*['"]\.\/([\w.-]+\.js)['"]\s*,\s*import\.meta\.url\s*,?\s*\)/g;

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : [],
  );
}

/**
 * Every module file that some compiled module starts as a worker next to itself. Two workers of one name in
 * different folders would land on one file of the flat bundle folder: that stops the build.
 */
export function workerEntries(srcDir: string): string[] {
  const byName = new Map<string, string>();
  for (const file of jsFiles(srcDir)) {
    for (const m of readFileSync(file, 'utf8').matchAll(WORKER_URL)) {
      const worker = join(dirname(file), m[1]!);
      const other = byName.get(basename(worker));
      if (other !== undefined && other !== worker)
        throw new Error(`two worker files named ${basename(worker)}: ${other} and ${worker}; rename one`);
      byName.set(basename(worker), worker);
    }
  }
  return [...byName.values()];
}

/** Build dist/cli/ from dist/src/ (tsc must have run). Returns the files written, relative to dist/cli. */
export async function bundleCli(): Promise<string[]> {
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [join(DIST, 'src/cli/main.js'), ...workerEntries(join(DIST, 'src'))],
    outdir: BUNDLE_DIR,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    sourcemap: 'linked',
    logLevel: 'warning',
    metafile: true,
  });
  return Object.keys(result.metafile.outputs).map((f) => relative(BUNDLE_DIR, join(ROOT, f)));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundleCli();
}
