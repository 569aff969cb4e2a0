/**
 * What each provider can express, and its limits, as data. The lowering stage (src/lower) decides from these
 * what a target holds; no limit is an inline literal elsewhere. Sources are in ../shared/reference/cloud-semantics.md. reviewed: 2026-11-22
 */
export interface Capabilities {
  readonly actions: readonly ('allow' | 'deny')[];
  readonly priorities: { readonly min: number; readonly max: number; readonly default: number } | null;
  readonly icmpTypeCode: boolean;
  readonly sourcePorts: boolean;
  readonly localAddress: boolean;
  /** Rules that name a port list (Aliyun PortRangeListId) instead of port ranges. */
  readonly portLists: boolean;
  /** Rules limited to one NIC type (Aliyun classic network NicType internet/intranet). */
  readonly nicTypes: boolean;
  readonly prefixLists: boolean;
  readonly groupReferences: boolean;
  readonly selfReference: boolean;
  readonly ipv6: boolean;
  /** Lowest destination port a TCP/UDP rule can name. */
  readonly minPort: number;
  /** Protocols by number that every region accepts; others need `numberedProtocolRegions`. */
  readonly protocols: readonly number[];
  /** Regions that accept any IANA number (Aliyun only); null: every region, [] none. */
  readonly numberedProtocolRegions: readonly string[] | null;
  readonly limits: {
    /** AWS: per direction and address family (VPC quota, adjustable). Aliyun: in+out across the ENI. */
    readonly rulesPerDirectionPerFamily?: number;
    readonly rulesPerEni?: number;
    /** AWS: security groups per network interface, by default and at most (on request). */
    readonly groupsPerInterface?: number;
    readonly maxGroupsPerInterface?: number;
    /** AWS: rules per group × groups per interface may not exceed this (per direction and family). */
    readonly rulesPerInterface?: number;
    readonly groupReferenceRules?: number;
    readonly permissionsPerRequest?: number;
    readonly ruleDescriptionLength: number;
    readonly groupDescriptionLength: number;
    readonly groupNameLength: number;
    /** Shortest group name and description the provider accepts (Aliyun CreateSecurityGroup: 2). */
    readonly groupTextMinLength?: number;
  };
}

// https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html (60 per direction per family)
export const awsCapabilities = {
  actions: ['allow'],
  priorities: null,
  icmpTypeCode: true,
  sourcePorts: false,
  localAddress: false,
  portLists: false,
  nicTypes: false,
  prefixLists: true,
  groupReferences: true,
  selfReference: true,
  ipv6: true,
  minPort: 0,
  protocols: [],
  numberedProtocolRegions: null,
  limits: {
    rulesPerDirectionPerFamily: 60,
    // Same page: 5 groups per network interface, up to 16 on request; rules per group × groups ≤ 1,000.
    groupsPerInterface: 5,
    maxGroupsPerInterface: 16,
    rulesPerInterface: 1000,
    ruleDescriptionLength: 255,
    groupDescriptionLength: 255,
    groupNameLength: 255,
  },
} as const satisfies Capabilities;

// https://www.alibabacloud.com/help/en/ecs/user-guide/security-group-rules and API docs (2026-01)
export const aliyunCapabilities = {
  actions: ['allow', 'deny'],
  priorities: { min: 1, max: 100, default: 1 },
  icmpTypeCode: false,
  sourcePorts: true,
  localAddress: true,
  portLists: true,
  nicTypes: true,
  prefixLists: true,
  groupReferences: true,
  selfReference: false,
  ipv6: true,
  minPort: 1,
  protocols: [6, 17, 1, 58, 47],
  /**
   * [UNCERTAIN] The API docs list Manila, London, Kuala Lumpur, Hohhot, Qingdao, Singapore and one US region,
   * named differently by different pages (US West / Silicon Valley / Virginia). We list the Silicon Valley
   * region only, the one two of the three pages name; a rule for another region is left out, never guessed.
   */
  numberedProtocolRegions: [
    'ap-southeast-6',
    'eu-west-1',
    'ap-southeast-3',
    'cn-huhehaote',
    'cn-qingdao',
    'ap-southeast-1',
    'us-west-1',
  ],
  limits: {
    rulesPerEni: 1000,
    groupReferenceRules: 20,
    permissionsPerRequest: 100,
    ruleDescriptionLength: 512,
    groupDescriptionLength: 256,
    groupNameLength: 128,
    groupTextMinLength: 2,
  },
} as const satisfies Capabilities;

export const CAPABILITIES = { aws: awsCapabilities, aliyun: aliyunCapabilities } as const;
