import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsAdapter } from '../../adapters/aws/index.js';
import { SecurityGroup } from '../../src/model/group.js';
import { TranslateError } from '../../src/errors.js';
import { parseInput } from '../../src/parse/text.js';
import { goldenJson } from '../golden.js';
import { FIXTURES, findingData, fixture, newReport } from './helpers.js';

describe('AWS readers (goldens)', () => {
  it.each([
    ['describe-groups.json', 'describe-security-groups'],
    ['describe-groups.xml', 'describe-security-groups'],
    ['describe-rules.json', 'describe-security-group-rules'],
    ['authorize-request.json', 'authorize-request'],
    ['authorize-no-action.json', 'authorize-request'],
    ['authorize-flat.json', 'authorize-request'],
    ['authorize-query.txt', 'authorize-request'],
    ['cli-examples.json', 'cli-examples'],
  ])('%s reads as %s and matches its golden', async (name, shape) => {
    const input = fixture(name);
    expect(awsAdapter.detect(input)).toBe(shape);
    const report = newReport();
    const result = awsAdapter.read(input, report);
    expect(result.shape).toBe(shape);
    // Every group the reader makes is a valid canonical group.
    for (const g of result.groups) expect(SecurityGroup.parse(g)).toEqual(g);
    const golden = {
      shape: result.shape,
      operation: result.operation,
      groups: result.groups,
      findings: findingData(report.findings),
    };
    await expect(goldenJson(golden)).toMatchFileSnapshot(resolve(FIXTURES, `${name}.golden.json`));
  });
});

describe('AWS reader details', () => {
  const read = (value: unknown) => {
    const report = newReport();
    return { result: awsAdapter.read({ format: 'json', value }, report), report };
  };

  it('reads a bare group and an array of groups', () => {
    const group = {
      GroupId: 'sg-1a2b3c4d',
      GroupName: 'g',
      Description: 'd',
      IpPermissions: [],
      IpPermissionsEgress: [],
    };
    expect(read(group).result.groups).toHaveLength(1);
    expect(read([group, group]).result.groups.map((g) => g.pointer)).toEqual(['/0', '/1']);
  });

  it('gives each peer of a permission its own rule and pointer', () => {
    const { result } = read({
      SecurityGroups: [
        {
          GroupId: 'sg-1a2b3c4d',
          IpPermissions: [
            { IpProtocol: '-1', IpRanges: [{ CidrIp: '1.2.3.0/24' }], UserIdGroupPairs: [{ GroupId: 'sg-1a2b3c4d' }] },
          ],
        },
      ],
    });
    expect(result.groups[0]!.rules.map((r) => [r.protocol, r.peer.kind, r.origin?.pointer])).toEqual([
      ['all', 'cidr', '/SecurityGroups/0/IpPermissions/0/IpRanges/0'],
      ['all', 'group', '/SecurityGroups/0/IpPermissions/0/UserIdGroupPairs/0'],
    ]);
  });

  it('leaves out masked addresses with value_unreadable, never widening', () => {
    const { result, report } = read({
      GroupId: 'sg-1a2b3c4d',
      OwnerId: '1',
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 1, ToPort: 2, Ipv6Ranges: [{ CidrIpv6: '2001:db8::***' }] }],
    });
    expect(result.groups[0]!.rules).toEqual([]);
    expect(report.findings.map((f) => [f.code, f.pointer])).toEqual([
      ['value_unreadable', '/IpPermissions/0/Ipv6Ranges/0/CidrIpv6'],
    ]);
  });

  it('reports unknown fields instead of dropping them', () => {
    const { report } = read({
      SecurityGroups: [{ GroupId: 'sg-1a2b3c4d', Colour: 'red', IpPermissions: [], IpPermissionsEgress: [] }],
      ResponseMetadata: {},
    });
    expect(findingData(report.findings)).toEqual([
      {
        code: 'field_unknown',
        pointer: '/SecurityGroups/0/Colour',
        detail: { field: 'Colour', shape: 'describe-security-groups' },
      },
    ]);
  });

  it.each([
    [{ SecurityGroups: [{ IpPermissions: 'x' }] }, '/SecurityGroups/0/IpPermissions', undefined],
    [
      { SecurityGroups: [{ IpPermissions: [{ IpProtocol: 'tcp', FromPort: '22', ToPort: 22 }] }] },
      '/SecurityGroups/0/IpPermissions/0/FromPort',
      'InvalidParameterValue',
    ],
    [
      { SecurityGroups: [{ IpPermissions: [{ IpProtocol: 'bogus' }] }] },
      '/SecurityGroups/0/IpPermissions/0/IpProtocol',
      'InvalidParameterValue',
    ],
    [
      { SecurityGroups: [{ IpPermissions: [{ IpProtocol: 'tcp', FromPort: 90, ToPort: 80 }] }] },
      '/SecurityGroups/0/IpPermissions/0/FromPort',
      'InvalidPermission.Malformed',
    ],
    [
      { SecurityGroups: [{ IpPermissions: [{ IpProtocol: 'tcp' }] }] },
      '/SecurityGroups/0/IpPermissions/0/FromPort',
      'InvalidPermission.Malformed',
    ],
    [{ SecurityGroups: [{ Tags: [{ Key: 3 }] }] }, '/SecurityGroups/0/Tags/0/Key', undefined],
  ])('malformed input throws input_invalid with the pointer (%#)', (value, pointer, providerCode) => {
    let error: unknown;
    try {
      read(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TranslateError);
    const te = error as TranslateError;
    expect(te.code).toBe('input_invalid');
    expect(te.location.pointer).toBe(pointer);
    expect(te.location.providerCode).toBe(providerCode);
  });

  it('does not claim other payloads', () => {
    expect(
      awsAdapter.detect({ format: 'json', value: { SecurityGroupId: 'sg-1', Permissions: { Permission: [] } } }),
    ).toBeUndefined();
    expect(
      awsAdapter.detect(parseInput('Action=AuthorizeSecurityGroup&SecurityGroupId=sg-1&Permissions.1.IpProtocol=TCP')),
    ).toBeUndefined();
    expect(
      awsAdapter.detect({
        format: 'json',
        value: { IpProtocol: 'TCP', SecurityGroupId: 'sg-1', PortRange: '1/2', SourceCidrIp: '1.1.1.1' },
      }),
    ).toBeUndefined();
  });
});
