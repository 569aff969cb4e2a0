/** `sgbridge explain`: is a packet allowed by a group, and which rule (or default) decided it. */
import { detectInput, readDetected, SOURCE_KINDS } from '../../../adapters/index.js';
import { DISJOINT_ASSUMPTION } from '../../convert/compare.js';
import { explain, parsePacket } from '../../convert/engine.js';
import { TranslateError } from '../../errors.js';
import { Report } from '../../report/report.js';
import { oneOf, parseCommand, positionalCount, str } from '../args.js';
import { EXPLAIN_HELP } from '../help.js';
import type { CliIO } from '../io.js';
import { loadInput } from '../load.js';

export async function runExplain(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand('explain', argv, {
    packet: { type: 'string' },
    group: { type: 'string' },
    from: { type: 'string' },
    format: { type: 'string' },
    'assume-disjoint': { type: 'boolean' },
  });
  if (values['help']) {
    io.stdout(EXPLAIN_HELP);
    return 0;
  }
  positionalCount('explain', positionals, 1, 'one input file (or - for stdin)');
  const spec = str(values['packet']);
  if (spec === undefined) throw new TranslateError('usage', 'sgbridge explain: --packet "<spec>" is required (see sgbridge explain --help)');
  const format = oneOf('explain', 'format', values['format'], ['text', 'json'] as const) ?? 'text';
  const packet = parsePacket(spec);
  const { file, parsed } = await loadInput(positionals[0]!, io);
  let groups;
  try {
    groups = readDetected(parsed, detectInput(parsed, oneOf('explain', 'from', values['from'], SOURCE_KINDS)), new Report(), file).groups;
  } catch (e) {
    throw e instanceof TranslateError && e.location.file === undefined ? e.inFile(file) : e;
  }
  const wanted = str(values['group']);
  const picked = wanted === undefined ? groups : groups.filter((g) => g.id === wanted);
  if (picked.length === 0) {
    throw new TranslateError('usage', `no group ${wanted}; groups: ${groups.map((g) => g.id ?? g.pointer).join(', ')}`, { file });
  }
  const assumeDisjoint = values['assume-disjoint'] === true;
  const results = picked.map((g) => ({ group: g.id ?? g.pointer ?? '', provider: g.provider, ...explain(g, packet, { assumeDisjoint }) }));
  const assumption = assumeDisjoint ? { assumption: DISJOINT_ASSUMPTION } : {};
  if (format === 'json') io.stdout(`${JSON.stringify({ packet: spec, ...assumption, results }, null, 2)}\n`);
  // The engine's text starts with the outcome ("allowed by rule 2 (…)", "denied: no rule matched …", "depends …").
  else io.stdout(results.map((r) => `${r.group} (${r.provider}): ${r.text}\n`).join('') + (assumeDisjoint ? `${DISJOINT_ASSUMPTION}\n` : ''));
  return 0;
}
