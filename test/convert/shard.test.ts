/**
 * --split-over-quota: an over-quota AWS result becomes the fewest groups within the quota, attached together,
 * whose union means exactly the unsplit result (AWS evaluates all groups of an interface as one union).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { aliyunFleet } from '../../bench/generate.mjs';
import { convert, convertDetailed } from '../../src/convert/convert.js';
import { emitIac } from '../../src/convert/emit-iac.js';
import { shardGroup, shardLimits, DEFAULT_SHARD_LIMITS } from '../../src/lower/shard.js';
import type { SecurityGroup } from '../../src/model/group.js';
import { MODEL_VERSION } from '../../src/model/version.js';
import { Report } from '../../src/report/report.js';
import { equivalent } from '../../src/semantics/index.js';
import { EXAMPLES } from './helpers.js';

const text = (name: string) => readFileSync(path.join(EXAMPLES, name), 'utf8');

interface NativePermission {
  IpRanges?: unknown[];
  Ipv6Ranges?: unknown[];
  UserIdGroupPairs?: unknown[];
  PrefixListIds?: unknown[];
}

/** AWS's quota count of a native group per direction and family (a reference counts against both). */
function quotaCounts(native: Record<string, unknown>): number[] {
  const count = (perms: NativePermission[], family: 4 | 6) =>
    perms.reduce(
      (n, p) =>
        n +
        (family === 4 ? (p.IpRanges ?? []).length : (p.Ipv6Ranges ?? []).length) +
        (p.UserIdGroupPairs ?? []).length +
        (p.PrefixListIds ?? []).length,
      0,
    );
  const ingress = native['IpPermissions'] as NativePermission[];
  const egress = native['IpPermissionsEgress'] as NativePermission[];
  return [count(ingress, 4), count(ingress, 6), count(egress, 4), count(egress, 6)];
}

