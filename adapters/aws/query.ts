/**
 * The EC2 Query wire form (`IpPermissions.1.IpRanges.1.CidrIp=…`, reference B.6) unflattened into the SDK's
 * JSON shape. Indices are 1-based and may be sparse: elements keep their order, and each converted object
 * records the parameter prefix it came from (`/IpPermissions.3.Groups.1`), so findings name the parameter.
 * The wire names that differ from the SDK's are renamed (`Groups` → `UserIdGroupPairs`, `TagSpecification` →
 * `TagSpecifications`, `Tag` → `Tags`, `SecurityGroupRuleId.N` → `SecurityGroupRuleIds`).
 */
import { invalid, type Json, type SourceMap } from './values.js';

const WIRE_TO_SDK: Readonly<Record<string, string>> = {
  Groups: 'UserIdGroupPairs',
  TagSpecification: 'TagSpecifications',
  Tag: 'Tags',
  SecurityGroupRuleId: 'SecurityGroupRuleIds',
};

interface Tree {
  /** Parameter prefix, e.g. `IpPermissions.1`. */
  readonly prefix: string;
  value?: string;
  readonly children: Map<string, Tree>;
}

function insert(root: Tree, key: string, value: string): void {
  let node = root;
  for (const segment of key.split('.')) {
    if (segment === '') throw invalid(`malformed parameter name ${key}`, `/${key}`, 'UnknownParameter');
    let next = node.children.get(segment);
    if (next === undefined) {
      next = { prefix: node.prefix === '' ? segment : `${node.prefix}.${segment}`, children: new Map() };
      node.children.set(segment, next);
    }
    node = next;
  }
  node.value = value;
}

const isIndex = (s: string) => /^[1-9]\d*$/.test(s);

function build(node: Tree, sources: SourceMap): unknown {
  if (node.children.size === 0) return node.value ?? '';
  if (node.value !== undefined)
    throw invalid(`parameter ${node.prefix} has both a value and members`, `/${node.prefix}`);
  const segments = [...node.children.keys()];
  if (segments.every(isIndex)) {
    return segments.sort((a, b) => Number(a) - Number(b)).map((s) => build(node.children.get(s)!, sources));
  }
  const index = segments.find(isIndex);
  if (index !== undefined)
    throw invalid(`parameter ${node.prefix} mixes indices and names`, `/${node.prefix}.${index}`);
  const out: Json = {};
  const fields: Record<string, string> = {};
  for (const [segment, child] of node.children) {
    const name = WIRE_TO_SDK[segment] ?? segment;
    out[name] = build(child, sources);
    fields[name] = `/${child.prefix}`;
    // Elements of a list of strings cannot carry provenance themselves: record `Name/i` on the parent.
    if (Array.isArray(out[name])) {
      [...child.children.entries()]
        .sort(([a], [b]) => Number(a) - Number(b))
        .forEach(([, element], i) => (fields[`${name}/${i}`] = `/${element.prefix}`));
    }
  }
  sources.set(out, { pointer: node.prefix === '' ? '' : `/${node.prefix}`, fields });
  return out;
}

/** Flat query parameters → the SDK-shaped request object (values stay text). */
export function unflattenQuery(flat: Readonly<Record<string, string>>, sources: SourceMap): Json {
  const root: Tree = { prefix: '', children: new Map() };
  for (const [key, value] of Object.entries(flat)) insert(root, key, value);
  const doc = build(root, sources);
  return doc as Json;
}
