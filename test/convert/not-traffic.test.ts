/**
 * Packets that are not traffic (src/convert/not-traffic.ts). TCP/UDP port 0: AWS `tcp 0-65535` written as
 * Aliyun `1/65535` is exact, with port_zero_unrepresentable (info, effect exact). ICMP of the other address
 * family: rules that can never match are not written (never_match_not_written), and the verdict stays exact.
 * The engine's own diff still sees those packets, and every other difference keeps the engine's verdict.
 */
import { describe, expect, test } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import { failsOn } from '../../src/cli/commands/convert.js';
import { onlyFamilyMismatch, onlyPortZero } from '../../src/convert/not-traffic.js';
import { diff } from '../../src/semantics/index.js';

type Perm = Record<string, unknown>;
const awsGroup = (ingress: Perm[]) =>
  JSON.stringify({
    SecurityGroups: [
      {
        GroupId: 'sg-0a1b2c3d4e5f60009',
        GroupName: 'p0',
        Description: 'port zero',
        IpPermissions: ingress,
        IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      },
    ],
  });
const range = (IpProtocol: string, FromPort: number, ToPort: number, CidrIp: string): Perm => ({
  IpProtocol,
  FromPort,
  ToPort,
  IpRanges: [{ CidrIp }],
});
const portZero = (findings: readonly { code: string; effect: string; severity: string; message: string }[]) =>
  findings.filter((f) => f.code === 'port_zero_unrepresentable');

describe('port 0 (AWS → Aliyun)', () => {
  test('should write tcp 0-65535 as 1/65535 with an exact verdict, so --fail-on narrower passes', () => {
    const result = convert(awsGroup([range('tcp', 0, 65535, '10.0.0.0/8'), range('udp', 0, 65535, '10.0.0.0/8')]), {
      to: 'aliyun',
    });
    const g = result.groups[0]!;
    expect(g.verdict).toBe('exact');
    const perms = (
      g.target['Permissions'] as { Permission: { IpProtocol: string; PortRange: string; Direction: string }[] }
    ).Permission;
    expect(perms.filter((p) => p.Direction === 'ingress').map((p) => `${p.IpProtocol} ${p.PortRange}`)).toEqual([
      'TCP 1/65535',
      'UDP 1/65535',
    ]);
    const found = portZero(g.findings);
    expect(found.map((f) => [f.effect, f.severity])).toEqual([
      ['exact', 'info'],
      ['exact', 'info'],
    ]);
    expect(found[0]!.message).toBe(
      'Aliyun port ranges start at 1; 0-65535 is written 1-65535. TCP/UDP port 0 carries no traffic, so the meaning is the same',
    );
    expect(failsOn(result, 'narrower')).toBe(false);
    expect(failsOn(result, 'lossy')).toBe(false);
  });

  test('should leave a rule of only port 0 out, exact, saying so', () => {
    const g = convert(awsGroup([range('tcp', 0, 0, '10.0.0.0/8'), range('tcp', 22, 22, '10.0.0.0/8')]), {
      to: 'aliyun',
    }).groups[0]!;
    expect(g.verdict).toBe('exact');
    expect(portZero(g.findings).map((f) => f.message)).toEqual([
      'Aliyun port ranges start at 1; 0-0 names no other port; the rule is left out. TCP/UDP port 0 carries no traffic, so the meaning is the same',
    ]);
  });

  test('should keep a narrower verdict when something besides port 0 is lost', () => {
    const icmpType = { IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '10.0.0.0/8' }] };
    const result = convert(awsGroup([range('tcp', 0, 65535, '10.0.0.0/8'), icmpType]), { to: 'aliyun' });
    expect(result.groups[0]!.verdict).toBe('narrower');
    expect(failsOn(result, 'narrower')).toBe(true);
  });

  test('should recognise only regions wholly in TCP/UDP port 0', () => {
    const base = { direction: 'ingress' as const, peers: ['10.0.0.0/8'], text: '' };
    expect(onlyPortZero({ ...base, protocol: 6, ports: { from: 0, to: 0 } })).toBe(true);
    expect(onlyPortZero({ ...base, protocol: 17, ports: { from: 0, to: 0 } })).toBe(true);
    expect(onlyPortZero({ ...base, protocol: 6, ports: { from: 0, to: 1 } })).toBe(false);
    expect(onlyPortZero({ ...base, protocol: 6 })).toBe(false);
    expect(onlyPortZero({ ...base, protocol: 'all' })).toBe(false);
    expect(onlyPortZero({ ...base, protocol: 6, protocols: { from: 6, to: 17 }, ports: { from: 0, to: 0 } })).toBe(
      false,
    );
  });

  test('should leave the engine answering about port 0 (diff still lists it)', () => {
    const input = awsGroup([range('tcp', 0, 65535, '10.0.0.0/8')]);
    const detail = convert(input, { to: 'model' }).groups[0]!.target as Parameters<typeof diff>[0];
    const onlyTcp1 = {
      ...detail,
      rules: detail.rules.map((r) => (r.protocol === 6 ? { ...r, ports: { from: 1, to: 65535 } } : r)),
    };
    expect(diff(detail, onlyTcp1).onlyA.map((r) => r.text)).toEqual(['ingress tcp 0 from 10.0.0.0/8']);
  });
});

