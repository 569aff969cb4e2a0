/**
 * Two shortcuts the verdict of a compiled AWS group takes, held to what they stand for:
 * - compile-aws.ts registers each CIDR it writes with the interval of the block it wrote it from (rules.ts
 *   WrittenCidrPeer), so the compiled group is evaluated without reading that text back: every registered
 *   interval must be the one the text denotes, read by the address reader;
 * - an allow-only list's CIDRs of one box are merged into the fewest intervals before the verdict's universe
 *   is built (cells.ts mergedAllowList): the merged list must allow exactly what the list allows, in every
 *   cell, which the cell engine evaluating both lists in one universe tells.
 * The verdicts themselves are held to the brute-force evaluator in verdict-allow-only.property.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODEL_VERSION } from '../../src/model/version.js';
import type { SecurityGroup } from '../../src/model/group.js';
import type { Rule } from '../../src/model/rule.js';
import { cidrToInterval } from '../../src/address/index.js';
import { compile, verdict } from '../../src/semantics/index.js';
import { mergedAllowList } from '../../src/semantics/cells.js';
import { evaluateLists } from '../../src/semantics/meaning.js';
import { evaluationList, peerSpecOf } from '../../src/semantics/rules.js';
import { Report } from '../../src/report/report.js';

/** Aligned blocks in a small space, so that they touch, nest and overlap often. */
const v4Block = fc
  .tuple(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 26, max: 32 }))
  .map(([n, prefix]) => `10.0.0.${n & ~((1 << (32 - prefix)) - 1) & 63}/${prefix}`);
const v6Block = fc
  .tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 124, max: 128 }))
  .map(([n, prefix]) => `2001:db8::${(n & ~((1 << (128 - prefix)) - 1) & 15).toString(16)}/${prefix}`);
const cidr = fc.oneof(v4Block, v6Block, fc.constantFrom('0.0.0.0/0', '::/0', '10.0.0.0/8'));

const peerArb = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('sg-1', 'sg-2').map((groupId) => ({ kind: 'group' as const, groupId })) },
  { weight: 6, arbitrary: cidr.map((c) => ({ kind: 'cidr' as const, cidr: c })) },
);

/** A rule over TCP or UDP port 22 or 80, or all protocols; drops, priorities and local addresses unless allow-only. */
function ruleArb(allowOnly: boolean): fc.Arbitrary<Rule> {
  const actions = allowOnly ? (['allow'] as const) : (['allow', 'deny'] as const);
  return fc
    .tuple(
      fc.constantFrom('ingress' as const, 'egress' as const),
      fc.constantFrom(...actions),
      fc.constantFrom('all' as const, 6, 17),
      fc.constantFrom(22, 80),
      peerArb,
      fc.integer({ min: 1, max: 3 }),
      fc.option(fc.constantFrom('192.168.0.0/24', '192.168.0.0/25'), { nil: undefined, freq: 6 }),
    )
    .map(([direction, action, protocol, port, peer, priority, local]) => {
      const rule: Rule = { direction, action, protocol, peer };
      if (!allowOnly) rule.priority = priority;
      if (protocol !== 'all') rule.ports = { from: port, to: port };
      if (!allowOnly && local !== undefined) rule.local = local;
      return rule;
    });
}

function groupArb(provider: 'aws' | 'aliyun'): fc.Arbitrary<SecurityGroup> {
  return fc.array(ruleArb(provider === 'aws'), { maxLength: 24 }).map((rules) => ({
    modelVersion: MODEL_VERSION,
    provider,
    id: 'sg-self',
    pointer: '/SecurityGroups/0',
    rules: rules.map((r, i) => ({ ...r, origin: { provider, pointer: `/Permissions/${i}` } })),
  }));
}

const compiled = (g: SecurityGroup) =>
  compile(g, { target: 'aws', targetGroupId: 'sg-self', report: new Report(), allowWidening: true }).group;

