/**
 * plan(desired, base): the ordered target API requests that turn the current group into one with the desired
 * meaning, proven rather than hoped.
 *
 * 1. The desired group in the target's cloud (`T`): the same cloud as is (self-references follow the base ID),
 *    another cloud compiled by the engine with the mapping applied, as `convert` does. Its rules are written
 *    and read back, so they compare with the base's rules as the API compares them (src/plan/identity.ts).
 * 2. Minimal units: rules already present stay. On AWS (an unordered union) a current rule stays whenever
 *    it allows nothing T does not, and a T rule is added only when the kept rules do not already cover it. On
 *    Aliyun (first match by priority) the rule lists are compared rule by rule, then every revoke and addition
 *    the result does not need is dropped (the engine proves the result means the same without it).
 *    InnerAccessPolicy is one more unit.
 * 3. Orders: `safe` tries the order that cannot widen (Aliyun: add drops, add accepts, remove accepts, remove
 *    drops, so every intermediate list is D's rules plus C-rules that only narrow; AWS: add, then remove) and the
 *    two simple orders, and keeps the one with no widening, no rejected step and the fewest transient denials.
 * 4. Proof: every step is applied in memory with the API effect model (src/plan/effects.ts); after each one the
 *    engine checks the state against current ∪ desired (no widening) and current ∩ desired (transient denial),
 *    and `after` is the engine's verdict of the final state against the desired meaning.
 */
import { detectInput, readDetected } from '../../adapters/index.js';
import { readSdkRequest } from '../../adapters/aliyun/sdk.js';
import { awsCapabilities, aliyunCapabilities } from '../../tables/capabilities.js';
import { applyMapping, renameSelf } from '../convert/apply-mapping.js';
import { carryRuleDescriptions } from '../lower/rule-fields.js';
import { compileForTarget } from '../lower/lower.js';
import { compile, verdict } from '../semantics/index.js';
import { assignToGroups, sortFindings } from '../convert/assign-findings.js';
import { RULE_ACTIONS, ruleRequests } from '../convert/requests.js';
import type { SdkRequest } from '../convert/types.js';
import { TranslateError, withFile } from '../errors.js';
import { parseInput, type ParsedInput } from '../parse/text.js';
import { EMPTY_MAPPING, createMapping, type Mapping, type MappingFileInput } from '../idmap/index.js';
import type { SecurityGroup } from '../model/group.js';
import type { Direction, ProviderId, Rule } from '../model/rule.js';
import { Report, type Finding } from '../report/report.js';
import type { SourceKind } from '../../adapters/index.js';
import { baseDigest } from './digest.js';
import { applyRequest, applyStep, requestRules } from './effects.js';
import { quotaFamilies, ruleIdentity } from './identity.js';
import { checkState } from './proof.js';
import type { Plan, PlanOrder, PlanResult, PlanStep } from './types.js';

export interface PlanOptions {
  /** The mapping file (IDs across clouds), as for convert. */
  readonly map?: Mapping | MappingFileInput;
  /** Default `safe`. */
  readonly order?: PlanOrder;
  readonly allowWidening?: boolean;
  readonly expandProtocols?: boolean;
  /** Force the desired input's source kind. */
  readonly from?: SourceKind;
  /** File names, for error messages. */
  readonly file?: string;
  readonly baseFile?: string;
}

type Unit =
  | { readonly kind: 'rule'; readonly operation: 'authorize' | 'revoke'; readonly rule: Rule }
  | { readonly kind: 'policy'; readonly policy: 'accept' | 'drop' };

const REQUEST_SHAPES = new Set(['authorize-request', 'rule-request', 'sdk-request']);

function toMapping(map: PlanOptions['map']): Mapping {
  if (map === undefined) return EMPTY_MAPPING;
  if (typeof (map as Mapping).counterpart === 'function') return map as Mapping;
  return createMapping(map);
}

