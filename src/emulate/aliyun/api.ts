/**
 * The ECS RPC API (2014-05-26) over the emulator's state. The SDK's default signer (ACS3-HMAC-SHA256) sends
 * every parameter in the query string and the action only in the `x-acs-action` header; the legacy signer
 * (`signatureAlgorithm: 'v2'`) sends `Action` as a parameter. Both are routed. Answers are JSON with
 * `RequestId`; errors are `{RequestId, HostId, Code, Message, Recommend}` with the cloud's status. Rule
 * requests are first checked by sgbridge's offline ECS validator, so malformed values get ECS's own codes.
 * A `ClientToken` makes a call idempotent: the same token with the same parameters answers as the first call
 * did without a second effect; with other parameters it is `IdempotentParameterMismatch`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ADAPTERS } from '../../../adapters/index.js';
import { parseQuery } from '../../parse/text.js';
import { ApiError } from '../errors.js';
import type { CloudHandler, EmulatorRequest, EmulatorResponse } from '../http.js';
import type { NewGroupLag } from '../new-groups.js';
import { maxResults, page } from '../paging.js';
import { WRITABLE_FIELDS, type AliyunGroupRecord, type AliyunState, type Permission } from './state.js';

export interface AliyunApiHooks {
  readonly changed?: (action: string, groupIds: readonly string[]) => void;
  /** Actions answered with `Forbidden.RAM` (403), to test access-denied handling. */
  readonly denied?: ReadonlySet<string>;
  /** New groups not known yet (eventual consistency after CreateSecurityGroup). */
  readonly newGroups?: NewGroupLag;
}

type Params = Record<string, string>;
type Body = Record<string, unknown>;

const RULE_ACTIONS: Readonly<
  Record<string, { direction: 'ingress' | 'egress'; op: 'authorize' | 'revoke' | 'modify' }>
> = {
  AuthorizeSecurityGroup: { direction: 'ingress', op: 'authorize' },
  AuthorizeSecurityGroupEgress: { direction: 'egress', op: 'authorize' },
  RevokeSecurityGroup: { direction: 'ingress', op: 'revoke' },
  RevokeSecurityGroupEgress: { direction: 'egress', op: 'revoke' },
  ModifySecurityGroupRule: { direction: 'ingress', op: 'modify' },
  ModifySecurityGroupEgressRule: { direction: 'egress', op: 'modify' },
};

/** Parameters that are not part of a call's meaning (signature and protocol fields of the legacy signer). */
const PROTOCOL_PARAMS = new Set([
  'Action',
  'Version',
  'Format',
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'SignatureType',
  'Timestamp',
  'SecurityToken',
  'ClientToken',
]);

