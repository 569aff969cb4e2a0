/**
 * The codes of `sgbridge audit` results: the `ruleId` of each SARIF result and the `code` of each JSON
 * difference or unpaired group. Public API: never renamed or reused; each has a section in docs/audit.md
 * (a test checks it). A difference's level comes from its exposure (src/audit/exposure.ts), not from the code.
 */
export interface AuditCodeSpec {
  readonly name: string;
  readonly short: string;
  readonly help: string;
}

// prettier-ignore
export const AUDIT_CODES = {
  only_a_allows: { name: 'OnlyAAllows', short: 'Traffic that only side A allows',        help: 'The group of side A allows this traffic and its counterpart on side B does not. Check which side is intended; the rule that lets the traffic in is named in the result.' },
  only_b_allows: { name: 'OnlyBAllows', short: 'Traffic that only side B allows',        help: 'The group of side B allows this traffic and its counterpart on side A does not. Check which side is intended; the rule that lets the traffic in is named in the result.' },
  unpaired_a:    { name: 'UnpairedA',   short: 'A group of side A has no counterpart',   help: 'No pairing method (--pair-by) found a counterpart on side B. Add the pair to the mapping file, tag both groups with the same sgbridge-pair value, or give them the same name.' },
  unpaired_b:    { name: 'UnpairedB',   short: 'A group of side B has no counterpart',   help: 'No pairing method (--pair-by) found a counterpart on side A. Add the pair to the mapping file, tag both groups with the same sgbridge-pair value, or give them the same name.' },
} as const satisfies Record<string, AuditCodeSpec>;

export type AuditCode = keyof typeof AUDIT_CODES;
export const AUDIT_CODE_LIST = Object.keys(AUDIT_CODES) as AuditCode[];