/** The policy in effect: enterprise groups have none; a basic group without one has the default, Accept. */
function innerPolicy(group: SecurityGroup): 'accept' | 'drop' | undefined {
  if (group.provider !== 'aliyun' || group.type === 'enterprise') return undefined;
  return group.innerAccessPolicy ?? 'accept';
}

function holder(current: SecurityGroup, rules: readonly Rule[] = []): SecurityGroup {
  const g: SecurityGroup = {
    modelVersion: current.modelVersion,
    provider: current.provider,
    id: current.id!,
    rules: [...rules],
  };
  if (current.region !== undefined) g.region = current.region;
  if (current.type !== undefined) g.type = current.type;
  return g;
}

/** Rules as the target's API will hold them: written as Authorize requests and read back, duplicates once. */
function asWritten(current: SecurityGroup, rules: readonly Rule[], report: Report): Rule[] {
  const out = new Map<string, Rule>();
  for (const r of ruleRequests(holder(current), 'authorize', rules, report)) {
    for (const rule of requestRules(current.provider, r.action, { format: 'json', value: r.request })) {
      const key = ruleIdentity(current.provider, rule);
      if (!out.has(key)) out.set(key, { ...rule, origin: { provider: current.provider, pointer: '' } });
    }
  }
  return [...out.values()];
}

/** The desired group in the target's cloud, and the desired group with IDs mapped (what the verdicts compare). */
function desiredInTarget(
  desired: SecurityGroup,
  current: SecurityGroup,
  mapping: Mapping,
  options: PlanOptions,
  report: Report,
): { target: SecurityGroup; meaning: SecurityGroup } {
  const to = current.provider;
  const targetId = current.id!;
  const at = desired.pointer ?? '';
  if (desired.provider === to) {
    const renamed = renameSelf(desired, targetId);
    if (to === 'aliyun' && desired.type !== undefined && current.type !== undefined && desired.type !== current.type) {
      report.add('plan_group_type_fixed', at, { current: current.type, desired: desired.type });
    }
    const meaning: SecurityGroup = to === 'aliyun' ? { ...renamed, type: renamed.type ?? current.type } : renamed;
    if (meaning.type === undefined) delete meaning.type;
    const target: SecurityGroup = { ...holder(current, renamed.rules) };
    if (to === 'aliyun' && meaning.innerAccessPolicy !== undefined)
      target.innerAccessPolicy = meaning.innerAccessPolicy;
    return { target, meaning };
  }
  const mapped = applyMapping(desired, { mapping, to, targetId, report });
  const compiled = compileForTarget(mapped.compileInput, {
    target: to,
    targetGroupId: targetId,
    allowWidening: options.allowWidening ?? false,
    expandProtocols: options.expandProtocols ?? false,
    ...(current.region !== undefined && { region: current.region }),
    ...(to === 'aliyun' && current.type !== undefined && { targetType: current.type }),
    canWrite: mapped.canWrite,
    report,
    written: false,
  });
  const withText = carryRuleDescriptions(mapped.renamed, compiled.group);
  const target: SecurityGroup = { ...holder(current, withText.rules) };
  if (to === 'aliyun' && compiled.group.innerAccessPolicy !== undefined)
    target.innerAccessPolicy = compiled.group.innerAccessPolicy;
  return { target, meaning: mapped.renamed };
}

/** A group of one rule (AWS: its packets), for "does this rule allow anything T does not". */
const single = (current: SecurityGroup, rule: Rule): SecurityGroup => holder(current, [rule]);
const within = (outer: SecurityGroup, inner: SecurityGroup): boolean => {
  const v = verdict(outer, inner);
  return v === 'exact' || v === 'narrower';
};

