/**
 * The EC2 Query API over the emulator's state: `POST /` with `Action=…&Version=2016-11-15&…` (form body,
 * SigV4-signed), XML answers with request-id headers, XML error documents. The calls used for security
 * groups: Describe (paged), Create, Delete, Authorize / Revoke Ingress and Egress, ModifySecurityGroupRules,
 * DescribeManagedPrefixLists and GetManagedPrefixListEntries (paged). Rule requests are first checked by
 * sgbridge's offline EC2 validator, so malformed values get EC2's own error codes.
 */
import { randomUUID } from 'node:crypto';
import { ADAPTERS } from '../../../adapters/index.js';
import { unflattenQuery } from '../../../adapters/aws/query.js';
import { parseQuery } from '../../parse/text.js';
import { ApiError } from '../errors.js';
import type { CloudHandler, EmulatorRequest, EmulatorResponse } from '../http.js';
import type { NewGroupLag } from '../new-groups.js';
import { maxResults, page } from '../paging.js';
import { awsPermissions } from '../snapshot.js';
import type { AwsGroupRecord, AwsRuleRecord, AwsState, PermissionInput } from './state.js';
import { errorXml, responseXml } from './xml.js';

type Params = Record<string, unknown>;

export interface AwsApiHooks {
  /** Called after a call changed a group (IDs of the changed groups). */
  readonly changed?: (action: string, groupIds: readonly string[]) => void;
  /** Actions answered with UnauthorizedOperation (403), to test access-denied handling. */
  readonly denied?: ReadonlySet<string>;
  /** New groups not known yet (eventual consistency after CreateSecurityGroup). */
  readonly newGroups?: NewGroupLag;
}

const MUTATING = new Set([
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'CreateSecurityGroup',
  'DeleteSecurityGroup',
  'ModifySecurityGroupRules',
]);

const list = <T = Params>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : v === undefined ? [] : [v as T]);
const isTrue = (v: unknown) => v === true || v === 'true';

/** An SDK-shape entry in the EC2 XML's spelling: `CidrIp` → `cidrIp`, `Description` → `description`. */
const xmlEntry = (entry: Params): Params =>
  Object.fromEntries(Object.entries(entry).map(([k, v]) => [k[0]!.toLowerCase() + k.slice(1), v]));

/** The permissions of DescribeSecurityGroups (the snapshot's grouping) in the EC2 XML's element names. */
function permissionXml(rules: readonly AwsRuleRecord[]): Params[] {
  return awsPermissions(rules).map((p) => ({
    ipProtocol: p.IpProtocol,
    ...(p.FromPort !== undefined ? { fromPort: p.FromPort, toPort: p.ToPort } : {}),
    groups: p.UserIdGroupPairs.map(xmlEntry),
    ipRanges: p.IpRanges.map(xmlEntry),
    ipv6Ranges: p.Ipv6Ranges.map(xmlEntry),
    prefixListIds: p.PrefixListIds.map(xmlEntry),
  }));
}

function ruleXml(r: AwsRuleRecord, group: AwsGroupRecord): Params {
  const p = r.peer;
  return {
    securityGroupRuleId: r.id,
    groupId: group.groupId,
    groupOwnerId: group.ownerId,
    isEgress: r.isEgress,
    ipProtocol: r.protocol,
    fromPort: r.fromPort ?? -1,
    toPort: r.toPort ?? -1,
    ...(p.kind === 'cidr'
      ? p.cidr.includes(':')
        ? { cidrIpv6: p.cidr }
        : { cidrIpv4: p.cidr }
      : p.kind === 'prefixList'
        ? { prefixListId: p.prefixListId }
        : { referencedGroupInfo: { groupId: p.groupId, userId: p.userId } }),
    ...(r.description !== undefined ? { description: r.description } : {}),
  };
}

export class AwsApi implements CloudHandler {
  constructor(
    readonly state: AwsState,
    private readonly hooks: AwsApiHooks = {},
  ) {}

  private answer(status: number, body: string, requestId: string): EmulatorResponse {
    return {
      status,
      body,
      headers: {
        'content-type': 'text/xml;charset=UTF-8',
        'x-amzn-requestid': requestId,
        'x-amz-request-id': requestId,
      },
    };
  }

