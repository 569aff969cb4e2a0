/**
 * The EC2 emulator's state and the effect of each security-group call on it, with EC2's validation, error
 * codes, quotas and duplicate behaviour (`../shared/reference/live-api/README.md`, `cloud-semantics.md`):
 * rules are atomic (one peer each, like SecurityGroupRule); authorizing a rule that exists fails the whole
 * request with `InvalidPermission.Duplicate`; revoking one that does not fails it with
 * `InvalidPermission.NotFound` (VPC groups); a new group gets the all-traffic IPv4 egress rule (and `::/0`
 * when its VPC has IPv6). New rules can be made invisible to describe for a while (read-after-write lag).
 */
import { canonicalCidr, cidrFamily } from '../../address/index.js';
import { ApiError, IdSource } from '../errors.js';
import { AWS_PROTOCOL_TOKENS } from '../../../tables/protocols.js';

export type AwsPeer =
  | { readonly kind: 'cidr'; readonly cidr: string }
  | { readonly kind: 'prefixList'; readonly prefixListId: string }
  | { readonly kind: 'group'; readonly groupId: string; readonly userId: string };

export interface AwsRuleRecord {
  readonly id: string;
  readonly isEgress: boolean;
  /** `-1`, `tcp`, `udp`, `icmp`, `icmpv6` or a protocol number as text. */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly peer: AwsPeer;
  description?: string;
  /** Epoch ms from which describe shows the rule. */
  readonly visibleAt: number;
}

export interface AwsGroupRecord {
  readonly groupId: string;
  readonly groupName: string;
  readonly description: string;
  readonly vpcId: string;
  readonly ownerId: string;
  readonly tags: { Key: string; Value: string }[];
  rules: AwsRuleRecord[];
}

export interface AwsPrefixListRecord {
  readonly prefixListId: string;
  readonly prefixListName: string;
  readonly addressFamily: 'IPv4' | 'IPv6';
  readonly maxEntries: number;
  readonly ownerId: string;
  readonly entries: { Cidr: string; Description?: string }[];
}

/** A permission as the SDK/Query request gives it (values are text on the Query wire). */
export interface PermissionInput {
  IpProtocol?: unknown;
  FromPort?: unknown;
  ToPort?: unknown;
  IpRanges?: { CidrIp?: unknown; Description?: unknown }[];
  Ipv6Ranges?: { CidrIpv6?: unknown; Description?: unknown }[];
  PrefixListIds?: { PrefixListId?: unknown; Description?: unknown }[];
  UserIdGroupPairs?: { GroupId?: unknown; UserId?: unknown; Description?: unknown }[];
}

export interface AwsStateOptions {
  readonly ownerId?: string;
  /** VPCs with an IPv6 block (a new group in one also gets the `::/0` egress rule). */
  readonly ipv6Vpcs?: readonly string[];
  /** Rules per direction per address family (EC2 default 60). */
  readonly rulesPerDirection?: number;
  /** ms a new rule stays invisible to describe. */
  readonly lag?: number;
  readonly now?: () => number;
}

function normProtocol(value: unknown): string {
  const text = String(value ?? '')
    .trim()
    .toLowerCase();
  const named = AWS_PROTOCOL_TOKENS[text];
  if (named !== undefined) return named;
  if (/^\d+$/.test(text) && Number(text) <= 255) return String(Number(text));
  throw new ApiError(
    'InvalidParameterValue',
    `Invalid value '${String(value ?? '')}' for IP protocol. Unknown protocol.`,
  );
}

function portNumber(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new ApiError('InvalidParameterValue', `Invalid value '${String(value)}' for ${name}`);
  return n;
}

const peerKey = (p: AwsPeer): string =>
  p.kind === 'cidr' ? `c:${p.cidr}` : p.kind === 'prefixList' ? `p:${p.prefixListId}` : `g:${p.groupId}`;
const ruleKey = (r: Pick<AwsRuleRecord, 'isEgress' | 'protocol' | 'fromPort' | 'toPort' | 'peer'>): string =>
  `${r.isEgress ? 'e' : 'i'}|${r.protocol}|${r.fromPort ?? ''}|${r.toPort ?? ''}|${peerKey(r.peer)}`;

const peerText = (p: AwsPeer): string =>
  p.kind === 'cidr' ? p.cidr : p.kind === 'prefixList' ? p.prefixListId : p.groupId;

export class AwsState {
  readonly groups = new Map<string, AwsGroupRecord>();
  readonly prefixLists = new Map<string, AwsPrefixListRecord>();
  readonly ownerId: string;
  readonly ipv6Vpcs: Set<string>;
  readonly rulesPerDirection: number;
  lag: number;
  private readonly now: () => number;
  private readonly groupIds = new IdSource('sg-', 17, '0e');
  private readonly ruleIds = new IdSource('sgr-', 17, '0f');

