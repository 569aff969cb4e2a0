/** `sgbridge convert`: translate, print the result in the chosen format, and apply --fail-on. */
import { SOURCE_KINDS } from '../../../adapters/index.js';
import { toModelDocument } from '../../convert/convert.js';
import type { ConvertResult } from '../../convert/types.js';
import { groupFails, summariseGroup, type FailOn, type GroupSummary } from '../../convert/fail-on.js';
import { renderMarkdown } from '../../report/render-markdown.js';
import { renderText } from '../../report/render-text.js';
import { withGroupedFindings } from '../../report/group-findings.js';
import { oneOf, parseCommand, positionalCount, positiveInt, str } from '../args.js';
import { CONVERT_HELP } from '../help.js';
import { openOutputFile, outputWidth, writeOutput, type CliIO } from '../io.js';
import { loadInput, loadMapping, withPulledPrefixLists } from '../load.js';
import { IAC_FORMATS } from '../../../adapters/iac/index.js';
import { iacFormatFor, isIacFormat, renderIac } from './convert-iac.js';
import { yaml } from '../../parse/text.js';
import { convertInput } from './convert-threads.js';

const TARGETS = ['aws', 'aliyun', 'model'] as const;
const FORMATS = ['text', 'json', 'markdown'] as const;
const FAIL_ON = ['wider', 'narrower', 'lossy'] as const satisfies readonly FailOn[];

/** Whether a result reaches the --fail-on threshold (wider ⊂ narrower ⊂ lossy). */
export function failsOn(result: ConvertResult, threshold: FailOn): boolean {
  return result.groups.some((g) => groupFails(summariseGroup(g), threshold));
}

/** Why --fail-on matched, in one line: `--fail-on narrower matched 2 of 3 groups: sg-1 (narrower), sg-2 (exact, lossy findings)`. */
export function failOnReason(groups: readonly GroupSummary[], threshold: FailOn): string {
  const failing = groups.filter((g) => groupFails(g, threshold));
  const why = (g: GroupSummary): string => {
    const effects = g.effects.filter((e) => e !== 'exact');
    return `${g.name} (${g.verdict}${effects.length ? `; ${effects.join(', ')} findings` : ''})`;
  };
  const shown = failing.slice(0, 3).map(why).join(', ');
  const more = failing.length > 3 ? ` and ${failing.length - 3} more` : '';
  return `--fail-on ${threshold} matched ${failing.length} of ${groups.length} group${groups.length === 1 ? '' : 's'}: ${shown}${more}`;
}

/** The exit status for --fail-on, after the report is out; with -o, stderr says why it is 1. */
function failOnStatus(
  groups: readonly GroupSummary[],
  failOn: FailOn | undefined,
  output: string | undefined,
  io: CliIO,
): number {
  if (failOn === undefined || !groups.some((g) => groupFails(g, failOn))) return 0;
  if (output !== undefined)
    io.stderr(`sgbridge convert: exit 1: ${failOnReason(groups, failOn)} (report in ${output})\n`);
  return 1;
}

