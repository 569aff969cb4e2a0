/**
 * parseSecurityGroup is SecurityGroup.safeParse without zod for valid groups: same success, same data with the
 * same key order (present-but-undefined keys included), same error. Checked on the Aliyun reader's outputs and
 * on generated groups, valid and broken in every way the schema checks.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDescribe } from '../../adapters/aliyun/read-describe.js';
import { SecurityGroup } from '../../src/model/group.js';
import { parseSecurityGroup } from '../../src/model/parse-group.js';
import { Report } from '../../src/report/report.js';

/** Text of a value that shows key order, undefined values and -0 (JSON.stringify shows none of them). */
function exact(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (Object.is(v, -0)) return '-0';
  if (Array.isArray(v)) return `[${v.map(exact).join(',')}]`;
  if (typeof v === 'object' && v !== null) return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${exact((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

function expectSame(input: unknown): void {
  const fast = parseSecurityGroup(structuredClone(input));
  const zod = SecurityGroup.safeParse(structuredClone(input));
  expect(fast.success).toBe(zod.success);
  if (zod.success && fast.success) expect(exact(fast.data)).toBe(exact(zod.data));
  else expect(JSON.stringify(fast.error?.issues)).toBe(JSON.stringify(zod.error?.issues));
}

/** A value that is sometimes right for a field and often wrong in a way the schema checks. */
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constantFrom('', 'x', 'all', 'any', 'cidr', 'group', 'prefixList', 'ingress', 'egress', 'allow', 'deny', 'aliyun', 'aws'),
  fc.constantFrom('10.0.0.1/8', '10.0.0.0/8', '::1', 'fe80::1/10', '1.2.3.4', 'not-a-cidr', ' 10.1.2.3/24 ', '10.1'),
  fc.constantFrom(-1, -0, 0, 1, 2, 80, 255, 256, 65535, 65536, 1.5, NaN, Infinity, 2 ** 60),
  fc.constant([]),
  fc.constant({}),
);

const portRange = fc.record({ from: fc.integer({ min: 0, max: 65535 }), to: fc.integer({ min: 0, max: 65535 }) });
const peer = fc.oneof(
  fc.record({ kind: fc.constant('cidr'), cidr: fc.constantFrom('10.1.2.3/8', '0.0.0.0/0', '2001:DB8::1/32', '::/0', '192.168.0.1') }),
  fc.record(
    { kind: fc.constant('group'), groupId: fc.constantFrom('sg-1', ''), groupName: fc.constantFrom('web'), ownerId: fc.constant('123'), vpcId: fc.constant('vpc-1') },
    { requiredKeys: ['kind'] },
  ),
  fc.record({ kind: fc.constant('prefixList'), prefixListId: fc.constantFrom('pl-1', ''), name: fc.constant('n') }, { requiredKeys: ['kind', 'prefixListId'] }),
);
const tag = fc.record({ key: fc.string({ maxLength: 3 }), value: fc.string({ maxLength: 3 }) });
const rule = fc.record(
  {
    direction: fc.constantFrom('ingress', 'egress'),
    action: fc.constantFrom('allow', 'deny'),
    priority: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constant(undefined)),
    protocol: fc.oneof(fc.constant('all'), fc.integer({ min: 0, max: 255 })),
    ports: portRange,
    icmp: fc.record({ type: fc.oneof(fc.constant('any'), fc.integer({ min: 0, max: 255 })), code: fc.oneof(fc.constant('any'), fc.integer({ min: 0, max: 255 })) }),
    sourcePorts: portRange,
    peer,
    local: fc.constantFrom('10.0.0.1/24', 'fd00::1/64'),
    portList: fc.record({ id: fc.constant('prl-1'), name: fc.constant('n') }, { requiredKeys: ['id'] }),
    nicType: fc.constantFrom('intranet', 'internet'),
    description: fc.string({ maxLength: 4 }),
    tags: fc.array(tag, { maxLength: 2 }),
    origin: fc.record({ provider: fc.constantFrom('aliyun', 'aws'), pointer: fc.constant('/Permissions/Permission/0'), ruleId: fc.constant('sgr-1'), createTime: fc.constant('t') }, { requiredKeys: ['provider', 'pointer'] }),
  },
  { requiredKeys: ['direction', 'action', 'protocol', 'peer'] },
);
const group = fc.record(
  {
    modelVersion: fc.constantFrom(1, undefined),
    provider: fc.constantFrom('aliyun', 'aws'),
    id: fc.constant('sg-1'),
    name: fc.constant('web'),
    description: fc.string({ maxLength: 4 }),
    region: fc.constant('cn-hangzhou'),
    vpcId: fc.constant('vpc-1'),
    ownerId: fc.constant('1'),
    arn: fc.constant('arn'),
    tags: fc.array(tag, { maxLength: 2 }),
    type: fc.constantFrom('normal', 'enterprise'),
    innerAccessPolicy: fc.constantFrom('accept', 'drop'),
    rules: fc.array(rule, { maxLength: 4 }),
    pointer: fc.constant(''),
  },
  { requiredKeys: ['provider', 'rules'] },
);

/** Set a value (or add a key) somewhere in the group: the path picks a nested object by position. */
function mutate(g: Record<string, unknown>, picks: number[], key: string, value: unknown): Record<string, unknown> {
  const out = structuredClone(g);
  let cur: Record<string, unknown> = out;
  for (const p of picks) {
    const children = Object.values(cur).filter((v) => typeof v === 'object' && v !== null) as Record<string, unknown>[];
    if (children.length === 0) break;
    cur = children[p % children.length]!;
  }
  const keys = Object.keys(cur);
  const k = key === '*' && keys.length > 0 ? keys[picks.length % keys.length]! : key;
  if (value === 'DELETE') delete cur[k];
  else cur[k] = value;
  return out;
}

describe('parseSecurityGroup', () => {
  it('reads what zod reads from the Aliyun describe fixtures', () => {
    for (const name of ['describe-basic.json', 'describe-legacy.json']) {
      const doc = JSON.parse(readFileSync(new URL(`../fixtures/aliyun/${name}`, import.meta.url), 'utf8'));
      expectSame(readDescribe(doc, new Report()));
    }
  });

  it('agrees with zod on generated groups', () => {
    fc.assert(fc.property(group, (g) => expectSame(g)), { numRuns: 2000 });
  });

  it('agrees with zod on broken groups (a value replaced, a key added or deleted)', () => {
    const keyOrAny = fc.constantFrom('*', 'extra', 'kind', 'cidr', 'from', 'to', 'type', 'code', 'modelVersion', 'groupId', 'groupName');
    fc.assert(
      fc.property(group, fc.array(fc.nat(), { maxLength: 4 }), keyOrAny, fc.oneof(anyValue, fc.constant('DELETE')), (g, picks, key, value) => {
        expectSame(mutate(g, picks, key, value));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with zod on values that are not groups', () => {
    for (const v of [undefined, null, 1, 'x', [], {}, { provider: 'aliyun' }, { rules: [] }]) expectSame(v);
  });
});
