/** Text and Markdown of plans: the steps in order (transient ones marked), the verdicts, and the findings. */
import type { Plan, PlanResult } from '../plan/types.js';
import { groupFindings, placesText } from './render-findings.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function head(p: Plan): string {
  const created =
    p.steps[0]?.action === 'CreateSecurityGroup'
      ? `, a new group${p.target.sourceGroupId !== undefined ? ` for ${p.target.sourceGroupId}` : ''}`
      : '';
  return `${p.target.groupId} (${p.target.provider}${p.target.region ? ` ${p.target.region}` : ''}${created}): ${plural(p.steps.length, 'step')}; before ${p.before}, after ${p.after}`;
}

export function planSummaryLine(result: PlanResult): string {
  const steps = result.plans.reduce((n, p) => n + p.steps.length, 0);
  const transient = result.plans.reduce((n, p) => n + p.steps.filter((s) => s.transient).length, 0);
  const errors = result.plans.flatMap((p) => p.findings).filter((f) => f.severity === 'error').length;
  const exact = result.plans.filter((p) => p.after === 'exact').length;
  return `${plural(result.plans.length, 'plan')}: ${plural(steps, 'step')} (${transient} with a transient denial); ${exact} exact after${errors ? `; ${plural(errors, 'error')}` : ''}`;
}

export function renderPlanText(result: PlanResult): string {
  const out: string[] = [];
  for (const p of result.plans) {
    out.push(head(p), `  base ${p.baseDigest}`);
    if (p.steps.length === 0) out.push('  (no steps: the group already has the desired meaning)');
    p.steps.forEach((s, i) =>
      out.push(`  ${i + 1}. ${s.action}${s.transient ? ' [transient denial]' : ''} ${JSON.stringify(s.request)}`),
    );
    if (p.findings.length) {
      out.push('  findings:');
      for (const { finding: f, pointers } of groupFindings(p.findings))
        out.push(`    ${f.severity.padEnd(7)} ${f.code} at ${placesText(pointers)}: ${f.message} (${f.hint})`);
    }
    out.push('');
  }
  out.push(planSummaryLine(result));
  return `${out.join('\n')}\n`;
}

export function renderPlanMarkdown(result: PlanResult): string {
  const out: string[] = ['# sgbridge plan', '', `**${planSummaryLine(result)}**`, ''];
  for (const p of result.plans) {
    out.push(`## ${head(p)}`, '', `Base digest: \`${p.baseDigest}\``, '');
    if (p.steps.length === 0) out.push('No steps: the group already has the desired meaning.', '');
    else {
      out.push('| # | action | transient | request |', '|---|---|---|---|');
      p.steps.forEach((s, i) =>
        out.push(
          `| ${i + 1} | \`${s.action}\` | ${s.transient ? 'yes' : 'no'} | \`${JSON.stringify(s.request).replace(/\|/g, '\\|')}\` |`,
        ),
      );
      out.push('');
    }
    if (p.findings.length) {
      out.push('Findings:', '');
      for (const { finding: f, pointers } of groupFindings(p.findings))
        out.push(
          `- **${f.severity}** \`${f.code}\` (${f.effect}) at ${placesText(pointers, (x) => `\`${x}\``)}: ${f.message}. ${f.hint}`,
        );
      out.push('');
    }
  }
  return out.join('\n');
}
