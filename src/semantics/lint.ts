/**
 * Rules that never decide a packet and rules that can never match.
 * - Aliyun: a rule is shadowed when rules before it (in evaluation order) already decide everything it matches.
 * - AWS: a rule is redundant when the union of the other rules already allows everything it allows; the
 *   rules are checked from the last to the first and a redundant rule is set aside before the next check, so
 *   of two duplicates only the later one is reported.
 */
import type { SecurityGroup } from '../model/group.js';
import type { Rule } from '../model/rule.js';
import { ICMP, ICMPV6 } from '../../mappings/protocols.js';
import type { Report } from '../report/report.js';
import { cidrToInterval } from './addresses.js';
import { rulePointer } from './compile-aws.js';
import { DIRECTIONS, evaluateLists } from './meaning.js';
import { evalRuleOf, evaluationList, orderedIndexes } from './rules.js';

/** Why a rule can never match, or undefined. */
export function neverMatchReason(rule: Rule): string | undefined {
  const peerFamily = rule.peer.kind === 'cidr' ? cidrToInterval(rule.peer.cidr)?.family : undefined;
  if (rule.peer.kind === 'cidr' && peerFamily === undefined) return `peer ${rule.peer.cidr} is not an address`;
  if (rule.protocol === ICMP && peerFamily === 6) return 'ICMP (IPv4) with an IPv6 peer';
  if (rule.protocol === ICMPV6 && peerFamily === 4) return 'ICMPv6 with an IPv4 peer';
  const localFamily = rule.local !== undefined ? cidrToInterval(rule.local)?.family : undefined;
  if (peerFamily !== undefined && localFamily !== undefined && peerFamily !== localFamily) return 'the peer and the local address are of different families';
  if (rule.protocol === ICMP && localFamily === 6) return 'ICMP (IPv4) with an IPv6 local address';
  if (rule.protocol === ICMPV6 && localFamily === 4) return 'ICMPv6 with an IPv4 local address';
  return undefined;
}

const AWS_EXHAUSTIVE_LIMIT = 200;

/** Indexes of rules that never decide any packet (see the module comment). */
export function shadowedRules(group: SecurityGroup): number[] {
  const out: number[] = [];
  for (const direction of DIRECTIONS) {
    // The exact AWS check costs one evaluation per rule; beyond this many rules only rules covered by
    // EARLIER rules are found (one evaluation), which still finds every later duplicate.
    const exhaustive = orderedIndexes(group, direction).length <= AWS_EXHAUSTIVE_LIMIT;
    if (group.provider === 'aliyun' || !exhaustive) {
      const list = evaluationList(group, direction);
      const { leaves } = evaluateLists([list]);
      const decided = new Set<number>();
      for (const l of leaves) for (const pos of l.results[0]!.decider) decided.add(pos);
      list.forEach((r, pos) => {
        if (r.source.kind === 'rule' && !decided.has(pos)) out.push(r.source.index);
      });
    } else {
      const kept = new Set(orderedIndexes(group, direction));
      // Later rules first, so of two duplicates the later one is reported.
      for (const i of orderedIndexes(group, direction).reverse()) {
        const others = [...kept].filter((j) => j !== i);
        const without = others.map((j) => evalRuleOf(group.rules[j]!, j));
        const withIt = [...without, evalRuleOf(group.rules[i]!, i)];
        const { leaves } = evaluateLists([without, withIt]);
        if (leaves.every((l) => l.results[0]!.key === l.results[1]!.key)) {
          out.push(i);
          kept.delete(i);
        }
      }
    }
  }
  return out.sort((a, b) => a - b);
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}:${canonical(v)}`).join(',')}}`;
}

/** The traffic fields of a rule as text (description, tags and origin do not count). */
function trafficKey({ origin: _o, description: _d, tags: _t, ...rest }: Rule): string {
  return canonical(rest);
}

/** Report rule_never_matches, duplicate_rule and rule_shadowed at each rule's pointer. */
export function lint(group: SecurityGroup, report: Report): void {
  const never = new Set<number>();
  group.rules.forEach((rule, i) => {
    const reason = neverMatchReason(rule);
    if (reason !== undefined) {
      never.add(i);
      report.add('rule_never_matches', rulePointer(group, rule, i), { reason });
    }
  });
  const firstWithKey = new Map<string, number>();
  group.rules.forEach((r, i) => {
    const k = trafficKey(r);
    if (!firstWithKey.has(k)) firstWithKey.set(k, i);
  });
  for (const i of shadowedRules(group)) {
    if (never.has(i)) continue;
    const rule = group.rules[i]!;
    const twin = firstWithKey.get(trafficKey(rule))!;
    if (twin < i) report.add('duplicate_rule', rulePointer(group, rule, i), { of: twin });
    else report.add('rule_shadowed', rulePointer(group, rule, i), {});
  }
}
