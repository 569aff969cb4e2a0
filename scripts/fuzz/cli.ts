/**
 * The CLI in-process, as the fuzzer and the tests run it: the real argument parsing, commands and error
 * handling of `src/cli/main.ts`, with stdin, stdout and stderr in memory and no files written.
 */
import { run } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(
  argv: readonly string[],
  options: { cwd: string; stdin?: string; env?: Record<string, string> },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: () => Promise.resolve(options.stdin ?? ''),
    stdoutIsTTY: false,
    env: { NO_COLOR: '1', ...options.env },
    cwd: options.cwd,
  };
  const status = await run(argv, io);
  return { status, stdout, stderr };
}
