/**
 * The SDK requests that authorize, revoke or re-describe a set of rules on an existing group, in exactly the
 * shape `convert --emit request` writes (the adapters' request writers): AWS `{GroupId, IpPermissions}`, Aliyun
 * `{RegionId, SecurityGroupId, Permissions}` split at the API's limit per request. Translated changes and plan
 * steps both use it, so a plan step and a converted request look alike.
 */
import { writePermissions } from '../../adapters/aws/write-permissions.js';
import { fitAwsRules } from '../lower/fit-aws.js';
import { writeRequestPayloads } from '../lower/fit.js';
import type { SecurityGroup } from '../model/group.js';
import type { Direction, ProviderId, Rule } from '../model/rule.js';
import type { Report } from '../report/report.js';
import type { SdkRequest } from './types.js';

export type Operation = 'authorize' | 'revoke' | 'modify';

/** Each cloud's API name of an operation on rules of one direction. */
export const RULE_ACTIONS: Readonly<
  Record<ProviderId, Readonly<Record<Operation, Readonly<Record<Direction, string>>>>>
> = {
  aws: {
    authorize: { ingress: 'AuthorizeSecurityGroupIngress', egress: 'AuthorizeSecurityGroupEgress' },
    revoke: { ingress: 'RevokeSecurityGroupIngress', egress: 'RevokeSecurityGroupEgress' },
    modify: {
      ingress: 'UpdateSecurityGroupRuleDescriptionsIngress',
      egress: 'UpdateSecurityGroupRuleDescriptionsEgress',
    },
  },
  aliyun: {
    authorize: { ingress: 'AuthorizeSecurityGroup', egress: 'AuthorizeSecurityGroupEgress' },
    revoke: { ingress: 'RevokeSecurityGroup', egress: 'RevokeSecurityGroupEgress' },
    modify: { ingress: 'ModifySecurityGroupRule', egress: 'ModifySecurityGroupEgressRule' },
  },
};

/**
 * Operation and direction of an API name (undefined for other actions). `AuthorizeSecurityGroupEgress` is a
 * name of both clouds: `provider` says whose; without it AWS is tried first.
 */
export function ruleActionOf(
  action: string,
  provider?: ProviderId,
): { provider: ProviderId; operation: Operation; direction: Direction } | undefined {
  for (const p of provider !== undefined ? [provider] : (['aws', 'aliyun'] as const)) {
    for (const operation of ['authorize', 'revoke', 'modify'] as const) {
      for (const direction of ['ingress', 'egress'] as const) {
        if (RULE_ACTIONS[p][operation][direction] === action) return { provider: p, operation, direction };
      }
    }
  }
  return undefined;
}

/**
 * The requests of one operation on `rules` of group `group` (its provider, ID and region), ingress first.
 * AWS: one request per direction (`UpdateSecurityGroupRuleDescriptions*` take the same IpPermissions);
 * Aliyun: one request per 100 permissions. Aliyun modify has no Permissions form and is not written here.
 */
export function ruleRequests(
  group: SecurityGroup,
  operation: Operation,
  rules: readonly Rule[],
  report: Report,
): SdkRequest[] {
  const out: SdkRequest[] = [];
  const provider = group.provider;
  for (const direction of ['ingress', 'egress'] as const) {
    const own = rules.filter((r) => r.direction === direction);
    if (own.length === 0) continue;
    const action = RULE_ACTIONS[provider][operation][direction];
    if (provider === 'aws') {
      const target = group.id !== undefined ? { GroupId: group.id } : { GroupName: group.name ?? '' };
      const fallback = group.pointer ?? '';
      const IpPermissions = writePermissions(fitAwsRules(own, action, fallback, report), fallback);
      out.push({ action, request: { ...target, IpPermissions } });
    } else {
      if (operation === 'modify') throw new Error('Aliyun modify requests are not written from rules');
      // The Authorize writer gives the Permissions form every Aliyun rule operation takes.
      const holder: SecurityGroup = {
        modelVersion: group.modelVersion,
        provider,
        rules: [...own],
        pointer: group.pointer ?? '',
      };
      if (group.id !== undefined) holder.id = group.id;
      if (group.region !== undefined) holder.region = group.region;
      if (group.type !== undefined) holder.type = group.type;
      for (const written of writeRequestPayloads(holder, 'aliyun', report))
        out.push({ action, request: written.request });
    }
  }
  return out;
}
