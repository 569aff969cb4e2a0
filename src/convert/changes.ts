/**
 * A request input (Authorize, Revoke, Modify) is a change to a group, not a group: it translates to the
 * target's requests for the same change, with no defaults added.
 *
 * The meaning of a change, which the verdict compares: the packets its allow rules match and the packets its
 * deny rules match, each as a plain union (no priorities, no defaults). An Authorize of allows adds the first
 * set (on Aliyun, unless a drop of equal or higher priority already decides them); an Authorize of Aliyun drops
 * removes the second; a Revoke removes those rules; a Modify replaces a rule. The verdict says how the target's
 * change relates to the source's, as an effect on the group: for a Revoke, a target that names fewer packets
 * leaves more allowed (wider).
 *
 * What a change cannot say without the group it applies to is an error finding (`change_needs_base`), never a
 * guess: an Aliyun drop on AWS, a rule named only by its ID, an AWS revoke whose Aliyun rule has an unknown
 * priority, a modify. `sgbridge plan <request> --base <group>` turns these into exact requests.
 */
import type { Mapping } from '../idmap/mapping.js';
import type { SecurityGroup } from '../model/group.js';
import type { ProviderId, Rule } from '../model/rule.js';
import { Report, type Finding } from '../report/report.js';
import type { Verdict } from '../semantics/api.js';
import { applyMapping, renameSelf } from './apply-mapping.js';
import type { FieldLocator } from './locators.js';
import { carryRuleDescriptions, reportUncarriedRuleFields } from '../lower/rule-fields.js';
import { compileForTarget } from '../lower/lower.js';
import { verdict as proveVerdict } from '../semantics/index.js';
import { sortFindings } from './assign-findings.js';
import { mapRegion } from './region.js';
import { RULE_ACTIONS, ruleRequests, type Operation } from './requests.js';
import type { SdkRequest, TranslatedChange } from './types.js';

export interface ChangeContext {
  readonly to: ProviderId;
  readonly mapping: Mapping;
  readonly locate: FieldLocator;
  readonly allowWidening: boolean;
  readonly expandProtocols: boolean;
  /** The target group's ID (mapped, same-cloud, or a placeholder with its finding). */
  readonly targetId: string;
}

/** The allow rules (or the deny rules, as allows) of a change as a plain union: AWS semantics, no priority. */
export function changeSet(group: SecurityGroup, rules: readonly Rule[], action: Rule['action']): SecurityGroup {
  const own = rules
    .filter((r) => r.action === action)
    .map(({ priority: _p, ...r }) => ({ ...r, action: 'allow' as const }));
  return {
    modelVersion: group.modelVersion,
    provider: 'aws',
    ...(group.id !== undefined && { id: group.id }),
    rules: own,
  };
}

const FLIP: Record<Verdict, Verdict> = { exact: 'exact', narrower: 'wider', wider: 'narrower', mixed: 'mixed' };

function combine(a: Verdict, b: Verdict): Verdict {
  if (a === b) return a;
  if (a === 'exact') return b;
  if (b === 'exact') return a;
  return 'mixed';
}

/**
 * How the target change relates to the source change, as an effect on the group it is applied to. Allows
 * added: fewer is narrower; drops added: fewer is wider; revoked rules: the reverse of what they are.
 */
export function changeVerdict(
  operation: Operation,
  source: SecurityGroup,
  sourceRules: readonly Rule[],
  target: SecurityGroup,
  targetRules: readonly Rule[],
): Verdict {
  const allows = proveVerdict(changeSet(source, sourceRules, 'allow'), changeSet(target, targetRules, 'allow'));
  const denies = FLIP[proveVerdict(changeSet(source, sourceRules, 'deny'), changeSet(target, targetRules, 'deny'))];
  const effect = combine(allows, denies);
  return operation === 'revoke' ? FLIP[effect] : effect;
}

/** True when the reader met rule IDs (revoke or modify by `SecurityGroupRuleId`), which name rules without content. */
function namesRuleIds(findings: readonly Finding[]): string | undefined {
  return findings.find(
    (f) => f.code === 'field_not_translated' && /SecurityGroupRuleId/.test(String(f.detail['field'])),
  )?.pointer;
}

/** Findings of a compile that make sense for a change (no defaults of a whole group). */
const GROUP_ONLY_CODES = new Set(['implicit_default_added', 'deny_flattened', 'priority_dropped']);

/**
 * The target rules of a change's allows on another cloud: the engine's compile of their union, without the
 * whole-group defaults it would add (the drop-all egress an Aliyun group needs to mean an AWS group).
 */
