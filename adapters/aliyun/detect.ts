/** Which Aliyun shape a parsed input is, or undefined; and the shape a read or validate works on (forced or detected). */
import { TranslateError } from '../../src/errors.js';
import type { ParsedInput } from '../../src/parse/text.js';
import type { ReadOptions } from '../types.js';
import { XML_ROOT, isDescribeList } from './read-describe.js';
import { isRequestList } from './read-list.js';
import { looksLikeRequest } from './read-request.js';
import { looksLikeSdkRequest } from './sdk.js';
import { isRecord } from './values.js';

export const ALIYUN_SHAPES = [
  'describe-security-group-attribute',
  'rule-request',
  'request-list',
  'sdk-request',
] as const;
export type AliyunShape = (typeof ALIYUN_SHAPES)[number];

export function detectAliyun(input: ParsedInput): AliyunShape | undefined {
  const v = input.value;
  if (input.format === 'xml')
    return isRecord(v) && isRecord(v[XML_ROOT]) ? 'describe-security-group-attribute' : undefined;
  if (input.format !== 'query' && isDescribeList(v)) return 'describe-security-group-attribute';
  if (isRequestList(v)) return 'request-list';
  if (!isRecord(v)) return undefined;
  if (input.format !== 'query' && (isRecord(v.Permissions) || ('SecurityGroupId' in v && 'InnerAccessPolicy' in v)))
    return 'describe-security-group-attribute';
  if (looksLikeRequest(v)) return 'rule-request';
  if (input.format !== 'query' && looksLikeSdkRequest(v)) return 'sdk-request';
  return undefined;
}

export function shapeOf(input: ParsedInput, options?: ReadOptions): AliyunShape {
  const forced = options?.shape;
  if (forced !== undefined) {
    if (!(ALIYUN_SHAPES as readonly string[]).includes(forced))
      throw new TranslateError('usage', `unknown Aliyun shape ${forced}; one of ${ALIYUN_SHAPES.join(', ')}`);
    return forced as AliyunShape;
  }
  const shape = detectAliyun(input);
  if (shape === undefined)
    throw new TranslateError('input_unrecognized', 'not an Aliyun security-group payload', { pointer: '' });
  return shape;
}
