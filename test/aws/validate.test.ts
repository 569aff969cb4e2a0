import { describe, expect, it } from 'vitest';
import { awsAdapter } from '../../adapters/aws/index.js';
import { parseInput } from '../../src/parse/text.js';
import { fixture } from './helpers.js';

const ok = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] };
const request = (over: Record<string, unknown>) => ({
  format: 'json' as const,
  value: { Action: 'AuthorizeSecurityGroupIngress', GroupId: 'sg-1a2b3c4d', ...over },
});
const perms = (...p: unknown[]) => request({ IpPermissions: p });

describe('AWS validate: one case per provider error code', () => {
  it.each([
    ['InvalidParameterValue', perms({ ...ok, IpProtocol: 'tcpp' }), '/IpPermissions/0/IpProtocol'],
    ['InvalidParameterValue', perms({ ...ok, ToPort: 70000 }), '/IpPermissions/0/ToPort'],
    [
      'InvalidParameterValue',
      perms({ ...ok, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'naïve' }] }),
      '/IpPermissions/0/IpRanges/0/Description',
    ],
    [
      'InvalidParameterValue',
      perms({ ...ok, UserIdGroupPairs: [{ GroupId: 'sg-1a2b3c4d', Description: 'a&b' }], IpRanges: [] }),
      '/IpPermissions/0/UserIdGroupPairs/0/Description',
    ],
    [
      'InvalidParameterValue',
      perms({ ...ok, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'x'.repeat(256) }] }),
      '/IpPermissions/0/IpRanges/0/Description',
    ],
    [
      'InvalidParameterValue',
      perms({ IpProtocol: 'icmp', FromPort: 300, ToPort: 0, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }),
      '/IpPermissions/0/FromPort',
    ],
    ['InvalidPermission.Malformed', perms({ ...ok, FromPort: 30, ToPort: 20 }), '/IpPermissions/0/FromPort'],
    [
      'InvalidPermission.Malformed',
      perms({ IpProtocol: 'udp', IpRanges: [{ CidrIp: '10.0.0.0/8' }] }),
      '/IpPermissions/0/FromPort',
    ],
    [
      'InvalidPermission.Malformed',
      perms({ IpProtocol: 'icmp', FromPort: -1, ToPort: 4, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }),
      '/IpPermissions/0/ToPort',
    ],
    [
      'InvalidPermission.Malformed',
      perms({ ...ok, IpRanges: [{ CidrIp: '10.0.0.1' }] }),
      '/IpPermissions/0/IpRanges/0/CidrIp',
    ],
    [
      'InvalidPermission.Malformed',
      perms({ ...ok, IpRanges: [{ CidrIp: '::/0' }] }),
      '/IpPermissions/0/IpRanges/0/CidrIp',
    ],
    [
      'MissingParameter',
      { format: 'json' as const, value: { Action: 'AuthorizeSecurityGroupIngress', IpPermissions: [ok] } },
      '/GroupId',
    ],
    ['MissingParameter', perms({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }), '/IpPermissions/0'],
    ['MissingParameter', request({}), '/IpPermissions'],
    [
      'MissingParameter',
      perms({ ...ok, IpRanges: [], UserIdGroupPairs: [{ UserId: '123456789012' }] }),
      '/IpPermissions/0/UserIdGroupPairs/0',
    ],
    [
      'InvalidParameterCombination',
      request({ IpPermissions: [ok], IpProtocol: 'tcp', FromPort: 1, ToPort: 1, CidrIp: '1.1.1.1/32' }),
      '/IpProtocol',
    ],
    [
      'InvalidParameterCombination',
      {
        format: 'json' as const,
        value: {
          Action: 'AuthorizeSecurityGroupEgress',
          GroupId: 'sg-1a2b3c4d',
          IpProtocol: 'tcp',
          FromPort: 1,
          ToPort: 1,
          CidrIp: '1.1.1.1/32',
        },
      },
      '/IpProtocol',
    ],
    [
      'InvalidParameterCombination',
      {
        format: 'json' as const,
        value: {
          Action: 'RevokeSecurityGroupIngress',
          GroupId: 'sg-1a2b3c4d',
          IpPermissions: [{ ...ok, UserIdGroupPairs: [{ GroupId: 'sg-1a2b3c4d' }] }],
        },
      },
      '/IpPermissions/0/UserIdGroupPairs',
    ],
    ['InvalidGroupId.Malformed', request({ GroupId: 'sg-XYZ', IpPermissions: [ok] }), '/GroupId'],
    [
      'InvalidGroupId.Malformed',
      perms({ ...ok, IpRanges: [], UserIdGroupPairs: [{ GroupId: 'group-1' }] }),
      '/IpPermissions/0/UserIdGroupPairs/0/GroupId',
    ],
    [
      'InvalidPrefixListId.Malformed',
      perms({ ...ok, IpRanges: [], PrefixListIds: [{ PrefixListId: 'pl-nothex!' }] }),
      '/IpPermissions/0/PrefixListIds/0/PrefixListId',
    ],
    [
      'InvalidSecurityGroupRuleId.Malformed',
      {
        format: 'json' as const,
        value: { Action: 'RevokeSecurityGroupIngress', GroupId: 'sg-1a2b3c4d', SecurityGroupRuleIds: ['sgr-1'] },
      },
      '/SecurityGroupRuleIds/0',
    ],
    [
      'InvalidPermission.Duplicate',
      perms(ok, { ...ok, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'again' }] }),
      '/IpPermissions/1/IpRanges/0',
    ],
    [
      'InvalidPermission.Duplicate',
      perms({ ...ok, IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '10.1.2.3/8' }] }),
      '/IpPermissions/0/IpRanges/1',
    ],
    ['UnknownParameter', request({ IpPermissions: [ok], Colour: 'red' }), '/Colour'],
    ['InvalidAction', request({ Action: 'CreateSecurityGroup', IpPermissions: [ok] }), '/Action'],
  ])('%s (case %#)', (code, input, pointer) => {
    const issues = awsAdapter.validate(input, { shape: 'authorize-request' });
    expect(issues.map((i) => [i.providerCode, i.pointer])).toContainEqual([code, pointer]);
  });

  it('accepts valid payloads', () => {
    expect(
      awsAdapter.validate(
        perms(
          ok,
          { IpProtocol: 'icmpv6', Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
          { IpProtocol: '-1', PrefixListIds: [{ PrefixListId: 'pl-12345678' }] },
        ),
      ),
    ).toEqual([]);
    // The reference's wire example uses placeholder IDs; the issues name the query parameters.
    expect(awsAdapter.validate(fixture('authorize-query.txt')).map((i) => [i.providerCode, i.pointer])).toEqual([
      ['InvalidGroupId.Malformed', '/GroupId'],
      ['InvalidPrefixListId.Malformed', '/IpPermissions.3.PrefixListIds.1.PrefixListId'],
      ['InvalidGroupId.Malformed', '/IpPermissions.3.Groups.1.GroupId'],
    ]);
    expect(awsAdapter.validate(fixture('describe-groups.json'))).toEqual([]);
    expect(awsAdapter.validate(fixture('describe-groups.xml'))).toEqual([]);
    expect(awsAdapter.validate(fixture('describe-rules.json'))).toEqual([]);
  });

  it('names query parameters and XML elements in its pointers', () => {
    const q = parseInput(
      'Action=AuthorizeSecurityGroupIngress&GroupId=sg-1a2b3c4d&IpPermissions.1.IpProtocol=tcp&IpPermissions.1.FromPort=80&IpPermissions.1.ToPort=22&IpPermissions.1.IpRanges.1.CidrIp=10.0.0.0/8',
    );
    expect(awsAdapter.validate(q)).toEqual([
      {
        providerCode: 'InvalidPermission.Malformed',
        pointer: '/IpPermissions.1.FromPort',
        message: 'FromPort 80 exceeds ToPort 22',
      },
    ]);
    const x = parseInput(
      '<DescribeSecurityGroupsResponse><securityGroupInfo><item><groupId>sg-1a2b3c4d</groupId><ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>x</fromPort><toPort>22</toPort></item></ipPermissions></item></securityGroupInfo></DescribeSecurityGroupsResponse>',
    );
    expect(awsAdapter.validate(x).map((i) => [i.providerCode, i.pointer])).toContainEqual([
      'InvalidParameterValue',
      '/DescribeSecurityGroupsResponse/securityGroupInfo/item/0/ipPermissions/item/0/fromPort',
    ]);
  });

  it('names query list elements by their parameter', () => {
    const q = parseInput(
      'Action=RevokeSecurityGroupIngress&GroupId=sg-1a2b3c4d&SecurityGroupRuleId.2=sgr-bad&SecurityGroupRuleId.1=sgr-0123456789abcdef0',
    );
    expect(awsAdapter.validate(q)).toEqual([
      {
        providerCode: 'InvalidSecurityGroupRuleId.Malformed',
        pointer: '/SecurityGroupRuleId.2',
        message: 'sgr-bad does not have the expected format',
      },
    ]);
  });

  it('reports wrong types as issues instead of throwing', () => {
    expect(awsAdapter.validate(perms({ ...ok, IpRanges: 'x' })).map((i) => i.pointer)).toContain(
      '/IpPermissions/0/IpRanges',
    );
  });
});
