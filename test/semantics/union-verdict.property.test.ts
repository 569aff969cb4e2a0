/**
 * The verdict compares the cells where both lists allow a plain union of peers (allows, then rules that allow
 * nothing: cells.ts Covering.unionRuns) from the unions alone, without evaluating them (host-verdict.ts
 * unionHostComparison). That is most cells when the target keeps the source's rules, as AWS→Aliyun does: its
 * accepts in the source's order, some left out, then the deny-everything egress. Oracles: `diff`, which
 * evaluates every cell and builds every host class, and the brute-force evaluator over hosts with several
 * memberships (oracle.ts); lint read off the verdict's evaluation must equal lint on its own.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODEL_VERSION } from '../../src/model/version.js';
import type { SecurityGroup } from '../../src/model/group.js';
import type { Rule } from '../../src/model/rule.js';
import {
  decidedUnderRenaming,
  diff,
  equivalent,
  lint,
  lintWith,
  verdict,
  verdictAndDeciders,
} from '../../src/semantics/index.js';
import { verdictOf } from '../../src/semantics/diff.js';
import { unionHostComparison, ONLY_A, ONLY_B } from '../../src/semantics/host-verdict.js';
import { SAME_BOX_MIN_RULES } from '../../src/semantics/cells.js';
import { Report } from '../../src/report/report.js';
import { hostDifferences } from './oracle.js';

const SELF = 'sg-self';
const GROUPS = ['sg-1', 'sg-2', SELF];
const CIDRS = ['0.0.0.0/0', '10.0.0.0/8', '10.0.0.0/9', '10.128.0.0/9', '10.1.2.3/32', '::/0', '2001:db8::/32'];

const allowArb: fc.Arbitrary<Rule> = fc
  .record({
    direction: fc.constantFrom('ingress' as const, 'egress' as const),
    protocol: fc.constantFrom('all' as const, 6, 17),
    port: fc.constantFrom(22, 80),
    peer: fc.oneof(
      { weight: 1, arbitrary: fc.constantFrom(...GROUPS).map((groupId) => ({ kind: 'group' as const, groupId })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'prefixList' as const, prefixListId: 'pl-1' }) },
      { weight: 4, arbitrary: fc.constantFrom(...CIDRS).map((cidr) => ({ kind: 'cidr' as const, cidr })) },
    ),
  })
  .map((r) => ({
    direction: r.direction,
    action: 'allow' as const,
    protocol: r.protocol,
    ...(r.protocol !== 'all' && { ports: { from: r.port, to: r.port } }),
    peer: r.peer,
  }));

/** Rules after the accepts of an Aliyun group (lower priority): some allow nothing, some allow again. */
const tailArb: fc.Arbitrary<Rule[]> = fc.array(
  fc
    .record({
      direction: fc.constantFrom('ingress' as const, 'egress' as const),
      action: fc.constantFrom('allow' as const, 'deny' as const, 'deny' as const),
      cidr: fc.constantFrom('0.0.0.0/0', '::/0', '10.0.0.0/8', '2001:db8::/32'),
    })
    .map((r): Rule => ({
      direction: r.direction,
      action: r.action,
      priority: 100,
      protocol: 'all',
      peer: { kind: 'cidr', cidr: r.cidr },
    })),
  { maxLength: 4 },
);

function group(provider: 'aws' | 'aliyun', rules: readonly Rule[], inner?: 'accept' | 'drop'): SecurityGroup {
  return {
    modelVersion: MODEL_VERSION,
    provider,
    id: SELF,
    pointer: '/SecurityGroups/0',
    ...(provider === 'aliyun' && { type: 'normal' as const, innerAccessPolicy: inner ?? 'drop' }),
    rules: rules.map((r, i) => ({ ...r, origin: { provider, pointer: `/Permissions/${i}` } })),
  };
}

const DENY_ALL_EGRESS: Rule[] = ['0.0.0.0/0', '::/0'].map((cidr) => ({
  direction: 'egress',
  action: 'deny',
  priority: 100,
  protocol: 'all',
  peer: { kind: 'cidr', cidr },
}));

/** A source and a target that keeps some of its rules, in order, as AWS→Aliyun writes it, and others like it. */
const pairArb: fc.Arbitrary<[SecurityGroup, SecurityGroup]> = fc
  .record({
    rules: fc.array(allowArb, { minLength: 1, maxLength: 10 }),
    kept: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
    extra: fc.array(allowArb, { maxLength: 2 }),
    tail: tailArb,
    shape: fc.constantFrom('aws-to-aliyun', 'aws-to-aws', 'aliyun-to-aliyun', 'aliyun-to-aws'),
    inner: fc.constantFrom('accept' as const, 'drop' as const),
    swap: fc.boolean(),
  })
  .map(({ rules, kept, extra, tail, shape, inner, swap }) => {
    const keptRules = [...rules.filter((_, i) => kept[i]), ...extra];
    const [from, to] = shape.split('-to-') as ['aws' | 'aliyun', 'aws' | 'aliyun'];
    const source = group(from, from === 'aliyun' ? [...rules, ...tail] : rules, inner);
    const targetRules = to === 'aliyun' ? [...keptRules, ...(from === 'aws' ? DENY_ALL_EGRESS : tail)] : keptRules;
    const target = group(to, targetRules, inner);
    return swap ? [target, source] : [source, target];
  });

