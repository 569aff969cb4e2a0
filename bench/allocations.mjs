/**
 * Where the memory goes: runs one workload under V8's sampling heap profiler with the objects that garbage
 * collection freed kept in the profile (node:inspector, HeapProfiler.startSampling), and prints the bytes
 * allocated per function, self and inclusive, with their source files (dist/). A peak RSS far above what is
 * live comes from the heap V8 grows for short-lived garbage: this shows who makes it. Writes the full profile
 * for Chrome DevTools (Memory tab) too.
 *
 * Workloads: `render` is the bench's 20,000-rule group (bench/parts/cli.mjs RENDER) converted to AWS and
 * rendered as text, as `convert --format text` does; `aliyun-to-aws` and `aws-to-aliyun` are the fleet slices
 * of bench/slices.mjs (60 Aliyun groups, 300 AWS groups), the same bench/hotspots.mjs profiles.
 *
 * Usage (after npm run build): node bench/allocations.mjs render|aliyun-to-aws|aws-to-aliyun [top]
 */
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aliyunGroup } from './generate.mjs';
import { loadLibrary } from './lib.mjs';
import { randomTools } from './prng.mjs';
import { RENDER } from './parts/cli.mjs';
import { fleetSlices } from './slices.mjs';

const [part = 'render', topArg = '20'] = process.argv.slice(2);
const lib = await loadLibrary();

/** Each workload; `prepare` runs unprofiled. */
const WORK = {
  render: {
    prepare: () => JSON.stringify(aliyunGroup(randomTools(RENDER.seed), 0, 2000, RENDER.rules)),
    run: (text) => lib.renderText(lib.convertDetailed(text, { to: 'aws' }), { width: 100 }),
  },
  ...fleetSlices(lib),
};

if (!(part in WORK)) {
  console.error(`unknown workload ${part}; one of ${Object.keys(WORK).join(', ')}`);
  process.exit(2);
}

const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
const input = WORK[part].prepare();
await session.post('HeapProfiler.startSampling', {
  samplingInterval: 32768,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
WORK[part].run(input);
const { profile } = await session.post('HeapProfiler.stopSampling');
session.disconnect();

const file = join(tmpdir(), `sgbridge-${part}.heapprofile`);
writeFileSync(file, JSON.stringify(profile));

// Self bytes per function, and inclusive bytes (each function counted once per path, however deep it recurses).
const self = new Map();
const inclusive = new Map();
let total = 0;
const keyOf = ({ functionName, url, lineNumber }) =>
  `${functionName || '(anonymous)'}  ${url.replace(/^file:\/\/.*?\/(dist|node_modules)\//, '$1/')}:${lineNumber + 1}`;
function walk(node, onPath) {
  const key = keyOf(node.callFrame);
  total += node.selfSize;
  self.set(key, (self.get(key) ?? 0) + node.selfSize);
  const inner = onPath.has(key) ? onPath : new Set(onPath).add(key);
  const sum = node.children.reduce((n, child) => n + walk(child, inner), node.selfSize);
  if (!onPath.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + sum);
  return sum;
}
walk(profile.head, new Set());

const mib = (n) => `${(n / 2 ** 20).toFixed(0).padStart(6)} MiB`;
const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg));
console.log(`${part}: ${mib(total).trim()} allocated (sampled, garbage included; full profile: ${file})`);
console.log('self:');
for (const [key, n] of top(self)) console.log(`${mib(n)}  ${key}`);
console.log('inclusive:');
for (const [key, n] of top(inclusive)) console.log(`${mib(n)}  ${key}`);
