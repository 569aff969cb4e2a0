/**
 * Findings for human output: findings that say the same thing (same code, severity, message and hint) at
 * several places are one line with their places, so fifty "CreateTime is not carried over" lines do not bury
 * the one warning that matters. The JSON output keeps every finding with its own pointer.
 */
import type { Finding } from './report.js';

export interface FindingGroup {
  readonly finding: Finding;
  /** Every pointer the finding was reported at, in report order. */
  readonly pointers: readonly string[];
}

/** At most this many places are named in one line; the rest are counted. */
export const PLACES_SHOWN = 3;

export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, { finding: Finding; pointers: string[] }>();
  for (const f of findings) {
    const key = `${f.code}\u0000${f.severity}\u0000${f.message}\u0000${f.hint}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { finding: f, pointers: [f.pointer || '/'] });
    else g.pointers.push(f.pointer || '/');
  }
  return [...groups.values()];
}

/** `/a` · `4 places (/a, /b, /c and 1 more)`. */
export function placesText(pointers: readonly string[], quote: (p: string) => string = (p) => p): string {
  if (pointers.length === 1) return quote(pointers[0]!);
  const shown = pointers.slice(0, PLACES_SHOWN).map(quote).join(', ');
  const rest = pointers.length - PLACES_SHOWN;
  return `${pointers.length} places (${shown}${rest > 0 ? ` and ${rest} more` : ''})`;
}
