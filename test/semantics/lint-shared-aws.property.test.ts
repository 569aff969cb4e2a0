/**
 * Lint's AWS redundancy check (lint.ts keptByRedundancy) read off the verdict's evaluation of the source
 * (diff.ts verdictAndDeciders), as `convert` does: the same findings as lint evaluating the group on its own.
 * The joint partition of source and target refines the source's own, so its distinct sets of source rules
 * covering a cell are the source partition's. Oracle: `lint` (its own partition). Cases: random AWS groups
 * (nested, touching and equal CIDRs, port ranges, ICMP, group and prefix-list peers, unreadable peers) against
 * their Aliyun compilation and against independent groups, with references renamed one to one; a group large
 * enough that the evaluation splits on one rule per box; and every group of the shared corpus' AWS files.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { awsAdapter } from '../../adapters/aws/index.js';
import { parseInput } from '../../src/parse/text.js';
import { MODEL_VERSION } from '../../src/model/version.js';
import type { SecurityGroup } from '../../src/model/group.js';
import type { Rule } from '../../src/model/rule.js';
import { SAME_BOX_MIN_RULES } from '../../src/semantics/cells.js';
import {
  compile,
  decidedUnderRenaming,
  lint,
  lintWith,
  verdict,
  verdictAndDeciders,
} from '../../src/semantics/index.js';
import { Report } from '../../src/report/report.js';
import { AWS_CORPUS_DIRS, CORPUS } from '../aws/helpers.js';

const GROUPS = ['sg-1', 'sg-2', 'sg-self'];
const CIDRS = [
  '0.0.0.0/0',
  '0.0.0.0/1',
  '128.0.0.0/1',
  '10.0.0.0/8',
  '10.0.0.0/9',
  '10.128.0.0/9',
  '10.1.0.0/16',
  '10.1.2.3/32',
  '::/0',
  '2001:db8::/32',
  '2001:db8::/33',
  '2001:db8:8000::/33',
  'not-an-address',
];
const PORTS = [0, 1, 22, 80, 443, 1024, 65535];

const ruleArb: fc.Arbitrary<Rule> = fc
  .record({
    direction: fc.constantFrom('ingress' as const, 'ingress' as const, 'egress' as const),
    protocol: fc.constantFrom('all' as const, 6, 6, 17, 1, 58),
    ports: fc
      .tuple(fc.constantFrom(...PORTS), fc.constantFrom(...PORTS))
      .map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) })),
    icmp: fc.option(
      fc.record({ type: fc.constantFrom('any' as const, 0, 8), code: fc.constantFrom('any' as const, 0) }),
      { nil: undefined },
    ),
    peer: fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...GROUPS).map((groupId) => ({ kind: 'group' as const, groupId })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'prefixList' as const, prefixListId: 'pl-1' }) },
      { weight: 5, arbitrary: fc.constantFrom(...CIDRS).map((cidr) => ({ kind: 'cidr' as const, cidr })) },
    ),
  })
  .map((r) => {
    const rule: Rule = { direction: r.direction, action: 'allow', protocol: r.protocol, peer: r.peer };
    if (r.protocol === 6 || r.protocol === 17) rule.ports = r.ports;
    if ((r.protocol === 1 || r.protocol === 58) && r.icmp !== undefined) rule.icmp = r.icmp;
    return rule;
  });

function awsGroup(rules: readonly Rule[]): SecurityGroup {
  return {
    modelVersion: MODEL_VERSION,
    provider: 'aws',
    id: 'sg-self',
    pointer: '/SecurityGroups/0',
    rules: rules.map((r, i) => ({
      ...r,
      origin: { provider: 'aws', pointer: `/SecurityGroups/0/IpPermissions/${i}` },
    })),
  };
}

/** Group IDs renamed one to one, as a mapping file does. */
const RENAMING = new Map([
  ['sg-1', 'sg-b'],
  ['sg-2', 'sg-a'],
  ['sg-self', 'sg-c'],
]);

function renamed(group: SecurityGroup): SecurityGroup {
  return {
    ...group,
    id: RENAMING.get(group.id!) ?? group.id,
    rules: group.rules.map((r) =>
      r.peer.kind === 'group'
        ? { ...r, peer: { kind: 'group', groupId: RENAMING.get(r.peer.groupId!) ?? r.peer.groupId } }
        : r,
    ),
  };
}

