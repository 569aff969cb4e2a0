/**
 * Part 2: how the engine's cost grows with the size of one group. For each n, compile an Aliyun group of n
 * rules (30% drops) to AWS and check the result against the source: the work a conversion does per group. Time per n is the median of several runs after a warm-up; the exponent is fitted over all n.
 */
import { performance } from 'node:perf_hooks';
import { canonicalGroup } from '../generate.mjs';
import { collectGarbage, fittedExponent, median, round } from '../harness.mjs';
import { missing } from '../lib.mjs';

export const SCALING_SIZES = [125, 250, 500, 1000, 2000];
export const SCALING_SEED = 7;

function runsFor(n) {
  return n >= 2000 ? 3 : n >= 1000 ? 5 : 7;
}

/**
 * Two modes per n. `exact`: every protocol number written (expandProtocols), then `equivalent(source,
 * compiled)` must hold: the engine's heaviest exact work. `default`: what `convert` does (an "all protocols"
 * allow cut by a drop keeps the protocols AWS names), then `verdict(source, compiled)`, which must never be
 * wider.
 */
/**
 * Whether a diff differs only by packets that are not traffic: the compiler does not write ICMP rules for IPv6
 * peers or ICMPv6 rules for IPv4 peers (they can never match), which the engine's own `equivalent` still
 * counts. The same test as src/convert/not-traffic.ts (onlyFamilyMismatch), on the diff's regions.
 */
function onlyNotTraffic(d) {
  const v4 = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;
  const v6 = /^[0-9a-f:]*:[0-9a-f:]*\/\d{1,3}$/i;
  const mismatch = (r) =>
    r.protocols === undefined &&
    r.peers.length > 0 &&
    ((r.protocol === 1 && r.peers.every((p) => v6.test(p))) || (r.protocol === 58 && r.peers.every((p) => v4.test(p))));
  return d.onlyB.length === 0 && !d.omittedA && d.onlyA.every(mismatch);
}

export function benchScaling(lib, { sizes = SCALING_SIZES } = {}) {
  const absent = missing(lib, ['compile', 'equivalent', 'verdict', 'diff', 'Report']);
  if (absent.length) return { ran: false, reason: `not in the build: ${absent.join(', ')}` };
  const modes = {};
  for (const mode of ['exact', 'default']) {
    const points = [];
    for (const n of sizes) {
      const group = canonicalGroup(n, {
        seed: SCALING_SEED,
        modelVersion: lib.MODEL_VERSION ?? 1,
        id: `sg-scale-${n}`,
      });
      const once = () => {
        const report = new lib.Report();
        const t0 = performance.now();
        const compiled = lib.compile(group, {
          target: 'aws',
          targetGroupId: group.id,
          report,
          expandProtocols: mode === 'exact',
        });
        const t1 = performance.now();
        const check =
          mode === 'exact'
            ? lib.equivalent(group, compiled.group)
              ? 'exact'
              : 'not equivalent'
            : lib.verdict(group, compiled.group);
        const t2 = performance.now();
        return {
          compileMs: t1 - t0,
          checkMs: t2 - t1,
          totalMs: t2 - t0,
          rulesOut: compiled.group.rules.length,
          check,
          findings: report.findings.length,
          compiled: compiled.group,
        };
      };
      once(); // warm-up
      const samples = [];
      for (let i = 0; i < runsFor(n); i++) {
        collectGarbage();
        samples.push(once());
      }
      const last = samples[samples.length - 1];
      points.push({
        n,
        runs: samples.length,
        medianMs: round(median(samples.map((s) => s.totalMs)), 3),
        compileMs: round(median(samples.map((s) => s.compileMs)), 3),
        checkMs: round(median(samples.map((s) => s.checkMs)), 3),
        samplesMs: samples.map((s) => round(s.totalMs, 3)),
        rulesIn: n,
        denyRulesIn: group.rules.filter((r) => r.action === 'deny').length,
        rulesOut: last.rulesOut,
        verdict:
          last.check === 'not equivalent' && onlyNotTraffic(lib.diff(group, last.compiled, { maxRegions: 1e6 }))
            ? 'exact but for packets that are not traffic'
            : last.check,
        ok:
          mode === 'exact'
            ? last.check === 'exact' || onlyNotTraffic(lib.diff(group, last.compiled, { maxRegions: 1e6 }))
            : last.check === 'exact' || last.check === 'narrower',
        findings: last.findings,
      });
    }
    const exponent = fittedExponent(
      points.map((p) => p.n),
      points.map((p) => p.medianMs),
    );
    modes[mode] = { points, exponent: round(exponent, 3) };
  }
  return { ran: true, seed: SCALING_SEED, target: 'aws', modes };
}