  private error(code: string, message: string, status: number): EmulatorResponse {
    const requestId = randomUUID();
    return this.answer(status, errorXml(code, message, requestId), requestId);
  }

  throttled(): EmulatorResponse {
    return this.error('RequestLimitExceeded', 'Request limit exceeded.', 503);
  }

  serverError(): EmulatorResponse {
    return this.error('InternalError', 'An internal error has occurred', 500);
  }

  handle(request: EmulatorRequest): EmulatorResponse {
    const flat = parseQuery(request.method === 'GET' ? request.url.search.slice(1) : request.body);
    const action = flat['Action'] ?? '';
    try {
      if (request.method !== 'POST' && request.method !== 'GET')
        throw new ApiError('InvalidAction', `The HTTP method ${request.method} is not supported`);
      if (!String(request.headers['authorization'] ?? '').startsWith('AWS4-HMAC-SHA256'))
        throw new ApiError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
      if (this.hooks.denied?.has(action))
        throw new ApiError(
          'UnauthorizedOperation',
          'You are not authorized to perform this operation. Encoded authorization failure message: (emulated)',
          403,
        );
      this.hideNewGroups(flat);
      const params = unflattenQuery(flat, new WeakMap());
      const requestId = randomUUID();
      const body = this.call(action, params, flat);
      return this.answer(200, responseXml(action, requestId, body), requestId);
    } catch (e) {
      if (e instanceof ApiError) return this.error(e.code, e.message, e.status);
      throw e;
    }
  }

  /**
   * A call naming a new group the cloud does not know yet (`GroupId`, `GroupId.N`; peers in IpPermissions are
   * not counted) fails as for an unknown ID: `InvalidGroup.NotFound`, naming it.
   */
  private hideNewGroups(flat: Record<string, string>): void {
    const lag = this.hooks.newGroups;
    if (lag === undefined) return;
    for (const [key, id] of Object.entries(flat))
      if (/^GroupId(\.\d+)?$/.test(key) && lag.hides(id))
        throw new ApiError('InvalidGroup.NotFound', `The security group '${id}' does not exist`);
  }

  private unseen(g: AwsGroupRecord): boolean {
    return this.hooks.newGroups?.unseen(g.groupId) ?? false;
  }

  /** Offline EC2 validation of a rule request (EC2's own codes), before any effect. */
  private validate(flat: Record<string, string>): void {
    // Warnings are what EC2 may accept (the state applies its own quota); in-request duplicates are left to
    // the state, which answers InvalidParameterValue as EC2 does (the offline validator names them
    // InvalidPermission.Duplicate).
    const issue = ADAPTERS.aws
      .validate({ format: 'query', value: flat } as never)
      .find((i) => i.severity !== 'warning' && i.providerCode !== 'InvalidPermission.Duplicate');
    if (issue !== undefined) throw new ApiError(issue.providerCode, issue.message);
  }

