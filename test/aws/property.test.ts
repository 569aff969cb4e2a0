/**
 * Properties over generated IpPermission payloads:
 * - read → writeDescribe → read is the identity on the model (modulo AWS's regrouping and duplicates);
 * - whatever the model holds (any description text), the written requests pass offline validation.
 */
import fc from 'fast-check';
import { writeDescribePayload, writeRequestPayloads } from '../../src/lower/fit.js';
import { describe, expect, it } from 'vitest';
import { awsAdapter } from '../../adapters/aws/index.js';
import type { SecurityGroup } from '../../src/model/group.js';
import { newReport } from './helpers.js';

const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const groupId = fc.oneof(hex(8), hex(17)).map((h) => `sg-${h}`);
const safeText = fc.stringMatching(/^[a-zA-Z0-9 ._\-:/()#,@[\]+=;{}!$*]{1,40}$/);
const description = fc.option(safeText, { nil: undefined });
const withDescription = <T extends object>(o: T, d: string | undefined) =>
  d === undefined ? o : { ...o, Description: d };

const ipv4 = fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([a, b]) => `${a}/${b}`);
const ipv6 = fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([a, b]) => `${a}/${b}`);

const peers = fc.record({
  IpRanges: fc.array(
    fc.tuple(ipv4, description).map(([c, d]) => withDescription({ CidrIp: c }, d)),
    { maxLength: 3 },
  ),
  Ipv6Ranges: fc.array(
    fc.tuple(ipv6, description).map(([c, d]) => withDescription({ CidrIpv6: c }, d)),
    { maxLength: 2 },
  ),
  PrefixListIds: fc.array(
    fc.tuple(hex(8), description).map(([h, d]) => withDescription({ PrefixListId: `pl-${h}` }, d)),
    { maxLength: 1 },
  ),
  UserIdGroupPairs: fc.array(
    fc
      .tuple(groupId, fc.option(fc.stringMatching(/^\d{12}$/), { nil: undefined }), description)
      .map(([g, u, d]) => withDescription(u === undefined ? { GroupId: g } : { GroupId: g, UserId: u }, d)),
    { maxLength: 2 },
  ),
});

const port = fc.integer({ min: 0, max: 65535 });
const icmpValue = fc.integer({ min: -1, max: 255 });
const match = fc.oneof(
  fc
    .tuple(fc.constantFrom('tcp', 'udp', '6', '17'), port, port)
    .map(([p, a, b]) => ({ IpProtocol: p, FromPort: Math.min(a, b), ToPort: Math.max(a, b) })),
  fc
    .tuple(fc.constantFrom('icmp', 'icmpv6', '1', '58'), icmpValue, icmpValue)
    .map(([p, t, c]) => ({ IpProtocol: p, FromPort: t, ToPort: t === -1 ? -1 : c })),
  fc.constantFrom('icmpv6').map((p) => ({ IpProtocol: p })),
  fc.constantFrom('-1', '47', '50', '132').map((p) => ({ IpProtocol: p })),
);
const permission = fc.tuple(match, peers).map(([m, p]) => ({ ...m, ...p }));
const group = fc.record({
  GroupId: groupId,
  // AWS refuses names that start with sg- (the writer renames them, reported): valid payloads never have one.
  GroupName: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/).filter((n) => !n.startsWith('sg-')),
  Description: safeText,
  OwnerId: fc.stringMatching(/^\d{12}$/),
  IpPermissions: fc.array(permission, { maxLength: 5 }),
  IpPermissionsEgress: fc.array(permission, { maxLength: 3 }),
});

/** The model's meaning: distinct rules without origins, in a fixed order. */
function ruleSet(g: SecurityGroup): string[] {
  return [...new Set(g.rules.map(({ origin: _o, description: _d, ...r }) => JSON.stringify(r)))].sort();
}

describe('AWS adapter properties', () => {
  it('read → write → read is the identity on the model (modulo regrouping)', () => {
    fc.assert(
      fc.property(group, (g) => {
        const first = awsAdapter.read({ format: 'json', value: { SecurityGroups: [g] } }, newReport()).groups[0]!;
        const written = writeDescribePayload(first, 'aws', newReport());
        const second = awsAdapter.read({ format: 'json', value: { SecurityGroups: [written] } }, newReport())
          .groups[0]!;
        expect(ruleSet(second)).toEqual(ruleSet(first));
        expect({ ...second, rules: [], pointer: '' }).toEqual({ ...first, rules: [], pointer: '' });
        // Rules are only merged when identical; their descriptions are the first one's.
        expect(second.rules.length).toBeLessThanOrEqual(first.rules.length);
      }),
      { numRuns: 300 },
    );
  });

  it('the written requests pass offline validation, whatever the descriptions hold', () => {
    const anyText = fc.string({ unit: 'grapheme', maxLength: 300 });
    fc.assert(
      fc.property(group, fc.array(anyText, { minLength: 1, maxLength: 5 }), (g, texts) => {
        const model = awsAdapter.read({ format: 'json', value: { SecurityGroups: [g] } }, newReport()).groups[0]!;
        model.rules = model.rules.map((r, i) => ({ ...r, description: texts[i % texts.length] }));
        for (const { action, request } of writeRequestPayloads(model, 'aws', newReport())) {
          expect(awsAdapter.validate({ format: 'json', value: { Action: action, ...request } })).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
