/**
 * `convert` evaluates a source once for its verdict and its lint (diff.ts verdictAndDeciders, lint.ts
 * decidedUnderRenaming): the verdict compares the mapped source (references renamed) with the target, and
 * lint reads the rules that decide off the mapped source's side of that evaluation. Oracles: `verdict` and
 * `lint`, each evaluating on its own. Renamings here are one to one (a mapping) or not (two groups mapped to
 * one ID, where lint must evaluate the source itself), and targets are compiled or independent groups.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODEL_VERSION } from '../../src/model/version.js';
import type { SecurityGroup } from '../../src/model/group.js';
import type { Rule } from '../../src/model/rule.js';
import {
  compile,
  decidedUnderRenaming,
  lint,
  lintWith,
  verdict,
  verdictAndDeciders,
} from '../../src/semantics/index.js';
import { Report } from '../../src/report/report.js';

const GROUPS = ['sg-1', 'sg-2', 'sg-3', 'sg-self'];
const CIDRS = ['0.0.0.0/0', '10.0.0.0/8', '10.0.0.0/9', '10.128.0.0/9', '10.1.2.3/32', '::/0', '2001:db8::/32'];

function ruleArb(provider: 'aliyun' | 'aws'): fc.Arbitrary<Rule> {
  return fc
    .record({
      direction: fc.constantFrom('ingress' as const, 'egress' as const),
      action: provider === 'aws' ? fc.constant('allow' as const) : fc.constantFrom('allow' as const, 'deny' as const),
      priority: fc.integer({ min: 1, max: 3 }),
      protocol: fc.constantFrom('all' as const, 6, 17, 1),
      port: fc.constantFrom(22, 80),
      peer: fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom(...GROUPS).map((groupId) => ({ kind: 'group' as const, groupId })) },
        { weight: 1, arbitrary: fc.constant({ kind: 'prefixList' as const, prefixListId: 'pl-1' }) },
        { weight: 3, arbitrary: fc.constantFrom(...CIDRS).map((cidr) => ({ kind: 'cidr' as const, cidr })) },
      ),
    })
    .map((r) => {
      const rule: Rule = { direction: r.direction, action: r.action, protocol: r.protocol, peer: r.peer };
      if (provider === 'aliyun') rule.priority = r.priority;
      if (r.protocol === 6 || r.protocol === 17) rule.ports = { from: r.port, to: r.port };
      return rule;
    });
}

function groupArb(provider: 'aliyun' | 'aws'): fc.Arbitrary<SecurityGroup> {
  return fc
    .record({
      rules: fc.array(ruleArb(provider), { maxLength: 12 }),
      inner: fc.constantFrom(undefined, 'accept' as const, 'drop' as const),
    })
    .map(({ rules, inner }) => ({
      modelVersion: MODEL_VERSION,
      provider,
      id: 'sg-self',
      pointer: '/SecurityGroups/0',
      ...(provider === 'aliyun' && inner !== undefined && { innerAccessPolicy: inner }),
      rules: rules.map((r, i) => ({ ...r, origin: { provider, pointer: `/SecurityGroups/0/Permissions/${i}` } })),
    }));
}

/** Each source group ID to a target ID: a permutation (a mapping) or any function (IDs may collide). */
const renamingArb: fc.Arbitrary<Map<string, string>> = fc.oneof(
  fc
    .shuffledSubarray(['sg-a', 'sg-b', 'sg-c', 'sg-d', 'sg-e'], { minLength: GROUPS.length, maxLength: GROUPS.length })
    .map((ids) => new Map(GROUPS.map((g, i) => [g, ids[i]!]))),
  fc
    .array(fc.constantFrom('sg-a', 'sg-b', 'sg-c'), { minLength: GROUPS.length, maxLength: GROUPS.length })
    .map((ids) => new Map(GROUPS.map((g, i) => [g, ids[i]!]))),
);

function renamed(group: SecurityGroup, to: Map<string, string>): SecurityGroup {
  return {
    ...group,
    id: to.get(group.id!)!,
    rules: group.rules.map((r) =>
      r.peer.kind === 'group' ? { ...r, peer: { kind: 'group', groupId: to.get(r.peer.groupId!)! } } : r,
    ),
  };
}