export async function runConvert(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand('convert', argv, {
    to: { type: 'string' },
    from: { type: 'string' },
    shape: { type: 'string' },
    map: { type: 'string' },
    format: { type: 'string' },
    emit: { type: 'string' },
    'allow-widening': { type: 'boolean' },
    'expand-protocols': { type: 'boolean' },
    'split-over-quota': { type: 'boolean' },
    'rules-per-group': { type: 'string' },
    'max-groups-per-interface': { type: 'string' },
    'fail-on': { type: 'string' },
    'skip-invalid': { type: 'boolean' },
    'group-findings': { type: 'boolean' },
    base: { type: 'string' },
    output: { type: 'string', short: 'o' },
    jobs: { type: 'string' },
  });
  if (values['help']) {
    io.stdout(CONVERT_HELP);
    return 0;
  }
  positionalCount('convert', positionals, 1, 'one input file (or - for stdin)');
  const to = oneOf('convert', 'to', values['to'], TARGETS);
  if (to === undefined)
    return usage(io, 'sgbridge convert: --to aws|aliyun|model is required (see sgbridge convert --help)');
  const from = oneOf('convert', 'from', values['from'], SOURCE_KINDS);
  const output = str(values['output']);
  // A report table in a .json or .yaml file is never what was meant: a data file name asks for the document.
  const explicitFormat = oneOf('convert', 'format', values['format'], FORMATS);
  const format = explicitFormat ?? (/\.(json|ya?ml)$/i.test(output ?? '') ? 'json' : 'text');
  const emitted = oneOf('convert', 'emit', values['emit'], ['describe', 'request', ...IAC_FORMATS] as const);
  const iac = isIacFormat(emitted) ? iacFormatFor(emitted, output) : undefined;
  const emit = iac === undefined ? (emitted as 'describe' | 'request' | undefined) : 'describe';
  const failOn = oneOf('convert', 'fail-on', values['fail-on'], FAIL_ON);
  const groupFindings = values['group-findings'] === true;
  if (groupFindings && (format !== 'json' || iac !== undefined))
    return usage(
      io,
      'sgbridge convert: --group-findings groups the findings of the JSON report; use it with --format json (see sgbridge convert --help)',
    );

  const jobsText = str(values['jobs']);
  if (jobsText !== undefined && !/^[1-9]\d{0,2}$/.test(jobsText))
    return usage(io, `sgbridge convert: --jobs must be a whole number from 1 (got ${jobsText})`);

  const mapping = await loadMapping(str(values['map']), io);
  const { file, parsed, text: inputText } = await loadInput(positionals[0]!, io);
  const basePath = str(values['base']);
  const base = basePath === undefined ? undefined : await loadInput(basePath, io);
  const map = withPulledPrefixLists(mapping, parsed);
  // JSON text straight from the threads, each group's findings grouped there for --group-findings and what
  // --fail-on reads of each group beside it: the groups are never all held here as objects.
  const jsonOnly = format === 'json' && to !== 'model';
  // That JSON goes to the -o file as it is made, not held whole; on stdout it is printed once complete.
  const jsonFile = jsonOnly && output !== undefined ? openOutputFile(output, io) : undefined;
  const converted = await convertInput(
    parsed,
    {
      to,
      from,
      shape: str(values['shape']),
      map,
      allowWidening: values['allow-widening'] === true,
      expandProtocols: values['expand-protocols'] === true,
      splitOverQuota: values['split-over-quota'] === true,
      rulesPerGroup: positiveInt('convert', 'rules-per-group', values['rules-per-group']),
      maxGroupsPerInterface: positiveInt('convert', 'max-groups-per-interface', values['max-groups-per-interface']),
      emit,
      file,
      skipInvalid: values['skip-invalid'] === true,
      ...(base !== undefined && { base: base.parsed, baseFile: base.file }),
    },
    {
      ...(jobsText !== undefined && { jobs: Number(jobsText) }),
      ...(inputText !== undefined && { text: inputText }),
      want: jsonOnly ? 'json' : format === 'json' ? 'result' : 'detail',
      pulledPrefixLists: map !== mapping,
      inThread: iac !== undefined || base !== undefined,
      ...(jsonFile !== undefined && { onJsonPiece: jsonFile.write }),
      ...(jsonOnly &&
        (groupFindings || failOn !== undefined) && {
          jsonForm: { groupFindings, summaries: failOn !== undefined },
        }),
    },
  ).catch((e: unknown) => {
    jsonFile?.discard();
    throw e;
  });
  if (converted.json !== undefined) {
    if (jsonFile !== undefined) {
      for (const piece of converted.json) jsonFile.write(piece);
      jsonFile.commit();
    } else for (const piece of converted.json) io.stdout(piece);
    // Fail closed: with --fail-on, JSON text always comes with its summaries (jsonForm above); never read their
    // absence as "no group failed".
    if (failOn !== undefined && converted.summaries === undefined)
      throw new Error('sgbridge convert: --fail-on got JSON without the groups’ summaries');
    return failOnStatus(converted.summaries ?? [], failOn, output, io);
  }
  jsonFile?.discard();
  const detail = converted.detail!;

  if (iac !== undefined) {
    // Provisioning code: the document (or, with --format, the report of its proof); see convert-iac.ts.
    const color = output === undefined && io.stdoutIsTTY && io.env['NO_COLOR'] === undefined;
    const rendered = renderIac(detail, iac, explicitFormat, color);
    if (output !== undefined) await writeOutput(output, rendered.text, io);
    else io.stdout(rendered.text);
    if (rendered.stderr !== '') io.stderr(rendered.stderr);
    return failOn !== undefined && failsOn(rendered.out.result, failOn) ? 1 : 0;
  }
  const text =
    format === 'text'
      ? renderText(detail, {
          color: output === undefined && io.stdoutIsTTY && io.env['NO_COLOR'] === undefined,
          width: outputWidth(io),
        })
      : format === 'markdown'
        ? renderMarkdown(detail)
        : to === 'model'
          ? /\.ya?ml$/i.test(output ?? '')
            ? yaml().stringify(toModelDocument(detail.result))
            : `${JSON.stringify(toModelDocument(detail.result), null, 2)}\n`
          : `${JSON.stringify(groupFindings ? withGroupedFindings(detail.result) : detail.result, null, 2)}\n`;
  if (output !== undefined) await writeOutput(output, text, io);
  else io.stdout(text);
  return failOnStatus(failOn === undefined ? [] : detail.result.groups.map(summariseGroup), failOn, output, io);
}

function usage(io: CliIO, line: string): number {
  io.stderr(`${line}\n`);
  return 2;
}