  constructor(options: AwsStateOptions = {}) {
    this.ownerId = options.ownerId ?? '123456789012';
    this.ipv6Vpcs = new Set(options.ipv6Vpcs ?? []);
    this.rulesPerDirection = options.rulesPerDirection ?? 60;
    this.lag = options.lag ?? 0;
    this.now = options.now ?? Date.now;
  }

  newRuleId(): string {
    return this.ruleIds.id();
  }

  isVisible(rule: AwsRuleRecord): boolean {
    return rule.visibleAt <= this.now();
  }

  group(groupId: unknown): AwsGroupRecord {
    const g = typeof groupId === 'string' ? this.groups.get(groupId) : undefined;
    if (g === undefined)
      throw new ApiError('InvalidGroup.NotFound', `The security group '${String(groupId ?? '')}' does not exist`);
    return g;
  }

  createGroup(input: {
    groupName?: unknown;
    description?: unknown;
    vpcId?: unknown;
    tags?: { Key: string; Value: string }[];
    groupId?: string;
  }): AwsGroupRecord {
    const name = typeof input.groupName === 'string' ? input.groupName : '';
    const description = typeof input.description === 'string' ? input.description : '';
    if (name === '') throw new ApiError('MissingParameter', 'The request must contain the parameter GroupName');
    if (description === '')
      throw new ApiError('MissingParameter', 'The request must contain the parameter GroupDescription');
    if (name.length > 255 || description.length > 255)
      throw new ApiError(
        'InvalidParameterValue',
        'Value for parameter GroupName or GroupDescription is longer than 255 characters',
      );
    if (/^sg-/i.test(name)) throw new ApiError('InvalidParameterValue', `Group names may not be in the format sg-*`);
    const vpcId = typeof input.vpcId === 'string' && input.vpcId !== '' ? input.vpcId : 'vpc-default';
    for (const g of this.groups.values()) {
      if (g.vpcId === vpcId && g.groupName === name)
        throw new ApiError('InvalidGroup.Duplicate', `The security group '${name}' already exists for VPC '${vpcId}'`);
    }
    const group: AwsGroupRecord = {
      groupId: input.groupId ?? this.groupIds.id(),
      groupName: name,
      description,
      vpcId,
      ownerId: this.ownerId,
      tags: input.tags ?? [],
      rules: [],
    };
    // New-group default: egress all to 0.0.0.0/0, and to ::/0 when the VPC has IPv6; visible at once.
    group.rules.push({
      id: this.ruleIds.id(),
      isEgress: true,
      protocol: '-1',
      peer: { kind: 'cidr', cidr: '0.0.0.0/0' },
      visibleAt: 0,
    });
    if (this.ipv6Vpcs.has(vpcId))
      group.rules.push({
        id: this.ruleIds.id(),
        isEgress: true,
        protocol: '-1',
        peer: { kind: 'cidr', cidr: '::/0' },
        visibleAt: 0,
      });
    this.groups.set(group.groupId, group);
    return group;
  }

  deleteGroup(groupId: unknown): void {
    const g = this.group(groupId);
    if (g.groupName === 'default')
      throw new ApiError(
        'CannotDelete',
        `the specified group: "${g.groupId}" name: "default" cannot be deleted by a user`,
      );
    for (const other of this.groups.values()) {
      if (other !== g && other.rules.some((r) => r.peer.kind === 'group' && r.peer.groupId === g.groupId)) {
        throw new ApiError('DependencyViolation', `resource ${g.groupId} has a dependent object`);
      }
    }
    this.groups.delete(g.groupId);
  }

