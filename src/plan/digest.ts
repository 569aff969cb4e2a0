/**
 * baseDigest(group): identifies the state of a group that a plan was made for. `apply` re-reads the live group
 * and refuses when its digest differs (drift). The digest covers what decides the group's meaning and what a
 * plan's steps refer to — the group's identity, type, inner-access policy and every rule's matching fields,
 * action, priority and description — and ignores where the rules were read from (origin pointers, list order),
 * so the same group read from a file export or pulled live gives the same digest.
 */
import { createHash } from 'node:crypto';
import type { SecurityGroup } from '../model/group.js';
import type { Rule } from '../model/rule.js';

/** A rule without its origin, with keys in a fixed order. */
function ruleKey(rule: Rule): string {
  const { origin: _origin, ...fields } = rule;
  return stableJson(fields);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `sha256:<hex>` of the group's identity, type, policy and sorted rule keys. */
export function baseDigest(group: SecurityGroup): string {
  const head = stableJson({
    provider: group.provider,
    id: group.id,
    type: group.type,
    innerAccessPolicy: group.innerAccessPolicy,
  });
  const rules = group.rules.map(ruleKey).sort();
  const hash = createHash('sha256').update(head);
  for (const r of rules) hash.update('\n').update(r);
  return `sha256:${hash.digest('hex')}`;
}
