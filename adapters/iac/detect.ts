/**
 * Detection of provisioning code among the inputs (`--shape terraform-state` …): which format, and which cloud's
 * groups to read. A document with groups of both clouds needs `--from`; the groups of the other cloud are then
 * reported as not read. The result is an adapter of that cloud whose reader is the format's reader.
 */
import { TranslateError } from '../../src/errors.js';
import type { ParsedInput } from '../../src/parse/text.js';
import type { ProviderId } from '../../src/model/rule.js';
import { Report } from '../../src/report/report.js';
import { issuesOfRejection } from '../rejection.js';
import type { Adapter, ProviderIssue } from '../types.js';
import { IAC_READERS, type IacReader } from './index.js';

function iacAdapter(base: Adapter, reader: IacReader): Adapter {
  return {
    ...base,
    shapes: [reader.shape],
    detect: (input) => (reader.detect(input).includes(base.provider) ? reader.shape : undefined),
    read: (input, report) => ({
      shape: reader.shape,
      groups: reader.read(input.value, base.provider, report),
      operation: 'describe',
    }),
    validate: (input): ProviderIssue[] => {
      // Offline check of provisioning code: what the reader rejects, with its pointer and code.
      try {
        reader.read(input.value, base.provider, new Report());
        return [];
      } catch (e) {
        return issuesOfRejection(e);
      }
    },
  };
}

export function iacDetected(
  parsed: ParsedInput,
  force: ProviderId | undefined,
  shape: string | undefined,
  adapters: Readonly<Record<ProviderId, Adapter>>,
): { from: ProviderId; shape: string; adapter: Adapter } | undefined {
  const readers = shape === undefined ? IAC_READERS : IAC_READERS.filter((r) => r.shape === shape);
  for (const reader of readers) {
    const clouds = reader.detect(parsed);
    if (clouds.length === 0 && shape === undefined) continue;
    let from: ProviderId | undefined;
    if (force !== undefined) from = force;
    else if (clouds.length === 1) from = clouds[0];
    else if (clouds.length > 1)
      throw new TranslateError(
        'usage',
        `this ${reader.shape} holds security groups of both clouds; choose one with --from aws or --from aliyun`,
      );
    else
      throw new TranslateError('input_unrecognized', `not a ${reader.shape} with security groups sgbridge reads`, {
        pointer: '',
      });
    return { from: from!, shape: reader.shape, adapter: iacAdapter(adapters[from!], reader) };
  }
  return undefined;
}
