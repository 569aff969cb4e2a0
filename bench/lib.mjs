/**
 * The built library, as a user of the package gets it (dist/). Each part of the benchmark states which
 * functions it needs; a part whose functions are missing from the build is reported as not run, never faked.
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
  const [main, convertModule, mapping, semantics, aliyun, aws, input, report, version] = await Promise.all([
    importOptional('src/index.js'),
    importOptional('src/convert/convert.js'),
    importOptional('src/mapping/index.js'),
    importOptional('src/semantics/index.js'),
    importOptional('adapters/aliyun/index.js'),
    importOptional('adapters/aws/index.js'),
    importOptional('src/io/input.js'),
    importOptional('src/report/report.js'),
    importOptional('src/model/version.js'),
  ]);
  return {
    convert: main.convert ?? convertModule.convert,
    createMapping: main.createMapping ?? mapping.createMapping,
    mergeCidrs: semantics.mergeCidrs,
    excludeCidrs: semantics.excludeCidrs,
    meaning: semantics.meaning,
    equivalent: semantics.equivalent,
    compile: semantics.compile,
    aliyunAdapter: aliyun.aliyunAdapter,
    awsAdapter: aws.awsAdapter,
    parseInput: input.parseInput,
    Report: report.Report,
    MODEL_VERSION: version.MODEL_VERSION,
  };
}

/** The names in `needs` that the build does not export; empty when the part can run. */
export function missing(lib, needs) {
  return needs.filter((name) => typeof lib[name] !== 'function');
}
