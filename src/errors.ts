/**
 * Errors stop the run; findings describe the output. Every error has a stable code (exit status 2 for bad
 * input or usage, as the CLI contract says), and where it is about the input: the file, the JSON pointer
 * and, when a provider would reject the value, that provider's own error code.
 */
export const ERROR_CODES = {
  usage: 2,
  input_unreadable: 2, // not JSON / YAML / XML / query string, or the file is missing
  input_unrecognized: 2, // parsed, but not a shape any adapter reads
  input_invalid: 2, // a recognised shape with a bad value
  provider_rejects: 2, // the target (or source) provider would reject this value; providerCode says how
  model_version_mismatch: 2,
  live_failed: 2, // a live account call failed: access denied, unknown region or endpoint, expired credentials, drift

  findings_over_threshold: 1,
  internal: 70,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorLocation {
  readonly file?: string;
  readonly pointer?: string;
  /** The provider's own error code, e.g. InvalidParam.PortRange or InvalidPermission.Malformed. */
  readonly providerCode?: string;
}

export class TranslateError extends Error {
  override readonly name = 'TranslateError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly location: ErrorLocation = {},
  ) {
    super(message);
  }

  get exitCode(): number {
    return ERROR_CODES[this.code];
  }

  /** The same error, now knowing which file it came from. */
  inFile(file: string): TranslateError {
    return new TranslateError(this.code, this.message, { ...this.location, file });
  }

  /**
   * One line: `file: /pointer: [Code] message`. The code is the provider's own error code; an error about a
   * place in the input that no provider code names (not JSON, not a payload sgbridge reads, a value of the
   * wrong type) shows sgbridge's own error code instead, so every rejection names a code.
   */
  oneLine(): string {
    const { file, pointer, providerCode } = this.location;
    const parts = [file, pointer !== undefined ? pointer || '/' : undefined].filter(Boolean);
    const prefix = parts.length ? `${parts.join(': ')}: ` : '';
    const shown = providerCode || (pointer !== undefined && this.code !== 'usage' ? this.code : undefined);
    const code = shown ? `[${shown}] ` : '';
    return `${prefix}${code}${this.message}`.replace(/\s*\n\s*/g, ' ');
  }
}

/** Run `run`; a TranslateError from it that names no file gets `file` (when known). */
export function withFile<T>(file: string | undefined, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof TranslateError && file !== undefined && e.location.file === undefined) throw e.inFile(file);
    throw e;
  }
}
