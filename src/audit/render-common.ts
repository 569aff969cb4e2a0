/** Wording shared by the audit's renderers: how groups, places and differences are named. */
import type { AuditCode } from '../../tables/audit-codes.js';
import type { AuditSummary, Difference, GroupRef, PairResult, Side, UnpairedGroup } from './types.js';

/** `sg-1 "web" (aliyun)`. */
export function groupName(g: GroupRef): string {
  const head = g.id ?? (g.name !== undefined ? `"${g.name}"` : g.pointer || '/');
  const name = g.id !== undefined && g.name !== undefined ? ` "${g.name}"` : '';
  return `${head}${name} (${g.provider})`;
}

/** `file#/pointer`, or the file alone for a document's root. */
export function place(file: string, pointer: string | undefined): string {
  return pointer ? `${file}#${pointer}` : file;
}

export function codeOfDifference(d: Difference): AuditCode {
  return d.allowedBy === 'A' ? 'only_a_allows' : 'only_b_allows';
}

export function codeOfUnpaired(u: UnpairedGroup): AuditCode {
  return u.side === 'A' ? 'unpaired_a' : 'unpaired_b';
}

export function other(side: Side): Side {
  return side === 'A' ? 'B' : 'A';
}

/** The group on one side of a pair. */
export function sideRef(p: PairResult, side: Side): GroupRef {
  return side === 'A' ? p.a : p.b;
}

/** `SSH 22, MySQL 3306` (at most `max` services, then a count). */
export function servicesText(d: Difference, max = 3): string {
  const names = [...new Set(d.exposure.sensitive.map((s) => `${s.service} ${s.port}`))];
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/**
 * One line describing a difference: the region, then the hosts it holds for when it depends on them. With
 * `maxPeers`, a long peer list is cut (the count of the rest is given) so a line fits a terminal or a table.
 */
export function regionText(d: Difference, maxPeers = Infinity): string {
  const { text, peers, condition } = d.region;
  let out = text;
  const at = peers.length > maxPeers ? text.indexOf(peers[0]!) : -1;
  if (at >= 0) {
    const internet =
      d.exposure.peer === 'internet' && !peers.includes('0.0.0.0/0') && !peers.includes('::/0')
        ? ' (every public address)'
        : '';
    out = `${text.slice(0, at)}${peers.slice(0, maxPeers).join(', ')}, … ${peers.length} peers in all${internet}`;
  }
  return condition && !text.includes(condition) ? `${out} (only for ${condition})` : out;
}

/** `1.2 s` / `85 ms`. */
export function durationText(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function summaryText(s: AuditSummary): string {
  const levels = (['critical', 'high', 'medium', 'low'] as const)
    .filter((l) => s.differentByLevel[l] > 0)
    .map((l) => `${s.differentByLevel[l]} ${l}`);
  const different = `${s.different} different${levels.length ? ` (${levels.join(', ')})` : ''}`;
  return `${plural(s.pairs, 'pair')}: ${s.equivalent} equivalent, ${different}; unpaired: ${s.unpaired.A} in A, ${s.unpaired.B} in B; ${durationText(s.durationMs)}`;
}
