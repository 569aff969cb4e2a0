/** Argument parsing on node:util parseArgs, with usage errors as TranslateError (exit 2, one line). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TranslateError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: string[];
}

export function parseCommand(command: string, argv: readonly string[], options: Options): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values, positionals };
  } catch (e) {
    throw new TranslateError(
      'usage',
      `sgbridge ${command}: ${argsMessage(e as Error & { code?: string })} (see sgbridge ${command} --help)`,
    );
  }
}

/**
 * parseArgs' message in one line. Its unknown-option text runs on into advice with unbalanced quotes
 * ("as in '-- \"--foo\"") that does not fit here, so that case is said plainly.
 */
function argsMessage(e: Error & { code?: string }): string {
  const unknown = e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /Unknown option '([^']*)'/.exec(e.message) : null;
  if (unknown) return `unknown option ${unknown[1]}`;
  return e.message.split('\n')[0]!;
}

/** A value that must be one of a closed list. */
export function oneOf<const T extends string>(
  command: string,
  flag: string,
  value: unknown,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new TranslateError(
    'usage',
    `sgbridge ${command}: --${flag} must be one of ${allowed.join(', ')} (got ${String(value)})`,
  );
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function positionalCount(command: string, positionals: readonly string[], want: number, names: string): void {
  if (positionals.length !== want) {
    throw new TranslateError('usage', `sgbridge ${command}: expected ${names} (see sgbridge ${command} --help)`);
  }
}

/** A whole number of at least 1, or undefined when the flag is absent. */
export function positiveInt(command: string, flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && /^[1-9]\d{0,5}$/.test(value)) return Number(value);
  throw new TranslateError(
    'usage',
    `sgbridge ${command}: --${flag} must be a whole number from 1 (got ${String(value)})`,
  );
}
