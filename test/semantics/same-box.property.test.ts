/**
 * Large evaluations split the non-peer space on one rule per box and list, and evaluate each cell with every
 * rule its representatives stand for (src/semantics/cells.ts sameBoxRules). Oracle: the split on every rule
 * (what smaller evaluations do): the same cells in the same order, with the same results, for one list and for
 * two, with and without deciders.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODEL_VERSION } from '../../src/model/version.js';
import type { SecurityGroup } from '../../src/model/group.js';
import type { Rule } from '../../src/model/rule.js';
import { deciderAt, forEachLeaf, placeRules, Universe, type Deciders } from '../../src/semantics/cells.js';
import { evaluationList } from '../../src/semantics/rules.js';

const CIDRS = ['0.0.0.0/0', '10.0.0.0/8', '10.0.0.0/9', '10.128.0.0/9', '10.1.2.3/32', '192.168.0.0/16', '::/0'];

/** Few boxes (two ports, three protocols), many peers: most rules share their box with others. */
const ruleArb: fc.Arbitrary<Rule> = fc
  .record({
    direction: fc.constantFrom('ingress' as const, 'egress' as const),
    action: fc.constantFrom('allow' as const, 'deny' as const),
    priority: fc.integer({ min: 1, max: 3 }),
    protocol: fc.constantFrom('all' as const, 6, 17),
    port: fc.constantFrom(22, 443),
    peer: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...CIDRS).map((cidr) => ({ kind: 'cidr' as const, cidr })) },
      { weight: 1, arbitrary: fc.constantFrom('sg-1', 'sg-2').map((groupId) => ({ kind: 'group' as const, groupId })) },
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

const groupArb: fc.Arbitrary<SecurityGroup> = fc.array(ruleArb, { minLength: 1, maxLength: 60 }).map((rules) => ({
  modelVersion: MODEL_VERSION,
  provider: 'aliyun' as const,
  id: 'sg-self',
  rules,
}));

/** Every cell's box and each list's allowed runs and deciders (pieces, or the decider of every index). */
function cells(lists: ReturnType<typeof evaluationList>[], keep: Deciders, sameBoxFrom: number): unknown[] {
  const universe = new Universe(lists, [], keep !== true);
  const out: unknown[] = [];
  forEachLeaf(
    universe,
    placeRules(universe, lists),
    lists.length,
    keep,
    (box, results) => {
      out.push({
        box: box.map((b) => [...b]),
        results: results.map((r) => ({
          runs: [...r.runs],
          pieces: r.pieces === undefined ? undefined : [...r.pieces],
          deciders: keep === true ? Array.from({ length: universe.size }, (_, i) => deciderAt(r, i)) : undefined,
        })),
      });
    },
    sameBoxFrom,
  );
  return out;
}

describe('split on one rule per box', () => {
  it('gives the cells and results of the split on every rule', () => {
    let grouped = 0;
    fc.assert(
      fc.property(groupArb, groupArb, fc.constantFrom<Deciders>(true, false, 'pieces'), (a, b, keep) => {
        const one = [evaluationList(a, 'ingress')];
        const two = [evaluationList(a, 'ingress'), evaluationList(b, 'ingress')];
        for (const lists of [one, two]) {
          const rules = lists.flat();
          const boxes = new Set(rules.map((r) => `${r.lo.join()}|${r.hi.join()}`));
          if (boxes.size < rules.length) grouped++;
          expect(cells(lists, keep, 0)).toEqual(cells(lists, keep, Infinity));
        }
      }),
      { numRuns: 200 },
    );
    // Most lists here have rules that share a box.
    expect(grouped).toBeGreaterThan(200);
  });
});
