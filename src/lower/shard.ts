/**
 * Sharding an over-quota AWS result (`--split-over-quota`). AWS evaluates every security group attached to a
 * network interface as one union of allows, so an allow-only group can be split into groups ("shards") that
 * are always attached together, and their union means exactly what the one group meant.
 *
 * Counting follows AWS's quota, per direction and address family: an IPv4 CIDR rule counts against IPv4, an
 * IPv6 one against IPv6, and a group or prefix-list reference against both (see quota.ts countRules).
 * Per direction, with R references and V4 / V6 CIDR rules, a shard holds at most L of each family, so
 * ceil((R + max(V4, V6)) / L) shards are needed and enough: references fill the shards first, then each
 * family fills its own free slots in order. The shard count is the larger of the two directions'.
 *
 * Capacity on the interface (reference: "Rules × SGs-per-ENI ≤ 1,000", 5 groups per interface by default, 16 on
 * request): the shards need `count` groups per interface, and no quota setting lets more than 1,000 rules of
 * one direction and family reach an interface.
 */
import { createHash } from 'node:crypto';
import { awsCapabilities } from '../../tables/capabilities.js';
import { TranslateError } from '../errors.js';
import type { SecurityGroup } from '../model/group.js';
import type { Direction, Rule } from '../model/rule.js';
import type { Report } from '../report/report.js';
import { countRules } from './quota.js';

export interface ShardLimits {
  /** Rules per group, per direction and address family (AWS default 60; raised quotas may be higher). */
  readonly rulesPerGroup: number;
  /** Security groups per network interface (AWS default 5, up to 16 on request). */
  readonly groupsPerInterface: number;
}

export const DEFAULT_SHARD_LIMITS: ShardLimits = {
  rulesPerGroup: awsCapabilities.limits.rulesPerDirectionPerFamily,
  groupsPerInterface: awsCapabilities.limits.groupsPerInterface,
};

/** Check user-given limits against what AWS can grant; bad ones are usage errors. */
export function shardLimits(rulesPerGroup: number | undefined, groupsPerInterface: number | undefined): ShardLimits {
  const limits = {
    rulesPerGroup: rulesPerGroup ?? DEFAULT_SHARD_LIMITS.rulesPerGroup,
    groupsPerInterface: groupsPerInterface ?? DEFAULT_SHARD_LIMITS.groupsPerInterface,
  };
  const { maxGroupsPerInterface, rulesPerInterface } = awsCapabilities.limits;
  if (limits.groupsPerInterface > maxGroupsPerInterface) {
    throw new TranslateError(
      'usage',
      `--max-groups-per-interface ${limits.groupsPerInterface} is over AWS's maximum of ${maxGroupsPerInterface} security groups per network interface`,
    );
  }
  if (limits.rulesPerGroup * limits.groupsPerInterface > rulesPerInterface) {
    throw new TranslateError(
      'usage',
      `--rules-per-group ${limits.rulesPerGroup} × --max-groups-per-interface ${limits.groupsPerInterface} = ${limits.rulesPerGroup * limits.groupsPerInterface}: AWS allows at most ${rulesPerInterface} (rules per group × groups per interface)`,
    );
  }
  return limits;
}

type Slot = 'ref' | 4 | 6;

function slotOf(rule: Rule): Slot {
  if (rule.peer.kind !== 'cidr') return 'ref';
  return rule.peer.cidr.includes(':') ? 6 : 4;
}

/**
 * The rules a direction needs per shard: AWS's quota count of its fuller family (quota.ts countRules,
 * where a reference counts in both), i.e. references + max(IPv4, IPv6) CIDR rules.
 */
function demand(rules: readonly Rule[], direction: Direction): number {
  const counts: Record<string, number> = {};
  countRules(
    rules.filter((r) => r.direction === direction),
    direction,
    counts,
  );
  return Math.max(counts[`${direction}.ipv4`]!, counts[`${direction}.ipv6`]!);
}