  /** The atomic rules a list of permissions names, validated; `forRevoke` skips existence checks of peers. */
  rulesOf(
    group: AwsGroupRecord,
    isEgress: boolean,
    permissions: readonly PermissionInput[],
    forRevoke: boolean,
  ): Omit<AwsRuleRecord, 'id' | 'visibleAt'>[] {
    if (permissions.length === 0)
      throw new ApiError('MissingParameter', 'No permissions were specified (IpPermissions)');
    const out: Omit<AwsRuleRecord, 'id' | 'visibleAt'>[] = [];
    for (const p of permissions) {
      const protocol = normProtocol(p.IpProtocol);
      let fromPort = portNumber(p.FromPort, 'FromPort');
      let toPort = portNumber(p.ToPort, 'ToPort');
      if (protocol === 'tcp' || protocol === 'udp') {
        if (fromPort === undefined || toPort === undefined)
          throw new ApiError(
            'InvalidParameterValue',
            `Invalid value for portRange. Must specify both from and to ports with TCP/UDP.`,
          );
        for (const port of [fromPort, toPort]) {
          if (port < 0 || port > 65535)
            throw new ApiError('InvalidPermission.Malformed', `TCP/UDP port (${port}) out of range`);
        }
        if (fromPort > toPort)
          throw new ApiError('InvalidParameterValue', `Invalid TCP/UDP port range (${fromPort}, ${toPort})`);
      } else if (protocol === 'icmp' || protocol === 'icmpv6') {
        fromPort ??= -1;
        toPort ??= -1;
        if (fromPort < -1 || fromPort > 255 || toPort < -1 || toPort > 255)
          throw new ApiError('InvalidParameterValue', `ICMP type (${fromPort}) or code (${toPort}) out of range`);
      } else {
        fromPort = undefined;
        toPort = undefined;
      }
      const base = { isEgress, protocol, ...(fromPort !== undefined ? { fromPort, toPort } : {}) };
      const add = (peer: AwsPeer, description: unknown) => {
        if (
          description !== undefined &&
          description !== '' &&
          (typeof description !== 'string' || description.length > 255)
        ) {
          throw new ApiError('InvalidParameterValue', 'Invalid rule description: up to 255 characters');
        }
        out.push({ ...base, peer, ...(typeof description === 'string' && description !== '' ? { description } : {}) });
      };
      for (const r of p.IpRanges ?? []) add(this.cidrPeer(r.CidrIp, 4), r.Description);
      for (const r of p.Ipv6Ranges ?? []) add(this.cidrPeer(r.CidrIpv6, 6), r.Description);
      for (const r of p.PrefixListIds ?? []) {
        const id = String(r.PrefixListId ?? '');
        if (!forRevoke && !this.prefixLists.has(id))
          throw new ApiError('InvalidPrefixListId.NotFound', `The prefix list '${id}' does not exist`);
        add({ kind: 'prefixList', prefixListId: id }, r.Description);
      }
      for (const r of p.UserIdGroupPairs ?? []) {
        const id = String(r.GroupId ?? '');
        const userId = typeof r.UserId === 'string' && r.UserId !== '' ? r.UserId : this.ownerId;
        if (!forRevoke && userId === this.ownerId && !this.groups.has(id))
          throw new ApiError('InvalidGroup.NotFound', `The security group '${id}' does not exist`);
        add({ kind: 'group', groupId: id, userId }, r.Description);
      }
      if (
        (p.IpRanges ?? []).length +
          (p.Ipv6Ranges ?? []).length +
          (p.PrefixListIds ?? []).length +
          (p.UserIdGroupPairs ?? []).length ===
        0
      ) {
        throw new ApiError(
          'InvalidParameterValue',
          'The request must contain a source or destination (IpRanges, Ipv6Ranges, PrefixListIds or UserIdGroupPairs)',
        );
      }
    }
    const seen = new Set<string>();
    for (const r of out) {
      const key = ruleKey(r);
      if (seen.has(key))
        throw new ApiError('InvalidParameterValue', `The same permission must not appear multiple times`);
      seen.add(key);
    }
    void group;
    return out;
  }

  private cidrPeer(value: unknown, family: 4 | 6): AwsPeer {
    const text = String(value ?? '');
    const cidr = canonicalCidr(text);
    if (cidr === undefined || cidrFamily(cidr) !== family)
      throw new ApiError('InvalidParameterValue', `CIDR block ${text} is malformed`);
    return { kind: 'cidr', cidr };
  }

  /** Rule count per direction and family, a prefix list counting as its max entries, a group reference in both. */
  private quotaUse(
    rules: readonly Pick<AwsRuleRecord, 'isEgress' | 'peer'>[],
    isEgress: boolean,
  ): { v4: number; v6: number } {
    const use = { v4: 0, v6: 0 };
    for (const r of rules) {
      if (r.isEgress !== isEgress) continue;
      const p = r.peer;
      if (p.kind === 'cidr') use[cidrFamily(p.cidr) === 6 ? 'v6' : 'v4']++;
      else if (p.kind === 'prefixList') {
        const list = this.prefixLists.get(p.prefixListId);
        use[list?.addressFamily === 'IPv6' ? 'v6' : 'v4'] += list?.maxEntries ?? 1;
      } else {
        use.v4++;
        use.v6++;
      }
    }
    return use;
  }

