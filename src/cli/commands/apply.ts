/** `sgbridge apply <plan.json>`: run plans against their live groups, resumable, verified after (see src/live/apply.ts). */
import { createInterface } from 'node:readline/promises';
import { TranslateError } from '../../errors.js';
import { applyPlan } from '../../live/apply.js';
import { parsePlans } from '../../live/plan-file.js';
import { parseCommand, positionalCount, str } from '../args.js';
import { APPLY_HELP } from '../help.js';
import { readSource, type CliIO } from '../io.js';
import { resolve } from 'node:path';

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export async function runApply(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand('apply', argv, {
    yes: { type: 'boolean', short: 'y' },
    'dry-run': { type: 'boolean' },
    endpoint: { type: 'string' },
    profile: { type: 'string' },
    wait: { type: 'string' },
    'create-wait': { type: 'string' },
    region: { type: 'string' },
    replan: { type: 'boolean' },
    map: { type: 'string' },
  });
  if (values['help']) {
    io.stdout(APPLY_HELP);
    return 0;
  }
  positionalCount('apply', positionals, 1, 'one plan file (written by sgbridge plan)');
  const file = positionals[0]!;
  if (file === '-')
    throw new TranslateError('usage', 'sgbridge apply: the plan must be a file (its journal is written beside it)');
  const wait = values['wait'] === undefined ? 60 : Number(values['wait']);
  if (!Number.isFinite(wait) || wait < 0)
    throw new TranslateError(
      'usage',
      `sgbridge apply: --wait must be a number of seconds (got ${String(values['wait'])})`,
    );
  const createWait = values['create-wait'] === undefined ? 60 : Number(values['create-wait']);
  if (!Number.isFinite(createWait) || createWait < 0)
    throw new TranslateError(
      'usage',
      `sgbridge apply: --create-wait must be a number of seconds (got ${String(values['create-wait'])})`,
    );
  const source = await readSource(file, io);
  const plans = parsePlans(source.text, source.name);
  const dryRun = values['dry-run'] === true;
  const steps = plans.reduce((n, p) => n + p.steps.length, 0);
  for (const p of plans)
    io.stdout(
      `${p.target.provider}:${p.target.region ?? '?'}/${p.target.groupId}: ${p.steps.length} step${p.steps.length === 1 ? '' : 's'}${p.steps.map((s) => `\n  ${s.action}${s.transient ? ' (transient)' : ''}`).join('')}\n`,
    );
  if (!dryRun && values['yes'] !== true) {
    if (!process.stdin.isTTY || !process.stderr.isTTY)
      throw new TranslateError(
        'usage',
        `sgbridge apply: ${steps} step${steps === 1 ? '' : 's'} would change live groups; pass --yes to apply without a terminal to confirm`,
      );
    if (
      !(await confirm(
        `Apply ${steps} step${steps === 1 ? '' : 's'} to ${plans.length} live group${plans.length === 1 ? '' : 's'}? [y/N] `,
      ))
    ) {
      io.stderr('sgbridge apply: nothing applied\n');
      return 2;
    }
  }
  const endpoint = str(values['endpoint']);
  const profile = str(values['profile']);
  const region = str(values['region']);
  const map = str(values['map']);
  for (const plan of plans) {
    const report = await applyPlan(plan, {
      env: io.env,
      ...(endpoint !== undefined ? { endpoint } : {}),
      ...(profile !== undefined ? { profile } : {}),
      dryRun,
      replan: values['replan'] === true,
      ...(region !== undefined ? { region } : {}),
      journalPath: `${resolve(io.cwd, file)}.journal.json`,
      ...((map ?? plan.mappingFile) !== undefined && { mappingFile: resolve(io.cwd, (map ?? plan.mappingFile)!) }),
      verifyTimeoutMs: wait * 1000,
      createVisibleTimeoutMs: createWait * 1000,
      log: (line) => io.stderr(`${line}\n`),
    });
    for (const s of report.steps)
      io.stdout(
        `  step ${s.index + 1} ${s.action}: ${s.outcome}${s.notFoundWaited ? ` (after ${s.notFoundWaited} NotFound answer${s.notFoundWaited === 1 ? '' : 's'} for the new group)` : ''}\n`,
      );
    const late = report.createdVisibleAfter;
    if (late !== undefined)
      io.stdout(
        `  (the created group was not visible at once: ${late.notFound} NotFound answer${late.notFound === 1 ? '' : 's'} waited out over ${late.waitedMs / 1000} s)\n`,
      );
    if (report.createdGroupId !== undefined)
      io.stdout(`  created ${report.createdGroupId} (the plan named it ${plan.target.groupId})\n`);
    if (report.mappingUpdated !== undefined)
      io.stdout(`  ${map ?? plan.mappingFile}: groups ${plan.target.sourceGroupId} → ${report.createdGroupId}\n`);
    if (report.replanned)
      io.stdout(
        report.replannedBecause === 'created-otherwise'
          ? `  (the created group did not start as the plan assumed: its rule steps were planned again from it)\n`
          : `  (the group had drifted from the plan's base: planned again from the live group)\n`,
      );
    io.stdout(
      dryRun
        ? `${report.target}: dry run, nothing changed\n`
        : `${report.target}: applied and verified: the live group allows exactly what the plan's after allows${report.resumed ? ' (resumed)' : ''}\n`,
    );
  }
  return 0;
}