const caseArb = fc.record({
  source: fc.oneof({ weight: 3, arbitrary: groupArb('aliyun') }, { weight: 1, arbitrary: groupArb('aws') }),
  renaming: renamingArb,
  other: fc.oneof(groupArb('aws'), groupArb('aliyun')),
  compiled: fc.boolean(),
});

describe('one evaluation of the source for the verdict and lint', () => {
  it('gives the verdict and the lint findings of separate evaluations', () => {
    let shared = 0;
    fc.assert(
      fc.property(caseArb, ({ source, renaming, other, compiled }) => {
        const mapped = renamed(source, renaming);
        const target = compiled
          ? compile(mapped, { target: 'aws', targetGroupId: mapped.id!, report: new Report() }).group
          : other;
        const both = verdictAndDeciders(mapped, target, () => true);
        expect(both.verdict).toBe(verdict(mapped, target));
        const known = decidedUnderRenaming(source, both.decided);
        shared += Object.keys(known).length;
        const withShared = new Report();
        lintWith(source, withShared, known);
        const alone = new Report();
        lint(source, alone);
        expect(withShared.findings).toEqual(alone.findings);
      }),
      { numRuns: 300 },
    );
    // Most renamings are one to one: most directions are read off the verdict's evaluation.
    expect(shared).toBeGreaterThan(150);
  });

  it("reads a one-to-one renaming's lists as the source's, without building the source's", () => {
    const source: SecurityGroup = {
      modelVersion: MODEL_VERSION,
      provider: 'aliyun',
      id: 'sg-self',
      rules: [
        { direction: 'ingress', action: 'deny', priority: 1, protocol: 6, peer: { kind: 'group', groupId: 'sg-1' } },
        { direction: 'ingress', action: 'allow', priority: 2, protocol: 6, peer: { kind: 'cidr', cidr: '10.0.0.0/8' } },
        {
          direction: 'egress',
          action: 'allow',
          priority: 1,
          protocol: 17,
          peer: { kind: 'group', groupId: 'sg-self' },
        },
      ],
    };
    const mapped = renamed(
      source,
      new Map([
        ['sg-1', 'sg-a'],
        ['sg-self', 'sg-b'],
      ]),
    );
    const target = compile(mapped, { target: 'aws', targetGroupId: 'sg-b', report: new Report() }).group;
    const { decided } = verdictAndDeciders(mapped, target, () => true);
    const known = decidedUnderRenaming(source, decided);
    expect(known.ingress?.list).toBe(decided.ingress?.list);
    expect(known.egress?.list).toBe(decided.egress?.list);
    // A copy of the source that is not the verdict's group: its lists are built and compared.
    const copy = { ...mapped, rules: mapped.rules.map((r) => ({ ...r, description: 'x' })) };
    const other = decidedUnderRenaming(source, { ingress: { ...decided.ingress!, group: copy } });
    expect(other.ingress?.list).not.toBe(decided.ingress?.list);
    expect(other.ingress?.decided).toBe(decided.ingress?.decided);
  });

  it('evaluates the source itself when two of its groups are renamed to one', () => {
    const rule = (action: 'allow' | 'deny', priority: number, groupId: string): Rule => ({
      direction: 'ingress',
      action,
      priority,
      protocol: 6,
      ports: { from: 22, to: 22 },
      peer: { kind: 'group', groupId },
    });
    // sg-2's accept is not shadowed by sg-1's drop; mapped to one ID, it would be.
    const source: SecurityGroup = {
      modelVersion: MODEL_VERSION,
      provider: 'aliyun',
      id: 'sg-self',
      innerAccessPolicy: 'drop',
      rules: [rule('deny', 1, 'sg-1'), rule('allow', 2, 'sg-2')],
    };
    const mapped = renamed(
      source,
      new Map([
        ['sg-1', 'sg-a'],
        ['sg-2', 'sg-a'],
        ['sg-self', 'sg-b'],
      ]),
    );
    const both = verdictAndDeciders(mapped, mapped, () => true);
    expect(both.decided).toEqual({});
    const target = compile(mapped, { target: 'aws', targetGroupId: 'sg-b', report: new Report() }).group;
    const { decided } = verdictAndDeciders(mapped, target, () => true);
    expect(decided.ingress?.decided[1]).toBe(0);
    expect(Object.keys(decidedUnderRenaming(source, decided))).toEqual(['egress']);
    const report = new Report();
    lintWith(source, report, decidedUnderRenaming(source, decided));
    expect(report.findings.map((f) => f.code)).toEqual([]);
  });
});
