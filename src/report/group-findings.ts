/**
 * Grouped findings (`convert --group-findings`, JSON output): a large group repeats one finding per rule (the
 * same code, message, hint and detail at thousands of pointers), and the report JSON grows with it. Findings
 * that agree on everything but the pointer become one entry with every pointer, in order, and a count; a
 * finding that occurs once keeps its ordinary shape. Nothing is dropped: each pointer of the input is in
 * exactly one entry, and the entries keep the order of each group's first finding.
 */
import type { ConvertResult, ConvertedGroup, TranslatedChange } from '../convert/types.js';
import type { Finding } from './report.js';

/** Findings that differ only by pointer, as one entry: `pointers` in input order, `count` of them. */
export type GroupedFinding = Omit<Finding, 'pointer'> & {
  readonly pointers: readonly string[];
  readonly count: number;
};

/** What a finding says apart from where: the grouping key. */
function keyOf(f: Finding): string {
  return JSON.stringify([f.code, f.severity, f.effect, f.message, f.hint, f.detail]);
}

/** The findings with repeats grouped (module comment). */
export function groupRepeatedFindings(findings: readonly Finding[]): (Finding | GroupedFinding)[] {
  const byKey = new Map<string, Finding[]>();
  const order: Finding[][] = [];
  for (const f of findings) {
    const key = keyOf(f);
    let same = byKey.get(key);
    if (same === undefined) {
      byKey.set(key, (same = []));
      order.push(same);
    }
    same.push(f);
  }
  return order.map((same) => {
    if (same.length === 1) return same[0]!;
    const { code, severity, effect, message, hint, detail } = same[0]!;
    return { code, severity, effect, pointers: same.map((f) => f.pointer), count: same.length, message, hint, detail };
  });
}

/** One converted group with its findings grouped (as in `withGroupedFindings`). */
export function withGroupedGroupFindings(group: ConvertedGroup): Omit<ConvertedGroup, 'findings'> & {
  findings: (Finding | GroupedFinding)[];
} {
  return { ...group, findings: groupRepeatedFindings(group.findings) };
}

/** A conversion result with each group's (and each change's) findings grouped. */
export function withGroupedFindings(
  result: ConvertResult,
): Omit<ConvertResult, 'groups' | 'changes'> & { groups: unknown[]; changes?: unknown[] } {
  const { groups, changes, ...rest } = result;
  return {
    ...rest,
    groups: groups.map(withGroupedGroupFindings),
    ...(changes !== undefined && {
      changes: changes.map((c: TranslatedChange) => ({ ...c, findings: groupRepeatedFindings(c.findings) })),
    }),
  };
}
