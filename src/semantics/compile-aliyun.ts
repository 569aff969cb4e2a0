/**
 * Compile an AWS (allow-only) group to Aliyun: accept rules at priority 1 (order never matters for a union
 * of allows), plus the defaults Aliyun needs so the target allows no more than the source:
 * - a basic group accepts all egress by default: unless the source egress allows everything, a drop-all
 *   egress (0.0.0.0/0 and ::/0, protocol ALL) at the lowest priority is added;
 * - members of a basic group reach each other unless InnerAccessPolicy is drop: it is accept only when the
 *   source has an all-traffic ingress self-reference and its egress reaches members for all traffic.
 * Aliyun cannot write a rule that references its own group (`selfReference` false in its capability table):
 * such a rule becomes the inner-access policy where the meaning allows it, else it is left out. ICMP types,
 * port 0 and protocols Aliyun lacks are decided by the lowering stage (src/lower/conditions.ts): left out
 * (narrower) unless allowWidening keeps a wider form (`widened_on_request`); the quota is counted there too.
 */
import type { SecurityGroup } from '../model/group.js';
import type { Direction, Rule } from '../model/rule.js';
import { CAPABILITIES } from '../../tables/capabilities.js';
import { lowerAllowMatch } from '../lower/conditions.js';
import type { CompileOptions, CompileResult } from './api.js';
import { mergeTouchingRules, partition, placeRules, runsHas, Universe, type CellRule } from './cells.js';
import { NeverMatching } from './compile-aws.js';
import { countRules } from '../lower/quota.js';
import { DIRECTIONS } from './meaning.js';
import { atomOfPeer, evaluationList, rulePointer } from './rules.js';
import { cidrToInterval, FAMILY_MAX, IntervalSet, type Family, type Interval } from '../address/index.js';

const ALIYUN = CAPABILITIES.aliyun;
const LOWEST_PRIORITY = ALIYUN.priorities.max;
const HIGHEST_PRIORITY = ALIYUN.priorities.default;

function isAllTraffic(rule: Rule): boolean {
  return rule.protocol === 'all' && rule.sourcePorts === undefined && rule.local === undefined;
}

/** The rules of one direction placed in their universe (what evaluateLists does before the partition). */
function placedList(
  source: SecurityGroup,
  direction: Direction,
  extraAtoms: readonly string[] = [],
): { universe: Universe; placed: CellRule[] } {
  const lists = [evaluationList(source, direction)];
  const universe = new Universe(lists, extraAtoms);
  return { universe, placed: placeRules(universe, lists) };
}

/** The allowed runs of every cell (as evaluateLists without deciders gives them). */
function cellRuns(universe: Universe, placed: readonly CellRule[]): (readonly number[])[] {
  return partition(universe, mergeTouchingRules(placed), 1, false).map((l) => l.results[0]!.runs);
}

/** True when the peer ranges of `rules`, together, hold every index of [lo, hi]. */
function rangesCover(rules: readonly CellRule[], lo: number, hi: number): boolean {
  const ranges = rules.filter((r) => r.b >= lo).sort((x, y) => x.a - y.a);
  let reach = lo - 1;
  for (const r of ranges) {
    if (r.a > reach + 1) break;
    if (r.b > reach) reach = r.b;
  }
  return reach >= hi;
}

/*
 * Both checks below are first answered from the rules' peer ranges, without the partition when they can be:
 * - a cell allows only indexes some allow rule names, or every index by the closure when those cover every
 *   address; so when the allow rules together miss what is asked, no cell allows it (most groups have no
 *   ::/0 egress, nor an egress rule to their own members);
 * - an allow rule over the whole box met before any deny decides what it names in every cell, as an allow;
 *   so what such rules together name, every cell allows (an all-traffic self-reference, say).
 */

function allowRules(placed: readonly CellRule[]): CellRule[] {
  return placed.filter((r) => r.allow);
}

/** The allow rules over the whole non-peer box that come before any deny (in evaluation order). */
function leadingWholeBoxAllows(placed: readonly CellRule[]): CellRule[] {
  const out: CellRule[] = [];
  for (const r of placed) {
    if (!r.allow) break;
    if (r.cut === 0) out.push(r);
  }
  return out;
}

/**
 * Whether the CIDRs of the direction's accepts together hold every IPv4 and every IPv6 address. Read from the
 * rules themselves, before any universe is built: without that, no allow rules' peer ranges cover every
 * address (accepts the evaluation leaves out only make this union larger), which both checks below need
 * unless an accept names the group's own members.
 */