/** The minimal additions, removals and policy change from current to T. */
function units(current: SecurityGroup, target: SecurityGroup): Unit[] {
  const provider = current.provider;
  const currentKeys = new Set(current.rules.map((r) => ruleIdentity(provider, r)));
  const targetKeys = new Set(target.rules.map((r) => ruleIdentity(provider, r)));
  const out: Unit[] = [];
  if (provider === 'aws') {
    const kept = current.rules.filter(
      (r) => targetKeys.has(ruleIdentity(provider, r)) || within(target, single(current, r)),
    );
    const keptGroup = holder(current, kept);
    for (const r of target.rules) {
      if (currentKeys.has(ruleIdentity(provider, r))) continue;
      if (kept.length > 0 && within(keptGroup, single(current, r))) continue;
      out.push({ kind: 'rule', operation: 'authorize', rule: r });
    }
    for (const r of current.rules) if (!kept.includes(r)) out.push({ kind: 'rule', operation: 'revoke', rule: r });
  } else {
    // First match by priority: a rule list that means the same is left as it is, however it is written.
    if (verdict(target.type === undefined ? { ...target, type: current.type } : target, current) === 'exact') return [];
    for (const r of target.rules)
      if (!currentKeys.has(ruleIdentity(provider, r))) out.push({ kind: 'rule', operation: 'authorize', rule: r });
    for (const r of current.rules)
      if (!targetKeys.has(ruleIdentity(provider, r))) out.push({ kind: 'rule', operation: 'revoke', rule: r });
    const from = innerPolicy(current);
    const to = innerPolicy(target.type === undefined ? { ...target, type: current.type } : target);
    if (from !== undefined && to !== undefined && from !== to) out.push({ kind: 'policy', policy: to });
  }
  return out;
}

/** The group that applying all units to `current` gives (rules by identity; the policy of the policy unit). */
function resultOf(current: SecurityGroup, all: readonly Unit[]): SecurityGroup {
  const provider = current.provider;
  const revoked = new Set(
    all.flatMap((u) => (u.kind === 'rule' && u.operation === 'revoke' ? [ruleIdentity(provider, u.rule)] : [])),
  );
  const added = all.flatMap((u) => (u.kind === 'rule' && u.operation === 'authorize' ? [u.rule] : []));
  const policy = all.find((u): u is Extract<Unit, { kind: 'policy' }> => u.kind === 'policy')?.policy;
  const g = holder(current, [...current.rules.filter((r) => !revoked.has(ruleIdentity(provider, r))), ...added]);
  const inner = policy ?? current.innerAccessPolicy;
  if (inner !== undefined) g.innerAccessPolicy = inner;
  return g;
}

/**
 * Aliyun: the rule-by-rule comparison may revoke a current rule, or add a desired one, that the result does
 * not need (a rule written another way by the compiler, a default made explicit). Each is dropped when the
 * result means the same without it: current rules are kept first, then additions left out.
 */
function prune(current: SecurityGroup, all: readonly Unit[]): Unit[] {
  let kept = [...all];
  const goal = resultOf(current, kept);
  for (const kind of ['revoke', 'authorize'] as const) {
    for (const u of all) {
      if (u.kind !== 'rule' || u.operation !== kind) continue;
      const without = kept.filter((x) => x !== u);
      if (verdict(goal, resultOf(current, without)) === 'exact') kept = without;
    }
  }
  return kept;
}

/** Unit phases → requests: consecutive rule units of one operation become that operation's requests. */
function stepsOf(current: SecurityGroup, phases: readonly (readonly Unit[])[], report: Report): SdkRequest[] {
  const out: SdkRequest[] = [];
  for (const phase of phases) {
    const rules = phase.filter((u): u is Extract<Unit, { kind: 'rule' }> => u.kind === 'rule');
    for (const operation of ['authorize', 'revoke'] as const) {
      const own = rules.filter((u) => u.operation === operation).map((u) => u.rule);
      if (own.length > 0) out.push(...ruleRequests(holder(current), operation, own, report));
    }
    for (const u of phase) {
      if (u.kind !== 'policy') continue;
      const request: Record<string, unknown> = {};
      if (current.region !== undefined) request['RegionId'] = current.region;
      request['SecurityGroupId'] = current.id;
      request['InnerAccessPolicy'] = u.policy === 'accept' ? 'Accept' : 'Drop';
      out.push({ action: 'ModifySecurityGroupPolicy', request });
    }
  }
  return out;
}

