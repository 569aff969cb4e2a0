/**
 * Part 5: fitting the AWS quota (`--split-over-quota`). For Aliyun groups of n rules (the scaling part's
 * generator: 30% drops, as a model document), convert to AWS with the split: the rules of the exact result, the shards
 * they need, the groups per interface that asks for, and the time of the whole conversion (median of 3 after
 * a warm-up). Every shard must be within the quota and the verdict the same as without the split.
 */
import { performance } from 'node:perf_hooks';
import { canonicalGroup } from '../generate.mjs';
import { median, round } from '../harness.mjs';
import { missing } from '../lib.mjs';

export const SHARD_SIZES = [125, 250, 500, 1000];
const SEED = 11;

function quotaCounts(native) {
  const count = (perms, family) =>
    perms.reduce(
      (n, p) =>
        n +
        (family === 4 ? (p.IpRanges ?? []).length : (p.Ipv6Ranges ?? []).length) +
        (p.UserIdGroupPairs ?? []).length +
        (p.PrefixListIds ?? []).length,
      0,
    );
  return [
    count(native.IpPermissions, 4),
    count(native.IpPermissions, 6),
    count(native.IpPermissionsEgress, 4),
    count(native.IpPermissionsEgress, 6),
  ];
}

export function benchShards(lib, { sizes = SHARD_SIZES } = {}) {
  const absent = missing(lib, ['convert']);
  if (absent.length) return { ran: false, reason: `not in the build: ${absent.join(', ')}` };
  const points = [];
  for (const n of sizes) {
    const modelVersion = lib.MODEL_VERSION ?? 1;
    const group = canonicalGroup(n, { seed: SEED, modelVersion, id: `sg-shard-${n}` });
    const input = JSON.stringify({ modelVersion, groups: [group] });
    const once = () => {
      const t0 = performance.now();
      const result = lib.convert(input, { to: 'aws', splitOverQuota: true });
      return { ms: performance.now() - t0, g: result.groups[0] };
    };
    once();
    const runs = [once(), once(), once()];
    const { g } = runs[0];
    const shards = g.targets ?? [g.target];
    const plain = lib.convert(input, { to: 'aws' }).groups[0];
    const withinQuota = shards.every((s) => quotaCounts(s).every((c) => c <= 60));
    const rules = shards.reduce(
      (sum, s) => sum + quotaCounts(s)[0] + quotaCounts(s)[1] + quotaCounts(s)[2] + quotaCounts(s)[3],
      0,
    );
    points.push({
      n,
      rulesOut: rules,
      shards: shards.length,
      overInterfaceLimit: g.findings.some((f) => f.code === 'shards_over_interface_limit'),
      overInterfaceCapacity: g.findings.some((f) => f.code === 'interface_capacity_exceeded'),
      medianMs: round(median(runs.map((r) => r.ms)), 1),
      ok: withinQuota && g.verdict === plain.verdict,
    });
  }
  return { ran: true, points };
}
