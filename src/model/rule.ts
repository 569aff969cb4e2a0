/**
 * The canonical rule: one peer per rule, provider-neutral words, every field explicit.
 * Specification in docs/model.md; zod schemas are the single source of the TypeScript types.
 */
import * as z from 'zod';
import { canonicalCidr } from '../address/index.js';

export const ProviderId = z.enum(['aliyun', 'aws']);
export type ProviderId = z.infer<typeof ProviderId>;

export const Direction = z.enum(['ingress', 'egress']);
export type Direction = z.infer<typeof Direction>;

export const Action = z.enum(['allow', 'deny']);
export type Action = z.infer<typeof Action>;

/** Inclusive port range in the model's full space 0..65535 (a provider may accept less). */
export const PortRange = z
  .object({ from: z.number().int().min(0).max(65535), to: z.number().int().min(0).max(65535) })
  .strict()
  .refine((r) => r.from <= r.to, { message: 'from must not exceed to' });
export type PortRange = z.infer<typeof PortRange>;

/** 'all' or an IANA protocol number. Names (tcp, TCP, icmpv6…) are a reader/writer concern. */
export const Protocol = z.union([z.literal('all'), z.number().int().min(0).max(255)]);
export type Protocol = z.infer<typeof Protocol>;

export const IcmpValue = z.union([z.literal('any'), z.number().int().min(0).max(255)]);
export type IcmpValue = z.infer<typeof IcmpValue>;

/** ICMP (protocol 1) or ICMPv6 (58) type and code; absent means any type and any code. */
export const IcmpMatch = z.object({ type: IcmpValue, code: IcmpValue }).strict();
export type IcmpMatch = z.infer<typeof IcmpMatch>;

/** A CIDR in canonical form (network address, lower-case, compressed IPv6). */
export const Cidr = z.string().transform((s, ctx) => {
  const c = canonicalCidr(s);
  if (c === undefined) {
    ctx.addIssue({ code: 'custom', message: `not an IPv4 or IPv6 CIDR: ${s}` });
    return z.NEVER;
  }
  return c;
});

export const CidrPeer = z.object({ kind: z.literal('cidr'), cidr: Cidr }).strict();
export const GroupPeer = z
  .object({
    kind: z.literal('group'),
    groupId: z.string().min(1).optional(),
    /** AWS legacy (EC2-Classic / default VPC) references by name only. */
    groupName: z.string().optional(),
    /** Numeric account ID (AWS UserId, Aliyun *GroupOwnerId). */
    ownerId: z.string().optional(),
    /** Aliyun *GroupOwnerAccount: an account name or an ID as a string. */
    ownerAccount: z.string().optional(),
    vpcId: z.string().optional(),
    vpcPeeringConnectionId: z.string().optional(),
    peeringStatus: z.string().optional(),
  })
  .strict()
  .refine((p) => p.groupId !== undefined || p.groupName !== undefined, {
    message: 'a group peer needs groupId or groupName',
  });
export const PrefixListPeer = z
  .object({ kind: z.literal('prefixList'), prefixListId: z.string().min(1), name: z.string().optional() })
  .strict();
export const Peer = z.union([CidrPeer, GroupPeer, PrefixListPeer]);
export type Peer = z.infer<typeof Peer>;
export type CidrPeer = z.infer<typeof CidrPeer>;
export type GroupPeer = z.infer<typeof GroupPeer>;
export type PrefixListPeer = z.infer<typeof PrefixListPeer>;

/** Where a rule came from: every finding points back here. */
export const Origin = z
  .object({
    provider: ProviderId,
    /** RFC 6901 JSON pointer into the input document (for XML and query input: into its JSON view). */
    pointer: z.string(),
    ruleId: z.string().optional(),
    /** Aliyun CreateTime, kept so nothing is lost. */
    createTime: z.string().optional(),
  })
  .strict();
export type Origin = z.infer<typeof Origin>;

export const Tag = z.object({ key: z.string(), value: z.string() }).strict();
export type Tag = z.infer<typeof Tag>;

export const Rule = z
  .object({
    direction: Direction,
    action: Action,
    /** 1 is the highest. Absent where the source has no priorities (AWS). Old Aliyun groups hold 110. */
    priority: z.number().int().min(1).optional(),
    protocol: Protocol,
    /** Destination ports; only for TCP (6) and UDP (17). Absent there means all ports 0..65535. */
    ports: PortRange.optional(),
    /** Only for ICMP (1) and ICMPv6 (58). Absent means all types and codes. */
    icmp: IcmpMatch.optional(),
    /** Aliyun quintuple rules. Absent means any source port. */
    sourcePorts: PortRange.optional(),
    peer: Peer,
    /** Instance-side address (Aliyun DestCidrIp on ingress, SourceCidrIp on egress). Absent means any. */
    local: Cidr.optional(),
    /** Aliyun port list (PortRangeListId); used only where the rule has no concrete port range. */
    portList: z.object({ id: z.string(), name: z.string().optional() }).strict().optional(),
    /** Aliyun NicType: `internet` only means something on the retired classic network. */
    nicType: z.enum(['intranet', 'internet']).optional(),
    description: z.string().optional(),
    tags: z.array(Tag).optional(),
    origin: Origin.optional(),
  })
  .strict();
export type Rule = z.infer<typeof Rule>;
/** The input side of the schema (before CIDRs are canonicalised). */
export type RuleInput = z.input<typeof Rule>;
