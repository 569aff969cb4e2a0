/**
 * Offline checks of a model document: the zod `ModelDocument` schema (zod's issue code plays the part of the
 * provider's error code), the model version, and rules the group's provider cannot hold.
 */
import type { ParsedInput } from '../../src/parse/text.js';
import { ModelDocument, type SecurityGroup } from '../../src/model/group.js';
import { pointer } from '../../src/model/pointer.js';
import { MODEL_VERSION } from '../../src/model/version.js';
import type { ProviderIssue } from '../types.js';
import { isRecord } from './detect.js';

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
export function awsDenyIssues(groups: readonly SecurityGroup[]): ModelIssue[] {
  const issues: ModelIssue[] = [];
  groups.forEach((g, i) => {
    if (g.provider !== 'aws') return;
    g.rules.forEach((r, j) => {
      if (r.action === 'deny') {
        issues.push({
          pointer: pointer('groups', i, 'rules', j, 'action'),
          code: 'deny_on_aws',
          message: `rule ${j} of group ${g.id ?? i} is a deny, and an AWS group (provider: aws) holds allow rules only; use provider: aliyun for a group with deny rules`,
        });
      }
    });
  });
  return issues;
}

export function versionMessage(found: unknown): string {
  return `model version ${JSON.stringify(found)} is not supported; this sgbridge reads modelVersion ${MODEL_VERSION}`;
}

/** `validate` for a model document: its issues in the shape every adapter reports them. */
export function validateModel(input: ParsedInput): ProviderIssue[] {
  return validateModelDocument(input).map((i) => ({ pointer: i.pointer, providerCode: i.code, message: i.message }));
}
