/**
 * Where the time goes: runs a slice of one benchmark part under the V8 CPU profiler (node:inspector, the same
 * profiler as `node --cpu-prof`) and prints the functions with the most self time, with their source files
 * (dist/, which has source maps to src/). Writes the full profile for Chrome DevTools too.
 *
 * Usage (after npm run build): node bench/hotspots.mjs aliyun-to-aws|aws-to-aliyun|scaling [top]
 */
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalGroup } from './generate.mjs';
import { loadLibrary } from './lib.mjs';
import { SCALING_SEED } from './parts/scaling.mjs';
import { fleetSlices } from './slices.mjs';

const [part = 'aliyun-to-aws', topArg = '15'] = process.argv.slice(2);
const lib = await loadLibrary();

/** The work of each part, on a slice small enough to profile in seconds; `prepare` runs unprofiled. */
const WORK = {
  ...fleetSlices(lib),
  scaling: {
    prepare: () => canonicalGroup(1000, { seed: SCALING_SEED, modelVersion: lib.MODEL_VERSION, id: 'sg-scale-1000' }),
    run: (group) => {
      const compiled = lib.compile(group, { target: 'aws', targetGroupId: group.id, report: new lib.Report() });
      lib.equivalent(group, compiled.group);
    },
  },
};

if (!(part in WORK)) {
  console.error(`unknown part ${part}; one of ${Object.keys(WORK).join(', ')}`);
  process.exit(2);
}

const session = new Session();
session.connect();
const post = (method, params = {}) =>
  new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
await post('Profiler.enable');
await post('Profiler.setSamplingInterval', { interval: 200 });
const input = WORK[part].prepare();
await post('Profiler.start');
WORK[part].run(input);
const { profile } = await post('Profiler.stop');
session.disconnect();

const file = join(tmpdir(), `sgbridge-${part}.cpuprofile`);
writeFileSync(file, JSON.stringify(profile));

// Self time per function: samples whose top frame is the node, times the sampling interval.
const counts = new Map();
for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
const byFunction = new Map();
let total = 0;
for (const node of profile.nodes) {
  const n = counts.get(node.id) ?? 0;
  total += n;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^file:\/\/.*?\/(dist|node_modules)\//, '$1/');
  const key = `${functionName || '(anonymous)'}  ${where}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + n);
}
const top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg));
console.log(`${part}: ${total} samples; self time by function (full profile: ${file})`);
for (const [key, n] of top) console.log(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${key}`);