describe('split over quota', () => {
  test('a web tier with a blocklist becomes 3 groups within the quota, exact, tagged as one set', () => {
    const detail = convertDetailed(text('aliyun-web-tier-blocklist.json'), { to: 'aws', splitOverQuota: true });
    const g = detail.result.groups[0]!;
    expect(g.verdict).toBe('exact');
    expect(g.targets).toHaveLength(3);
    expect(g.target).toBe(g.targets![0]);
    for (const shard of g.targets!) for (const n of quotaCounts(shard)) expect(n).toBeLessThanOrEqual(60);
    expect(g.targets!.map((t) => t['GroupName'])).toEqual([
      'web-tier-blocklist',
      'web-tier-blocklist-2',
      'web-tier-blocklist-3',
    ]);
    const first = g.targets![0]!['GroupId'];
    for (const [i, t] of g.targets!.entries()) {
      expect(t['Tags']).toEqual([
        { Key: 'sgbridge:shard-of', Value: first },
        { Key: 'sgbridge:shard', Value: `${i + 1}/3` },
      ]);
    }
    const split = g.findings.find((f) => f.code === 'split_over_quota')!;
    expect(split.message).toContain('split into 3 groups');
    expect(g.findings.map((f) => f.code)).not.toContain('quota_exceeded');
    // The union of the shards means exactly what the one over-quota group meant.
    const whole = convertDetailed(text('aliyun-web-tier-blocklist.json'), { to: 'aws' });
    expect(whole.result.groups[0]!.findings.map((f) => f.code)).toContain('exactness_over_quota');
    expect(equivalent(detail.canonical[0]!.target, whole.canonical[0]!.target)).toBe(true);
  });

  test('requests are emitted for every shard, in order', () => {
    const g = convert(text('aliyun-web-tier-blocklist.json'), { to: 'aws', splitOverQuota: true, emit: 'request' })
      .groups[0]!;
    const ids = g.targets!.map((t) => t['GroupId']);
    const ingress = g
      .requests!.filter((r) => r.action === 'AuthorizeSecurityGroupIngress')
      .map((r) => r.request['GroupId']);
    expect(ingress).toEqual(ids);
  });

  test('a group within the quota is unchanged by the option', () => {
    const plain = convert(text('aliyun-web-tier.json'), { to: 'aws' });
    const split = convert(text('aliyun-web-tier.json'), { to: 'aws', splitOverQuota: true });
    expect(split).toEqual(plain);
    expect(split.groups[0]!.targets).toBeUndefined();
  });

  test('a long blocklist needs more groups per interface than the default 5: the finding gives the numbers', () => {
    const g = convert(text('aliyun-web-tier-long-blocklist.json'), { to: 'aws', splitOverQuota: true }).groups[0]!;
    expect(g.verdict).toBe('exact');
    expect(g.targets).toHaveLength(11);
    const over = g.findings.find((f) => f.code === 'shards_over_interface_limit')!;
    expect(over.message).toBe('11 groups per network interface are needed, over the limit of 5');
    // With raised quotas (100 rules per group × 10 groups) it fits in fewer shards.
    const raised = convert(text('aliyun-web-tier-long-blocklist.json'), {
      to: 'aws',
      splitOverQuota: true,
      rulesPerGroup: 100,
      maxGroupsPerInterface: 10,
    }).groups[0]!;
    expect(raised.targets).toHaveLength(7);
    expect(raised.findings.map((f) => f.code)).not.toContain('shards_over_interface_limit');
    for (const shard of raised.targets!) for (const n of quotaCounts(shard)) expect(n).toBeLessThanOrEqual(100);
  });

  test('more than 1,000 rules of one direction and family cannot reach an interface at any quota', () => {
    const rules = Array.from({ length: 1001 }, (_, i) => ({
      direction: 'ingress' as const,
      action: 'allow' as const,
      protocol: 6,
      ports: { from: 443, to: 443 },
      peer: { kind: 'cidr' as const, cidr: `10.${i >> 8}.${i & 255}.0/24` },
    }));
    const group: SecurityGroup = {
      modelVersion: MODEL_VERSION,
      provider: 'aws',
      id: 'sg-big',
      name: 'big',
      pointer: '',
      rules,
    };
    const report = new Report();
    const shards = shardGroup(group, DEFAULT_SHARD_LIMITS, report);
    expect(shards).toHaveLength(17);
    expect(report.findings.find((f) => f.code === 'interface_capacity_exceeded')?.message).toBe(
      '1001 ingress rules of one address family cannot reach one network interface: AWS allows at most 1000 across all its groups, whatever the quotas',
    );
  });

  test('limits an account cannot have are usage errors', () => {
    expect(() => shardLimits(100, 16)).toThrow(/1000/);
    expect(() => shardLimits(60, 17)).toThrow(/maximum of 16/);
    expect(shardLimits(undefined, undefined)).toEqual(DEFAULT_SHARD_LIMITS);
  });

  test('property: for generated Aliyun groups the union of shards equals the unsplit result, each shard within quota, and no fewer shards could do', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 10, max: 120 }), (seed, size) => {
        const [source] = aliyunFleet({ groups: 1, rules: size, seed });
        const input = JSON.stringify(source);
        const split = convertDetailed(input, { to: 'aws', splitOverQuota: true });
        const whole = convertDetailed(input, { to: 'aws' });
        expect(split.result.groups[0]!.verdict).toBe(whole.result.groups[0]!.verdict);
        expect(equivalent(split.canonical[0]!.target, whole.canonical[0]!.target)).toBe(true);
        const natives = split.result.groups[0]!.targets ?? [split.result.groups[0]!.target];
        const counts = natives.map(quotaCounts);
        for (const c of counts) for (const n of c) expect(n).toBeLessThanOrEqual(60);
        // Fewest: one shard less would leave some direction short of room (references count in both families).
        const rules = whole.canonical[0]!.target.rules;
        const need = (['ingress', 'egress'] as const).map((d) => {
          const mine = rules.filter((r) => r.direction === d);
          const refs = mine.filter((r) => r.peer.kind !== 'cidr').length;
          const v6 = mine.filter((r) => r.peer.kind === 'cidr' && r.peer.cidr.includes(':')).length;
          return refs + Math.max(mine.length - refs - v6, v6);
        });
        expect(natives.length).toBe(Math.max(1, ...need.map((n) => Math.ceil(n / 60))));
      }),
      { numRuns: 25 },
    );
  });
});

describe('split over quota, as provisioning code', () => {
  test.each(['terraform', 'terraform-json', 'cloudformation'] as const)(
    '--emit %s writes every shard, and the union read back is proven exact',
    (format) => {
      const detail = convertDetailed(text('aliyun-web-tier-blocklist.json'), { to: 'aws', splitOverQuota: true });
      const out = emitIac(detail, format);
      expect(out.result.groups[0]!.verdict).toBe('exact');
      if (format === 'terraform') expect(out.text.match(/^resource "aws_security_group" /gm)).toHaveLength(3);
      // Every shard is written with its tag; the verdict above is proven on the union of the shards read back.
      for (const n of ['1/3', '2/3', '3/3']) expect(out.text).toContain(n);
    },
  );
});
