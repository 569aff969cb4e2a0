/**
 * `npm run bench`: the performance figures of the issue, measured in one run on generated data with fixed
 * seeds. Prints a table (metric, value, target, pass/fail) and writes bench/results.json; a run that writes
 * bench/results.json also puts its table in docs/performance.md (between its markers).
 * Options: --out <file> (default bench/results.json), --only fleet,scaling,memory,startup,render,flatten,shards,audit,live, --full (no time cap
 * on the fleet: every figure on all 2,000 groups, however long it takes; one run per direction).
 * See docs/performance.md for what each figure means.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable, round } from './harness.mjs';
import { loadLibrary } from './lib.mjs';
import { benchFlatten, benchRender, benchStartup } from './parts/cli.mjs';
import { benchAudit } from './parts/audit.mjs';
import { benchFleet } from './parts/fleet.mjs';
import { benchLive } from './parts/live.mjs';
import { benchScaling } from './parts/scaling.mjs';
import { benchShards } from './parts/shards.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const PARTS = ['startup', 'render', 'flatten', 'fleet', 'scaling', 'memory', 'shards', 'audit', 'live'];

function option(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const outFile = option('out') ?? join(HERE, 'results.json');
const only = (option('only') ?? PARTS.join(',')).split(',');
if (typeof globalThis.gc !== 'function')
  console.warn('warning: run with node --expose-gc (npm run bench does) for steadier timings');

const lib = await loadLibrary();
const dir = mkdtempSync(join(tmpdir(), 'sgbridge-bench-'));
const started = Date.now();
const results = {
  generatedAt: new Date().toISOString(),
  environment: {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '',
  },
};

function log(msg) {
  console.error(`[bench ${round((Date.now() - started) / 1000, 1)}s] ${msg}`);
}

try {
  if (only.includes('startup')) {
    log('part 5: start-up of the CLI against node -e 0');
    results.startup = benchStartup(dir);
  }
  if (only.includes('render')) {
    log('part 6: one group of 20,000 random rules with drops: text and Markdown against JSON, time and peak RSS');
    results.render = benchRender(dir);
  }
  if (only.includes('flatten')) {
    log('part 7: deny flattening of 1,000 Aliyun rules, CLI wall time, against the peer');
    results.flatten = benchFlatten(dir);
  }
  if (only.includes('fleet') || only.includes('memory')) {
    log('parts 1 and 4: fleet end to end vs the floor, and its peak RSS (one child process per direction)');
    const fleet = benchFleet(lib, {
      dir,
      ...(process.argv.includes('--full')
        ? { firstRunCapSeconds: null, budgetSeconds: { aliyunToAws: 0, awsToAliyun: 0 } }
        : {}),
    });
    results.fleet = fleet;
    results.memory = memoryOf(fleet);
  }
  if (only.includes('scaling')) {
    log('part 2: engine scaling');
    results.scaling = benchScaling(lib);
  }
  if (only.includes('shards')) {
    log('part 5: over-quota AWS results split into shards');
    results.shards = benchShards(lib);
  }
  if (only.includes('audit')) {
    log('part 6: sgbridge audit of 2,000 pairs (a child process per mode)');
    results.audit = benchAudit(dir);
  }
  if (only.includes('live')) {
    log('part 7: pull and apply through the real SDK clients against the emulators');
    results.live = await benchLive(lib);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

results.durationSeconds = round((Date.now() - started) / 1000, 1);
results.summary = summarise(results);
writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
const table = formatTable([
  ['metric', 'value', 'target', 'result'],
  ...results.summary.map((s) => [
    s.metric,
    s.value,
    s.target,
    s.target === '-' ? '-' : s.pass === undefined ? 'not run' : s.pass ? 'pass' : 'FAIL',
  ]),
]);
console.log(table);
console.log(`\n${JSON.stringify(results.summary)}`);
console.log(`\nwritten: ${outFile} (${results.durationSeconds}s)`);
if (outFile === join(HERE, 'results.json')) updateResultsDoc(join(HERE, '../docs/performance.md'), table);

/** The performance document shows the latest committed run: the table goes between its two markers. */
function updateResultsDoc(file, text) {
  const start = '<!-- results:start -->';
  const end = '<!-- results:end -->';
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) {
    console.warn(`warning: ${file} has no ${start} … ${end} markers; its table is not updated`);
    return;
  }
  const env = results.environment;
  const block = `${start}\nRun of ${results.generatedAt.slice(0, 10)} (${env.node}, ${env.cpus} × ${env.cpuModel}, ${results.durationSeconds} s):\n\n\`\`\`\n${text}\n\`\`\`\n`;
  writeFileSync(file, doc.slice(0, a) + block + doc.slice(b));
}

