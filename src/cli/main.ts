/**
 * The `sgbridge` command: dispatch to a command, and turn every failure into an exit status and one line on
 * stderr. Bad input or usage: the TranslateError's one line (file, JSON pointer, provider code), exit 2. Anything
 * else is a bug: `internal error: …`, exit 70, and the stack only with SGBRIDGE_DEBUG=1.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, TranslateError } from '../errors.js';
import { runApply } from './commands/apply.js';
import { runConvert } from './commands/convert.js';
import { runDiff } from './commands/diff.js';
import { runEmulate } from './commands/emulate.js';
import { runExplain } from './commands/explain.js';
import { runPull } from './commands/pull.js';
import { runPlan } from './commands/plan.js';
import { runValidate } from './commands/validate.js';
import { MAIN_HELP } from './help.js';
import { processIO, type CliIO } from './io.js';

const COMMANDS: Record<string, (argv: readonly string[], io: CliIO) => Promise<number>> = {
  convert: runConvert,
  diff: runDiff,
  explain: runExplain,
  validate: runValidate,
  pull: runPull,
  emulate: runEmulate,
  apply: runApply,
  plan: runPlan,
};

/** The package version, from the nearest package.json above this module (works from src/ and dist/). */
export function version(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const json = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
      if (json.name === 'sgbridge') return json.version ?? '0.0.0';
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}

async function dispatch(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(MAIN_HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-V' || command === '-v') {
    io.stdout(`${version()}\n`);
    return 0;
  }
  const run = COMMANDS[command];
  if (run === undefined) throw new TranslateError('usage', `unknown command "${command}"; commands: ${Object.keys(COMMANDS).join(', ')} (see sgbridge --help)`);
  return run(rest, io);
}

/** Run the CLI; returns the exit status. Never throws. */
export async function run(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    if (e instanceof TranslateError) {
      io.stderr(`${e.oneLine()}\n`);
      if (io.env['SGBRIDGE_DEBUG'] === '1' && e.stack) io.stderr(`${e.stack}\n`);
      return e.exitCode;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(`internal error: ${message.split('\n')[0]}\n`);
    if (io.env['SGBRIDGE_DEBUG'] === '1' && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
    return ERROR_CODES.internal;
  }
}
