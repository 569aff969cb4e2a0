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
 * Paths relative to a module (`new URL('./worker.js', import.meta.url)` for a worker thread's file,
 * `createRequire(import.meta.url)` for the lazy packages, the package.json above the CLI) resolve exactly as
 * they do from tsc's output: each bundled module's `import.meta.url` is rewritten to the URL of its own file
 * in dist/. So a worker thread runs tsc's worker module, and no path needs to be known to this build.
 */
import { readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The repository root, from dist/scripts/ (after tsc) or scripts/ (run with tsx). */
const ROOT = basename(dirname(HERE)) === 'dist' ? resolve(HERE, '../..') : resolve(HERE, '..');
const DIST = join(ROOT, 'dist');
/** Where the bundle goes; bin/sgbridge.js looks for main.js there. */
export const BUNDLE_DIR = join(DIST, 'cli');

/** Packages resolved from node_modules at run time instead of being bundled. */
const EXTERNAL = ['@aws-sdk/*', '@smithy/*', '@alicloud/*', '@darabonba/*', 'fast-xml-parser', 'yaml'];

/** The project's compiled modules (not the bundled packages): tsc's output under dist/. */
const PROJECT_MODULE = /[\\/]dist[\\/](src|adapters|tables)[\\/].*\.js$/;

/**
 * Every `import.meta.url` of a project module becomes the URL of that module's file in dist/, computed from
 * the bundle file's own URL (every bundle file sits directly in dist/cli/).
 */
const moduleUrlsOfTscOutput: Plugin = {
  name: 'module-urls-of-tsc-output',
  setup(b) {
    b.onLoad({ filter: PROJECT_MODULE }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const own = relative(BUNDLE_DIR, args.path).split(sep).join('/');
      return {
        contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(own)}, import.meta.url).href`),
        loader: 'js',
        resolveDir: dirname(args.path),
      };
    });
  },
};

/** Build dist/cli/ from dist/src/ (tsc must have run). Returns the files written, relative to dist/cli. */
export async function bundleCli(): Promise<string[]> {
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [join(DIST, 'src/cli/main.js')],
    outdir: BUNDLE_DIR,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    plugins: [moduleUrlsOfTscOutput],
    sourcemap: 'linked',
    logLevel: 'warning',
    metafile: true,
  });
  return Object.keys(result.metafile.outputs).map((f) => relative(BUNDLE_DIR, join(ROOT, f)));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundleCli();
}
