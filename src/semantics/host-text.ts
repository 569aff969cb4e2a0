/**
 * Words for hosts: atoms as people write them, and the condition under which a region or an answer holds
 * ("a member of sg-peer-a whose address is in pl-peer-1", "a member of sg-02 whose address is IPv4").
 */
import { IntervalSet, type Family } from '../address/index.js';
import type { Atom } from './api.js';

/** Atoms as people write them: `sg-123`, `pl-9`, `group-name:web`. */
export function atomLabel(atom: Atom): string {
  if (atom.startsWith('group:')) return atom.slice('group:'.length);
  if (atom.startsWith('prefixList:')) return atom.slice('prefixList:'.length);
  return atom;
}

function familyPhrase(set: IntervalSet, family: Family): string | undefined {
  if (set.isEmpty()) return undefined;
  if (set.isFull(family)) return `IPv${family}`;
  const inside = set.toCidrs(family);
  const outside = IntervalSet.full(family).subtract(set).toCidrs(family);
  return outside.length < inside.length ? `IPv${family} and not in ${outside.join(', ')}` : `in ${inside.join(', ')}`;
}

/** "any address", "IPv4", "in 10.0.0.0/8", "IPv4 and not in 10.1.0.0/16", "in 10.0.0.0/8 or IPv6", or "no address". */
export function addressPhrase(v4: IntervalSet, v6: IntervalSet): string {
  if (v4.isFull(4) && v6.isFull(6)) return 'any address';
  const parts = [familyPhrase(v4, 4), familyPhrase(v6, 6)].filter((p): p is string => p !== undefined);
  return parts.length === 0 ? 'no address' : parts.join(' or ');
}

/**
 * The hosts holding these memberships whose address is in the given sets: "a member of sg-a whose address is
 * in pl-1 and in 10.0.0.0/8", "an address in pl-1", "a member of both sg-a and sg-b".
 */
export function hostCondition(atoms: readonly Atom[], v4: IntervalSet, v6: IntervalSet): string {
  const groups = atoms.filter((a) => !a.startsWith('prefixList:')).map(atomLabel);
  const lists = atoms.filter((a) => a.startsWith('prefixList:')).map(atomLabel);
  const where = lists.map((l) => `in ${l}`);
  const address = addressPhrase(v4, v6);
  if (address !== 'any address') where.push(address);
  if (groups.length === 0) return `an address ${where.join(' and ')}`;
  const who = groups.length === 1 ? `a member of ${groups[0]}` : `a member of both ${groups.join(' and ')}`;
  return where.length === 0 ? who : `${who} whose address is ${where.join(' and ')}`;
}
