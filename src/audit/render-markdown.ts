/**
 * The audit as Markdown for a pull-request comment: a summary table, one section per different pair (worst
 * first) with a table of its differences, then unpaired groups. Equivalent pairs are counted.
 */
import { groupName, other, place, plural, regionText, servicesText, sideRef, summaryText } from './render-common.js';
import { SHOWN_PER_PAIR } from './render-text.js';
import type { AuditResult, PairResult } from './types.js';

/** Table cells: pipes escaped, newlines flattened, code spans for what the user may copy. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

function pairSection(p: PairResult): string[] {
  const worst = p.differences[0]?.exposure.level ?? 'low';
  const out = [
    `### ${worst}: ${cell(groupName(p.a))} vs ${cell(groupName(p.b))}`,
    '',
    `Paired by ${p.pairedBy}. A: ${code(place(p.a.file, p.a.pointer))}, B: ${code(place(p.b.file, p.b.pointer))}.`,
    '',
  ];
  out.push('| only | exposure | traffic | services | allowed by | other side |', '|---|---|---|---|---|---|');
  for (const d of p.differences.slice(0, SHOWN_PER_PAIR)) {
    const ref = sideRef(p, d.allowedBy);
    const allowed = d.allowing
      ? `${cell(d.allowing.text)}${d.allowing.pointer !== undefined ? ` at ${code(place(ref.file, d.allowing.pointer))}` : ''}`
      : '';
    const denied = d.denying ? `${other(d.allowedBy)}: ${cell(d.denying.text)}` : '';
    out.push(
      `| ${d.allowedBy} | ${d.exposure.level} | ${code(regionText(d, 4))} | ${cell(servicesText(d))} | ${allowed} | ${denied} |`,
    );
  }
  const hidden = Math.max(0, p.differences.length - SHOWN_PER_PAIR) + p.omitted.A + p.omitted.B;
  if (hidden > 0) out.push('', `… and ${plural(hidden, 'more difference')} (see the JSON or SARIF output).`);
  if (p.findings.length > 0) {
    out.push('', '<details><summary>Findings that explain parts of this difference</summary>', '');
    for (const f of p.findings)
      out.push(
        `- ${f.side} ${f.severity} \`${f.code}\` at ${code(place(sideRef(p, f.side).file, f.pointer || '/'))}: ${cell(f.message)}`,
      );
    out.push('', '</details>');
  }
  out.push('');
  return out;
}

export function renderAuditMarkdown(r: AuditResult): string {
  const s = r.summary;
  const out = ['## sgbridge audit', '', `${summaryText(s)}.`, ''];
  out.push(
    '| pairs | equivalent | critical | high | medium | low | unpaired in A | unpaired in B |',
    '|---|---|---|---|---|---|---|---|',
  );
  out.push(
    `| ${s.pairs} | ${s.equivalent} | ${s.differentByLevel.critical} | ${s.differentByLevel.high} | ${s.differentByLevel.medium} | ${s.differentByLevel.low} | ${s.unpaired.A} | ${s.unpaired.B} |`,
    '',
  );
  if (r.assumeDisjoint)
    out.push(
      'Assuming group members and prefix-list addresses are disjoint from each other and from CIDRs (`--assume-disjoint`).',
      '',
    );
  for (const p of r.pairs) if (!p.equivalent) out.push(...pairSection(p));
  if (r.unpaired.length > 0) {
    out.push('### Unpaired groups', '', '| side | group | where | why |', '|---|---|---|---|');
    for (const u of r.unpaired)
      out.push(
        `| ${u.side} | ${cell(groupName(u.group))} | ${code(place(u.group.file, u.group.pointer))} | ${cell(u.reason)} |`,
      );
    out.push('');
  }
  return `${out.join('\n')}`;
}
