/** validate: each Aliyun error code on a minimal request, at the pointer of the bad value; reader errors likewise. */
import { writeDescribePayload, writeRequestPayloads } from '../../src/lower/fit.js';
import { describe, expect, test } from 'vitest';
import { aliyunAdapter } from '../../adapters/aliyun/index.js';
import { TranslateError } from '../../src/errors.js';
import { Report } from '../../src/report/report.js';

const base = {
  Action: 'AuthorizeSecurityGroup',
  RegionId: 'cn-hangzhou',
  SecurityGroupId: 'sg-a',
  IpProtocol: 'TCP',
  PortRange: '22/22',
  SourceCidrIp: '10.0.0.0/8',
};
const query = (over: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries({ ...base, ...over }).filter((e): e is [string, string] => e[1] !== undefined));

// prettier-ignore
const cases: [string, Record<string, string | undefined>, string, string][] = [
  ['an unknown protocol',            { IpProtocol: 'SCTP' },                     'InvalidIpProtocol.ValueNotSupported', '/IpProtocol'],
  ['a number outside its regions',   { IpProtocol: '132' },                      'InvalidIpProtocol.ValueNotSupported', '/IpProtocol'],
  ['a negative port',                { PortRange: '-22/22' },                    'InvalidParam.PortRange', '/PortRange'],
  ['port 0',                         { PortRange: '0/80' },                      'InvalidParam.PortRange', '/PortRange'],
  ['a reversed range',               { PortRange: '200/1' },                     'InvalidParam.PortRange', '/PortRange'],
  ['a missing PortRange',            { PortRange: undefined },                   'InvalidPortRange.Malformed', '/PortRange'],
  ['ALL with a concrete port',       { IpProtocol: 'all', PortRange: '22/22' },  'OperationDenied', '/PortRange'],
  ['Policy=Allow',                   { Policy: 'Allow' },                        'InvalidPolicy.Malformed', '/Policy'],
  ['a non-numeric priority',         { Priority: 'high' },                       'InvalidPriority.Malformed', '/Priority'],
  ['priority 101',                   { Priority: '101' },                        'InvalidPriority.ValueNotSupported', '/Priority'],
  ['no peer',                        { SourceCidrIp: undefined },                'MissingParameter', ''],
  ['no SecurityGroupId',             { SecurityGroupId: undefined },             'MissingParameter', '/SecurityGroupId'],
  ['a self-reference',               { SourceCidrIp: undefined, SourceGroupId: 'sg-a' }, 'InvalidParamter.Conflict', '/SourceGroupId'],
  ['SourceCidrIp equal to DestCidrIp', { DestCidrIp: '10.0.0.0/8' },             'InvalidParamter.Conflict', '/DestCidrIp'],
  ['ICMP with an IPv6 peer',         { IpProtocol: 'ICMP', PortRange: '-1/-1', SourceCidrIp: undefined, Ipv6SourceCidrIp: '::/0' }, 'InvalidParam.Ipv4ProtocolConflictWithIpv6Address', '/Ipv6SourceCidrIp'],
  ['both address families',          { Ipv6SourceCidrIp: '::/0' },               'InvalidParam.SourceIp', '/Ipv6SourceCidrIp'],
  ['a malformed CIDR',               { SourceCidrIp: '10.0.0.300/8' },           'InvalidSourceCidrIp.Malformed', '/SourceCidrIp'],
  ['a long description',             { Description: 'x'.repeat(513) },           'InvalidSecurityGroupDiscription.Malformed', '/Description'],
  ['an unknown NicType',             { NicType: 'public' },                      'InvalidNicType.ValueNotSupported', '/NicType'],
];

describe('aliyun validate', () => {
  test('should find nothing wrong with a valid request', () => {
    expect(aliyunAdapter.validate({ format: 'query', value: query({}) })).toEqual([]);
  });

  test.each(cases)('should report %s', (_name, over, code, pointer) => {
    const issues = aliyunAdapter.validate({ format: 'query', value: query(over) });
    expect(issues.map((i) => [i.providerCode, i.pointer])).toContainEqual([code, pointer]);
  });

  test('should report group references in enterprise groups', () => {
    const body = {
      SecurityGroupId: 'sg-e',
      SecurityGroupType: 'enterprise',
      InnerAccessPolicy: 'Drop',
      Permissions: {
        Permission: [{ Direction: 'ingress', IpProtocol: 'ALL', PortRange: '-1/-1', SourceGroupId: 'sg-x' }],
      },
    };
    const issues = aliyunAdapter.validate({ format: 'json', value: body });
    expect(issues).toContainEqual(
      expect.objectContaining({
        providerCode: 'InvalidGroupAuthParameter.OperationDenied',
        pointer: '/Permissions/Permission/0/SourceGroupId',
      }),
    );
  });

  test('should report Permissions mixed with flat parameters', () => {
    const issues = aliyunAdapter.validate({
      format: 'query',
      value: { ...query({}), 'Permissions.1.IpProtocol': 'TCP' },
    });
    expect(issues.map((i) => i.providerCode)).toContain('InvalidParam.Permissions');
  });
});