  private call(action: string, p: Params, flat: Record<string, string>): Params {
    const s = this.state;
    const dryRun = isTrue(p['DryRun']);
    switch (action) {
      case 'DescribeSecurityGroups':
        return this.describeGroups(p);
      case 'DescribeSecurityGroupRules':
        return this.describeRules(p);
      case 'CreateSecurityGroup': {
        const tags = list<Params>(p['TagSpecifications'])
          .flatMap((t) => list<Params>(t['Tags']))
          .map((t) => ({ Key: String(t['Key'] ?? ''), Value: String(t['Value'] ?? '') }));
        if (dryRun) throw new ApiError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
        const g = s.createGroup({
          groupName: p['GroupName'],
          description: p['GroupDescription'],
          vpcId: p['VpcId'],
          tags,
        });
        this.hooks.newGroups?.created(g.groupId);
        this.hooks.changed?.(action, [g.groupId]);
        return {
          groupId: g.groupId,
          tagSet: g.tags.map((t) => ({ key: t.Key, value: t.Value })),
          securityGroupArn: `arn:aws:ec2:emulated:${g.ownerId}:security-group/${g.groupId}`,
        };
      }
      case 'DeleteSecurityGroup': {
        const id = p['GroupId'];
        if (dryRun) {
          s.group(id);
          throw new ApiError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
        }
        s.deleteGroup(id);
        this.hooks.changed?.(action, [String(id)]);
        return { return: true, groupId: id };
      }
      case 'AuthorizeSecurityGroupIngress':
      case 'AuthorizeSecurityGroupEgress': {
        this.validate(flat);
        const egress = action.endsWith('Egress');
        const added = s.authorize(this.groupIdOf(p, egress), egress, list<PermissionInput>(p['IpPermissions']), dryRun);
        const group = s.group(this.groupIdOf(p, egress));
        this.hooks.changed?.(action, [group.groupId]);
        return { return: true, securityGroupRuleSet: added.map((r) => ruleXml(r, group)) };
      }
      case 'RevokeSecurityGroupIngress':
      case 'RevokeSecurityGroupEgress': {
        this.validate(flat);
        const egress = action.endsWith('Egress');
        const group = s.group(this.groupIdOf(p, egress));
        const revoked = s.revoke(
          group.groupId,
          egress,
          list<PermissionInput>(p['IpPermissions']),
          list<string>(p['SecurityGroupRuleIds']),
          dryRun,
        );
        this.hooks.changed?.(action, [group.groupId]);
        return {
          return: true,
          revokedSecurityGroupRuleSet: revoked.map((r) => ({
            securityGroupRuleId: r.id,
            groupId: group.groupId,
            isEgress: r.isEgress,
            ipProtocol: r.protocol,
          })),
        };
      }
      case 'ModifySecurityGroupRules': {
        const group = s.group(p['GroupId']);
        const items = list<Params>(p['SecurityGroupRule']);
        if (items.length === 0)
          throw new ApiError('MissingParameter', 'The request must contain the parameter SecurityGroupRule');
        if (dryRun) throw new ApiError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
        // The Query unflattener names every `SecurityGroupRuleId` key as the revoke list's `SecurityGroupRuleIds`.
        for (const item of items)
          s.modifyRule(
            group.groupId,
            String(item['SecurityGroupRuleId'] ?? item['SecurityGroupRuleIds'] ?? ''),
            item['SecurityGroupRule'] ?? {},
          );
        this.hooks.changed?.(action, [group.groupId]);
        return { return: true };
      }
      case 'DescribeManagedPrefixLists': {
        const ids = list<string>(p['PrefixListId']);
        for (const id of ids)
          if (!s.prefixLists.has(id))
            throw new ApiError('InvalidPrefixListID.NotFound', `The prefix list ID '${id}' does not exist`);
        const lists = [...s.prefixLists.values()].filter((l) => ids.length === 0 || ids.includes(l.prefixListId));
        const size = maxResults(p['MaxResults'], 1, 100, 100, 'InvalidParameterValue');
        const got = page(lists, size, p['NextToken'] as string | undefined, 'InvalidNextToken');
        return {
          prefixListSet: got.items.map((l) => ({
            prefixListId: l.prefixListId,
            addressFamily: l.addressFamily,
            state: 'create-complete',
            prefixListName: l.prefixListName,
            maxEntries: l.maxEntries,
            version: 1,
            ownerId: l.ownerId,
          })),
          ...(got.nextToken ? { nextToken: got.nextToken } : {}),
        };
      }
      case 'GetManagedPrefixListEntries': {
        const id = String(p['PrefixListId'] ?? '');
        const l = s.prefixLists.get(id);
        if (l === undefined)
          throw new ApiError('InvalidPrefixListID.NotFound', `The prefix list ID '${id}' does not exist`);
        const size = maxResults(p['MaxResults'], 1, 100, 100, 'InvalidParameterValue');
        const got = page(l.entries, size, p['NextToken'] as string | undefined, 'InvalidNextToken');
        return {
          entrySet: got.items.map((e) => ({ cidr: e.Cidr, ...(e.Description ? { description: e.Description } : {}) })),
          ...(got.nextToken ? { nextToken: got.nextToken } : {}),
        };
      }
      default:
        throw new ApiError('InvalidAction', `The action ${action || '(none)'} is not valid for this web service.`);
    }
  }

