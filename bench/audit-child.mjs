/**
 * Part 6 in a process of its own: the audit as the CLI runs it (`run(['audit', …])` of the built CLI,
 * worker threads included) against the floor (JSON.parse + JSON.stringify of the same input texts), timed
 * interleaved; the peak RSS is read after the first audit. Usage: node --expose-gc bench/audit-child.mjs
 * <spec.json>; prints one JSON line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { collectGarbage, median, round } from './harness.mjs';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { run } = await import(new URL('../dist/src/cli/main.js', import.meta.url).href);

const io = {
  stdout: () => {},
  stderr: (t) => process.stderr.write(t),
  readStdin: async () => '',
  stdoutIsTTY: false,
  stderrIsTTY: false,
  env: {},
  cwd: process.cwd(),
};
const args = [
  'audit',
  spec.aws,
  spec.aliyun,
  '--map',
  spec.mapping,
  '--pair-by',
  'mapping',
  '--format',
  'json',
  '-o',
  spec.outputFile,
  '--fail-on',
  'none',
  ...spec.extraArgs,
];

function floor() {
  const texts = [
    readFileSync(spec.aws, 'utf8'),
    ...readdirSync(spec.aliyun)
      .sort()
      .map((f) => readFileSync(join(spec.aliyun, f), 'utf8')),
  ];
  let n = 0;
  for (const t of texts) n += JSON.stringify(JSON.parse(t)).length;
  return n;
}

const audit = [];
const floors = [];
let rssMiB;
for (let i = 0; i < spec.runs; i++) {
  collectGarbage();
  let t0 = performance.now();
  const status = await run(args, io);
  audit.push(performance.now() - t0);
  if (status !== 0) throw new Error(`audit exited ${status}`);
  if (rssMiB === undefined) rssMiB = round(process.resourceUsage().maxRSS / 1024, 1);
  collectGarbage();
  t0 = performance.now();
  floor();
  floors.push(performance.now() - t0);
}
const report = JSON.parse(readFileSync(spec.outputFile, 'utf8'));
const auditMs = median(audit);
const floorMs = median(floors);
console.log(
  JSON.stringify({
    runs: spec.runs,
    auditMs: round(auditMs, 1),
    auditSamplesMs: audit.map((x) => round(x, 1)),
    floorMs: round(floorMs, 1),
    ratio: round(auditMs / floorMs, 2),
    peakRssMiB: rssMiB,
    summary: report.summary,
  }),
);