describe('aliyun read errors', () => {
  // prettier-ignore
  const bad: [string, Record<string, string | undefined>, string, string][] = [
    ['a meaningless port range', { PortRange: '-22/22' }, 'InvalidParam.PortRange', '/PortRange'],
    ['an unknown protocol',      { IpProtocol: 'SCTP' },  'InvalidIpProtocol.ValueNotSupported', '/IpProtocol'],
    ['an unknown policy',        { Policy: 'maybe' },     'InvalidPolicy.Malformed', '/Policy'],
    ['no peer',                  { SourceCidrIp: undefined }, 'MissingParameter', ''],
  ];
  test.each(bad)(
    'should throw input_invalid for %s with the pointer and Aliyun code',
    (_n, over, providerCode, pointer) => {
      const run = (): unknown => aliyunAdapter.read({ format: 'query', value: query(over) }, new Report());
      expect(run).toThrow(TranslateError);
      try {
        run();
      } catch (e) {
        expect((e as TranslateError).code).toBe('input_invalid');
        expect((e as TranslateError).location).toMatchObject({ pointer, providerCode });
      }
    },
  );

  test('should throw input_invalid, not a raw exception, for a wrongly typed value', () => {
    const body = {
      SecurityGroupId: 'sg-a',
      Permissions: {
        Permission: [{ Direction: 'ingress', IpProtocol: ['TCP'], PortRange: '1/2', SourceCidrIp: '1.2.3.4' }],
      },
    };
    expect(() => aliyunAdapter.read({ format: 'json', value: body }, new Report())).toThrow(TranslateError);
    expect(() =>
      aliyunAdapter.read(
        { format: 'json', value: { SecurityGroupId: 'sg', InnerAccessPolicy: 'Accept', Permissions: 'x' } },
        new Report(),
      ),
    ).toThrow(TranslateError);
  });
});

describe('aliyun writers', () => {
  const read = (value: unknown) => aliyunAdapter.read({ format: 'json', value }, new Report()).groups[0]!;

  test('should refuse a self-reference (the engine turns it into InnerAccessPolicy)', () => {
    const g = read({
      SecurityGroupId: 'sg-a',
      InnerAccessPolicy: 'Accept',
      Permissions: {
        Permission: [{ Direction: 'ingress', IpProtocol: 'ALL', PortRange: '-1/-1', SourceGroupId: 'sg-a' }],
      },
    });
    expect(() => writeRequestPayloads(g, 'aliyun', new Report())).toThrow(
      expect.objectContaining({ code: 'internal' }),
    );
  });

  test('should cut long descriptions and report description_truncated', () => {
    const g = read({
      SecurityGroupId: 'sg-a',
      InnerAccessPolicy: 'Accept',
      Permissions: {
        Permission: [
          {
            Direction: 'ingress',
            IpProtocol: 'TCP',
            PortRange: '1/2',
            SourceCidrIp: '1.2.3.4/32',
            Description: 'd'.repeat(600),
          },
        ],
      },
    });
    const report = new Report();
    const [req] = writeRequestPayloads(g, 'aliyun', report);
    expect(((req!.request.Permissions as Record<string, string>[])[0]!.Description ?? '').length).toBe(512);
    expect(report.findings.map((f) => f.code)).toContain('description_truncated');
  });

  test('should say when the requests leave InnerAccessPolicy or enterprise drops to be checked by hand', () => {
    const basic = read({
      SecurityGroupId: 'sg-a',
      InnerAccessPolicy: 'Drop',
      Permissions: {
        Permission: [{ Direction: 'ingress', IpProtocol: 'TCP', PortRange: '22/22', SourceCidrIp: '10.0.0.0/8' }],
      },
    });
    const report = new Report();
    writeRequestPayloads(basic, 'aliyun', report);
    expect(report.findings.map((f) => f.code)).toEqual(['inner_access_policy_not_requested']);
    const enterprise = {
      ...basic,
      type: 'enterprise' as const,
      innerAccessPolicy: undefined,
      rules: basic.rules.map((r) => ({ ...r, action: 'deny' as const })),
    };
    const second = new Report();
    writeDescribePayload(enterprise, 'aliyun', second);
    expect(second.findings.map((f) => f.code)).toEqual(['enterprise_group_policy']);
  });

  test('should split more than 100 permissions into several requests', () => {
    const perms = Array.from({ length: 205 }, (_, i) => ({
      Direction: 'egress',
      IpProtocol: 'TCP',
      PortRange: `${i + 1}/${i + 1}`,
      DestCidrIp: '10.0.0.0/8',
    }));
    const requests = writeRequestPayloads(
      read({ SecurityGroupId: 'sg-a', InnerAccessPolicy: 'Accept', Permissions: { Permission: perms } }),
      'aliyun',
      new Report(),
    );
    expect(requests.map((r) => [r.action, (r.request.Permissions as unknown[]).length])).toEqual([
      ['AuthorizeSecurityGroupEgress', 100],
      ['AuthorizeSecurityGroupEgress', 100],
      ['AuthorizeSecurityGroupEgress', 5],
    ]);
  });

  test('should read an SDK request class instance through its names() map', async () => {
    const $Ecs = await import('@alicloud/ecs20140526');
    const request = new $Ecs.AuthorizeSecurityGroupEgressRequest({
      regionId: 'cn-hangzhou',
      securityGroupId: 'sg-a',
      permissions: [
        new $Ecs.AuthorizeSecurityGroupEgressRequestPermissions({
          ipProtocol: 'TCP',
          portRange: '443/443',
          destGroupId: 'sg-b',
          policy: 'drop',
          priority: '3',
        }),
      ],
    });
    const result = aliyunAdapter.read({ format: 'json', value: request }, new Report());
    expect(result.shape).toBe('sdk-request');
    expect(result.groups[0]!.rules[0]).toMatchObject({
      direction: 'egress',
      action: 'deny',
      priority: 3,
      peer: { kind: 'group', groupId: 'sg-b' },
      origin: { pointer: '/permissions/0' },
    });
  });
});
