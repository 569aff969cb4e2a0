/**
 * plan --emit terraform on generated AWS (current, desired) pairs, checked without the emitter's own matching:
 * every import names a resource of the document; a rule import's ID is the current rule whose direction,
 * protocol, ports and CIDR are the resource's arguments; a rule resource without an import has no such current
 * rule; and the document, read back by the Terraform reader, means exactly the group the plan's steps give.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTerraform } from '../../adapters/terraform/read.js';
import { renameGroupIds } from '../../src/convert/emit-iac.js';
import type { SecurityGroup } from '../../src/model/group.js';
import type { Rule } from '../../src/model/rule.js';
import { MODEL_VERSION } from '../../src/model/version.js';
import { emitPlanTerraform, plannedGroup } from '../../src/plan/emit-terraform.js';
import { planGroup } from '../../src/plan/plan.js';
import { Report } from '../../src/report/report.js';
import { verdict } from '../../src/semantics/index.js';

const ID = 'sg-0123456789abcdef0';
const CIDRS = ['0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16', '192.0.2.0/24', '::/0', '2001:db8::/32'];
const PORTS = [22, 80, 443, 8080];
const PROTOCOL_NAME: Record<string, string> = { all: '-1', '6': 'tcp', '17': 'udp' };

const ruleArb: fc.Arbitrary<Rule> = fc
  .record({
    direction: fc.constantFrom('ingress' as const, 'egress' as const),
    protocol: fc.constantFrom('all' as const, 6, 17),
    port: fc.constantFrom(...PORTS),
    cidr: fc.constantFrom(...CIDRS),
  })
  .map(({ direction, protocol, port, cidr }) => ({
    direction,
    action: 'allow',
    protocol,
    ...(protocol !== 'all' && { ports: { from: port, to: port } }),
    peer: { kind: 'cidr', cidr },
  }));

const groupArb = (withIds: boolean): fc.Arbitrary<SecurityGroup> =>
  fc.array(ruleArb, { maxLength: 6 }).map((rules) => ({
    modelVersion: MODEL_VERSION,
    provider: 'aws',
    id: ID,
    name: 'app',
    description: 'App',
    vpcId: 'vpc-1',
    pointer: '',
    rules: rules.map((r, i) => ({
      ...r,
      origin: { provider: 'aws', pointer: `/r/${i}`, ...(withIds && { ruleId: `sgr-${String(i).padStart(17, '0')}` }) },
    })),
  }));

const sameContent = (v: Record<string, unknown>, egress: boolean, r: Rule) =>
  (r.direction === 'egress') === egress &&
  PROTOCOL_NAME[String(r.protocol)] === v['ip_protocol'] &&
  (r.ports?.from ?? undefined) === v['from_port'] &&
  (r.ports?.to ?? undefined) === v['to_port'] &&
  r.peer.kind === 'cidr' &&
  r.peer.cidr === (v['cidr_ipv4'] ?? v['cidr_ipv6']);

describe('plan --emit terraform-json (property)', () => {
  it('imports exactly the existing rules, by their IDs, and reads back to the planned group', () => {
    let ruleImports = 0;
    fc.assert(
      fc.property(groupArb(true), groupArb(false), (current, desired) => {
        const p = planGroup(desired, current);
        const out = emitPlanTerraform({ plans: [p] }, [current], 'terraform-json');
        const doc = JSON.parse(out.text) as {
          resource: Record<string, Record<string, Record<string, unknown>>>;
          import: { to: string; id: string }[];
        };
        const at = (address: string) => {
          const [type, name] = address.split('.') as [string, string];
          return doc.resource[type]?.[name];
        };
        expect(doc.import[0]).toEqual({ to: 'aws_security_group.app', id: ID });
        const imported = new Map(doc.import.slice(1).map((i) => [i.to, i.id]));
        ruleImports += imported.size;
        for (const [type, egress] of [
          ['aws_vpc_security_group_ingress_rule', false],
          ['aws_vpc_security_group_egress_rule', true],
        ] as const) {
          for (const [name, values] of Object.entries(doc.resource[type] ?? {})) {
            const id = imported.get(`${type}.${name}`);
            const existing = current.rules.filter((r) => sameContent(values, egress, r));
            if (id === undefined) expect(existing, `${type}.${name} exists in the base but has no import`).toEqual([]);
            else expect(existing.map((r) => r.origin?.ruleId)).toContain(id);
          }
        }
        for (const i of doc.import) expect(at(i.to), i.to).toBeDefined();
        const back = renameGroupIds(
          readTerraform(doc, 'terraform-config', 'aws', new Report()),
          new Map([['aws_security_group.app', ID]]),
        );
        expect(verdict(plannedGroup(current, p), back[0]!)).toBe('exact');
        expect(out.groups[0]!.verdict).toBe('exact');
      }),
      { numRuns: 60 },
    );
    // The generated pairs share rules often enough that imports are exercised, not only creations.
    expect(ruleImports).toBeGreaterThan(10);
  });
});
