/**
 * Which group of A is compared with which group of B. Methods are tried in the order `--pair-by` gives
 * (default mapping, tag:sgbridge-pair, name):
 *   mapping    the mapping file's `groups` pairs (read in both directions)
 *   tag:<key>  the same value of tag <key> on both sides
 *   name       the same group name, within corresponding regions (the mapping's `regions`, then the same-city
 *              table); a group without a region matches on the name alone. Name is the fallback: it only
 *              pairs groups no earlier method paired, and only when the name is unique on both sides.
 * A group that two explicit methods (mapping, tag) pair with different partners, or that one tag value pairs
 * with two groups, is an error naming both: a guess between them could hide a difference.
 */
import { sameCityRegion } from '../../tables/regions.js';
import { TranslateError } from '../errors.js';
import type { Mapping } from '../idmap/index.js';
import type { SecurityGroup } from '../model/group.js';
import type { AuditGroup, PairingMethod, Side, UnpairedGroup } from './types.js';
import { groupRef } from './compare-pair.js';

export const DEFAULT_PAIR_BY: readonly PairingMethod[] = ['mapping', 'tag:sgbridge-pair', 'name'];

export interface Pair {
  readonly a: AuditGroup;
  readonly b: AuditGroup;
  readonly by: PairingMethod;
}

export interface Pairing {
  readonly pairs: Pair[];
  readonly unpaired: UnpairedGroup[];
}

/** `mapping,tag:<key>,name` → methods; each at most once. */
export function parsePairBy(text: string): PairingMethod[] {
  const methods = text.split(',').map((s) => s.trim());
  const out: PairingMethod[] = [];
  for (const m of methods) {
    if (m !== 'mapping' && m !== 'name' && !/^tag:.+$/.test(m)) {
      throw new TranslateError(
        'usage',
        `sgbridge audit: --pair-by takes mapping, tag:<key> and name, comma-separated (got "${m}")`,
      );
    }
    if (out.includes(m as PairingMethod))
      throw new TranslateError('usage', `sgbridge audit: --pair-by names ${m} twice`);
    out.push(m as PairingMethod);
  }
  return out;
}

/** A group as error messages and reasons name it: `sg-1 "web" (file.json/pointer)`. */
export function label(g: AuditGroup): string {
  const { id, name, pointer } = g.group;
  const head = id ?? (name !== undefined ? `"${name}"` : 'a group');
  const tail = name !== undefined && id !== undefined ? ` "${name}"` : '';
  return `${head}${tail} (${g.file}${pointer ? `#${pointer}` : ''})`;
}

function tagValue(g: SecurityGroup, key: string): string | undefined {
  return g.tags?.find((t) => t.key === key)?.value;
}

/** A's region as B's cloud names it. */
function regionOnB(a: SecurityGroup, bProvider: SecurityGroup['provider'], mapping: Mapping): string | undefined {
  if (a.region === undefined || a.region === '') return undefined;
  if (a.provider === bProvider) return a.region;
  return mapping.counterpart('regions', a.region) ?? sameCityRegion(a.provider, a.region)?.[bProvider];
}

function refuseDuplicateIds(groups: readonly AuditGroup[], side: Side): void {
  const seen = new Map<string, AuditGroup>();
  for (const g of groups) {
    const id = g.group.id;
    if (id === undefined) continue;
    const key = `${g.group.provider}:${id}`;
    const before = seen.get(key);
    if (before !== undefined)
      throw new TranslateError(
        'usage',
        `sgbridge audit: group ${id} is in ${side} twice: ${label(before)} and ${label(g)}`,
      );
    seen.set(key, g);
  }
}

export function pairGroups(
  A: readonly AuditGroup[],
  B: readonly AuditGroup[],
  methods: readonly PairingMethod[],
  mapping: Mapping,
): Pairing {
  refuseDuplicateIds(A, 'A');
  refuseDuplicateIds(B, 'B');
  const partnerOfA = new Map<number, { b: number; by: PairingMethod }>();
  const partnerOfB = new Map<number, { a: number; by: PairingMethod }>();
  const why = { A: A.map((): string[] => []), B: B.map((): string[] => []) };

  const claim = (ai: number, bi: number, by: PairingMethod): void => {
    const pa = partnerOfA.get(ai);
    const pb = partnerOfB.get(bi);
    if (pa?.b === bi) return; // an earlier method agrees
    if (pa !== undefined)
      throw new TranslateError(
        'usage',
        `sgbridge audit: ${label(A[ai]!)} is paired with ${label(B[pa.b]!)} by ${pa.by} and with ${label(B[bi]!)} by ${by}`,
      );
    if (pb !== undefined)
      throw new TranslateError(
        'usage',
        `sgbridge audit: ${label(B[bi]!)} is paired with ${label(A[pb.a]!)} by ${pb.by} and with ${label(A[ai]!)} by ${by}`,
      );
    partnerOfA.set(ai, { b: bi, by });
    partnerOfB.set(bi, { a: ai, by });
  };

  for (const method of methods) {
    if (method === 'mapping') pairByMapping(A, B, mapping, claim, why);
    else if (method === 'name') pairByName(A, B, mapping, partnerOfA, partnerOfB, claim, why);
    else pairByTag(A, B, method.slice('tag:'.length), method, claim, why);
  }

  const pairs = [...partnerOfA.entries()]
    .sort(([x], [y]) => x - y)
    .map(([ai, p]) => ({ a: A[ai]!, b: B[p.b]!, by: p.by }));
  const unpaired: UnpairedGroup[] = [];
  const reason = (r: string[]) =>
    r.length ? r.join('; ') : `no pairing method applies (--pair-by ${methods.join(',')})`;
  A.forEach((g, i) => partnerOfA.has(i) || unpaired.push({ side: 'A', group: groupRef(g), reason: reason(why.A[i]!) }));
  B.forEach((g, i) => partnerOfB.has(i) || unpaired.push({ side: 'B', group: groupRef(g), reason: reason(why.B[i]!) }));
  return { pairs, unpaired };
}

