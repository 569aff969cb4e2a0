/**
 * The AWS redundancy check of lint (shadowedRules) against its definition: checked from the last rule to the
 * first, a rule is redundant when the union of the other kept rules allows the same packets with and without
 * it (one joint evaluation per rule); a redundant rule is set aside before the next check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODEL_VERSION } from '../../src/model/version.js';
import type { SecurityGroup } from '../../src/model/group.js';
import type { Rule } from '../../src/model/rule.js';
import { shadowedRules } from '../../src/semantics/index.js';
import { DIRECTIONS, evaluateLists } from '../../src/semantics/meaning.js';
import { evalRuleOf, orderedIndexes } from '../../src/semantics/rules.js';

function reference(group: SecurityGroup): number[] {
  const out: number[] = [];
  for (const direction of DIRECTIONS) {
    const kept = new Set(orderedIndexes(group, direction));
    for (const i of orderedIndexes(group, direction).reverse()) {
      const without = [...kept].filter((j) => j !== i).map((j) => evalRuleOf(group.rules[j]!, j));
      const withIt = [...without, evalRuleOf(group.rules[i]!, i)];
      const { leaves } = evaluateLists([without, withIt]);
      if (leaves.every((l) => l.results[0]!.key === l.results[1]!.key)) {
        out.push(i);
        kept.delete(i);
      }
    }
  }
  return out.sort((a, b) => a - b);
}

const CIDRS = [
  '0.0.0.0/0',
  '0.0.0.0/1',
  '128.0.0.0/1',
  '10.0.0.0/8',
  '10.1.0.0/16',
  '10.1.2.3/32',
  '::/0',
  '::/1',
  '8000::/1',
  '2001:db8::/32',
  'not-an-address',
];
const PORTS = [0, 1, 22, 80, 443, 1024, 65535];
const range = fc
  .tuple(fc.constantFrom(...PORTS), fc.constantFrom(...PORTS))
  .map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) }));

const rule: fc.Arbitrary<Rule> = fc
  .record({
    direction: fc.constantFrom('ingress' as const, 'ingress' as const, 'egress' as const),
    protocol: fc.constantFrom('all' as const, 'all' as const, 6, 17, 1, 58),
    ports: fc.option(range, { nil: undefined }),
    icmp: fc.option(
      fc.record({ type: fc.constantFrom('any' as const, 0, 8), code: fc.constantFrom('any' as const, 0) }),
      { nil: undefined },
    ),
    local: fc.option(fc.constantFrom('10.1.0.0/16', '2001:db8::/32', 'bad'), { nil: undefined, freq: 6 }),
    peer: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...CIDRS).map((cidr) => ({ kind: 'cidr' as const, cidr })) },
      // Every address of a family, so cells where every address is allowed (closure) are common.
      { weight: 2, arbitrary: fc.constantFrom('0.0.0.0/0', '::/0').map((cidr) => ({ kind: 'cidr' as const, cidr })) },
      { weight: 2, arbitrary: fc.constantFrom('sg-1', 'sg-2').map((groupId) => ({ kind: 'group' as const, groupId })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'prefixList' as const, prefixListId: 'pl-1' }) },
    ),
  })
  .map((r) => {
    const out: Rule = { direction: r.direction, action: 'allow', protocol: r.protocol, peer: r.peer };
    if ((r.protocol === 6 || r.protocol === 17) && r.ports) out.ports = r.ports;
    if ((r.protocol === 1 || r.protocol === 58) && r.icmp) out.icmp = r.icmp;
    if (r.local) out.local = r.local;
    return out;
  });

describe('lint: AWS redundant rules', () => {
  it('a reference is redundant where the other rules allow every address (closure)', () => {
    const all = (cidr: string): Rule => ({
      direction: 'ingress',
      action: 'allow',
      protocol: 'all',
      peer: { kind: 'cidr', cidr },
    });
    const ref: Rule = { direction: 'ingress', action: 'allow', protocol: 6, peer: { kind: 'group', groupId: 'sg-1' } };
    const g: SecurityGroup = {
      modelVersion: MODEL_VERSION,
      provider: 'aws',
      id: 'sg-self',
      rules: [all('0.0.0.0/0'), all('::/0'), ref],
    };
    expect(shadowedRules(g)).toEqual([2]);
    expect(reference(g)).toEqual([2]);
  });

  it('matches the definition (one joint evaluation per rule)', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 24 }), (rules) => {
        const g: SecurityGroup = { modelVersion: MODEL_VERSION, provider: 'aws', id: 'sg-self', rules };
        expect(shadowedRules(g)).toEqual(reference(g));
      }),
      { numRuns: 1500 },
    );
  });
});
