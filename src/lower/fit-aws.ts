/**
 * An AWS group made fit for AWS's payloads: what the DescribeSecurityGroups item or the Authorize requests
 * cannot hold is dropped here, each drop reported at the field's pointer, and text is rewritten to AWS's
 * character set and lengths (reported). The writers (adapters/aws/write*.ts) then only format, and fail as
 * internal errors on anything this step did not remove.
 */
import { RuleIdentities, assertWritable } from '../../adapters/aws/write-permissions.js';
import { FORBIDDEN_NAME_PREFIX, awsText } from '../../adapters/aws/strings.js';
import {
  DEFAULT_GROUP_DESCRIPTION,
  DESCRIBE_SHAPE_NAME,
  REQUEST_SHAPE_NAME,
  isNewGroupDefaultEgress,
} from '../../adapters/aws/write.js';
import type { SecurityGroup } from '../model/group.js';
import type { Rule } from '../model/rule.js';
import type { Report } from '../report/report.js';
import type { PayloadShape } from './fit.js';

/** Group fields no AWS shape holds, reported once per group. */
function dropGroupOnlyFields(group: SecurityGroup, out: SecurityGroup, report: Report): void {
  const pointer = group.pointer ?? '';
  if (group.type !== undefined)
    report.add('field_not_translated', pointer, { field: `type (${group.type})`, to: 'AWS' });
  if (group.innerAccessPolicy !== undefined) {
    // Its meaning (members reach each other) is the engine's to compile into a self-reference; the field itself has no AWS counterpart.
    report.add('field_not_translated', pointer, { field: `innerAccessPolicy (${group.innerAccessPolicy})`, to: 'AWS' });
  }
  // The item has no region (it is the API endpoint's). A region the conversion mapped is already reported by
  // region_mapped with its target; saying "not carried over" beside it would contradict it.
  const mapped = report.findings.some((f) => f.code === 'region_mapped');
  if (group.region !== undefined && !mapped)
    report.add('field_not_translated', pointer, {
      field: `region (${group.region})`,
      to: `the ${DESCRIBE_SHAPE_NAME} item`,
    });
  delete out.type;
  delete out.innerAccessPolicy;
  delete out.region;
}

function groupName(group: SecurityGroup, pointer: string, report: Report): string {
  const source = group.name ?? group.id ?? 'sgbridge-group';
  let name = awsText(source, 'group', pointer, report);
  if (FORBIDDEN_NAME_PREFIX.test(name)) name = `group-${name}`;
  if (name === '') name = 'sgbridge-group';
  if (name !== group.name) report.add('name_rewritten', pointer, { from: group.name ?? '', to: 'AWS', name });
  return name;
}

function groupDescription(group: SecurityGroup, pointer: string, report: Report): string {
  if (group.description === undefined || group.description === '') {
    report.add('description_missing', pointer, { to: 'AWS', value: DEFAULT_GROUP_DESCRIPTION });
    return DEFAULT_GROUP_DESCRIPTION;
  }
  return awsText(group.description, 'group', pointer, report);
}

/**
 * Rules of one direction as AWS can hold them, in order: NIC types, rule tags, prefix-list names and owner
 * account names dropped (reported), a rule AWS already holds (same protocol, ports and peer) left out
 * (`duplicate_rule`: AWS rejects it), descriptions in AWS's character set. `shape` is named in `tags_dropped`.
 * Throws what the writer would (an internal error) for a rule the compile step must have removed.
 */
export function fitAwsRules(rules: readonly Rule[], shape: string, fallbackPointer: string, report: Report): Rule[] {
  const out: Rule[] = [];
  const seen = new RuleIdentities();
  for (const rule of rules) {
    const pointer = rule.origin?.pointer ?? fallbackPointer;
    assertWritable(rule, pointer);
    let fitted = rule;
    const edit = (): Rule => (fitted === rule ? (fitted = { ...rule }) : fitted);
    if (rule.nicType !== undefined) {
      report.add('nic_type_dropped', pointer, { nicType: rule.nicType, to: 'AWS' });
      delete edit().nicType;
    }
    if (rule.tags !== undefined) {
      if (rule.tags.length > 0) report.add('tags_dropped', pointer, { count: rule.tags.length, shape, to: 'AWS' });
      delete edit().tags;
    }
    // AWS rejects a rule given twice (InvalidPermission.Duplicate) whatever the descriptions say: keep the first.
    if (!seen.add(rule)) {
      report.add('duplicate_rule', pointer);
      continue;
    }
    if (rule.description !== undefined) {
      const text = awsText(rule.description, 'rule', pointer, report);
      if (text !== rule.description) edit().description = text;
    }
    const peer = rule.peer;
    if (peer.kind === 'prefixList' && peer.name !== undefined) {
      report.add('field_not_translated', pointer, { field: `prefix list name (${peer.name})`, to: 'AWS' });
      edit().peer = { kind: 'prefixList', prefixListId: peer.prefixListId };
    } else if (peer.kind === 'group' && peer.ownerAccount !== undefined) {
      report.add('field_not_translated', pointer, { field: `ownerAccount (${peer.ownerAccount})`, to: 'AWS' });
      const { ownerAccount: _, ...rest } = peer;
      edit().peer = rest;
    }
    out.push(fitted);
  }
  return out;
}

export function fitAws(group: SecurityGroup, shape: PayloadShape, report: Report): SecurityGroup {
  const pointer = group.pointer ?? '';
  const out: SecurityGroup = { ...group };
  dropGroupOnlyFields(group, out, report);
  const ingress = group.rules.filter((r) => r.direction === 'ingress');
  const egress = group.rules.filter((r) => r.direction === 'egress');
  if (shape === 'describe') {
    out.description = groupDescription(group, pointer, report);
    out.name = groupName(group, pointer, report);
    out.rules = [
      ...fitAwsRules(ingress, DESCRIBE_SHAPE_NAME, pointer, report),
      ...fitAwsRules(egress, DESCRIBE_SHAPE_NAME, pointer, report),
    ];
    return out;
  }
  if (group.tags !== undefined) {
    if (group.tags.length > 0)
      report.add('tags_dropped', pointer, { count: group.tags.length, shape: REQUEST_SHAPE_NAME, to: 'AWS' });
    delete out.tags;
  }
  const fittedIngress = fitAwsRules(ingress, REQUEST_SHAPE_NAME, pointer, report);
  // A new VPC group already has the all-traffic IPv4 egress rule: it is never authorized again, and when the
  // group must not have it, the writer revokes it first (see writeRequests).
  const defaults = egress.filter(isNewGroupDefaultEgress);
  if (defaults.length > 0)
    report.add('new_group_default_egress', pointer, { what: 'is kept: it is not authorized again' });
  else if (group.id !== undefined)
    report.add('new_group_default_egress', pointer, { what: 'must go: RevokeSecurityGroupEgress of it comes first' });
  else
    report.add('new_group_default_egress', pointer, {
      what: 'must go, but without a group ID no request can revoke it: revoke it by hand',
    });
  const fittedEgress = fitAwsRules(
    egress.filter((r) => !isNewGroupDefaultEgress(r)),
    REQUEST_SHAPE_NAME,
    pointer,
    report,
  );
  // The default rule stays as it is: the writer only reads whether it is there.
  out.rules = [...fittedIngress, ...defaults, ...fittedEgress];
  return out;
}
