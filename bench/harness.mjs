/**
 * Timing: a warm-up, then the median of k runs, with a full GC before each run (node --expose-gc) so one
 * run's garbage is not billed to the next. Ratios are taken from timings of the same process and run.
 */
import { performance } from 'node:perf_hooks';

export function collectGarbage() {
  if (typeof globalThis.gc === 'function') globalThis.gc();
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Interleaved timing of several functions (a, b, a, b, …) so drift of a shared machine hits all of them
 * alike; used where a ratio is the figure.
 */
export function measureInterleaved(fns, { warmup = 1, runs = 5 } = {}) {
  const names = Object.keys(fns);
  const values = {};
  for (let i = 0; i < warmup; i++) for (const n of names) values[n] = fns[n]();
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < runs; i++) {
    for (const n of names) {
      collectGarbage();
      const t0 = performance.now();
      values[n] = fns[n]();
      samples[n].push(performance.now() - t0);
    }
  }
  return Object.fromEntries(
    names.map((n) => [
      n,
      { medianMs: median(samples[n]), samplesMs: samples[n].map((x) => round(x, 3)), value: values[n] },
    ]),
  );
}

/** Least-squares slope of log(y) against log(x): the exponent k in y ≈ c·x^k. */
export function fittedExponent(xs, ys) {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < lx.length; i++) {
    num += (lx[i] - mx) * (ly[i] - my);
    den += (lx[i] - mx) ** 2;
  }
  return num / den;
}

export function round(x, digits = 2) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A plain-text table; `rows` are arrays of cells, the first row is the header. */
export function formatTable(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  const line = (r) =>
    r
      .map((cell, c) => String(cell ?? '').padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
