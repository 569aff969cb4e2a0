/**
 * The in-memory model of what each security-group API call does to a group: pure functions from (group,
 * request) to the group after the call, or the error the cloud answers, with each API's duplicate and
 * not-found behaviour (../shared/reference/cloud-semantics.md A.3 and live-api/README.md):
 *
 * - AWS Authorize{Ingress,Egress}: a rule that exists fails the whole request (`InvalidPermission.Duplicate`);
 *   the same rule twice in one request is `InvalidParameterValue`; over 60 rules per direction and address
 *   family is `RulesPerSecurityGroupLimitExceeded` (a reference counts against both families).
 * - AWS Revoke{Ingress,Egress}: every named rule must exist, else `InvalidPermission.NotFound` and nothing is
 *   revoked (a non-default VPC); by `SecurityGroupRuleIds`, an unknown ID is `InvalidSecurityGroupRuleId.NotFound`.
 * - AWS UpdateSecurityGroupRuleDescriptions{Ingress,Egress}: sets the descriptions of existing rules.
 * - Aliyun Authorize(Egress): a rule that exists succeeds and adds nothing; duplicates inside one request are
 *   `InvalidParam.DuplicatePermissions`; more than 1,000 rules is `AuthorizationLimitExceed`.
 * - Aliyun Revoke(Egress): by `Permissions`, matching nothing succeeds; by `SecurityGroupRuleId.N`, an unknown
 *   ID is `InvalidSecurityGroupRule.RuleNotExist`.
 * - Aliyun ModifySecurityGroupPolicy: sets InnerAccessPolicy. Modify of a rule by ID is not modelled (the
 *   planner never writes one; it revokes and authorizes).
 *
 * Requests are read by the project's own readers, so the model and the converter agree on what a request says.
 * The planner uses it to prove its plans; the emulators of the live work serve the same effects.
 */
import { ADAPTERS } from '../../adapters/index.js';
import { awsCapabilities, aliyunCapabilities } from '../../tables/capabilities.js';
import { TranslateError } from '../errors.js';
import type { ParsedInput } from '../parse/text.js';
import type { SecurityGroup } from '../model/group.js';
import type { ProviderId, Rule } from '../model/rule.js';
import { Report } from '../report/report.js';
import { ruleActionOf } from '../convert/requests.js';
import { quotaFamilies, ruleIdentity } from './identity.js';

export interface StepRequest {
  readonly action: string;
  readonly request: Record<string, unknown>;
}

export type EffectResult =
  | {
      readonly ok: true;
      readonly group: SecurityGroup;
      /** rules added, removed or changed */ readonly changed: number;
    }
  | { readonly ok: false; readonly group: SecurityGroup; readonly providerCode: string; readonly message: string };

export interface EffectOptions {
  /** The ID a new rule gets (emulators: `sgr-…`); absent, new rules have none. */
  readonly newRuleId?: (provider: ProviderId) => string;
}

const fail = (group: SecurityGroup, providerCode: string, message: string): EffectResult => ({
  ok: false,
  group,
  providerCode,
  message,
});

/** The rules a request names, read by the cloud's own request reader (findings about reading are dropped). */
export function requestRules(provider: ProviderId, action: string, input: ParsedInput): Rule[] {
  const value = input.value as Record<string, unknown>;
  const withAction: ParsedInput = { ...input, value: { ...value, Action: action } };
  const shape = provider === 'aws' ? 'authorize-request' : 'rule-request';
  return ADAPTERS[provider].read(withAction, new Report(), { shape }).groups.flatMap((g) => g.rules);
}

/** Rule IDs a revoke names: AWS `SecurityGroupRuleIds`, Aliyun `SecurityGroupRuleId` (a list or `.N` keys). */
function ruleIds(value: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (k === 'SecurityGroupRuleIds' || k === 'SecurityGroupRuleId') {
      if (Array.isArray(v)) out.push(...v.map(String));
      else if (typeof v === 'string') out.push(v);
    } else if (/^SecurityGroupRuleIds?\.\d+$/.test(k)) out.push(String(v));
  }
  return out;
}

function withRules(group: SecurityGroup, rules: Rule[]): SecurityGroup {
  return { ...group, rules };
}

function newRule(rule: Rule, provider: ProviderId, options: EffectOptions): Rule {
  const { origin: _o, ...fields } = rule;
  const id = options.newRuleId?.(provider);
  return { ...fields, origin: { provider, pointer: '', ...(id !== undefined && { ruleId: id }) } };
}

function firstDuplicate(provider: ProviderId, rules: readonly Rule[]): Rule | undefined {
  const seen = new Set<string>();
  for (const r of rules) {
    const key = ruleIdentity(provider, r);
    if (seen.has(key)) return r;
    seen.add(key);
  }
  return undefined;
}

/** AWS rule counts per direction and family over the quota, or undefined. */
function awsOverQuota(rules: readonly Rule[]): string | undefined {
  const limit = awsCapabilities.limits.rulesPerDirectionPerFamily;
  for (const direction of ['ingress', 'egress'] as const) {
    for (const family of [4, 6] as const) {
      const n = rules.filter((r) => r.direction === direction && quotaFamilies(r).includes(family)).length;
      if (n > limit) return `${n} IPv${family} ${direction} rules exceed the limit of ${limit}`;
    }
  }
  return undefined;
}

