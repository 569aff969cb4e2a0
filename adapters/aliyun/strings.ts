/**
 * Aliyun's rules for group names and descriptions (reference A.3, CreateSecurityGroup): a name is 2–128
 * characters, starts with a letter or a Chinese character, and holds only letters, digits, `:`, `_`, `.`, `-`;
 * a description is 2–256 characters. Neither may start with `http://` or `https://`. The writer rewrites what
 * Aliyun would reject (each rewrite reported) and `validate` reports it with Aliyun's error codes.
 */
import { aliyunCapabilities } from '../../tables/capabilities.js';
import type { Report } from '../../src/report/report.js';

const limits = aliyunCapabilities.limits;
const MIN = limits.groupTextMinLength;
const NAME_CHAR = /^[A-Za-z0-9:_.\-\p{Script=Han}]$/u;
const NAME_START = /^[A-Za-z\p{Script=Han}]/u;
const URL_START = /^https?:\/\//i;
/** What a rewritten name starts with when the original cannot start one. */
const NAME_PREFIX = 'sg';

/** Why Aliyun rejects a group name, or undefined when it accepts it. */
export function groupNameProblem(name: string): string | undefined {
  const chars = [...name];
  if (chars.length < MIN || chars.length > limits.groupNameLength)
    return `it must be ${MIN}–${limits.groupNameLength} characters`;
  if (URL_START.test(name)) return 'it must not start with http:// or https://';
  if (!NAME_START.test(name)) return 'it must start with a letter or a Chinese character';
  if (!chars.every((c) => NAME_CHAR.test(c))) return 'it may hold only letters, digits, Chinese characters and : _ . -';
  return undefined;
}

/** Why Aliyun rejects a group description, or undefined when it accepts it. */
export function groupDescriptionProblem(description: string): string | undefined {
  const n = [...description].length;
  if (n < MIN || n > limits.groupDescriptionLength)
    return `it must be ${MIN}–${limits.groupDescriptionLength} characters`;
  if (URL_START.test(description)) return 'it must not start with http:// or https://';
  return undefined;
}

/** A name Aliyun accepts: other characters become `_`, a bad start gets a prefix, cut to the limit. */
export function aliyunGroupName(name: string | undefined, pointer: string, report: Report): string {
  if (name === undefined || name === '' || groupNameProblem(name) === undefined) return name ?? '';
  let out = [...name.replace(URL_START, '')].map((c) => (NAME_CHAR.test(c) ? c : '_')).join('');
  if (!NAME_START.test(out)) out = `${NAME_PREFIX}-${out}`;
  out = [...out].slice(0, limits.groupNameLength).join('');
  if ([...out].length < MIN) out = `${out}${'_'.repeat(MIN - [...out].length)}`;
  report.add('name_rewritten', pointer, { from: name, to: 'Aliyun', name: out });
  return out;
}

/** A description Aliyun accepts: a URL start is set off, short text padded, long text cut; each reported. */
export function aliyunGroupDescription(description: string | undefined, pointer: string, report: Report): string {
  if (description === undefined || description === '') return '';
  const why = groupDescriptionProblem(description);
  if (why === undefined) return description;
  let out = URL_START.test(description) ? `URL ${description}` : description;
  const chars = [...out];
  if (chars.length < MIN) out = `${out}${'.'.repeat(MIN - chars.length)}`;
  if (chars.length > limits.groupDescriptionLength) {
    out = chars.slice(0, limits.groupDescriptionLength).join('');
    report.add('description_truncated', pointer, { max: limits.groupDescriptionLength, to: 'Aliyun' });
  }
  if (out.slice(0, limits.groupDescriptionLength) !== description.slice(0, limits.groupDescriptionLength)) {
    report.add('description_rewritten', pointer, { to: 'Aliyun', why, value: out });
  }
  return out;
}
