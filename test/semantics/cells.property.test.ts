/**
 * forEachCell against a brute-force partition, on groups with many distinct port bounds: the visited cells
 * tile the space, every cell's covering list is exactly the rules whose box holds the cell, in evaluation
 * order, and no rule cuts a cell. forEachCell buckets the pieces of a dimension a chunk at a time: chunks of
 * 3 pieces must visit the same cells as the default. forEachLeaf rewrites one [lo, hi] pair per dimension from
 * piece to piece, partition gives each piece its own: the leaves partition keeps are the cells forEachLeaf
 * visits, with the same results.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SecurityGroup } from '../../src/model/group.js';
import type { Rule } from '../../src/model/rule.js';
import { MODEL_VERSION } from '../../src/model/version.js';
import { Universe, forEachCell, forEachLeaf, partition, placeRules, type CellRule } from '../../src/semantics/cells.js';
import { DIM, DIM_COUNT, DIM_MAX, evaluationList } from '../../src/semantics/rules.js';

const port = fc.integer({ min: 0, max: 65535 });
const portRange = fc.tuple(port, port).map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) }));
const cidr = fc.constantFrom('0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16', '10.1.2.3/32', '::/0', '2001:db8::/32');

const rule: fc.Arbitrary<Rule> = fc
  .record({
    action: fc.constantFrom('allow' as const, 'deny' as const),
    priority: fc.integer({ min: 1, max: 100 }),
    protocol: fc.constantFrom(6, 17, 'all' as const),
    ports: portRange,
    sourcePorts: fc.option(portRange, { nil: undefined, freq: 4 }),
    cidr,
  })
  .map((r) => ({
    direction: 'ingress' as const,
    action: r.action,
    priority: r.priority,
    protocol: r.protocol,
    ...(r.protocol !== 'all' && { ports: r.ports }),
    ...(r.protocol !== 'all' && r.sourcePorts !== undefined && { sourcePorts: r.sourcePorts }),
    peer: { kind: 'cidr' as const, cidr: r.cidr },
  }));

/** Random rules after 40 or more TCP rules of single even ports: over 64 port pieces (the default chunk). */
const group = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 0, max: 32767 }), { minLength: 40, maxLength: 60 }),
    fc.array(rule, { minLength: 10, maxLength: 50 }),
  )
  .map(([ports, rules]): SecurityGroup => ({
    modelVersion: MODEL_VERSION,
    provider: 'aliyun',
    id: 'sg-cells',
    rules: [
      ...ports.map((p, i): Rule => ({
        direction: 'ingress',
        action: i % 3 === 0 ? 'deny' : 'allow',
        priority: 1 + (i % 5),
        protocol: 6,
        ports: { from: 2 * p, to: 2 * p },
        peer: { kind: 'cidr', cidr: '10.0.0.0/8' },
      })),
      ...rules,
    ],
  }));

/** Whether the rule's box holds the whole cell in every dimension. */
function holds(r: CellRule, box: readonly (readonly [number, number])[]): boolean {
  for (let d = 0; d < DIM_COUNT; d++) if (r.lo[d]! > box[d]![0] || box[d]![1] > r.hi[d]!) return false;
  return true;
}

/** Whether the rule's box and the cell share no point. */
function misses(r: CellRule, box: readonly (readonly [number, number])[]): boolean {
  for (let d = 0; d < DIM_COUNT; d++) if (r.hi[d]! < box[d]![0] || box[d]![1] < r.lo[d]!) return true;
  return false;
}

describe('forEachCell', () => {
  it('tiles the space with cells whose covering lists are exactly the rules holding them, in order', () => {
    fc.assert(
      fc.property(group, (g) => {
        const list = evaluationList(g, 'ingress');
        const universe = new Universe([list]);
        const placed = placeRules(universe, [list]);
        const max = DIM_MAX.map((m, d) => (d === DIM.local ? universe.localMax : m));
        const cellsWith = (piecesPerChunk?: number) => {
          const out: { box: [number, number][]; covering: CellRule[] }[] = [];
          forEachCell(
            universe,
            placed,
            (covering, box) => {
              // Both are scratch arrays: copied.
              out.push({ box: box.map(([lo, hi]) => [lo, hi]), covering: [...covering] });
            },
            piecesPerChunk,
          );
          return out;
        };
        const cells = cellsWith(3);
        expect(cellsWith()).toEqual(cells);
        expect(new Set(cells.map((c) => c.box[DIM.dstPort]![0])).size).toBeGreaterThan(64);
        let volume = 0n;
        for (const { box, covering } of cells) {
          for (let d = 0; d < DIM_COUNT; d++) {
            expect(0 <= box[d]![0] && box[d]![0] <= box[d]![1] && box[d]![1] <= max[d]!).toBe(true);
          }
          volume += box.reduce((v, [lo, hi]) => v * BigInt(hi - lo + 1), 1n);
          expect(covering).toEqual(placed.filter((r) => holds(r, box)));
          expect(placed.every((r) => holds(r, box) || misses(r, box))).toBe(true);
        }
        // Disjoint cells whose volumes add up to the whole space tile it.
        expect(volume).toBe(max.reduce((v, m) => v * BigInt(m + 1), 1n));
        const key = (c: (typeof cells)[number]) => c.box.map(([lo]) => lo).join(',');
        expect(new Set(cells.map(key)).size).toBe(cells.length);
        let overlapping = 0;
        for (let i = 0; i < cells.length; i++)
          for (let j = i + 1; j < cells.length; j++)
            if (!cells[i]!.box.some(([lo, hi], d) => hi < cells[j]!.box[d]![0] || cells[j]!.box[d]![1] < lo))
              overlapping++;
        expect(overlapping).toBe(0);
      }),
      { numRuns: 20, ...(process.env['CELLS_SEED'] && { seed: Number(process.env['CELLS_SEED']) }) },
    );
  });
});

describe('partition', () => {
  it('keeps the boxes and results forEachLeaf visits, each leaf its own box', () => {
    fc.assert(
      fc.property(group, (g) => {
        const list = evaluationList(g, 'ingress');
        const universe = new Universe([list]);
        const placed = placeRules(universe, [list]);
        const visited: { box: [number, number][]; runs: number[] }[] = [];
        forEachLeaf(universe, placed, 1, false, (box, results) => {
          // Scratch arrays, pairs included: copied.
          visited.push({ box: box.map(([lo, hi]) => [lo, hi]), runs: [...results[0]!.runs] });
        });
        const kept = partition(universe, placed, 1, false).map((l) => ({
          box: l.box.map(([lo, hi]) => [lo, hi]),
          runs: [...l.results[0]!.runs],
        }));
        expect(visited.length).toBeGreaterThan(64);
        expect(kept).toEqual(visited);
      }),
      { numRuns: 20, ...(process.env['CELLS_SEED'] && { seed: Number(process.env['CELLS_SEED']) }) },
    );
  });
});