function acceptsCoverEveryAddress(source: SecurityGroup, direction: Direction): boolean {
  const ranges: Record<4 | 6, Interval[]> = { 4: [], 6: [] };
  for (const r of source.rules) {
    if (r.direction !== direction || r.action !== 'allow' || r.peer.kind !== 'cidr') continue;
    const c = cidrToInterval(r.peer.cidr);
    if (c !== undefined) ranges[c.family].push(c);
  }
  return holdsEveryAddress(ranges[6], 6) && holdsEveryAddress(ranges[4], 4);
}

function holdsEveryAddress(ranges: readonly Interval[], family: Family): boolean {
  // Most groups fail at once: nothing holds the family's first or last address (no sort needed to see it).
  if (!ranges.some((r) => r.lo === 0n) || !ranges.some((r) => r.hi === FAMILY_MAX[family])) return false;
  return IntervalSet.of(ranges).isFull(family);
}

/** True when every cell of the direction allows every address (and so, by closure, every member). */
function allowsEverything(source: SecurityGroup, direction: Direction): boolean {
  if (!acceptsCoverEveryAddress(source, direction)) return false;
  const { universe, placed } = placedList(source, direction);
  const last = universe.nAddr - 1;
  if (!rangesCover(allowRules(placed), 0, last)) return false;
  if (rangesCover(leadingWholeBoxAllows(placed), 0, last)) return true;
  return cellRuns(universe, placed).every((runs) => runs[0] === 0 && (runs[1] ?? -1) >= last);
}

/** True when every cell of the direction allows the group's own members. */
function reachesMembers(source: SecurityGroup, direction: Direction, ownAtom: string): boolean {
  const namesMembers = source.rules.some(
    (r) => r.direction === direction && r.action === 'allow' && atomOfPeer(r.peer) === ownAtom,
  );
  if (!namesMembers && !acceptsCoverEveryAddress(source, direction)) return false;
  const { universe, placed } = placedList(source, direction, [ownAtom]);
  const idx = universe.atomPoint(ownAtom);
  const last = universe.nAddr - 1;
  const allows = allowRules(placed);
  if (!rangesCover(allows, idx, idx) && !rangesCover(allows, 0, last)) return false;
  const leading = leadingWholeBoxAllows(placed);
  if (rangesCover(leading, idx, idx) || rangesCover(leading, 0, last)) return true;
  return cellRuns(universe, placed).every((runs) => runsHas(runs, idx));
}

/**
 * Why an all-traffic ingress self-reference is not InnerAccessPolicy=Accept: the egress does not let members
 * reach each other for all traffic, while Accept would (the AWS VPC default group: egress 0.0.0.0/0 only,
 * so members talk over IPv4 only).
 */
function partialInnerReason(source: SecurityGroup, isSelf: (r: Rule) => boolean): string {
  const egressAll = (cidr: string) =>
    source.rules.some(
      (r) =>
        r.direction === 'egress' &&
        r.action === 'allow' &&
        isAllTraffic(r) &&
        r.peer.kind === 'cidr' &&
        r.peer.cidr === cidr,
    );
  const selfEgress = source.rules.some(
    (r) => r.direction === 'egress' && r.action === 'allow' && isAllTraffic(r) && isSelf(r),
  );
  if (egressAll('0.0.0.0/0') && !egressAll('::/0') && !selfEgress) {
    return 'the egress allows 0.0.0.0/0 but not ::/0, so members reach each other over IPv4 only, and Accept would also let them reach each other over IPv6';
  }
  return "the egress does not allow all traffic to the group's members, and Accept would";
}