/**
 * The verdict agrees with diff's (every cell evaluated), verdictAndDeciders gives it too, and lint read off
 * that evaluation is lint on its own. Returns the verdict.
 */
function expectVerdictAndLint(a: SecurityGroup, b: SecurityGroup): string {
  const v = verdict(a, b);
  expect(v).toBe(verdictOf(diff(a, b)));
  const shared = verdictAndDeciders(a, b, () => true);
  expect(shared.verdict).toBe(v);
  const alone = new Report();
  lint(a, alone);
  const read = new Report();
  lintWith(a, read, decidedUnderRenaming(a, shared.decided));
  expect(read.findings).toEqual(alone.findings);
  return v;
}

describe('the verdict from unions of allowed peers', () => {
  it('agrees with diff, equivalent and the brute-force evaluator; lint read off it is lint alone', () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        const v = expectVerdictAndLint(a, b);
        expect(equivalent(a, b)).toBe(v === 'exact');
        const { onlyA, onlyB } = hostDifferences(a, b, ['group:sg-1', 'group:sg-self', 'prefixList:pl-1']);
        if (onlyA) expect(v === 'narrower' || v === 'mixed', 'a host only A allows').toBe(true);
        if (onlyB) expect(v === 'wider' || v === 'mixed', 'a host only B allows').toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with diff and lint alone from 256 rules on (the split on one rule per box)', () => {
    // Each rule once per CIDR, four times over: same boxes with many peers, as a large group has.
    const large = (rules: readonly Rule[]): Rule[] =>
      rules.flatMap((r) =>
        [0, 1, 2, 3].flatMap(() => CIDRS.map((cidr): Rule => ({ ...r, peer: { kind: 'cidr', cidr } }))),
      );
    fc.assert(
      fc.property(
        fc.array(allowArb, { minLength: 10, maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        (rules, kept) => {
          const source = group('aws', large(rules));
          const target = group('aliyun', [...large(rules.filter((_, i) => kept[i])), ...DENY_ALL_EGRESS]);
          expect(source.rules.length).toBeGreaterThanOrEqual(SAME_BOX_MIN_RULES);
          expectVerdictAndLint(source, target);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('answers the host model from two unions', () => {
    // Indexes 0-3 are addresses, 4-5 atoms.
    const nAddr = 4;
    expect(unionHostComparison([0, 3], [0, 3], nAddr)).toBe(0);
    // A member of the atom has some address; B allows every address: nothing only A allows.
    expect(unionHostComparison([4, 4], [0, 3], nAddr)).toBe(ONLY_B);
    // B leaves address 3 out: a member of atom 4 at address 3 is allowed by A only.
    expect(unionHostComparison([4, 4], [0, 2], nAddr)).toBe(ONLY_A | ONLY_B);
    expect(unionHostComparison([0, 1], [0, 2], nAddr)).toBe(ONLY_B);
    expect(unionHostComparison([0, 1, 3, 4], [0, 1], nAddr)).toBe(ONLY_A);
    expect(unionHostComparison([], [], nAddr)).toBe(0);
  });

  it('tells a target that keeps every accept and denies the rest of egress from one that lost an accept', () => {
    const ssh: Rule = {
      direction: 'ingress',
      action: 'allow',
      protocol: 6,
      ports: { from: 22, to: 22 },
      peer: { kind: 'cidr', cidr: '10.0.0.0/8' },
    };
    const web: Rule = { ...ssh, ports: { from: 80, to: 80 }, peer: { kind: 'group', groupId: 'sg-1' } };
    const out: Rule = { ...ssh, direction: 'egress', protocol: 'all', ports: undefined };
    const source = group('aws', [ssh, web, out]);
    expect(verdict(source, group('aliyun', [ssh, web, out, ...DENY_ALL_EGRESS]))).toBe('exact');
    expect(verdict(source, group('aliyun', [ssh, out, ...DENY_ALL_EGRESS]))).toBe('narrower');
    // Without the deny-everything egress, the Aliyun basic group accepts every other address.
    expect(verdict(source, group('aliyun', [ssh, web, out]))).toBe('wider');
  });
});
