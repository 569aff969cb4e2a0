/** The Markdown report of a conversion, for pull requests and change tickets. */
import type { ConvertDetail } from '../convert/types.js';
import { groupFindings, placesText } from './render-findings.js';
import { ruleRows, summaryLine, targetLabel } from './render-summary.js';
import { renderChangesMarkdown } from './render-changes.js';

const cell = (lines: readonly string[]): string =>
  lines
    .map((l) => `\`${l.replace(/`/g, "'")}\``)
    .join('<br>')
    .replace(/\|/g, '\\|');

export function renderMarkdown(detail: ConvertDetail): string {
  const { result, canonical } = detail;
  if (result.changes !== undefined) return renderChangesMarkdown(result);
  const out: string[] = [`# sgbridge: ${result.from} → ${result.to}`, '', `**${summaryLine(result)}**`, ''];
  result.groups.forEach((g, i) => {
    const src = g.source;
    const targetId = targetLabel(g);
    out.push(`## ${src.id ?? src.pointer}${src.name ? ` (${src.name})` : ''} → ${targetId}: ${g.verdict}`, '');
    const { rows } = ruleRows(g, canonical[i]);
    if (rows.length) {
      out.push('| source rule | target rule(s) | effect | findings |', '|---|---|---|---|');
      for (const r of rows) {
        out.push(
          `| \`${r.pointer}\`${r.source.length ? `<br>${cell(r.source)}` : ''} | ${r.target.length ? cell(r.target) : '(none)'} | ${r.effect} | ${r.codes.map((c) => `\`${c}\``).join(' ')} |`,
        );
      }
      out.push('');
    }
    if (g.findings.length) {
      out.push('Findings:', '');
      for (const { finding: f, pointers } of groupFindings(g.findings)) {
        out.push(
          `- **${f.severity}** \`${f.code}\` (${f.effect}) at ${placesText(pointers, (p) => `\`${p}\``)}: ${f.message}. ${f.hint}`,
        );
      }
      out.push('');
    }
  });
  return `${out.join('\n')}`;
}
