/**
 * Mutations of a seed payload, drawn by fast-check so that a failing case shrinks to a small one. A mutation
 * names a node of the current tree by a number (taken modulo the number of nodes, so every draw is valid) and
 * what to do there: delete it, replace it with another JSON value, change its type, truncate it, make it huge,
 * put non-ASCII text in it, nest it one level deeper, or cut the structure above it. XML seeds are mutated as
 * text (cut, spliced, a value replaced), so their own parser and converter are what is exercised.
 */
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export const KINDS = ['delete', 'replace', 'retype', 'truncate', 'huge', 'nonAscii', 'nest', 'cut'] as const;
export type Kind = (typeof KINDS)[number];

export interface Mutation {
  readonly at: number;
  readonly kind: Kind;
  /** Used by `replace` (the new value) and as a size or position for the others. */
  readonly value: Json;
  readonly n: number;
}

/** Text that breaks naive handling: control characters, a lone surrogate, right-to-left, CJK, emoji, NUL. */
const STRANGE = [
  'ü',
  '中文',
  '\u0000',
  '\uD800',
  '\u202E',
  '🙂',
  '\\',
  '"',
  '%2F',
  '&',
  '=',
  '\n',
  '${var.x}',
  '***',
  '/',
  '-1',
];

const scalar: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -70000, max: 70000 }),
  fc.constantFrom(0, -1, 65535, 65536, 255, 256, 1e21, -1e21, 2 ** 53 + 1, 1.5, 1e308, -0),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '',
    ' ',
    '0.0.0.0/0',
    '::/0',
    '10.0.0.0/33',
    '10.1.***.0/24',
    '300.1.1.1/8',
    'fe80::/129',
    '-1/-1',
    '22/22',
    '0/65535',
    '80/22',
    'ALL',
    'tcp',
    '-1',
    'Drop',
    'Accept',
    'egress',
    'sg-0123456789abcdef0',
    'pl-12345678',
    'sg-',
    'NaN',
    'true',
    '1e3',
    ...STRANGE,
  ),
);

export const jsonValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(
      fc.constantFrom('IpProtocol', 'CidrIp', 'PortRange', 'Permission', 'x', 'GroupId', 'Policy'),
      scalar,
      { maxKeys: 3, noNullPrototype: true },
    ),
  },
);

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat({ max: 100_000 }),
  kind: fc.constantFrom(...KINDS),
  value: jsonValue,
  n: fc.nat({ max: 1000 }),
});

export const mutations: fc.Arbitrary<Mutation[]> = fc.array(mutation, { minLength: 1, maxLength: 4 });

type Path = (string | number)[];

/** Every node's path, the root first, in a stable order. */
function paths(v: Json, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((c, i) => paths(c, [...at, i], out));
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) paths(v[k]!, [...at, k], out);
  return out;
}

function get(root: Json, path: Path): Json {
  let v: Json = root;
  for (const k of path) v = (v as Record<string | number, Json>)[k]!;
  return v;
}

/** A payload stays under about this many characters, however many `huge` mutations nest. */
const HUGE_BUDGET = 2_000_000;

function huge(v: Json, n: number): Json {
  if (typeof v === 'string')
    return v.length >= 5000 ? `${v}x` : v.repeat(Math.max(2, Math.ceil(5000 / Math.max(1, v.length))));
  if (typeof v === 'number') return [1e21, -1e21, Number.MAX_SAFE_INTEGER * 4, 1e308][n % 4]!;
  // Copies of a part: as many as the budget allows, so nested huge mutations do not grow without bound.
  const copies = (each: number, want: number) =>
    Math.max(1, Math.min(want, Math.floor(HUGE_BUDGET / Math.max(1, each))));
  if (Array.isArray(v)) {
    const each = JSON.stringify(v).length / Math.max(1, v.length);
    return Array.from({ length: copies(each, 200 + (n % 200)) }, (_, i) => v[i % Math.max(1, v.length)] ?? null);
  }
  if (v !== null && typeof v === 'object') {
    const first = v[Object.keys(v)[0] ?? ''] ?? 0;
    return Object.fromEntries(
      Array.from({ length: copies(JSON.stringify(first).length, 300) }, (_, i) => [`k${i}`, first]),
    );
  }
  return 'x'.repeat(5000);
}

