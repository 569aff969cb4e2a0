/**
 * `plan --create`: plans for desired groups that have no target group yet. A desired group whose ID the
 * mapping does not pair (and that no `--base` group answers) is planned onto the group its target cloud
 * creates — the new group's defaults read as that cloud describes them (AWS: egress all to 0.0.0.0/0; Aliyun:
 * no rules, InnerAccessPolicy Accept for a basic group, Drop for an enterprise one) — and the plan starts with
 * `CreateSecurityGroup`. Its target ID is a placeholder that `apply` replaces with the ID the cloud returns,
 * and `target.sourceGroupId` names the desired group, so `apply` can write the pair into the mapping file.
 */
import { createHash } from 'node:crypto';
import { detectInput, readDetected } from '../../adapters/index.js';
import { assignToGroups } from '../convert/assign-findings.js';
import { mapRegion } from '../convert/region.js';
import { TranslateError, withFile } from '../errors.js';
import { parseInput, type ParsedInput } from '../parse/text.js';
import { EMPTY_MAPPING, createMapping, type Mapping } from '../idmap/index.js';
import type { SecurityGroup } from '../model/group.js';
import type { ProviderId } from '../model/rule.js';
import { Report, type Finding } from '../report/report.js';
import { planGroup, type PlanOptions } from './plan.js';
import type { Plan, PlanResult } from './types.js';

export interface CreateOptions extends PlanOptions {
  /** The target cloud when no base is given (else the base's cloud). */
  readonly to?: ProviderId;
  /** The target region (else the desired group's region, mapped as convert maps it). */
  readonly region?: string;
  /** The VPC for new groups whose VPC the mapping's `vpcs` section does not name. */
  readonly vpcId?: string;
  /** The mapping file's path, recorded in each plan that creates a group (`mappingFile`) for apply's write-back. */
  readonly mappingFile?: string;
}

const REQUEST_SHAPES = new Set(['authorize-request', 'rule-request', 'sdk-request']);

/** The placeholder ID of the group created for a desired group (stable, so a re-made plan is the same plan). */
export function placeholderId(sourceId: string | undefined, index: number): string {
  return `sg-sgbridge-new-${createHash('sha256')
    .update(sourceId ?? `#${index}`)
    .digest('hex')
    .slice(0, 12)}`;
}

/** A new group as its cloud describes it right after CreateSecurityGroup (read by the cloud's own reader). */
export function newGroup(
  to: ProviderId,
  id: string,
  region: string | undefined,
  type: 'normal' | 'enterprise',
): SecurityGroup {
  const value =
    to === 'aws'
      ? {
          SecurityGroups: [
            {
              GroupId: id,
              IpPermissions: [],
              IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
            },
          ],
        }
      : {
          ...(region !== undefined && { RegionId: region }),
          SecurityGroupId: id,
          SecurityGroupType: type,
          InnerAccessPolicy: type === 'enterprise' ? 'Drop' : 'Accept',
          Permissions: { Permission: [] },
        };
  const parsed: ParsedInput = { format: 'json', value };
  return readDetected(parsed, detectInput(parsed, to), new Report()).groups[0]!;
}

function createStep(
  to: ProviderId,
  desired: SecurityGroup,
  region: string | undefined,
  vpcId: string | undefined,
  type: 'normal' | 'enterprise',
): Plan['steps'][number] {
  const source = desired.id ?? desired.name ?? 'the desired group';
  // EC2 requires a name (not starting with "sg-") and a description.
  const name = desired.name ?? `sgbridge-${source}`;
  const description = desired.description ?? `created by sgbridge from ${source}`;
  if (to === 'aws') {
    return {
      action: 'CreateSecurityGroup',
      request: { GroupName: name, Description: description, VpcId: vpcId! },
      transient: false,
    };
  }
  const request: Record<string, unknown> = {};
  if (region !== undefined) request['RegionId'] = region;
  if (vpcId !== undefined) request['VpcId'] = vpcId;
  request['SecurityGroupName'] = name;
  request['Description'] = description;
  request['SecurityGroupType'] = type;
  return { action: 'CreateSecurityGroup', request, transient: false };
}

/** Plan one desired group onto the group its target cloud creates for it. */
export function planNewGroup(
  desired: SecurityGroup,
  to: ProviderId,
  index: number,
  mapping: Mapping,
  options: CreateOptions,
  readFindings: readonly Finding[] = [],
): Plan {
  const at = desired.pointer ?? '';
  const region = options.region ?? mapRegion(desired.region, desired.provider, to, mapping, new Report(), at);
  const vpcId =
    (desired.vpcId !== undefined ? mapping.counterpart('vpcs', desired.vpcId) : undefined) ??
    options.vpcId ??
    (desired.provider === to ? desired.vpcId : undefined);
  if (to === 'aws' && vpcId === undefined) {
    throw new TranslateError(
      'usage',
      `sgbridge plan --create: no VPC for the new AWS group of ${desired.id ?? at}; name one with --vpc-id, or pair its VPC${desired.vpcId !== undefined ? ` (${desired.vpcId})` : ''} in the mapping's "vpcs" section`,
    );
  }
  const type =
    to === 'aliyun' && desired.provider === 'aliyun' && desired.type === 'enterprise' ? 'enterprise' : 'normal';
  const id = placeholderId(desired.id, index);
  const planned = planGroup(desired, newGroup(to, id, region, type), options, readFindings);
  return {
    ...planned,
    target: {
      ...planned.target,
      ...(region !== undefined && { region }),
      ...(desired.id !== undefined && { sourceGroupId: desired.id }),
    },
    steps: [createStep(to, desired, region, vpcId, type), ...planned.steps],
    ...(options.mappingFile !== undefined && desired.id !== undefined && { mappingFile: options.mappingFile }),
  };
}

