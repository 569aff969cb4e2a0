/**
 * TCP/UDP port 0 is not traffic (src/convert/port-zero.ts): AWS `tcp 0-65535` written as Aliyun `1/65535` is
 * exact, with port_zero_unrepresentable (info, effect exact). The engine's own diff still sees port 0, and
 * every other difference keeps the engine's verdict.
 */
import { describe, expect, test } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import { failsOn } from '../../src/cli/commands/convert.js';
import { onlyPortZero } from '../../src/convert/port-zero.js';
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
const range = (IpProtocol: string, FromPort: number, ToPort: number, CidrIp: string): Perm => ({ IpProtocol, FromPort, ToPort, IpRanges: [{ CidrIp }] });
const portZero = (findings: readonly { code: string; effect: string; severity: string; message: string }[]) => findings.filter((f) => f.code === 'port_zero_unrepresentable');

describe('port 0 (AWS → Aliyun)', () => {
  test('should write tcp 0-65535 as 1/65535 with an exact verdict, so --fail-on narrower passes', () => {
    const result = convert(awsGroup([range('tcp', 0, 65535, '10.0.0.0/8'), range('udp', 0, 65535, '10.0.0.0/8')]), { to: 'aliyun' });
    const g = result.groups[0]!;
    expect(g.verdict).toBe('exact');
    const perms = (g.target['Permissions'] as { Permission: { IpProtocol: string; PortRange: string; Direction: string }[] }).Permission;
    expect(perms.filter((p) => p.Direction === 'ingress').map((p) => `${p.IpProtocol} ${p.PortRange}`)).toEqual(['TCP 1/65535', 'UDP 1/65535']);
    const found = portZero(g.findings);
    expect(found.map((f) => [f.effect, f.severity])).toEqual([['exact', 'info'], ['exact', 'info']]);
    expect(found[0]!.message).toBe('Aliyun port ranges start at 1; 0-65535 is written 1-65535. TCP/UDP port 0 carries no traffic, so the meaning is the same');
    expect(failsOn(result, 'narrower')).toBe(false);
    expect(failsOn(result, 'lossy')).toBe(false);
  });

  test('should leave a rule of only port 0 out, exact, saying so', () => {
    const g = convert(awsGroup([range('tcp', 0, 0, '10.0.0.0/8'), range('tcp', 22, 22, '10.0.0.0/8')]), { to: 'aliyun' }).groups[0]!;
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
    expect(onlyPortZero({ ...base, protocol: 6, protocols: { from: 6, to: 17 }, ports: { from: 0, to: 0 } })).toBe(false);
  });

  test('should leave the engine answering about port 0 (diff still lists it)', () => {
    const input = awsGroup([range('tcp', 0, 65535, '10.0.0.0/8')]);
    const detail = convert(input, { to: 'model' }).groups[0]!.target as Parameters<typeof diff>[0];
    const onlyTcp1 = { ...detail, rules: detail.rules.map((r) => (r.protocol === 6 ? { ...r, ports: { from: 1, to: 65535 } } : r)) };
    expect(diff(detail, onlyTcp1).onlyA.map((r) => r.text)).toEqual(['ingress tcp 0 from 10.0.0.0/8']);
  });
});