/** A stable placeholder ID for shard `n` of the group with ID `firstId`. */
export function shardId(firstId: string, n: number): string {
  return `sg-sgbridge-${createHash('sha256').update(`${firstId}#shard-${n}`).digest('hex').slice(0, 10)}`;
}

/** Which shard each rule goes to (module comment): references first, then each family in its own free slots. */
function assign(rules: readonly Rule[], count: number, limit: number): number[] {
  const shardOf = new Array<number>(rules.length).fill(0);
  for (const direction of ['ingress', 'egress'] as const) {
    const free4 = new Array<number>(count).fill(limit);
    const free6 = new Array<number>(count).fill(limit);
    const place = (slot: Slot) => {
      let at = 0;
      rules.forEach((r, i) => {
        if (r.direction !== direction || slotOf(r) !== slot) return;
        while ((slot !== 6 && free4[at] === 0) || (slot !== 4 && free6[at] === 0)) at++;
        if (slot !== 6) free4[at]!--;
        if (slot !== 4) free6[at]!--;
        shardOf[i] = at;
      });
    };
    place('ref');
    place(4);
    place(6);
  }
  return shardOf;
}

/**
 * The shards of an AWS group over its rule quota, in order (the first keeps the group's ID and name; the
 * others get stable placeholder IDs and `<name>-2`, … and every shard is tagged with the first shard's ID),
 * or `[group]` when it fits. Findings: the split, the groups per interface it needs, and the case where no
 * quota setting can fit it.
 */
export function shardGroup(group: SecurityGroup, limits: ShardLimits, report: Report): SecurityGroup[] {
  const pointer = group.pointer ?? '';
  const perDirection = (['ingress', 'egress'] as const).map((d) => ({ direction: d, need: demand(group.rules, d) }));
  const worst = perDirection.reduce((a, b) => (b.need > a.need ? b : a));
  const count = Math.max(1, ...perDirection.map((d) => Math.ceil(d.need / limits.rulesPerGroup)));
  const { maxGroupsPerInterface, rulesPerInterface } = awsCapabilities.limits;
  if (worst.need > rulesPerInterface) {
    report.add('interface_capacity_exceeded', pointer, {
      count: worst.need,
      direction: worst.direction,
      limit: rulesPerInterface,
    });
  }
  if (count === 1) return [group];
  const firstId = group.id ?? 'sg-sgbridge-shard';
  const ids = Array.from({ length: count }, (_, i) => (i === 0 ? firstId : shardId(firstId, i + 1)));
  const shardOf = assign(group.rules, count, limits.rulesPerGroup);
  const shards = ids.map((id, i) => {
    const tags = [
      ...(group.tags ?? []),
      { key: 'sgbridge:shard-of', value: firstId },
      { key: 'sgbridge:shard', value: `${i + 1}/${count}` },
    ];
    const name = group.name ?? group.id ?? 'sgbridge-group';
    return {
      ...group,
      id,
      name: i === 0 ? name : `${name}-${i + 1}`,
      tags,
      rules: group.rules.filter((_, r) => shardOf[r] === i),
    } satisfies SecurityGroup;
  });
  report.add('split_over_quota', pointer, {
    rules: group.rules.length,
    count: worst.need,
    what: `${worst.direction} rules of one address family (references count in both)`,
    limit: limits.rulesPerGroup,
    shards: count,
    ids: ids.join(', '),
    groups: limits.groupsPerInterface,
    max: maxGroupsPerInterface,
  });
  if (count > limits.groupsPerInterface) {
    report.add('shards_over_interface_limit', pointer, {
      shards: count,
      limit: limits.groupsPerInterface,
      max: maxGroupsPerInterface,
      rules: limits.rulesPerGroup,
    });
  }
  return shards;
}

/** The union of the shards as one group (what the verdict is proven on: AWS's meaning for attached groups). */
export function unionOfShards(shards: readonly SecurityGroup[]): SecurityGroup {
  return { ...shards[0]!, rules: shards.flatMap((s) => s.rules) };
}
