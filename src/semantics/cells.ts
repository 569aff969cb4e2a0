/**
 * The cell engine. Every address and atom named by the rules becomes an index in one small integer space
 * (elementary IPv4 intervals, elementary IPv6 intervals, named atoms, then one point standing for every
 * other atom), so a peer spec is one index range and a cell is evaluated by painting ranges first-come
 * (union-find "next unpainted" pointer: linear in rules + indexes). The non-peer dimensions are split one
 * after the other, each level only looking at the rules that cover the current piece, and leaves with the
 * same covering rules share one evaluation.
 */
import { FAMILY_MAX, type Family, type ParsedCidr } from '../address/index.js';
import { DIM, DIM_COUNT, DIM_MAX, type EvalRule, type PeerSpec } from './rules.js';

export class Universe {
  /**
   * IPv4 bounds (every CIDR's first address and the one after its last, 0 and 2^32) as numbers, sorted and
   * distinct: 2^32 fits a double exactly, so they sort as a typed array and are found by binary search,
   * without a bigint set, comparator or map per universe.
   */
  readonly #v4: Float64Array;
  readonly v6: bigint[];
  readonly atoms: string[];
  readonly atomIndex = new Map<string, number>();
  readonly nV4: number;
  readonly nAddr: number;
  /** Total indexes: addresses, named atoms, and the "other atoms" point. */
  readonly size: number;
  /** Local dimension: 0 = packet without a local address, then elementary IPv4 then IPv6 intervals. */
  readonly local4: bigint[];
  readonly local6: bigint[];
  readonly localMax: number;
  readonly #p6 = new Map<bigint, number>();
  readonly #l4 = new Map<bigint, number>();
  readonly #l6 = new Map<bigint, number>();

