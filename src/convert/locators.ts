/**
 * Where a field of an input object sits, for findings about that field: the pointer its reader recorded
 * (src/model/provenance.ts), or the object's own pointer when the reader recorded none. No spelling of any
 * provider is known here: each reader records the fields it reads.
 */
import type { Provenance, ProvenanceField } from '../model/provenance.js';

/** The pointer of `field` of the input object at `objectPointer` (a rule's origin, a group's pointer). */
export type FieldLocator = (objectPointer: string, field: ProvenanceField) => string;

/** The locator over what the readers of one input recorded. */
export function fieldLocator(provenance: Provenance): FieldLocator {
  return (objectPointer, field) => provenance.pointerOf(objectPointer, field) ?? objectPointer;
}