  authorize(
    groupId: unknown,
    isEgress: boolean,
    permissions: readonly PermissionInput[],
    dryRun = false,
  ): AwsRuleRecord[] {
    const group = this.group(groupId);
    const wanted = this.rulesOf(group, isEgress, permissions, false);
    const existing = new Set(group.rules.map(ruleKey));
    for (const r of wanted) {
      if (existing.has(ruleKey(r))) {
        const ports = r.fromPort === undefined ? 'ALL' : `from port: ${r.fromPort}, to port: ${r.toPort}`;
        throw new ApiError(
          'InvalidPermission.Duplicate',
          `the specified rule "peer: ${peerText(r.peer)}, ${r.protocol === '-1' ? 'ALL' : r.protocol.toUpperCase()}, ${ports}, ALLOW" already exists`,
        );
      }
    }
    const use = this.quotaUse([...group.rules, ...wanted], isEgress);
    if (use.v4 > this.rulesPerDirection || use.v6 > this.rulesPerDirection) {
      throw new ApiError(
        'RulesPerSecurityGroupLimitExceeded',
        'The maximum number of rules per security group has been reached.',
      );
    }
    if (dryRun) throw new ApiError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    const visibleAt = this.lag > 0 ? this.now() + this.lag : 0;
    const added = wanted.map((r) => ({ ...r, id: this.ruleIds.id(), visibleAt }));
    group.rules.push(...added);
    return added;
  }

  /** Revoke by permissions (all must exist, or nothing is revoked) or by rule IDs. */
  revoke(
    groupId: unknown,
    isEgress: boolean,
    permissions: readonly PermissionInput[],
    ruleIds: readonly string[],
    dryRun = false,
  ): AwsRuleRecord[] {
    const group = this.group(groupId);
    let doomed: AwsRuleRecord[];
    if (ruleIds.length > 0) {
      if (permissions.length > 0)
        throw new ApiError(
          'InvalidParameterCombination',
          'You may specify either IpPermissions or SecurityGroupRuleIds, not both',
        );
      doomed = ruleIds.map((id) => {
        const r = group.rules.find((x) => x.id === id && x.isEgress === isEgress);
        if (r === undefined)
          throw new ApiError(
            'InvalidSecurityGroupRuleId.NotFound',
            `The security group rule ID '${id}' does not exist`,
          );
        return r;
      });
    } else {
      const wanted = this.rulesOf(group, isEgress, permissions, true);
      const byKey = new Map(group.rules.map((r) => [ruleKey(r), r]));
      doomed = wanted.map((w) => {
        const r = byKey.get(ruleKey(w));
        if (r === undefined)
          throw new ApiError('InvalidPermission.NotFound', `The specified rule does not exist in this security group.`);
        return r;
      });
    }
    if (dryRun) throw new ApiError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    const gone = new Set(doomed);
    group.rules = group.rules.filter((r) => !gone.has(r));
    return doomed;
  }

  /** ModifySecurityGroupRules: replace a rule's fields by ID (the ID stays). */
  modifyRule(
    groupId: unknown,
    ruleId: string,
    input: {
      IpProtocol?: unknown;
      FromPort?: unknown;
      ToPort?: unknown;
      CidrIpv4?: unknown;
      CidrIpv6?: unknown;
      PrefixListId?: unknown;
      ReferencedGroupId?: unknown;
      Description?: unknown;
    },
  ): void {
    const group = this.group(groupId);
    const index = group.rules.findIndex((r) => r.id === ruleId);
    if (index < 0)
      throw new ApiError(
        'InvalidSecurityGroupRuleId.NotFound',
        `The security group rule ID '${ruleId}' does not exist`,
      );
    const old = group.rules[index]!;
    const permission: PermissionInput = {
      IpProtocol: input.IpProtocol,
      FromPort: input.FromPort,
      ToPort: input.ToPort,
    };
    if (input.CidrIpv4 !== undefined)
      permission.IpRanges = [{ CidrIp: input.CidrIpv4, Description: input.Description }];
    else if (input.CidrIpv6 !== undefined)
      permission.Ipv6Ranges = [{ CidrIpv6: input.CidrIpv6, Description: input.Description }];
    else if (input.PrefixListId !== undefined)
      permission.PrefixListIds = [{ PrefixListId: input.PrefixListId, Description: input.Description }];
    else if (input.ReferencedGroupId !== undefined)
      permission.UserIdGroupPairs = [{ GroupId: input.ReferencedGroupId, Description: input.Description }];
    const [next] = this.rulesOf(group, old.isEgress, [permission], false);
    const others = group.rules.filter((r) => r !== old);
    if (others.some((r) => ruleKey(r) === ruleKey(next!)))
      throw new ApiError('InvalidPermission.Duplicate', 'the specified rule already exists');
    group.rules[index] = { ...next!, id: old.id, visibleAt: this.lag > 0 ? this.now() + this.lag : 0 };
  }

  addPrefixList(list: Omit<AwsPrefixListRecord, 'ownerId'> & { ownerId?: string }): void {
    this.prefixLists.set(list.prefixListId, { ...list, ownerId: list.ownerId ?? this.ownerId });
  }
}
