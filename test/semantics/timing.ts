/**
 * Local timing script (not a test): compile + verify of one Aliyun group of n rules with 30% drops,
 * overlapping CIDRs and port ranges, IPv4 and IPv6. Run: npx tsx test/semantics/timing.ts
 */
import type { SecurityGroup } from '../../src/model/group.js';
import type { Rule } from '../../src/model/rule.js';
import { Report } from '../../src/report/report.js';
import { MODEL_VERSION } from '../../src/model/version.js';
import { compile, equivalent, lint, meaning, verdict } from '../../src/semantics/index.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function syntheticAliyunGroup(n: number, seed = 1): SecurityGroup {
  const r = rng(seed);
  const int = (k: number) => Math.floor(r() * k);
  const rules: Rule[] = [];
  for (let i = 0; i < n; i++) {
    const v6 = r() < 0.3;
    const bits = v6 ? 32 + int(64) : 8 + int(24);
    const cidr = v6 ? `2001:db8:${int(16).toString(16)}:${int(64).toString(16)}::/${Math.max(bits, 48)}` : `10.${int(8)}.${int(32)}.0/${Math.min(bits, 24)}`;
    const from = 1 + int(2000);
    const proto = r() < 0.6 ? 6 : r() < 0.8 ? 17 : 'all';
    rules.push({
      direction: r() < 0.7 ? 'ingress' : 'egress',
      action: r() < 0.3 ? 'deny' : 'allow',
      priority: 1 + int(100),
      protocol: proto,
      ...(proto === 'all' ? {} : { ports: { from, to: from + int(500) } }),
      peer: { kind: 'cidr', cidr: cidr.replace(/\/(\d+)$/, (m) => m) },
      origin: { provider: 'aliyun', pointer: `/Permissions/${i}` },
    });
  }
  return { modelVersion: MODEL_VERSION, provider: 'aliyun', id: 'sg-bench', type: 'normal', innerAccessPolicy: 'drop', rules };
}

if (process.env.STATS) {
  const { evaluateLists } = await import('../../src/semantics/meaning.js');
  const { evaluationList } = await import('../../src/semantics/rules.js');
  const g = syntheticAliyunGroup(Number(process.env.STATS));
  for (const d of ['ingress', 'egress'] as const) {
    const ev = evaluateLists([evaluationList(g, d)]);
    console.log(d, 'leaves', ev.leaves.length, 'distinct', new Set(ev.leaves.map((l) => l.results[0])).size, 'N', ev.universe.size);
  }
}
const sizes = process.env.N ? [Number(process.env.N)] : [125, 250, 500, 1000, 2000];
for (const n of sizes) {
  const g = syntheticAliyunGroup(n);
  const t0 = performance.now();
  const report = new Report();
  const out = compile(g, { target: 'aws', targetGroupId: 'sg-bench', report });
  const t1 = performance.now();
  meaning(g);
  meaning(out.group);
  const ok = equivalent(g, out.group);
  const t2 = performance.now();
  lint(g, new Report());
  const t3 = performance.now();
  const v = verdict(g, out.group);
  const t4 = performance.now();
  console.log(`n=${n} compile ${(t1 - t0).toFixed(0)} ms, verify ${(t2 - t1).toFixed(0)} ms, lint ${(t3 - t2).toFixed(0)} ms, verdict ${(t4 - t3).toFixed(0)} ms (${v}), rules out ${out.group.rules.length}, equivalent ${ok}`);
}
