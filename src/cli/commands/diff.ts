/** `sgbridge diff`: exit 0 when the groups allow the same traffic, 1 when not. */
import { SOURCE_KINDS } from '../../../adapters/index.js';
import { compareInputs, type CompareResult, type GroupComparison } from '../../convert/compare.js';
import { TranslateError } from '../../errors.js';
import { oneOf, parseCommand, positionalCount, str } from '../args.js';
import { DIFF_HELP } from '../help.js';
import type { CliIO } from '../io.js';
import { loadInput, loadMapping, withPulledPrefixLists } from '../load.js';

const name = (g: GroupComparison['a']): string => `${g.id ?? g.pointer} (${g.provider})`;

function renderText(result: CompareResult, markdown: boolean): string {
  const out: string[] = [];
  const bullet = markdown ? '- ' : '    ';
  for (const c of result.comparisons) {
    const leftOut = c.leftOut ?? 0;
    const differs = c.onlyA.length + c.onlyB.length > 0;
    const status = c.equivalent
      ? 'equivalent'
      : differs || leftOut === 0
        ? 'different'
        : `not proven equivalent (rules left out or on later pages: ${c.findings
            .filter((f) => f.code !== 'reference_mapped')
            .map((f) => f.code)
            .filter((x, i, all) => all.indexOf(x) === i)
            .join(', ')})`;
    out.push(`${markdown ? '## ' : ''}${name(c.a)} vs ${name(c.b)}: ${status}`);
    if (!c.equivalent && differs) {
      out.push(`${markdown ? '\n' : '  '}only A allows:${markdown ? '\n' : ''}`);
      out.push(...(c.onlyA.length ? c.onlyA.map((r) => `${bullet}${r.text}`) : [`${bullet}(nothing)`]));
      out.push(`${markdown ? '\n' : '  '}only B allows:${markdown ? '\n' : ''}`);
      out.push(...(c.onlyB.length ? c.onlyB.map((r) => `${bullet}${r.text}`) : [`${bullet}(nothing)`]));
    }
    for (const f of c.findings)
      out.push(`${markdown ? '- ' : '  '}${f.severity} ${f.code} at ${f.pointer || '/'}: ${f.message}`);
    out.push('');
  }
  const different = result.comparisons.filter((c) => !c.equivalent).length;
  const n = result.comparisons.length;
  out.push(`${n} pair${n === 1 ? '' : 's'}: ${n - different} equivalent, ${different} different`);
  if (result.assumption !== undefined) out.push(`${markdown ? '\n' : ''}${result.assumption}`);
  return `${out.join('\n')}\n`;
}

export async function runDiff(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand('diff', argv, {
    map: { type: 'string' },
    format: { type: 'string' },
    'from-a': { type: 'string' },
    'from-b': { type: 'string' },
    'group-a': { type: 'string' },
    'group-b': { type: 'string' },
    'assume-disjoint': { type: 'boolean' },
    'skip-invalid': { type: 'boolean' },
  });
  if (values['help']) {
    io.stdout(DIFF_HELP);
    return 0;
  }
  positionalCount('diff', positionals, 2, 'two input files');
  const format = oneOf('diff', 'format', values['format'], ['text', 'json', 'markdown'] as const) ?? 'text';
  if (positionals[0] === '-' && positionals[1] === '-')
    throw new TranslateError('usage', 'sgbridge diff: only one input can be stdin');
  const mapping = await loadMapping(str(values['map']), io);
  const a = await loadInput(positionals[0]!, io);
  const b = await loadInput(positionals[1]!, io);
  const skipInvalid = values['skip-invalid'] === true;
  const result = compareInputs(
    {
      ...a,
      from: oneOf('diff', 'from-a', values['from-a'], SOURCE_KINDS),
      groupId: str(values['group-a']),
      skipInvalid,
    },
    {
      ...b,
      from: oneOf('diff', 'from-b', values['from-b'], SOURCE_KINDS),
      groupId: str(values['group-b']),
      skipInvalid,
    },
    withPulledPrefixLists(mapping, a.parsed, b.parsed),
    { assumeDisjoint: values['assume-disjoint'] === true },
  );
  io.stdout(
    format === 'json'
      ? `${JSON.stringify({ a: a.file, b: b.file, ...result }, null, 2)}\n`
      : renderText(result, format === 'markdown'),
  );
  return result.equivalent ? 0 : 1;
}
