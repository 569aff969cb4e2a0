/**
 * Part 1: a whole fleet end to end against the floor. End to end is what `sgbridge convert` does with a file
 * already in memory: parse the text, read, translate, verify (the verdicts are proven by the engine), and
 * serialise and write the output JSON. The floor is JSON.parse + JSON.stringify of the same text in the same
 * process: no translator can go below it. Both are timed interleaved in one run, so the ratio survives a
 * machine that drifts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aliyunFleet } from '../generate.mjs';
import { measureInterleaved, round } from '../harness.mjs';
import { missing } from '../lib.mjs';

export const FLEET = { groups: 2000, rules: 50, seed: 20260101 };

/** The conversion as the CLI performs it, from input text to the written output file. */
export function convertText(lib, text, to, outFile) {
  const result = lib.convert(text, { to, file: 'fleet.json' });
  writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

/** The floor: the least any tool must do with this text. */
function floor(text) {
  return JSON.stringify(JSON.parse(text), null, 2).length;
}

/** The fleet as text in each provider's own shape; AWS is the Aliyun fleet converted once. */
export function fleetTexts(lib, dir) {
  const aliyunText = JSON.stringify(aliyunFleet(FLEET), null, 2);
  const first = convertText(lib, aliyunText, 'aws', join(dir, 'fleet-aws-out.json'));
  const awsText = JSON.stringify({ SecurityGroups: first.groups.map((g) => g.target) }, null, 2);
  return { aliyunText, awsText, first };
}

function verdictCounts(result) {
  const counts = {};
  for (const g of result.groups) counts[g.verdict] = (counts[g.verdict] ?? 0) + 1;
  return counts;
}

function rulesIn(result, side) {
  let n = 0;
  for (const g of result.groups) {
    const t = g[side];
    if (t?.Permissions?.Permission) n += t.Permissions.Permission.length;
    else if (t?.IpPermissions) {
      for (const p of [...t.IpPermissions, ...(t.IpPermissionsEgress ?? [])]) {
        n += (p.IpRanges?.length ?? 0) + (p.Ipv6Ranges?.length ?? 0) + (p.UserIdGroupPairs?.length ?? 0) + (p.PrefixListIds?.length ?? 0);
      }
    }
  }
  return n;
}

export function benchFleet(lib, { dir, warmup = 1, runs = 5 } = {}) {
  const absent = missing(lib, ['convert']);
  if (absent.length) {
    // The floor alone still says what reading and writing this fleet costs here.
    const aliyunText = JSON.stringify(aliyunFleet(FLEET), null, 2);
    const t = measureInterleaved({ floor: () => floor(aliyunText) }, { warmup, runs });
    return { ran: false, reason: `not in the build: ${absent.join(', ')}`, fleet: FLEET, aliyunFloorMs: round(t.floor.medianMs, 1), inputBytes: Buffer.byteLength(aliyunText) };
  }
  const { aliyunText, awsText } = fleetTexts(lib, dir);
  const directions = {};
  for (const [name, text, to] of [
    ['aliyunToAws', aliyunText, 'aws'],
    ['awsToAliyun', awsText, 'aliyun'],
  ]) {
    const out = join(dir, `fleet-${name}.json`);
    const t = measureInterleaved(
      { endToEnd: () => convertText(lib, text, to, out), floor: () => floor(text) },
      { warmup, runs },
    );
    const result = t.endToEnd.value;
    directions[name] = {
      inputBytes: Buffer.byteLength(text),
      groups: result.groups.length,
      targetRules: rulesIn(result, 'target'),
      verdicts: verdictCounts(result),
      findings: result.groups.reduce((s, g) => s + (g.findings?.length ?? 0), 0),
      endToEndMs: round(t.endToEnd.medianMs, 1),
      floorMs: round(t.floor.medianMs, 1),
      ratio: round(t.endToEnd.medianMs / t.floor.medianMs, 2),
      samples: { endToEnd: t.endToEnd.samplesMs, floor: t.floor.samplesMs },
    };
  }
  return { ran: true, fleet: FLEET, directions, texts: { aliyunText, awsText } };
}
