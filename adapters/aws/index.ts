/**
 * The AWS EC2 adapter: DescribeSecurityGroups (CLI/SDK JSON and API XML), DescribeSecurityGroupRules,
 * Authorize/Revoke requests (SDK JSON and EC2 Query form) and AWS CLI examples, read into canonical groups;
 * canonical groups written as DescribeSecurityGroups items and AuthorizeSecurityGroupIngress/Egress inputs.
 */
import type { Adapter } from '../types.js';
import { AWS_SHAPES, detectShape } from './detect.js';
import { readAws, readAwsGroupwise } from './read.js';
import { validateAws } from './validate.js';
import { writeDescribe, writeRequests } from './write.js';

export const awsAdapter: Adapter = {
  provider: 'aws',
  shapes: AWS_SHAPES,
  detect: detectShape,
  read: readAws,
  readGroupwise: readAwsGroupwise,
  writeDescribe,
  writeRequests,
  validate: validateAws,
};

export { AWS_SHAPES, detectShape, type AwsShape } from './detect.js';
export { readAws, sdkView } from './read.js';
export { validateAws, ID_FORMATS } from './validate.js';
export { writeDescribe, writeRequests, DEFAULT_GROUP_DESCRIPTION, type AwsRequest } from './write.js';
export { writePermissions, permissionKey } from './write-permissions.js';
export { unflattenQuery } from './query.js';
export { xmlToSdk } from './xml.js';
export { awsText, isAwsText } from './strings.js';
export { commandToRequest } from './read-examples.js';
export { REQUEST_ACTIONS } from './read-request.js';
