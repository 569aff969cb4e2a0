/**
 * Rule-level information the compiled target may not carry: the compiler rebuilds rules from the meaning, so a
 * description of a deny that was subtracted away, a rule ID or creation time of the source cloud, or an Aliyun
 * NicType has nowhere to go. Each such value is named in a finding at the field that held it, so nothing is
 * lost silently; values that did reach a target rule of the same origin are not reported.
 */
import type { SecurityGroup } from '../model/group.js';
import { childPointer, resolvePointer } from '../model/pointer.js';
import type { ProviderId, Rule } from '../model/rule.js';
import type { Report } from '../report/report.js';

/** Where a field of a source rule sits in the input, or the rule itself when the spelling is unknown. */
export type FieldLocator = (rulePointer: string, spellings: readonly string[]) => string;

export function fieldLocator(has: (pointer: string) => boolean): FieldLocator {
  return (base, spellings) => spellings.map((s) => childPointer(base, ...s.split('/'))).find(has) ?? base;
}

/** Like FieldLocator, but the field must hold this value (a rule may carry several IDs). */
export type ValueLocator = (rulePointer: string, spellings: readonly string[], value: string) => string;

export function valueLocator(valueAt: (pointer: string) => unknown): ValueLocator {
  return (base, spellings, value) =>
    spellings.map((s) => childPointer(base, ...s.split('/'))).find((p) => String(valueAt(p) ?? '').toLowerCase() === value.toLowerCase()) ?? base;
}

/**
 * Both locators over one input document. Same answers as fieldLocator / valueLocator over resolvePointer, but
 * the rule's object is resolved once per rule (not once per spelling) and a pointer is built only for the
 * field found.
 */
export function documentLocators(doc: unknown): { locate: FieldLocator; locateValue: ValueLocator } {
  let lastBase: string | undefined;
  let lastNode: unknown;
  const segmentsOf = new Map<string, string[]>();
  const valueAt = (base: string, spelling: string): unknown => {
    if (base !== lastBase) {
      lastBase = base;
      lastNode = resolvePointer(doc, base);
    }
    let segments = segmentsOf.get(spelling);
    if (segments === undefined) segmentsOf.set(spelling, (segments = spelling.split('/')));
    let cur = lastNode;
    for (const seg of segments) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[seg];
    }
    return cur;
  };
  const at = (base: string, spelling: string) => childPointer(base, ...segmentsOf.get(spelling)!);
  return {
    locate: (base, spellings) => {
      for (const s of spellings) if (valueAt(base, s) !== undefined) return at(base, s);
      return base;
    },
    locateValue: (base, spellings, value) => {
      const wanted = value.toLowerCase();
      for (const s of spellings) if (String(valueAt(base, s) ?? '').toLowerCase() === wanted) return at(base, s);
      return base;
    },
  };
}

const PROVIDER_NAME: Record<ProviderId, string> = { aws: 'AWS', aliyun: 'aliyun' };

export function reportUncarriedRuleFields(
  source: SecurityGroup,
  target: SecurityGroup,
  to: ProviderId,
  locate: FieldLocator,
  report: Report,
): void {
  const crossCloud = source.provider !== to;
  const byOrigin = new Map<string, Rule[]>();
  for (const r of target.rules) {
    const p = r.origin?.pointer;
    if (p === undefined) continue;
    const rules = byOrigin.get(p);
    if (rules === undefined) byOrigin.set(p, [r]);
    else rules.push(r);
  }
  for (const rule of source.rules) {
    const at = rule.origin?.pointer;
    if (at === undefined) continue;
    const written = byOrigin.get(at) ?? [];
    if (rule.description && !written.some((w) => w.description === rule.description)) {
      const field = locate(at, ['Description', 'description']);
      report.add('field_not_translated', field, { field: 'Description', to });
    }
    if (rule.nicType !== undefined && !written.some((w) => w.nicType === rule.nicType)) {
      report.add('nic_type_dropped', locate(at, ['NicType', 'nic_type']), { nicType: rule.nicType, to: PROVIDER_NAME[to] });
    }
    if (!crossCloud) continue;
    // Rule IDs and creation times belong to the source cloud; the target assigns its own.
    if (rule.origin?.ruleId !== undefined) {
      report.add('field_not_translated', locate(at, ['SecurityGroupRuleId', 'security_group_rule_id']), { field: 'SecurityGroupRuleId', to });
    }
    if (rule.origin?.createTime !== undefined) {
      report.add('field_not_translated', locate(at, ['CreateTime']), { field: 'CreateTime', to });
    }
  }
}

/**
 * The compiler rebuilds rules from the meaning, so pieces of a source rule (CIDRs cut around a deny, say) come
 * without its description; give each compiled rule the description of the source rule it came from.
 */
export function carryRuleDescriptions(source: SecurityGroup, target: SecurityGroup): SecurityGroup {
  const byOrigin = new Map<string, string>();
  for (const r of source.rules) {
    if (r.origin?.pointer !== undefined && r.description) byOrigin.set(r.origin.pointer, r.description);
  }
  const rules = target.rules.map((r) => {
    const description = r.origin?.pointer !== undefined ? byOrigin.get(r.origin.pointer) : undefined;
    return r.description === undefined && description !== undefined ? { ...r, description } : r;
  });
  return { ...target, rules };
}
