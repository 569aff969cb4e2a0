/**
 * The adapter registry: the one place that lists the providers and the canonical model document's adapter,
 * and input detection over them. A new provider is one adapter module and one line here.
 */
import { TranslateError } from '../src/errors.js';
import type { ParsedInput } from '../src/parse/text.js';
import type { ProviderId } from '../src/model/rule.js';
import { Report } from '../src/report/report.js';
import type { SecurityGroup } from '../src/model/group.js';
import { failClosed, type SkipOptions, type ValidateAt } from '../src/convert/skipped.js';
import { aliyunAdapter } from './aliyun/index.js';
import { awsAdapter } from './aws/index.js';
import { lookalike } from './lookalike.js';
import { MODEL_SHAPE, modelAdapter } from './model/index.js';
import type { Adapter, GroupwiseRead, InputAdapter, ProviderIssue, ReadOptions, ReadResult } from './types.js';
import { iacDetected } from './iac/detect.js';

export const ADAPTERS = { aliyun: aliyunAdapter, aws: awsAdapter } as const satisfies Record<ProviderId, Adapter>;

/** Where an input comes from: one of the clouds, or the canonical model document. */
export type SourceKind = ProviderId | 'model';
export const SOURCE_KINDS: readonly SourceKind[] = ['aliyun', 'aws', 'model'];

export interface DetectedInput {
  readonly from: SourceKind;
  readonly shape: string;
  /** The adapter that reads it: the provider's, or the model document's. */
  readonly adapter: InputAdapter;
}

const EXPECTED: Record<SourceKind, string> = {
  aliyun:
    'an Aliyun DescribeSecurityGroupAttribute response or AuthorizeSecurityGroup(-Egress)/Revoke/Modify parameters',
  aws: 'an AWS DescribeSecurityGroups / DescribeSecurityGroupRules output or AuthorizeSecurityGroupIngress/Egress input',
  model: 'a sgbridge model document {modelVersion, groups}',
};

/**
 * Recognise an input. `force` restricts detection to one source; a forced source that does not recognise the
 * input (and no `shape` is forced) is an error naming what was expected.
 */
export function detectInput(parsed: ParsedInput, force?: SourceKind, shape?: string): DetectedInput {
  // Provisioning code (Terraform, CloudFormation, ROS): read through the cloud adapters' readers.
  const iac = force === 'model' ? undefined : iacDetected(parsed, force, shape, ADAPTERS);
  if (iac !== undefined) return iac;
  const owner =
    shape === undefined || force !== undefined
      ? undefined
      : SOURCE_KINDS.find((k) => k !== 'model' && ADAPTERS[k].shapes.includes(shape));
  if (shape !== undefined && force === undefined && owner === undefined && shape !== MODEL_SHAPE) {
    throw new TranslateError('usage', `--shape ${shape} is not a shape sgbridge reads`);
  }
  const candidates = force ? [force] : owner ? [owner] : SOURCE_KINDS;
  for (const from of candidates) {
    if (from === 'model') {
      const found = modelAdapter.detect(parsed);
      if (found !== undefined) return { from, shape: found, adapter: modelAdapter };
      continue;
    }
    const adapter = ADAPTERS[from];
    if (shape !== undefined && (force !== undefined || owner !== undefined)) {
      if (!adapter.shapes.includes(shape)) {
        throw new TranslateError(
          'usage',
          `--shape ${shape} is not a ${from} shape; expected one of ${adapter.shapes.join(', ')}`,
        );
      }
      return { from, shape, adapter };
    }
    const found = adapter.detect(parsed);
    if (found !== undefined) return { from, shape: shape ?? found, adapter };
  }
  const expected = candidates.map((c) => EXPECTED[c]).join('; or ');
  const like = lookalike(parsed);
  throw new TranslateError(
    'input_unrecognized',
    `not a security-group payload sgbridge reads: ${like ?? `expected ${expected}`}`,
    {
      pointer: '',
    },
  );
}