/** Part 4 from the fleet children: each read its own peak RSS right after its first full conversion. */
function memoryOf(fleet) {
  if (!fleet.ran) return { ran: false, reason: fleet.reason };
  const runs = Object.fromEntries(Object.entries(fleet.directions).map(([k, d]) => [k, d.peakRssMiB]));
  return {
    ran: true,
    method:
      'process.resourceUsage().maxRSS of a child process that converts one direction of the fleet (Node and the library included)',
    peakRssMiB: runs,
    peakMiB: Math.max(...Object.values(runs)),
  };
}

function row(metric, value, target, pass) {
  return { metric, value, target, pass };
}

function summarise(r) {
  const rows = [];
  const notRun = (metric, target, part) => row(metric, `not run (${part?.reason ?? 'skipped'})`, target, undefined);
  if (r.startup?.ran) {
    const t = r.startup.times;
    const at = (k) =>
      `${r.startup.ratios[k]}× (${t[k].medianMs} ms vs ${t.node.medianMs} ms; CPU ${r.startup.cpuRatios[k]}×)`;
    rows.push(row('start-up --version / node -e 0', at('version'), '≤ 2×', r.startup.ratios.version <= 2));
    rows.push(row('start-up --help / node -e 0', at('help'), '≤ 2×', r.startup.ratios.help <= 2));
    rows.push(row('start-up convert demo / node -e 0', at('demo'), '≤ 4×', r.startup.ratios.demo <= 4));
  } else rows.push(notRun('start-up --version / node -e 0', '≤ 2×', r.startup));
  if (r.render?.ran) {
    const t = r.render.times;
    rows.push(
      row(
        `render ${r.render.rules} rules: text / JSON`,
        `${r.render.textOverJson}× (${t.text.medianMs} ms vs ${t.json.medianMs} ms; CPU ${r.render.textOverJsonCpu}×)`,
        '≤ 1.5×',
        r.render.textOverJson <= 1.5,
      ),
    );
    rows.push(
      row(
        `render ${r.render.rules} rules: Markdown / JSON`,
        `${r.render.markdownOverJson}× (${t.markdown.medianMs} ms)`,
        '',
        undefined,
      ),
    );
    rows.push(
      row(
        `convert ${r.render.rules} random rules with drops (JSON)`,
        `${r.render.jsonSeconds} s (CPU ${r.render.jsonCpuSeconds} s)`,
        '< 10 s',
        r.render.jsonSeconds < 10,
      ),
    );
    rows.push(
      row(
        `convert ${r.render.rules} random rules: peak RSS`,
        `${r.render.peakRssMiB} MiB`,
        '< 1024 MiB',
        r.render.peakRssMiB < 1024,
      ),
    );
  } else rows.push(notRun('render text / JSON', '≤ 1.5×', r.render));
  if (r.flatten?.ran) {
    const f = r.flatten;
    rows.push(
      row(
        `deny flattening ${f.rules} rules, CLI wall`,
        `${f.medianMs} ms (CPU ${f.cpuMedianMs} ms; ${f.rulesOut} rules out, ${f.verdict})`,
        '< 600 ms',
        f.medianMs < 600,
      ),
    );
    rows.push(
      row(
        'deny flattening: peer time / sgbridge time',
        `${f.peerOverSgbridge}× (peer ${f.peerSeconds} s)`,
        '≥ 100×',
        f.peerOverSgbridge >= 100,
      ),
    );
  } else rows.push(notRun('deny flattening', '< 600 ms', r.flatten));
  for (const [name, label] of [
    ['aliyunToAws', 'fleet Aliyun→AWS / floor'],
    ['awsToAliyun', 'fleet AWS→Aliyun / floor'],
  ]) {
    const d = r.fleet?.directions?.[name];
    const partial = d && !d.complete ? `, first ${d.inputs} of ${d.of} responses (time cap)` : '';
    rows.push(
      d
        ? row(
            label,
            `${d.ratio}× (${d.endToEndMs} ms vs ${d.floorMs} ms, ${d.runs.endToEnd} run(s)${partial})`,
            '≤ 5×',
            d.ratio <= 5,
          )
        : notRun(label, '≤ 5×', r.fleet),
    );
    // The same inputs in worker threads (convertEachInParallelToJson), against the same floor.
    const p = d?.parallel;
    if (p)
      rows.push(
        row(
          `${label}, ${p.threads} threads (${p.cores} cores)`,
          `${p.ratio}× (${p.endToEndMs} ms vs ${d.floorMs} ms, ${p.runs} run(s)${partial}${p.sameOutput ? '' : '; OUTPUT DIFFERS'})`,
          '≤ 5×',
          p.ratio <= 5 && p.sameOutput,
        ),
      );
    // Context, no target: end to end against the least a tool pays to read this input and write this output.
    const o = d?.outputFloor;
    if (o)
      rows.push(
        row(
          `${label.replace(' / floor', '')}: output floor (context)`,
          `output floor ${o.overFloor}× the floor (${round(o.outputBytes / 2 ** 20, 0)} MiB out); end to end ${o.ratio}× it, ${o.parallelRatio ?? '–'}× in threads`,
          '',
          undefined,
        ),
      );
  }
  if (r.scaling?.ran) {
    for (const [mode, m] of Object.entries(r.scaling.modes)) {
      const label =
        mode === 'exact' ? 'exact (--expand-protocols), compile + equivalent' : 'default, compile + verdict';
      rows.push(row(`engine exponent, ${label}`, String(m.exponent), '≤ 2', m.exponent <= 2));
      for (const p of m.points) {
        const isTarget = p.n === 1000;
        rows.push(
          row(
            `engine ${mode} n=${p.n} (${p.rulesOut} rules out)`,
            `${p.medianMs} ms`,
            isTarget ? '< 1000 ms' : '',
            isTarget ? p.medianMs < 1000 : undefined,
          ),
        );
      }
      const ok = m.points.every((p) => p.ok);
      rows.push(
        row(
          mode === 'exact' ? 'engine exact results equivalent to source' : 'engine default results never wider',
          String(ok),
          'true',
          ok,
        ),
      );
    }
  } else rows.push(notRun('engine exponent', '≤ 2', r.scaling));
  const partialFleet =
    r.fleet?.ran && Object.values(r.fleet.directions).some((d) => !d.complete)
      ? ' (time cap: part of the Aliyun fleet)'
      : '';
  if (r.memory?.ran)
    rows.push(row('fleet peak RSS', `${r.memory.peakMiB} MiB${partialFleet}`, '< 1024 MiB', r.memory.peakMiB < 1024));
  else rows.push(notRun('fleet peak RSS', '< 1024 MiB', r.memory));
  if (r.shards?.ran) {
    for (const p of r.shards.points) {
      const flags = [
        p.overInterfaceLimit ? 'over 5 per interface' : '',
        p.overInterfaceCapacity ? 'over 1,000 per interface' : '',
      ]
        .filter(Boolean)
        .join(', ');
      rows.push(
        row(
          `split n=${p.n} (${p.rulesOut} AWS rules)`,
          `${p.shards} shards${flags ? ` (${flags})` : ''}, ${p.medianMs} ms`,
          '',
          undefined,
        ),
      );
    }
    const ok = r.shards.points.every((p) => p.ok);
    rows.push(row('split shards within quota, verdict unchanged', String(ok), 'true', ok));
  } else rows.push(notRun('split shards within quota, verdict unchanged', 'true', r.shards));
  if (r.audit?.ran) {
    for (const [mode, label] of [
      ['default', 'audit 2000 pairs × 50 rules'],
      ['assumeDisjoint', 'audit 2000 pairs × 50 rules, --assume-disjoint'],
    ]) {
      const m = r.audit.modes[mode];
      const s = m.summary;
      rows.push(
        row(
          label,
          `${round(m.auditMs / 1000, 1)} s (${m.ratio}× the floor of ${m.floorMs} ms; compare ${round(s.compareMs / 1000, 1)} s; ${s.different} different)`,
          '≤ 10 s',
          m.auditMs <= 10_000,
        ),
      );
      rows.push(row(`${label}, peak RSS`, `${m.peakRssMiB} MiB`, '< 1024 MiB', m.peakRssMiB < 1024));
    }
  } else if (only.includes('audit')) rows.push(notRun('audit 2000 pairs × 50 rules', '≤ 10 s', r.audit));
  if (r.live?.ran) {
    for (const cloud of ['aws', 'aliyun']) {
      const p = r.live[`pull_${cloud}`];
      rows.push(
        row(
          `pull ${cloud} ${r.live.fleet.groups} groups × ${r.live.fleet.rules} rules`,
          `${p.wallMs} ms, ${p.apiCalls} API calls`,
          'all pages',
          p.complete,
        ),
      );
      const a = r.live[`apply_${cloud}`];
      rows.push(
        row(
          `apply ${cloud} ${a.changedRules} rule changes (${a.groups} groups), verified`,
          `${a.wallMs} ms, ${a.apiCalls} API calls`,
          '',
          undefined,
        ),
      );
      rows.push(row(`apply ${cloud} API calls per changed rule`, String(a.apiCallsPerChangedRule), '', undefined));
    }
  } else if (only.includes('live')) rows.push(notRun('live pull / apply', '-', r.live));
  // Rows that are only context (no target) carry pass undefined; keep them, but print them as "-".
  return rows.map((x) => (x.target === '' ? { ...x, target: '-', pass: undefined } : x));
}
