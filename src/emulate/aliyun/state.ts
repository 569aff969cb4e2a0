/**
 * The ECS emulator's state and the effect of each security-group call, with ECS's validation, error codes,
 * quotas and duplicate behaviour (`../shared/reference/live-api/README.md`, `cloud-semantics.md` A.*):
 * authorizing a rule that exists succeeds and creates nothing; revoking permissions that match nothing
 * succeeds; revoking or modifying an unknown rule ID fails (`InvalidSecurityGroupRule.RuleNotExist`); a new
 * basic group has no rules and `InnerAccessPolicy=Accept`, an enterprise group `Drop`. Rules are kept as
 * Describe's Permission records (PascalCase, every field a string).
 */
import { canonicalCidr, cidrFamily } from '../../address/index.js';
import { ROLES } from '../../../adapters/aliyun/fields.js';
import { ApiError, IdSource } from '../errors.js';

export type Permission = Record<string, string>;

export interface AliyunRuleRecord {
  readonly permission: Permission;
  readonly visibleAt: number;
}

export interface AliyunGroupRecord {
  readonly securityGroupId: string;
  readonly regionId: string;
  securityGroupName: string;
  description: string;
  readonly vpcId: string;
  readonly type: 'normal' | 'enterprise';
  innerAccessPolicy: 'Accept' | 'Drop';
  readonly creationTime: string;
  readonly tags: { TagKey: string; TagValue: string }[];
  rules: AliyunRuleRecord[];
}

export interface AliyunStateOptions {
  /** Rules per group (current docs: 1,000 on one ENI; older: 200). */
  readonly rulesPerGroup?: number;
  /** Group-referencing rules per basic group (20). */
  readonly groupRulesPerGroup?: number;
  readonly lag?: number;
  readonly now?: () => number;
}

/** The fields that make two rules the same rule (Description, ID and time excluded). */
const MATCH_FIELDS = [
  'Direction',
  'IpProtocol',
  'PortRange',
  'SourcePortRange',
  'Policy',
  'Priority',
  'NicType',
  'SourceCidrIp',
  'DestCidrIp',
  'Ipv6SourceCidrIp',
  'Ipv6DestCidrIp',
  'SourceGroupId',
  'DestGroupId',
  'SourceGroupOwnerAccount',
  'DestGroupOwnerAccount',
  'SourcePrefixListId',
  'DestPrefixListId',
  'PortRangeListId',
] as const;

/** Permission fields a request may set. */
export const WRITABLE_FIELDS = [
  ...MATCH_FIELDS.filter((f) => f !== 'Direction'),
  'Description',
  'SourceGroupOwnerId',
  'DestGroupOwnerId',
] as const;

export const ruleKey = (p: Permission): string => MATCH_FIELDS.map((f) => p[f] ?? '').join('|');

const PROTOCOLS: Readonly<Record<string, string>> = {
  tcp: 'TCP',
  udp: 'UDP',
  icmp: 'ICMP',
  gre: 'GRE',
  all: 'ALL',
  icmpv6: 'ICMPv6',
};