  /** Ingress may name a default-VPC group by GroupName; egress needs the ID. */
  private groupIdOf(p: Params, egress: boolean): unknown {
    if (p['GroupId'] !== undefined || egress) return p['GroupId'];
    const name = p['GroupName'];
    const g = [...this.state.groups.values()].find((x) => x.groupName === name && x.vpcId === 'vpc-default');
    if (g === undefined)
      throw new ApiError(
        'InvalidGroup.NotFound',
        `The security group '${String(name ?? '')}' does not exist in default VPC`,
      );
    return g.groupId;
  }

  private matchingGroups(p: Params): AwsGroupRecord[] {
    const ids = list<string>(p['GroupId']);
    for (const id of ids) this.state.group(id);
    let groups =
      ids.length > 0
        ? ids.map((id) => this.state.group(id))
        : [...this.state.groups.values()].filter((g) => !this.unseen(g));
    const names = list<string>(p['GroupName']);
    if (names.length > 0) groups = groups.filter((g) => names.includes(g.groupName));
    for (const f of list<Params>(p['Filter'])) {
      const name = String(f['Name'] ?? '');
      const values = list<string>(f['Value']).map(String);
      const test: ((g: AwsGroupRecord) => boolean) | undefined =
        name === 'vpc-id'
          ? (g) => values.includes(g.vpcId)
          : name === 'group-id'
            ? (g) => values.includes(g.groupId)
            : name === 'group-name'
              ? (g) => values.includes(g.groupName)
              : name === 'description'
                ? (g) => values.includes(g.description)
                : name === 'owner-id'
                  ? (g) => values.includes(g.ownerId)
                  : name === 'tag-key'
                    ? (g) => g.tags.some((t) => values.includes(t.Key))
                    : name.startsWith('tag:')
                      ? (g) => g.tags.some((t) => t.Key === name.slice(4) && values.includes(t.Value))
                      : undefined;
      if (test === undefined) throw new ApiError('InvalidParameterValue', `The filter '${name}' is invalid`);
      groups = groups.filter(test);
    }
    return groups;
  }

  private describeGroups(p: Params): Params {
    const groups = this.matchingGroups(p);
    const size = maxResults(p['MaxResults'], 5, 1000, Number.MAX_SAFE_INTEGER, 'InvalidParameterValue');
    const got = page(groups, size, p['NextToken'] as string | undefined, 'InvalidParameterValue');
    const visible = (g: AwsGroupRecord) => g.rules.filter((r) => this.state.isVisible(r));
    return {
      securityGroupInfo: got.items.map((g) => ({
        ownerId: g.ownerId,
        groupId: g.groupId,
        groupName: g.groupName,
        groupDescription: g.description,
        vpcId: g.vpcId,
        securityGroupArn: `arn:aws:ec2:emulated:${g.ownerId}:security-group/${g.groupId}`,
        ...(g.tags.length > 0 ? { tagSet: g.tags.map((t) => ({ key: t.Key, value: t.Value })) } : {}),
        ipPermissions: permissionXml(visible(g).filter((r) => !r.isEgress)),
        ipPermissionsEgress: permissionXml(visible(g).filter((r) => r.isEgress)),
      })),
      ...(got.nextToken ? { nextToken: got.nextToken } : {}),
    };
  }

  private describeRules(p: Params): Params {
    let groups = [...this.state.groups.values()].filter((g) => !this.unseen(g));
    for (const f of list<Params>(p['Filter'])) {
      if (f['Name'] !== 'group-id')
        throw new ApiError('InvalidParameterValue', `The filter '${String(f['Name'])}' is invalid`);
      const values = list<string>(f['Value']);
      groups = groups.filter((g) => values.includes(g.groupId));
    }
    const rules = groups.flatMap((g) => g.rules.filter((r) => this.state.isVisible(r)).map((r) => ruleXml(r, g)));
    const size = maxResults(p['MaxResults'], 5, 1000, Number.MAX_SAFE_INTEGER, 'InvalidParameterValue');
    const got = page(rules, size, p['NextToken'] as string | undefined, 'InvalidParameterValue');
    return { securityGroupRuleSet: got.items, ...(got.nextToken ? { nextToken: got.nextToken } : {}) };
  }
}

export { MUTATING as AWS_MUTATING_ACTIONS };
