/**
 * `sgbridge audit <a> <b>`: every group of two fleets compared with its counterpart, ranked by exposure.
 * Exit 1 when something matches --fail-on (default: a difference or an unpaired group), 0 otherwise, 2 on
 * bad input. Live locations are read by the `LiveReader` given to `runAuditWith` (`runAudit` pulls them).
 */
import { relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isInternetOpenSensitive } from '../../audit/exposure.js';
import { readParsedGroups, readSide, type LiveReader } from '../../audit/inputs.js';
import { lineFinder } from '../../audit/lines.js';
import { DEFAULT_PAIR_BY, parsePairBy } from '../../audit/pairing.js';
import { renderAuditJson } from '../../audit/render-json.js';
import { renderAuditMarkdown } from '../../audit/render-markdown.js';
import { renderAuditSarif } from '../../audit/render-sarif.js';
import { renderAuditText } from '../../audit/render-text.js';
import { runAudit as audit } from '../../audit/run.js';
import type { AuditResult } from '../../audit/types.js';
import { TranslateError } from '../../errors.js';
import { oneOf, parseCommand, positionalCount, str } from '../args.js';
import { AUDIT_HELP } from '../help.js';
import { readSource, writeOutput, type CliIO } from '../io.js';
import { loadInput, loadMapping } from '../load.js';
import { toolVersion } from '../../report/tool-version.js';

const FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
const FAIL_ON = ['different', 'unpaired', 'exposure', 'none'] as const;
type FailOn = (typeof FAIL_ON)[number];

/** Progress on a terminal's stderr: shown once the audit has run for a moment, at most ten times a second. */
const PROGRESS_AFTER_MS = 500;

function failOnOf(value: unknown): FailOn[] {
  const text = typeof value === 'string' ? value : 'different,unpaired';
  return text.split(',').map((v) => oneOf('audit', 'fail-on', v.trim(), FAIL_ON)!);
}

export function failed(result: AuditResult, failOn: readonly FailOn[]): boolean {
  if (failOn.includes('different') && result.summary.different > 0) return true;
  if (failOn.includes('unpaired') && result.unpaired.length > 0) return true;
  if (
    failOn.includes('exposure') &&
    result.pairs.some((p) => p.differences.some((d) => isInternetOpenSensitive(d.exposure)))
  )
    return true;
  return false;
}

/** The progress line: `\r`-rewritten on a terminal's stderr, cleared at the end; nothing elsewhere. */
export function progress(
  io: CliIO,
  started: number,
  clock: () => number = () => performance.now(),
): { update: (done: number, total: number) => void; end: () => void } {
  if (!io.stderrIsTTY) return { update: () => {}, end: () => {} };
  let shown = false;
  let last = 0;
  return {
    update: (done, total) => {
      const now = clock();
      if (now - started < PROGRESS_AFTER_MS || (now - last < 100 && done < total)) return;
      last = now;
      shown = true;
      io.stderr(`\rsgbridge audit: ${done}/${total} pairs compared (${((now - started) / 1000).toFixed(1)} s)`);
    },
    end: () => shown && io.stderr('\r\u001b[K'),
  };
}

export async function runAuditWith(argv: readonly string[], io: CliIO, live: LiveReader | undefined): Promise<number> {
  const started = performance.now();
  const { values, positionals } = parseCommand('audit', argv, {
    map: { type: 'string' },
    'pair-by': { type: 'string' },
    'assume-disjoint': { type: 'boolean' },
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    'fail-on': { type: 'string' },
    jobs: { type: 'string' },
  });
  if (values['help']) {
    io.stdout(AUDIT_HELP);
    return 0;
  }
  positionalCount('audit', positionals, 2, 'two inputs: <a> <b> (files, directories or live locations)');
  if (positionals[0] === '-' && positionals[1] === '-')
    throw new TranslateError('usage', 'sgbridge audit: only one input can be stdin');
  const output = str(values['output']);
  const format =
    oneOf('audit', 'format', values['format'], FORMATS) ??
    (/\.sarif(\.json)?$/i.test(output ?? '') ? 'sarif' : /\.json$/i.test(output ?? '') ? 'json' : 'text');
  const failOn = failOnOf(values['fail-on']);
  const pairBy = values['pair-by'] === undefined ? DEFAULT_PAIR_BY : parsePairBy(String(values['pair-by']));
  const jobsText = str(values['jobs']);
  if (jobsText !== undefined && !/^[1-9]\d{0,2}$/.test(jobsText))
    throw new TranslateError('usage', `sgbridge audit: --jobs must be a whole number from 1 (got ${jobsText})`);
  const mapping = await loadMapping(str(values['map']), io);
  const readText = async (file: string) => (await readSource(file, io)).text;
  const a = await readSide([positionals[0]!], io.cwd, readText, live);
  const b = await readSide([positionals[1]!], io.cwd, readText, live);
  const bar = progress(io, started);
  let result: AuditResult;
  try {
    result = await audit(a, b, {
      mapping,
      pairBy,
      assumeDisjoint: values['assume-disjoint'] === true,
      startedAt: started,
      onProgress: bar.update,
      ...(jobsText !== undefined && { jobs: Number(jobsText) }),
    });
  } finally {
    bar.end();
  }
  const text =
    format === 'json'
      ? renderAuditJson(result, toolVersion())
      : format === 'sarif'
        ? renderAuditSarif(result, {
            version: toolVersion(),
            lineOf: lineFinder(io.cwd),
            uriOf: (file) => relative(io.cwd, resolve(io.cwd, file)).replace(/\\/g, '/'),
          })
        : format === 'markdown'
          ? renderAuditMarkdown(result)
          : renderAuditText(result);
  if (output !== undefined) await writeOutput(output, text, io);
  else io.stdout(text);
  return failed(result, failOn) ? 1 : 0;
}

/** Live locations are pulled as every command reads them (src/cli/load.ts: the SDKs load only then). */
export function runAudit(argv: readonly string[], io: CliIO): Promise<number> {
  return runAuditWith(argv, io, async (location) => {
    const { file, parsed } = await loadInput(location.text, io);
    return readParsedGroups(parsed, file);
  });
}
