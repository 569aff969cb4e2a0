/** Whether a parsed input is a CloudFormation template with AWS security groups (JSON or YAML). */
import type { ParsedInput } from '../../src/parse/text.js';
import type { ProviderId } from '../../src/model/rule.js';
import { hasResourceType } from '../iac/template-read.js';

export const CFN_SHAPE = 'cloudformation-template';

export function isCloudFormationTemplate(v: unknown): boolean {
  return hasResourceType(v, 'AWS::EC2::SecurityGroup');
}

/** The clouds whose groups the template holds: AWS, or none when it is not a CloudFormation template. */
export function detectCloudFormation(input: ParsedInput): ProviderId[] {
  return (input.format === 'json' || input.format === 'yaml') && isCloudFormationTemplate(input.value) ? ['aws'] : [];
}