type Claim = (ai: number, bi: number, by: PairingMethod) => void;
type Why = { A: string[][]; B: string[][] };

function pairByMapping(
  A: readonly AuditGroup[],
  B: readonly AuditGroup[],
  mapping: Mapping,
  claim: Claim,
  why: Why,
): void {
  const bById = new Map<string, number>();
  B.forEach((g, i) => g.group.id !== undefined && bById.set(g.group.id, i));
  const aIds = new Set(A.map((g) => g.group.id));
  A.forEach((g, ai) => {
    const id = g.group.id;
    const partner = id === undefined ? undefined : mapping.counterpart('groups', id);
    if (partner === undefined) return;
    const bi = bById.get(partner);
    if (bi === undefined) why.A[ai]!.push(`the mapping pairs it with ${partner}, which is not in B`);
    else claim(ai, bi, 'mapping');
  });
  B.forEach((g, bi) => {
    const partner = g.group.id === undefined ? undefined : mapping.counterpart('groups', g.group.id);
    if (partner !== undefined && !aIds.has(partner))
      why.B[bi]!.push(`the mapping pairs it with ${partner}, which is not in A`);
  });
}

function pairByTag(
  A: readonly AuditGroup[],
  B: readonly AuditGroup[],
  key: string,
  method: PairingMethod,
  claim: Claim,
  why: Why,
): void {
  const index = (groups: readonly AuditGroup[], side: Side): Map<string, number> => {
    const out = new Map<string, number>();
    groups.forEach((g, i) => {
      const v = tagValue(g.group, key);
      if (v === undefined) return;
      const before = out.get(v);
      if (before !== undefined)
        throw new TranslateError(
          'usage',
          `sgbridge audit: tag ${key}=${v} is on two groups of ${side}: ${label(groups[before]!)} and ${label(g)}`,
        );
      out.set(v, i);
    });
    return out;
  };
  const byA = index(A, 'A');
  const byB = index(B, 'B');
  for (const [value, ai] of byA) {
    const bi = byB.get(value);
    if (bi === undefined) why.A[ai]!.push(`no group of B has tag ${key}=${value}`);
    else claim(ai, bi, method);
  }
  for (const [value, bi] of byB) if (!byA.has(value)) why.B[bi]!.push(`no group of A has tag ${key}=${value}`);
}

function pairByName(
  A: readonly AuditGroup[],
  B: readonly AuditGroup[],
  mapping: Mapping,
  partnerOfA: ReadonlyMap<number, unknown>,
  partnerOfB: ReadonlyMap<number, unknown>,
  claim: Claim,
  why: Why,
): void {
  const free = (groups: readonly AuditGroup[], taken: ReadonlyMap<number, unknown>) =>
    groups.map((g, i) => ({ g, i })).filter(({ i, g }) => !taken.has(i) && g.group.name);
  const freeA = free(A, partnerOfA);
  const freeB = free(B, partnerOfB);
  const bByName = new Map<string, typeof freeB>();
  for (const e of freeB) bByName.set(e.g.group.name!, [...(bByName.get(e.g.group.name!) ?? []), e]);
  const bMatches = new Map<number, number[]>();
  const proposals: [number, number][] = [];
  for (const { g, i: ai } of freeA) {
    const region = regionOnB(g.group, B[0]?.group.provider ?? g.group.provider, mapping);
    const candidates = (bByName.get(g.group.name!) ?? []).filter(
      ({ g: b }) => region === undefined || b.group.region === undefined || b.group.region === region,
    );
    const where = region !== undefined ? ` in region ${region}` : '';
    if (candidates.length === 0) why.A[ai]!.push(`no group of B is named "${g.group.name}"${where}`);
    else if (candidates.length > 1)
      why.A[ai]!.push(`${candidates.length} groups of B are named "${g.group.name}"${where}`);
    else {
      proposals.push([ai, candidates[0]!.i]);
      bMatches.set(candidates[0]!.i, [...(bMatches.get(candidates[0]!.i) ?? []), ai]);
    }
  }
  for (const [ai, bi] of proposals) {
    const rivals = bMatches.get(bi)!;
    if (rivals.length === 1) claim(ai, bi, 'name');
    else why.A[ai]!.push(`${rivals.length} groups of A are named "${A[ai]!.group.name}" and match the same group of B`);
  }
  for (const { g, i: bi } of freeB) {
    if (bMatches.has(bi)) {
      const n = bMatches.get(bi)!.length;
      if (n > 1) why.B[bi]!.push(`${n} groups of A are named "${g.group.name}"`);
    } else why.B[bi]!.push(`no group of A is named "${g.group.name}" in a corresponding region`);
  }
}