/**
 * Read a detected input into canonical groups (findings about reading go to `report`). Every command reads
 * through here, so every command fails closed alike: a rule whose value the provider rejects stops the read
 * unless `skipInvalid` (src/convert/skipped.ts).
 */
export function readDetected(
  parsed: ParsedInput,
  detected: DetectedInput,
  report: Report,
  file?: string,
  skip: SkipOptions = {},
): ReadResult {
  const options: ReadOptions = { shape: detected.shape, ...(file !== undefined && { file }) };
  let read: ReadResult;
  report.leaveOutInvalid = skip.skipInvalid === true;
  try {
    read = detected.adapter.read(parsed, report, options);
  } catch (e) {
    throw asValidateSaysIt(e, detected.adapter, parsed, options);
  }
  failClosed(report, skip, file, validatedAt(detected.adapter, parsed, options));
  return read;
}

/** An input read one group at a time (`readDetectedGroupwise`). */
export interface GroupwiseReader {
  readonly shape: string;
  /** The groups' IDs, names and pointers, in input order (their count). */
  readonly groups: GroupwiseRead['groups'];
  /** Group `index` and the report of its reading, as readDetected's for that group (failing closed alike). */
  readGroupAt(index: number): { group: SecurityGroup; report: Report };
}

/**
 * `readDetected` one group at a time, when the adapter reads the input's shape so (undefined: read it whole).
 * The document's own findings go to `report`; each group's, and its left-out rules (failing closed per group
 * as readDetected does for the whole input), to a report of its own. An input that readDetected rejects
 * fails here too, but maybe only at a later group's read, and with another message (the whole input's
 * count of unreadable rules): a caller that needs readDetected's error reads the input whole after a failure.
 */
export function readDetectedGroupwise(
  parsed: ParsedInput,
  detected: DetectedInput,
  report: Report,
  file?: string,
  skip: SkipOptions = {},
): GroupwiseReader | undefined {
  const options: ReadOptions = { shape: detected.shape, ...(file !== undefined && { file }) };
  report.leaveOutInvalid = skip.skipInvalid === true;
  const groupwise = detected.adapter.readGroupwise?.(parsed, report, options);
  if (groupwise === undefined) return undefined;
  const validated = validatedAt(detected.adapter, parsed, options);
  return {
    shape: groupwise.shape,
    groups: groupwise.groups,
    readGroupAt: (index) => {
      const groupReport = new Report();
      groupReport.leaveOutInvalid = skip.skipInvalid === true;
      const group = groupwise.readGroupAt(index, groupReport);
      failClosed(groupReport, skip, file, validated);
      return { group, report: groupReport };
    },
  };
}

/** What the adapter's `validate` reports at a pointer; validate runs once, and only when asked. */
function validatedAt(adapter: InputAdapter, parsed: ParsedInput, options: ReadOptions): ValidateAt {
  let issues: ProviderIssue[] | undefined;
  return (pointer) => {
    if (issues === undefined) {
      try {
        issues = adapter.validate(parsed, options);
      } catch {
        issues = [];
      }
    }
    return issues.find((i) => i.pointer === pointer && i.severity !== 'warning');
  };
}

/**
 * A reader's error that names no provider code (a value of the wrong type, say) is given the code and wording
 * `validate` reports at the same pointer, so every command rejects a value as `validate` prints it.
 */
function asValidateSaysIt(e: unknown, adapter: InputAdapter, parsed: ParsedInput, options: ReadOptions): unknown {
  if (
    !(e instanceof TranslateError) ||
    e.code !== 'input_invalid' ||
    e.location.providerCode !== undefined ||
    e.location.pointer === undefined
  )
    return e;
  const same = validatedAt(adapter, parsed, options)(e.location.pointer);
  return same === undefined
    ? e
    : new TranslateError('input_invalid', same.message, { ...e.location, providerCode: same.providerCode });
}

export type { Adapter, GroupwiseRead, InputAdapter, ProviderIssue, ReadOptions, ReadResult } from './types.js';
