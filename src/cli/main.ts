/**
 * The `sgbridge` command: dispatch to a command, and turn every failure into an exit status and one line on
 * stderr. Bad input or usage: the TranslateError's one line (file, JSON pointer, provider code), exit 2. Anything
 * else is a bug: `internal error: …`, exit 70, and the stack only with SGBRIDGE_DEBUG=1.
 */
import { ERROR_CODES, TranslateError } from '../errors.js';
import { toolVersion } from '../report/tool-version.js';
import { MAIN_HELP } from './help.js';
import { processIO, type CliIO } from './io.js';
import { silenceSdkNodeVersionWarning } from './sdk-warnings.js';

type Command = (argv: readonly string[], io: CliIO) => Promise<number>;

/**
 * Each command's module, imported only when that command runs: `--version`, `--help` and a usage error load
 * none of them, and a command loads only what it uses (the engine, the adapters, an SDK). A new command is one
 * line here, `name: async () => (await import('./commands/name.js')).runName`; never a static import.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  convert: async () => (await import('./commands/convert.js')).runConvert,
  diff: async () => (await import('./commands/diff.js')).runDiff,
  explain: async () => (await import('./commands/explain.js')).runExplain,
  validate: async () => (await import('./commands/validate.js')).runValidate,
  plan: async () => (await import('./commands/plan.js')).runPlan,
  pull: async () => (await import('./commands/pull.js')).runPull,
  apply: async () => (await import('./commands/apply.js')).runApply,
  emulate: async () => (await import('./commands/emulate.js')).runEmulate,
  audit: async () => (await import('./commands/audit.js')).runAudit,
};

async function dispatch(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    // No command is a usage error: the usage goes to stderr, so a pipe never reads it as output.
    io.stderr(MAIN_HELP);
    return 2;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout(MAIN_HELP);
    return 0;
  }
  if (command === '--version' || command === '-V' || command === '-v') {
    io.stdout(`${toolVersion()}\n`);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (load === undefined)
    throw new TranslateError(
      'usage',
      `unknown command "${command}"; commands: ${Object.keys(COMMANDS).join(', ')} (see sgbridge --help)`,
    );
  return (await load())(rest, io);
}

/** Run the CLI; returns the exit status. Never throws. */
export async function run(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  silenceSdkNodeVersionWarning();
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
