/**
 * verdict and equivalent paint the touching rules of one box of an allow-only list as one rule (a compiled
 * AWS group lists a set of addresses as one rule per CIDR block; src/semantics/diff.ts hostComparisonBits).
 * Oracles: `diff`, which evaluates every rule on its own and builds every host class, and the brute-force
 * evaluator over hosts with several memberships (oracle.ts). The groups here are allow-only (AWS, and Aliyun
 * groups without drops) with CIDR blocks that touch, overlap and nest, beside Aliyun groups with drops.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODEL_VERSION } from '../../src/model/version.js';
import type { SecurityGroup } from '../../src/model/group.js';
import type { Rule } from '../../src/model/rule.js';
import { compile, diff, equivalent, verdict } from '../../src/semantics/index.js';
import { verdictOf } from '../../src/semantics/diff.js';
import { Report } from '../../src/report/report.js';
import { hostDifferences } from './oracle.js';

const SELF = 'sg-self';
const GROUPS = ['sg-1', 'sg-2', SELF];
/** Blocks that touch (the halves and quarters of 10.0.0.0/8, two /32 neighbours), nest and overlap. */
const CIDRS = [
  '10.0.0.0/8',
  '10.0.0.0/9',
  '10.128.0.0/9',
  '10.128.0.0/10',
  '10.192.0.0/10',
  '10.1.2.3/32',
  '10.1.2.4/32',
  '11.0.0.0/8',
  '0.0.0.0/0',
  '::/0',
  '2001:db8::/33',
  '2001:db8:8000::/33',
];

function ruleArb(allowOnly: boolean): fc.Arbitrary<Rule> {
  return fc
    .record({
      direction: fc.constantFrom('ingress' as const, 'egress' as const),
      action: allowOnly ? fc.constant('allow' as const) : fc.constantFrom('allow' as const, 'deny' as const),
      priority: fc.integer({ min: 1, max: 3 }),
      protocol: fc.constantFrom('all' as const, 6),
      port: fc.constantFrom(22, 80),
      peer: fc.oneof(
        { weight: 1, arbitrary: fc.constantFrom(...GROUPS).map((groupId) => ({ kind: 'group' as const, groupId })) },
        { weight: 4, arbitrary: fc.constantFrom(...CIDRS).map((cidr) => ({ kind: 'cidr' as const, cidr })) },
      ),
    })
    .map((r) => {
      const rule: Rule = { direction: r.direction, action: r.action, protocol: r.protocol, peer: r.peer };
      if (!allowOnly) rule.priority = r.priority;
      if (r.protocol !== 'all') rule.ports = { from: r.port, to: r.port };
      return rule;
    });
}

function groupArb(kind: 'aws' | 'aliyun-accepts' | 'aliyun'): fc.Arbitrary<SecurityGroup> {
  const provider = kind === 'aws' ? ('aws' as const) : ('aliyun' as const);
  return fc
    .record({
      rules: fc.array(ruleArb(kind !== 'aliyun'), { maxLength: 12 }),
      inner: fc.constantFrom(undefined, 'accept' as const, 'drop' as const),
    })
    .map(({ rules, inner }) => ({
      modelVersion: MODEL_VERSION,
      provider,
      id: SELF,
      pointer: '/SecurityGroups/0',
      ...(provider === 'aliyun' && inner !== undefined && { innerAccessPolicy: inner }),
      rules: rules.map((r, i) => ({ ...r, origin: { provider, pointer: `/Permissions/${i}` } })),
    }));
}

const anyGroup = fc.oneof(groupArb('aws'), groupArb('aliyun-accepts'), groupArb('aliyun'));

/** Some pairs compare a group with its own AWS compilation: the verdict `convert` proves. */
const pairArb: fc.Arbitrary<[SecurityGroup, SecurityGroup]> = fc.oneof(
  fc.tuple(anyGroup, groupArb('aws')),
  fc.tuple(groupArb('aws'), anyGroup),
  anyGroup.map((a): [SecurityGroup, SecurityGroup] => [
    a,
    compile(a, { target: 'aws', targetGroupId: SELF, report: new Report() }).group,
  ]),
);

describe('verdict of allow-only lists, their touching rules painted as one', () => {
  it('agrees with diff (every rule on its own) and with the brute-force evaluator', () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        const v = verdict(a, b);
        expect(v).toBe(verdictOf(diff(a, b)));
        expect(equivalent(a, b)).toBe(v === 'exact');
        const { onlyA, onlyB } = hostDifferences(a, b, ['group:sg-1', 'group:sg-self']);
        if (onlyA) expect(v === 'narrower' || v === 'mixed', 'a host only A allows').toBe(true);
        if (onlyB) expect(v === 'wider' || v === 'mixed', 'a host only B allows').toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('tells a gap between two touching blocks from none', () => {
    const aws = (cidrs: string[]): SecurityGroup => ({
      modelVersion: MODEL_VERSION,
      provider: 'aws',
      id: SELF,
      rules: cidrs.map((cidr) => ({
        direction: 'ingress',
        action: 'allow',
        protocol: 6,
        ports: { from: 22, to: 22 },
        peer: { kind: 'cidr', cidr },
      })),
    });
    const whole = aws(['10.0.0.0/8']);
    expect(verdict(whole, aws(['10.0.0.0/9', '10.128.0.0/9']))).toBe('exact');
    expect(verdict(whole, aws(['10.0.0.0/9', '10.192.0.0/10']))).toBe('narrower');
    expect(verdict(whole, aws(['10.0.0.0/9', '10.128.0.0/9', '11.0.0.0/8']))).toBe('wider');
  });
});
