/**
 * Plan files as `sgbridge plan` writes them (one group: `{target, baseDigest, steps, before, after, findings,
 * desired}`; several: `{plans: [...]}`). `action` is the API name and `request` exactly the request shape
 * `convert --emit request` writes for that cloud; `before`, `after` and `desired` are canonical model groups.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { TranslateError } from '../errors.js';
import { parseInput } from '../parse/text.js';
import { SecurityGroup } from '../model/group.js';

export const PlanStep = z.object({
  action: z.string().min(1),
  request: z.record(z.string(), z.unknown()),
  /** A step whose effect a later step undoes (e.g. a temporary rule): run like the others, reported as such. */
  transient: z.boolean().optional(),
});
export type PlanStep = z.infer<typeof PlanStep>;

/** `sgbridge plan` writes verdicts (of the current and of the stepped group against the desired meaning); a group is also accepted. */
const VerdictOrGroup = z.union([z.enum(['exact', 'narrower', 'wider', 'mixed']), SecurityGroup]);

export const GroupPlan = z.object({
  target: z.object({
    provider: z.enum(['aws', 'aliyun']),
    groupId: z.string().min(1),
    region: z.string().min(1).optional(),
    /** The desired group's ID, for a plan that creates its group: paired with the new ID in the mapping file. */
    sourceGroupId: z.string().min(1).optional(),
  }),
  /** The mapping file the ID of a created group is written into (`plan --create --map`). */
  mappingFile: z.string().min(1).optional(),
  baseDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  steps: z.array(PlanStep),
  before: VerdictOrGroup.optional(),
  after: VerdictOrGroup,
  findings: z.array(z.unknown()).optional(),
  /** The desired group in the target's cloud: what the result is proved against, and what --replan plans to. */
  desired: SecurityGroup.optional(),
});
export type GroupPlan = z.infer<typeof GroupPlan>;

/** The plans of a plan file, validated; a bad plan is one line naming the file and the JSON pointer. */
export function parsePlans(text: string, file: string): GroupPlan[] {
  const parsed = parseInput(text, file);
  const value = parsed.value as Record<string, unknown>;
  const many = value !== null && typeof value === 'object' && Array.isArray(value['plans']);
  const items = many ? (value['plans'] as unknown[]) : [value];
  return items.map((item, i) => {
    const result = GroupPlan.safeParse(item);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const pointer = `${many ? `/plans/${i}` : ''}/${issue.path.map(String).join('/')}`.replace(/\/$/, '');
      throw new TranslateError('input_invalid', `not a sgbridge plan: ${issue.message}`, { file, pointer });
    }
    return result.data;
  });
}

/** A stable identity of one group's plan: its target, base digest and steps (ClientTokens and the journal key on it). */
export function planId(plan: GroupPlan): string {
  return createHash('sha256')
    .update(JSON.stringify([plan.target, plan.baseDigest, plan.steps]))
    .digest('hex');
}
