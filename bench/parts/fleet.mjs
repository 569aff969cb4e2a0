/**
 * Parts 1 and 4: the fleet end to end against the floor, and its peak RSS. The data is generated here and
 * written to files; each direction then runs in its own child process (bench/fleet-child.mjs), which times
 * both sides interleaved in one process (so the ratio survives a machine that drifts) and reads its own peak
 * RSS, untouched by the other parts of the benchmark.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aliyunFleet, awsFleet, awsGroupId, fleetGroupId } from '../generate.mjs';
import { missing } from '../lib.mjs';

export const FLEET = { groups: 2000, rules: 50, aliyunSeed: 20260101, awsSeed: 20260102 };
const CHILD = fileURLToPath(new URL('../fleet-child.mjs', import.meta.url));
const WARMUP_GROUPS = 100;

/**
 * The user's mapping for a migration of this fleet: every group of one cloud has its counterpart on the
 * other (same index), the account and the prefix lists are mapped. Without it every reference would be
 * left out (narrower), which is not the work a migration does.
 */
export function fleetMapping() {
  const groups = {};
  for (let i = 0; i < FLEET.groups; i++) groups[fleetGroupId(i)] = awsGroupId(i);
  const prefixLists = {};
  for (let i = 0; i < 10; i++) prefixLists[`pl-0bench${i}`] = `pl-bench${i}`;
  return { groups, accounts: { 123456789012: '1234567890123456' }, prefixLists };
}

function inputFiles(dir) {
  const aliyun = aliyunFleet({ groups: FLEET.groups, rules: FLEET.rules, seed: FLEET.aliyunSeed }).map((g) =>
    JSON.stringify(g),
  );
  const aws = awsFleet({ groups: FLEET.groups, rules: FLEET.rules, seed: FLEET.awsSeed });
  const files = {
    mapping: join(dir, 'mapping.json'),
    aliyun: join(dir, 'aliyun-fleet.ndjson'),
    aliyunWarm: join(dir, 'aliyun-warmup.ndjson'),
    aws: join(dir, 'aws-fleet.json'),
    awsWarm: join(dir, 'aws-warmup.json'),
  };
  writeFileSync(files.mapping, JSON.stringify(fleetMapping()));
  writeFileSync(files.aliyun, `${aliyun.join('\n')}\n`);
  // Warm-up data of its own (another seed), so no measured input was seen before its timed run.
  const aliyunWarm = aliyunFleet({ groups: WARMUP_GROUPS, rules: FLEET.rules, seed: FLEET.aliyunSeed + 1 }).map((g) =>
    JSON.stringify(g),
  );
  const awsWarm = awsFleet({ groups: WARMUP_GROUPS, rules: FLEET.rules, seed: FLEET.awsSeed + 1 });
  writeFileSync(files.aliyunWarm, `${aliyunWarm.join('\n')}\n`);
  writeFileSync(files.aws, JSON.stringify(aws));
  writeFileSync(files.awsWarm, JSON.stringify(awsWarm));
  return files;
}

const DEFAULT_BUDGET = { aliyunToAws: 150, awsToAliyun: 70 };
const DEFAULT_CAP = { aliyunToAws: 60, awsToAliyun: null };

/**
 * `firstRunCapSeconds` stops the first timed run of a direction after the input that crosses it (null: no
 * cap; the AWS fleet is one document, converted in one call). `budgetSeconds` bounds each direction: after
 * the first timed run, more runs are made only while the
 * budget lasts (at most `maxRuns`), so a slow build still finishes; results.json records the run counts.
 */
export function benchFleet(
  lib,
  { dir, maxRuns = 5, budgetSeconds = DEFAULT_BUDGET, firstRunCapSeconds = DEFAULT_CAP } = {},
) {
  const absent = missing(lib, ['convert', 'createMapping']);
  if (absent.length) return { ran: false, reason: `not in the build: ${absent.join(', ')}` };
  const files = inputFiles(dir);
  const directions = {};
  for (const [name, to, input, warm] of [
    ['aliyunToAws', 'aws', files.aliyun, files.aliyunWarm],
    ['awsToAliyun', 'aliyun', files.aws, files.awsWarm],
  ]) {
    const specFile = join(dir, `${name}.spec.json`);
    const spec = {
      to,
      inputFile: input,
      warmupFile: warm,
      mappingFile: files.mapping,
      outputFile: join(dir, `${name}.out.json`),
      maxRuns,
      budgetSeconds: budgetSeconds[name],
      firstRunCapSeconds: firstRunCapSeconds?.[name] ?? null,
    };
    writeFileSync(specFile, JSON.stringify(spec));
    const out = execFileSync(process.execPath, ['--expose-gc', CHILD, specFile], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    directions[name] = JSON.parse(out.trim().split('\n').pop());
  }
  return {
    ran: true,
    fleet: FLEET,
    warmupGroups: WARMUP_GROUPS,
    firstRunCapSeconds,
    budgetSeconds,
    directions,
  };
}
