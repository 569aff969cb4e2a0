/**
 * `sgbridge convert --emit terraform|terraform-json|cloudformation(-json)|ros(-json)`: provisioning code instead of
 * the Describe payload. Without --format, the document is the output (stdout or -o) and the proof (each group's
 * verdict and the summary) goes to stderr. With --format, the report is the output: JSON holds the document under
 * `iac`, text and Markdown report the verdicts proven on the document. `-o *.json` with cloudformation or ros
 * writes the template as JSON.
 */
import { IAC_FORMATS, type IacFormat } from '../../../adapters/iac/index.js';
import { emitIac, type IacOutput } from '../../convert/emit-iac.js';
import type { ConvertDetail } from '../../convert/types.js';
import { renderMarkdown } from '../../report/render-markdown.js';
import { summaryLine } from '../../report/render-summary.js';
import { renderText } from '../../report/render-text.js';

export function isIacFormat(emit: string | undefined): emit is IacFormat {
  return (IAC_FORMATS as readonly string[]).includes(emit ?? '');
}

/** `cloudformation` / `ros` written to a `.json` file are the JSON templates. */
export function iacFormatFor(emit: IacFormat, output: string | undefined): IacFormat {
  if (output !== undefined && /\.json$/i.test(output) && (emit === 'cloudformation' || emit === 'ros'))
    return `${emit}-json`;
  return emit;
}

/** The proof lines written to stderr when the document itself is the output. */
function proofLines(out: IacOutput): string {
  const lines = out.result.groups.map(
    (g, i) => `${g.source.id ?? g.source.pointer} (${g.source.provider}) → ${out.addresses[i]!}: ${g.verdict}`,
  );
  return `${[...lines, summaryLine(out.result)].join('\n')}\n`;
}

/** The text to write and what goes to stderr, for one conversion with an IaC --emit. */
export function renderIac(
  detail: ConvertDetail,
  emit: IacFormat,
  format: 'text' | 'json' | 'markdown' | undefined,
  color: boolean,
): { text: string; stderr: string; out: IacOutput } {
  const out = emitIac(detail, emit);
  const proven: ConvertDetail = { result: out.result, canonical: detail.canonical };
  if (format === undefined) return { text: out.text, stderr: proofLines(out), out };
  if (format === 'json')
    return {
      text: `${JSON.stringify({ ...out.result, iac: { format: out.format, addresses: out.addresses, text: out.text } }, null, 2)}\n`,
      stderr: '',
      out,
    };
  return { text: format === 'markdown' ? renderMarkdown(proven) : renderText(proven, { color }), stderr: '', out };
}
