/** `sgbridge explain`: is a packet allowed by a group, and which rule (or default) decided it. */
import { detectInput, readDetected, SOURCE_KINDS } from '../../../adapters/index.js';
import { DISJOINT_ASSUMPTION } from '../../convert/compare.js';
import { explain, parsePacket } from '../../semantics/index.js';
import { TranslateError } from '../../errors.js';
import { Report } from '../../report/report.js';
import { assignToGroups } from '../../convert/assign-findings.js';
import { skippedFindings } from '../../convert/skipped.js';
import { oneOf, parseCommand, positionalCount, str } from '../args.js';
import { EXPLAIN_HELP } from '../help.js';
import type { CliIO } from '../io.js';
import { loadInput } from '../load.js';

function leftOutNote(leftOut: readonly { pointer: string }[] | undefined): string {
  if (leftOut === undefined) return '';
  const n = leftOut.length;
  return ` (the answer holds only for the rules read: ${n === 1 ? 'a rule was' : `${n} rules were`} left out or not in this page, at ${leftOut.map((l) => l.pointer || '/').join(', ')})`;
}

export async function runExplain(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand('explain', argv, {
    packet: { type: 'string' },
    group: { type: 'string' },
    from: { type: 'string' },
    format: { type: 'string' },
    'assume-disjoint': { type: 'boolean' },
    'skip-invalid': { type: 'boolean' },
  });
  if (values['help']) {
    io.stdout(EXPLAIN_HELP);
    return 0;
  }
  positionalCount('explain', positionals, 1, 'one input file (or - for stdin)');
  const spec = str(values['packet']);
  if (spec === undefined)
    throw new TranslateError('usage', 'sgbridge explain: --packet "<spec>" is required (see sgbridge explain --help)');
  const format = oneOf('explain', 'format', values['format'], ['text', 'json'] as const) ?? 'text';
  const packet = parsePacket(spec);
  const { file, parsed } = await loadInput(positionals[0]!, io);
  let groups;
  const report = new Report();
  try {
    const detected = detectInput(parsed, oneOf('explain', 'from', values['from'], SOURCE_KINDS));
    groups = readDetected(parsed, detected, report, file, { skipInvalid: values['skip-invalid'] === true }).groups;
  } catch (e) {
    throw e instanceof TranslateError && e.location.file === undefined ? e.inFile(file) : e;
  }
  const skipped = assignToGroups(
    skippedFindings(report.findings),
    groups.map((g) => g.pointer ?? ''),
  );
  const leftOutOf = new Map(groups.map((g, i) => [g, skipped[i] ?? []]));
  if (groups.length === 0)
    throw new TranslateError('input_invalid', 'the input holds no security group to explain', { file, pointer: '' });
  const wanted = str(values['group']);
  const picked = wanted === undefined ? groups : groups.filter((g) => g.id === wanted);
  if (picked.length === 0) {
    throw new TranslateError(
      'usage',
      `no group ${wanted}; groups: ${groups.map((g) => g.id ?? g.pointer).join(', ')}`,
      { file },
    );
  }
  const assumeDisjoint = values['assume-disjoint'] === true;
  const results = picked.map((g) => {
    // Rules the reader left out may have decided this packet: the answer holds for the rules that were read.
    const leftOut = (leftOutOf.get(g) ?? []).map((f) => ({ pointer: f.pointer, code: f.code, message: f.message }));
    return {
      group: g.id ?? g.pointer ?? '',
      provider: g.provider,
      ...explain(g, packet, { assumeDisjoint }),
      ...(leftOut.length > 0 && { leftOut }),
    };
  });
  const assumption = assumeDisjoint ? { assumption: DISJOINT_ASSUMPTION } : {};
  if (format === 'json') io.stdout(`${JSON.stringify({ packet: spec, ...assumption, results }, null, 2)}\n`);
  // The engine's text starts with the outcome ("allowed by rule 2 (…)", "denied: no rule matched …", "depends …").
  else
    io.stdout(
      results.map((r) => `${r.group} (${r.provider}): ${r.text}${leftOutNote(r.leftOut)}\n`).join('') +
        (assumeDisjoint ? `${DISJOINT_ASSUMPTION}\n` : ''),
    );
  return 0;
}
