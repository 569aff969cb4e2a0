/**
 * The semantic engine's public contract (implemented in this folder; see index.ts). The adapters and the
 * conversion pipeline depend only on what is declared here.
 *
 * Peers are points of a disjoint union: an IPv4 address, an IPv6 address, or a symbolic atom "member of
 * group X" / "address in prefix list Y" (atoms are opaque: nothing is assumed about their addresses).
 * Cross-kind interactions that this point model cannot see (an Aliyun drop of a group that overlaps an
 * accept of a CIDR) are resolved conservatively by `compile` (the overlap is not allowed) and reported.
 */
import type { Direction, ProviderId } from '../model/rule.js';
import type { SecurityGroup } from '../model/group.js';
import type { Report } from '../report/report.js';

/**
 * A symbolic peer: `group:<groupId>` (`group-name:<name>` for name-only references) or `prefixList:<id>`.
 * Owners are not part of the atom: group IDs are unique per cloud (see rules.ts for the point model).
 */
export type Atom = string;

export interface Packet {
  readonly direction: Direction;
  /** IANA protocol number. */
  readonly protocol: number;
  readonly dstPort?: number;
  readonly srcPort?: number;
  readonly icmpType?: number;
  readonly icmpCode?: number;
  /** The remote side: an address, or membership in a group / prefix list. */
  readonly peer:
    { readonly kind: 'address'; readonly address: string } | { readonly kind: 'atom'; readonly atom: Atom };
  /** The instance-side address (Aliyun quintuple rules). Absent: matches only rules without a local CIDR. */
  readonly local?: string;
  /**
   * The peer host's memberships besides `peer` (groups it is a member of, prefix lists its address is in).
   * When given, the list is complete: the host holds no other membership. Absent for an address peer: none;
   * absent for an atom peer: any others (the answer then holds for every member, or says what it depends on).
   */
  readonly memberships?: readonly Atom[];
}

/** What decided a packet. */
export type Decision =
  | { readonly kind: 'rule'; readonly index: number; readonly pointer?: string }
  | { readonly kind: 'default'; readonly reason: string }
  | { readonly kind: 'inner-access'; readonly reason: string };

/** `depends`: members of the packet's group (or addresses of its prefix list) are not all answered alike. */
export type Outcome = 'allowed' | 'denied' | 'depends';

/** One answer for some of the hosts a packet stands for, and the rule (or default) that gives it. */
export interface ExplanationCase {
  readonly allowed: boolean;
  readonly decidedBy: Decision;
  /** The hosts this case is for, e.g. `its address is IPv4 and not in 10.1.0.0/16`; empty for every host. */
  readonly condition: string;
  readonly text: string;
}

export interface Explanation {
  readonly outcome: Outcome;
  /** Present only when the outcome is definite. */
  readonly allowed?: boolean;
  /** The deciding rule or default when definite (the first case's when several rules decide alike). */
  readonly decidedBy?: Decision;
  /** One readable sentence, e.g. `denied by rule 3 (priority 1 drop tcp 22 from 0.0.0.0/0)`. */
  readonly text: string;
  /** For a membership peer: each answer with the hosts it holds for (absent when one rule decides for all). */
  readonly cases?: readonly ExplanationCase[];
}

/** A readable region of packet space, merged and sorted; used by diff output. */
export interface Region {
  readonly direction: Direction;
  /** 'all' or a protocol number. */
  readonly protocol: number | 'all';
  readonly ports?: { from: number; to: number };
  readonly sourcePorts?: { from: number; to: number };
  readonly icmp?: { type: number | 'any'; code: number | 'any' };
  /** Minimal CIDRs and atoms. */
  readonly peers: readonly string[];
  readonly local?: readonly string[];
  /** Set when the region spans several (not all) protocols; `protocol` is then the first of them. */
  readonly protocols?: { from: number; to: number };
  /** Set when the ICMP types or codes form ranges that `icmp` cannot hold. */
  readonly icmpRange?: { type: { from: number; to: number }; code: { from: number; to: number } };
  /** e.g. `ingress tcp 22 from 10.0.0.0/8, sg-123`. */
  readonly text: string;
  /**
   * Set when the region is allowed on one side only for some hosts: the hosts it holds for, e.g. "a member of
   * sg-peer-a whose address is in pl-peer-1". Absent: the region holds for every host whose address or
   * membership the region's peers name.
   */
  readonly condition?: string;
}

export interface DiffResult {
  readonly equivalent: boolean;
  readonly onlyA: readonly Region[];
  readonly onlyB: readonly Region[];
  /** Regions left out of onlyA / onlyB (each list is capped, see diff's maxRegions). */
  readonly omittedA?: number;
  readonly omittedB?: number;
}

export type Verdict = 'exact' | 'narrower' | 'wider' | 'mixed';

export interface CompileOptions {
  readonly target: ProviderId;
  /** The target group's ID; self-references in `source` must already use it. */
  readonly targetGroupId: string;
  /** Keep rules the target cannot express exactly in a wider form (reported `widened_on_request`). */
  readonly allowWidening?: boolean;
  /**
   * AWS target: write an "all protocols" allow that a protocol-specific drop cut into pieces as one rule per
   * protocol number (exact, but hundreds of rules). Default false: only the protocols AWS names (tcp, udp,
   * icmp, icmpv6) are kept, the rest is left out and reported (`protocols_narrowed`).
   */
  readonly expandProtocols?: boolean;
  /** Target region, for provider features that depend on it (Aliyun numbered protocols). */
  readonly region?: string;
  /** Aliyun target: the group type to write (default normal). */
  readonly targetType?: 'normal' | 'enterprise';
  /**
   * Whether a reference peer can be written to the target (false for references without a mapping).
   * A rule whose peer cannot be written is left out if it allows, and handled as "deny everything it
   * overlaps" if it denies (narrower); both reported. Default: every peer can be written.
   */
  readonly canWrite?: (peer: SecurityGroup['rules'][number]['peer']) => boolean;
  /** Findings go here, each with the pointer of the source rule (its origin.pointer). */
  readonly report: Report;
  /**
   * AWS target: the caller splits an over-quota result across groups (`--split-over-quota`), so the lowering
   * stage (src/lower/lower.ts compileForTarget) does not report the quota of the unsplit result.
   */
  readonly splitOverQuota?: boolean;
  /** AWS target: the account's rules per group (per direction and family) when raised; default the quota, 60. */
  readonly rulesPerGroup?: number;
}

export interface CompileResult {
  /** A group of the target provider that the target can hold; rules carry origin pointers of the source rules they came from. */
  readonly group: SecurityGroup;
  /** Rule counts per direction and family, for quota checks. */
  readonly counts: Readonly<Record<string, number>>;
}
