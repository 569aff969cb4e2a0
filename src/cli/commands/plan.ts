/** `sgbridge plan <desired> --base <current>`: the target requests that turn current into desired, proven. */
import { SOURCE_KINDS } from '../../../adapters/index.js';
import { plan, planDocument } from '../../plan/plan.js';
import { planCreate } from '../../plan/create.js';
import { renderPlanMarkdown, renderPlanText } from '../../report/render-plan.js';
import { TranslateError } from '../../errors.js';
import { oneOf, parseCommand, positionalCount, str } from '../args.js';
import { PLAN_HELP } from '../help.js';
import { writeOutput, type CliIO } from '../io.js';
import { loadInput, loadMapping } from '../load.js';

const FORMATS = ['text', 'json', 'markdown'] as const;
const ORDERS = ['safe', 'authorize-first', 'revoke-first'] as const;

export async function runPlan(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand('plan', argv, {
    base: { type: 'string' },
    map: { type: 'string' },
    from: { type: 'string' },
    order: { type: 'string' },
    format: { type: 'string' },
    'allow-widening': { type: 'boolean' },
    'expand-protocols': { type: 'boolean' },
    output: { type: 'string', short: 'o' },
    create: { type: 'boolean' },
    to: { type: 'string' },
    region: { type: 'string' },
    'vpc-id': { type: 'string' },
  });
  if (values['help']) {
    io.stdout(PLAN_HELP);
    return 0;
  }
  positionalCount('plan', positionals, 1, 'the desired group or request (a file, or - for stdin)');
  const basePath = str(values['base']);
  const create = values['create'] === true;
  for (const flag of ['to', 'region', 'vpc-id'] as const) {
    if (!create && values[flag] !== undefined) throw new TranslateError('usage', `sgbridge plan: --${flag} goes with --create (see sgbridge plan --help)`);
  }
  if (basePath === undefined && !create) throw new TranslateError('usage', 'sgbridge plan: --base <current group> is required (see sgbridge plan --help)');
  const order = oneOf('plan', 'order', values['order'], ORDERS);
  const from = oneOf('plan', 'from', values['from'], SOURCE_KINDS);
  const output = str(values['output']);
  const format = oneOf('plan', 'format', values['format'], FORMATS) ?? (/\.json$/i.test(output ?? '') ? 'json' : 'text');
  const mapping = await loadMapping(str(values['map']), io);
  const desired = await loadInput(positionals[0]!, io);
  const base = basePath === undefined ? undefined : await loadInput(basePath, io);
  const options = {
    map: mapping,
    ...(order !== undefined && { order }),
    ...(from !== undefined && { from }),
    allowWidening: values['allow-widening'] === true,
    expandProtocols: values['expand-protocols'] === true,
    file: desired.file,
    ...(base !== undefined && { baseFile: base.file }),
  };
  const to = oneOf('plan', 'to', values['to'], ['aws', 'aliyun'] as const);
  const region = str(values['region']);
  const vpcId = str(values['vpc-id']);
  const mapFile = str(values['map']);
  const result = create
    ? planCreate(desired.parsed, base?.parsed, {
        ...options,
        ...(to !== undefined && { to }),
        ...(region !== undefined && { region }),
        ...(vpcId !== undefined && { vpcId }),
        ...(mapFile !== undefined && mapFile !== '-' && { mappingFile: mapFile }),
      })
    : plan(desired.parsed, base!.parsed, options);
  const text = format === 'json' ? `${JSON.stringify(planDocument(result), null, 2)}\n` : format === 'markdown' ? renderPlanMarkdown(result) : renderPlanText(result);
  if (output !== undefined) await writeOutput(output, text, io);
  else io.stdout(text);
  return 0;
}
