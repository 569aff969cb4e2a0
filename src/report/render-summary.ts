/** Shared pieces of the human renderers: the summary line and a per-rule view of a converted group. */
import type { Effect } from '../../tables/finding-codes.js';
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

/**
 * The row pointers a finding at `pointer` belongs to: the pointer itself and each ancestor (`/a/b/c` → `/a/b/c`,
 * `/a/b`, `/a`), the pointers `p` with `pointer === p || pointer.startsWith(p + '/')`. The root (`''`) is
 * not a rule's place.
 */
function placesOf(pointer: string): string[] {
  const places = pointer === '' ? [] : [pointer];
  for (let i = pointer.lastIndexOf('/'); i > 0; i = pointer.lastIndexOf('/', i - 1)) places.push(pointer.slice(0, i));
  return places;
}

/** Items by a key, in first-seen order of the keys and input order within each key. */
function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
}

/**
 * One row per source rule pointer: the source rule(s) there, the target rules compiled from them, the worst
 * effect of the findings about them (a finding is about a rule when it points at the rule or inside it), and
 * those findings' codes. Findings about no rule are returned apart. Linear in rules and findings: each finding
 * looks up its own pointer's ancestors instead of every row scanning every finding.
 */
export function ruleRows(
  group: ConvertedGroup,
  canonical: CanonicalPair | undefined,
): { rows: RuleRow[]; other: Finding[] } {
  if (canonical === undefined) return { rows: [], other: [...group.findings] };
  const sources = byKey(canonical.source.rules, pointerOf);
  const targets = byKey(canonical.target.rules, pointerOf);
  const findingsAt = new Map<string, Finding[]>();
  for (const p of sources.keys()) if (p !== '') findingsAt.set(p, []);
  const other: Finding[] = [];
  for (const f of group.findings) {
    let used = false;
    for (const place of placesOf(f.pointer)) {
      const list = findingsAt.get(place);
      if (list === undefined) continue;
      list.push(f);
      used = true;
    }
    if (!used) other.push(f);
  }
  const rows = [...sources].map(([p, rules]): RuleRow => {
    const findings = findingsAt.get(p) ?? [];
    const effect = findings.reduce<Effect>(
      (worst, f) => (EFFECT_RANK[f.effect] > EFFECT_RANK[worst] ? f.effect : worst),
      'exact',
    );
    return {
      pointer: p,
      source: rules.map(ruleText),
      target: (targets.get(p) ?? []).map(ruleText),
      effect,
      codes: [...new Set(findings.map((f) => f.code))],
    };
  });
  // Target rules with no source rule behind them (defaults the target needs, inner access made explicit).
  const extra = canonical.target.rules.filter((r) => !sources.has(pointerOf(r)));
  if (extra.length) {
    rows.push({ pointer: '(added)', source: [], target: extra.map(ruleText), effect: 'exact', codes: [] });
  }
  return { rows, other };
}

/** The target group's ID, or with shards (`--split-over-quota`) every shard's: "3 groups: sg-1 + sg-2 + sg-3". */
export function targetLabel(group: ConvertedGroup): string {
  const id = (t: Record<string, unknown>) => String(t['GroupId'] ?? t['SecurityGroupId'] ?? t['id'] ?? '');
  if (group.targets !== undefined && group.targets.length > 1)
    return `${group.targets.length} groups attached together: ${group.targets.map(id).join(' + ')}`;
  return id(group.target);
}
