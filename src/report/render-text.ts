/** The text report of a conversion: a table per group (source rule, target rules, effect, findings). */
import type { ConvertDetail } from '../convert/types.js';
import { groupFindings, placesText, type FindingGroup } from './render-findings.js';
import { ruleRows, summaryLine, targetLabel, type RuleRow } from './render-summary.js';

export interface TextOptions {
  /** ANSI colours; the CLI turns them on only for a TTY without NO_COLOR. */
  readonly color?: boolean;
}

const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;
type Paint = (style: keyof typeof CODES, text: string) => string;

const COLOR_OF = { exact: 'green', narrower: 'yellow', lossy: 'yellow', wider: 'red', mixed: 'red', error: 'red', warning: 'yellow', info: 'dim' } as const;

function table(rows: readonly RuleRow[], paint: Paint): string[] {
  const header = ['source rule', 'target rule(s)', 'effect', 'findings'];
  const cells = rows.map((r) => [
    [r.pointer, ...r.source.map((s) => `  ${s}`)],
    r.target.length ? [...r.target] : ['(none)'],
    [r.effect],
    r.codes.length ? [...r.codes] : [''],
  ]);
  const width = header.map((h, c) => Math.max(h.length, ...cells.flatMap((row) => row[c]!.map((l) => l.length))));
  const line = (cols: readonly string[]): string => `  ${cols.map((t, c) => t.padEnd(width[c]!)).join('  ')}`.trimEnd();
  const out = [paint('bold', line(header))];
  for (const row of cells) {
    const height = Math.max(...row.map((c) => c.length));
    for (let i = 0; i < height; i++) {
      const cols = row.map((c) => c[i] ?? '');
      const text = line(cols);
      const effect = row[2]![0]!;
      out.push(i === 0 && effect !== 'exact' ? text.replace(effect, paint(COLOR_OF[effect as 'narrower'] ?? 'dim', effect)) : text);
    }
  }
  return out;
}

function findingLine({ finding: f, pointers }: FindingGroup, paint: Paint): string {
  const sev = paint(COLOR_OF[f.severity], f.severity.padEnd(7));
  return `  ${sev} ${f.code} at ${placesText(pointers)}: ${f.message}${f.hint ? ` (${f.hint})` : ''}`;
}

export function renderText(detail: ConvertDetail, options: TextOptions = {}): string {
  const paint: Paint = options.color ? (s, t) => `\u001b[${CODES[s]}m${t}\u001b[0m` : (_s, t) => t;
  const { result, canonical } = detail;
  const out: string[] = [];
  result.groups.forEach((g, i) => {
    const src = g.source;
    const targetId = targetLabel(g);
    const name = src.name ? ` "${src.name}"` : '';
    out.push(
      `${paint('bold', `${src.id ?? src.pointer}${name}`)} (${src.provider}) → ${targetId} (${result.to}): ${paint(COLOR_OF[g.verdict], g.verdict)}`,
    );
    const { rows } = ruleRows(g, canonical[i]);
    if (rows.length) out.push(...table(rows, paint));
    else out.push('  (no rules)');
    if (g.findings.length) {
      out.push('  findings:');
      for (const group of groupFindings(g.findings)) out.push(`  ${findingLine(group, paint)}`);
    }
    out.push('');
  });
  out.push(summaryLine(result));
  return `${out.join('\n')}\n`;
}
