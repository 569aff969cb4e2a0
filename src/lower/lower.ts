/**
 * Lowering a group for a target cloud: everything that decides what the target can hold and what is lost.
 * The target's capability table (tables/capabilities.ts) drives each decision; every loss is a finding at the
 * pointer of the field that held the value.
 *
 * 1. Rule conditions (conditions.ts, called by the engine's compile for each rule): source ports, local
 *    addresses, NIC types, port lists, ICMP types, port 0 and protocols the target lacks are left out,
 *    widened on request, or make a drop drop more. The compile itself is set algebra on the meaning.
 * 2. Group-level losses of the compile (deny flattening, priorities) and the rule quota, counted once.
 * 3. Fields (group-fields.ts, rule-fields.ts): descriptions carried to the rules cut from a source rule;
 *    group and rule fields the target has no counterpart for reported (`field_not_translated`).
 * 4. Splitting an over-quota AWS result into shards attached together (shard.ts), on request.
 * 5. Fitting each written group to a payload shape (fit.ts), after which the writers only format.
 */
import { CAPABILITIES } from '../../tables/capabilities.js';
import type { SecurityGroup } from '../model/group.js';
import type { ProviderId } from '../model/rule.js';
import type { Report } from '../report/report.js';
import type { CompileOptions, CompileResult } from '../semantics/api.js';
import { compile } from '../semantics/index.js';
import type { FieldLocator } from '../convert/locators.js';
import { carryGroupFields } from './group-fields.js';
import { reportQuota } from './quota.js';
import { carryRuleDescriptions, reportUncarriedRuleFields } from './rule-fields.js';
import { shardGroup, type ShardLimits } from './shard.js';

export interface CompileForTargetOptions extends CompileOptions {
  /**
   * The compiled group is the target payload itself (convert): an overflow is reported `quota_exceeded`
   * even when it is the price of flattening drops. False (the default) for the compiled groups plans and
   * changes use.
   */
  readonly written?: boolean;
}

/** True when the source's drops must become allow-only rules: the target has no deny. */
export function flattensDenies(source: SecurityGroup, to: ProviderId): boolean {
  const holdsDeny = (p: ProviderId) => (CAPABILITIES[p].actions as readonly string[]).includes('deny');
  return holdsDeny(source.provider) && !holdsDeny(to) && source.rules.some((r) => r.action === 'deny');
}

/**
 * The engine's compile for the target, with the group-level losses it implies and the quota of its result.
 * A group copied within a cloud is counted too, as every written group is: its source need not be one the
 * cloud accepted (a file, a configuration, an older account's limits), and a copy may hold more rules than
 * its source (a drop whose peer cannot be written becomes one drop per address family).
 */
export function compileForTarget(source: SecurityGroup, options: CompileForTargetOptions): CompileResult {
  const { report } = options;
  const compiled = compile(source, options);
  const pointer = source.pointer ?? '';
  const from = CAPABILITIES[source.provider];
  const to = CAPABILITIES[options.target];
  const flattened = flattensDenies(source, options.target);
  if (flattened) report.add('deny_flattened', pointer, { rules: compiled.group.rules.length });
  if (from.priorities !== null && to.priorities === null) {
    const fallback = from.priorities.default;
    if (new Set(source.rules.map((r) => r.priority ?? fallback)).size > 1) report.add('priority_dropped', pointer, {});
  }
  if (options.splitOverQuota !== true) {
    reportQuota(
      compiled.group,
      options.target,
      {
        rulesPerGroup: options.rulesPerGroup,
        flattenedDenies: flattened,
        written: options.written === true,
        counts: compiled.counts,
      },
      report,
    );
  }
  return compiled;
}

export interface LowerContext {
  readonly to: ProviderId;
  readonly targetId: string;
  readonly region: string | undefined;
  readonly locate: FieldLocator;
  readonly report: Report;
  /** Split an over-quota AWS result into shards (`--split-over-quota`) within these limits. */
  readonly split?: ShardLimits;
}

/**
 * The compiled group given the source's group fields and descriptions, with what the target cannot carry
 * reported, and split into shards when asked (one group otherwise). `renamed` is the source with the
 * mapping applied (what the verdict compares with).
 */
export function lowerCompiled(
  source: SecurityGroup,
  renamed: SecurityGroup,
  compiled: SecurityGroup,
  ctx: LowerContext,
): { target: SecurityGroup; shards: SecurityGroup[] } {
  const { to, report } = ctx;
  const target = carryGroupFields(source, carryRuleDescriptions(renamed, compiled), {
    to,
    targetId: ctx.targetId,
    region: ctx.region,
    locate: ctx.locate,
    report,
  });
  reportUncarriedRuleFields(renamed, target, to, ctx.locate, report);
  const shards = ctx.split !== undefined && to === 'aws' ? shardGroup(target, ctx.split, report) : [target];
  return { target, shards };
}