function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class AliyunState {
  readonly groups = new Map<string, AliyunGroupRecord>();
  readonly rulesPerGroup: number;
  readonly groupRulesPerGroup: number;
  lag: number;
  private readonly now: () => number;
  private readonly groupIds = new IdSource('sg-', 20, 'emu');
  private readonly ruleIds = new IdSource('sgr-', 20, 'emu');

  constructor(options: AliyunStateOptions = {}) {
    this.rulesPerGroup = options.rulesPerGroup ?? 1000;
    this.groupRulesPerGroup = options.groupRulesPerGroup ?? 20;
    this.lag = options.lag ?? 0;
    this.now = options.now ?? Date.now;
  }

  isVisible(rule: AliyunRuleRecord): boolean {
    return rule.visibleAt <= this.now();
  }

  group(groupId: unknown, regionId?: unknown): AliyunGroupRecord {
    const g = typeof groupId === 'string' ? this.groups.get(groupId) : undefined;
    if (g === undefined || (typeof regionId === 'string' && regionId !== '' && g.regionId !== regionId)) {
      throw new ApiError('InvalidSecurityGroupId.NotFound', 'The specified SecurityGroupId does not exist.', 404);
    }
    return g;
  }

  createGroup(input: {
    regionId: string;
    name?: string;
    description?: string;
    vpcId?: string;
    type?: string;
    tags?: { TagKey: string; TagValue: string }[];
    securityGroupId?: string;
    innerAccessPolicy?: string;
  }): AliyunGroupRecord {
    const type = (input.type ?? 'normal').toLowerCase();
    if (type !== 'normal' && type !== 'enterprise')
      throw new ApiError('InvalidSecurityGroupType.Malformed', 'The specified SecurityGroupType is invalid.');
    if (
      input.name !== undefined &&
      input.name !== '' &&
      (!/^[\p{L}]/u.test(input.name) || /^https?:\/\//.test(input.name) || input.name.length > 128)
    ) {
      throw new ApiError('InvalidSecurityGroupName.Malformed', 'The specified SecurityGroupName is invalid.');
    }
    if (input.description !== undefined && (input.description.length > 256 || /^https?:\/\//.test(input.description))) {
      throw new ApiError('InvalidDescription.Malformed', 'The specified Description is invalid.');
    }
    const inner = input.innerAccessPolicy ?? (type === 'enterprise' ? 'Drop' : 'Accept');
    const group: AliyunGroupRecord = {
      securityGroupId: input.securityGroupId ?? this.groupIds.id(),
      regionId: input.regionId,
      securityGroupName: input.name ?? '',
      description: input.description ?? '',
      vpcId: input.vpcId ?? '',
      type,
      innerAccessPolicy: inner.toLowerCase() === 'drop' ? 'Drop' : 'Accept',
      creationTime: timestamp(this.now()),
      tags: input.tags ?? [],
      rules: [],
    };
    this.groups.set(group.securityGroupId, group);
    return group;
  }

  deleteGroup(groupId: unknown, regionId: unknown): void {
    const g = this.group(groupId, regionId);
    for (const other of this.groups.values()) {
      if (
        other !== g &&
        other.rules.some(
          (r) =>
            r.permission['SourceGroupId'] === g.securityGroupId || r.permission['DestGroupId'] === g.securityGroupId,
        )
      ) {
        throw new ApiError(
          'DependencyViolation',
          'There is other security group authorizes to the specified security group.',
          403,
        );
      }
    }
    this.groups.delete(g.securityGroupId);
  }

  /** A request permission in the form Describe returns it: defaults filled in, values canonical. */
  normalize(
    group: AliyunGroupRecord,
    direction: 'ingress' | 'egress',
    input: Permission,
    forRevoke: boolean,
  ): Permission {
    const roles = ROLES[direction];
    const out: Permission = { Direction: direction };
    const protocolText = (input['IpProtocol'] ?? '').toLowerCase();
    const protocol = PROTOCOLS[protocolText] ?? (/^\d+$/.test(protocolText) ? protocolText : undefined);
    if (protocol === undefined)
      throw new ApiError(
        'InvalidIpProtocol.ValueNotSupported',
        'The parameter IpProtocol must be specified with case insensitive TCP, UDP, ICMP, GRE or All.',
      );
    out['IpProtocol'] = protocol;
    const ported = protocol === 'TCP' || protocol === 'UDP';
    const range = input['PortRange'];
    if (range === undefined || range === '') {
      if (ported && !input['PortRangeListId'])
        throw new ApiError('InvalidPortRange.Malformed', 'The specified parameter PortRange must set.');
      out['PortRange'] = ported ? '' : '-1/-1';
    } else {
      const m = /^(-?\d+)\/(-?\d+)$/.exec(range);
      const from = Number(m?.[1]);
      const to = Number(m?.[2]);
      const ok = m !== null && (ported ? from >= 1 && to <= 65535 && from <= to : from === -1 && to === -1);
      if (!ok)
        throw new ApiError(
          'InvalidParam.PortRange',
          `The specified parameter PortRange (${range}) should be two integers less than 65535 in ?/? format.`,
        );
      out['PortRange'] = `${from}/${to}`;
    }
    if (input['PortRangeListId']) out['PortRangeListId'] = input['PortRangeListId'];
    if (input['SourcePortRange']) out['SourcePortRange'] = input['SourcePortRange'];
    const policy = (input['Policy'] ?? 'accept').toLowerCase();
    if (policy !== 'accept' && policy !== 'drop')
      throw new ApiError('InvalidPolicy.Malformed', 'The specified parameter Policy is not valid.');
    out['Policy'] = policy === 'accept' ? 'Accept' : 'Drop';
    const priority = input['Priority'] === undefined || input['Priority'] === '' ? 1 : Number(input['Priority']);
    if (!Number.isInteger(priority) || priority < 1 || priority > 100)
      throw new ApiError('InvalidPriority.ValueNotSupported', 'The parameter Priority is invalid.');
    out['Priority'] = String(priority);
    out['NicType'] = (input['NicType'] ?? 'intranet').toLowerCase();
    const cidr = (field: string, family: 4 | 6, code: string) => {
      const text = input[field];
      if (text === undefined || text === '') return;
      const c = canonicalCidr(text.includes('/') ? text : `${text}/${family === 4 ? 32 : 128}`);
      if (c === undefined || cidrFamily(c) !== family)
        throw new ApiError(code, `The specified parameter ${field} is not valid.`);
      out[field] = c;
    };
    cidr(
      roles.peerCidrV4,
      4,
      direction === 'ingress' ? 'InvalidSourceCidrIp.Malformed' : 'InvalidDestCidrIp.Malformed',
    );
    cidr(
      roles.peerCidrV6,
      6,
      direction === 'ingress' ? 'InvalidParam.Ipv6SourceCidrIp' : 'InvalidParam.Ipv6DestCidrIp',
    );
    cidr(roles.localV4, 4, direction === 'ingress' ? 'InvalidDestCidrIp.Malformed' : 'InvalidSourceCidrIp.Malformed');
    cidr(roles.localV6, 6, direction === 'ingress' ? 'InvalidParam.Ipv6DestCidrIp' : 'InvalidParam.Ipv6SourceCidrIp');
    if (out[roles.peerCidrV4] && out[roles.peerCidrV6])
      throw new ApiError(
        direction === 'ingress' ? 'InvalidParam.SourceIp' : 'InvalidParam.DestIp',
        'IPv4 and IPv6 addresses cannot be set at the same time.',
      );
    const hasCidr = out[roles.peerCidrV4] !== undefined || out[roles.peerCidrV6] !== undefined;
    const peerGroup = input[roles.peerGroupId];
    // A CIDR takes precedence over a group, and both over a prefix list (the others are ignored).
    if (!hasCidr && peerGroup) {
      if (peerGroup === group.securityGroupId) {
        throw direction === 'ingress'
          ? new ApiError(
              'InvalidParamter.Conflict',
              'The specified SecurityGroupId should be different from the SourceGroupId.',
            )
          : new ApiError(
              'InvalidSecurityGroup.IsSame',
              'The authorized security group and the target security group cannot be the same.',
              403,
            );
      }
      if (group.type === 'enterprise')
        throw new ApiError(
          'InvalidGroupAuthParameter.OperationDenied',
          'The security group can not authorize to enterprise level security group.',
        );
      const owner = input[roles.peerGroupOwnerAccount] || input[roles.peerGroupOwnerId];
      if (!forRevoke && !owner) {
        const peer = this.groups.get(peerGroup);
        if (peer === undefined)
          throw new ApiError(
            direction === 'ingress' ? 'InvalidSourceGroupId.NotFound' : 'InvalidDestGroupId.NotFound',
            'The specified security group does not exist.',
            404,
          );
        if (peer.type === 'enterprise')
          throw new ApiError(
            'InvalidGroupAuthParameter.OperationDenied',
            'The security group can not authorize to enterprise level security group.',
          );
        if (peer.vpcId !== group.vpcId)
          throw new ApiError(
            direction === 'ingress' ? 'InvalidSourceGroupId.Mismatch' : 'InvalidDestGroupId.Mismatch',
            'The security groups are not in the same VPC.',
          );
      }
      out[roles.peerGroupId] = peerGroup;
      if (owner) out[roles.peerGroupOwnerAccount] = owner;
    } else if (!hasCidr && input[roles.peerPrefixListId]) {
      out[roles.peerPrefixListId] = input[roles.peerPrefixListId]!;
    } else if (!hasCidr) {
      throw new ApiError(
        'MissingParameter.Source',
        'One of the parameters SourceCidrIp, Ipv6SourceCidrIp, SourceGroupId or SourcePrefixListId (Dest… for egress) must be set.',
      );
    }
    const description = input['Description'];
    if (description !== undefined && description !== '') {
      if (description.length > 512)
        throw new ApiError(
          'InvalidSecurityGroupDiscription.Malformed',
          'The specified parameter Description is not valid.',
        );
      out['Description'] = description;
    }
    return out;
  }

  /** Adds the permissions that do not exist yet; existing ones are a silent success (ECS creates nothing). */
  authorize(group: AliyunGroupRecord, permissions: readonly Permission[]): number {
    const keys = new Set<string>();
    for (const p of permissions) {
      const key = ruleKey(p);
      if (keys.has(key))
        throw new ApiError('InvalidParam.DuplicatePermissions', 'Duplicate permissions in one request.');
      keys.add(key);
    }
    const existing = new Set(group.rules.map((r) => ruleKey(r.permission)));
    const fresh = permissions.filter((p) => !existing.has(ruleKey(p)));
    if (group.rules.length + fresh.length > this.rulesPerGroup)
      throw new ApiError(
        'AuthorizationLimitExceed',
        'The limit of authorization records in the security group reaches.',
        403,
      );
    const groupRules = (rules: readonly Permission[]) =>
      rules.filter((p) => p['SourceGroupId'] || p['DestGroupId']).length;
    if (groupRules([...group.rules.map((r) => r.permission), ...fresh]) > this.groupRulesPerGroup) {
      throw new ApiError(
        'AuthorizedGroupRule.LimitExceed',
        'The number of group authorization rules exceeds the limit.',
      );
    }
    const now = this.now();
    for (const p of fresh) {
      group.rules.push({
        permission: { ...p, SecurityGroupRuleId: this.ruleIds.id(), CreateTime: timestamp(now) },
        visibleAt: this.lag > 0 ? now + this.lag : 0,
      });
    }
    return fresh.length;
  }

  /** Revoke matching permissions (none matching is a success) or rule IDs (each must exist). */
  revoke(
    group: AliyunGroupRecord,
    direction: 'ingress' | 'egress',
    permissions: readonly Permission[],
    ruleIds: readonly string[],
  ): number {
    if (ruleIds.length > 0) {
      const doomed = new Set<string>();
      for (const id of ruleIds) {
        const r = group.rules.find(
          (x) => x.permission['SecurityGroupRuleId'] === id && x.permission['Direction'] === direction,
        );
        if (r === undefined)
          throw new ApiError('InvalidSecurityGroupRule.RuleNotExist', 'The specified rule does not exist.');
        doomed.add(id);
      }
      group.rules = group.rules.filter((r) => !doomed.has(r.permission['SecurityGroupRuleId']!));
      return doomed.size;
    }
    const keys = new Set(permissions.map(ruleKey));
    const before = group.rules.length;
    group.rules = group.rules.filter((r) => !keys.has(ruleKey(r.permission)));
    return before - group.rules.length;
  }

  /** ModifySecurityGroupRule / ModifySecurityGroupEgressRule by rule ID. */
  modify(group: AliyunGroupRecord, direction: 'ingress' | 'egress', ruleId: string, changes: Permission): void {
    const index = group.rules.findIndex(
      (r) => r.permission['SecurityGroupRuleId'] === ruleId && r.permission['Direction'] === direction,
    );
    if (index < 0) throw new ApiError('InvalidSecurityGroupRule.RuleNotExist', 'The specified rule does not exist.');
    const old = group.rules[index]!.permission;
    if (changes['NicType'] !== undefined && changes['NicType'].toLowerCase() !== old['NicType'])
      throw new ApiError('InvalidOperation.ModifyNicType', 'The NicType of a rule cannot be modified.');
    const next = this.normalize(group, direction, { ...old, ...changes }, false);
    const r = ROLES[direction];
    const kind = (p: Permission) =>
      p[r.peerCidrV4] || p[r.peerCidrV6] ? 'cidr' : p[r.peerGroupId] ? 'group' : 'prefixList';
    if (kind(next) !== kind(old))
      throw new ApiError(
        'InvalidOperation.ModifySgRuleEntityType',
        'The type of the authorization object cannot be changed.',
      );
    if (group.rules.some((r, i) => i !== index && ruleKey(r.permission) === ruleKey(next)))
      throw new ApiError('InvalidOperation.RuleDuplicate', 'The modified rule duplicates an existing rule.');
    group.rules[index] = {
      permission: { ...next, SecurityGroupRuleId: ruleId, CreateTime: old['CreateTime'] ?? '' },
      visibleAt: group.rules[index]!.visibleAt,
    };
  }

  setPolicy(group: AliyunGroupRecord, policy: string | undefined): void {
    const p = (policy ?? '').toLowerCase();
    if (p !== 'accept' && p !== 'drop')
      throw new ApiError('InvalidInnerAccessPolicy.Malformed', 'The specified InnerAccessPolicy is invalid.');
    if (group.type === 'enterprise' && p === 'accept')
      throw new ApiError('InvalidParam.InnerAccessPolicy', 'An enterprise security group cannot accept inner access.');
    group.innerAccessPolicy = p === 'accept' ? 'Accept' : 'Drop';
  }
}
