/** `sgbridge validate`: offline checks with the provider's own error codes; exit 2 with one line per issue. */
import { detectInput, SOURCE_KINDS } from '../../../adapters/index.js';
import { TranslateError } from '../../errors.js';
import { oneOf, parseCommand, positionalCount, str } from '../args.js';
import { VALIDATE_HELP } from '../help.js';
import type { CliIO } from '../io.js';
import { loadInput } from '../load.js';

export interface ValidationIssue {
  readonly pointer: string;
  readonly providerCode: string;
  readonly message: string;
  readonly severity?: 'warning';
}

export async function runValidate(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand('validate', argv, {
    from: { type: 'string' },
    shape: { type: 'string' },
    format: { type: 'string' },
  });
  if (values['help']) {
    io.stdout(VALIDATE_HELP);
    return 0;
  }
  positionalCount('validate', positionals, 1, 'one input file (or - for stdin)');
  const format = oneOf('validate', 'format', values['format'], ['text', 'json'] as const) ?? 'text';
  const { file, parsed } = await loadInput(positionals[0]!, io);
  let detected;
  try {
    detected = detectInput(parsed, oneOf('validate', 'from', values['from'], SOURCE_KINDS), str(values['shape']));
  } catch (e) {
    throw e instanceof TranslateError && e.location.file === undefined ? e.inFile(file) : e;
  }
  const issues: ValidationIssue[] = detected.adapter.validate(parsed, { shape: detected.shape });
  // Warnings (the provider may accept the payload, e.g. over an adjustable quota) are printed but do not fail.
  const valid = issues.every((i) => i.severity === 'warning');
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ file, from: detected.from, shape: detected.shape, valid, issues }, null, 2)}\n`);
  } else if (valid) {
    io.stdout(
      `${file}: valid (${detected.from} ${detected.shape})${issues.length > 0 ? `, ${issues.length} warning${issues.length === 1 ? '' : 's'}` : ''}\n`,
    );
  }
  if (format === 'text') {
    for (const i of issues) {
      const message = i.severity === 'warning' ? `warning: ${i.message}` : i.message;
      const line = new TranslateError('provider_rejects', message, {
        file,
        pointer: i.pointer,
        providerCode: i.providerCode,
      }).oneLine();
      io.stderr(`${line}\n`);
    }
  }
  return valid ? 0 : 2;
}
