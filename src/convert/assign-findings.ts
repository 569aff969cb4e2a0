/** Finding bookkeeping of the pipeline: which group a reader's finding belongs to, and a stable order. */
import { memoByText } from '../address/memo.js';
import { parsePointer } from '../model/pointer.js';
import type { Finding } from '../report/report.js';

/**
 * Split a reader's findings over the groups: each goes to the group whose pointer is the longest prefix of
 * its own (the first such group when pointers repeat). A finding outside every group (a document-level
 * fact) goes to the first group, so none is lost.
 */
export function assignToGroups(findings: readonly Finding[], groupPointers: readonly string[]): Finding[][] {
  const out = groupPointers.map((): Finding[] => []);
  if (out.length === 0) return out;
  const first = new Map<string, number>();
  groupPointers.forEach((p, i) => {
    if (!first.has(p)) first.set(p, i);
  });
  for (const f of findings) out[owner(f.pointer, first) ?? 0]!.push(f);
  return out;
}

/**
 * The group holding a pointer: the pointer itself, then each prefix that ends before a `/` (longest first),
 * then the document ('').
 */
function owner(pointer: string, first: ReadonlyMap<string, number>): number | undefined {
  const exact = first.get(pointer);
  if (exact !== undefined) return exact;
  for (let cut = pointer.lastIndexOf('/'); cut >= 0; cut = cut === 0 ? -1 : pointer.lastIndexOf('/', cut - 1)) {
    const i = first.get(pointer.slice(0, cut));
    if (i !== undefined) return i;
  }
  return first.get('');
}

/** A pointer's segments, each with its value when it is a number (numeric segments compare as numbers). */
interface SortKey {
  readonly segments: readonly string[];
  readonly numbers: readonly number[];
}

/** True for a non-empty run of ASCII digits (what /^\d+$/ accepts), without a regex per segment. */
function isDigits(x: string): boolean {
  if (x.length === 0) return false;
  for (let i = 0; i < x.length; i++) {
    const c = x.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function sortKey(pointer: string): SortKey {
  const segments = parsePointer(pointer);
  const numbers = new Array<number>(segments.length);
  for (let i = 0; i < segments.length; i++) numbers[i] = isDigits(segments[i]!) ? Number(segments[i]) : NaN;
  return { segments, numbers };
}

function compareKeys(ka: SortKey, a: Finding, kb: SortKey, b: Finding): number {
  // One key per pointer text (see sortFindings): the same key is the same pointer, so only codes differ.
  if (ka !== kb) {
    const sa = ka.segments;
    const sb = kb.segments;
    for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
      const x = sa[i]!;
      const y = sb[i]!;
      if (x === y) continue;
      const nx = ka.numbers[i]!;
      const ny = kb.numbers[i]!;
      // Numbers by value (/2 before /10); the same value spelled apart ("01", "1") by text, so the order is total.
      if (!Number.isNaN(nx) && !Number.isNaN(ny) && nx !== ny) return nx - ny;
      return x < y ? -1 : 1;
    }
    if (sa.length !== sb.length) return sa.length - sb.length;
  }
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** Pointer order with numeric segments compared as numbers (/2 before /10), then by code. */
export function compareFindings(a: Finding, b: Finding): number {
  return compareKeys(sortKey(a.pointer), a, sortKey(b.pointer), b);
}

/**
 * Sort keys by pointer text, kept from call to call: the groups of a fleet repeat the same pointers
 * (`/Permissions/Permission/3`), so each is parsed once, not once per group. Two keys of one text (the memo
 * started again between them) still compare equal, by their segments.
 */
const sortKeyOf = memoByText(sortKey, 20_000);

/** A finding with the key it sorts by: of its pointer, or of the rest of its pointer after the group's. */
interface Keyed {
  readonly f: Finding;
  readonly k: SortKey;
  readonly relative: boolean;
}

/** The key of the whole pointer, for comparing a finding under the group with one outside it (rare). */
function wholeKey(x: Keyed): SortKey {
  return x.relative ? sortKey(x.f.pointer) : x.k;
}

function compareKeyed(x: Keyed, y: Keyed): number {
  return x.relative === y.relative ? compareKeys(x.k, x.f, y.k, y.f) : compareKeys(wholeKey(x), x.f, wholeKey(y), y.f);
}

/**
 * Pointer order with numeric segments compared as numbers (/2 before /10), then by code: compareFindings'
 * order (a stable sort). `within` is the pointer of the group the findings are about: a pointer under it is
 * keyed by the rest of its text (`/IpPermissions/3` of `/SecurityGroups/17/IpPermissions/3`), which the
 * groups of one document repeat, so the memo serves them too; two such findings compare as their whole
 * pointers do, since the segments of `within` are the same in both.
 */
export function sortFindings(findings: readonly Finding[], within = ''): Finding[] {
  // Each pointer is parsed once, not once per comparison.
  const keyed = findings.map((f): Keyed => {
    const p = f.pointer;
    if (within === '') return { f, k: sortKeyOf(p), relative: true };
    const under = p.startsWith(within) && (p.length === within.length || p.charCodeAt(within.length) === 47); // '/'
    return under
      ? { f, k: sortKeyOf(p.slice(within.length)), relative: true }
      : { f, k: sortKeyOf(p), relative: false };
  });
  keyed.sort(compareKeyed);
  return keyed.map((x) => x.f);
}
