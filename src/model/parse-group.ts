/**
 * `SecurityGroup.safeParse` without zod's generic machinery for the common case: a reader's output that is
 * already valid. The fast path builds exactly what zod builds (keys in schema order, a present key kept even
 * when undefined, `modelVersion` defaulted, CIDRs canonicalised) and checks every constraint the schema
 * checks; at the first value it is not sure about it gives up and zod decides, errors included. So the
 * result is zod's in every case (test/model/parse-group.test.ts compares both on valid and invalid groups).
 */
import { canonicalCidr } from './address.js';
import { SecurityGroup, type SecurityGroupInput } from './group.js';
import { MODEL_VERSION } from './version.js';

type Obj = Record<string, unknown>;
type ParseResult = ReturnType<typeof SecurityGroup.safeParse>;

/** Thrown when the fast path is not sure: zod then parses the whole group. */
const DEFER = Symbol('defer');

function defer(): never {
  throw DEFER;
}

/**
 * How a field is read: required (must be present), optional (present → kept, even undefined), defaulted
 * (always written; `parse` gets undefined when absent).
 */
type Presence = 'required' | 'optional' | 'defaulted';
type Field = readonly [key: string, parse: (value: unknown) => unknown, presence?: Presence];

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A strict zod object: no other keys (checked with for...in, as zod does), fields in schema order. */
function strictObject(fields: readonly Field[]): (value: unknown) => Obj {
  const keys = new Set(fields.map((f) => f[0]));
  return (input) => {
    if (!isObject(input)) defer();
    for (const k in input) if (!keys.has(k)) defer();
    const out: Obj = {};
    for (const [key, parse, presence = 'required'] of fields) {
      if (presence === 'defaulted') out[key] = parse(input[key]);
      else if (key in input) {
        const value = input[key];
        out[key] = value === undefined && presence === 'optional' ? undefined : parse(value);
      } else if (presence === 'required') defer();
    }
    return out;
  };
}

const string = (v: unknown): string => (typeof v === 'string' ? v : defer());
const nonEmptyString = (v: unknown): string => (typeof v === 'string' && v.length >= 1 ? v : defer());
const oneOf =
  (...values: readonly string[]) =>
  (v: unknown): string =>
    typeof v === 'string' && values.includes(v) ? v : defer();
const intIn =
  (min: number, max: number) =>
  (v: unknown): number =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max ? v : defer();
const intOrWord = (word: string, max: number) => {
  const int = intIn(0, max);
  return (v: unknown): unknown => (v === word ? v : int(v));
};
/** Every index, holes included (zod reads a hole as undefined; `map` would skip it). */
const arrayOf =
  (item: (v: unknown) => unknown) =>
  (v: unknown): unknown[] => {
    if (!Array.isArray(v)) defer();
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = item(v[i]);
    return out;
  };
const cidr = (v: unknown): string => canonicalCidr(string(v)) ?? defer();

const portRangeObject = strictObject([
  ['from', intIn(0, 65535)],
  ['to', intIn(0, 65535)],
]);
const portRange = (v: unknown): Obj => {
  const r = portRangeObject(v);
  return (r.from as number) <= (r.to as number) ? r : defer();
};
const icmpValue = intOrWord('any', 255);
const tag = strictObject([
  ['key', string],
  ['value', string],
]);

const cidrPeer = strictObject([
  ['kind', oneOf('cidr')],
  ['cidr', cidr],
]);
const groupPeerObject = strictObject([
  ['kind', oneOf('group')],
  ['groupId', nonEmptyString, 'optional'],
  ['groupName', string, 'optional'],
  ['ownerId', string, 'optional'],
  ['ownerAccount', string, 'optional'],
  ['vpcId', string, 'optional'],
  ['vpcPeeringConnectionId', string, 'optional'],
  ['peeringStatus', string, 'optional'],
]);
const prefixListPeer = strictObject([
  ['kind', oneOf('prefixList')],
  ['prefixListId', nonEmptyString],
  ['name', string, 'optional'],
]);
/** The union's options have distinct `kind` literals, so the first that succeeds is the one of the kind. */
const peer = (v: unknown): Obj => {
  if (!isObject(v)) defer();
  if (v.kind === 'cidr') return cidrPeer(v);
  if (v.kind === 'group') {
    const p = groupPeerObject(v);
    return p.groupId !== undefined || p.groupName !== undefined ? p : defer();
  }
  if (v.kind === 'prefixList') return prefixListPeer(v);
  return defer();
};

const rule = strictObject([
  ['direction', oneOf('ingress', 'egress')],
  ['action', oneOf('allow', 'deny')],
  ['priority', intIn(1, Number.MAX_SAFE_INTEGER), 'optional'],
  ['protocol', intOrWord('all', 255)],
  ['ports', portRange, 'optional'],
  [
    'icmp',
    strictObject([
      ['type', icmpValue],
      ['code', icmpValue],
    ]),
    'optional',
  ],
  ['sourcePorts', portRange, 'optional'],
  ['peer', peer],
  ['local', cidr, 'optional'],
  [
    'portList',
    strictObject([
      ['id', string],
      ['name', string, 'optional'],
    ]),
    'optional',
  ],
  ['nicType', oneOf('intranet', 'internet'), 'optional'],
  ['description', string, 'optional'],
  ['tags', arrayOf(tag), 'optional'],
  [
    'origin',
    strictObject([
      ['provider', oneOf('aliyun', 'aws')],
      ['pointer', string],
      ['ruleId', string, 'optional'],
      ['createTime', string, 'optional'],
    ]),
    'optional',
  ],
]);

/** `modelVersion` is a defaulted literal: absent or undefined reads as MODEL_VERSION, always written first. */
const modelVersion = (v: unknown): number => (v === undefined || v === MODEL_VERSION ? MODEL_VERSION : defer());

const group = strictObject([
  ['modelVersion', modelVersion, 'defaulted'],
  ['provider', oneOf('aliyun', 'aws')],
  ['id', string, 'optional'],
  ['name', string, 'optional'],
  ['description', string, 'optional'],
  ['region', string, 'optional'],
  ['vpcId', string, 'optional'],
  ['ownerId', string, 'optional'],
  ['arn', string, 'optional'],
  ['tags', arrayOf(tag), 'optional'],
  ['type', oneOf('normal', 'enterprise'), 'optional'],
  ['innerAccessPolicy', oneOf('accept', 'drop'), 'optional'],
  ['rules', arrayOf(rule)],
  ['pointer', string, 'optional'],
]);

/** Same result as `SecurityGroup.safeParse(input)`. */
export function parseSecurityGroup(input: SecurityGroupInput | unknown): ParseResult {
  try {
    return { success: true, data: group(input) } as ParseResult;
  } catch (e) {
    if (e !== DEFER) throw e;
    return SecurityGroup.safeParse(input);
  }
}
