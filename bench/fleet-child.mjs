/**
 * Parts 1 and 4 for one direction, in a process of its own so that nothing else of the benchmark counts in
 * its peak RSS: end-to-end conversion of the fleet against the floor (JSON.parse + JSON.stringify of the same
 * input, same process, interleaved runs) and the peak resident set size of the conversion.
 *
 * Usage: node --expose-gc bench/fleet-child.mjs <spec.json>; prints one JSON line. The spec (written by
 * parts/fleet.mjs) names the input files, the target, the mapping file, the output file and the time budget.
 *
 * The Aliyun fleet is 2,000 DescribeSecurityGroupAttribute responses (the API returns one group per call):
 * each is converted, serialised and appended to the output, as a loop over response files would do. The AWS
 * fleet is one DescribeSecurityGroups output (the API lists many groups per call), converted in one call.
 *
 * Time cap: the first timed run stops after the response that crosses `firstRunCapSeconds` (null: no cap).
 * The figures are then those of the converted prefix of the fleet (floor included), marked incomplete: a
 * measurement of the same work on fewer groups, never an extrapolation.
 *
 * In parallel (when the build has `convertInParallelToJsonPieces`, `convertEachInParallelToJson` or
 * `convertInParallelToJson`): the same inputs converted in worker threads (threads as the library chooses
 * them, the machine's parallelism), the same bytes written as the single-thread run writes them, timed in the
 * same rounds as the floor and the single-thread run. The workers are warm, as this thread is: a warm-up on
 * the warm-up slice starts them, and the library keeps its workers between calls. The output must be the same bytes (`sameOutput`);
 * its threads and the machine's cores are recorded.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { collectGarbage, median, round } from './harness.mjs';
import { loadLibrary } from './lib.mjs';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const lib = await loadLibrary();
const parallelLib = lib.convertInParallelToJsonPieces ?? lib.convertEachInParallelToJson ?? lib.convertInParallelToJson;
const mapping = lib.createMapping(JSON.parse(readFileSync(spec.mappingFile, 'utf8')), spec.mappingFile);

/** One input file as the texts to convert: NDJSON holds one response per line. */
function texts(file) {
  const text = readFileSync(file, 'utf8');
  return file.endsWith('.ndjson') ? text.split('\n').filter((l) => l !== '') : [text];
}

function targetRules(target) {
  if (target.Permissions?.Permission) return target.Permissions.Permission.length;
  let n = 0;
  for (const p of [...(target.IpPermissions ?? []), ...(target.IpPermissionsEgress ?? [])]) {
    n += p.IpRanges.length + p.Ipv6Ranges.length + p.UserIdGroupPairs.length + p.PrefixListIds.length;
  }
  return n;
}

/**
 * End to end: convert (read, compile, verify), serialise, write. Returns what was produced. With a deadline
 * (the first run under a time cap), stops after the input that crosses it; later runs repeat the same inputs.
 */
function endToEnd(items, deadline = Infinity) {
  const fd = openSync(spec.outputFile, 'w');
  const stats = { groups: 0, targetRules: 0, findings: 0, verdicts: {}, perItemMs: [] };
  try {
    for (const text of items) {
      if (performance.now() > deadline) break;
      const t0 = performance.now();
      const result = lib.convert(text, { to: spec.to, map: mapping, file: spec.inputFile });
      writeSync(fd, `${JSON.stringify(result, null, 2)}\n`);
      stats.perItemMs.push(performance.now() - t0);
      for (const g of result.groups) {
        stats.groups++;
        stats.targetRules += targetRules(g.target);
        stats.findings += g.findings.length;
        stats.verdicts[g.verdict] = (stats.verdicts[g.verdict] ?? 0) + 1;
      }
    }
  } finally {
    closeSync(fd);
  }
  return stats;
}

