/**
 * The canonical model document as an input (`--from model`): one definition of groups, written for either
 * cloud's semantics by each group's `provider`. Validated with the zod `ModelDocument`; a document of another
 * model version is refused rather than guessed at.
 */
import { TranslateError } from '../../src/errors.js';
import type { ParsedInput } from '../../src/parse/text.js';
import { ModelDocument } from '../../src/model/group.js';
import type { Report } from '../../src/report/report.js';
import { pointer } from '../../src/model/pointer.js';
import { MODEL_VERSION } from '../../src/model/version.js';
import type { ReadResult } from '../types.js';
import { MODEL_SHAPE, isRecord } from './detect.js';
import { awsDenyIssues, validateModelDocument, versionMessage } from './validate.js';

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
  if (deny !== undefined)
    throw new TranslateError('input_invalid', `model document: ${deny.message}`, {
      file,
      pointer: deny.pointer,
      providerCode: deny.code,
    });
  parsed.data.groups.forEach((g, i) => {
    if (g.provider !== 'aws') return;
    g.rules.forEach((r, j) => {
      if (r.priority !== undefined)
        report?.add('priority_ignored', pointer('groups', i, 'rules', j, 'priority'), { priority: r.priority });
    });
  });
  if (report !== undefined) recordProvenance(doc, parsed.data.groups, report);
  // Hand-written documents have no origins; give each rule one so findings can point at it.
  const groups = parsed.data.groups.map((g, i) => ({
    ...g,
    pointer: g.pointer ?? pointer('groups', i),
    rules: g.rules.map((r, j) => ({
      ...r,
      origin: r.origin ?? { provider: g.provider, pointer: pointer('groups', i, 'rules', j) },
    })),
  }));
  return { shape: MODEL_SHAPE, groups, operation: 'describe' };
}

const GROUP_FIELDS = ['id', 'region', 'vpcId', 'ownerId', 'arn'] as const;

/**
 * Where the fields later stages name in findings came from (src/model/provenance.ts): the document's own
 * members, for groups and rules that it places itself (a group or rule carrying the pointer of an earlier
 * input is named by that pointer alone).
 */
function recordProvenance(
  doc: unknown,
  groups: readonly { pointer?: string; rules: { origin?: unknown }[] }[],
  report: Report,
): void {
  const rawGroups = isRecord(doc) && Array.isArray(doc['groups']) ? doc['groups'] : [];
  groups.forEach((g, i) => {
    const raw: unknown = rawGroups[i];
    if (!isRecord(raw)) return;
    if (g.pointer === undefined)
      for (const field of GROUP_FIELDS)
        if (raw[field] !== undefined)
          report.provenance.record(pointer('groups', i), field, pointer('groups', i, field));
    const rawRules = Array.isArray(raw['rules']) ? raw['rules'] : [];
    g.rules.forEach((r, j) => {
      const rule: unknown = rawRules[j];
      if (r.origin !== undefined || !isRecord(rule) || rule['description'] === undefined) return;
      report.provenance.record(
        pointer('groups', i, 'rules', j),
        'description',
        pointer('groups', i, 'rules', j, 'description'),
      );
    });
  });
}
