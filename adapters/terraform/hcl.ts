/**
 * HCL output formatted as `terraform fmt` formats it: two-space indents, the `=` of consecutive one-line
 * arguments aligned, map keys aligned inside their braces, one blank line between blocks, and strings escaped
 * (`"`, `\`, control characters, and the template sequences `${` and `%{`).
 */
import { isExpression, TfNestedBlock, type TfBlock, type TfDocument, type TfValue } from './values.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function hclString(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `"${out.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')}"`;
}

function key(k: string): string {
  return IDENTIFIER.test(k) ? k : hclString(k);
}

function isMultiline(v: TfValue): boolean {
  return (
    v instanceof TfNestedBlock ||
    (typeof v === 'object' && !isExpression(v) && !Array.isArray(v) && Object.keys(v).length > 0)
  );
}

function scalar(v: TfValue, indent: string): string {
  if (typeof v === 'string') return hclString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isExpression(v)) return v.text;
  if (Array.isArray(v)) return `[${(v as readonly TfValue[]).map((x) => scalar(x, indent)).join(', ')}]`;
  const entries = Object.entries(v as Record<string, TfValue>);
  if (entries.length === 0) return '{}';
  return `{\n${lines(entries, `${indent}  `).join('\n')}\n${indent}}`;
}

/** Arguments, with the `=` of each run of one-line arguments aligned (a multi-line value ends a run). */
function lines(entries: readonly (readonly [string, TfValue])[], indent: string): string[] {
  const out: string[] = [];
  let run: (readonly [string, TfValue])[] = [];
  const flush = () => {
    const width = Math.max(0, ...run.map(([k]) => key(k).length));
    for (const [k, v] of run) out.push(`${indent}${key(k).padEnd(width)} = ${scalar(v, indent)}`);
    run = [];
  };
  for (const entry of entries) {
    const [k, v] = entry;
    if (k === '') {
      flush();
      out.push('');
    } else if (v instanceof TfNestedBlock) {
      flush();
      out.push(`${indent}${k} {`, ...lines(v.body, `${indent}  `), `${indent}}`);
    } else if (isMultiline(v)) {
      flush();
      out.push(`${indent}${key(k)} = ${scalar(v, indent)}`);
    } else run.push(entry);
  }
  flush();
  return out;
}

function block(b: TfBlock): string {
  const header = [b.kind, ...b.labels.map(hclString)].join(' ');
  if (b.body.length === 0) return `${header} {\n}`;
  return `${header} {\n${lines(b.body, '  ').join('\n')}\n}`;
}

/** The document as HCL, with an optional leading comment (each line prefixed with `# `). */
export function writeHcl(doc: TfDocument, comment?: readonly string[]): string {
  const head =
    comment !== undefined && comment.length > 0
      ? `${comment.map((l) => (l === '' ? '#' : `# ${l}`)).join('\n')}\n\n`
      : '';
  return `${head}${doc.blocks.map(block).join('\n\n')}\n`;
}