/** A hash of the output file: the parallel run must write the same bytes. */
function outputHash() {
  return createHash('sha256').update(readFileSync(spec.outputFile)).digest('hex').slice(0, 16);
}

/**
 * End to end in worker threads: every input converted by `convertInParallelToJsonPieces` (one input: its groups
 * are split across threads, and each group's text is written as soon as it and those before it are done; many
 * inputs: the inputs are split, and each document is written so), the bytes `endToEnd` writes (a build without
 * it: `convertEachInParallelToJson`, or `convertInParallelToJson` and then the writes). `jobs` as the library
 * takes it (default: the library's choice). Returns the threads used.
 */
async function endToEndParallel(items, jobs) {
  let threads = 1;
  const options = {
    to: spec.to,
    map: mapping,
    file: spec.inputFile,
    onThreads: (n) => (threads = n),
    ...(jobs !== undefined && { jobs }),
  };
  const fd = openSync(spec.outputFile, 'w');
  try {
    const write = (doc) => writeSync(fd, `${doc}\n`);
    if (lib.convertInParallelToJsonPieces !== undefined)
      await lib.convertInParallelToJsonPieces(items, options, (piece, _, last) =>
        writeSync(fd, last ? `${piece}\n` : piece),
      );
    else if (lib.convertEachInParallelToJson !== undefined)
      await lib.convertEachInParallelToJson(items, options, write);
    else (await lib.convertInParallelToJson(items, options)).forEach(write);
  } finally {
    closeSync(fd);
  }
  return threads;
}

