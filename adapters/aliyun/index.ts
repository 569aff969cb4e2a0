/**
 * The Aliyun (Alibaba Cloud ECS) adapter: DescribeSecurityGroupAttribute responses, Authorize/Revoke/Modify
 * parameters (flat, Permissions.N, JSON array; JSON or query string), lists of request samples (docs, ROS,
 * terraform, writer output) and @alicloud/ecs20140526 request objects. See README.md for the choices made.
 */
import type { Adapter, ProviderIssue, ReadOptions, ReadResult } from '../types.js';
import { TranslateError } from '../../src/errors.js';
import type { ParsedInput } from '../../src/parse/text.js';
import { SecurityGroup, type SecurityGroupInput } from '../../src/model/group.js';
import { childPointer } from '../../src/model/pointer.js';
import { Report } from '../../src/report/report.js';
import { readPermission } from './permission.js';
import { XML_ROOT, describeBody, describePermission, isDescribeList, permissionList, readDescribe } from './read-describe.js';
import { isRequestList, readListItem } from './read-list.js';
import { looksLikeRequest, readRequestContent, type RequestContent } from './read-request.js';
import { looksLikeSdkRequest, readSdkRequest } from './sdk.js';
import { groupDescriptionProblem, groupNameProblem } from './strings.js';
import { validatePermission } from './validate.js';
import { isRecord } from './values.js';
import { writeDescribe, writeRequests } from './write.js';

export { aliyunProtocolToken, writeDescribe, writeRequests } from './write.js';
export { readSdkRequest, SDK_REQUEST_CLASSES, type SdkRequestClass } from './sdk.js';

export const ALIYUN_SHAPES = ['describe-security-group-attribute', 'rule-request', 'request-list', 'sdk-request'] as const;
export type AliyunShape = (typeof ALIYUN_SHAPES)[number];

export function detectAliyun(input: ParsedInput): AliyunShape | undefined {
  const v = input.value;
  if (input.format === 'xml') return isRecord(v) && isRecord(v[XML_ROOT]) ? 'describe-security-group-attribute' : undefined;
  if (input.format !== 'query' && isDescribeList(v)) return 'describe-security-group-attribute';
  if (isRequestList(v)) return 'request-list';
  if (!isRecord(v)) return undefined;
  if (input.format !== 'query' && (isRecord(v.Permissions) || ('SecurityGroupId' in v && 'InnerAccessPolicy' in v))) return 'describe-security-group-attribute';
  if (looksLikeRequest(v)) return 'rule-request';
  if (input.format !== 'query' && looksLikeSdkRequest(v)) return 'sdk-request';
  return undefined;
}

function shapeOf(input: ParsedInput, options?: ReadOptions): AliyunShape {
  const forced = options?.shape;
  if (forced !== undefined) {
    if (!(ALIYUN_SHAPES as readonly string[]).includes(forced)) throw new TranslateError('usage', `unknown Aliyun shape ${forced}; one of ${ALIYUN_SHAPES.join(', ')}`);
    return forced as AliyunShape;
  }
  const shape = detectAliyun(input);
  if (shape === undefined) throw new TranslateError('input_unrecognized', 'not an Aliyun security-group payload', { pointer: '' });
  return shape;
}

/** A request's permissions as one group. */
function requestGroup(content: RequestContent, report: Report): SecurityGroupInput {
  const group: SecurityGroupInput = { provider: 'aliyun', rules: [], pointer: content.pointer };
  if (content.groupId !== undefined) group.id = content.groupId;
  if (content.region !== undefined) group.region = content.region;
  for (const p of content.permissions) {
    const rule = readPermission(p, report);
    if (rule) group.rules.push(rule);
  }
  return group;
}

/** The SDK input's content, every pointer mapped back to the camelCase input. */
function sdkContent(value: unknown, report: Report | undefined): RequestContent {
  const { wire, inputPointer } = readSdkRequest(value, undefined, report);
  const content = readRequestContent(wire, '', report);
  const permissions = content.permissions.map((p) => ({
    ...p,
    pointer: inputPointer(p.pointer),
    fields: new Map([...p.fields].map(([k, f]) => [k, { value: f.value, pointer: inputPointer(f.pointer) }])),
  }));
  return { ...content, permissions };
}

/** Findings from a temporary report, re-pointed (SDK input: wire pointers → camelCase pointers). */
function repoint(from: Report, to: Report, map: (p: string) => string): void {
  for (const f of from.findings) to.add(f.code, map(f.pointer), f.detail);
  for (const s of from.skipped) to.skip({ ...s, rulePointer: map(s.rulePointer), pointer: map(s.pointer) });
}

