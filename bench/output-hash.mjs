/**
 * A check for speed work that must not change output: converts 300 generated groups each way (the bench
 * fleet's seeds and mapping), prints a hash of the whole results and the times. Same hash before and after a
 * change = same output. A second hash covers the text and Markdown reports of the same conversions (first 60
 * groups each way). Usage (after npm run build): node bench/output-hash.mjs
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { aliyunFleet, awsFleet } from './generate.mjs';
import { loadLibrary } from './lib.mjs';
import { FLEET, fleetMapping } from './parts/fleet.mjs';

const GROUPS = 300;
const lib = await loadLibrary();
const map = lib.createMapping(fleetMapping());
const hash = createHash('sha256');
const aliyun = aliyunFleet({ groups: GROUPS, rules: FLEET.rules, seed: FLEET.aliyunSeed }).map((g) =>
  JSON.stringify(g),
);
const aws = JSON.stringify({
  SecurityGroups: awsFleet({ groups: GROUPS, rules: FLEET.rules, seed: FLEET.awsSeed }).SecurityGroups,
});
const t0 = performance.now();
for (const text of aliyun) hash.update(JSON.stringify(lib.convert(text, { to: 'aws', map })));
const t1 = performance.now();
hash.update(JSON.stringify(lib.convert(aws, { to: 'aliyun', map })));
const t2 = performance.now();
const reports = createHash('sha256');
for (const text of aliyun.slice(0, 60)) {
  const detail = lib.convertDetailed(text, { to: 'aws', map });
  reports.update(lib.renderText(detail)).update(lib.renderMarkdown(detail));
}
const awsDetail = lib.convertDetailed(JSON.stringify({ SecurityGroups: JSON.parse(aws).SecurityGroups.slice(0, 60) }), {
  to: 'aliyun',
  map,
});
reports.update(lib.renderText(awsDetail)).update(lib.renderMarkdown(awsDetail));
console.log(`reports ${reports.digest('hex').slice(0, 16)}`);
console.log(
  `${hash.digest('hex').slice(0, 16)}  Aliyun→AWS ${Math.round(t1 - t0)} ms  AWS→Aliyun ${Math.round(t2 - t1)} ms  (${GROUPS} groups each way)`,
);
