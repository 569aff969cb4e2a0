/**
 * The canonical model document as an input (`--from model`): one definition of groups, written for either
 * cloud's semantics by each group's `provider`. Validated with the zod `ModelDocument`; a document of another
 * model version is refused rather than guessed at.
 */
import { TranslateError } from '../errors.js';
import type { ParsedInput } from '../parse/text.js';
import { ModelDocument, type SecurityGroup } from '../model/group.js';
import type { Report } from '../report/report.js';
import { pointer } from '../model/pointer.js';
import { MODEL_VERSION } from '../model/version.js';
import type { ReadResult } from '../../adapters/types.js';

export const MODEL_SHAPE = 'model-document';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when the value has the model document's two keys (the version is checked by `readModelDocument`). */
export function looksLikeModelDocument(input: ParsedInput): boolean {
  return isRecord(input.value) && 'modelVersion' in input.value && Array.isArray(input.value['groups']);
}

export interface ModelIssue {
  readonly pointer: string;
  /** zod's issue code, e.g. invalid_type; it plays the part of the provider error code. */
  readonly code: string;
  readonly message: string;
}

/** Every problem of a model document, in the shape `validate` prints. */
export function validateModelDocument(input: ParsedInput): ModelIssue[] {
  const doc = input.value;
  if (isRecord(doc) && doc['modelVersion'] !== MODEL_VERSION) {
    return [{ pointer: '/modelVersion', code: 'model_version_mismatch', message: versionMessage(doc['modelVersion']) }];
  }
  const parsed = ModelDocument.safeParse(doc);
  if (parsed.success) return awsDenyIssues(parsed.data.groups);
  return parsed.error.issues.map((i) => ({
    pointer: pointer(...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))),
    code: i.code,
    message: i.message,
  }));
}

/**
 * Rules the model can hold but the group's provider cannot: an AWS group is an unordered union of allows, so
 * a deny in it would be silently ignored by every reader of its meaning.
 */
function awsDenyIssues(groups: readonly SecurityGroup[]): ModelIssue[] {
  const issues: ModelIssue[] = [];
  groups.forEach((g, i) => {
    if (g.provider !== 'aws') return;
    g.rules.forEach((r, j) => {
      if (r.action === 'deny') {
        issues.push({ pointer: pointer('groups', i, 'rules', j, 'action'), code: 'deny_on_aws', message: `rule ${j} of group ${g.id ?? i} is a deny, and an AWS group (provider: aws) holds allow rules only; use provider: aliyun for a group with deny rules` });
      }
    });
  });
  return issues;
}

function versionMessage(found: unknown): string {
  return `model version ${JSON.stringify(found)} is not supported; this sgbridge reads modelVersion ${MODEL_VERSION}`;
}

/** Read a model document; throws TranslateError with the pointer of the first bad value. */
export function readModelDocument(input: ParsedInput, file?: string, report?: Report): ReadResult {
  const doc = input.value;
  if (isRecord(doc) && doc['modelVersion'] !== MODEL_VERSION) {
    throw new TranslateError('model_version_mismatch', versionMessage(doc['modelVersion']), {
      file,
      pointer: '/modelVersion',
    });
  }
  const parsed = ModelDocument.safeParse(doc);
  if (!parsed.success) {
    const issue = validateModelDocument(input)[0]!;
    throw new TranslateError('input_invalid', `model document: ${issue.message}`, {
      file,
      pointer: issue.pointer,
      providerCode: issue.code,
    });
  }
  const deny = awsDenyIssues(parsed.data.groups)[0];
  if (deny !== undefined) throw new TranslateError('input_invalid', `model document: ${deny.message}`, { file, pointer: deny.pointer, providerCode: deny.code });
  parsed.data.groups.forEach((g, i) => {
    if (g.provider !== 'aws') return;
    g.rules.forEach((r, j) => {
      if (r.priority !== undefined) report?.add('priority_ignored', pointer('groups', i, 'rules', j, 'priority'), { priority: r.priority });
    });
  });
  // Hand-written documents have no origins; give each rule one so findings can point at it.
  const groups = parsed.data.groups.map((g, i) => ({
    ...g,
    pointer: g.pointer ?? pointer('groups', i),
    rules: g.rules.map((r, j) => ({ ...r, origin: r.origin ?? { provider: g.provider, pointer: pointer('groups', i, 'rules', j) } })),
  }));
  return { shape: MODEL_SHAPE, groups, operation: 'describe' };
}
