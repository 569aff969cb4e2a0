/** The CLI's only I/O: reading inputs (a file or `-` for stdin) and writing outputs without half-written files. */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { TranslateError } from '../errors.js';

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  readonly stdoutIsTTY: boolean;
  /** stdin is a terminal: reading `-` then waits for typed input, which is said on stderr. */
  readonly stdinIsTTY?: boolean;
  /** The terminal's width in columns, when stdout is a terminal. */
  readonly columns?: number;
  /** Whether stderr is a terminal (progress lines); absent means no. */
  readonly stderrIsTTY?: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export function processIO(): CliIO {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    ...(process.stdout.isTTY && process.stdout.columns > 0 ? { columns: process.stdout.columns } : {}),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Columns the text report fits: COLUMNS when set, else the terminal's width, else 100 (a pipe or a file). */
export function outputWidth(io: CliIO): number {
  const fromEnv = Number(io.env['COLUMNS']);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return io.stdoutIsTTY && io.columns !== undefined ? io.columns : 100;
}

export interface Source {
  /** The name used in messages: the path as given, or `<stdin>`. */
  readonly name: string;
  readonly text: string;
}

export async function readSource(path: string, io: CliIO): Promise<Source> {
  if (path === '-') {
    if (io.stdinIsTTY)
      io.stderr(
        'sgbridge: reading the input from stdin (the terminal); paste it and end with Ctrl-D, or pass a file\n',
      );
    return { name: '<stdin>', text: await io.readStdin() };
  }
  try {
    return { name: path, text: await readFile(resolve(io.cwd, path), 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new TranslateError('input_unreadable', `cannot read: ${why}`, { file: path });
  }
}

/** A temp file's path in the folder of `target` (a rename within one file system is atomic). */
function tempBeside(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * An `-o` file written atomically: the pieces go to a temp file in the same folder (made at the first piece),
 * renamed over the target by `commit`; `discard` (or a failed write) removes it, so a failure leaves nothing
 * half-way. A large document can be written piece by piece as it is made, instead of being held whole.
 */
export interface OutputFile {
  readonly write: (piece: string) => void;
  readonly commit: () => void;
  readonly discard: () => void;
}

export function openOutputFile(path: string, io: CliIO): OutputFile {
  const target = resolve(io.cwd, path);
  const temp = tempBeside(target);
  let fd: number | undefined;
  const discard = (): void => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    rmSync(temp, { force: true });
  };
  const attempt = (what: () => void): void => {
    try {
      what();
    } catch (e) {
      discard();
      throw new TranslateError('usage', `cannot write ${path}: ${(e as Error).message}`, { file: path });
    }
  };
  return {
    // writeFileSync on an open file writes all of a piece at the current position (writeSync may write part).
    write: (piece) => attempt(() => writeFileSync((fd ??= openSync(temp, 'w')), piece, 'utf8')),
    commit: () =>
      attempt(() => {
        closeSync((fd ??= openSync(temp, 'w')));
        fd = undefined;
        renameSync(temp, target);
      }),
    discard,
  };
}

/** Write `-o` atomically: a temp file in the same folder, then a rename, so a failure leaves nothing half-way. */
export async function writeOutput(path: string, text: string, io: CliIO): Promise<void> {
  const target = resolve(io.cwd, path);
  const temp = tempBeside(target);
  try {
    await writeFile(temp, text, 'utf8');
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true });
    throw new TranslateError('usage', `cannot write ${path}: ${(e as Error).message}`, { file: path });
  }
}
