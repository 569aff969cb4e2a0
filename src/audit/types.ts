/** The audit's data: what goes in (groups of two sides), what comes out (pairs, differences, unpaired groups). */
import type { SecurityGroup } from '../model/group.js';
import type { Finding } from '../report/report.js';
import type { Region } from '../semantics/api.js';
import type { Exposure } from './exposure.js';

export type Side = 'A' | 'B';

/** A group as read for the audit, with where it came from and the reader's findings about it. */
export interface AuditGroup {
  readonly group: SecurityGroup;
  /** The file (or live location) it was read from, as the user named it. */
  readonly file: string;
  /** Reader findings about this group (warnings and errors only: the ones that can explain a difference). */
  readonly findings: readonly Finding[];
}

/** How a group is named in reports: enough to find it again (file + JSON pointer) and to recognise it. */
export interface GroupRef {
  readonly provider: string;
  readonly id?: string;
  readonly name?: string;
  readonly region?: string;
  readonly vpcId?: string;
  readonly file: string;
  /** JSON pointer of the group inside its file. */
  readonly pointer: string;
}

/** `mapping`, `tag:<key>` or `name`. */
export type PairingMethod = 'mapping' | 'name' | `tag:${string}`;

/** Where a sample packet of a region is decided: a rule (with its pointer into the input) or a default. */
export interface Decider {
  readonly text: string;
  readonly pointer?: string;
}

/** Traffic one side of a pair allows and the other does not. */
export interface Difference {
  /** The side that allows it. */
  readonly allowedBy: Side;
  readonly region: Region;
  readonly exposure: Exposure;
  /** For a sample packet of the region: what lets it in on the allowing side, and what keeps it out on the other. */
  readonly allowing?: Decider;
  readonly denying?: Decider;
}

/** A finding that explains part of a pair's difference, with the side whose input it points into. */
export interface SideFinding extends Finding {
  readonly side: Side;
}

export interface PairResult {
  readonly a: GroupRef;
  readonly b: GroupRef;
  readonly pairedBy: PairingMethod;
  readonly equivalent: boolean;
  /** Worst first. */
  readonly differences: readonly Difference[];
  /** Regions left out of the lists by the engine's cap, per side that allows them. */
  readonly omitted: { readonly A: number; readonly B: number };
  /** What the mapping could not translate (A's unmapped references) and what the readers assumed. */
  readonly findings: readonly SideFinding[];
}

export interface UnpairedGroup {
  readonly side: Side;
  readonly group: GroupRef;
  /** Why no pairing method matched it. */
  readonly reason: string;
}

export interface AuditSummary {
  readonly pairs: number;
  readonly equivalent: number;
  readonly different: number;
  /** Different pairs by their worst difference's level. */
  readonly differentByLevel: Readonly<Record<Exposure['level'], number>>;
  readonly unpaired: { readonly A: number; readonly B: number };
  /** Time taken in all (reading included, when the caller says when it started), and comparing pairs alone. */
  readonly durationMs: number;
  readonly compareMs: number;
}

export interface AuditResult {
  readonly inputs: { readonly A: readonly string[]; readonly B: readonly string[] };
  readonly pairBy: readonly PairingMethod[];
  readonly assumeDisjoint: boolean;
  /** Different pairs first, worst difference first; then equivalent pairs in input order. */
  readonly pairs: readonly PairResult[];
  readonly unpaired: readonly UnpairedGroup[];
  readonly summary: AuditSummary;
}
