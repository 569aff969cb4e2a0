/**
 * Provenance: per canonical rule and group, the input pointer each field came from. Readers record it as
 * they read (they know every field's pointer); later stages name a field in a finding by asking for it
 * instead of guessing the provider's spelling. It is a side table keyed by the object's own pointer (a
 * rule's origin pointer, a group's pointer), so it survives the copies later stages make and never reaches
 * the model document or its JSON Schema.
 */

/** The canonical fields later stages name in findings: of a group (`id` … `arn`), then of a rule. */
export type ProvenanceField =
  | 'id'
  | 'region'
  | 'vpcId'
  | 'ownerId'
  | 'arn'
  | 'description'
  | 'nicType'
  | 'ruleId'
  | 'createTime'
  | 'peerGroupId'
  | 'peerOwnerId'
  | 'peerOwnerAccount'
  | 'peerPrefixListId';

/**
 * Where the recorded fields of one object sit when each is a member of the object itself: field → member
 * name, the field's pointer being `objectPointer/name`. Readers of JSON payloads record one such table per
 * rule instead of one pointer per field; the tables are shared (see `memberNamesBySubset`), so recording a
 * rule costs one entry, and a field's pointer text is built only when a finding asks for it.
 */
export type MemberNames = Readonly<Partial<Record<ProvenanceField, string>>>;

/**
 * The MemberNames of each subset of `candidates` (bit i of the mask: candidate i is present), each table made
 * once, on first use, and shared by every object with that subset. A later candidate of the same field wins.
 * At most 16 candidates (a slot per subset is allocated up front, so lookups stay on a plain array).
 */
export function memberNamesBySubset(
  candidates: readonly (readonly [ProvenanceField, string])[],
): (mask: number) => MemberNames {
  if (candidates.length > 16) throw new RangeError('memberNamesBySubset takes at most 16 candidates');
  const tables = new Array<MemberNames | undefined>(1 << candidates.length).fill(undefined);
  return (mask) => {
    let table = tables[mask];
    if (table === undefined) {
      const names: Partial<Record<ProvenanceField, string>> = {};
      candidates.forEach(([field, name], i) => {
        if (mask & (1 << i)) names[field] = name;
      });
      tables[mask] = table = names;
    }
    return table;
  };
}

export class Provenance {
  readonly #byObject = new Map<string, Map<ProvenanceField, string>>();
  readonly #members = new Map<string, MemberNames>();

  /** `field` of the object at `objectPointer` came from the input value at `pointer`. */
  record(objectPointer: string, field: ProvenanceField, pointer: string): void {
    let fields = this.#byObject.get(objectPointer);
    if (fields === undefined) this.#byObject.set(objectPointer, (fields = new Map<ProvenanceField, string>()));
    fields.set(field, pointer);
  }

  /** Each field of `names` came from that member of the object at `objectPointer` (`objectPointer/name`). */
  recordMembers(objectPointer: string, names: MemberNames): void {
    this.#members.set(objectPointer, names);
  }

  /** Where `field` of the object at `objectPointer` came from, when its reader recorded it. */
  pointerOf(objectPointer: string, field: ProvenanceField): string | undefined {
    const recorded = this.#byObject.get(objectPointer)?.get(field);
    if (recorded !== undefined) return recorded;
    const member = this.#members.get(objectPointer)?.[field];
    return member === undefined ? undefined : `${objectPointer}/${member}`;
  }

  /** Everything `other` recorded, added to this table. */
  addAll(other: Provenance): void {
    for (const [object, fields] of other.#byObject)
      for (const [field, pointer] of fields) this.record(object, field, pointer);
    for (const [object, names] of other.#members) this.recordMembers(object, names);
  }
}
