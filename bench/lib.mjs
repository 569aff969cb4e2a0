/**
 * The built library, as a user of the package gets it: the public entry (dist/src/index.js). Each part of the benchmark states which functions it needs; a
 * part whose functions are missing from the build is reported as not run, never faked.
 */
const DIST = new URL('../dist/', import.meta.url);

async function importOptional(path) {
  try {
    return await import(new URL(path, DIST).href);
  } catch (error) {
    if (error && (error.code === 'ERR_MODULE_NOT_FOUND' || error.code === 'ENOENT')) return {};
    throw error;
  }
}

export async function loadLibrary() {
  const main = await importOptional('src/index.js');
  return {
    convert: main.convert,
    convertDetailed: main.convertDetailed,
    convertInParallelToJson: main.convertInParallelToJson,
    convertEachInParallelToJson: main.convertEachInParallelToJson,
    convertInParallelToJsonPieces: main.convertInParallelToJsonPieces,
    renderText: main.renderText,
    renderMarkdown: main.renderMarkdown,
    createMapping: main.createMapping,
    compile: main.compile,
    equivalent: main.equivalent,
    diff: main.diff,
    verdict: main.verdict,
    Report: main.Report,
    MODEL_VERSION: main.MODEL_VERSION,
  };
}

/** The names in `needs` that the build does not export; empty when the part can run. */
export function missing(lib, needs) {
  return needs.filter((name) => typeof lib[name] !== 'function');
}
