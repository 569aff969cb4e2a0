/** Whether a parsed input is the canonical model document (its version is checked when it is read). */
import type { ParsedInput } from '../../src/parse/text.js';

export const MODEL_SHAPE = 'model-document';

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when the value has the model document's two keys (the version is checked by `readModelDocument`). */
export function looksLikeModelDocument(input: ParsedInput): boolean {
  return isRecord(input.value) && 'modelVersion' in input.value && Array.isArray(input.value['groups']);
}

export function detectModel(input: ParsedInput): typeof MODEL_SHAPE | undefined {
  return looksLikeModelDocument(input) ? MODEL_SHAPE : undefined;
}