export function compileToAliyun(source: SecurityGroup, options: CompileOptions): CompileResult {
  const { report } = options;
  const widen = options.allowWidening === true;
  const canWrite = options.canWrite ?? (() => true);
  const enterprise = options.targetType === 'enterprise';
  const groupPointer = source.pointer ?? '';
  const ownIds = new Set([options.targetGroupId, ...(source.id !== undefined ? [source.id] : [])]);
  const isSelf = (r: Rule) => r.peer.kind === 'group' && r.peer.groupId !== undefined && ownIds.has(r.peer.groupId);
  const ownAtom = `group:${options.targetGroupId}`;

  const selfRules = source.rules.filter((r) => isSelf(r) && r.action === 'allow');
  const allTrafficSelfIngress = selfRules.some((r) => r.direction === 'ingress' && isAllTraffic(r));
  const innerAccept =
    !enterprise &&
    allTrafficSelfIngress &&
    reachesMembers(source, 'ingress', ownAtom) &&
    reachesMembers(source, 'egress', ownAtom);
  const widenedInner = !enterprise && !innerAccept && widen && selfRules.length > 0;

  const rules: Rule[] = [];
  const neverMatch = new NeverMatching();
  const conditions = { caps: ALIYUN, to: 'Aliyun', widen, report };
  source.rules.forEach((rule, index) => {
    if (rule.action !== 'allow') return; // an AWS group has no deny rules
    const pointer = rulePointer(source, rule, index);
    // AWS accepts ICMP with an IPv6 range (it matches nothing); Aliyun rejects it, so it is not written.
    if (neverMatch.skip(rule.protocol, rule.peer, pointer)) return;
    if (isSelf(rule) && !ALIYUN.selfReference) {
      const what = `${rule.direction} ${rule.protocol === 'all' ? 'all traffic' : `protocol ${rule.protocol}`}`;
      if (innerAccept) report.add('self_reference_inner_access', pointer, { policy: 'Accept' });
      else if (widenedInner)
        report.add('widened_on_request', pointer, {
          what: `InnerAccessPolicy=Accept for the self-reference (${what})`,
        });
      else if (!enterprise && rule.direction === 'ingress' && isAllTraffic(rule))
        report.add('inner_access_partial', pointer, { reason: partialInnerReason(source, isSelf) });
      else report.add('self_reference_unrepresentable', pointer, { what });
      return;
    }
    if (rule.peer.kind !== 'cidr' && !canWrite(rule.peer)) return; // the caller reports unmapped references
    if (enterprise && rule.peer.kind === 'group') {
      report.add('group_reference_enterprise', pointer, {});
      return;
    }
    const lowered = lowerAllowMatch(
      { ...rule, priority: HIGHEST_PRIORITY, origin: { ...(rule.origin ?? {}), provider: source.provider, pointer } },
      pointer,
      options.region,
      conditions,
    );
    if (lowered === undefined) return;
    const out = lowered;
    rules.push(stripUndefined(out));
  });
  neverMatch.report(report);

  if (!enterprise && !allowsEverything(source, 'egress')) {
    const noEgress = !source.rules.some((r) => r.direction === 'egress');
    report.add('implicit_default_added', groupPointer, {
      provider: source.provider === 'aws' ? 'AWS' : 'Aliyun',
      direction: 'egress',
      meaning: noEgress ? 'no egress rule: deny all egress' : 'deny egress no rule allows',
      to: 'Aliyun',
    });
    for (const cidr of ['0.0.0.0/0', '::/0']) {
      rules.push({
        direction: 'egress',
        action: 'deny',
        priority: LOWEST_PRIORITY,
        protocol: 'all',
        peer: { kind: 'cidr', cidr },
        origin: { provider: source.provider, pointer: groupPointer },
      });
    }
  }

  const counts: Record<string, number> = {};
  for (const d of DIRECTIONS)
    countRules(
      rules.filter((r) => r.direction === d),
      d,
      counts,
    );

  const group: SecurityGroup = {
    modelVersion: source.modelVersion,
    provider: 'aliyun',
    id: options.targetGroupId,
    ...(source.name !== undefined ? { name: source.name } : {}),
    ...(source.description !== undefined ? { description: source.description } : {}),
    ...(source.tags !== undefined ? { tags: source.tags } : {}),
    type: enterprise ? 'enterprise' : 'normal',
    ...(enterprise ? {} : { innerAccessPolicy: innerAccept || widenedInner ? ('accept' as const) : ('drop' as const) }),
    rules,
    ...(source.pointer !== undefined ? { pointer: source.pointer } : {}),
  };
  return { group, counts };
}

/** The rule without its fields that hold undefined: itself when there are none (the common case). */
function stripUndefined(rule: Rule): Rule {
  const fields = rule as unknown as Record<string, unknown>;
  let clean = true;
  for (const k in fields) if (fields[k] === undefined) clean = false;
  if (clean) return rule;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(rule)) {
    const v = fields[k];
    if (v !== undefined) out[k] = v;
  }
  return out as unknown as Rule;
}
