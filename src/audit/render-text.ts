/**
 * The audit for a terminal: different pairs worst first, each difference with its exposure, the rule that
 * lets it in and what keeps it out on the other side; then unpaired groups and one summary line. Equivalent
 * pairs are counted, not listed (the JSON lists them). Long lists are cut with a count of the rest.
 */
import { groupName, other, place, plural, regionText, servicesText, sideRef, summaryText } from './render-common.js';
import type { AuditResult, PairResult } from './types.js';

/** Differences shown per pair; the rest are counted. */
export const SHOWN_PER_PAIR = 10;

function pairLines(p: PairResult): string[] {
  const worst = p.differences[0]?.exposure.level ?? 'low';
  const out = [`${worst.toUpperCase().padEnd(8)} ${groupName(p.a)} vs ${groupName(p.b)}, paired by ${p.pairedBy}`];
  for (const d of p.differences.slice(0, SHOWN_PER_PAIR)) {
    const services = servicesText(d);
    out.push(
      `  only ${d.allowedBy} allows  ${d.exposure.level.padEnd(8)} ${regionText(d, 4)}${services ? `  [${services}]` : ''}`,
    );
    const ref = sideRef(p, d.allowedBy);
    if (d.allowing)
      out.push(
        `      ${d.allowedBy}: ${d.allowing.text}${d.allowing.pointer !== undefined ? ` at ${place(ref.file, d.allowing.pointer)}` : ''}`,
      );
    if (d.denying) out.push(`      ${other(d.allowedBy)}: ${d.denying.text}`);
  }
  const hidden = Math.max(0, p.differences.length - SHOWN_PER_PAIR) + p.omitted.A + p.omitted.B;
  if (hidden > 0)
    out.push(
      `  … ${plural(hidden, 'more difference')} (--format json lists ${p.omitted.A + p.omitted.B > 0 ? 'up to the engine cap' : 'them all'})`,
    );
  const seen = new Set<string>();
  for (const f of p.findings) {
    const key = `${f.side}:${f.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const more = p.findings.filter((g) => g.side === f.side && g.code === f.code).length - 1;
    out.push(
      `  ${f.side} ${f.severity} ${f.code} at ${place(sideRef(p, f.side).file, f.pointer || '/')}: ${f.message}${more > 0 ? ` (+${more} more)` : ''}`,
    );
  }
  return out;
}

export function renderAuditText(r: AuditResult): string {
  const out: string[] = [];
  const different = r.pairs.filter((p) => !p.equivalent);
  for (const p of different) out.push(...pairLines(p), '');
  if (r.summary.equivalent > 0)
    out.push(
      `${plural(r.summary.equivalent, 'pair')} equivalent${r.assumeDisjoint ? ' (assuming group members and prefix-list addresses are disjoint: --assume-disjoint)' : ''}`,
      '',
    );
  if (r.unpaired.length > 0) {
    out.push('unpaired:');
    for (const u of r.unpaired)
      out.push(`  ${u.side} ${groupName(u.group)} at ${place(u.group.file, u.group.pointer)}: ${u.reason}`);
    out.push('');
  }
  out.push(summaryText(r.summary));
  return `${out.join('\n')}\n`;
}
