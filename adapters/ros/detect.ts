/** Whether a parsed input is a ROS (Resource Orchestration Service) template with Aliyun security groups. */
import type { ParsedInput } from '../../src/parse/text.js';
import type { ProviderId } from '../../src/model/rule.js';
import { hasResourceType } from '../iac/template-read.js';

export const ROS_SHAPE = 'ros-template';

/** The clouds whose groups the template holds: Aliyun, or none when it is not a ROS template. */
export function detectRos(input: ParsedInput): ProviderId[] {
  return (input.format === 'json' || input.format === 'yaml') &&
    hasResourceType(input.value, 'ALIYUN::ECS::SecurityGroup')
    ? ['aliyun']
    : [];
}
