/**
 * AWS string rules (reference B.3), as data plus two functions. Rule descriptions use the safe set (without
 * `&`: the reference is [UNCERTAIN] whether PrefixListId/UserIdGroupPair descriptions accept it, so it is left
 * out everywhere); group descriptions and names use the documented set with `&`.
 */
import { awsCapabilities } from '../../tables/capabilities.js';
import type { Report } from '../../src/report/report.js';

/** a-z A-Z 0-9 space and ._-:/()#,@[]+=;{}!$* */
export const RULE_DESCRIPTION_CHARS = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=;{}!$*]*$/;
/** The same with `&` (group Description, GroupName, IpRange/Ipv6Range descriptions per the SDK). */
export const GROUP_TEXT_CHARS = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;
/** The character written in place of one AWS rejects. */
export const REPLACEMENT = '_';
/** Group names AWS refuses: `sg-` prefix (case-insensitive). `default` is reserved only for creation. */
export const FORBIDDEN_NAME_PREFIX = /^sg-/i;

export type TextKind = 'rule' | 'group';

function allowedChar(ch: string, kind: TextKind): boolean {
  return (kind === 'rule' ? RULE_DESCRIPTION_CHARS : GROUP_TEXT_CHARS).test(ch);
}

/** Text AWS accepts: rejected characters replaced, cut to the limit; each change reported at `pointer`. */
export function awsText(text: string, kind: TextKind, pointer: string, report: Report): string {
  const max =
    kind === 'rule' ? awsCapabilities.limits.ruleDescriptionLength : awsCapabilities.limits.groupDescriptionLength;
  // Text AWS already accepts (the common case) as it is: every allowed character is ASCII, one per code unit.
  if (text.length <= max && (kind === 'rule' ? RULE_DESCRIPTION_CHARS : GROUP_TEXT_CHARS).test(text)) return text;
  let count = 0;
  let out = '';
  for (const ch of text) {
    if (allowedChar(ch, kind)) out += ch;
    else {
      out += REPLACEMENT;
      count++;
    }
  }
  if (count > 0)
    report.add('description_charset', pointer, { count, replaced: count === 1 ? '1 was' : `${count} were`, to: 'AWS' });
  const chars = [...out];
  if (chars.length > max) {
    out = chars.slice(0, max).join('');
    report.add('description_truncated', pointer, { max, to: 'AWS' });
  }
  return out;
}

/** True when AWS accepts the text as it is. */
export function isAwsText(text: string, kind: TextKind): boolean {
  const max =
    kind === 'rule' ? awsCapabilities.limits.ruleDescriptionLength : awsCapabilities.limits.groupDescriptionLength;
  return [...text].length <= max && [...text].every((ch) => allowedChar(ch, kind));
}
