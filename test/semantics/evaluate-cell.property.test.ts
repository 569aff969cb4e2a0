/**
 * evaluateCell against a brute-force first match, on cells with hundreds of rules over hundreds of address
 * indexes: many undecided intervals and painted pieces, so its reused buffers grow while a cell is painted.
 * The allowed runs and the decided pieces must be what the first matching rule of every index says.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Universe, evaluateCell, placeRules } from '../../src/semantics/cells.js';
import { fullBoxRule, peerSpecOf, type EvalRule } from '../../src/semantics/rules.js';

/** A block of 10.0.0.0/22 at /27 to /32 (narrow: many pieces per cell). */
const block = fc.tuple(fc.integer({ min: 27, max: 32 }), fc.integer({ min: 0, max: 1023 })).map(([len, at]) => {
  const size = 2 ** (32 - len);
  const start = Math.floor(at / size) * size;
  return `10.0.${Math.floor(start / 256)}.${start % 256}/${len}`;
});

const rules = fc
  .array(fc.tuple(fc.boolean(), block), { minLength: 100, maxLength: 400 })
  .map((rs) =>
    rs.map(([allow, cidr], index): EvalRule =>
      fullBoxRule(allow, peerSpecOf({ kind: 'cidr', cidr }), { kind: 'rule', index }),
    ),
  );

describe('evaluateCell', () => {
  it('paints what the first matching rule of every index says', () => {
    let grown = 0;
    fc.assert(
      fc.property(rules, (list) => {
        const universe = new Universe([list], [], false);
        const placed = placeRules(universe, [list]);
        // Brute force: per index, the first rule whose range holds it.
        const decider = new Int32Array(universe.size).fill(-1);
        const allowed: number[] = [];
        for (let i = 0; i < universe.size; i++) {
          const r = placed.find((p) => p.a <= i && i <= p.b);
          if (r === undefined) continue;
          decider[i] = r.pos;
          if (r.allow) allowed.push(i);
        }
        const runs: number[] = [];
        for (const i of allowed) {
          if (runs.length > 0 && runs[runs.length - 1] === i - 1) runs[runs.length - 1] = i;
          else runs.push(i, i);
        }
        const result = evaluateCell(universe, placed, 'pieces');
        expect(result.runs).toEqual(runs);
        const pieces = result.pieces!;
        if (pieces.length / 4 > 64) grown++;
        const painted = new Int32Array(universe.size).fill(-1);
        for (let q = 0; q < pieces.length; q += 4) {
          if (q > 0) expect(pieces[q]!).toBeGreaterThan(pieces[q - 3]!);
          expect(pieces[q + 3]).toBe(list[pieces[q + 2]!]!.allow ? 1 : 0);
          painted.fill(pieces[q + 2]!, pieces[q], pieces[q + 1]! + 1);
        }
        expect(painted).toEqual(decider);
        expect(evaluateCell(universe, placed, false).runs).toEqual(runs);
      }),
      { numRuns: 40 },
    );
    // The cases reach past the buffers' first size (64 pieces).
    expect(grown).toBeGreaterThan(0);
  });
});
