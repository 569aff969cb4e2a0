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

export class Provenance {
  readonly #byObject = new Map<string, Map<ProvenanceField, string>>();

  /** `field` of the object at `objectPointer` came from the input value at `pointer`. */
  record(objectPointer: string, field: ProvenanceField, pointer: string): void {
    let fields = this.#byObject.get(objectPointer);
    if (fields === undefined) this.#byObject.set(objectPointer, (fields = new Map<ProvenanceField, string>()));
    fields.set(field, pointer);
  }

  /** Where `field` of the object at `objectPointer` came from, when its reader recorded it. */
  pointerOf(objectPointer: string, field: ProvenanceField): string | undefined {
    return this.#byObject.get(objectPointer)?.get(field);
  }

  /** Everything `other` recorded, added to this table. */
  addAll(other: Provenance): void {
    for (const [object, fields] of other.#byObject)
      for (const [field, pointer] of fields) this.record(object, field, pointer);
  }
}
