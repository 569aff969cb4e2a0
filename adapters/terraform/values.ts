/**
 * The neutral form of a Terraform document, written both as HCL (hcl.ts) and as JSON (json.ts): blocks with
 * ordered arguments, whose values are literals, maps or expressions (`aws_security_group.web.id`, `var.x`).
 */

/** An expression written bare in HCL and as `"${…}"` in Terraform's JSON syntax. */
export class TfExpression {
  constructor(readonly text: string) {}
}

/** A nested block (`required_providers { … }`): a block in HCL, an object in the JSON syntax. */
export class TfNestedBlock {
  constructor(readonly body: readonly (readonly [string, TfValue])[]) {}
}

export type TfValue =
  string | number | boolean | TfExpression | TfNestedBlock | readonly TfValue[] | { readonly [key: string]: TfValue };

export interface TfBlock {
  /** `resource`, `variable`, `provider`. */
  readonly kind: string;
  readonly labels: readonly string[];
  /** Arguments in the order they are written; a blank line is written before an argument whose name is ''. */
  readonly body: readonly (readonly [string, TfValue])[];
}

/** Where a group or rule of the canonical output ended up (for findings and for the read-back proof). */
export interface TfDocument {
  readonly blocks: readonly TfBlock[];
}

export function isExpression(v: TfValue): v is TfExpression {
  return v instanceof TfExpression;
}
