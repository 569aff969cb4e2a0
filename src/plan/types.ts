/** The plan document (`sgbridge plan --format json`): the contract `apply` and the emulators build on. */
import type { SecurityGroup } from '../model/group.js';
import type { ProviderId } from '../model/rule.js';
import type { Finding } from '../report/report.js';
import type { Verdict } from '../semantics/api.js';

export type PlanOrder = 'safe' | 'authorize-first' | 'revoke-first';

export interface PlanStep {
  /** The API name, e.g. `AuthorizeSecurityGroupIngress`, `RevokeSecurityGroup`, `ModifySecurityGroupPolicy`. */
  readonly action: string;
  /** Exactly the request shape `convert --emit request` writes for that cloud (SDK field names). */
  readonly request: Record<string, unknown>;
  /** True when the group, after this step, denies for a while something both current and desired allow. */
  readonly transient: boolean;
}

/** The plan for one target group. */
export interface Plan {
  /**
   * The group the steps change. A plan that creates its group (`plan --create`, first step CreateSecurityGroup)
   * names it by a placeholder ID, and `sourceGroupId` is the desired group's ID, paired with the new ID in the
   * mapping file after the create.
   */
  readonly target: {
    readonly provider: ProviderId;
    readonly groupId: string;
    readonly region?: string;
    readonly sourceGroupId?: string;
  };
  /** `plan --create --map file`: the mapping file `apply` writes the created group's ID into. */
  readonly mappingFile?: string;
  /** `baseDigest(current)` (src/plan/digest.ts): `apply` refuses a group whose digest differs (drift). */
  readonly baseDigest: string;
  readonly steps: readonly PlanStep[];
  /** Verdict of the current group against the desired meaning. */
  readonly before: Verdict;
  /** Verdict of the group the steps give (applied in memory with the API effect model) against the desired meaning. */
  readonly after: Verdict;
  readonly findings: readonly Finding[];
  /** The desired group in the target's cloud, as a canonical model group: `apply --replan` plans again from it. */
  readonly desired: SecurityGroup;
}

/** Several target groups: `{plans}`; the JSON document of one is the plan itself (see planDocument). */
export interface PlanResult {
  readonly plans: readonly Plan[];
}
