/**
 * Translated changes against the brute-force oracle: a generated Authorize request of either cloud, converted
 * to the other, gives target requests whose rules (read back by the target's reader) allow exactly the packets
 * the source rules allow whenever the verdict says exact, never more; never a default rule; and an Aliyun drop
 * on AWS is an error finding, not a request.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import { ruleRequests } from '../../src/convert/requests.js';
import type { SecurityGroup } from '../../src/model/group.js';
import type { Rule } from '../../src/model/rule.js';
import { MODEL_VERSION } from '../../src/model/version.js';
import { requestRules } from '../../src/plan/effects.js';
import { Report } from '../../src/report/report.js';
import type { Packet } from '../../src/semantics/api.js';
import { boundaryAddresses, oracleAllows } from '../semantics/oracle.js';

const V4 = ['0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16', '10.1.2.3/32'];
const V6 = ['::/0', '2001:db8::/32'];
const PORTS = [1, 22, 80, 443, 65535];
const range = fc
  .tuple(fc.constantFrom(...PORTS), fc.constantFrom(...PORTS))
  .map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) }));

function ruleArb(provider: 'aliyun' | 'aws', direction: 'ingress' | 'egress'): fc.Arbitrary<Rule> {
  return fc
    .record({
      deny: fc.boolean(),
      priority: fc.integer({ min: 1, max: 5 }),
      protocol: fc.constantFrom('all' as const, 6, 17, 1, 58),
      ports: fc.option(range, { nil: undefined }),
      icmpType: fc.constantFrom('any' as const, 8),
      cidr: fc.constantFrom(...V4, ...V6),
    })
    .filter((r) => !(r.protocol === 1 && r.cidr.includes(':')) && !(r.protocol === 58 && !r.cidr.includes(':')))
    .map((r) => {
      const rule: Rule = {
        direction,
        action: provider === 'aliyun' && r.deny ? 'deny' : 'allow',
        protocol: r.protocol,
        peer: { kind: 'cidr', cidr: r.cidr },
      };
      if (provider === 'aliyun') rule.priority = r.priority;
      if ((r.protocol === 6 || r.protocol === 17) && r.ports) rule.ports = r.ports;
      if ((r.protocol === 1 || r.protocol === 58) && provider === 'aws' && r.icmpType !== 'any')
        rule.icmp = { type: r.icmpType, code: 'any' };
      return rule;
    });
}

const requestArb = fc.constantFrom('aliyun' as const, 'aws' as const).chain((provider) =>
  fc.constantFrom('ingress' as const, 'egress' as const).chain((direction) =>
    fc
      .uniqueArray(ruleArb(provider, direction), {
        minLength: 1,
        maxLength: 4,
        selector: (r) => JSON.stringify({ ...r, priority: undefined }),
      })
      .map((rules) => {
        const group: SecurityGroup = {
          modelVersion: MODEL_VERSION,
          provider,
          id: provider === 'aws' ? 'sg-0abc' : 'sg-bp1abc',
          region: provider === 'aws' ? 'ap-southeast-1' : 'ap-southeast-1',
          rules,
        };
        const [req] = ruleRequests(group, 'authorize', rules, new Report());
        return { provider, rules, action: req!.action, request: { Action: req!.action, ...req!.request } };
      }),
  ),
);

/** The rules as a plain union (AWS semantics): what an Authorize of allows adds. */
const union = (rules: readonly Rule[]): SecurityGroup => ({
  modelVersion: MODEL_VERSION,
  provider: 'aws',
  id: 'sg-x',
  rules: rules.filter((r) => r.action === 'allow').map(({ priority: _p, ...r }) => r),
});

function packetsFor(groups: SecurityGroup[]): fc.Arbitrary<Packet[]> {
  const addresses = boundaryAddresses(groups);
  return fc.array(
    fc.record({
      direction: fc.constantFrom('ingress' as const, 'egress' as const),
      protocol: fc.constantFrom(6, 17, 1, 58, 47),
      dstPort: fc.constantFrom(0, 1, 22, 23, 80, 443, 65535),
      icmpType: fc.constantFrom(0, 8),
      icmpCode: fc.constantFrom(0, 1),
      peer: fc.constantFrom(...addresses).map((address) => ({ kind: 'address' as const, address })),
    }),
    { minLength: 40, maxLength: 60 },
  );
}

describe('translated changes', () => {
  it('allow exactly what the source change allows when exact, never more, with no defaults', () => {
    fc.assert(
      fc.property(
        requestArb.chain((req) => fc.tuple(fc.constant(req), packetsFor([union(req.rules)]))),
        ([req, sample]) => {
          const to = req.provider === 'aws' ? 'aliyun' : 'aws';
          const change = convert(JSON.stringify(req.request), { to, from: req.provider }).changes![0]!;
          const targetRules = change.target.flatMap((t) =>
            requestRules(to, t.action, { format: 'json', value: t.request }),
          );
          expect(targetRules.every((r) => r.action === 'allow' && (r.priority ?? 1) === 1)).toBe(true);
          const drops = req.rules.some((r) => r.action === 'deny');
          if (drops)
            expect(change.findings.some((f) => f.code === 'change_needs_base' && f.severity === 'error')).toBe(true);
          // The source change is what the request says (as its own reader reads it: the writer spells all TCP ports 1/65535 on Aliyun).
          const source = union(requestRules(req.provider, req.action, { format: 'json', value: req.request }));
          const target = union(targetRules);
          for (const p of sample) {
            if (oracleAllows(target, p)) expect(oracleAllows(source, p), JSON.stringify(p)).toBe(true);
            if (change.verdict === 'exact')
              expect(oracleAllows(target, p), JSON.stringify(p)).toBe(oracleAllows(source, p));
          }
          if (change.verdict !== 'exact')
            expect(change.findings.some((f) => f.effect !== 'exact' && f.effect !== 'lossy')).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});
