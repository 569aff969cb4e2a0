/**
 * Where a field of an input object sits, for findings about that field: locators over the input document,
 * given the object's pointer and the field's spellings in the payload shapes.
 */
import { childPointer, resolvePointer } from '../model/pointer.js';
import type { Provenance, ProvenanceField } from '../model/provenance.js';

/**
 * Where a field of a source rule sits in the input, or the rule itself when the spelling is unknown. With
 * `field`, the pointer its reader recorded (src/model/provenance.ts) comes first; the spellings are the
 * fallback for readers that record none.
 */
export type FieldLocator = (rulePointer: string, spellings: readonly string[], field?: ProvenanceField) => string;

export function fieldLocator(has: (pointer: string) => boolean): FieldLocator {
  return (base, spellings) => spellings.map((s) => childPointer(base, ...s.split('/'))).find(has) ?? base;
}

/** Like FieldLocator, but a guessed field must hold this value (a rule may carry several IDs). */
export type ValueLocator = (
  rulePointer: string,
  spellings: readonly string[],
  value: string,
  field?: ProvenanceField,
) => string;

export function valueLocator(valueAt: (pointer: string) => unknown): ValueLocator {
  return (base, spellings, value) =>
    spellings
      .map((s) => childPointer(base, ...s.split('/')))
      .find((p) => String(valueAt(p) ?? '').toLowerCase() === value.toLowerCase()) ?? base;
}

/**
 * Both locators over one input document. Same answers as fieldLocator / valueLocator over resolvePointer, but
 * the rule's object is resolved once per rule (not once per spelling) and a pointer is built only for the
 * field found.
 */
export function documentLocators(
  doc: unknown,
  provenance?: Provenance,
): { locate: FieldLocator; locateValue: ValueLocator } {
  let lastBase: string | undefined;
  let lastNode: unknown;
  const segmentsOf = new Map<string, string[]>();
  const valueAt = (base: string, spelling: string): unknown => {
    if (base !== lastBase) {
      lastBase = base;
      lastNode = resolvePointer(doc, base);
    }
    let segments = segmentsOf.get(spelling);
    if (segments === undefined) segmentsOf.set(spelling, (segments = spelling.split('/')));
    let cur = lastNode;
    for (const seg of segments) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[seg];
    }
    return cur;
  };
  const at = (base: string, spelling: string) => childPointer(base, ...segmentsOf.get(spelling)!);
  return {
    locate: (base, spellings, field) => {
      const recorded = field === undefined ? undefined : provenance?.pointerOf(base, field);
      if (recorded !== undefined) return recorded;
      for (const s of spellings) if (valueAt(base, s) !== undefined) return at(base, s);
      return base;
    },
    locateValue: (base, spellings, value, field) => {
      const recorded = field === undefined ? undefined : provenance?.pointerOf(base, field);
      if (recorded !== undefined) return recorded;
      const wanted = value.toLowerCase();
      for (const s of spellings) if (String(valueAt(base, s) ?? '').toLowerCase() === wanted) return at(base, s);
      return base;
    },
  };
}
