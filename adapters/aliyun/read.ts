/**
 * The Aliyun reader: picks the shape (detected or forced) and reads it into canonical groups. SDK input is read
 * as wire parameters and its findings re-pointed at the camelCase input; a bad item of a request list is
 * reported and left out, the other items are still read.
 */
import { TranslateError } from '../../src/errors.js';
import type { ParsedInput } from '../../src/parse/text.js';
import type { SecurityGroup, SecurityGroupInput } from '../../src/model/group.js';
import { builtGroup, ruleAsBuilt } from '../../src/model/built.js';
import { childPointer } from '../../src/model/pointer.js';
import { Report, isLeftOut } from '../../src/report/report.js';
import type { ReadOptions, ReadResult } from '../types.js';
import { shapeOf } from './detect.js';
import { readPermission } from './permission.js';
import { readDescribe } from './read-describe.js';
import { readListItem } from './read-list.js';
import { readRequestContent, type RequestContent } from './read-request.js';
import { readSdkRequest } from './sdk.js';

/** A request's permissions as one group. */
function requestGroup(content: RequestContent, report: Report): SecurityGroupInput {
  const group: SecurityGroupInput = { provider: 'aliyun', rules: [], pointer: content.pointer };
  if (content.groupId !== undefined) group.id = content.groupId;
  if (content.region !== undefined) group.region = content.region;
  // Where the group fields later stages name in findings came from (src/model/provenance.ts).
  if (content.groupIdPointer !== undefined) report.provenance.record(content.pointer, 'id', content.groupIdPointer);
  if (content.regionPointer !== undefined) report.provenance.record(content.pointer, 'region', content.regionPointer);
  for (const p of content.permissions) {
    const rule = readPermission(p, report);
    if (!isLeftOut(rule)) group.rules.push(rule);
  }
  return group;
}

/** The SDK input's content, every pointer mapped back to the camelCase input. */
export function sdkContent(value: unknown, report: Report | undefined): RequestContent {
  const { wire, inputPointer } = readSdkRequest(value, undefined, report);
  // The group's fields keep the input object's pointer (as findings name them today), so no provenance for them.
  const { groupIdPointer: _id, regionPointer: _region, ...content } = readRequestContent(wire, '', report);
  const permissions = content.permissions.map((p) => ({
    ...p,
    pointer: inputPointer(p.pointer),
    fields: new Map([...p.fields].map(([k, f]) => [k, { value: f.value, pointer: inputPointer(f.pointer) }])),
  }));
  return { ...content, permissions };
}

/**
 * Findings from a temporary report, re-pointed (SDK input: wire pointers → camelCase pointers). Its provenance,
 * when taken, is taken as is: the permissions it was recorded from already hold input pointers.
 */
function repoint(from: Report, to: Report, map: (p: string) => string, provenance = true): void {
  for (const f of from.findings) to.add(f.code, map(f.pointer), f.detail);
  for (const s of from.skipped) to.skip({ ...s, rulePointer: map(s.rulePointer), pointer: map(s.pointer) });
  if (provenance) to.provenance.addAll(from.provenance);
}

export function readAliyun(input: ParsedInput, report: Report, options?: ReadOptions): ReadResult {
  const shape = shapeOf(input, options);
  // The reader checks every field as it reads it: its group is put in the model's shape, not re-validated, and
  // its rules are in that shape as readPermission builds them.
  const parse = (group: SecurityGroupInput): SecurityGroup => builtGroup(group, ruleAsBuilt);
  switch (shape) {
    case 'describe-security-group-attribute':
      if (Array.isArray(input.value))
        return {
          shape,
          groups: input.value.map((item, i) => parse(readDescribe(item, report, `/${i}`))),
          operation: 'describe',
        };
      return { shape, groups: [parse(readDescribe(input.value, report))], operation: 'describe' };
    case 'rule-request': {
      const content = readRequestContent(input.value, '', report);
      return {
        shape,
        groups: [parse(requestGroup(content, report))],
        ...(content.operation ? { operation: content.operation } : {}),
      };
    }
    case 'sdk-request': {
      const local = new Report();
      local.leaveOutInvalid = report.leaveOutInvalid;
      const { inputPointer } = readSdkRequest(input.value);
      const content = sdkContent(input.value, local);
      const group = requestGroup(content, local);
      // No provenance: findings name the camelCase permission object, not its member (a later change of output).
      repoint(local, report, inputPointer, false);
      return { shape, groups: [parse(group)], ...(content.operation ? { operation: content.operation } : {}) };
    }
    case 'request-list': {
      if (!Array.isArray(input.value))
        throw new TranslateError('input_invalid', 'a request list must be a JSON array', { pointer: '' });
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
          report.add('request_item_invalid', e.location.pointer ?? pointer, {
            index: i,
            providerCode: e.location.providerCode ?? 'InvalidParameter',
            reason: e.message,
          });
          const providerCode = e.location.providerCode;
          report.skip({
            rulePointer: pointer,
            pointer: e.location.pointer ?? pointer,
            action: 'unknown',
            ...(providerCode !== undefined && { providerCode }),
            message: e.message,
          });
          return parse({ provider: 'aliyun', rules: [], pointer });
        }
      });
      return { shape, groups };
    }
  }
}