/**
 * Plan every desired group: onto its base group when `base` holds its counterpart, else onto a new group.
 * A group the mapping pairs with a target ID that no base holds is an error: it exists, so it is not created.
 */
export function planCreate(
  desired: ParsedInput | string,
  base: ParsedInput | string | undefined,
  options: CreateOptions = {},
): PlanResult {
  const mapping =
    options.map === undefined
      ? EMPTY_MAPPING
      : typeof (options.map as Mapping).counterpart === 'function'
        ? (options.map as Mapping)
        : createMapping(options.map);
  const bases =
    base === undefined
      ? []
      : withFile(options.baseFile, () => {
          const p = typeof base === 'string' ? parseInput(base, options.baseFile) : base;
          return readDetected(p, detectInput(p), new Report(), options.baseFile).groups;
        });
  const to = bases[0]?.provider ?? options.to;
  if (to === undefined)
    throw new TranslateError(
      'usage',
      'sgbridge plan --create: name the target cloud with --to aws|aliyun (or give --base)',
    );
  if (options.to !== undefined && options.to !== to)
    throw new TranslateError(
      'usage',
      `sgbridge plan --create: --to ${options.to} but the base groups are ${to} groups`,
    );
  return withFile(options.file, () => {
    const p = typeof desired === 'string' ? parseInput(desired, options.file) : desired;
    const detected = detectInput(p, options.from);
    if (REQUEST_SHAPES.has(detected.shape))
      throw new TranslateError('usage', 'sgbridge plan --create: the desired input must be groups, not a request');
    const readReport = new Report();
    const read = readDetected(p, detected, readReport, options.file);
    const perGroup = assignToGroups(
      readReport.findings,
      read.groups.map((g) => g.pointer ?? ''),
    );
    const plans = read.groups.map((g, i) => {
      const paired =
        g.id === undefined
          ? undefined
          : g.provider === to && bases.some((b) => b.id === g.id)
            ? g.id
            : mapping.counterpart('groups', g.id);
      const onto = bases.find((b) => paired !== undefined && b.id === paired);
      if (onto !== undefined) return planGroup(g, onto, options, perGroup[i] ?? []);
      if (paired !== undefined) {
        throw new TranslateError(
          'usage',
          `sgbridge plan --create: the mapping pairs ${g.id} with ${paired}, which exists: give it with --base (e.g. a pulled ${to}:<region>/${paired})`,
        );
      }
      return planNewGroup(g, to, i, mapping, options, perGroup[i] ?? []);
    });
    return { plans };
  });
}