function orderPhases(all: readonly Unit[], order: 'structural' | 'authorize-first' | 'revoke-first'): Unit[][] {
  const is = (op: 'authorize' | 'revoke', action?: Rule['action']) => (u: Unit) =>
    u.kind === 'rule' && u.operation === op && (action === undefined || u.rule.action === action);
  const policy = (p: 'accept' | 'drop') => (u: Unit) => u.kind === 'policy' && u.policy === p;
  const pick = (test: (u: Unit) => boolean): Unit[] => all.filter(test);
  const anyPolicy = (u: Unit) => u.kind === 'policy';
  switch (order) {
    case 'structural':
      // Adding drops never widens; accepts added after D's drops allow only what D allows or C already did;
      // then removing accepts and drops only narrows towards D. Accept-policy adds only what D allows.
      return [
        pick(is('authorize', 'deny')),
        pick(policy('accept')),
        pick(is('authorize', 'allow')),
        pick(policy('drop')),
        pick(is('revoke', 'allow')),
        pick(is('revoke', 'deny')),
      ];
    case 'authorize-first':
      return [pick(is('authorize')), pick(anyPolicy), pick(is('revoke'))];
    case 'revoke-first':
      return [pick(is('revoke')), pick(anyPolicy), pick(is('authorize'))];
  }
}

interface Simulation {
  readonly steps: PlanStep[];
  readonly final: SecurityGroup;
  readonly findings: Finding[];
  readonly widening: number;
  readonly rejected: number;
  readonly transients: number;
}

/**
 * Apply the steps in memory, checking every state the group passes through against the current group and the
 * desired meaning (not its written form: a form that is wider than the desired group, such as an Aliyun drop
 * that cannot name port 0, must show as widening).
 */
function simulate(current: SecurityGroup, desired: SecurityGroup, requests: readonly SdkRequest[]): Simulation {
  const report = new Report();
  let state = current;
  let widening = 0;
  let rejected = 0;
  let transients = 0;
  const steps: PlanStep[] = [];
  requests.forEach((req, i) => {
    const effect = applyStep(state, req);
    const n = i + 1;
    if (!effect.ok) {
      rejected++;
      report.add('plan_step_rejected', '', {
        step: n,
        action: req.action,
        provider: current.provider,
        providerCode: effect.providerCode,
        reason: effect.message,
      });
    }
    state = effect.group;
    const check = checkState(current, desired, state);
    if (check.widens !== undefined) {
      widening++;
      report.add('plan_step_widens', '', { step: n, action: req.action, region: check.widens });
    }
    if (check.transientDenial) transients++;
    steps.push({ action: req.action, request: req.request, transient: check.transientDenial });
  });
  return { steps, final: state, findings: [...report.findings], widening, rejected, transients };
}

