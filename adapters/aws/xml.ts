/**
 * EC2 API XML (as fast-xml-parser gives it, see src/parse/text.ts) converted to the SDK's JSON field names, so
 * one reader serves both. Element names follow the SDK schema's xmlName traits (reference B.6): `groups` is
 * `UserIdGroupPairs`, `tagSet` is `Tags`, `groupDescription` is the group's `Description`, lists are
 * `<x><item>…</item></x>` and empty lists may be `<x/>`. Every converted object records where it came from,
 * so findings point into the XML's JSON view. Unknown elements are kept under their XML name for the reader
 * to report.
 */
import { childPointer } from '../../src/model/pointer.js';
import { invalid, isPlainObject, type Json, type SourceMap } from './values.js';

type Field = readonly [sdkName: string, kind: 'text' | Struct | { list: Struct }];
interface Struct {
  readonly [xmlName: string]: Field;
}

const TAG: Struct = { key: ['Key', 'text'], value: ['Value', 'text'] };
const IP_RANGE: Struct = { cidrIp: ['CidrIp', 'text'], description: ['Description', 'text'] };
const IPV6_RANGE: Struct = { cidrIpv6: ['CidrIpv6', 'text'], description: ['Description', 'text'] };
const PREFIX_LIST: Struct = { prefixListId: ['PrefixListId', 'text'], description: ['Description', 'text'] };
const PAIR: Struct = {
  userId: ['UserId', 'text'],
  groupId: ['GroupId', 'text'],
  groupName: ['GroupName', 'text'],
  vpcId: ['VpcId', 'text'],
  vpcPeeringConnectionId: ['VpcPeeringConnectionId', 'text'],
  peeringStatus: ['PeeringStatus', 'text'],
  description: ['Description', 'text'],
};
const PERMISSION: Struct = {
  ipProtocol: ['IpProtocol', 'text'],
  fromPort: ['FromPort', 'text'],
  toPort: ['ToPort', 'text'],
  groups: ['UserIdGroupPairs', { list: PAIR }],
  ipRanges: ['IpRanges', { list: IP_RANGE }],
  ipv6Ranges: ['Ipv6Ranges', { list: IPV6_RANGE }],
  prefixListIds: ['PrefixListIds', { list: PREFIX_LIST }],
};
const GROUP: Struct = {
  ownerId: ['OwnerId', 'text'],
  groupId: ['GroupId', 'text'],
  groupName: ['GroupName', 'text'],
  groupDescription: ['Description', 'text'],
  vpcId: ['VpcId', 'text'],
  ipPermissions: ['IpPermissions', { list: PERMISSION }],
  ipPermissionsEgress: ['IpPermissionsEgress', { list: PERMISSION }],
  tagSet: ['Tags', { list: TAG }],
  securityGroupArn: ['SecurityGroupArn', 'text'],
};
const REFERENCED_GROUP: Struct = {
  groupId: ['GroupId', 'text'],
  peeringStatus: ['PeeringStatus', 'text'],
  userId: ['UserId', 'text'],
  vpcId: ['VpcId', 'text'],
  vpcPeeringConnectionId: ['VpcPeeringConnectionId', 'text'],
};
const RULE: Struct = {
  securityGroupRuleId: ['SecurityGroupRuleId', 'text'],
  groupId: ['GroupId', 'text'],
  groupOwnerId: ['GroupOwnerId', 'text'],
  isEgress: ['IsEgress', 'text'],
  ipProtocol: ['IpProtocol', 'text'],
  fromPort: ['FromPort', 'text'],
  toPort: ['ToPort', 'text'],
  cidrIpv4: ['CidrIpv4', 'text'],
  cidrIpv6: ['CidrIpv6', 'text'],
  prefixListId: ['PrefixListId', 'text'],
  referencedGroupInfo: ['ReferencedGroupInfo', REFERENCED_GROUP],
  description: ['Description', 'text'],
  tagSet: ['Tags', { list: TAG }],
  securityGroupRuleArn: ['SecurityGroupRuleArn', 'text'],
};

/** Response roots this adapter reads: the root element, its list element, and the SDK output's field. */
export const XML_RESPONSES = {
  DescribeSecurityGroupsResponse: { list: 'securityGroupInfo', sdk: 'SecurityGroups', item: GROUP },
  DescribeSecurityGroupRulesResponse: { list: 'securityGroupRuleSet', sdk: 'SecurityGroupRules', item: RULE },
} as const;
export type XmlResponseName = keyof typeof XML_RESPONSES;

const RESPONSE_METADATA: Struct = { requestId: ['RequestId', 'text'], nextToken: ['NextToken', 'text'] };

/** The XML root this adapter knows, or undefined. The `?xml` declaration entry is skipped. */
export function xmlRoot(value: unknown): XmlResponseName | undefined {
  if (!isPlainObject(value)) return undefined;
  const roots = Object.keys(value).filter((k) => !k.startsWith('?'));
  return roots.length === 1 && roots[0]! in XML_RESPONSES ? (roots[0] as XmlResponseName) : undefined;
}

function convertList(value: unknown, struct: Struct, pointer: string, sources: SourceMap): Json[] {
  if (value === '' || value === undefined) return []; // `<groups/>`
  if (!isPlainObject(value)) throw invalid('expected a list of <item> elements', pointer);
  const items = value.item;
  if (items === undefined) return [];
  if (!Array.isArray(items)) throw invalid('expected <item> elements', childPointer(pointer, 'item'));
  return items.map((item, i) => convertStruct(item, struct, childPointer(pointer, 'item', i), sources));
}

function convertStruct(value: unknown, struct: Struct, pointer: string, sources: SourceMap): Json {
  if (!isPlainObject(value)) throw invalid('expected an element with children', pointer);
  const out: Json = {};
  const fields: Record<string, string> = {};
  for (const [xmlName, raw] of Object.entries(value)) {
    const p = childPointer(pointer, xmlName);
    const spec = struct[xmlName];
    if (spec === undefined) {
      out[xmlName] = raw; // unknown: the reader reports it under its XML name
      fields[xmlName] = p;
      continue;
    }
    const [sdkName, kind] = spec;
    fields[sdkName] = p;
    if (kind === 'text') {
      if (typeof raw !== 'string') throw invalid(`<${xmlName}> must hold text`, p);
      out[sdkName] = raw;
    } else if ('list' in kind) {
      out[sdkName] = convertList(raw, kind.list as Struct, p, sources);
    } else {
      out[sdkName] = raw === '' ? undefined : convertStruct(raw, kind, p, sources);
    }
  }
  sources.set(out, { pointer, fields });
  return out;
}

/**
 * `{DescribeSecurityGroupsResponse: …}` → `{SecurityGroups: […], RequestId?, NextToken?}` (SDK names), with
 * a source map for pointers. The root's text values stay text: the reader parses numbers and booleans.
 */
export function xmlToSdk(value: unknown, sources: SourceMap): { root: XmlResponseName; doc: Json } {
  const root = xmlRoot(value);
  if (root === undefined) throw invalid('not an EC2 DescribeSecurityGroups or DescribeSecurityGroupRules response', '');
  const spec = XML_RESPONSES[root];
  const top: Struct = { ...RESPONSE_METADATA, [spec.list]: [spec.sdk, { list: spec.item }] };
  const doc = convertStruct(
    (value as Json)[root] === '' ? {} : (value as Json)[root],
    top,
    childPointer('', root),
    sources,
  );
  return { root, doc };
}
