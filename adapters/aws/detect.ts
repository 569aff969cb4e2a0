/** Which AWS shape a parsed input is, or undefined. Cheap: looks at top-level keys only. */
import type { ParsedInput } from '../../src/parse/text.js';
import { isPlainObject, type Json } from './values.js';
import { CLI_EXAMPLES } from './read-examples.js';
import { DESCRIBE_GROUPS } from './read-groups.js';
import { AUTHORIZE_REQUEST, REQUEST_ACTIONS } from './read-request.js';
import { DESCRIBE_RULES } from './read-rules.js';
import { XML_RESPONSES, xmlRoot } from './xml.js';

export const AWS_SHAPES = [DESCRIBE_GROUPS, DESCRIBE_RULES, AUTHORIZE_REQUEST, CLI_EXAMPLES] as const;
export type AwsShape = (typeof AWS_SHAPES)[number];

/** Fields only a DescribeSecurityGroups group has (a request has IpPermissions but none of these). */
const GROUP_ONLY = ['IpPermissionsEgress', 'OwnerId', 'SecurityGroupArn', 'Description'];
/** Aliyun request fields: an object with these is never an AWS request. */
const ALIYUN_MARKERS = ['SecurityGroupId', 'PortRange', 'Permissions', 'RegionId'];

function isBareGroup(v: unknown): v is Json {
  return isPlainObject(v) && GROUP_ONLY.some((k) => k in v) && ('IpPermissions' in v || 'IpPermissionsEgress' in v);
}

function isRequest(v: Json): boolean {
  if (ALIYUN_MARKERS.some((k) => k in v)) return false;
  if (typeof v.Action === 'string') return v.Action in REQUEST_ACTIONS;
  if (Array.isArray(v.IpPermissions)) return true;
  return (
    typeof v.IpProtocol === 'string' &&
    ('GroupId' in v || 'GroupName' in v) &&
    ('CidrIp' in v || 'SourceSecurityGroupName' in v)
  );
}

export function detectShape(input: ParsedInput): AwsShape | undefined {
  const v = input.value;
  switch (input.format) {
    case 'xml': {
      const root = xmlRoot(v);
      if (root === undefined) return undefined;
      return XML_RESPONSES[root].sdk === 'SecurityGroups' ? DESCRIBE_GROUPS : DESCRIBE_RULES;
    }
    case 'query': {
      if (!isPlainObject(v)) return undefined;
      if (typeof v.Action === 'string') return v.Action in REQUEST_ACTIONS ? AUTHORIZE_REQUEST : undefined;
      return Object.keys(v).some((k) => k.startsWith('IpPermissions.')) ? AUTHORIZE_REQUEST : undefined;
    }
    case 'json':
    case 'yaml': {
      if (Array.isArray(v)) return v.length > 0 && v.every(isBareGroup) ? DESCRIBE_GROUPS : undefined;
      if (!isPlainObject(v)) return undefined;
      if (Array.isArray(v.SecurityGroups)) return DESCRIBE_GROUPS;
      if (Array.isArray(v.SecurityGroupRules)) return DESCRIBE_RULES;
      if (
        Array.isArray(v.Examples) &&
        v.Examples.some((e) => isPlainObject(e) && typeof e.Command === 'string' && /\baws\s+ec2\b/.test(e.Command))
      ) {
        return CLI_EXAMPLES;
      }
      if (isBareGroup(v)) return DESCRIBE_GROUPS;
      return isRequest(v) ? AUTHORIZE_REQUEST : undefined;
    }
  }
}