const badness = (s: Simulation): number[] => [s.widening, s.rejected, s.transients];
function better(a: Simulation, b: Simulation): boolean {
  const [x, y] = [badness(a), badness(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]!;
  return false;
}

function quotaFindings(target: SecurityGroup, report: Report): void {
  const at = target.pointer ?? '';
  if (target.provider === 'aws') {
    const limit = awsCapabilities.limits.rulesPerDirectionPerFamily;
    for (const direction of ['ingress', 'egress'] as Direction[]) {
      for (const family of [4, 6] as const) {
        const count = target.rules.filter((r) => r.direction === direction && quotaFamilies(r).includes(family)).length;
        if (count > limit)
          report.add('plan_quota_exceeded', at, { count, what: `IPv${family} ${direction} rules`, to: 'AWS', limit });
      }
    }
  } else if (target.rules.length > aliyunCapabilities.limits.rulesPerEni) {
    report.add('plan_quota_exceeded', at, {
      count: target.rules.length,
      what: 'rules',
      to: 'Aliyun',
      limit: aliyunCapabilities.limits.rulesPerEni,
    });
  }
}

/** Plan one target group: `desired` (any cloud, IDs as in its own cloud) onto `current` (the target's group). */
export function planGroup(
  desired: SecurityGroup,
  current: SecurityGroup,
  options: PlanOptions = {},
  readFindings: readonly Finding[] = [],
): Plan {
  if (current.id === undefined || current.id === '')
    throw new TranslateError('input_invalid', 'the base group has no ID: a plan changes an existing group', {
      pointer: current.pointer ?? '',
      ...(options.baseFile !== undefined && { file: options.baseFile }),
    });
  const report = new Report();
  report.addAll(readFindings);
  const mapping = toMapping(options.map);
  const { target: compiled, meaning } = desiredInTarget(desired, current, mapping, options, report);
  const target: SecurityGroup = { ...compiled, rules: asWritten(current, compiled.rules, report) };
  quotaFindings({ ...target, pointer: desired.pointer ?? '' }, report);

  const all = current.provider === 'aliyun' ? prune(current, units(current, target)) : units(current, target);
  const order = options.order ?? 'safe';
  const simulateOrder = (o: 'structural' | 'authorize-first' | 'revoke-first'): Simulation =>
    simulate(current, meaning, stepsOf(current, orderPhases(all, o), report));
  let chosen: Simulation;
  if (order === 'safe') {
    chosen = simulateOrder('structural');
    for (const o of ['authorize-first', 'revoke-first'] as const) {
      const other = simulateOrder(o);
      if (better(other, chosen)) chosen = other;
    }
  } else chosen = simulateOrder(order);
  report.addAll(chosen.findings);

  const before = verdict(meaning, current);
  const after = verdict(meaning, chosen.final);
  if ((after === 'narrower' || after === 'mixed') && !report.has('narrower'))
    report.add('meaning_narrowed', desired.pointer ?? '', {
      region: 'run sgbridge diff on the desired group and the planned result',
    });
  if ((after === 'wider' || after === 'mixed') && !report.has('wider'))
    report.add('meaning_widened', desired.pointer ?? '', {
      region: 'run sgbridge diff on the desired group and the planned result',
    });
  return {
    target: {
      provider: current.provider,
      groupId: current.id,
      ...(current.region !== undefined && current.region !== '' && { region: current.region }),
    },
    baseDigest: baseDigest(current),
    steps: chosen.steps,
    before,
    after,
    findings: sortFindings(report.findings),
    desired: { ...target, ...(desired.name !== undefined && { name: desired.name }) },
  };
}

function parsed(input: ParsedInput | string, file: string | undefined): ParsedInput {
  return typeof input === 'string' ? parseInput(input, file) : input;
}

/** The base group a desired group (or request) is planned onto: paired by ID through the mapping. */
function baseFor(
  id: string | undefined,
  provider: ProviderId,
  bases: readonly SecurityGroup[],
  mapping: Mapping,
  only: boolean,
): SecurityGroup {
  const to = bases[0]?.provider;
  const wanted = id === undefined ? undefined : provider === to ? id : mapping.counterpart('groups', id);
  const found = bases.find((b) => wanted !== undefined && b.id === wanted);
  if (found) return found;
  if (only && bases.length === 1) return bases[0]!;
  throw new TranslateError(
    'usage',
    `no base group for desired group ${id ?? '(no id)'}${wanted ? ` (expected ${wanted})` : ''}; pair them with --map`,
  );
}

/** The current group in the request's cloud, where a request's change is applied before planning back. */
function baseInCloud(base: SecurityGroup, cloud: ProviderId, id: string, mapping: Mapping): SecurityGroup {
  if (base.provider === cloud) return base;
  const scratch = new Report();
  const mapped = applyMapping(base, { mapping, to: cloud, targetId: id, report: scratch });
  const g = compile(mapped.compileInput, {
    target: cloud,
    targetGroupId: id,
    canWrite: mapped.canWrite,
    report: scratch,
  }).group;
  return { ...g, id };
}

/** The base (current) groups a plan is made onto, as their cloud describes them. */
export function readBases(base: ParsedInput | string, options: Pick<PlanOptions, 'baseFile'> = {}): SecurityGroup[] {
  const groups = withFile(options.baseFile, () => {
    const p = parsed(base, options.baseFile);
    const detected = detectInput(p);
    if (detected.from === 'model' || REQUEST_SHAPES.has(detected.shape)) {
      throw new TranslateError(
        'input_invalid',
        'the base must be the current group as its cloud describes it (DescribeSecurityGroups / DescribeSecurityGroupAttribute)',
        { pointer: '' },
      );
    }
    return readDetected(p, detected, new Report(), options.baseFile).groups;
  });
  if (groups.length === 0)
    throw new TranslateError('input_invalid', 'the base holds no group', {
      pointer: '',
      ...(options.baseFile !== undefined && { file: options.baseFile }),
    });
  return groups;
}

/**
 * Plan every desired group onto its base group. `desired`: groups of either cloud or the model document, or
 * a request (then desired = the base with the change applied under the request's cloud). `base`: the target
 * groups as their Describe payload.
 */
export function plan(desired: ParsedInput | string, base: ParsedInput | string, options: PlanOptions = {}): PlanResult {
  const mapping = toMapping(options.map);
  const baseRead = readBases(base, options);
  return withFile(options.file, () => {
    const p = parsed(desired, options.file);
    const detected = detectInput(p, options.from);
    const readReport = new Report();
    for (const placeholder of p.placeholders ?? []) readReport.add('doc_placeholder_ignored', '', { placeholder });
    const read = readDetected(p, detected, readReport, options.file);
    const perGroup = assignToGroups(
      readReport.findings,
      read.groups.map((g) => g.pointer ?? ''),
    );
    const only = read.groups.length === 1;
    if (REQUEST_SHAPES.has(read.shape) && read.operation !== 'describe') {
      return {
        plans: read.groups.map((g, i) => {
          const current = baseFor(g.id, g.provider, baseRead, mapping, only);
          const id =
            g.id ??
            (g.provider === current.provider
              ? current.id!
              : (mapping.counterpart('groups', current.id ?? '') ?? current.id!));
          const before = baseInCloud(current, g.provider, id, mapping);
          const action =
            typeof (p.value as Record<string, unknown>)['Action'] === 'string'
              ? String((p.value as Record<string, unknown>)['Action'])
              : undefined;
          // SDK request objects name their fields in camelCase: the effect model reads the wire form.
          const wire = read.shape === 'sdk-request' ? readSdkRequest(p.value).wire : undefined;
          const request: ParsedInput = wire !== undefined ? { format: 'json', value: wire } : p;
          const effect = applyRequest(
            before,
            action ?? (typeof wire?.['Action'] === 'string' ? wire['Action'] : defaultAction(read.operation, g)),
            request,
          );
          if (!effect.ok)
            throw new TranslateError(
              'input_invalid',
              `the request cannot be applied to the base group: ${effect.message}`,
              { pointer: '', providerCode: effect.providerCode },
            );
          return planGroup({ ...effect.group, pointer: g.pointer ?? '' }, current, options, perGroup[i] ?? []);
        }),
      };
    }
    return {
      plans: read.groups.map((g, i) =>
        planGroup(g, baseFor(g.id, g.provider, baseRead, mapping, only), options, perGroup[i] ?? []),
      ),
    };
  });
}

function defaultAction(operation: string | undefined, g: SecurityGroup): string {
  const op = operation === 'revoke' || operation === 'modify' ? operation : 'authorize';
  return RULE_ACTIONS[g.provider][op][g.rules[0]?.direction ?? 'ingress'];
}

/** The JSON document of a plan result: the plan itself for one group, `{plans}` for several. */
export function planDocument(result: PlanResult): Plan | PlanResult {
  return result.plans.length === 1 ? result.plans[0]! : result;
}
