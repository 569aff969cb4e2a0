/**
 * The host-model comparison of two lists in one cell as two booleans (does A allow some host something B
 * denies, and the other way round), for `verdict` and `equivalent`. Same classes as `cellClasses` (hosts.ts),
 * but read without building them: a class is answered by its first membership rule in each list, so only the
 * distinct pairs of first rules `(fa, fb)` matter, and each is answered in constant time from a few numbers
 * gathered in one pass over the cell's address pieces per distinct `fb`. `diff` still builds the classes,
 * because it names their atoms.
 *
 * For a class with first rules `(fa, fb)`, list A at address `a` answers as its decider `dec(a)` says when
 * `dec(a) < fa`, else as rule `fa` says (deny when `fa` is NO_RULE); likewise B. Over the addresses B denies
 * (D) and those B allows (P), gathered per `fb`:
 * - A allows some address of D iff some allowed piece of D has `pos < fa`, or (when `fa` allows) some
 *   address of D is decided at or after `fa` (undecided addresses count as decided last);
 * - A denies some address of P iff some denied piece of P has `pos < fa`, or (when `fa` does not allow) some
 *   address of P is decided at or after `fa`.
 */
import { runsWithin, sameItems, type CellResult, type Universe } from './cells.js';
import { atomDecidersFlat, classRuns, coversAddresses, NO_RULE } from './hosts.js';
import type { EvalRule } from './rules.js';

/** Bit set of what one side allows that the other does not. */
export const ONLY_A = 1;
export const ONLY_B = 2;

/** An address no rule decides: decided after every rule (and after NO_RULE). */
const UNDECIDED_POS = Infinity;

/** What A's address pieces hold over the addresses B denies (D) and allows (P) at one threshold of B. */
interface Spread {
  minAllowD: number;
  maxPosD: number;
  minDenyP: number;
  maxPosP: number;
  /** While `spread` runs: B's allowed runs, and the first run not wholly before the current segment. */
  bRuns: readonly number[];
  j: number;
}

/** spread's result, reused: each is read before the next spread (no object and no closure per call). */
const scratchSpread: Spread = {
  minAllowD: Infinity,
  maxPosD: -Infinity,
  minDenyP: Infinity,
  maxPosP: -Infinity,
  bRuns: [],
  j: 0,
};

/** One segment of A's address space, decided at `pos`, read against B's allowed runs. */
function segment(s: Spread, lo: number, hi: number, pos: number, allow: boolean): void {
  const bRuns = s.bRuns;
  let j = s.j;
  while (j < bRuns.length && bRuns[j + 1]! < lo) j += 2;
  s.j = j;
  const overlapsP = j < bRuns.length && bRuns[j]! <= hi;
  const insideP = overlapsP && bRuns[j]! <= lo && bRuns[j + 1]! >= hi;
  if (!insideP) {
    if (allow && pos < s.minAllowD) s.minAllowD = pos;
    if (pos > s.maxPosD) s.maxPosD = pos;
  }
  if (overlapsP) {
    if (!allow && pos < s.minDenyP) s.minDenyP = pos;
    if (pos > s.maxPosP) s.maxPosP = pos;
  }
}

/**
 * One pass over A's address pieces (and the gaps no rule decides) against B's allowed runs. The result is a
 * shared object, valid until the next call.
 */
function spread(pieces: Int32Array, nAddr: number, bRuns: readonly number[]): Spread {
  const s = scratchSpread;
  s.minAllowD = Infinity;
  s.maxPosD = -Infinity;
  s.minDenyP = Infinity;
  s.maxPosP = -Infinity;
  s.bRuns = bRuns;
  s.j = 0;
  let next = 0;
  for (let q = 0; q < pieces.length && pieces[q]! < nAddr; q += 4) {
    const lo = pieces[q]!;
    const hi = Math.min(pieces[q + 1]!, nAddr - 1);
    if (lo > next) segment(s, next, lo - 1, UNDECIDED_POS, false);
    segment(s, lo, hi, pieces[q + 2]!, pieces[q + 3] === 1);
    next = hi + 1;
  }
  if (next < nAddr) segment(s, next, nAddr - 1, UNDECIDED_POS, false);
  s.bRuns = NO_RUNS;
  return s;
}

const NO_RUNS: readonly number[] = [];

function answer(s: Spread, fa: number, late: boolean): number {
  const onlyA = s.minAllowD < fa || (late && s.maxPosD >= fa);
  const onlyB = s.minDenyP < fa || (!late && s.maxPosP >= fa);
  return (onlyA ? ONLY_A : 0) | (onlyB ? ONLY_B : 0);
}

