/**
 * Parts 5–7: what a user of the command feels, measured on the built CLI (`node bin/sgbridge.js`) in child
 * processes, as ratios to a baseline timed interleaved with it on the same machine:
 * - start-up: `--version`, `--help` and converting the demo example, against `node -e 0`;
 * - rendering and memory: one Aliyun group of 20,000 random rules with drops, converted with `--format json`
 *   and `--format text` (wall time and peak RSS of each child);
 * - deny flattening: one Aliyun group of 1,000 rules with 30% drops (the scaling part's generator), converted
 *   to AWS, against the peer's 62.3 s for the same size (../shared/DESIGN.md section 8).
 * Each child reads its own peak RSS at exit (bench/rss-at-exit.mjs writes it to a file named by the
 * environment), so Node and the library are included, as a user's `time -v` would show.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { aliyunGroup, canonicalGroup } from '../generate.mjs';
import { median, round } from '../harness.mjs';
import { randomTools } from '../prng.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/sgbridge.js');
const RSS_HOOK = fileURLToPath(new URL('../rss-at-exit.mjs', import.meta.url));
const DEMO = join(ROOT, 'examples/aliyun-web-tier.json');
export const RENDER = { rules: 20000, seed: 20261701 };
export const FLATTEN = { rules: 1000, seed: 7, peerSeconds: 62.3 };

/** One child run: wall and CPU milliseconds, peak RSS in MiB, exit status. */
function runChild(args, dir) {
  const rssFile = join(dir, 'rss.txt');
  rmSync(rssFile, { force: true });
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, SGBRIDGE_BENCH_RSS_FILE: rssFile, NO_COLOR: '1', COLUMNS: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`sgbridge ${args.slice(2).join(' ')} exited ${r.status}: ${r.stderr}`);
  const usage = JSON.parse(readFileSync(rssFile, 'utf8'));
  return { ms, cpuMs: usage.cpuMicros / 1000, rssMiB: round(usage.maxRSS / 1024, 1), status: r.status };
}

/** `runs` rounds of every command in turn (interleaved); median wall time of each. */
function interleaved(commands, runs, dir) {
  const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, { wall: [], cpu: [], rss: [] }]));
  const last = {};
  for (let i = 0; i < runs; i++) {
    for (const [k, args] of Object.entries(commands)) {
      const r = runChild(args, dir);
      samples[k].wall.push(r.ms);
      samples[k].cpu.push(r.cpuMs);
      samples[k].rss.push(r.rssMiB);
      last[k] = r;
    }
  }
  return Object.fromEntries(
    Object.keys(commands).map((k) => [
      k,
      {
        medianMs: round(median(samples[k].wall), 1),
        cpuMedianMs: round(median(samples[k].cpu), 1),
        samplesMs: samples[k].wall.map((x) => round(x, 1)),
        cpuSamplesMs: samples[k].cpu.map((x) => round(x, 1)),
        peakRssMiB: Math.max(...samples[k].rss),
        status: last[k].status,
      },
    ]),
  );
}

const cli = (...args) => ['--import', RSS_HOOK, BIN, ...args];

export function benchStartup(dir, { runs = 9 } = {}) {
  const t = interleaved(
    {
      node: ['--import', RSS_HOOK, '-e', '0'],
      version: cli('--version'),
      help: cli('--help'),
      demo: cli('convert', DEMO, '--to', 'aws', '--format', 'json'),
    },
    runs,
    dir,
  );
  const ratio = (k) => round(t[k].medianMs / t.node.medianMs, 2);
  const cpuRatio = (k) => round(t[k].cpuMedianMs / t.node.cpuMedianMs, 2);
  return {
    ran: true,
    runs,
    times: t,
    ratios: { version: ratio('version'), help: ratio('help'), demo: ratio('demo') },
    cpuRatios: { version: cpuRatio('version'), help: cpuRatio('help'), demo: cpuRatio('demo') },
  };
}

export function benchRender(dir, { runs = 1 } = {}) {
  const input = join(dir, `aliyun-${RENDER.rules}.json`);
  writeFileSync(input, JSON.stringify(aliyunGroup(randomTools(RENDER.seed), 0, 2000, RENDER.rules)));
  const t = interleaved(
    {
      json: cli('convert', input, '--to', 'aws', '--format', 'json', '-o', join(dir, 'render.json')),
      text: cli('convert', input, '--to', 'aws', '--format', 'text', '-o', join(dir, 'render.txt')),
      markdown: cli('convert', input, '--to', 'aws', '--format', 'markdown', '-o', join(dir, 'render.md')),
    },
    runs,
    dir,
  );
  return {
    ran: true,
    rules: RENDER.rules,
    seed: RENDER.seed,
    runs,
    times: t,
    textOverJson: round(t.text.medianMs / t.json.medianMs, 2),
    markdownOverJson: round(t.markdown.medianMs / t.json.medianMs, 2),
    textOverJsonCpu: round(t.text.cpuMedianMs / t.json.cpuMedianMs, 2),
    jsonSeconds: round(t.json.medianMs / 1000, 2),
    jsonCpuSeconds: round(t.json.cpuMedianMs / 1000, 2),
    peakRssMiB: Math.max(t.json.peakRssMiB ?? 0, t.text.peakRssMiB ?? 0, t.markdown.peakRssMiB ?? 0),
  };
}

export function benchFlatten(dir, { runs = 5 } = {}) {
  const input = join(dir, `flatten-${FLATTEN.rules}.json`);
  const group = canonicalGroup(FLATTEN.rules, { seed: FLATTEN.seed, id: 'sg-flatten-1000' });
  writeFileSync(input, JSON.stringify({ modelVersion: 1, groups: [group] }));
  const out = join(dir, 'flatten.out.json');
  const t = interleaved({ flatten: cli('convert', input, '--to', 'aws', '--format', 'json', '-o', out) }, runs, dir);
  const result = JSON.parse(readFileSync(out, 'utf8'));
  const g = result.groups[0];
  const rulesOut = [...(g.target.IpPermissions ?? []), ...(g.target.IpPermissionsEgress ?? [])].reduce(
    (n, p) =>
      n +
      (p.IpRanges?.length ?? 0) +
      (p.Ipv6Ranges?.length ?? 0) +
      (p.UserIdGroupPairs?.length ?? 0) +
      (p.PrefixListIds?.length ?? 0),
    0,
  );
  const ms = t.flatten.medianMs;
  return {
    ran: true,
    rules: FLATTEN.rules,
    seed: FLATTEN.seed,
    runs,
    medianMs: ms,
    cpuMedianMs: t.flatten.cpuMedianMs,
    samplesMs: t.flatten.samplesMs,
    verdict: g.verdict,
    rulesOut,
    peerSeconds: FLATTEN.peerSeconds,
    peerOverSgbridge: round((FLATTEN.peerSeconds * 1000) / ms, 1),
  };
}
