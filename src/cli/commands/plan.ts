/** `sgbridge plan <desired> --base <current>`: the target requests that turn current into desired, proven. */
import { SOURCE_KINDS } from '../../../adapters/index.js';
import { plan, planDocument, readBases } from '../../plan/plan.js';
import { emitPlanTerraform, PLAN_IAC_FORMATS, type PlanTerraformOutput } from '../../plan/emit-terraform.js';
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
    emit: { type: 'string' },
    'rule-ids': { type: 'string' },
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
    if (!create && values[flag] !== undefined)
      throw new TranslateError('usage', `sgbridge plan: --${flag} goes with --create (see sgbridge plan --help)`);
  }
  if (basePath === undefined && !create)
    throw new TranslateError('usage', 'sgbridge plan: --base <current group> is required (see sgbridge plan --help)');
  const order = oneOf('plan', 'order', values['order'], ORDERS);
  const from = oneOf('plan', 'from', values['from'], SOURCE_KINDS);
  const output = str(values['output']);
  const emit = oneOf('plan', 'emit', values['emit'], PLAN_IAC_FORMATS);
  const ruleIdsPath = str(values['rule-ids']);
  if (emit !== undefined && values['format'] !== undefined)
    throw new TranslateError(
      'usage',
      'sgbridge plan: --emit writes the Terraform document; leave out --format (the proof goes to stderr)',
    );
  if (emit === undefined && ruleIdsPath !== undefined)
    throw new TranslateError('usage', 'sgbridge plan: --rule-ids is for --emit terraform|terraform-json');
  if (emit !== undefined && create)
    throw new TranslateError(
      'usage',
      'sgbridge plan: --emit imports existing groups; a group to --create has nothing to import (use convert --emit terraform for it)',
    );
  const format =
    oneOf('plan', 'format', values['format'], FORMATS) ?? (/\.json$/i.test(output ?? '') ? 'json' : 'text');
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
  if (emit !== undefined) {
    const ruleIds = ruleIdsPath !== undefined ? await loadInput(ruleIdsPath, io) : undefined;
    const out = emitPlanTerraform(
      result,
      readBases(base!.parsed, { baseFile: base!.file }),
      emit,
      ruleIds !== undefined ? readBases(ruleIds.parsed, { baseFile: ruleIds.file }) : [],
    );
    if (output !== undefined) await writeOutput(output, out.text, io);
    else io.stdout(out.text);
    io.stderr(proofLines(out));
    return 0;
  }
  const text =
    format === 'json'
      ? `${JSON.stringify(planDocument(result), null, 2)}\n`
      : format === 'markdown'
        ? renderPlanMarkdown(result)
        : renderPlanText(result);
  if (output !== undefined) await writeOutput(output, text, io);
  else io.stdout(text);
  return 0;
}

/** Per group: the verdict of the document read back against the planned group, the import counts, and findings. */
function proofLines(out: PlanTerraformOutput): string {
  const lines: string[] = [];
  for (const g of out.groups) {
    lines.push(
      `${g.groupId} → ${g.address}: ${g.verdict} (${g.imports.length - 1} rule imports, ${g.creates} rules created)`,
    );
    for (const f of g.findings) if (f.severity !== 'info') lines.push(`  ${f.severity} ${f.code}: ${f.message}`);
  }
  return `${lines.join('\n')}\n`;
}