/** `Name.N.Field` / `Name.N` parameters as a list, in index order. */
function indexed(params: Params, name: string): { index: number; fields: Params; value?: string }[] {
  const byIndex = new Map<number, { index: number; fields: Params; value?: string }>();
  const re = new RegExp(`^${name.replace('.', '\\.')}\\.(\\d+)(?:\\.(.+))?$`);
  for (const [k, v] of Object.entries(params)) {
    const m = re.exec(k);
    if (m === null) continue;
    const index = Number(m[1]);
    const item = byIndex.get(index) ?? { index, fields: {} };
    if (m[2] === undefined) item.value = v;
    else item.fields[m[2]] = v;
    byIndex.set(index, item);
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

function describePermission(p: Permission): Body {
  const out: Body = {};
  for (const f of [
    'SecurityGroupRuleId',
    'Direction',
    'SourceGroupId',
    'DestGroupOwnerAccount',
    'DestPrefixListId',
    'SourceCidrIp',
    'Ipv6DestCidrIp',
    'CreateTime',
    'Ipv6SourceCidrIp',
    'DestGroupId',
    'DestCidrIp',
    'IpProtocol',
    'Priority',
    'NicType',
    'Policy',
    'Description',
    'PortRange',
    'SourcePrefixListId',
    'SourceGroupOwnerAccount',
    'SourcePortRange',
    'PortRangeListId',
  ]) {
    out[f] = p[f] ?? '';
  }
  return out;
}

export class AliyunApi implements CloudHandler {
  private readonly tokens = new Map<string, { fingerprint: string; body: Body }>();

  constructor(
    readonly state: AliyunState,
    private readonly hooks: AliyunApiHooks = {},
  ) {}

  private answer(status: number, body: Body): EmulatorResponse {
    return {
      status,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': String(body['RequestId']) },
    };
  }

  private error(code: string, message: string, status: number): EmulatorResponse {
    return this.answer(status, {
      RequestId: randomUUID().toUpperCase(),
      HostId: 'ecs.emulated',
      Code: code,
      Message: message,
      Recommend: 'https://api.aliyun.com/troubleshoot (emulated)',
    });
  }

  throttled(): EmulatorResponse {
    return this.error('Throttling.User', 'Request was denied due to user flow control.', 400);
  }

  serverError(): EmulatorResponse {
    return this.error('ServiceUnavailable', 'The request has failed due to a temporary failure of the server.', 503);
  }

  handle(request: EmulatorRequest): EmulatorResponse {
    const params: Params = {
      ...Object.fromEntries(request.url.searchParams),
      ...(request.body ? parseQuery(request.body) : {}),
    };
    const action = String(request.headers['x-acs-action'] ?? params['Action'] ?? '');
    try {
      const auth = String(request.headers['authorization'] ?? '');
      if (!auth.startsWith('ACS3-HMAC-SHA256') && params['Signature'] === undefined)
        throw new ApiError('IncompleteSignature', 'The request signature does not conform to Aliyun standards.');
      if (this.hooks.denied?.has(action))
        throw new ApiError(
          'Forbidden.RAM',
          'User not authorized to operate on the specified resource, or this API does not support RAM.',
          403,
        );
      this.hideNewGroup(action, params);
      const token = params['ClientToken'];
      const fingerprint = token !== undefined ? this.fingerprint(action, params) : '';
      if (token !== undefined) {
        if (token.length > 64 || !/^[\x20-\x7e]*$/.test(token))
          throw new ApiError('InvalidClientToken.Malformed', 'The specified ClientToken is not valid.');
        const seen = this.tokens.get(token);
        if (seen !== undefined) {
          if (seen.fingerprint !== fingerprint)
            throw new ApiError(
              'IdempotentParameterMismatch',
              'The request uses the same client token as a previous, but non-identical request.',
            );
          return this.answer(200, { ...seen.body, RequestId: randomUUID().toUpperCase() });
        }
      }
      const body = { RequestId: randomUUID().toUpperCase(), ...this.call(action, params) };
      if (token !== undefined) this.tokens.set(token, { fingerprint, body });
      return this.answer(200, body);
    } catch (e) {
      if (e instanceof ApiError) return this.error(e.code, e.message, e.status);
      throw e;
    }
  }

  /**
   * A call naming a new group ECS does not know yet by `SecurityGroupId` fails as for an unknown ID
   * (`InvalidSecurityGroupId.NotFound`, 404); DescribeSecurityGroups leaves it out of its list instead (also
   * when named by `SecurityGroupIds`, which counts as a call naming it).
   */
  private hideNewGroup(action: string, params: Params): void {
    const lag = this.hooks.newGroups;
    if (lag === undefined || action === 'DescribeSecurityGroups') return;
    const id = params['SecurityGroupId'];
    if (id !== undefined && lag.hides(id))
      throw new ApiError('InvalidSecurityGroupId.NotFound', 'The specified SecurityGroupId does not exist.', 404);
  }

  /** Whether DescribeSecurityGroups leaves a group out: new and not known yet (a call naming it is counted). */
  private unseen(g: AliyunGroupRecord, named: boolean): boolean {
    const lag = this.hooks.newGroups;
    if (lag === undefined) return false;
    return named ? lag.hides(g.securityGroupId) : lag.unseen(g.securityGroupId);
  }

  private fingerprint(action: string, params: Params): string {
    const keys = Object.keys(params)
      .filter((k) => !PROTOCOL_PARAMS.has(k))
      .sort();
    return createHash('sha256')
      .update(action)
      .update(JSON.stringify(keys.map((k) => [k, params[k]])))
      .digest('hex');
  }

  private call(action: string, p: Params): Body {
    const s = this.state;
    const rule = RULE_ACTIONS[action];
    if (rule !== undefined) return this.ruleCall(action, rule, p);
    switch (action) {
      case 'DescribeSecurityGroups':
        return this.describeGroups(p);
      case 'DescribeSecurityGroupAttribute':
        return this.describeAttribute(p);
      case 'CreateSecurityGroup': {
        this.require(p, 'RegionId');
        const tags = indexed(p, 'Tag').map((t) => ({
          TagKey: t.fields['Key'] ?? '',
          TagValue: t.fields['Value'] ?? '',
        }));
        const g = s.createGroup({
          regionId: p['RegionId']!,
          name: p['SecurityGroupName'],
          description: p['Description'],
          vpcId: p['VpcId'],
          type: p['SecurityGroupType'],
          tags,
        });
        this.hooks.newGroups?.created(g.securityGroupId);
        this.hooks.changed?.(action, [g.securityGroupId]);
        return { SecurityGroupId: g.securityGroupId };
      }
      case 'DeleteSecurityGroup':
        s.deleteGroup(this.require(p, 'SecurityGroupId'), p['RegionId']);
        this.hooks.changed?.(action, [p['SecurityGroupId']!]);
        return {};
      case 'ModifySecurityGroupPolicy': {
        const g = s.group(this.require(p, 'SecurityGroupId'), p['RegionId']);
        s.setPolicy(g, p['InnerAccessPolicy']);
        this.hooks.changed?.(action, [g.securityGroupId]);
        return {};
      }
      case 'ModifySecurityGroupAttribute': {
        const g = s.group(this.require(p, 'SecurityGroupId'), p['RegionId']);
        if (p['SecurityGroupName'] !== undefined) g.securityGroupName = p['SecurityGroupName'];
        if (p['Description'] !== undefined) g.description = p['Description'];
        this.hooks.changed?.(action, [g.securityGroupId]);
        return {};
      }
      default:
        throw new ApiError(
          'InvalidAction.NotFound',
          `Specified api (${action || 'none'}) is not found, please check your url and method.`,
          404,
        );
    }
  }

  private require(p: Params, name: string): string {
    const v = p[name];
    if (v === undefined || v === '')
      throw new ApiError(
        `MissingParameter.${name}`,
        `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
      );
    return v;
  }

  private ruleCall(
    action: string,
    rule: { direction: 'ingress' | 'egress'; op: 'authorize' | 'revoke' | 'modify' },
    p: Params,
  ): Body {
    const s = this.state;
    const group = s.group(this.require(p, 'SecurityGroupId'), p['RegionId']);
    const listed = indexed(p, 'Permissions');
    const flat: Permission = {};
    for (const f of WRITABLE_FIELDS) if (p[f] !== undefined) flat[f] = p[f]!;
    if (listed.length > 0 && Object.keys(flat).length > 0)
      throw new ApiError('InvalidParam.Permissions', 'Permissions cannot coexist with other parameters.');
    const ruleIds = indexed(p, 'SecurityGroupRuleId').map((r) => r.value ?? '');
    if (rule.op === 'modify') {
      const ruleId = this.require(p, 'SecurityGroupRuleId');
      s.modify(group, rule.direction, ruleId, flat);
      this.hooks.changed?.(action, [group.securityGroupId]);
      return {};
    }
    if (ruleIds.length > 0 && (listed.length > 0 || Object.keys(flat).length > 0))
      throw new ApiError(
        'InvalidParam.Permissions',
        'SecurityGroupRuleId cannot coexist with Permissions or rule fields.',
      );
    if (ruleIds.length === 0) {
      // sgbridge's offline validator first: ECS's own codes for malformed values.
      const issue = ADAPTERS.aliyun
        .validate({ format: 'query', value: { ...p, Action: action } } as never)
        .find((i) => i.severity !== 'warning');
      if (issue !== undefined) throw new ApiError(issue.providerCode, issue.message);
    }
    const permissions = (
      listed.length > 0 ? listed.map((l) => l.fields) : Object.keys(flat).length > 0 ? [flat] : []
    ).map((f) => s.normalize(group, rule.direction, f, rule.op === 'revoke'));
    if (permissions.length === 0 && ruleIds.length === 0)
      throw new ApiError('MissingParameter.Permissions', 'The rule to authorize or revoke is not specified.');
    if (permissions.length > 100)
      throw new ApiError('InvalidParam.Permissions', 'At most 100 permissions per request.');
    if (rule.op === 'authorize') s.authorize(group, permissions);
    else s.revoke(group, rule.direction, permissions, ruleIds);
    this.hooks.changed?.(action, [group.securityGroupId]);
    return {};
  }

  private describeGroups(p: Params): Body {
    this.require(p, 'RegionId');
    let groups = [...this.state.groups.values()].filter((g) => g.regionId === p['RegionId']);
    if (p['VpcId']) groups = groups.filter((g) => g.vpcId === p['VpcId']);
    if (p['SecurityGroupId']) groups = groups.filter((g) => g.securityGroupId === p['SecurityGroupId']);
    if (p['SecurityGroupIds']) {
      let ids: unknown;
      try {
        ids = JSON.parse(p['SecurityGroupIds']);
      } catch {
        ids = undefined;
      }
      if (!Array.isArray(ids) || ids.length > 100)
        throw new ApiError(
          'InvalidSecurityGroupIds.Malformed',
          'SecurityGroupIds must be a JSON array of at most 100 IDs.',
        );
      groups = groups.filter((g) => (ids as unknown[]).includes(g.securityGroupId));
    }
    const named = p['SecurityGroupId'] !== undefined || p['SecurityGroupIds'] !== undefined;
    groups = groups.filter((g) => !this.unseen(g, named));
    if (p['SecurityGroupName']) groups = groups.filter((g) => g.securityGroupName === p['SecurityGroupName']);
    if (p['SecurityGroupType']) groups = groups.filter((g) => g.type === p['SecurityGroupType']);
    for (const t of indexed(p, 'Tag')) {
      const key = t.fields['Key'];
      const value = t.fields['Value'];
      groups = groups.filter((g) =>
        g.tags.some((x) => x.TagKey === key && (value === undefined || x.TagValue === value)),
      );
    }
    const legacy = p['PageNumber'] !== undefined || p['PageSize'] !== undefined;
    const item = (g: AliyunGroupRecord) => ({
      SecurityGroupId: g.securityGroupId,
      SecurityGroupName: g.securityGroupName,
      Description: g.description,
      VpcId: g.vpcId,
      SecurityGroupType: g.type,
      CreationTime: g.creationTime,
      RuleCount: g.rules.length,
      ServiceManaged: false,
      ResourceGroupId: '',
      Tags: { Tag: g.tags },
    });
    if (legacy) {
      const size = maxResults(p['PageSize'], 1, 50, 10, 'InvalidParameter.PageSize');
      const number = maxResults(p['PageNumber'], 1, Number.MAX_SAFE_INTEGER, 1, 'InvalidParameter.PageNumber');
      return {
        RegionId: p['RegionId'],
        TotalCount: groups.length,
        PageNumber: number,
        PageSize: size,
        SecurityGroups: { SecurityGroup: groups.slice((number - 1) * size, number * size).map(item) },
      };
    }
    const size = maxResults(p['MaxResults'], 1, 100, 10, 'InvalidParameter.MaxResults');
    const got = page(groups, size, p['NextToken'], 'InvalidParameter.NextToken');
    return {
      RegionId: p['RegionId'],
      NextToken: got.nextToken ?? '',
      ...(got.nextToken !== undefined ? { TotalCount: groups.length } : {}),
      SecurityGroups: { SecurityGroup: got.items.map(item) },
    };
  }

  private describeAttribute(p: Params): Body {
    const g = this.state.group(this.require(p, 'SecurityGroupId'), p['RegionId']);
    const direction = (p['Direction'] ?? 'all').toLowerCase();
    if (!['all', 'ingress', 'egress'].includes(direction))
      throw new ApiError('InvalidDirection.Malformed', 'The specified Direction is invalid.');
    const rules = g.rules.filter(
      (r) => this.state.isVisible(r) && (direction === 'all' || r.permission['Direction'] === direction),
    );
    const size = maxResults(p['MaxResults'], 10, 1000, 500, 'InvalidParameter.MaxResults');
    const got = page(rules, size, p['NextToken'], 'InvalidParameter.NextToken');
    return {
      RegionId: g.regionId,
      SecurityGroupId: g.securityGroupId,
      SecurityGroupName: g.securityGroupName,
      Description: g.description,
      VpcId: g.vpcId,
      InnerAccessPolicy: g.innerAccessPolicy,
      NextToken: got.nextToken ?? '',
      Permissions: { Permission: got.items.map((r) => describePermission(r.permission)) },
    };
  }
}