describe('CIDRs a compile writes', () => {
  it('are evaluated with the interval their text denotes', () => {
    fc.assert(
      fc.property(groupArb('aliyun'), (source) => {
        for (const rule of compiled(source).rules) {
          if (rule.peer.kind !== 'cidr') continue;
          const spec = peerSpecOf(rule.peer);
          const read = cidrToInterval(rule.peer.cidr);
          expect(spec.kind).toBe('cidr');
          if (spec.kind !== 'cidr' || read === undefined) throw new Error(`unreadable ${rule.peer.cidr}`);
          // Registered by the compiler, not read back through the address memo.
          expect(spec.cidr).not.toBe(read);
          // A peer like a `{ kind, cidr }` literal to everything else, its fields in that order.
          expect(JSON.stringify(rule.peer)).toBe(JSON.stringify({ kind: 'cidr', cidr: rule.peer.cidr }));
          expect({ ...rule.peer }).toStrictEqual({ kind: 'cidr', cidr: rule.peer.cidr });
          expect({ family: spec.cidr.family, lo: spec.cidr.lo, hi: spec.cidr.hi }).toEqual({
            family: read.family,
            lo: read.lo,
            hi: read.hi,
          });
        }
      }),
      { numRuns: 150 },
    );
  });

  it('read from their text, the compiled group has the same verdict', () => {
    fc.assert(
      fc.property(groupArb('aliyun'), (source) => {
        const target = compiled(source);
        // The same rules with peers the registry does not know: their CIDRs are read from the text.
        const reread = { ...target, rules: target.rules.map((r) => ({ ...r, peer: { ...r.peer } })) };
        expect(verdict(source, target)).toBe(verdict(source, reread));
      }),
      { numRuns: 100 },
    );
  });
});

describe('mergedAllowList', () => {
  it('allows what the list allows in every cell, with no more rules', () => {
    const allowOnly = fc.oneof(
      groupArb('aws'),
      groupArb('aliyun').map((g) => compiled(g)),
    );
    fc.assert(
      fc.property(allowOnly, (group) => {
        for (const direction of ['ingress', 'egress'] as const) {
          const list = evaluationList(group, direction);
          const merged = mergedAllowList(list);
          expect(merged.length).toBeLessThanOrEqual(list.length);
          expect(merged.every((r) => r.allow)).toBe(true);
          const { leaves } = evaluateLists([list, merged], [], false);
          for (const leaf of leaves) expect(leaf.results[1]!.runs).toEqual(leaf.results[0]!.runs);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('merges touching and overlapping blocks of one box, and nothing across boxes', () => {
    const group = (rules: [number, string][]): SecurityGroup => ({
      modelVersion: MODEL_VERSION,
      provider: 'aws',
      id: 'sg-self',
      rules: rules.map(([port, c]) => ({
        direction: 'ingress',
        action: 'allow',
        protocol: 6,
        ports: { from: port, to: port },
        peer: { kind: 'cidr', cidr: c },
      })),
    });
    const intervals = (g: SecurityGroup) =>
      mergedAllowList(evaluationList(g, 'ingress')).map((r) => {
        if (r.peer.kind !== 'cidr') throw new Error('a CIDR rule');
        return [r.lo[1], r.peer.cidr.family, r.peer.cidr.lo, r.peer.cidr.hi];
      });
    // 10.0.0.0/25 + 10.0.0.128/25 touch; 10.0.0.8/29 lies inside; 10.0.1.2/32 is apart; port 80 is its own box.
    expect(
      intervals(
        group([
          [22, '10.0.0.128/25'],
          [22, '10.0.1.2/32'],
          [22, '10.0.0.0/25'],
          [22, '10.0.0.8/29'],
          [22, '2001:db8::/127'],
          [22, '2001:db8::2/127'],
          [80, '10.0.1.3/32'],
        ]),
      ),
    ).toEqual([
      [22, 4, 0x0a000000n, 0x0a0000ffn],
      [22, 4, 0x0a000102n, 0x0a000102n],
      [22, 6, 0x20010db8n << 96n, (0x20010db8n << 96n) + 3n],
      [80, 4, 0x0a000103n, 0x0a000103n],
    ]);
  });
});
