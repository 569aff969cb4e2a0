/** Text and Markdown of translated changes: each source request → the target requests, with its findings. */
import type { ConvertResult, TranslatedChange } from '../convert/types.js';
import { groupFindings, placesText } from './render-findings.js';

const VERDICTS = ['exact', 'narrower', 'wider', 'mixed'] as const;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** e.g. `2 changes: 1 exact, 1 wider; 5 findings (1 error)`. */
export function changesSummaryLine(changes: readonly TranslatedChange[]): string {
  const verdicts = VERDICTS.map((v) => [v, changes.filter((c) => c.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v}`);
  const findings = changes.flatMap((c) => c.findings);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const serious = [warnings ? plural(warnings, 'warning') : '', errors ? plural(errors, 'error') : ''].filter(Boolean);
  return `${plural(changes.length, 'change')}${verdicts.length ? `: ${verdicts.join(', ')}` : ''}; ${plural(findings.length, 'finding')}${serious.length ? ` (${serious.join(', ')})` : ''}`;
}

function head(c: TranslatedChange, to: string): string {
  return `${c.source.action} ${c.source.groupId ?? c.source.pointer} (${c.source.provider}) → ${to}: ${c.verdict}`;
}

export function renderChangesText(
  result: ConvertResult,
  paint: (style: 'bold', text: string) => string = (_s, t) => t,
): string {
  const out: string[] = [];
  for (const c of result.changes ?? []) {
    out.push(paint('bold', head(c, result.to)));
    if (c.target.length === 0) out.push('  (no target request: see the findings)');
    for (const r of c.target) out.push(`  ${r.action} ${JSON.stringify(r.request)}`);
    if (c.findings.length) {
      out.push('  findings:');
      for (const { finding: f, pointers } of groupFindings(c.findings)) {
        out.push(`    ${f.severity.padEnd(7)} ${f.code} at ${placesText(pointers)}: ${f.message} (${f.hint})`);
      }
    }
    out.push('');
  }
  out.push(changesSummaryLine(result.changes ?? []));
  return `${out.join('\n')}\n`;
}

export function renderChangesMarkdown(result: ConvertResult): string {
  const changes = result.changes ?? [];
  const out: string[] = [`# sgbridge: ${result.from} → ${result.to}`, '', `**${changesSummaryLine(changes)}**`, ''];
  for (const c of changes) {
    out.push(`## ${head(c, result.to)}`, '');
    if (c.target.length === 0) out.push('No target request: see the findings.', '');
    else {
      out.push('```json');
      for (const r of c.target) out.push(JSON.stringify(r));
      out.push('```', '');
    }
    if (c.findings.length) {
      out.push('Findings:', '');
      for (const { finding: f, pointers } of groupFindings(c.findings)) {
        out.push(
          `- **${f.severity}** \`${f.code}\` (${f.effect}) at ${placesText(pointers, (p) => `\`${p}\``)}: ${f.message}. ${f.hint}`,
        );
      }
      out.push('');
    }
  }
  return out.join('\n');
}
