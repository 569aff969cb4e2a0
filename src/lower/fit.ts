/**
 * The last lowering step: a target group made fit for one payload shape of its cloud (the Describe shape or
 * the SDK requests). What the shape cannot hold is dropped or rewritten here and reported; the writers then
 * format only. `writePayload` is both steps, for callers that write a group of the target's own cloud.
 */
import { ADAPTERS } from '../../adapters/index.js';
import type { SecurityGroup } from '../model/group.js';
import type { ProviderId } from '../model/rule.js';
import type { Report } from '../report/report.js';
import { fitAliyun } from './fit-aliyun.js';
import { fitAws } from './fit-aws.js';

export type PayloadShape = 'describe' | 'request';

/** The group as the provider's `shape` payload can hold it (each drop and rewrite reported). */
export function fitToPayload(group: SecurityGroup, to: ProviderId, shape: PayloadShape, report: Report): SecurityGroup {
  return to === 'aws' ? fitAws(group, shape, report) : fitAliyun(group, shape, report);
}

/** The Describe payload of a group of provider `to`: fitted, then written. */
export function writeDescribePayload(group: SecurityGroup, to: ProviderId, report: Report): Record<string, unknown> {
  return ADAPTERS[to].writeDescribe(fitToPayload(group, to, 'describe', report));
}

/** The SDK requests that create a group of provider `to`: fitted, then written. */
export function writeRequestPayloads(
  group: SecurityGroup,
  to: ProviderId,
  report: Report,
): { action: string; request: Record<string, unknown> }[] {
  return ADAPTERS[to].writeRequests(fitToPayload(group, to, 'request', report));
}
