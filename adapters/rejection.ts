/**
 * A reader's rejection as the offline check reports it: `validate` runs the reader, and what the reader
 * refuses (a value the provider rejects) becomes one issue under the provider's own code, at its pointer.
 */
import { TranslateError } from '../src/errors.js';
import type { ProviderIssue } from './types.js';

/** The issue of a rejected value (`input_invalid`, `provider_rejects`); any other error is rethrown. */
export function issuesOfRejection(e: unknown): ProviderIssue[] {
  if (e instanceof TranslateError && (e.code === 'input_invalid' || e.code === 'provider_rejects')) {
    return [
      {
        providerCode: e.location.providerCode ?? 'InvalidParameter',
        pointer: e.location.pointer ?? '',
        message: e.message,
      },
    ];
  }
  throw e;
}
