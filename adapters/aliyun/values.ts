/**
 * Aliyun field values as the cloud (and the samples people publish) spell them: strings or numbers, any case,
 * empty strings for unused fields, and in terraform configurations unresolved HCL expressions.
 */
import { TranslateError } from '../../src/errors.js';
import type { Direction } from '../../src/model/rule.js';

/** One input field: its value and the JSON pointer of that value. */
export interface FieldValue {
  readonly value: unknown;
  readonly pointer: string;
}

/** One permission as found in the input, with every field still in its wire spelling. */
export interface RawPermission {
  /** Pointer of the permission (origin.pointer of the rule read from it). */
  readonly pointer: string;
  readonly direction: Direction;
  /** Wire field name → value and pointer. */
  readonly fields: ReadonlyMap<string, FieldValue>;
  /** The group the rule belongs to (for self-reference checks in validate). */
  readonly groupId?: string;
  /** Whether the direction was explicit in the input (Direction, Action, ROS property, terraform type). */
  readonly directionKnown: boolean;
  /**
   * True when every field's pointer is `pointer/<wire name>` (a Describe Permission): provenance then records
   * member names instead of pointers. A copy that re-points its fields must not keep it.
   */
  readonly fieldsAreMembers?: boolean;
}

/** A value that names something only a tool could resolve (a terraform `{_hcl_expression: …}`). */
export class UnreadableValue extends Error {
  constructor(
    readonly pointer: string,
    readonly text: string,
    /** Aliyun's error code when Aliyun rejects the value (validate reports it); absent for a terraform expression. */
    readonly providerCode?: string,
    readonly reason?: string,
  ) {
    super(reason ?? `unresolvable value ${text}`);
  }
}

export function isHclExpression(v: unknown): v is { _hcl_expression: string } {
  return typeof v === 'object' && v !== null && '_hcl_expression' in v;
}

/** The field's text; undefined when absent, null or empty (Aliyun returns "" for unused fields). */
export function fieldText(f: FieldValue | undefined): string | undefined {
  if (f === undefined || f.value === undefined || f.value === null) return undefined;
  const v = f.value;
  if (typeof v === 'string') return v.trim() === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (isHclExpression(v)) throw new UnreadableValue(f.pointer, `\${${String(v._hcl_expression)}}`);
  throw new TranslateError('input_invalid', `expected a string or a number, got ${JSON.stringify(v)}`, {
    pointer: f.pointer,
  });
}

const RANGE = /^(-?\d+)\/(-?\d+)$/;

/** `from/to` as two integers, or undefined when the text has another form. */
export function parseRangeText(text: string): { from: number; to: number } | undefined {
  const m = RANGE.exec(text.trim());
  if (!m) return undefined;
  return { from: Number(m[1]), to: Number(m[2]) };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
