/** Property tests: generated valid Aliyun permissions survive read → write → read unchanged (on the model). */
import fc from 'fast-check';
import { writeDescribePayload, writeRequestPayloads } from '../../src/lower/fit.js';
import { describe, expect, test } from 'vitest';
import { aliyunAdapter } from '../../adapters/aliyun/index.js';
import type { Rule } from '../../src/model/rule.js';
import { Report } from '../../src/report/report.js';

const port = fc.integer({ min: 1, max: 65535 });
const range = fc.tuple(port, port).map(([a, b]) => `${Math.min(a, b)}/${Math.max(a, b)}`);
const v4 = fc.ipV4().chain((ip) => fc.integer({ min: 0, max: 32 }).map((bits) => `${ip}/${bits}`));
const v6 = fc.ipV6().chain((ip) => fc.integer({ min: 0, max: 128 }).map((bits) => `${ip}/${bits}`));

/** A valid Permission in Describe spelling, without Direction (added by the caller). */
const permission = fc
  .record({
    protocol: fc.constantFrom('TCP', 'UDP', 'ICMP', 'ICMPv6', 'GRE', 'ALL'),
    portRange: range,
    sourcePorts: fc.option(range, { nil: undefined }),
    policy: fc.constantFrom('Accept', 'Drop'),
    priority: fc.integer({ min: 1, max: 100 }).map(String),
    peer: fc.oneof(
      v4.map((c) => ({ kind: 'v4', value: c })),
      v6.map((c) => ({ kind: 'v6', value: c })),
      fc.stringMatching(/^sg-[a-z0-9]{6,12}$/).map((g) => ({ kind: 'group', value: g })),
      fc.stringMatching(/^pl-[a-z0-9]{6,12}$/).map((p) => ({ kind: 'prefix', value: p })),
    ),
    description: fc.option(
      fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ''),
      { nil: undefined },
    ),
    nicType: fc.option(fc.constantFrom('intranet', 'internet'), { nil: undefined }),
  })
  // ICMP is IPv4 only and ICMPv6 IPv6 only; the API rejects the other pairing.
  .filter(
    (p) => !(p.protocol === 'ICMP' && p.peer.kind === 'v6') && !(p.protocol === 'ICMPv6' && p.peer.kind === 'v4'),
  );

type Generated = typeof permission extends fc.Arbitrary<infer T> ? T : never;

function toFields(p: Generated, direction: 'ingress' | 'egress'): Record<string, string> {
  const ported = p.protocol === 'TCP' || p.protocol === 'UDP';
  const side = direction === 'ingress' ? 'Source' : 'Dest';
  const out: Record<string, string> = {
    IpProtocol: p.protocol,
    PortRange: ported ? p.portRange : '-1/-1',
    Policy: p.policy,
    Priority: p.priority,
  };
  if (ported && p.sourcePorts) out.SourcePortRange = p.sourcePorts;
  if (p.peer.kind === 'v4') out[`${side}CidrIp`] = p.peer.value;
  if (p.peer.kind === 'v6') out[`Ipv6${side}CidrIp`] = p.peer.value;
  if (p.peer.kind === 'group') out[`${side}GroupId`] = p.peer.value;
  if (p.peer.kind === 'prefix') out[`${side}PrefixListId`] = p.peer.value;
  if (p.description) out.Description = p.description;
  if (p.nicType) out.NicType = p.nicType;
  return out;
}

const withoutOrigin = (rules: readonly Rule[]): unknown[] => rules.map(({ origin: _origin, ...rest }) => rest);
const byKey = (rules: unknown[]): unknown[] =>
  [...rules].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('aliyun read → write → read', () => {
  test('should be the identity on the model for Describe Permissions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(permission, fc.constantFrom<'ingress' | 'egress'>('ingress', 'egress')), { maxLength: 8 }),
        (perms) => {
          const body = {
            SecurityGroupId: 'sg-self0000',
            InnerAccessPolicy: 'Accept',
            RegionId: 'cn-hangzhou',
            Permissions: { Permission: perms.map(([p, d]) => ({ Direction: d, ...toFields(p, d) })) },
          };
          const first = aliyunAdapter.read({ format: 'json', value: body }, new Report()).groups[0]!;
          const written = writeDescribePayload(first, 'aliyun', new Report());
          const second = aliyunAdapter.read(
            { format: 'json', value: JSON.parse(JSON.stringify(written)) },
            new Report(),
          ).groups[0]!;
          expect(second).toEqual(first);
        },
      ),
    );
  });

  test('should be the identity on the model for Permissions.N request parameters', () => {
    fc.assert(
      fc.property(
        fc.array(permission, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('AuthorizeSecurityGroup', 'AuthorizeSecurityGroupEgress'),
        (perms, action) => {
          const direction = action.endsWith('Egress') ? 'egress' : 'ingress';
          const query: Record<string, string> = {
            Action: action,
            RegionId: 'cn-hangzhou',
            SecurityGroupId: 'sg-self0000',
          };
          perms.forEach((p, i) => {
            for (const [k, v] of Object.entries(toFields(p, direction))) query[`Permissions.${i + 1}.${k}`] = v;
          });
          const first = aliyunAdapter.read({ format: 'query', value: query }, new Report()).groups[0]!;
          const requests = writeRequestPayloads(first, 'aliyun', new Report());
          const again = aliyunAdapter.read(
            { format: 'json', value: JSON.parse(JSON.stringify(requests)) },
            new Report(),
          );
          expect(again.shape).toBe('request-list');
          const rules = again.groups.flatMap((g) => g.rules);
          expect(byKey(withoutOrigin(rules))).toEqual(byKey(withoutOrigin(first.rules)));
        },
      ),
    );
  });
});
