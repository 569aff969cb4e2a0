/**
 * A group that a reader built itself, as the model: the same object `SecurityGroup.parse` would return (keys in
 * the schema's order, `modelVersion` defaulted, fresh objects), without re-validating what the reader has
 * already checked field by field. Zod stays the gate for input that no reader built: the model document and
 * library callers. A test holds this equal to `SecurityGroup.parse`, key order included, on the corpus and on
 * generated fleets.
 */
import { SecurityGroup, type SecurityGroupInput } from './group.js';
import { CidrPeer, GroupPeer, IcmpMatch, Origin, PrefixListPeer, Rule, Tag, type RuleInput } from './rule.js';
import { MODEL_VERSION } from './version.js';

type Plain = Record<string, unknown>;

const GROUP_KEYS = Object.keys(SecurityGroup.shape);
const RULE_KEYS = Object.keys(Rule.shape);
const PEER_KEYS: Readonly<Record<string, readonly string[]>> = {
  cidr: Object.keys(CidrPeer.shape),
  group: Object.keys(GroupPeer.shape),
  prefixList: Object.keys(PrefixListPeer.shape),
};
const ORIGIN_KEYS = Object.keys(Origin.shape);
const ICMP_KEYS = Object.keys(IcmpMatch.shape);
const TAG_KEYS = Object.keys(Tag.shape);
const RANGE_KEYS = ['from', 'to'];
const PORT_LIST_KEYS = ['id', 'name'];

/** The keys of `keys` that `from` has, in that order, each value through `copy`. */
function ordered(
  from: Plain,
  keys: readonly string[],
  copy: (key: string, value: unknown) => unknown = (_, v) => v,
): Plain {
  const out: Plain = {};
  for (const k of keys) if (k in from) out[k] = copy(k, from[k]);
  return out;
}

const tags = (list: unknown): unknown => (list as Plain[]).map((t) => ordered(t, TAG_KEYS));

function ruleValue(key: string, value: unknown): unknown {
  switch (key) {
    case 'ports':
    case 'sourcePorts':
      return ordered(value as Plain, RANGE_KEYS);
    case 'icmp':
      return ordered(value as Plain, ICMP_KEYS);
    case 'peer': {
      const peer = value as Plain;
      return ordered(peer, PEER_KEYS[peer.kind as string] ?? Object.keys(peer));
    }
    case 'portList':
      return ordered(value as Plain, PORT_LIST_KEYS);
    case 'tags':
      return tags(value);
    case 'origin':
      return ordered(value as Plain, ORIGIN_KEYS);
    default:
      return value;
  }
}

/** One reader-built rule in the model's shape (its CIDRs are canonical already: readers canonicalise them). */
export function builtRule(rule: RuleInput): Rule {
  return ordered(rule, RULE_KEYS, ruleValue) as Rule;
}

/**
 * A rule a reader built in the model's shape already (fresh objects, keys in the schema's order at every
 * level), taken as it is: for `builtGroup` of a reader that builds its rules so (the Aliyun permission reader),
 * which saves a copy of every rule. The reader tests hold its groups equal to `SecurityGroup.parse`.
 */
export function ruleAsBuilt(rule: RuleInput): Rule {
  return rule;
}

/** One reader-built group in the model's shape; each rule through `rule` (by default a copy in the model's order). */
export function builtGroup(group: SecurityGroupInput, rule: (r: RuleInput) => Rule = builtRule): SecurityGroup {
  const out = ordered(group, GROUP_KEYS, (key, value) => {
    if (key === 'rules') return (value as RuleInput[]).map((r) => rule(r));
    if (key === 'tags') return tags(value);
    return value;
  });
  if (!('modelVersion' in group)) return { modelVersion: MODEL_VERSION, ...out } as SecurityGroup;
  return out as SecurityGroup;
}