function readAliyun(input: ParsedInput, report: Report, options?: ReadOptions): ReadResult {
  const shape = shapeOf(input, options);
  const parse = (g: SecurityGroupInput): SecurityGroup => {
    const parsed = SecurityGroup.safeParse(g);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TranslateError('internal', `the Aliyun reader built an invalid group: ${issue?.message ?? ''} at ${issue?.path.join('.') ?? ''}`, { pointer: g.pointer ?? '' });
    }
    return parsed.data;
  };
  switch (shape) {
    case 'describe-security-group-attribute':
      if (Array.isArray(input.value)) return { shape, groups: input.value.map((item, i) => parse(readDescribe(item, report, `/${i}`))), operation: 'describe' };
      return { shape, groups: [parse(readDescribe(input.value, report))], operation: 'describe' };
    case 'rule-request': {
      const content = readRequestContent(input.value, '', report);
      return { shape, groups: [parse(requestGroup(content, report))], ...(content.operation ? { operation: content.operation } : {}) };
    }
    case 'sdk-request': {
      const local = new Report();
      local.leaveOutInvalid = report.leaveOutInvalid;
      const { inputPointer } = readSdkRequest(input.value);
      const content = sdkContent(input.value, local);
      const group = requestGroup(content, local);
      repoint(local, report, inputPointer);
      return { shape, groups: [parse(group)], ...(content.operation ? { operation: content.operation } : {}) };
    }
    case 'request-list': {
      if (!Array.isArray(input.value)) throw new TranslateError('input_invalid', 'a request list must be a JSON array', { pointer: '' });
      const groups = input.value.map((item, i) => {
        const pointer = childPointer('', i);
        // Items are independent samples: one bad item is reported and left out, the others are still read.
        const local = new Report();
        local.leaveOutInvalid = report.leaveOutInvalid;
        try {
          const group = requestGroup(readListItem(item, pointer, local), local);
          repoint(local, report, (p) => p);
          return parse(group);
        } catch (e) {
          if (!(e instanceof TranslateError) || e.code !== 'input_invalid') throw e;
          repoint(local, report, (p) => p);
          report.add('request_item_invalid', e.location.pointer ?? pointer, { index: i, providerCode: e.location.providerCode ?? 'InvalidParameter', reason: e.message });
          const providerCode = e.location.providerCode;
          report.skip({ rulePointer: pointer, pointer: e.location.pointer ?? pointer, action: 'unknown', ...(providerCode !== undefined && { providerCode }), message: e.message });
          return parse({ provider: 'aliyun', rules: [], pointer });
        }
      });
      return { shape, groups };
    }
  }
}

function issueFrom(e: unknown): ProviderIssue[] {
  if (e instanceof TranslateError && (e.code === 'input_invalid' || e.code === 'provider_rejects')) {
    return [{ providerCode: e.location.providerCode ?? 'InvalidParameter', pointer: e.location.pointer ?? '', message: e.message }];
  }
  throw e;
}

function validateContent(content: RequestContent, requireGroupId: boolean): ProviderIssue[] {
  const issues: ProviderIssue[] = [];
  if (requireGroupId && content.groupId === undefined) {
    issues.push({ providerCode: 'MissingParameter', pointer: childPointer(content.pointer, 'SecurityGroupId'), message: 'SecurityGroupId must be specified' });
  }
  for (const p of content.permissions) issues.push(...validatePermission(p, content.region !== undefined ? { region: content.region } : {}));
  return issues;
}

/** The group's name and description, as CreateSecurityGroup checks them. */
function validateGroupText(body: Record<string, unknown>, pointer: string): ProviderIssue[] {
  const issues: ProviderIssue[] = [];
  const name = body.SecurityGroupName;
  const nameWhy = typeof name === 'string' && name !== '' ? groupNameProblem(name) : undefined;
  if (nameWhy !== undefined) issues.push({ providerCode: 'InvalidSecurityGroupName.Malformed', pointer: childPointer(pointer, 'SecurityGroupName'), message: `SecurityGroupName is not valid: ${nameWhy}` });
  const description = body.Description;
  const descriptionWhy = typeof description === 'string' && description !== '' ? groupDescriptionProblem(description) : undefined;
  if (descriptionWhy !== undefined) issues.push({ providerCode: 'InvalidDescription.Malformed', pointer: childPointer(pointer, 'Description'), message: `Description is not valid: ${descriptionWhy}` });
  return issues;
}

function validateAliyun(input: ParsedInput, options?: ReadOptions): ProviderIssue[] {
  const shape = shapeOf(input, options);
  try {
    switch (shape) {
      case 'describe-security-group-attribute': {
        const bodies = Array.isArray(input.value) ? input.value.map((item, i) => describeBody(item, `/${i}`)) : [describeBody(input.value)];
        return bodies.flatMap((found) => {
          if (!found) return issueFrom(new TranslateError('input_invalid', 'not an object', { pointer: '' }));
          const { body, pointer } = found;
          const id = typeof body.SecurityGroupId === 'string' && body.SecurityGroupId !== '' ? body.SecurityGroupId : undefined;
          const region = typeof body.RegionId === 'string' && body.RegionId !== '' ? body.RegionId : undefined;
          const type = typeof body.SecurityGroupType === 'string' ? body.SecurityGroupType.toLowerCase() : undefined;
          const { items, pointer: listAt } = permissionList(body, pointer);
          const groupIssues = validateGroupText(body, pointer);
          return groupIssues.concat(items.flatMap((item, i) => {
            try {
              const raw = describePermission(item, childPointer(listAt, i), id, undefined);
              return validatePermission(raw, { ...(region ? { region } : {}), ...(type === 'enterprise' || type === 'normal' ? { groupType: type } : {}) });
            } catch (e) {
              return issueFrom(e);
            }
          }));
        });
      }
      case 'rule-request':
        return validateContent(readRequestContent(input.value, '', undefined), true);
      case 'sdk-request':
        return validateContent(sdkContent(input.value, undefined), true);
      case 'request-list':
        return (input.value as unknown[]).flatMap((item, i) => {
          try {
            const content = readListItem(item, childPointer('', i), undefined);
            const isDocs = isRecord(item) && isRecord(item.Params);
            return validateContent(content, isDocs);
          } catch (e) {
            return issueFrom(e);
          }
        });
    }
  } catch (e) {
    return issueFrom(e);
  }
}

export const aliyunAdapter: Adapter = {
  provider: 'aliyun',
  shapes: ALIYUN_SHAPES,
  detect: detectAliyun,
  read: readAliyun,
  writeDescribe,
  writeRequests,
  validate: validateAliyun,
};