function authorize(
  group: SecurityGroup,
  provider: ProviderId,
  named: readonly Rule[],
  options: EffectOptions,
): EffectResult {
  const dup = firstDuplicate(provider, named);
  if (dup !== undefined) {
    return provider === 'aws'
      ? fail(group, 'InvalidParameterValue', 'the same permission is named twice in the request')
      : fail(group, 'InvalidParam.DuplicatePermissions', 'duplicate permissions in one request');
  }
  const present = new Set(group.rules.map((r) => ruleIdentity(provider, r)));
  const fresh = named.filter((r) => !present.has(ruleIdentity(provider, r)));
  if (provider === 'aws' && fresh.length < named.length) {
    return fail(group, 'InvalidPermission.Duplicate', 'the specified rule already exists');
  }
  const rules = [...group.rules, ...fresh.map((r) => newRule(r, provider, options))];
  if (provider === 'aws') {
    const over = awsOverQuota(rules);
    if (over !== undefined) return fail(group, 'RulesPerSecurityGroupLimitExceeded', over);
  } else if (rules.length > aliyunCapabilities.limits.rulesPerEni) {
    return fail(
      group,
      'AuthorizationLimitExceed',
      `${rules.length} rules exceed the limit of ${aliyunCapabilities.limits.rulesPerEni}`,
    );
  }
  // Aliyun: an existing rule is success with nothing added.
  return { ok: true, group: withRules(group, rules), changed: fresh.length };
}

function revoke(
  group: SecurityGroup,
  provider: ProviderId,
  named: readonly Rule[],
  ids: readonly string[],
): EffectResult {
  if (ids.length > 0) {
    const unknown = ids.find((id) => !group.rules.some((r) => r.origin?.ruleId === id));
    if (unknown !== undefined) {
      return provider === 'aws'
        ? fail(group, 'InvalidSecurityGroupRuleId.NotFound', `rule ${unknown} does not exist`)
        : fail(group, 'InvalidSecurityGroupRule.RuleNotExist', `rule ${unknown} does not exist`);
    }
    const rules = group.rules.filter((r) => r.origin?.ruleId === undefined || !ids.includes(r.origin.ruleId));
    return { ok: true, group: withRules(group, rules), changed: group.rules.length - rules.length };
  }
  const keys = new Set(named.map((r) => ruleIdentity(provider, r)));
  if (provider === 'aws') {
    const present = new Set(group.rules.map((r) => ruleIdentity(provider, r)));
    const missing = [...keys].find((k) => !present.has(k));
    if (missing !== undefined)
      return fail(group, 'InvalidPermission.NotFound', 'the specified rule does not exist in this security group');
  }
  const rules = group.rules.filter((r) => !keys.has(ruleIdentity(provider, r)));
  return { ok: true, group: withRules(group, rules), changed: group.rules.length - rules.length };
}

function updateDescriptions(group: SecurityGroup, named: readonly Rule[]): EffectResult {
  const byKey = new Map(named.map((r) => [ruleIdentity('aws', r), r.description]));
  const present = new Set(group.rules.map((r) => ruleIdentity('aws', r)));
  if ([...byKey.keys()].some((k) => !present.has(k)))
    return fail(group, 'InvalidPermission.NotFound', 'the specified rule does not exist in this security group');
  const rules = group.rules.map((r) => {
    const key = ruleIdentity('aws', r);
    if (!byKey.has(key)) return r;
    const { description: _d, ...rest } = r;
    const text = byKey.get(key);
    return text === undefined ? rest : { ...rest, description: text };
  });
  return { ok: true, group: withRules(group, rules), changed: byKey.size };
}

function modifyPolicy(group: SecurityGroup, value: Record<string, unknown>): EffectResult {
  const policy = typeof value['InnerAccessPolicy'] === 'string' ? value['InnerAccessPolicy'].toLowerCase() : '';
  if (policy !== 'accept' && policy !== 'drop')
    return fail(group, 'InvalidInnerAccessPolicy.Malformed', 'InnerAccessPolicy must be Accept or Drop');
  if (group.type === 'enterprise')
    return fail(group, 'InvalidGroupParameter.OperationDenied', 'enterprise groups have no InnerAccessPolicy to set');
  return {
    ok: true,
    group: { ...group, innerAccessPolicy: policy },
    changed: group.innerAccessPolicy === policy ? 0 : 1,
  };
}

/**
 * The effect of one API call on a group of the call's cloud. `input` is the request as parsed (JSON/SDK
 * object, or an Aliyun/EC2 query). A request that its reader rejects answers the reader's provider code.
 */
export function applyRequest(
  group: SecurityGroup,
  action: string,
  input: ParsedInput,
  options: EffectOptions = {},
): EffectResult {
  const provider = group.provider;
  const value = (input.value ?? {}) as Record<string, unknown>;
  if (provider === 'aliyun' && action === 'ModifySecurityGroupPolicy') return modifyPolicy(group, value);
  const kind = ruleActionOf(action, provider);
  if (kind === undefined)
    return fail(group, 'InvalidAction', `${action} is not a ${provider} security-group rule operation`);
  let named: Rule[];
  try {
    named = requestRules(provider, action, input);
  } catch (e) {
    if (e instanceof TranslateError) return fail(group, e.location.providerCode ?? 'InvalidParameter', e.message);
    throw e;
  }
  switch (kind.operation) {
    case 'authorize':
      return authorize(group, provider, named, options);
    case 'revoke':
      return revoke(group, provider, named, ruleIds(value));
    case 'modify':
      if (provider === 'aws') return updateDescriptions(group, named);
      return fail(group, 'UnsupportedOperation', 'the effect model does not modify Aliyun rules in place');
  }
}

/** The effect of one plan step (a request in the SDK's JSON shape). */
export function applyStep(group: SecurityGroup, step: StepRequest, options: EffectOptions = {}): EffectResult {
  return applyRequest(group, step.action, { format: 'json', value: step.request }, options);
}