describe('rules that can never match', () => {
  test('should not write AWS icmp with ::/0 to Aliyun (no Aliyun error for an AWS input), exact', () => {
    const g = convert(
      awsGroup([
        { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
        range('tcp', 22, 22, '10.0.0.0/8'),
      ]),
      { to: 'aliyun' },
    ).groups[0]!;
    expect(g.verdict).toBe('exact');
    const perms = (g.target['Permissions'] as { Permission: { IpProtocol: string; Direction: string }[] }).Permission;
    expect(perms.filter((p) => p.Direction === 'ingress').map((p) => p.IpProtocol)).toEqual(['TCP']);
    const found = g.findings.filter((f) => f.code === 'never_match_not_written' || f.code === 'rule_never_matches');
    expect(found.map((f) => [f.code, f.pointer])).toEqual([
      ['never_match_not_written', '/SecurityGroups/0/IpPermissions/0/Ipv6Ranges/0'],
      ['rule_never_matches', '/SecurityGroups/0/IpPermissions/0/Ipv6Ranges/0'],
    ]);
  });

  test('should split an Aliyun ALL accept into ICMP for IPv4 peers and ICMPv6 for IPv6 peers only', () => {
    const input = JSON.stringify({
      SecurityGroupId: 'sg-bp1split0000001',
      InnerAccessPolicy: 'Drop',
      Permissions: {
        Permission: [
          {
            Direction: 'ingress',
            IpProtocol: 'TCP',
            PortRange: '22/22',
            SourceCidrIp: '0.0.0.0/0',
            Policy: 'Drop',
            Priority: '1',
          },
          {
            Direction: 'ingress',
            IpProtocol: 'ALL',
            PortRange: '-1/-1',
            SourceCidrIp: '10.0.0.0/8',
            Policy: 'Accept',
            Priority: '2',
          },
          {
            Direction: 'ingress',
            IpProtocol: 'ALL',
            PortRange: '-1/-1',
            Ipv6SourceCidrIp: '2001:db8::/32',
            Policy: 'Accept',
            Priority: '2',
          },
          {
            Direction: 'ingress',
            IpProtocol: 'UDP',
            PortRange: '53/53',
            Ipv6SourceCidrIp: '::/0',
            Policy: 'Drop',
            Priority: '1',
          },
        ],
      },
    });
    const g = convert(input, { to: 'aws', expandProtocols: true }).groups[0]!;
    expect(g.verdict).toBe('exact');
    type Perm = { IpProtocol: string; IpRanges?: unknown[]; Ipv6Ranges?: unknown[] };
    const perms = g.target['IpPermissions'] as Perm[];
    const icmp = perms.filter((p) => p.IpProtocol === 'icmp' || p.IpProtocol === 'icmpv6');
    expect(icmp.map((p) => [p.IpProtocol, p.IpRanges?.length ?? 0, p.Ipv6Ranges?.length ?? 0])).toEqual([
      ['icmp', 1, 0],
      ['icmpv6', 0, 1],
    ]);
    expect(g.findings.filter((f) => f.code === 'never_match_not_written').map((f) => f.message)).toEqual([
      '1 rule of ICMPv6 with an IPv4 peer can never match and was not written',
      '1 rule of ICMP (IPv4) with an IPv6 peer can never match and was not written',
    ]);
  });

  test('should keep ICMP from ::/0 and ICMPv6 from 0.0.0.0/0 when the allow covers every address (members of groups)', () => {
    const input = JSON.stringify({
      SecurityGroupId: 'sg-bp1anywhere00001',
      InnerAccessPolicy: 'Drop',
      Permissions: {
        Permission: [
          {
            Direction: 'ingress',
            IpProtocol: 'TCP',
            PortRange: '22/22',
            SourceCidrIp: '0.0.0.0/0',
            Policy: 'Drop',
            Priority: '1',
          },
          {
            Direction: 'ingress',
            IpProtocol: 'TCP',
            PortRange: '22/22',
            Ipv6SourceCidrIp: '::/0',
            Policy: 'Drop',
            Priority: '1',
          },
          {
            Direction: 'ingress',
            IpProtocol: 'ALL',
            PortRange: '-1/-1',
            SourceCidrIp: '0.0.0.0/0',
            Policy: 'Accept',
            Priority: '2',
          },
          {
            Direction: 'ingress',
            IpProtocol: 'ALL',
            PortRange: '-1/-1',
            Ipv6SourceCidrIp: '::/0',
            Policy: 'Accept',
            Priority: '2',
          },
        ],
      },
    });
    const g = convert(input, { to: 'aws', expandProtocols: true }).groups[0]!;
    // Every address of both families: the engine's closure then allows every member of every group as well.
    expect(g.verdict).toBe('exact');
    type Perm = { IpProtocol: string; IpRanges?: { CidrIp: string }[]; Ipv6Ranges?: { CidrIpv6: string }[] };
    const icmp = (g.target['IpPermissions'] as Perm[]).filter(
      (p) => p.IpProtocol === 'icmp' || p.IpProtocol === 'icmpv6',
    );
    expect(
      icmp.map((p) => [
        p.IpProtocol,
        ...(p.IpRanges ?? []).map((r) => r.CidrIp),
        ...(p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6),
      ]),
    ).toEqual([
      ['icmp', '0.0.0.0/0', '::/0'],
      ['icmpv6', '0.0.0.0/0', '::/0'],
    ]);
  });

  test('should recognise only regions of ICMP with IPv6 peers or ICMPv6 with IPv4 peers', () => {
    const region = (protocol: number, peers: string[]) => ({
      direction: 'ingress' as const,
      protocol,
      peers,
      text: '',
    });
    expect(onlyFamilyMismatch(region(1, ['::/0', '2001:db8::/32']))).toBe(true);
    expect(onlyFamilyMismatch(region(58, ['10.0.0.0/8']))).toBe(true);
    expect(onlyFamilyMismatch(region(1, ['::/0', '10.0.0.0/8']))).toBe(false);
    expect(onlyFamilyMismatch(region(58, ['10.0.0.0/8', 'sg-123']))).toBe(false);
    expect(onlyFamilyMismatch(region(1, ['10.0.0.0/8']))).toBe(false);
    expect(onlyFamilyMismatch(region(6, ['::/0']))).toBe(false);
    expect(onlyFamilyMismatch({ ...region(1, ['::/0']), protocols: { from: 1, to: 6 } })).toBe(false);
  });
});
