/** Shared pieces of the human renderers: the summary line and a per-rule view of a converted group. */
import type { Effect } from '../../mappings/findings.js';
import type { CanonicalPair, ConvertResult, ConvertedGroup } from '../convert/types.js';
import type { Rule } from '../model/rule.js';
import type { Finding } from './report.js';
import { ruleText } from './render-rule.js';

const VERDICT_ORDER = ['exact', 'narrower', 'wider', 'mixed'] as const;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `3 groups: 2 exact, 1 narrower; 5 findings (2 warnings)`. */
export function summaryLine(result: ConvertResult): string {
  const groups = result.groups;
  const verdicts = VERDICT_ORDER.map((v) => [v, groups.filter((g) => g.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v}`);
  const findings = groups.flatMap((g) => g.findings);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const serious = [warnings ? plural(warnings, 'warning') : '', errors ? plural(errors, 'error') : ''].filter(Boolean);
  const tail = serious.length ? ` (${serious.join(', ')})` : '';
  const head = `${plural(groups.length, 'group')}${verdicts.length ? `: ${verdicts.join(', ')}` : ''}`;
  return `${head}; ${plural(findings.length, 'finding')}${tail}`;
}

export interface RuleRow {
  readonly pointer: string;
  readonly source: readonly string[];
  readonly target: readonly string[];
  readonly effect: Effect;
  readonly codes: readonly string[];
}

const EFFECT_RANK: Record<Effect, number> = { exact: 0, lossy: 1, narrower: 2, wider: 3 };

function pointerOf(rule: Rule): string {
  return rule.origin?.pointer ?? '';
}

function within(pointer: string, base: string): boolean {
  return pointer === base || pointer.startsWith(`${base}/`);
}

/**
 * One row per source rule pointer: the source rule(s) there, the target rules compiled from them, the worst
 * effect of the findings about them, and those findings' codes. Findings about no rule are returned apart.
 */
export function ruleRows(group: ConvertedGroup, canonical: CanonicalPair | undefined): { rows: RuleRow[]; other: Finding[] } {
  if (canonical === undefined) return { rows: [], other: [...group.findings] };
  const pointers = [...new Set(canonical.source.rules.map(pointerOf))];
  const used = new Set<Finding>();
  const rows = pointers.map((p): RuleRow => {
    const findings = p === '' ? [] : group.findings.filter((f) => within(f.pointer, p));
    findings.forEach((f) => used.add(f));
    const effect = findings.reduce<Effect>((worst, f) => (EFFECT_RANK[f.effect] > EFFECT_RANK[worst] ? f.effect : worst), 'exact');
    return {
      pointer: p,
      source: canonical.source.rules.filter((r) => pointerOf(r) === p).map(ruleText),
      target: canonical.target.rules.filter((r) => pointerOf(r) === p).map(ruleText),
      effect,
      codes: [...new Set(findings.map((f) => f.code))],
    };
  });
  // Target rules with no source rule behind them (defaults the target needs, inner access made explicit).
  const known = new Set(pointers);
  const extra = canonical.target.rules.filter((r) => !known.has(pointerOf(r)));
  if (extra.length) {
    rows.push({ pointer: '(added)', source: [], target: extra.map(ruleText), effect: 'exact', codes: [] });
  }
  return { rows, other: group.findings.filter((f) => !used.has(f)) };
}

/** The target group's ID, or with shards (`--split-over-quota`) every shard's: "3 groups: sg-1 + sg-2 + sg-3". */
export function targetLabel(group: ConvertedGroup): string {
  const id = (t: Record<string, unknown>) => String(t['GroupId'] ?? t['SecurityGroupId'] ?? t['id'] ?? '');
  if (group.targets !== undefined && group.targets.length > 1) return `${group.targets.length} groups attached together: ${group.targets.map(id).join(' + ')}`;
  return id(group.target);
}