  /**
   * `closure` false: atoms are answered only by their own rules (the host model reads them so: hosts.ts), and
   * every decider is the rule's own, never BY_CLOSURE.
   */
  constructor(
    lists: readonly (readonly EvalRule[])[],
    extraAtoms: readonly string[] = [],
    readonly closure = true,
  ) {
    let v4 = new Float64Array(64);
    v4[0] = 0;
    v4[1] = 2 ** 32;
    let n4 = 2;
    const pts6 = new Set<bigint>([0n]);
    const lpts: Record<Family, Set<bigint>> = { 4: new Set([0n]), 6: new Set([0n]) };
    const atoms = new Set<string>(extraAtoms);
    const seen = new Set<ParsedCidr>();
    for (const list of lists) {
      for (const r of list) {
        if (r.peer.kind === 'cidr') {
          // Parsed CIDRs are shared objects (see cidrToInterval's cache): each is added once.
          const c = r.peer.cidr;
          if (!seen.has(c)) {
            seen.add(c);
            if (c.family === 4) {
              if (n4 + 2 > v4.length) {
                const grown = new Float64Array(2 * v4.length);
                grown.set(v4);
                v4 = grown;
              }
              v4[n4++] = Number(c.lo);
              v4[n4++] = Number(c.hi) + 1;
            } else {
              pts6.add(c.lo);
              pts6.add(c.hi + 1n);
            }
          }
        } else if (r.peer.kind === 'atom') atoms.add(r.peer.atom);
        if (r.local) addPoints(lpts, r.local);
      }
    }
    sortPrefix(v4, n4);
    let m = 1;
    for (let i = 1; i < n4; i++) if (v4[i] !== v4[m - 1]) v4[m++] = v4[i]!;
    this.#v4 = v4.slice(0, m);
    this.v6 = sortedPoints(pts6, 6);
    this.local4 = sortedPoints(lpts[4], 4);
    this.local6 = sortedPoints(lpts[6], 6);
    this.v6.forEach((p, i) => this.#p6.set(p, i));
    this.local4.forEach((p, i) => this.#l4.set(p, i));
    this.local6.forEach((p, i) => this.#l6.set(p, i));
    this.atoms = [...atoms].sort();
    this.nV4 = m - 1;
    this.nAddr = this.nV4 + this.v6.length - 1;
    this.atoms.forEach((a, i) => this.atomIndex.set(a, this.nAddr + i));
    this.size = this.nAddr + this.atoms.length + 1;
    this.localMax = this.local4.length - 1 + this.local6.length - 1;
  }

  get otherAtomsIndex(): number {
    return this.size - 1;
  }

  readonly #cidrRanges = new Map<ParsedCidr, [number, number]>();

  /** Index range [a, b] of a peer spec, or undefined when it matches nothing. */
  peerRange(peer: PeerSpec): [number, number] | undefined {
    switch (peer.kind) {
      case 'cidr': {
        const c = peer.cidr;
        let range = this.#cidrRanges.get(c);
        if (range === undefined) {
          range =
            c.family === 4
              ? [indexOfPoint(this.#v4, Number(c.lo)), indexOfPoint(this.#v4, Number(c.hi) + 1) - 1]
              : [this.nV4 + this.#p6.get(c.lo)!, this.nV4 + this.#p6.get(c.hi + 1n)! - 1];
          this.#cidrRanges.set(c, range);
        }
        return range;
      }
      case 'atom':
        return [this.atomIndex.get(peer.atom)!, this.atomIndex.get(peer.atom)!];
      case 'addresses':
        return [0, this.nAddr - 1];
      case 'atoms':
        return [this.nAddr, this.size - 1];
      case 'everything':
        return [0, this.size - 1];
      case 'nothing':
        return undefined;
    }
  }

  localRange(local: ParsedCidr | undefined): [number, number] {
    if (local === undefined) return [0, this.localMax];
    if (local.family === 4) return [1 + this.#l4.get(local.lo)!, this.#l4.get(local.hi + 1n)!];
    const base = this.local4.length - 1;
    return [1 + base + this.#l6.get(local.lo)!, base + this.#l6.get(local.hi + 1n)!];
  }

  /** The address index of a point (for membership), or undefined when outside every family. */
  addressIndex(family: Family, value: bigint): number {
    return family === 4 ? upperIndex(this.#v4, Number(value)) : this.nV4 + upperIndex(this.v6, value);
  }

  atomPoint(atom: string): number {
    return this.atomIndex.get(atom) ?? this.otherAtomsIndex;
  }

  localIndex(family: Family | undefined, value: bigint | undefined): number {
    if (family === undefined || value === undefined) return 0;
    if (family === 4) return 1 + upperIndex(this.local4, value);
    return this.local4.length + upperIndex(this.local6, value);
  }

  /** Elementary address interval `i` (global index) as family + bounds. */
  addressInterval(i: number): { family: Family; lo: bigint; hi: bigint } {
    if (i < this.nV4) return { family: 4, lo: BigInt(this.#v4[i]!), hi: BigInt(this.#v4[i + 1]! - 1) };
    const j = i - this.nV4;
    return { family: 6, lo: this.v6[j]!, hi: this.v6[j + 1]! - 1n };
  }

  /** Local rank `i` (>= 1) as family + bounds. */
  localInterval(i: number): { family: Family; lo: bigint; hi: bigint } {
    const n4 = this.local4.length - 1;
    if (i - 1 < n4) return { family: 4, lo: this.local4[i - 1]!, hi: this.local4[i]! - 1n };
    const j = i - 1 - n4;
    return { family: 6, lo: this.local6[j]!, hi: this.local6[j + 1]! - 1n };
  }
}

function addPoints(pts: Record<Family, Set<bigint>>, c: ParsedCidr): void {
  pts[c.family].add(c.lo);
  pts[c.family].add(c.hi + 1n);
}

function sortedPoints(set: Set<bigint>, family: Family): bigint[] {
  set.add(FAMILY_MAX[family] + 1n);
  return [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Index of the elementary interval containing `value` (largest i with pts[i] <= value). */
function upperIndex<T extends number | bigint>(pts: ArrayLike<T>, value: T): number {
  let lo = 0;
  let hi = pts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pts[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A rule placed in the universe: bounds on every dimension and one peer index range. */
export interface CellRule {
  readonly lo: readonly number[];
  readonly hi: readonly number[];
  readonly a: number;
  readonly b: number;
  readonly allow: boolean;
  /** Position in its evaluation list. */
  readonly pos: number;
  /** Which list (group) it belongs to. */
  readonly list: number;
  /** Bit d set when the rule does not span the whole of dimension d (so it cuts that dimension). */
  readonly cut: number;
}

export function placeRules(universe: Universe, lists: readonly (readonly EvalRule[])[]): CellRule[] {
  const out: CellRule[] = [];
  lists.forEach((list, li) => {
    list.forEach((r, pos) => {
      const range = universe.peerRange(r.peer);
      if (range === undefined) return;
      // No local address (most rules): the whole local dimension, without a range pair per rule.
      const la = r.local === undefined ? 0 : universe.localRange(r.local)[0];
      const lb = r.local === undefined ? universe.localMax : universe.localRange(r.local)[1];
      // Evaluation rules' bounds are never changed: `lo` is shared when its local bound is already right.
      let lo = r.lo;
      if (lo[DIM.local] !== la) {
        const copy = [...r.lo];
        copy[DIM.local] = la;
        lo = copy;
      }
      const hi = [...r.hi];
      hi[DIM.local] = lb;
      let cut = 0;
      for (let d = 0; d < DIM_COUNT; d++) {
        if (lo[d] !== 0 || hi[d] !== (d === DIM.local ? universe.localMax : DIM_MAX[d])) cut |= 1 << d;
      }
      out.push({ lo, hi, a: range[0], b: range[1], allow: r.allow, pos, list: li, cut });
    });
  });
  return out;
}

function sameBox(x: CellRule, y: CellRule): boolean {
  for (let d = 0; d < DIM_COUNT; d++) if (x.lo[d] !== y.lo[d] || x.hi[d] !== y.hi[d]) return false;
  return true;
}

/**
 * Placed rules with each run of rules that follow one another in a list, decide alike, cover the same box and
 * have touching peer ranges replaced by one rule over the union of the ranges (compiled groups list a set
 * of CIDRs as one rule per block). Painting them one after the other or at once paints the same indexes, so
 * the allowed runs of every cell are the same; only which rule decided an index changes, so this is for
 * evaluations without deciders, or for the lists `mergeable` names (lists whose answers do not depend on
 * which of their rules decided: allow-only lists in the host comparison, host-verdict.ts).
 */
export function mergeTouchingRules(
  rules: readonly CellRule[],
  mergeable: (list: number) => boolean = () => true,
): CellRule[] {
  const out: CellRule[] = [];
  let i = 0;
  while (i < rules.length) {
    const first = rules[i]!;
    let a = first.a;
    let b = first.b;
    let j = i + 1;
    for (; j < rules.length && mergeable(first.list); j++) {
      const r = rules[j]!;
      if (r.list !== first.list || r.allow !== first.allow || r.a > b + 1 || a > r.b + 1 || !sameBox(first, r)) break;
      if (r.a < a) a = r.a;
      if (r.b > b) b = r.b;
    }
    // The same fields in the same order as placeRules' rules (one object shape for the partition).
    out.push(
      j === i + 1
        ? first
        : { lo: first.lo, hi: first.hi, a, b, allow: first.allow, pos: first.pos, list: first.list, cut: first.cut },
    );
    i = j;
  }
  return out;
}

/**
 * An allow-only evaluation list (every rule allows; the caller checks) with the CIDRs of each run of rules
 * that follow one another over the same box, without a local address, merged into the fewest intervals per
 * address family (in runs where two CIDRs that follow one another touch: mergedRun). An allow-only list
 * allows the union of what its rules name, whatever their order, so the merged list allows exactly the same
 * packets for every host; built before the universe, it keeps the inner bounds of touching blocks (a compiled
 * group writes one allowed range as many CIDR blocks) out of the index space, and places fewer rules. Which rule decided is lost: for comparisons that read no deciders of the list.
 * A merged rule keeps the source of the first rule of its run. The list itself when nothing merges.
 */
export function mergedAllowList(list: readonly EvalRule[]): readonly EvalRule[] {
  // Made at the first run that merges: most lists of groups that were not compiled merge nothing.
  let out: EvalRule[] | undefined;
  let i = 0;
  while (i < list.length) {
    const first = list[i]!;
    let j = i + 1;
    if (first.local === undefined)
      while (j < list.length && list[j]!.local === undefined && sameBounds(first, list[j]!)) j++;
    const merged = j - i > 1 ? mergedRun(list, i, j) : undefined;
    if (merged !== undefined) {
      out ??= list.slice(0, i);
      for (const r of merged) out.push(r);
    } else if (out !== undefined) for (let k = i; k < j; k++) out.push(list[k]!);
    i = j;
  }
  return out ?? list;
}

function sameBounds(x: EvalRule, y: EvalRule): boolean {
  for (let d = 0; d < DIM_COUNT; d++) if (x.lo[d] !== y.lo[d] || x.hi[d] !== y.hi[d]) return false;
  return true;
}

/**
 * The rules list[i..j) (one box) with their CIDRs merged: the other peers as they are, then one allow per
 * maximal interval of each family's CIDRs. Undefined when no two CIDRs that follow one another touch.
 */
function mergedRun(list: readonly EvalRule[], i: number, j: number): EvalRule[] | undefined {
  if (!followingTouch(list, i, j)) return undefined;
  const v4: ParsedCidr[] = [];
  const v6: ParsedCidr[] = [];
  for (let k = i; k < j; k++) {
    const peer = list[k]!.peer;
    if (peer.kind === 'cidr') (peer.cidr.family === 4 ? v4 : v6).push(peer.cidr);
  }
  const byStart = (x: ParsedCidr, y: ParsedCidr) => (x.lo < y.lo ? -1 : x.lo > y.lo ? 1 : 0);
  v4.sort(byStart);
  v6.sort(byStart);
  const out: EvalRule[] = [];
  for (let k = i; k < j; k++) if (list[k]!.peer.kind !== 'cidr') out.push(list[k]!);
  pushMergedIntervals(v4, list[i]!, out);
  pushMergedIntervals(v6, list[i]!, out);
  return out;
}

/**
 * Whether two CIDRs that follow one another among list[i..j) touch or overlap: a compiled group writes the
 * blocks of a range one after the other. Runs without such a pair are not merged (a sort of every run would
 * cost more than it saves on lists that were not compiled).
 */
function followingTouch(list: readonly EvalRule[], i: number, j: number): boolean {
  let prev: ParsedCidr | undefined;
  for (let k = i; k < j; k++) {
    const peer = list[k]!.peer;
    if (peer.kind !== 'cidr') continue;
    const c = peer.cidr;
    if (prev !== undefined && prev.family === c.family && c.lo <= prev.hi + 1n && prev.lo <= c.hi + 1n) return true;
    prev = c;
  }
  return false;
}

/** One allow over `first`'s box per maximal interval of the union of `cidrs` (one family, sorted by start). */
function pushMergedIntervals(cidrs: readonly ParsedCidr[], first: EvalRule, out: EvalRule[]): void {
  if (cidrs.length === 0) return;
  const family = cidrs[0]!.family;
  let lo = cidrs[0]!.lo;
  let hi = cidrs[0]!.hi;
  const push = () =>
    out.push({
      allow: true,
      lo: first.lo,
      hi: first.hi,
      peer: { kind: 'cidr', cidr: { family, lo, hi } },
      source: first.source,
    });
  for (let k = 1; k < cidrs.length; k++) {
    const c = cidrs[k]!;
    if (c.lo <= hi + 1n) {
      if (c.hi > hi) hi = c.hi;
    } else {
      push();
      lo = c.lo;
      hi = c.hi;
    }
  }
  push();
}

/** Outcome of one list in one cell. */
export interface CellResult {
  /** Allowed indexes as inclusive runs [a0, b0, a1, b1, ...], closure applied. */
  readonly runs: readonly number[];
  /** Per index: position of the deciding rule in the list, -1 undecided, -2 allowed by the closure. */
  readonly decider: Int32Array;
  /**
   * With `keepDeciders: 'pieces'`: the decided pieces as flat [lo, hi, pos, allow] quads sorted by lo (what the
   * deciders say, in the size of the covering rules rather than of the index space).
   */
  readonly pieces?: Int32Array;
  /** Canonical text of `runs`, for equality. */
  readonly key: string;
  /**
   * The atom indexes the result decides with their deciding rules, kept with it once hosts.ts has read them
   * off the pieces (atomDecidersFlat): a field, not a WeakMap, as each is read by every comparison of the result.
   */
  atomDeciders: Int32Array | undefined;
}

export const UNDECIDED = -1;
export const BY_CLOSURE = -2;

/**
 * First-match painting of one cell; `rules` are in evaluation order. The undecided indexes are kept as
 * sorted disjoint intervals, so a cell costs O(r log r) whatever the size of the index space.
 */
const PIECE_SCALE = 2 ** 21;
/**
 * evaluateCell's buffer for sorting allowed pieces, reused (evaluateCell never runs inside itself; Covering's
 * unionRuns borrows it outside evaluateCell).
 */
let pieceOrder = new Float64Array(64);

/**
 * evaluateCell's undecided intervals and painted pieces, reused (read only while it runs; results copy them).
 * Typed arrays with a fill count: an array emptied with `length = 0` gives back its backing store, so it was
 * reallocated on every cell.
 */
let scratchUndecided: Int32Array = new Int32Array(64);
let scratchPainted: Int32Array = new Int32Array(256);

/** What an evaluation keeps of who decided: a decider per index, the decided pieces, or nothing. */
export type Deciders = boolean | 'pieces';

/** `a` with room for at least `size` entries (its first `used` entries kept). */
function withRoom(a: Int32Array, used: number, size: number): Int32Array {
  if (size <= a.length) return a;
  const grown = new Int32Array(Math.max(size, 2 * a.length));
  grown.set(a.subarray(0, used));
  return grown;
}

export function evaluateCell(
  universe: Universe,
  rules: readonly CellRule[],
  keepDeciders: Deciders = true,
  /** Evaluate `rules[0..count)` only (a scratch array may be longer). */
  count = rules.length,
): CellResult {
  const n = universe.size;
  // Undecided intervals, flat [lo0, hi0, lo1, hi1, ...] in undecided[0..uLen).
  let undecided = scratchUndecided;
  let uLen = 2;
  undecided[0] = 0;
  undecided[1] = n - 1;
  // Decided pieces: [lo, hi, pos, allow] quads in painted[0..pLen).
  let painted = scratchPainted;
  let pLen = 0;
  for (let ri = 0; ri < count; ri++) {
    if (uLen === 0) break;
    const r = rules[ri]!;
    // A rule wholly before or after every undecided index paints nothing (in a large group most rules come
    // after a wide drop or accept has decided their range).
    if (r.b < undecided[0]! || r.a > undecided[uLen - 1]!) continue;
    // First undecided interval ending at or after r.a.
    let lo = 0;
    let hi = uLen >> 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (undecided[2 * mid + 1]! < r.a) lo = mid + 1;
      else hi = mid;
    }
    let k = lo;
    const count = uLen >> 1;
    // What is left of the overlapped intervals: only the first can keep a part left of the rule, only the
    // last a part right of it (every interval in between lies inside the rule's range).
    let left = false;
    let right = false;
    let leftLo = 0;
    let rightHi = 0;
    const allow = r.allow ? 1 : 0;
    while (k < count && undecided[2 * k]! <= r.b) {
      const ulo = undecided[2 * k]!;
      const uhi = undecided[2 * k + 1]!;
      const from = ulo > r.a ? ulo : r.a;
      const to = uhi < r.b ? uhi : r.b;
      if (pLen + 4 > painted.length) painted = scratchPainted = withRoom(painted, pLen, pLen + 4);
      painted[pLen] = from;
      painted[pLen + 1] = to;
      painted[pLen + 2] = r.pos;
      painted[pLen + 3] = allow;
      pLen += 4;
      if (ulo < from) {
        left = true;
        leftLo = ulo;
      }
      if (uhi > to) {
        right = true;
        rightHi = uhi;
      }
      k++;
    }
    if (k > lo) {
      // The overlapped intervals [at, at + removed) become what is left of them (0, 2 or 4 values), in place.
      const at = 2 * lo;
      const removed = 2 * (k - lo);
      const inserted = (left ? 2 : 0) + (right ? 2 : 0);
      if (inserted !== removed) {
        if (inserted > removed) undecided = scratchUndecided = withRoom(undecided, uLen, uLen + inserted - removed);
        undecided.copyWithin(at + inserted, at + removed, uLen);
        uLen += inserted - removed;
      }
      let w = at;
      if (left) {
        undecided[w++] = leftLo;
        undecided[w++] = r.a - 1;
      }
      if (right) {
        undecided[w++] = r.b + 1;
        undecided[w] = rightHi;
      }
    }
  }
  // Allowed pieces in index order (they are disjoint: sorted by start), merged into runs. Each piece is
  // sorted as one number, start * 2^21 + its quad index, exact in a double.
  const quads = pLen / 4;
  let allowedCount = 0;
  for (let q = 0; q < pLen; q += 4) if (painted[q + 3] === 1) allowedCount++;
  const runs: number[] = [];
  if (quads < PIECE_SCALE) {
    if (pieceOrder.length < allowedCount) pieceOrder = new Float64Array(Math.max(allowedCount, 2 * pieceOrder.length));
    const order = pieceOrder;
    let j = 0;
    for (let q = 0; q < pLen; q += 4) if (painted[q + 3] === 1) order[j++] = painted[q]! * PIECE_SCALE + q / 4;
    sortPrefix(order, allowedCount);
    for (let i = 0; i < allowedCount; i++) {
      const q = 4 * (order[i]! % PIECE_SCALE);
      const a = painted[q]!;
      const b = painted[q + 1]!;
      const last = runs.length - 1;
      if (last > 0 && runs[last]! + 1 === a) runs[last] = b;
      else runs.push(a, b);
    }
  } else {
    const allowedPieces: [number, number][] = [];
    for (let q = 0; q < pLen; q += 4) if (painted[q + 3] === 1) allowedPieces.push([painted[q]!, painted[q + 1]!]);
    allowedPieces.sort((x, y) => x[0] - y[0]);
    for (const [a, b] of allowedPieces) {
      const last = runs.length - 1;
      if (last > 0 && runs[last]! + 1 === a) runs[last] = b;
      else runs.push(a, b);
    }
  }
  const closure = universe.closure && universe.nAddr > 0 && runs[0] === 0 && runs[1]! >= universe.nAddr - 1;
  if (keepDeciders === 'pieces') return new Result(runs, NO_DECIDERS, sortedPieces(painted, pLen));
  // Every address allowed: every atom is too (the closure).
  const closedRuns = closure ? [0, n - 1] : runs;
  if (keepDeciders)
    return new DecidedResult(closedRuns, sortedPieces(painted, pLen), n, closure ? universe.nAddr : Infinity);
  return new Result(closedRuns, NO_DECIDERS);
}

const NO_DECIDERS = new Int32Array(0);

/**
 * Painted [lo, hi, pos, allow] quads (disjoint) as one typed array sorted by lo: each quad sorted as one
 * number, lo * 2^21 + its quad index (exact in a double), by the typed-array sort (no comparator calls).
 */
function sortedPieces(painted: Int32Array, length: number): Int32Array {
  const count = length / 4;
  const out = new Int32Array(length);
  if (count >= PIECE_SCALE) {
    const order = Array.from({ length: count }, (_, i) => i).sort((x, y) => painted[4 * x]! - painted[4 * y]!);
    order.forEach((q, i) => {
      for (let k = 0; k < 4; k++) out[4 * i + k] = painted[4 * q + k]!;
    });
    return out;
  }
  if (pieceOrder.length < count) pieceOrder = new Float64Array(Math.max(count, 2 * pieceOrder.length));
  const order = pieceOrder;
  for (let i = 0; i < count; i++) order[i] = painted[4 * i]! * PIECE_SCALE + i;
  sortPrefix(order, count);
  for (let i = 0; i < count; i++) {
    const q = 4 * (order[i]! % PIECE_SCALE);
    out[4 * i] = painted[q]!;
    out[4 * i + 1] = painted[q + 1]!;
    out[4 * i + 2] = painted[q + 2]!;
    out[4 * i + 3] = painted[q + 3]!;
  }
  return out;
}

class Result implements CellResult {
  #key: string | undefined;
  atomDeciders: Int32Array | undefined = undefined;
  constructor(
    readonly runs: readonly number[],
    readonly decider: Int32Array,
    readonly pieces?: Int32Array,
  ) {}

  get key(): string {
    return (this.#key ??= this.runs.join(','));
  }
}

/**
 * A result that keeps who decided as its decided pieces (the size of the covering rules), not as one decider
 * per index of the universe: `deciderAt` reads one index by binary search, and `decider` (every index) is
 * built only when asked for.
 */
class DecidedResult implements CellResult {
  #key: string | undefined;
  atomDeciders: Int32Array | undefined = undefined;
  #decider: Int32Array | undefined;
  constructor(
    readonly runs: readonly number[],
    /** [lo, hi, pos, allow] quads sorted by lo. */
    readonly decided: Int32Array,
    readonly size: number,
    /** With the closure: the first atom index (atoms no allow painted are BY_CLOSURE); else Infinity. */
    readonly closedFrom: number,
  ) {}

  get key(): string {
    return (this.#key ??= this.runs.join(','));
  }

  /** The piece holding index `i` (its offset in `decided`), or -1. */
  #pieceAt(i: number): number {
    const p = this.decided;
    let lo = 0;
    let hi = p.length / 4 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (p[4 * mid + 1]! < i) lo = mid + 1;
      else if (p[4 * mid]! > i) hi = mid - 1;
      else return 4 * mid;
    }
    return -1;
  }

  at(i: number): number {
    const q = this.#pieceAt(i);
    if (i >= this.closedFrom) return q >= 0 && this.decided[q + 3] === 1 ? this.decided[q + 2]! : BY_CLOSURE;
    return q >= 0 ? this.decided[q + 2]! : UNDECIDED;
  }

  /** Whether the rule at `pos` decides some index. */
  decides(pos: number): boolean {
    const p = this.decided;
    for (let q = 0; q < p.length; q += 4)
      if (p[q + 2] === pos && (p[q + 3] === 1 || p[q]! < this.closedFrom)) return true;
    return false;
  }

  get decider(): Int32Array {
    if (this.#decider !== undefined) return this.#decider;
    const decider = new Int32Array(this.size).fill(UNDECIDED);
    const p = this.decided;
    for (let q = 0; q < p.length; q += 4) decider.fill(p[q + 2]!, p[q], p[q + 1]! + 1);
    if (this.closedFrom !== Infinity) {
      for (let i = this.closedFrom; i < this.size; i++) if (this.at(i) === BY_CLOSURE) decider[i] = BY_CLOSURE;
    }
    return (this.#decider = decider);
  }
}

/** The rule position that decided index `i` of a cell result evaluated with deciders (see CellResult.decider). */
export function deciderAt(result: CellResult, i: number): number {
  return result instanceof DecidedResult ? result.at(i) : result.decider[i]!;
}

/** Whether the rule at list position `pos` decides some index of a cell result evaluated with deciders. */
export function decidesSome(result: CellResult, pos: number): boolean {
  return result instanceof DecidedResult ? result.decides(pos) : result.decider.includes(pos);
}

/** The same values in the same order (each compared with ===): allowed runs, covering rule lists. */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether `kept` is `rules[0..count)`, item by item (===). */
function samePrefix<T>(kept: readonly T[], rules: readonly T[], count: number): boolean {
  if (kept.length !== count) return false;
  for (let i = 0; i < count; i++) if (kept[i] !== rules[i]) return false;
  return true;
}

/**
 * One list's rules covering a cell, interned by forEachCovering (the same rules give the same object), with
 * its result evaluated only when first asked for: a caller that can answer from the rules themselves (a
 * comparison of two unions of allowed ranges, host-verdict.ts) skips the evaluation. Read it during the call
 * that gave it.
 */
export class Covering {
  #result: CellResult | undefined;
  #rules: readonly CellRule[] | undefined;
  /** undefined: not computed yet; null: not a union (see unionRuns). */
  #union: readonly number[] | null | undefined;
  readonly #scope: CoveringScope;
  constructor(
    /** The covering rules as the partition met them (representatives of same-box rules: sameBoxRules). */
    readonly reps: readonly CellRule[],
    scope: CoveringScope,
  ) {
    this.#scope = scope;
  }

  get result(): CellResult {
    return (this.#result ??= this.#scope.evaluate(this.reps));
  }

  /** Every covering rule, representatives expanded (see sameBoxRules), in list order. */
  get rules(): readonly CellRule[] {
    return (this.#rules ??= this.#scope.expanded(this.reps));
  }

  /**
   * The indexes the list allows in the cell, without the closure, when they are a plain union: the rules are
   * allows followed by rules that allow nothing (each later allow lies inside earlier denies of that rest),
   * so first match allows exactly what the leading allows name (an AWS list; a compiled Aliyun list ending in
   * its deny-everything egress). Sorted disjoint runs as evaluateCell gives them; undefined otherwise.
   */
  get unionRuns(): readonly number[] | undefined {
    if (this.#union === undefined)
      // Every deny lies in the rest after the leading allows, which unionOfLeadingAllows gives up on beyond
      // UNION_REST_MAX rules: so more denies than that is no union, known from the representatives without
      // expanding them (a large source with drops would otherwise expand, and keep, every covering).
      this.#union =
        this.#scope.deniesIn(this.reps) > UNION_REST_MAX ? null : (unionOfLeadingAllows(this.rules) ?? null);
    return this.#union ?? undefined;
  }
}

/** How a forEachCovering call evaluates and expands its coverings. */
interface CoveringScope {
  evaluate(reps: readonly CellRule[]): CellResult;
  expanded(reps: readonly CellRule[]): readonly CellRule[];
  /** The denies among the rules the representatives stand for. */
  deniesIn(reps: readonly CellRule[]): number;
}

/** The denies among `rules`. */
function denyCount(rules: readonly CellRule[]): number {
  let n = 0;
  for (const r of rules) if (!r.allow) n++;
  return n;
}

/** Rules after the leading allows that unionOfLeadingAllows checks one by one; beyond, it gives up. */
const UNION_REST_MAX = 16;

/** Covering.unionRuns of a rule list in evaluation order (undefined when it is not a plain union). */
function unionOfLeadingAllows(rules: readonly CellRule[]): number[] | undefined {
  let k = 0;
  while (k < rules.length && rules[k]!.allow) k++;
  if ((k < rules.length && !restAllowsNothing(rules, k)) || k >= PIECE_SCALE) return undefined;
  // The leading allows by start (start * 2^21 + index, exact in a double), merged as evaluateCell merges.
  if (pieceOrder.length < k) pieceOrder = new Float64Array(Math.max(k, 2 * pieceOrder.length));
  const order = pieceOrder;
  for (let i = 0; i < k; i++) order[i] = rules[i]!.a * PIECE_SCALE + i;
  sortPrefix(order, k);
  const runs: number[] = [];
  for (let i = 0; i < k; i++) {
    const r = rules[order[i]! % PIECE_SCALE]!;
    const last = runs.length - 1;
    if (last > 0 && runs[last]! + 1 >= r.a) {
      if (r.b > runs[last]!) runs[last] = r.b;
    } else runs.push(r.a, r.b);
  }
  return runs;
}

/** Whether rules[from..] allow no index: every allow among them lies inside the denies before it there. */
function restAllowsNothing(rules: readonly CellRule[], from: number): boolean {
  if (rules.length - from > UNION_REST_MAX) return false;
  for (let i = from; i < rules.length; i++) {
    const r = rules[i]!;
    if (!r.allow) continue;
    // [r.a, r.b] is covered when the denies before it, extended from r.a, reach r.b.
    let reach = r.a - 1;
    for (let grown = true; grown && reach < r.b;) {
      grown = false;
      for (let j = from; j < i; j++) {
        const d = rules[j]!;
        if (!d.allow && d.a <= reach + 1 && d.b > reach) {
          reach = d.b;
          grown = true;
        }
      }
    }
    if (reach < r.b) return false;
  }
  return true;
}

/** Interned coverings by rule list: hashed, then compared exactly. */
class CoveringMemo {
  readonly #byHash = new Map<number, Covering[]>();
  constructor(readonly scope: CoveringScope) {}

  /**
   * The covering of `rules[0..count)`, made of a copy of them the first time. `rules` may be a scratch array
   * with stale entries past `count`.
   */
  get(rules: readonly CellRule[], count: number): Covering {
    let h1 = 0x811c9dc5;
    let h2 = count;
    // An index loop: `for…of` here allocated an iterator result per rule whenever V8 left get unoptimized.
    for (let i = 0; i < count; i++) {
      const r = rules[i]!;
      h1 = Math.imul(h1 ^ r.pos, 0x01000193);
      h2 = (Math.imul(h2, 31) + r.pos + r.list * 7919) | 0;
    }
    // Both hashes in one exact number (h1 is 32 bits, 20 bits of h2 above it); entries are compared exactly.
    const key = (h2 & 0xfffff) * 4294967296 + (h1 >>> 0);
    const bucket = this.#byHash.get(key);
    if (bucket !== undefined) for (const c of bucket) if (samePrefix(c.reps, rules, count)) return c;
    // The memo keeps a copy (`rules` is a scratch array).
    const covering = new Covering(rules.slice(0, count), this.scope);
    if (bucket) bucket.push(covering);
    else this.#byHash.set(key, [covering]);
    return covering;
  }
}

/** A box over the non-peer dimensions: inclusive [lo, hi] per dimension. */
export type Box = readonly (readonly [number, number])[];

export interface Leaf {
  readonly box: Box;
  /** One result per list. */
  readonly results: readonly CellResult[];
}

/**
 * Visit every cell of the non-peer space: the space is split on the breakpoints of the rules covering each
 * piece, one dimension after the other. `visit` gets the rules covering the cell (in the order given; a scratch
 * array: copy it to keep it) and the cell's box (a scratch array too, its [lo, hi] pairs included). The cells tile the whole space.
 * `piecesPerChunk`: how many pieces of a dimension have their rules bucketed at once (tests lower it).
 */
export function forEachCell(
  universe: Universe,
  rules: readonly CellRule[],
  visit: (covering: readonly CellRule[], box: Box) => void,
  piecesPerChunk = PIECES_PER_CHUNK,
): void {
  forEachCellCounted(
    universe,
    rules,
    (covering, count, box) => {
      if (covering.length !== count) (covering as CellRule[]).length = count;
      visit(covering, box);
    },
    piecesPerChunk,
    false,
  );
}

/**
 * forEachCell, with each cell's covering rules as `covering[0..count)` of a scratch array that may hold stale
 * rules past `count` (not truncated: a bucket array cut short would give back its backing store and grow anew
 * in the next chunk). `freshPairs`: every piece gets a [lo, hi] pair of its own, never changed (a visit may
 * keep the pairs); else one pair per dimension is rewritten from piece to piece (a visit that keeps no box
 * makes no garbage pair per piece).
 */
function forEachCellCounted(
  universe: Universe,
  rules: readonly CellRule[],
  visit: (covering: readonly CellRule[], count: number, box: Box) => void,
  piecesPerChunk: number,
  freshPairs: boolean,
): void {
  const max = DIM_MAX.map((m, d) => (d === DIM.local ? universe.localMax : m));
  const box: [number, number][] = [];
  const pairs = max.map((): [number, number] => [0, 0]);

  const full = max.map((m) => [0, m] as [number, number]);

  // One set of buffers per dimension, reused: a piece's buffers are read while its sub-pieces (deeper
  // dimensions only) are split. The buffers outlive the call (taken, and given back at the end, so a visit
  // that split again would get buffers of its own).
  const levels = sharedLevels ?? [];
  sharedLevels = undefined;

  // `covering[0..count)` are the rules covering the piece (a bucket may hold stale rules past `count`).
  const split = (covering: CellRule[] | readonly CellRule[], count: number, from: number, cut: number): void => {
    // Dimensions no covering rule cuts are one piece each.
    let dim = from;
    while (dim < DIM_COUNT && (cut & (1 << dim)) === 0) box[dim] = full[dim++]!;
    if (dim === DIM_COUNT) return visit(covering, count, box);
    const level = (levels[dim] ??= newLevel());
    const hi0 = max[dim]!;
    // Breakpoints: 0, hi0 + 1 and every rule's bounds, sorted and distinct.
    const size = 2 * count + 2;
    if (level.bounds.length < size) level.bounds = new Float64Array(Math.max(size, 2 * level.bounds.length));
    const raw = level.bounds;
    raw[0] = 0;
    raw[1] = hi0 + 1;
    let n = 2;
    for (let i = 0; i < count; i++) {
      const r = covering[i]!;
      raw[n++] = r.lo[dim]!;
      raw[n++] = r.hi[dim]! + 1;
    }
    sortPrefix(raw, n);
    let m = 1;
    for (let i = 1; i < n; i++) if (raw[i] !== raw[m - 1]) raw[m++] = raw[i]!;
    const sorted = raw.subarray(0, m);
    const pieces = m - 1;
    // The pieces each rule covers: [first, last).
    if (level.first.length < count) {
      level.first = new Int32Array(Math.max(count, 2 * level.first.length));
      level.last = new Int32Array(level.first.length);
    }
    const { first, last } = level;
    for (let i = 0; i < count; i++) {
      const r = covering[i]!;
      first[i] = indexOfPoint(sorted, r.lo[dim]!);
      last[i] = indexOfPoint(sorted, r.hi[dim]! + 1);
    }
    // The rules of each piece, bucketed in rule order (so each bucket keeps evaluation order), a chunk of
    // pieces at a time: a wide rule is in every piece it covers, so the buckets of all pieces at once can hold
    // millions of entries (20,000 rules: 16 million at one level). Each chunk re-reads the covering rules,
    // which costs less than the buckets did. Bucket arrays are reused and never emptied (each has a count),
    // so they keep their size from chunk to chunk instead of being reallocated.
    const chunk = Math.min(pieces, piecesPerChunk);
    const { buckets } = level;
    while (buckets.length < chunk) buckets.push([]);
    if (level.counts.length < chunk) {
      level.counts = new Int32Array(chunk);
      level.cuts = new Int32Array(chunk);
    }
    const { counts, cuts } = level;
    for (let k0 = 0; k0 < pieces; k0 += chunk) {
      const k1 = Math.min(pieces, k0 + chunk);
      counts.fill(0, 0, k1 - k0);
      cuts.fill(0, 0, k1 - k0);
      for (let i = 0; i < count; i++) {
        const start = Math.max(first[i]!, k0);
        const end = Math.min(last[i]!, k1);
        if (start >= end) continue;
        const r = covering[i]!;
        for (let k = start - k0; k < end - k0; k++) {
          buckets[k]![counts[k]!++] = r;
          cuts[k]! |= r.cut;
        }
      }
      for (let k = k0; k < k1; k++) {
        if (freshPairs) box[dim] = [sorted[k]!, sorted[k + 1]! - 1];
        else {
          const pair = pairs[dim]!;
          pair[0] = sorted[k]!;
          pair[1] = sorted[k + 1]! - 1;
          box[dim] = pair;
        }
        split(buckets[k - k0]!, counts[k - k0]!, dim + 1, cuts[k - k0]!);
      }
    }
  };
  let cut = 0;
  for (const r of rules) cut |= r.cut;
  try {
    split(rules, rules.length, 0, cut);
  } finally {
    // The buckets hold rules of this call: emptied, so they keep nothing alive.
    for (const level of levels) if (level !== undefined) for (const b of level.buckets) b.length = 0;
    sharedLevels = levels;
  }
}

/**
 * Pieces of one dimension whose rules forEachCell buckets at once. Larger chunks measured slower and
 * allocated more on the 20,000-rule bench group (bucket arrays that grow anew), and no faster on 1,000 rules.
 */
const PIECES_PER_CHUNK = 64;

/** forEachCell's buffers for one dimension. */
interface Level {
  /** Breakpoints, sorted and distinct in their first entries. */
  bounds: Float64Array;
  /** Per covering rule, the first piece it covers and the piece after its last. */
  first: Int32Array;
  last: Int32Array;
  /** Per piece of a chunk: its rules (the first `counts` entries), and the dimensions they cut. */
  readonly buckets: CellRule[][];
  counts: Int32Array;
  cuts: Int32Array;
}

function newLevel(): Level {
  return {
    bounds: new Float64Array(64),
    first: new Int32Array(32),
    last: new Int32Array(32),
    buckets: [],
    counts: new Int32Array(PIECES_PER_CHUNK),
    cuts: new Int32Array(PIECES_PER_CHUNK),
  };
}

/** forEachCell's buffers per dimension between calls (undefined while a call holds them). */
let sharedLevels: (Level | undefined)[] | undefined = [];

/**
 * Sort a[0..n) ascending in place (finite numbers). Breakpoint and piece lists are mostly short: insertion
 * sort needs no allocation and no call into the engine's sort; longer lists use the typed-array sort.
 */
function sortPrefix(a: Float64Array, n: number): void {
  if (n > 48) {
    a.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/** Index of `value` in a sorted array that holds it. */
function indexOfPoint(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function compareListOrder(x: CellRule, y: CellRule): number {
  return x.list - y.list || x.pos - y.pos;
}

function inListOrder(rules: readonly CellRule[]): boolean {
  for (let i = 1; i < rules.length; i++) if (compareListOrder(rules[i - 1]!, rules[i]!) > 0) return false;
  return true;
}

/**
 * Split the non-peer space into cells on the breakpoints of the rules covering each piece, and evaluate
 * every list in every cell. The leaves tile the whole space.
 */
export function partition(
  universe: Universe,
  rules: readonly CellRule[],
  listCount: number,
  keepDeciders: Deciders = true,
): Leaf[] {
  const leaves: Leaf[] = [];
  visitLeaves(
    universe,
    rules,
    listCount,
    keepDeciders,
    (box, results) => {
      // Every piece has a fresh [lo, hi] pair, never changed: the pairs can be shared.
      leaves.push({ box: box.slice(), results: results.slice() });
    },
    SAME_BOX_MIN_RULES,
    true,
  );
  return leaves;
}

/**
 * `partition` without keeping the leaves: `visit` gets each cell's box and one result per list (both scratch
 * arrays, the box's [lo, hi] pairs too: copy them to keep them). From `sameBoxFrom` rules on, the space is
 * split on one rule per box (sameBoxRules; the same cells and results: tests compare both ways). Results of
 * lists with the same covering rules are the same objects, so a caller that only needs the distinct results
 * (a comparison, the deciding rules) can skip repeats by identity.
 * `evaluated` (optional) gets each distinct covering list once, when it is evaluated: all its rules in list
 * order (a scratch array: copy it to keep it); an empty list may come once for all lists.
 */
export function forEachLeaf(
  universe: Universe,
  rules: readonly CellRule[],
  listCount: number,
  keepDeciders: Deciders,
  visit: (box: Box, results: readonly CellResult[]) => void,
  sameBoxFrom = SAME_BOX_MIN_RULES,
  evaluated?: (covering: readonly CellRule[]) => void,
): void {
  visitLeaves(universe, rules, listCount, keepDeciders, visit, sameBoxFrom, false, evaluated);
}

/** forEachLeaf; `freshPairs` as in forEachCellCounted (partition keeps the boxes). */
function visitLeaves(
  universe: Universe,
  rules: readonly CellRule[],
  listCount: number,
  keepDeciders: Deciders,
  visit: (box: Box, results: readonly CellResult[]) => void,
  sameBoxFrom: number,
  freshPairs: boolean,
  evaluated?: (covering: readonly CellRule[]) => void,
): void {
  const results: CellResult[] = [];
  visitCoverings(
    universe,
    rules,
    listCount,
    keepDeciders,
    (box, coverings) => {
      for (let l = 0; l < listCount; l++) results[l] = coverings[l]!.result;
      visit(box, results);
    },
    sameBoxFrom,
    freshPairs,
    evaluated,
  );
}

/**
 * forEachLeaf with each list's covering rules instead of its result: `visit` gets the cell's box (a scratch
 * array, as forEachLeaf's) and one interned Covering per list, whose result is evaluated only if asked for.
 * Lists with the same covering rules give the same Covering, so a caller can skip repeats by identity.
 */
export function forEachCovering(
  universe: Universe,
  rules: readonly CellRule[],
  listCount: number,
  keepDeciders: Deciders,
  visit: (box: Box, coverings: readonly Covering[]) => void,
  sameBoxFrom = SAME_BOX_MIN_RULES,
): void {
  visitCoverings(universe, rules, listCount, keepDeciders, visit, sameBoxFrom, false);
}

/** forEachCovering; `freshPairs` and `evaluated` as in visitLeaves. */
function visitCoverings(
  universe: Universe,
  rules: readonly CellRule[],
  listCount: number,
  keepDeciders: Deciders,
  visit: (box: Box, coverings: readonly Covering[]) => void,
  sameBoxFrom: number,
  freshPairs: boolean,
  evaluated?: (covering: readonly CellRule[]) => void,
): void {
  // Rules in list order, so every covering list keeps evaluation order (placeRules already gives them so:
  // then there is nothing to sort).
  const ordered = inListOrder(rules) ? rules : [...rules].sort(compareListOrder);
  const boxes = sameBoxRules(ordered, sameBoxFrom);
  // A covering list of representatives is evaluated as every rule they stand for, in list order: the same
  // rules, in the same order, as a split on every rule would have given the cell.
  const memo = new CoveringMemo(
    boxes.members === undefined
      ? {
          evaluate: (covering) => {
            evaluated?.(covering);
            return evaluateCell(universe, covering, keepDeciders);
          },
          expanded: (covering) => covering,
          deniesIn: denyCount,
        }
      : {
          evaluate: (covering) => {
            const n = expand(covering, boxes);
            if (n < 0) {
              evaluated?.(covering);
              return evaluateCell(universe, covering, keepDeciders);
            }
            // `evaluated` sees every rule the representatives stand for, in list order.
            evaluated?.(expandedRules.slice(0, n));
            return evaluateCell(universe, expandedRules, keepDeciders, n);
          },
          expanded: (covering) => {
            const n = expand(covering, boxes);
            return n < 0 ? covering : expandedRules.slice(0, n);
          },
          deniesIn: (covering) => {
            let n = 0;
            for (const r of covering) n += denyCount(boxes.members![r.list]?.[r.pos] ?? [r]);
            return n;
          },
        },
  );
  // The covering rules of each list: byList[l][0..counts[l]), reused from leaf to leaf and never emptied
  // (the memo copies what it keeps).
  const byList: CellRule[][] = Array.from({ length: listCount }, () => []);
  const counts = new Int32Array(listCount);
  const coverings: Covering[] = [];
  try {
    forEachCellCounted(
      universe,
      boxes.reps,
      (covering, count, box) => {
        if (listCount === 1) coverings[0] = memo.get(covering, count);
        else {
          counts.fill(0);
          for (let i = 0; i < count; i++) {
            const r = covering[i]!;
            byList[r.list]![counts[r.list]!++] = r;
          }
          for (let l = 0; l < listCount; l++) coverings[l] = memo.get(byList[l]!, counts[l]!);
        }
        visit(box, coverings);
      },
      PIECES_PER_CHUNK,
      freshPairs,
    );
  } finally {
    expandedRules.length = 0;
  }
}

/**
 * Rules of one list with the same box cover the same cells, so the space is split on one representative per
 * box and list: the first of its rules (`reps`, in list order). `members` lists, under each representative
 * that stands for more than one rule, all of them in list order, and `atPos` every rule by list and position;
 * both undefined when no two rules share a box.
 */
interface SameBox {
  readonly reps: readonly CellRule[];
  /** By list and position of a representative: all its rules, in list order (absent: itself only). */
  readonly members: (CellRule[] | undefined)[][] | undefined;
  readonly atPos: CellRule[][] | undefined;
}

/**
 * Below this many rules the split on every rule costs less than finding the representatives (measured on the
 * benchmark's fleet groups and its 1,000-rule group); both give the same cells and the same results.
 */
export const SAME_BOX_MIN_RULES = 256;

function sameBoxRules(rules: readonly CellRule[], minRules: number): SameBox {
  if (rules.length < minRules) return { reps: rules, members: undefined, atPos: undefined };
  // Representatives by a hash of list and box (a number: no key text per rule), compared exactly.
  const byHash = new Map<number, CellRule[][]>();
  const reps: CellRule[] = [];
  let shared = false;
  for (const r of rules) {
    let h = r.list;
    for (let d = 0; d < DIM_COUNT; d++) {
      h = Math.imul(h ^ r.lo[d]!, 0x01000193);
      h = Math.imul(h ^ r.hi[d]!, 0x01000193);
    }
    let bucket = byHash.get(h);
    if (bucket === undefined) byHash.set(h, (bucket = []));
    const same = bucket.find((g) => g[0]!.list === r.list && sameBox(g[0]!, r));
    if (same === undefined) {
      bucket.push([r]);
      reps.push(r);
    } else {
      same.push(r);
      shared = true;
    }
  }
  if (!shared) return { reps: rules, members: undefined, atPos: undefined };
  const members: (CellRule[] | undefined)[][] = [];
  for (const bucket of byHash.values())
    for (const same of bucket) if (same.length > 1) (members[same[0]!.list] ??= [])[same[0]!.pos] = same;
  const atPos: CellRule[][] = [];
  for (const r of rules) (atPos[r.list] ??= [])[r.pos] = r;
  return { reps, members, atPos };
}

/** expand's buffer of positions, reused (expand never runs inside itself). */
let expandOrder = new Float64Array(64);
/**
 * expand's rules: the first entries of the last expansion, reused (evaluateCell reads them only while it runs;
 * emptied when a forEachLeaf ends, so it keeps no rules alive).
 */
const expandedRules: CellRule[] = [];

/**
 * The rules a covering list of representatives of one list stands for (see sameBoxRules), in list order:
 * their positions sorted as numbers (no comparator calls), then read back by position into
 * `expandedRules[0..n)`. Returns n, or -1 when each representative stands for itself only (the covering list
 * is the answer).
 */
function expand(covering: readonly CellRule[], boxes: SameBox): number {
  if (covering.length === 0) return -1;
  const list = covering[0]!.list;
  const members = boxes.members![list] ?? [];
  let count = 0;
  for (const r of covering) count += members[r.pos]?.length ?? 1;
  if (count === covering.length) return -1;
  if (expandOrder.length < count) expandOrder = new Float64Array(Math.max(count, 2 * expandOrder.length));
  const order = expandOrder;
  let n = 0;
  for (const r of covering) {
    const same = members[r.pos];
    if (same === undefined) order[n++] = r.pos;
    else for (const m of same) order[n++] = m.pos;
  }
  sortPrefix(order, n);
  const byPos = boxes.atPos![list]!;
  for (let i = 0; i < n; i++) expandedRules[i] = byPos[order[i]!]!;
  return n;
}

/** Runs helpers: sets of indexes as sorted inclusive runs. */
export function runsHas(runs: readonly number[], i: number): boolean {
  for (let k = 0; k < runs.length; k += 2) {
    if (i < runs[k]!) return false;
    if (i <= runs[k + 1]!) return true;
  }
  return false;
}

/** Whether every index of runs `a` is in runs `b` (both sorted and disjoint, `b`'s touching runs merged). */
export function runsWithin(a: readonly number[], b: readonly number[]): boolean {
  let j = 0;
  for (let k = 0; k < a.length; k += 2) {
    const lo = a[k]!;
    while (j < b.length && b[j + 1]! < lo) j += 2;
    // Runs are merged, so one run of `b` must hold the whole run of `a`.
    if (j >= b.length || b[j]! > lo || b[j + 1]! < a[k + 1]!) return false;
  }
  return true;
}

/** Runs of `a` minus runs of `b` (both sorted, disjoint): a linear merge. */
export function runsSubtract(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let j = 0;
  for (let k = 0; k < a.length; k += 2) {
    let lo = a[k]!;
    const hi = a[k + 1]!;
    while (j < b.length && b[j + 1]! < lo) j += 2;
    let m = j;
    while (m < b.length && b[m]! <= hi && lo <= hi) {
      if (b[m]! > lo) out.push(lo, b[m]! - 1);
      lo = Math.max(lo, b[m + 1]! + 1);
      m += 2;
    }
    if (lo <= hi) out.push(lo, hi);
  }
  return out;
}

/** Runs in both `a` and `b`: a linear merge. */
export function runsIntersect(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]!, b[j]!);
    const hi = Math.min(a[i + 1]!, b[j + 1]!);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}
