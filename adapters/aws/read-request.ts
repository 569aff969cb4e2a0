/**
 * AuthorizeSecurityGroupIngress/Egress and RevokeSecurityGroupIngress/Egress inputs (SDK JSON or the EC2 Query
 * form unflattened by query.ts) → one canonical group holding the rules the request names. The payload itself
 * does not say ingress or egress: an `Action` field decides, then a caller's hint (a CLI command), else ingress
 * is assumed and reported (`direction_assumed`). The legacy flat form (IpProtocol, FromPort, ToPort, CidrIp,
 * SourceSecurityGroupName, SourceSecurityGroupOwnerId) is read as one more permission.
 */
import type { SecurityGroup } from '../../src/model/group.js';
import { MODEL_VERSION } from '../../src/model/version.js';
import type { Direction, Rule, Tag } from '../../src/model/rule.js';
import { isLeftOut, type Report } from '../../src/report/report.js';
import { FLAT_PERMISSION_FIELDS, REQUEST_FIELDS, TAG_SPECIFICATION_FIELDS, reportUnknownFields } from './fields.js';
import { invalid, type Node } from './values.js';
import { compact, readCidr, readMatch, readPermission, readTags } from './read-permission.js';

export const AUTHORIZE_REQUEST = 'authorize-request';

export type Operation = 'authorize' | 'revoke' | 'modify';

/** EC2 actions whose input holds IpPermissions, with what they do and to which direction. */
export const REQUEST_ACTIONS: Readonly<Record<string, { operation: Operation; direction: Direction }>> = {
  AuthorizeSecurityGroupIngress: { operation: 'authorize', direction: 'ingress' },
  AuthorizeSecurityGroupEgress: { operation: 'authorize', direction: 'egress' },
  RevokeSecurityGroupIngress: { operation: 'revoke', direction: 'ingress' },
  RevokeSecurityGroupEgress: { operation: 'revoke', direction: 'egress' },
  UpdateSecurityGroupRuleDescriptionsIngress: { operation: 'modify', direction: 'ingress' },
  UpdateSecurityGroupRuleDescriptionsEgress: { operation: 'modify', direction: 'egress' },
};

export interface RequestHint {
  readonly operation: Operation;
  readonly direction: Direction;
  /** Where the hint came from, for the report (e.g. `/Examples/2/Command`). */
  readonly pointer: string;
}

/** Tags the request puts on the rules it creates (TagSpecifications with ResourceType security-group-rule). */
function readRuleTags(req: Node, report: Report): Tag[] | undefined {
  let tags: Tag[] | undefined;
  for (const spec of req.list('TagSpecifications')) {
    reportUnknownFields(spec, TAG_SPECIFICATION_FIELDS, report, AUTHORIZE_REQUEST);
    const type = spec.str('ResourceType');
    const specTags = readTags(spec, 'Tags', report, AUTHORIZE_REQUEST) ?? [];
    if (type !== undefined && type !== 'security-group-rule') {
      report.add('field_not_translated', spec.at('ResourceType'), {
        field: `TagSpecifications of ResourceType ${type}`,
        to: 'the canonical rules',
      });
      continue;
    }
    tags = [...(tags ?? []), ...specTags];
  }
  return tags;
}

/** The legacy flat form as one more rule (at most one peer each: CidrIp and/or a source group by name). */
function readFlatPermission(req: Node, direction: Direction, tags: Tag[] | undefined, report: Report): Rule[] {
  if (!FLAT_PERMISSION_FIELDS.some((k) => req.has(k))) return [];
  const match = readMatch(req, report);
  const rules: Rule[] = [];
  const base = { direction, action: 'allow' as const, tags };
  if (req.has('CidrIp')) {
    const cidr = readCidr(req, 'CidrIp', 4, report);
    if (!isLeftOut(cidr) && !isLeftOut(match)) {
      rules.push(
        compact({
          ...base,
          ...match,
          peer: { kind: 'cidr' as const, cidr },
          origin: { provider: 'aws' as const, pointer: req.at('CidrIp') },
        }),
      );
    }
  }
  const groupName = req.str('SourceSecurityGroupName');
  if (groupName !== undefined && !isLeftOut(match)) {
    const peer = compact({ kind: 'group' as const, groupName, ownerId: req.str('SourceSecurityGroupOwnerId') });
    rules.push(
      compact({
        ...base,
        ...match,
        peer,
        origin: { provider: 'aws' as const, pointer: req.at('SourceSecurityGroupName') },
      }),
    );
  } else if (req.has('SourceSecurityGroupOwnerId') && groupName === undefined) {
    throw invalid(
      'SourceSecurityGroupOwnerId needs SourceSecurityGroupName',
      req.at('SourceSecurityGroupOwnerId'),
      'MissingParameter',
    );
  }
  if (!req.has('CidrIp') && groupName === undefined) {
    throw invalid('the flat form needs CidrIp or SourceSecurityGroupName', req.at('IpProtocol'), 'MissingParameter');
  }
  return rules;
}

/** Operation and direction of a request: its Action, else the hint, else authorize/ingress (reported). */
function requestKind(req: Node, report: Report, hint?: RequestHint): { operation: Operation; direction: Direction } {
  const action = req.str('Action');
  if (action !== undefined) {
    const known = REQUEST_ACTIONS[action];
    if (known === undefined)
      throw invalid(`Action ${action} does not take IpPermissions`, req.at('Action'), 'InvalidAction');
    return known;
  }
  if (hint !== undefined) return hint;
  report.add('direction_assumed', req.pointer, { assumed: 'ingress', reason: 'no Action field in the request' });
  return { operation: 'authorize', direction: 'ingress' };
}

export function readRequest(
  req: Node,
  report: Report,
  hint?: RequestHint,
): { group: SecurityGroup; operation: Operation } {
  reportUnknownFields(req, REQUEST_FIELDS, report, AUTHORIZE_REQUEST);
  const { operation, direction } = requestKind(req, report, hint);
  const tags = readRuleTags(req, report);
  if (req.has('SecurityGroupRuleIds')) {
    // Revoke by ID names rules without their content: nothing to read into the model.
    for (const id of req.strList('SecurityGroupRuleIds')) {
      report.add('field_not_translated', id.pointer, {
        field: `SecurityGroupRuleIds (${id.value})`,
        to: 'the canonical model',
      });
    }
  }
  const rules = [
    ...req
      .list('IpPermissions')
      .flatMap((p) =>
        readPermission(p, { direction, report, shape: AUTHORIZE_REQUEST, tags }).filter(
          (r): r is Rule => !isLeftOut(r),
        ),
      ),
    ...readFlatPermission(req, direction, tags, report),
  ];
  const group = compact({
    modelVersion: MODEL_VERSION,
    provider: 'aws' as const,
    id: req.str('GroupId'),
    name: req.str('GroupName'),
    rules,
    pointer: req.pointer,
  });
  // Where the group's ID came from (src/model/provenance.ts).
  // A query's GroupId is a parameter of the request object itself, so its pointer is recorded for every input.
  if (req.has('GroupId')) report.provenance.record(req.pointer, 'id', req.at('GroupId'));
  return { group, operation };
}