/**
 * The distinct first-rule pairs of the cell's classes: no membership `(NO_RULE, NO_RULE)`, each decided atom's
 * own pair, and for two atoms whose first rules come in opposite orders in the two lists (`ax < ay`,
 * `by < bx`) the pair `(ax, by)` of a holder of both. Returned as a map fb → the distinct fa.
 */
function firstPairs(ra: CellResult, rb: CellResult, universe: Universe): ReadonlyMap<number, ReadonlySet<number>> {
  const end = universe.nAddr + universe.atoms.length;
  const da = atomDecidersFlat(ra, universe.nAddr, end);
  const db = atomDecidersFlat(rb, universe.nAddr, end);
  // No atom decided on either side (no group references, or none in this cell): the one pair of no membership.
  if (da.length === 0 && db.length === 0) return NO_MEMBERSHIP_ONLY;
  const out = new Map<number, Set<number>>();
  const add = (fa: number, fb: number) => {
    let s = out.get(fb);
    if (s === undefined) out.set(fb, (s = new Set()));
    s.add(fa);
  };
  add(NO_RULE, NO_RULE);
  // Both lists' deciders are in atom order: merged, each atom decided by either gets its pair.
  // The flips below need atoms decided on both sides; only then are the pairs gathered by fa.
  const flips = da.length > 0 && db.length > 0;
  const byFa = new Map<number, number[]>();
  let i = 0;
  let k = 0;
  while (i < da.length || k < db.length) {
    const ai = i < da.length ? da[i]! : Infinity;
    const bk = k < db.length ? db[k]! : Infinity;
    let fa = NO_RULE;
    let fb = NO_RULE;
    if (ai <= bk) {
      fa = da[i + 1]!;
      i += 2;
    }
    if (bk <= ai) {
      fb = db[k + 1]!;
      k += 2;
    }
    add(fa, fb);
    if (!flips) continue;
    const atFa = byFa.get(fa);
    if (atFa === undefined) byFa.set(fa, [fb]);
    else atFa.push(fb);
  }
  if (!flips) return out;
  // Flips: for each fa (descending), the fb of atoms with a later fa that are below the largest fb at fa.
  const fas = [...byFa.keys()].sort((x, y) => y - x);
  const later: number[] = []; // distinct fb of atoms with a larger fa, ascending
  for (const fa of fas) {
    const atFa = byFa.get(fa)!;
    let limit = -1;
    for (const fb of atFa) if (fb > limit) limit = fb;
    for (const fb of later) {
      if (fb >= limit) break;
      add(fa, fb);
    }
    for (const fb of atFa) insertSorted(later, fb);
  }
  return out;
}

/** firstPairs' answer when no atom is decided: shared, read only. */
const NO_MEMBERSHIP_ONLY: ReadonlyMap<number, ReadonlySet<number>> = new Map([[NO_RULE, new Set([NO_RULE])]]);

function insertSorted(a: number[], v: number): void {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  if (a[lo] !== v) a.splice(lo, 0, v);
}

/**
 * ONLY_A | ONLY_B for one cell (module comment): whether some host is allowed by A and not by B, and the other
 * way round. Stops as soon as `done(bits)` (a verdict needs both bits, an equivalence any).
 */
export function cellHostComparison(
  universe: Universe,
  ra: CellResult,
  rb: CellResult,
  listA: readonly EvalRule[],
  listB: readonly EvalRule[],
  done: (bits: number) => boolean,
): number {
  const { nAddr } = universe;
  if (nAddr === 0 || ra.pieces === undefined) return 0;
  let bits = 0;
  for (const [fb, fas] of firstPairs(ra, rb, universe)) {
    const s = spread(ra.pieces, nAddr, classRuns(rb, listB, nAddr, fb));
    for (const fa of fas) {
      bits |= answer(s, fa, fa !== NO_RULE && listA[fa]!.allow);
      if (done(bits)) return bits;
    }
  }
  return bits;
}

/**
 * ONLY_A | ONLY_B for one cell where both lists allow a plain union of indexes (Covering.unionRuns): a host
 * (an address and any memberships) is allowed when its address or one of its memberships is in the union.
 * Some host is allowed by A and not by B iff A's union has an index outside B's and B does not allow every
 * address (every host has one): an address of A's outside B is such a host; an atom of A's outside B, held
 * by a host at an address B does not allow, is one too.
 */
export function unionHostComparison(ua: readonly number[], ub: readonly number[], nAddr: number): number {
  if (nAddr === 0 || sameItems(ua, ub)) return 0;
  let bits = 0;
  if (!runsWithin(ua, ub) && !coversAddresses(ub, nAddr)) bits |= ONLY_A;
  if (!runsWithin(ub, ua) && !coversAddresses(ua, nAddr)) bits |= ONLY_B;
  return bits;
}