/** Lint's findings read off the verdict's evaluation and from lint's own, and how many directions were read off. */
function bothWays(source: SecurityGroup, mapped: SecurityGroup, target: SecurityGroup) {
  const both = verdictAndDeciders(mapped, target, () => true);
  expect(both.verdict).toBe(verdict(mapped, target));
  const known = decidedUnderRenaming(source, both.decided);
  const shared = new Report();
  lintWith(source, shared, known);
  const alone = new Report();
  lint(source, alone);
  return { shared: shared.findings, alone: alone.findings, directions: Object.keys(known).length };
}

function compiledToAliyun(group: SecurityGroup): SecurityGroup {
  return compile(group, { target: 'aliyun', targetGroupId: group.id!, report: new Report() }).group;
}

describe('lint of AWS groups from the verdict evaluation', () => {
  it('finds the redundant rules lint finds alone, against compiled and independent targets', () => {
    let directions = 0;
    let findings = 0;
    fc.assert(
      fc.property(
        fc.array(ruleArb, { maxLength: 24 }),
        fc.array(ruleArb, { maxLength: 8 }),
        fc.boolean(),
        (rules, otherRules, compiled) => {
          const source = awsGroup(rules);
          const mapped = renamed(source);
          const target = compiled ? compiledToAliyun(mapped) : renamed(awsGroup(otherRules));
          const { shared, alone, directions: d } = bothWays(source, mapped, target);
          expect(shared).toEqual(alone);
          directions += d;
          findings += alone.filter((f) => f.code === 'rule_shadowed' || f.code === 'duplicate_rule').length;
        },
      ),
      { numRuns: 400 },
    );
    // Every direction is read off the verdict's evaluation (a renaming one to one), and many rules are redundant.
    expect(directions).toBe(800);
    expect(findings).toBeGreaterThan(60);
  });

  it('reports a rule that a later, wider rule covers (redundancy, not first match)', () => {
    const rule = (from: number, to: number): Rule => ({
      direction: 'ingress',
      action: 'allow',
      protocol: 6,
      ports: { from, to },
      peer: { kind: 'cidr', cidr: '10.0.0.0/8' },
    });
    // The first rule decides port 80 first, yet the second allows it too: the first is redundant.
    const source = awsGroup([rule(80, 80), rule(1, 1024)]);
    const { shared, alone, directions } = bothWays(source, source, compiledToAliyun(source));
    expect(directions).toBe(2);
    expect(shared).toEqual(alone);
    expect(shared.map((f) => [f.code, f.pointer])).toEqual([['rule_shadowed', '/SecurityGroups/0/IpPermissions/0']]);
  });

  it('finds the same rules when the evaluation splits on one rule per box', () => {
    // 180 rules of a few boxes, peers nested and repeated: with the compiled target, the joint lists pass
    // SAME_BOX_MIN_RULES, so the covering lists come expanded from representatives.
    const rules: Rule[] = [];
    for (let i = 0; i < 180; i++) {
      const cidr = i % 9 === 0 ? '10.0.0.0/8' : i % 5 === 0 ? `10.${i}.0.0/16` : `10.${i % 7}.${i}.0/24`;
      rules.push({
        direction: 'ingress',
        action: 'allow',
        protocol: 6,
        ports: i % 3 === 0 ? { from: 443, to: 443 } : { from: 22, to: 22 },
        peer: { kind: 'cidr', cidr },
      });
    }
    const source = awsGroup(rules);
    const target = compiledToAliyun(source);
    expect(rules.length + target.rules.length).toBeGreaterThanOrEqual(SAME_BOX_MIN_RULES);
    const { shared, alone, directions } = bothWays(source, source, target);
    expect(directions).toBe(2);
    expect(shared).toEqual(alone);
    expect(alone.length).toBeGreaterThan(50);
  });
});

const corpusFiles = existsSync(CORPUS)
  ? AWS_CORPUS_DIRS.filter((d) => existsSync(d)).flatMap((d) =>
      readdirSync(d)
        .filter((f) => f.endsWith('.json'))
        .map((f) => resolve(d, f)),
    )
  : [];

describe.skipIf(corpusFiles.length === 0)('lint of the AWS corpus from the verdict evaluation', () => {
  it.each(corpusFiles.map((f) => [f.slice(CORPUS.length + 1), f]))('%s: the findings of lint alone', (_n, file) => {
    const groups = awsAdapter.read(parseInput(readFileSync(file, 'utf8'), file), new Report()).groups;
    for (const source of groups) {
      const mapped = renamed(source);
      const { shared, alone } = bothWays(source, mapped, compiledToAliyun(mapped));
      expect(shared).toEqual(alone);
    }
  });
});
