/**
 * `validate` for Aliyun payloads: every shape's permissions checked offline with Aliyun's own error codes
 * (validate-permission.ts), plus the group's name and description and, for requests, the group ID.
 */
import { TranslateError } from '../../src/errors.js';
import type { ParsedInput } from '../../src/parse/text.js';
import { childPointer } from '../../src/model/pointer.js';
import type { ProviderIssue, ReadOptions } from '../types.js';
import { shapeOf } from './detect.js';
import { sdkContent } from './read.js';
import { describeBody, describePermission, permissionList } from './read-describe.js';
import { readListItem } from './read-list.js';
import { readRequestContent, type RequestContent } from './read-request.js';
import { groupDescriptionProblem, groupNameProblem } from './strings.js';
import { validatePermission } from './validate-permission.js';
import { isRecord } from './values.js';
import { issuesOfRejection } from '../rejection.js';

function validateContent(content: RequestContent, requireGroupId: boolean): ProviderIssue[] {
  const issues: ProviderIssue[] = [];
  if (requireGroupId && content.groupId === undefined) {
    issues.push({
      providerCode: 'MissingParameter',
      pointer: childPointer(content.pointer, 'SecurityGroupId'),
      message: 'SecurityGroupId must be specified',
    });
  }
  for (const p of content.permissions)
    issues.push(...validatePermission(p, content.region !== undefined ? { region: content.region } : {}));
  return issues;
}

/** The group's name and description, as CreateSecurityGroup checks them. */
function validateGroupText(body: Record<string, unknown>, pointer: string): ProviderIssue[] {
  const issues: ProviderIssue[] = [];
  const name = body.SecurityGroupName;
  const nameWhy = typeof name === 'string' && name !== '' ? groupNameProblem(name) : undefined;
  if (nameWhy !== undefined)
    issues.push({
      providerCode: 'InvalidSecurityGroupName.Malformed',
      pointer: childPointer(pointer, 'SecurityGroupName'),
      message: `SecurityGroupName is not valid: ${nameWhy}`,
    });
  const description = body.Description;
  const descriptionWhy =
    typeof description === 'string' && description !== '' ? groupDescriptionProblem(description) : undefined;
  if (descriptionWhy !== undefined)
    issues.push({
      providerCode: 'InvalidDescription.Malformed',
      pointer: childPointer(pointer, 'Description'),
      message: `Description is not valid: ${descriptionWhy}`,
    });
  return issues;
}

export function validateAliyun(input: ParsedInput, options?: ReadOptions): ProviderIssue[] {
  const shape = shapeOf(input, options);
  try {
    switch (shape) {
      case 'describe-security-group-attribute': {
        const bodies = Array.isArray(input.value)
          ? input.value.map((item, i) => describeBody(item, `/${i}`))
          : [describeBody(input.value)];
        return bodies.flatMap((found) => {
          if (!found) return issuesOfRejection(new TranslateError('input_invalid', 'not an object', { pointer: '' }));
          const { body, pointer } = found;
          const id =
            typeof body.SecurityGroupId === 'string' && body.SecurityGroupId !== '' ? body.SecurityGroupId : undefined;
          const region = typeof body.RegionId === 'string' && body.RegionId !== '' ? body.RegionId : undefined;
          const type = typeof body.SecurityGroupType === 'string' ? body.SecurityGroupType.toLowerCase() : undefined;
          const { items, pointer: listAt } = permissionList(body, pointer);
          const groupIssues = validateGroupText(body, pointer);
          return groupIssues.concat(
            items.flatMap((item, i) => {
              try {
                const raw = describePermission(item, childPointer(listAt, i), id, undefined);
                return validatePermission(raw, {
                  ...(region ? { region } : {}),
                  ...(type === 'enterprise' || type === 'normal' ? { groupType: type } : {}),
                });
              } catch (e) {
                return issuesOfRejection(e);
              }
            }),
          );
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
            return issuesOfRejection(e);
          }
        });
    }
  } catch (e) {
    return issuesOfRejection(e);
  }
}
