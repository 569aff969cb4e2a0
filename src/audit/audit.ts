/**
 * `audit`: the library's entry to `sgbridge audit`. Two fleets given as payload texts (any cloud, any shape the
 * readers know) are read, their groups paired and every pair compared, as the CLI does it; the caller renders
 * the result with `renderAuditJson`, `renderAuditText`, `renderAuditMarkdown` or `renderAuditSarif`.
 */
import { toMapping, type ConvertOptions } from '../convert/convert.js';
import { readGroups, type SideInput } from './inputs.js';
import { DEFAULT_PAIR_BY } from './pairing.js';
import { runAudit } from './run.js';
import type { AuditResult, PairingMethod } from './types.js';

/** One payload of a side: its text, and the file name that findings, pointers and errors name. */
export interface AuditInput {
  readonly text: string;
  readonly file: string;
}

/** Options of `audit`. */
export interface AuditOptions {
  /** The ID mapping between the two sides (a `Mapping` or the parsed mapping file); pairs by `mapping` use it. */
  readonly map?: ConvertOptions['map'];
  /** How groups are paired, first match wins (default: `mapping`, then the `sgbridge-pair` tag, then the name). */
  readonly pairBy?: readonly PairingMethod[];
  /**
   * Take members of groups to be disjoint from every CIDR and prefix list (default false: a member is a host
   * with some address, which may also be in any CIDR or prefix list, so differences hold for every host).
   */
  readonly assumeDisjoint?: boolean;
  /** Threads comparing pairs (default: the machine's parallelism for large audits, else this thread). */
  readonly jobs?: number;
  /** Told after each pair compared. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Compare every group of side A with its counterpart on side B, and rank the different pairs by exposure.
 * Unreadable input rejects with a `TranslateError` naming the file and pointer, as `convert` throws it.
 */
export async function audit(
  a: readonly AuditInput[],
  b: readonly AuditInput[],
  options: AuditOptions = {},
): Promise<AuditResult> {
  return runAudit(side(a), side(b), {
    mapping: toMapping(options.map),
    pairBy: options.pairBy ?? DEFAULT_PAIR_BY,
    assumeDisjoint: options.assumeDisjoint ?? false,
    ...(options.jobs !== undefined && { jobs: options.jobs }),
    ...(options.onProgress !== undefined && { onProgress: options.onProgress }),
  });
}

function side(inputs: readonly AuditInput[]): SideInput {
  return {
    sources: inputs.map((i) => i.file),
    groups: inputs.flatMap((i) => readGroups(i.text, i.file)),
  };
}
