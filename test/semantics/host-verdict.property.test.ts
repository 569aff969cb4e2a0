/**
 * verdict and equivalent answer the host classes without building them (src/semantics/host-verdict.ts).
 * Oracles: `diff`, which builds every class and its address runs (cellClasses, classRuns), and the brute-force
 * evaluator over hosts with several memberships (oracle.ts). Groups here name many atoms with drops at several
 * priorities, so first rules come in opposite orders (classes of pairs) often.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODEL_VERSION } from '../../src/model/version.js';
import type { SecurityGroup } from '../../src/model/group.js';
import type { Rule } from '../../src/model/rule.js';
import { diff, equivalent, verdict } from '../../src/semantics/index.js';
import { verdictOf } from '../../src/semantics/diff.js';
import { hostDifferences } from './oracle.js';

const SELF = 'sg-self';
const GROUPS = ['sg-1', 'sg-2', 'sg-3', SELF];
const CIDRS = ['0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16', '10.1.2.3/32', '::/0', '2001:db8::/32'];

const ruleArb: fc.Arbitrary<Rule> = fc
  .record({
    direction: fc.constantFrom('ingress' as const, 'egress' as const),
    action: fc.constantFrom('allow' as const, 'deny' as const),
    priority: fc.integer({ min: 1, max: 4 }),
    protocol: fc.constantFrom('all' as const, 6, 17),
    port: fc.constantFrom(22, 80, 443),
    peer: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...GROUPS).map((groupId) => ({ kind: 'group' as const, groupId })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'prefixList' as const, prefixListId: 'pl-1' }) },
      { weight: 2, arbitrary: fc.constantFrom(...CIDRS).map((cidr) => ({ kind: 'cidr' as const, cidr })) },
    ),
  })
  .map((r) => {
    const rule: Rule = {
      direction: r.direction,
      action: r.action,
      priority: r.priority,
      protocol: r.protocol,
      peer: r.peer,
    };
    if (r.protocol !== 'all') rule.ports = { from: r.port, to: r.port };
    return rule;
  });

const groupArb: fc.Arbitrary<SecurityGroup> = fc
  .record({
    rules: fc.array(ruleArb, { maxLength: 12 }),
    inner: fc.constantFrom(undefined, 'accept' as const, 'drop' as const),
  })
  .map(({ rules, inner }) => ({
    modelVersion: MODEL_VERSION,
    provider: 'aliyun' as const,
    id: SELF,
    pointer: '/SecurityGroups/0',
    ...(inner !== undefined && { innerAccessPolicy: inner }),
    rules: rules.map((r, i) => ({ ...r, origin: { provider: 'aliyun' as const, pointer: `/Permissions/${i}` } })),
  }));

/** Two groups: independent, or the same rules at new priorities (first rules then often swap order). */
const pairArb: fc.Arbitrary<[SecurityGroup, SecurityGroup]> = fc.oneof(
  fc.tuple(groupArb, groupArb),
  groupArb.chain((a) =>
    fc
      .array(fc.integer({ min: 1, max: 4 }), { minLength: a.rules.length, maxLength: a.rules.length })
      .map((priorities): [SecurityGroup, SecurityGroup] => [
        a,
        { ...a, rules: a.rules.map((r, i) => ({ ...r, priority: priorities[i]! })) },
      ]),
  ),
);

function group(rules: Rule[]): SecurityGroup {
  return { modelVersion: MODEL_VERSION, provider: 'aliyun', id: SELF, innerAccessPolicy: 'drop', rules };
}

const ssh = (action: 'allow' | 'deny', priority: number, groupId: string): Rule => ({
  direction: 'ingress',
  action,
  priority,
  protocol: 6,
  ports: { from: 22, to: 22 },
  peer: { kind: 'group', groupId },
});

describe('verdict and equivalent without building host classes', () => {
  it('agree with diff (every class built) and with the brute-force evaluator', () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        const v = verdict(a, b);
        expect(v).toBe(verdictOf(diff(a, b)));
        expect(equivalent(a, b)).toBe(v === 'exact');
        expect(verdict(b, a)).toBe(
          ({ narrower: 'wider', wider: 'narrower', exact: 'exact', mixed: 'mixed' } as const)[v],
        );
        // Hosts holding any memberships, at every boundary address, for one packet per direction.
        const { onlyA, onlyB } = hostDifferences(a, b, ['group:sg-1', 'group:sg-3', 'prefixList:pl-1']);
        if (onlyA) expect(v === 'narrower' || v === 'mixed', 'a host only A allows').toBe(true);
        if (onlyB) expect(v === 'wider' || v === 'mixed', 'a host only B allows').toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('finds the host that holds two memberships whose rules come in opposite orders', () => {
    // A drops sg-1 before it accepts sg-2; B accepts sg-2 first. Members of one group are answered alike;
    // a member of both is denied by A and allowed by B.
    const a = group([ssh('deny', 1, 'sg-1'), ssh('allow', 2, 'sg-2')]);
    const b = group([ssh('allow', 1, 'sg-2'), ssh('deny', 2, 'sg-1')]);
    expect(verdict(a, b)).toBe('wider');
    expect(verdict(b, a)).toBe('narrower');
    expect(equivalent(a, b)).toBe(false);
    expect(diff(a, b).onlyB.map((r) => r.condition)).toHaveLength(1);
  });

  it('needs no pair when both lists put the two first rules in the same order', () => {
    const a = group([ssh('deny', 1, 'sg-1'), ssh('allow', 2, 'sg-2')]);
    const b = group([ssh('deny', 1, 'sg-1'), ssh('deny', 2, 'sg-3'), ssh('allow', 3, 'sg-2')]);
    expect(verdict(a, b)).toBe('narrower');
    expect(verdict(a, group([ssh('deny', 1, 'sg-1'), ssh('allow', 3, 'sg-2')]))).toBe('exact');
  });
});
