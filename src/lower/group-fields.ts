/**
 * Group-level fields across clouds. Name, description and tags are carried (the target writer reports any
 * rewrite it needs); fields that only mean something in the source account (VPC, owner, ARN) are named in a
 * finding instead of being copied into a payload where they would point at nothing.
 */
import type { SecurityGroup } from '../model/group.js';
import type { FieldLocator } from '../convert/locators.js';
import type { ProviderId } from '../model/rule.js';
import type { Report } from '../report/report.js';

/** Group fields that only mean something in the source account. */
const SOURCE_ONLY = ['vpcId', 'ownerId', 'arn'] as const;

/**
 * The target's group fields. `compiled` holds the target's rules and semantics fields (type, inner access);
 * identity, naming and tags come from the source.
 */
export function carryGroupFields(
  source: SecurityGroup,
  compiled: SecurityGroup,
  opts: { to: ProviderId; targetId: string; region: string | undefined; locate: FieldLocator; report: Report },
): SecurityGroup {
  const { to, report } = opts;
  const at = source.pointer ?? '';
  const crossCloud = source.provider !== to;
  const out: SecurityGroup = {
    ...compiled,
    id: opts.targetId,
    name: source.name,
    description: source.description,
    region: opts.region,
    tags: source.tags,
    pointer: source.pointer,
  };
  if (!crossCloud) {
    return { ...out, vpcId: source.vpcId, ownerId: source.ownerId, arn: source.arn };
  }
  for (const model of SOURCE_ONLY) {
    if (source[model] !== undefined && source[model] !== '') {
      const pointer = opts.locate(at, model);
      const field = pointer === at ? model : pointer.slice(pointer.lastIndexOf('/') + 1);
      report.add('field_not_translated', pointer, { field, to });
    }
  }
  const clean: SecurityGroup = { ...out };
  delete clean.vpcId;
  delete clean.ownerId;
  delete clean.arn;
  return clean;
}