async function timedAsync(fn) {
  collectGarbage();
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** The floor: the least any tool must do with the same text. */
function floor(items) {
  let n = 0;
  for (const text of items) n += JSON.stringify(JSON.parse(text), null, 2).length;
  return n;
}

/** The output floor: read the input, write the output the conversion made (as plain objects). */
function outputFloor(items, outputs) {
  let n = 0;
  for (const text of items) n += Object.keys(JSON.parse(text)).length;
  for (const doc of outputs) n += JSON.stringify(doc, null, 2).length;
  return n;
}

/** The documents of the output file: each is written as `JSON.stringify(doc, null, 2)` and a newline. */
function documents(text) {
  return text
    .split('\n}\n')
    .filter((d) => d.trim() !== '')
    .map((d) => `${d}\n}`);
}

function timed(fn) {
  collectGarbage();
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

const allItems = texts(spec.inputFile);
const warmItems = texts(spec.warmupFile);
const budgetMs = spec.budgetSeconds * 1000;

endToEnd(warmItems); // warm-up on a slice: the JIT needs the code paths, not the whole fleet
const started = performance.now();
const capMs = spec.firstRunCapSeconds === null ? Infinity : spec.firstRunCapSeconds * 1000;
const first = timed(() => endToEnd(allItems, started + capMs));
// Under the cap, every figure (floor included) is measured on the inputs the first run converted.
const items = allItems.slice(0, first.value.perItemMs.length);
// The conversion's peak, read before the floor has touched the full input.
const peakKiB = process.resourceUsage().maxRSS;
floor(items); // the floor's warm-up
const e2eMs = [first.ms];
const floorMs = [];
let stats = first.value;
const singleHash = outputHash();
// In threads: a warm-up on the warm-up slice, then runs in the same rounds as the floor, on a budget of their own.
const parallel = typeof parallelLib === 'function' ? { ms: [], threads: 0, sameOutput: true } : undefined;
let parallelStarted;
if (parallel !== undefined) {
  // The warm-up slice is below the library's thresholds for threads: ask for them, so the workers start and
  // compile their code here, as this thread did in its own warm-up; the library keeps them for the next call.
  await endToEndParallel(warmItems, availableParallelism());
  parallelStarted = performance.now();
}
for (let i = 0; i < spec.maxRuns; i++) {
  floorMs.push(timed(() => floor(items)).ms);
  const runsLeft = e2eMs.length < spec.maxRuns;
  const timeLeft = performance.now() - started + median(e2eMs) < budgetMs;
  if (runsLeft && timeLeft) {
    const r = timed(() => endToEnd(items));
    e2eMs.push(r.ms);
    stats = r.value;
  }
  const parallelTimeLeft =
    parallel !== undefined &&
    (parallel.ms.length === 0 || performance.now() - parallelStarted + median(parallel.ms) < budgetMs);
  if (parallel !== undefined && parallelTimeLeft) {
    const r = await timedAsync(() => endToEndParallel(items));
    parallel.ms.push(r.ms);
    parallel.threads = r.value;
    parallel.sameOutput &&= outputHash() === singleHash;
  }
}

// Context, not a target: what writing this output costs. A conversion writes more than it reads (Aliyun
// drops flattened into allows, a finding per rule field that does not map), so the floor of the same input
// understates the least a converter pays. The output floor is JSON.parse of the input and JSON.stringify of
// the output as plain objects (parsed from the output file outside the timing), in rounds of its own after
// the runs above, each beside a floor round so the two ratios compare.
const outputs = documents(readFileSync(spec.outputFile, 'utf8')).map((d) => JSON.parse(d));
const outputFloorMs = [];
const floorAgainMs = [];
outputFloor(items, outputs); // warm-up
for (let i = 0; i < 3; i++) {
  floorAgainMs.push(timed(() => floor(items)).ms);
  outputFloorMs.push(timed(() => outputFloor(items, outputs)).ms);
}
const outputShare = median(outputFloorMs) / median(floorAgainMs);

const perItem = [...stats.perItemMs].sort((a, b) => a - b);
const slowest = stats.perItemMs.indexOf(perItem[perItem.length - 1]);
const { perItemMs, ...counts } = stats;
process.stdout.write(
  `${JSON.stringify({
    to: spec.to,
    inputs: items.length,
    complete: items.length === allItems.length,
    of: allItems.length,
    inputBytes: items.reduce((s, t) => s + Buffer.byteLength(t), 0),
    ...counts,
    endToEndMs: round(median(e2eMs), 1),
    floorMs: round(median(floorMs), 1),
    ratio: round(median(e2eMs) / median(floorMs), 2),
    runs: { endToEnd: e2eMs.length, floor: floorMs.length },
    samples: { endToEnd: e2eMs.map((x) => round(x, 1)), floor: floorMs.map((x) => round(x, 1)) },
    perInputMs:
      items.length > 1
        ? {
            median: round(median(perItem), 2),
            p90: round(perItem[Math.floor(perItem.length * 0.9)], 2),
            max: round(perItem[perItem.length - 1], 2),
            slowestIndex: slowest,
          }
        : undefined,
    peakRssMiB: round(peakKiB / 1024, 1),
    outputFloor: {
      ms: round(median(outputFloorMs), 1),
      // End to end against it, scaled by the two floors' ratio measured in the same rounds.
      ratio: round(median(e2eMs) / median(floorMs) / outputShare, 2),
      overFloor: round(outputShare, 2),
      outputBytes: outputs.reduce((s, d) => s + JSON.stringify(d, null, 2).length + 1, 0),
      ...(parallel !== undefined && { parallelRatio: round(median(parallel.ms) / median(floorMs) / outputShare, 2) }),
    },
    parallel:
      parallel === undefined
        ? undefined
        : {
            threads: parallel.threads,
            cores: availableParallelism(),
            endToEndMs: round(median(parallel.ms), 1),
            ratio: round(median(parallel.ms) / median(floorMs), 2),
            runs: parallel.ms.length,
            samples: parallel.ms.map((x) => round(x, 1)),
            sameOutput: parallel.sameOutput,
            // maxRSS is the process's peak so far: the single-thread runs' and the threads' together.
            peakRssMiB: round(process.resourceUsage().maxRSS / 1024, 1),
          },
  })}\n`,
);
