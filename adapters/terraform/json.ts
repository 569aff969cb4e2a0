/**
 * Terraform's JSON configuration syntax (`.tf.json`): `{"resource": {type: {name: {…}}}, "variable": …}`, with
 * expressions written as `"${…}"` strings and literal `${` escaped as `$${`.
 */
import { isExpression, TfNestedBlock, type TfDocument, type TfValue } from './values.js';

function jsonValue(v: TfValue): unknown {
  if (typeof v === 'string') return v.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (isExpression(v)) return `\${${v.text}}`;
  if (v instanceof TfNestedBlock) return Object.fromEntries(v.body.map(([k, x]) => [k, jsonValue(x)]));
  if (Array.isArray(v)) return v.map(jsonValue);
  return Object.fromEntries(Object.entries(v as Record<string, TfValue>).map(([k, x]) => [k, jsonValue(x)]));
}

/**
 * The document as a `.tf.json` object (blocks of one kind grouped under it, labels nested in order). Import blocks
 * form a list, `"import": [{"to": "aws_security_group.web", "id": "sg-…"}]`, with `to` the bare address.
 */
export function terraformJson(doc: TfDocument): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const b of doc.blocks) {
    if (b.kind === 'import') {
      const body = Object.fromEntries(b.body.map(([k, v]) => [k, isExpression(v) ? v.text : jsonValue(v)]));
      ((out['import'] ??= []) as unknown[]).push(body);
      continue;
    }
    let node = (out[b.kind] ??= {}) as Record<string, unknown>;
    const labels = [...b.labels];
    const last = labels.pop();
    for (const l of labels) node = (node[l] ??= {}) as Record<string, unknown>;
    const body = Object.fromEntries(b.body.filter(([k]) => k !== '').map(([k, v]) => [k, jsonValue(v)]));
    if (last === undefined) Object.assign(node, body);
    else node[last] = body;
  }
  return out;
}

export function writeTerraformJson(doc: TfDocument): string {
  return `${JSON.stringify(terraformJson(doc), null, 2)}\n`;
}