function retype(v: Json, n: number): Json {
  if (typeof v === 'number') return n % 2 ? String(v) : [v];
  if (typeof v === 'string')
    return n % 3 === 0 ? (Number.isFinite(Number(v)) ? Number(v) : 0) : n % 3 === 1 ? { value: v } : [v];
  if (typeof v === 'boolean') return String(v);
  if (v === null) return n % 2 ? '' : 0;
  if (Array.isArray(v)) return n % 2 ? Object.fromEntries(v.map((x, i) => [String(i), x])) : (v[0] ?? null);
  return n % 2 ? Object.values(v) : JSON.stringify(v);
}

function truncate(v: Json, n: number): Json {
  if (typeof v === 'string') return v.slice(0, n % Math.max(1, v.length));
  if (Array.isArray(v)) return v.slice(0, n % Math.max(1, v.length));
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    return Object.fromEntries(keys.slice(0, n % Math.max(1, keys.length)).map((k) => [k, v[k]!]));
  }
  return typeof v === 'number' ? Math.trunc(v / 10) : v;
}

function nonAscii(v: Json, n: number): Json {
  const s = STRANGE[n % STRANGE.length]!;
  if (typeof v === 'string') {
    const cut = n % (v.length + 1);
    return v.slice(0, cut) + s + v.slice(cut);
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return { ...v, [s]: 'ü' };
  return s;
}

/** Apply one mutation to a deep copy's node; the root can be replaced too. */
function applyOne(root: Json, m: Mutation): Json {
  const all = paths(root);
  const path = all[m.at % all.length]!;
  const node = get(root, path);
  let next: Json | undefined;
  switch (m.kind) {
    case 'delete':
      next = undefined;
      break;
    case 'replace':
      next = m.value;
      break;
    case 'retype':
      next = retype(node, m.n);
      break;
    case 'truncate':
      next = truncate(node, m.n);
      break;
    case 'huge':
      next = huge(node, m.n);
      break;
    case 'nonAscii':
      next = nonAscii(node, m.n);
      break;
    case 'nest':
      next = m.n % 2 ? [node] : { [typeof m.value === 'string' && m.value !== '' ? m.value : 'Permission']: node };
      break;
    case 'cut':
      // The structure above: the parent keeps only this node (its siblings are cut away).
      if (path.length === 0) return truncate(root, m.n);
      {
        const parentPath = path.slice(0, -1);
        const key = path[path.length - 1]!;
        const parent = get(root, parentPath);
        const kept: Json = Array.isArray(parent) ? [node] : { [key]: node };
        return setAt(root, parentPath, kept);
      }
  }
  return setAt(root, path, next);
}

function setAt(root: Json, path: Path, value: Json | undefined): Json {
  if (path.length === 0) return value === undefined ? {} : value;
  const parent = get(root, path.slice(0, -1)) as Record<string | number, Json> | Json[];
  const key = path[path.length - 1]!;
  if (Array.isArray(parent)) {
    if (value === undefined) parent.splice(key as number, 1);
    else parent[key as number] = value;
  } else if (value === undefined) delete parent[key];
  else parent[key] = value;
  return root;
}

export function mutateValue(value: Json, ms: readonly Mutation[]): Json {
  let v = structuredClone(value);
  // A fresh copy after each step: copies made by `huge` share their parts, and a later mutation must not
  // reach every copy at once.
  // (structuredClone would keep the sharing; a JSON round trip is what a payload is anyway.)
  for (const m of ms) v = JSON.parse(JSON.stringify(applyOne(v, m))) as Json;
  return v;
}

/** Text mutations (XML): cut at a position, splice strange text in, or replace one element's text. */
export function mutateText(text: string, ms: readonly Mutation[]): string {
  let t = text;
  for (const m of ms) {
    const pos = m.at % (t.length + 1);
    switch (m.kind) {
      case 'cut':
      case 'truncate':
        t = t.slice(0, pos);
        break;
      case 'delete':
        t = t.slice(0, pos) + t.slice(pos + 1 + (m.n % 40));
        break;
      case 'nonAscii':
      case 'nest':
        t = t.slice(0, pos) + STRANGE[m.n % STRANGE.length]! + t.slice(pos);
        break;
      default: {
        // Replace the text of the n-th element that has text, with the drawn value as text.
        const values = [...t.matchAll(/>([^<>]+)</g)];
        const hit = values.length ? values[m.n % values.length] : undefined;
        if (hit?.index !== undefined) {
          // eslint-disable-next-line @typescript-eslint/no-base-to-string -- any text will do as a replacement
          const replacement = m.kind === 'huge' ? 'x'.repeat(5000) : String(m.value ?? '');
          t = t.slice(0, hit.index + 1) + replacement.replace(/[<>&]/g, '') + t.slice(hit.index + 1 + hit[1]!.length);
        }
      }
    }
  }
  return t;
}
