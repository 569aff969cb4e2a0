/** Finding bookkeeping of the pipeline: which group a reader's finding belongs to, and a stable order. */
import { parsePointer } from '../model/pointer.js';
import type { Finding } from '../report/report.js';

function within(pointer: string, base: string): boolean {
  return base === '' || pointer === base || pointer.startsWith(`${base}/`);
}

/**
 * Split a reader's findings over the groups: each goes to the group whose pointer is the longest prefix of
 * its own. A finding outside every group (a document-level fact) goes to the first group, so none is lost.
 */
export function assignToGroups(findings: readonly Finding[], groupPointers: readonly string[]): Finding[][] {
  const out = groupPointers.map((): Finding[] => []);
  if (out.length === 0) return out;
  for (const f of findings) {
    let best = -1;
    groupPointers.forEach((p, i) => {
      if (within(f.pointer, p) && (best < 0 || p.length > groupPointers[best]!.length)) best = i;
    });
    out[best < 0 ? 0 : best]!.push(f);
  }
  return out;
}

/** Pointer order with numeric segments compared as numbers (/2 before /10), then by code. */
export function compareFindings(a: Finding, b: Finding): number {
  const sa = parsePointer(a.pointer);
  const sb = parsePointer(b.pointer);
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const x = sa[i]!;
    const y = sb[i]!;
    if (x === y) continue;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  if (sa.length !== sb.length) return sa.length - sb.length;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}