function compileAllows(
  source: SecurityGroup,
  rules: readonly Rule[],
  ctx: ChangeContext,
  region: string | undefined,
  report: Report,
): { rules: Rule[]; innerAccept: boolean } {
  const union: SecurityGroup = {
    ...changeSet(source, rules, 'allow'),
    id: source.id ?? ctx.targetId,
    pointer: source.pointer ?? '',
  };
  const mapped = applyMapping(
    { ...union, provider: source.provider },
    { mapping: ctx.mapping, to: ctx.to, targetId: ctx.targetId, report, locate: ctx.locate },
  );
  const scratch = new Report();
  const compiled = compileForTarget(
    { ...mapped.compileInput, provider: 'aws' },
    {
      target: ctx.to,
      targetGroupId: ctx.targetId,
      allowWidening: ctx.allowWidening,
      expandProtocols: ctx.expandProtocols,
      region,
      canWrite: mapped.canWrite,
      report: scratch,
      written: false,
    },
  );
  for (const f of scratch.findings) if (!GROUP_ONLY_CODES.has(f.code)) report.add(f.code, f.pointer, f.detail);
  const withText = carryRuleDescriptions({ ...mapped.renamed, provider: 'aws' }, compiled.group);
  reportUncarriedRuleFields(mapped.renamed, withText, ctx.to, ctx.locate, report);
  return {
    rules: withText.rules.filter((r) => r.action === 'allow'),
    innerAccept:
      compiled.group.innerAccessPolicy === 'accept' &&
      scratch.findings.some((f) => f.code === 'self_reference_inner_access'),
  };
}

/** The source request's own API name: its Action, else the operation and direction it was read as. */
export function sourceAction(
  value: unknown,
  provider: ProviderId,
  operation: Operation,
  rules: readonly Rule[],
): string {
  const action = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['Action'] : undefined;
  if (typeof action === 'string' && action !== '') return action;
  return RULE_ACTIONS[provider][operation][rules[0]?.direction ?? 'ingress'];
}

/** Translate one request (read as a group holding the rules it names) into the target's requests. */
export function translateChange(
  source: SecurityGroup,
  operation: Operation,
  action: string,
  readFindings: readonly Finding[],
  ctx: ChangeContext,
): TranslatedChange {
  const report = new Report();
  report.addAll(readFindings);
  const at = source.pointer ?? '';
  const to = ctx.to;
  const region = mapRegion(source.region, source.provider, to, ctx.mapping, report, ctx.locate(at, 'region'));
  const target: SecurityGroup = {
    modelVersion: source.modelVersion,
    provider: to,
    id: ctx.targetId,
    rules: [],
    pointer: at,
    ...(region !== undefined && { region }),
  };
  const needsBase = (why: string, pointer = at): void => report.add('change_needs_base', pointer, { action, why, to });
  const requests: SdkRequest[] = [];
  let targetRules: Rule[] = [];
  let sourceRules: readonly Rule[] = source.rules;

  const idAt = namesRuleIds(readFindings);
  if (idAt !== undefined) needsBase('it names rules by their ID, and the ID says nothing about the rule', idAt);

  if (operation === 'modify') {
    // Aliyun's legacy modify (no rule ID) changes only the description; AWS names it UpdateSecurityGroupRuleDescriptions.
    if (
      source.provider === 'aliyun' &&
      to === 'aws' &&
      idAt === undefined &&
      source.rules.every((r) => r.action === 'allow')
    ) {
      const compiled = compileAllows(source, source.rules, ctx, region, report);
      targetRules = compiled.rules;
      requests.push(...ruleRequests(target, 'modify', targetRules, report));
    } else if (source.provider === to) {
      targetRules = renameSelf(source, ctx.targetId).rules;
      if (to === 'aws') requests.push(...ruleRequests(target, 'modify', targetRules, report));
      else needsBase('an Aliyun rule is modified by its SecurityGroupRuleId');
    } else {
      needsBase(`the ${to} rule to modify is identified by fields the request does not give (its priority or rule ID)`);
    }
    if (requests.length === 0) sourceRules = [];
  } else if (source.provider === to) {
    // Same cloud: the same rules, only self-references follow the target ID.
    targetRules = renameSelf(source, ctx.targetId).rules;
    requests.push(...ruleRequests(target, operation, targetRules, report));
  } else if (operation === 'revoke' && source.provider === 'aws') {
    if (source.rules.length > 0) needsBase('an Aliyun rule is revoked by its priority too, and an AWS rule has none');
  } else {
    const drops = source.rules.filter((r) => r.action === 'deny');
    for (const d of drops)
      needsBase(
        'AWS has no deny: the change can only be made by revoking and re-adding allows of the existing group',
        d.origin?.pointer ?? at,
      );
    const allows = source.rules.filter((r) => r.action === 'allow');
    const compiled = compileAllows(source, allows, ctx, region, report);
    targetRules = compiled.rules;
    if (to === 'aliyun' && operation === 'authorize' && targetRules.length > 0)
      report.add('change_priority_chosen', at, { priority: 1, to });
    if (to === 'aws' && allows.some((r) => r.priority !== undefined))
      report.add('change_priority_ignored', at, { action });
    requests.push(...ruleRequests(target, operation, targetRules, report));
    if (compiled.innerAccept && region !== undefined && operation === 'authorize') {
      requests.push({
        action: 'ModifySecurityGroupPolicy',
        request: { RegionId: region, SecurityGroupId: ctx.targetId, InnerAccessPolicy: 'Accept' },
      });
    }
  }
  const v = changeVerdict(operation, source, sourceRules, target, targetRules);
  if ((v === 'narrower' || v === 'mixed') && !report.has('narrower'))
    report.add('meaning_narrowed', at, { region: 'the target change names fewer packets' });
  if ((v === 'wider' || v === 'mixed') && !report.has('wider'))
    report.add('meaning_widened', at, { region: 'the target change leaves more allowed' });
  return {
    source: { provider: source.provider, action, ...(source.id !== undefined && { groupId: source.id }), pointer: at },
    target: requests,
    verdict: v,
    findings: sortFindings(report.findings),
  };
}
