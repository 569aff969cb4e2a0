/** The result of a conversion: exactly the JSON document of DESIGN §7 (`sgbridge convert --format json`). */
import type { SourceKind } from '../../adapters/index.js';
import type { Finding } from '../report/report.js';
import type { Verdict } from '../semantics/api.js';
import type { ProviderId } from '../model/rule.js';
import type { SecurityGroup } from '../model/group.js';

export type ConvertTarget = ProviderId | 'model';

/** A small, stable summary of the source group. */
export interface SourceSummary {
  /** The cloud whose semantics the source group has. */
  readonly provider: ProviderId;
  /** The payload shape read (an adapter shape name, or `model-document`). */
  readonly shape: string;
  readonly id?: string;
  readonly name?: string;
  readonly region?: string;
  /** JSON pointer of the group in the input. */
  readonly pointer: string;
  /** Canonical (one-peer) rules read. */
  readonly ruleCount: number;
}

export interface SdkRequest {
  readonly action: string;
  readonly request: Record<string, unknown>;
}

export interface ConvertedGroup {
  readonly source: SourceSummary;
  /** The native group: AWS DescribeSecurityGroups item, Aliyun DescribeSecurityGroupAttribute, or a model group. */
  readonly target: Record<string, unknown>;
  /**
   * With `splitOverQuota`, when the AWS result was split: every shard in order (`target` is the first). The
   * shards are attached together; their union is what the verdict compares.
   */
  readonly targets?: readonly Record<string, unknown>[];
  /** With `emit: 'request'`: the target SDK requests that create the rules (of every shard, in order). */
  readonly requests?: readonly SdkRequest[];
  /** Proven by the engine: target compared with the (mapped) source. */
  readonly verdict: Verdict;
  /** Sorted by pointer. */
  readonly findings: readonly Finding[];
}

/** The source request of a translated change. */
export interface ChangeSource {
  readonly provider: ProviderId;
  /** The API name, e.g. `RevokeSecurityGroup`, `AuthorizeSecurityGroupIngress`. */
  readonly action: string;
  readonly groupId?: string;
  /** JSON pointer of the request in the input. */
  readonly pointer: string;
}

/** A request input translated as a change: the target requests for the same change (never a group). */
export interface TranslatedChange {
  readonly source: ChangeSource;
  /** In order; empty when the change cannot be made without the group it applies to (see findings). */
  readonly target: readonly SdkRequest[];
  /** Proven by the engine: the target change compared with the source change (see src/convert/changes.ts). */
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
}

export interface ConvertResult {
  readonly from: SourceKind;
  readonly to: ConvertTarget;
  /** Empty when the input is a request: it is a change, in `changes`. */
  readonly groups: readonly ConvertedGroup[];
  /** Present when the input is a request (Authorize, Revoke, Modify). */
  readonly changes?: readonly TranslatedChange[];
}

/** The canonical groups behind one converted group (for renderers that show rule by rule). */
export interface CanonicalPair {
  /** The source with the mapping applied (what the verdict compares). */
  readonly source: SecurityGroup;
  /** The compiled target group. */
  readonly target: SecurityGroup;
}

export interface ConvertDetail {
  readonly result: ConvertResult;
  /** Same order as `result.groups`. */
  readonly canonical: readonly CanonicalPair[];
}
