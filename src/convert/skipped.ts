/**
 * Fail closed on rules a reader could not read. Readers leave such a rule out and record it (`Report.skip`);
 * this module decides what that means, once, for every command that reads groups (convert, diff, explain):
 *
 * - a value the provider itself rejects (a bad or masked CIDR, a missing peer, an out-of-range port, …) stops
 *   the run with exit 2, the file, the JSON pointer and the provider's error code, as `validate` prints them,
 *   unless the user opts in with `--skip-invalid` (`skipInvalid`);
 * - every rule left out (opted in, or a value only a tool could resolve, such as a terraform expression,
 *   which `validate` accepts) is a finding, and counts in the group's verdict: a left-out allow can only make
 *   the result narrower than the real group, a left-out deny may have denied what the output allows, so the
 *   verdict is at least `wider`.
 */
import { TranslateError } from '../errors.js';
import type { Finding, Report, SkippedRule } from '../report/report.js';
import type { Verdict } from '../semantics/api.js';

export interface SkipOptions {
  /** Leave rules with values the provider rejects out (each reported) instead of stopping. Default false. */
  readonly skipInvalid?: boolean;
}

/** What `validate` says about the value at a pointer, if anything. */
export type ValidateAt = (pointer: string) => { readonly providerCode: string; readonly message: string } | undefined;

/** The finding code of a left-out rule: an allow narrows the result; a deny (or a rule of unknown action) may widen it. */
function codeOf(rule: SkippedRule): 'invalid_rule_skipped' | 'invalid_deny_skipped' {
  return rule.action === 'allow' ? 'invalid_rule_skipped' : 'invalid_deny_skipped';
}

/**
 * After a read: stop on the first value the provider rejects (unless `skipInvalid`), else report each rule
 * left out. `file` names the input in the error.
 */
export function failClosed(report: Report, options: SkipOptions = {}, file?: string, validated?: ValidateAt): void {
  if (report.skipped.length === 0) return;
  // A reader that knows no provider code for a value takes validate's code and wording at the same pointer.
  const skipped = report.skipped.map((s) => {
    if (s.unresolved === true || s.providerCode !== undefined) return s;
    const said = validated?.(s.pointer);
    return said === undefined ? s : { ...s, providerCode: said.providerCode, message: said.message };
  });
  const rejected = skipped.filter((s) => s.unresolved !== true);
  if (rejected.length > 0 && options.skipInvalid !== true) {
    const first = rejected[0]!;
    const more = rejected.length - 1;
    const tail =
      more > 0 ? `; ${more} more rule${more === 1 ? '' : 's'} cannot be read (sgbridge validate lists them)` : '';
    throw new TranslateError('input_invalid', `${first.message}${tail}; --skip-invalid leaves such rules out`, {
      ...(file !== undefined && { file }),
      pointer: first.pointer,
      providerCode: first.providerCode ?? 'InvalidParameter',
    });
  }
  for (const s of skipped) {
    report.add(codeOf(s), s.rulePointer, {
      action: s.action,
      reason: s.unresolved !== true ? `${s.providerCode ?? 'InvalidParameter'}: ${s.message}` : s.message,
      value: s.pointer,
    });
  }
}

const JOIN: Record<Verdict, Record<Verdict, Verdict>> = {
  exact: { exact: 'exact', narrower: 'narrower', wider: 'wider', mixed: 'mixed' },
  narrower: { exact: 'narrower', narrower: 'narrower', wider: 'mixed', mixed: 'mixed' },
  wider: { exact: 'wider', narrower: 'mixed', wider: 'wider', mixed: 'mixed' },
  mixed: { exact: 'mixed', narrower: 'mixed', wider: 'mixed', mixed: 'mixed' },
};

/** The least verdict at least as far from exact as both. */
export function joinVerdicts(a: Verdict, b: Verdict): Verdict {
  return JOIN[a][b];
}

/**
 * The verdict against the real source group, given the verdict against the rules that were read and the
 * group's findings: a left-out allow joins `narrower`, a left-out deny `wider`, one of unknown action both.
 */
export function accountForSkipped(v: Verdict, findings: readonly Finding[]): Verdict {
  let out = v;
  for (const f of findings) {
    if (f.code === 'invalid_rule_skipped') out = joinVerdicts(out, 'narrower');
    else if (f.code === 'invalid_deny_skipped')
      out = joinVerdicts(out, f.detail['action'] === 'unknown' ? 'mixed' : 'wider');
  }
  return out;
}

/**
 * What keeps an answer about a group from covering the whole group (for explain and diff, which say so): rules
 * left out, and a page of the group's rules when later pages are missing.
 */
export function skippedFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter(
    (f) =>
      f.code === 'invalid_rule_skipped' ||
      f.code === 'invalid_deny_skipped' ||
      (f.code === 'input_truncated' && String(f.detail['what']).startsWith('group')),
  );
}
