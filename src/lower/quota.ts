/**
 * The target's rule quota, counted once, on the group that is written (or, for plans and changes, on the
 * compiled group). AWS counts per direction and address family, a group or prefix-list reference against
 * both families (it can carry either; the reference leaves this open). Aliyun counts the rules of the group
 * and, apart, its group-reference rules.
 */
import { CAPABILITIES } from '../../tables/capabilities.js';
import type { SecurityGroup } from '../model/group.js';
import type { Direction, ProviderId, Rule } from '../model/rule.js';
import type { Report } from '../report/report.js';

const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

/** `counts[direction.ipv4]` and `counts[direction.ipv6]` of one direction's rules (AWS's quota count). */
export function countRules(rules: readonly Rule[], direction: Direction, counts: Record<string, number>): void {
  let v4 = 0;
  let v6 = 0;
  for (const r of rules) {
    if (r.peer.kind === 'cidr') {
      if (r.peer.cidr.includes(':')) v6++;
      else v4++;
    } else {
      // A group or prefix-list reference can carry either family: it counts against both.
      v4++;
      v6++;
    }
  }
  counts[`${direction}.ipv4`] = v4;
  counts[`${direction}.ipv6`] = v6;
}

/** Counts of every direction: the keys `ingress.ipv4`, `ingress.ipv6`, `egress.ipv4`, `egress.ipv6`. */
export function quotaCounts(group: SecurityGroup): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of DIRECTIONS)
    countRules(
      group.rules.filter((r) => r.direction === d),
      d,
      counts,
    );
  return counts;
}

/** 'ingress.ipv4' → 'IPv4 ingress rules'. */
export function awsQuotaLabel(key: string): string {
  const [direction, family] = key.split('.');
  return `IPv${family?.slice(3)} ${direction} rules`;
}

export interface QuotaOptions {
  /** AWS rules per group, per direction and family (the account's quota; default the table's). */
  readonly rulesPerGroup?: number;
  /**
   * The source's drops were flattened into allows (the target has no deny): an overflow is the price of
   * exactness (`exactness_over_quota`).
   */
  readonly flattenedDenies: boolean;
  /**
   * The group is the target payload itself: every overflow is also `quota_exceeded`. Otherwise (a plan's or
   * a change's compiled group) a flattening overflow is only `exactness_over_quota`.
   */
  readonly written: boolean;
  /** AWS counts already made for this group (a compile result's `counts`), so they are not made twice. */
  readonly counts?: Readonly<Record<string, number>>;
}

export function reportQuota(group: SecurityGroup, to: ProviderId, options: QuotaOptions, report: Report): void {
  const pointer = group.pointer ?? '';
  if (to === 'aliyun') {
    const limits = CAPABILITIES.aliyun.limits;
    const total = group.rules.length;
    if (total > limits.rulesPerEni)
      report.add('quota_exceeded', pointer, { count: total, what: 'rules', to: 'Aliyun', limit: limits.rulesPerEni });
    const refs = group.rules.filter((r) => r.peer.kind === 'group').length;
    if (refs > limits.groupReferenceRules)
      report.add('quota_exceeded', pointer, {
        count: refs,
        what: 'group-reference rules',
        to: 'Aliyun',
        limit: limits.groupReferenceRules,
      });
    return;
  }
  const limit = options.rulesPerGroup ?? CAPABILITIES.aws.limits.rulesPerDirectionPerFamily;
  for (const [what, count] of Object.entries(options.counts ?? quotaCounts(group))) {
    if (count <= limit) continue;
    if (options.flattenedDenies) report.add('exactness_over_quota', pointer, { count, to: 'AWS', limit, what });
    if (options.written || !options.flattenedDenies)
      report.add('quota_exceeded', pointer, { count, what: awsQuotaLabel(what), to: 'AWS', limit });
  }
}
