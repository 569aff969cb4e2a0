/**
 * The Aliyun (Alibaba Cloud ECS) adapter: DescribeSecurityGroupAttribute responses, Authorize/Revoke/Modify
 * parameters (flat, Permissions.N, JSON array; JSON or query string), lists of request samples (docs, ROS,
 * terraform, writer output) and @alicloud/ecs20140526 request objects. See README.md for the choices made.
 */
import type { Adapter } from '../types.js';
import { ALIYUN_SHAPES, detectAliyun } from './detect.js';
import { readAliyun } from './read.js';
import { validateAliyun } from './validate.js';
import { writeDescribe, writeRequests } from './write.js';

export const aliyunAdapter: Adapter = {
  provider: 'aliyun',
  shapes: ALIYUN_SHAPES,
  detect: detectAliyun,
  read: readAliyun,
  writeDescribe,
  writeRequests,
  validate: validateAliyun,
};

export { ALIYUN_SHAPES, detectAliyun, type AliyunShape } from './detect.js';
export { readAliyun } from './read.js';
export { validateAliyun } from './validate.js';
export { aliyunProtocolToken, writeDescribe, writeRequests } from './write.js';
export { readSdkRequest, SDK_REQUEST_CLASSES, type SdkRequestClass } from './sdk.js';
