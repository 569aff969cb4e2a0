/**
 * Plans in the shape `sgbridge plan` writes (issue 13), made here from a base and a desired group until the
 * planner lands in main: authorize what only the desired group has, then revoke what only the base has,
 * each request in exactly the shape `convert --emit request` writes (the adapters' own writers), so apply is
 * tested on the contract and not on this helper.
 */
import { writeRequestPayloads } from '../../src/lower/fit.js';
import { fitAwsRules } from '../../src/lower/fit-aws.js';
import { writePermissions } from '../../adapters/aws/write-permissions.js';
import type { GroupPlan } from '../../src/live/plan-file.js';
import type { SecurityGroup } from '../../src/model/group.js';
import type { Rule } from '../../src/model/rule.js';
import { baseDigest } from '../../src/plan/digest.js';
import { Report } from '../../src/report/report.js';

/** A rule's matching fields (what makes it the same rule on the cloud), without origin and description. */
export function matchKey(rule: Rule): string {
  const { origin: _o, description: _d, ...fields } = rule;
  // ECS fills in NicType=intranet (its default) where a request left it out.
  if (fields.nicType === 'intranet') delete fields.nicType;
  return JSON.stringify(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)));
}

function only(a: readonly Rule[], b: readonly Rule[]): Rule[] {
  const keys = new Set(b.map(matchKey));
  return a.filter((r) => !keys.has(matchKey(r)));
}

export function makePlan(base: SecurityGroup, desired: SecurityGroup, region: string): GroupPlan {
  const added = only(desired.rules, base.rules);
  const removed = only(base.rules, desired.rules);
  const steps: GroupPlan['steps'] = [];
  const id = base.id!;
  if (base.provider === 'aws') {
    const report = new Report();
    for (const [rules, verb] of [
      [added, 'Authorize'],
      [removed, 'Revoke'],
    ] as const) {
      for (const direction of ['ingress', 'egress'] as const) {
        const these = rules.filter((r) => r.direction === direction);
        if (these.length === 0) continue;
        steps.push({
          action: `${verb}SecurityGroup${direction === 'ingress' ? 'Ingress' : 'Egress'}`,
          request: { GroupId: id, IpPermissions: writePermissions(fitAwsRules(these, 'request', '', report)) },
        });
      }
    }
  } else {
    const asGroup = (rules: Rule[]): SecurityGroup => ({ ...desired, id, region, rules, innerAccessPolicy: undefined });
    for (const s of writeRequestPayloads(asGroup(added), 'aliyun', new Report())) steps.push(s);
    for (const s of writeRequestPayloads(asGroup(removed), 'aliyun', new Report()))
      steps.push({ action: s.action.replace('Authorize', 'Revoke'), request: s.request });
    const policy = (g: SecurityGroup) => g.innerAccessPolicy ?? (g.type === 'enterprise' ? 'drop' : 'accept');
    if (policy(desired) !== policy(base)) {
      steps.push({
        action: 'ModifySecurityGroupPolicy',
        request: {
          RegionId: region,
          SecurityGroupId: id,
          InnerAccessPolicy: policy(desired) === 'accept' ? 'Accept' : 'Drop',
        },
      });
    }
  }
  return {
    target: { provider: base.provider, groupId: id, region },
    baseDigest: baseDigest(base),
    steps,
    before: base,
    after: { ...desired, id },
    findings: [],
    desired: { ...desired, id },
  };
}
