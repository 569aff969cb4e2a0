/**
 * Inputs that are near a payload sgbridge reads but not one: what they look like and what to run instead, for
 * the one-line error of detection. Only shapes people commonly have at hand are named; anything else gets the
 * list of payloads sgbridge reads.
 */
import type { ParsedInput } from '../src/parse/text.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `what it is; what to do`, or undefined when the input looks like nothing in particular. */
export function lookalike(parsed: ParsedInput): string | undefined {
  const v = parsed.value;
  if (!isRecord(v)) return undefined;
  // Aliyun DescribeSecurityGroups: {SecurityGroups: {SecurityGroup: [{SecurityGroupId, …}]}} — groups, no rules.
  const aliyunList = isRecord(v['SecurityGroups']) ? v['SecurityGroups']['SecurityGroup'] : undefined;
  if (Array.isArray(aliyunList) || (parsed.format === 'xml' && isRecord(v['DescribeSecurityGroupsResponse']))) {
    return 'this is an Aliyun DescribeSecurityGroups list, which has no rules; run DescribeSecurityGroupAttribute for each group (or `sgbridge pull aliyun:<region>`) and convert those responses';
  }
  const resources = v['Resources'];
  if (isRecord(resources) && Object.values(resources).some((r) => isRecord(r) && typeof r['Type'] === 'string')) {
    const types = Object.values(resources).map((r) => (isRecord(r) ? String(r['Type'] ?? '') : ''));
    const ros = types.some((t) => t.startsWith('ALIYUN::'));
    // Templates with security groups are read (adapters/iac); this one has none.
    return ros
      ? 'this is a ROS template without ALIYUN::ECS::SecurityGroup resources; nothing to convert'
      : 'this is a CloudFormation template without AWS::EC2::SecurityGroup resources; nothing to convert';
  }
  if (
    typeof v['terraform_version'] === 'string' ||
    (Array.isArray(v['resources']) && typeof v['lineage'] === 'string')
  ) {
    return typeof v['format_version'] === 'string'
      ? 'this is a Terraform state (terraform show -json) without security-group resources sgbridge reads (aws_security_group…, alicloud_security_group…)'
      : 'this is a Terraform state file; convert the output of `terraform show -json` instead';
  }
  if (typeof v['format_version'] === 'string' && ('planned_values' in v || 'resource_changes' in v)) {
    return 'this is a Terraform plan (terraform show -json) without security-group resources sgbridge reads (aws_security_group…, alicloud_security_group…)';
  }
  return undefined;
}
