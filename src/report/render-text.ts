/** The text report of a conversion: a table per group (source rule, target rules, effect, findings). */
import type { ConvertDetail } from '../convert/types.js';
import { groupFindings, placesText, type FindingGroup } from './render-findings.js';
import { ruleRows, summaryLine, targetLabel, type RuleRow } from './render-summary.js';
import { renderChangesText } from './render-changes.js';
import { fitColumns, wrapLine } from './wrap.js';

export interface TextOptions {
  /** ANSI colours; the CLI turns them on only for a TTY without NO_COLOR. */
  readonly color?: boolean;
  /**
   * Columns to fit: table cells and finding lines wrap to it. Absent: no limit. The CLI passes COLUMNS, the
   * terminal's width, or 100 when not a terminal.
   */
  readonly width?: number;
}

const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;
type Paint = (style: keyof typeof CODES, text: string) => string;

const COLOR_OF = {
  exact: 'green',
  narrower: 'yellow',
  lossy: 'yellow',
  wider: 'red',
  mixed: 'red',
  error: 'red',
  warning: 'yellow',
  info: 'dim',
} as const;

/** The width of each column: its widest line. A loop, not Math.max(...lines): a large group has more lines than a call takes arguments. */
function widths(header: readonly string[], cells: readonly (readonly string[])[][]): number[] {
  const width = header.map((h) => h.length);
  for (const row of cells) row.forEach((col, c) => col.forEach((l) => (width[c] = Math.max(width[c]!, l.length))));
  return width;
}

function table(rows: readonly RuleRow[], paint: Paint, maxWidth: number | undefined): string[] {
  const header = ['source rule', 'target rule(s)', 'effect', 'findings'];
  let cells = rows.map((r) => [
    [r.pointer, ...r.source.map((s) => `  ${s}`)],
    r.target.length ? [...r.target] : ['(none)'],
    [r.effect],
    r.codes.length ? [...r.codes] : [''],
  ]);
  let width = widths(header, cells);
  if (maxWidth !== undefined && 2 + width.reduce((a, b) => a + b, 0) + 2 * (width.length - 1) > maxWidth) {
    // Too wide: the finding codes go under the source rule, then the source and target columns shrink (the
    // wider first) and their lines wrap.
    header.pop();
    cells = cells.map(([source, target, effect], i) => [
      [...source!, ...(rows[i]!.codes.length ? [`  (${rows[i]!.codes.join(', ')})`] : [])],
      target!,
      effect!,
    ]);
    const natural = widths(header, cells);
    const fitted = fitColumns(natural, [0, 1], maxWidth, 2, 2);
    cells = cells.map((row) =>
      row.map((col, c) => (natural[c]! > fitted[c]! ? col.flatMap((l) => wrapLine(l, fitted[c]!)) : col)),
    );
    width = widths(header, cells);
  }
  const line = (cols: readonly string[]): string => `  ${cols.map((t, c) => t.padEnd(width[c]!)).join('  ')}`.trimEnd();
  const out = [paint('bold', line(header))];
  for (const row of cells) {
    const height = Math.max(...row.map((c) => c.length));
    for (let i = 0; i < height; i++) {
      const cols = row.map((c) => c[i] ?? '');
      const text = line(cols);
      const effect = row[2]![0]!;
      out.push(
        i === 0 && effect !== 'exact'
          ? text.replace(effect, paint(COLOR_OF[effect as 'narrower'] ?? 'dim', effect))
          : text,
      );
    }
  }
  return out;
}

/** A finding as lines of the report, wrapped under its code when a width is given. */
function findingLines({ finding: f, pointers }: FindingGroup, paint: Paint, width: number | undefined): string[] {
  const text = `    ${f.severity.padEnd(7)} ${f.code} at ${placesText(pointers)}: ${f.message}${f.hint ? ` (${f.hint})` : ''}`;
  const lines = width === undefined ? [text] : wrapLine(text, width, 8);
  // The severity is painted after wrapping, so the width counts only visible characters.
  lines[0] = `    ${paint(COLOR_OF[f.severity], f.severity.padEnd(7))}${lines[0]!.slice(4 + 7)}`;
  return lines;
}

export function renderText(detail: ConvertDetail, options: TextOptions = {}): string {
  const paint: Paint = options.color ? (s, t) => `\u001b[${CODES[s]}m${t}\u001b[0m` : (_s, t) => t;
  const { result, canonical } = detail;
  if (result.changes !== undefined) return renderChangesText(result, paint);
  const out: string[] = [];
  result.groups.forEach((g, i) => {
    const src = g.source;
    const targetId = targetLabel(g);
    const name = src.name ? ` "${src.name}"` : '';
    const title = `${src.id ?? src.pointer}${name}`;
    const heading = `${title} (${src.provider}) → ${targetId} (${result.to}): ${g.verdict}`;
    if (options.width !== undefined && heading.length > options.width)
      for (const l of wrapLine(heading, options.width)) out.push(l);
    else
      out.push(
        `${paint('bold', title)} (${src.provider}) → ${targetId} (${result.to}): ${paint(COLOR_OF[g.verdict], g.verdict)}`,
      );
    const { rows } = ruleRows(g, canonical[i]);
    if (rows.length) for (const l of table(rows, paint, options.width)) out.push(l);
    else out.push('  (no rules)');
    if (g.findings.length) {
      out.push('  findings:');
      for (const group of groupFindings(g.findings))
        for (const l of findingLines(group, paint, options.width)) out.push(l);
    }
    out.push('');
  });
  out.push(summaryLine(result));
  return `${out.join('\n')}\n`;
}
