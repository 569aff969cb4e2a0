/**
 * Comparing groups across inputs (`sgbridge diff`): each group keeps its own cloud's semantics; A's references
 * are renamed to B's IDs through the mapping (and A's self-references to B's own ID), so "the same group" is
 * the same atom on both sides. An unmapped reference stays as it is and shows up as a difference, with a finding.
 */
import { detectInput, readDetected, type SourceKind } from '../../adapters/index.js';
import { TranslateError, withFile } from '../errors.js';
import type { ParsedInput } from '../parse/text.js';
import { EMPTY_MAPPING, type Mapping } from '../idmap/index.js';
import type { SecurityGroup } from '../model/group.js';
import { Report, type Finding } from '../report/report.js';
import type { Region } from '../semantics/api.js';
import { applyMapping, renameSelf } from './apply-mapping.js';
import { diff } from '../semantics/index.js';
import { assignToGroups, sortFindings } from './assign-findings.js';
import { skippedFindings } from './skipped.js';

export interface DiffSide {
  readonly parsed: ParsedInput;
  readonly file?: string;
  readonly from?: SourceKind;
  /** Compare only the group with this ID. */
  readonly groupId?: string;
  /** Leave out rules whose values the provider rejects instead of stopping (see src/convert/skipped.ts). */
  readonly skipInvalid?: boolean;
}

export interface GroupRef {
  readonly provider: string;
  readonly id?: string;
  readonly name?: string;
  readonly pointer: string;
}

export interface GroupComparison {
  readonly a: GroupRef;
  readonly b: GroupRef;
  readonly equivalent: boolean;
  /** Traffic only A allows. */
  readonly onlyA: readonly Region[];
  /** Traffic only B allows. */
  readonly onlyB: readonly Region[];
  /** What the mapping did to A's references (and what it could not map), and rules left out of either group. */
  readonly findings: readonly Finding[];
  /**
   * Rules of A or B that could not be read and were left out (`--skip-invalid`), and pages of their rules that
   * are missing (`input_truncated`). When there are any, the pair is not reported equivalent: the groups
   * agree only on the rules that were read.
   */
  readonly leftOut?: number;
}

export interface CompareResult {
  readonly equivalent: boolean;
  /** Present when the user stated that groups and prefix lists share no host with each other or any CIDR. */
  readonly assumption?: string;
  readonly comparisons: readonly GroupComparison[];
}

export interface CompareOptions {
  /** Answer in the point model (see MeaningOptions.assumeDisjoint); the result names the assumption. */
  readonly assumeDisjoint?: boolean;
}

/** The words every output that relied on `assumeDisjoint` shows. */
export const DISJOINT_ASSUMPTION =
  'assumed (--assume-disjoint): no member of a referenced group and no address of a referenced prefix list is also in another referenced group or prefix list, or inside a CIDR a rule names';

function ref(g: SecurityGroup): GroupRef {
  return { provider: g.provider, ...(g.id && { id: g.id }), ...(g.name && { name: g.name }), pointer: g.pointer ?? '' };
}

interface ReadGroup {
  readonly group: SecurityGroup;
  /** Rules of this group the reader left out (findings from src/convert/skipped.ts). */
  readonly skipped: readonly Finding[];
}

function groupsOf(side: DiffSide, label: string): ReadGroup[] {
  const detected = detectInput(side.parsed, side.from);
  const report = new Report();
  const read = readDetected(side.parsed, detected, report, side.file, { skipInvalid: side.skipInvalid ?? false });
  const perGroup = assignToGroups(
    skippedFindings(report.findings),
    read.groups.map((g) => g.pointer ?? ''),
  );
  const groups = read.groups.map((group, i) => ({ group, skipped: perGroup[i] ?? [] }));
  if (side.groupId === undefined) return groups;
  const picked = groups.filter((g) => g.group.id === side.groupId);
  if (picked.length === 0) {
    throw new TranslateError(
      'usage',
      `${label}: no group ${side.groupId}; groups: ${groups.map((g) => g.group.id ?? g.group.pointer).join(', ')}`,
      {
        file: side.file,
      },
    );
  }
  return picked;
}

/**
 * `sameSource`: both sides are the same group of the same document, so what neither could read (a masked value,
 * the later pages of a listing) is the same unknown on both sides and cannot make them differ.
 */
function compareTwo(
  sideA: ReadGroup,
  sideB: ReadGroup,
  mapping: Mapping,
  options: CompareOptions,
  sameSource: boolean,
): GroupComparison {
  const { group: a } = sideA;
  const { group: b } = sideB;
  const report = new Report();
  const targetId = b.id ?? a.id ?? 'sg-sgbridge-b';
  const renamed =
    a.provider === b.provider
      ? renameSelf(a, targetId)
      : applyMapping(a, { mapping, to: b.provider, targetId, report }).renamed;
  const d = diff(renamed, b, { assumeDisjoint: options.assumeDisjoint === true });
  const leftOut = sideA.skipped.length + sideB.skipped.length;
  const findings = sortFindings([...report.findings, ...sideA.skipped, ...sideB.skipped]);
  return {
    a: ref(a),
    b: ref(b),
    equivalent: d.equivalent && (leftOut === 0 || sameSource),
    onlyA: d.onlyA,
    onlyB: d.onlyB,
    findings,
    ...(leftOut > 0 && { leftOut }),
  };
}

/** Compare the groups of two inputs, paired in order (or the ones picked by ID). */
export function compareInputs(
  a: DiffSide,
  b: DiffSide,
  map: Mapping = EMPTY_MAPPING,
  options: CompareOptions = {},
): CompareResult {
  const ga = withFile(a.file, () => groupsOf(a, 'A'));
  const gb = withFile(b.file, () => groupsOf(b, 'B'));
  if (ga.length !== gb.length) {
    throw new TranslateError(
      'usage',
      `A has ${ga.length} groups and B has ${gb.length}; pick one of each with --group-a <id> and --group-b <id>`,
    );
  }
  const sameDocument = a.parsed === b.parsed || JSON.stringify(a.parsed.value) === JSON.stringify(b.parsed.value);
  const comparisons = ga.map((g, i) =>
    compareTwo(g, gb[i]!, map, options, sameDocument && g.group.pointer === gb[i]!.group.pointer),
  );
  return {
    equivalent: comparisons.every((c) => c.equivalent),
    ...(options.assumeDisjoint ? { assumption: DISJOINT_ASSUMPTION } : {}),
    comparisons,
  };
}
