/**
 * The conversion pipeline. Per group: read (adapter) → apply the mapping → lower for the target (src/lower:
 * the engine's compile, fields, quota, shards) → verdict of target against mapped source, and lint of the
 * source from the same evaluation (engine) → fit to the payload shape (src/lower) and format (adapter).
 * The verdict is proven by the engine; when it is not exact and no finding explains why, a finding saying so
 * is added with an example region from the engine's diff, so a change of meaning is never silent.
 */
import {
  detectInput,
  readDetected,
  readDetectedGroupwise,
  type ReadResult,
  type SourceKind,
} from '../../adapters/index.js';
import { TranslateError, withFile } from '../errors.js';
import { parseInput, type ParsedInput } from '../parse/text.js';
import { EMPTY_MAPPING, createMapping, type Mapping, type MappingFileInput } from '../idmap/index.js';
import type { SecurityGroup } from '../model/group.js';
import type { ProviderId } from '../model/rule.js';
import { MODEL_VERSION } from '../model/version.js';
import { Report, type Finding } from '../report/report.js';
import type { Verdict } from '../semantics/api.js';
import { applyMapping, placeholderGroupId, renameSelf } from './apply-mapping.js';
import {
  decidedUnderRenaming,
  diff,
  lint,
  lintWith,
  verdict as proveVerdict,
  verdictAndDeciders,
} from '../semantics/index.js';
import { fieldLocator, type FieldLocator } from './locators.js';
import { assignToGroups, sortFindings } from './assign-findings.js';
import { NOT_TRAFFIC_CODES, verdictOfTraffic } from './not-traffic.js';
import { mapRegion } from './region.js';
import {
  compileForTarget,
  lowerCompiled,
  writeDescribePayload,
  writeRequestPayloads,
  DEFAULT_SHARD_LIMITS,
  shardLimits,
  unionOfShards,
  type ShardLimits,
} from '../lower/index.js';
import { accountForSkipped } from './skipped.js';
import { sourceAction, translateChange } from './changes.js';
import { plan } from '../plan/plan.js';
import type {
  CanonicalPair,
  ConvertDetail,
  ConvertResult,
  ConvertTarget,
  ConvertedGroup,
  SourceSummary,
  TranslatedChange,
} from './types.js';

/** Shapes that hold one request: read as a change, not as a group. */
const REQUEST_SHAPES = new Set(['authorize-request', 'rule-request', 'sdk-request']);

export interface ConvertOptions {
  /** Target: a cloud, or `model` for the canonical model document. */
  readonly to: ConvertTarget;
  /** Force the source instead of detecting it. */
  readonly from?: SourceKind;
  /** Force a payload shape (one of an adapter's `shapes`). */
  readonly shape?: string;
  /** The mapping file: a loaded Mapping, or its parsed value. */
  readonly map?: Mapping | MappingFileInput;
  /** Keep rules the target cannot express exactly in a wider form (each reported as wider). Default false. */
  readonly allowWidening?: boolean;
  /**
   * AWS target: write an "all protocols" allow cut by a protocol-specific drop as one rule per protocol
   * number (exact, but far over the quota). Default false: the protocols AWS names are kept and the rest is
   * reported as `protocols_narrowed`.
   */
  readonly expandProtocols?: boolean;
  /**
   * AWS target: when the result is over the rule quota, split it into the fewest groups within the quota that
   * are attached together (their union means the same). Default false: one group and `quota_exceeded`.
   */
  readonly splitOverQuota?: boolean;
  /** The account's AWS rules per group (per direction and family; default 60), for the quota and the split. */
  readonly rulesPerGroup?: number;
  /** The account's AWS security groups per network interface (default 5, at most 16), for the split's findings. */
  readonly maxGroupsPerInterface?: number;
  /** `request`: also emit the target SDK requests under each group. Default `describe`. */
  readonly emit?: 'describe' | 'request';
  /** The input's file name, for error messages. */
  readonly file?: string;
  /**
   * Leave out rules whose values the provider rejects (each reported, and counted in the verdict) instead of
   * stopping with the provider's error. Default false: fail closed.
   */
  readonly skipInvalid?: boolean;
  /**
   * Request inputs only: the current target group (its Describe payload). Each change then becomes the exact
   * steps of `plan` (the base with the change applied, planned onto the base), with the plan's verdict.
   */
  readonly base?: ParsedInput | string;
  /** The base's file name, for error messages. */
  readonly baseFile?: string;
}

/** The mapping of a conversion's options: a loaded Mapping as it is, a parsed mapping file loaded. */
export function toMapping(map: ConvertOptions['map'], file?: string): Mapping {
  if (map === undefined) return EMPTY_MAPPING;
  if (typeof (map as Mapping).counterpart === 'function') return map as Mapping;
  return createMapping(map, file);
}

function summarize(group: SecurityGroup, shape: string): SourceSummary {
  return {
    provider: group.provider,
    shape,
    ...(group.id !== undefined && { id: group.id }),
    ...(group.name !== undefined && { name: group.name }),
    ...(group.region !== undefined && group.region !== '' && { region: group.region }),
    pointer: group.pointer ?? '',
    ruleCount: group.rules.length,
  };
}

/** Add a finding when the engine's verdict has no finding of the same effect to explain it. */
function explainVerdict(v: Verdict, source: SecurityGroup, target: SecurityGroup, report: Report): void {
  const needNarrower = (v === 'narrower' || v === 'mixed') && !report.has('narrower');
  const needWider = (v === 'wider' || v === 'mixed') && !report.has('wider');
  if (!needNarrower && !needWider) return;
  const d = diff(source, target);
  const at = source.pointer ?? '';
  if (needNarrower) report.add('meaning_narrowed', at, { region: d.onlyA[0]?.text ?? 'see sgbridge diff' });
  if (needWider) report.add('meaning_widened', at, { region: d.onlyB[0]?.text ?? 'see sgbridge diff' });
}

interface GroupContext {
  readonly to: ConvertTarget;
  /** Where a named field of an input object sits (for findings about that field). */
  readonly locate: FieldLocator;
  readonly shape: string;
  readonly mapping: Mapping;
  readonly options: ConvertOptions;
  readonly limits: ShardLimits;
  /** Groups of this input the mapping does not name: source ID → placeholder ID (see applyMapping). */
  readonly siblings: ReadonlyMap<string, string>;
}

export function targetIdFor(
  group: SecurityGroup,
  to: ProviderId,
  mapping: Mapping,
  report: Report,
  locate: FieldLocator,
): string {
  const crossCloud = group.provider !== to;
  const known = crossCloud ? group.id && mapping.counterpart('groups', group.id) : group.id;
  if (known) return known;
  const placeholder = placeholderGroupId(group);
  report.add('target_id_placeholder', locate(group.pointer ?? '', 'id'), {
    to,
    groupId: group.id ?? '(no id)',
    placeholder,
  });
  return placeholder;
}

function convertGroup(
  source: SecurityGroup,
  readFindings: readonly Finding[],
  ctx: GroupContext,
): { group: ConvertedGroup; canonical: CanonicalPair } {
  const report = new Report();
  report.addAll(readFindings);
  const summary = summarize(source, ctx.shape);

  if (ctx.to === 'model') {
    lint(source, report);
    // The canonical model holds everything a reader understood: no mapping, no compilation.
    const v = accountForSkipped(proveVerdict(source, source), report.findings);
    return {
      group: { source: summary, target: { ...source }, verdict: v, findings: sortFindings(report.findings) },
      canonical: { source, target: source },
    };
  }

  const to = ctx.to;
  const at = source.pointer ?? '';
  if (source.provider === 'aliyun' && source.type === undefined) {
    // DescribeSecurityGroupAttribute does not say; the engine reads an unknown type as a basic group.
    report.add('group_type_assumed', at, { assumed: 'normal' });
  }
  const targetId = targetIdFor(source, to, ctx.mapping, report, ctx.locate);
  const mapped =
    source.provider === to
      ? { renamed: renameSelf(source, targetId), compileInput: renameSelf(source, targetId), canWrite: () => true }
      : applyMapping(source, {
          mapping: ctx.mapping,
          to,
          targetId,
          report,
          locate: ctx.locate,
          siblings: ctx.siblings,
        });
  const region = mapRegion(source.region, source.provider, to, ctx.mapping, report, ctx.locate(at, 'region'));
  const split = to === 'aws' && ctx.options.splitOverQuota === true;
  const compiled = compileForTarget(mapped.compileInput, {
    target: to,
    targetGroupId: targetId,
    allowWidening: ctx.options.allowWidening ?? false,
    expandProtocols: ctx.options.expandProtocols ?? false,
    region,
    targetType: to === 'aliyun' && source.provider === 'aliyun' ? source.type : undefined,
    canWrite: mapped.canWrite,
    report,
    splitOverQuota: split,
    rulesPerGroup: ctx.limits.rulesPerGroup,
    written: true,
  });
  const { target, shards } = lowerCompiled(source, mapped.renamed, compiled.group, {
    to,
    targetId,
    region,
    locate: ctx.locate,
    report,
    ...(split && { split: ctx.limits }),
  });
  // Shards are attached together: AWS answers for their union, and that is what the verdict compares.
  const meant = shards.length === 1 ? target : unionOfShards(shards);
  // One evaluation of the source for the verdict and for lint: the mapped source is the read one with its
  // references renamed, so the rules lint keeps in it are the read group's (lint.ts decidedUnderRenaming).
  // Lint's findings (all of effect exact) are sorted with the rest: reported here, they read the same.
  const { verdict: proven, decided } = verdictAndDeciders(mapped.renamed, meant, () => true);
  lintWith(source, report, decidedUnderRenaming(source, decided));
  // A verdict that findings of its own effect explain stands; otherwise it may come from packets that are not
  // traffic (TCP/UDP port 0, ICMP of the other address family), which the verdict leaves out.
  const explained =
    (proven === 'narrower' || proven === 'mixed') === report.has('narrower') &&
    (proven === 'wider' || proven === 'mixed') === report.has('wider');
  const traffic =
    !explained && report.findings.some((f) => NOT_TRAFFIC_CODES.has(f.code))
      ? verdictOfTraffic(proven, mapped.renamed, meant)
      : proven;
  explainVerdict(traffic, mapped.renamed, meant, report);
  // Against the real source: rules the reader left out count too.
  const v = accountForSkipped(traffic, report.findings);

  // Each written group fitted to the payload shape (src/lower), then formatted by the adapter's writer.
  const natives = shards.map((s) => writeDescribePayload(s, to, report));
  const requests =
    ctx.options.emit === 'request' ? shards.flatMap((s) => writeRequestPayloads(s, to, report)) : undefined;
  return {
    group: {
      source: summary,
      target: natives[0]!,
      ...(natives.length > 1 && { targets: natives }),
      ...(requests !== undefined && { requests }),
      verdict: v,
      findings: sortFindings(report.findings, at),
    },
    canonical: { source: mapped.renamed, target: meant },
  };
}

/** Groups of the input that cross clouds and have no ID in the mapping: their placeholders, by source ID. */
function siblingPlaceholders(
  groups: readonly Pick<SecurityGroup, 'provider' | 'id' | 'name' | 'pointer'>[],
  to: ConvertTarget,
  mapping: Mapping,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const g of groups) {
    if (to === 'model' || g.provider === to || g.id === undefined || mapping.counterpart('groups', g.id)) continue;
    if (!out.has(g.id)) out.set(g.id, placeholderGroupId(g));
  }
  return out;
}

/** Changes planned against the current target group: the plan's steps are the target requests. */
function changesWithBase(
  parsed: ParsedInput,
  groups: readonly SecurityGroup[],
  operation: 'authorize' | 'revoke' | 'modify',
  options: ConvertOptions,
  mapping: Mapping,
): TranslatedChange[] {
  const planned = plan(parsed, options.base!, {
    map: mapping,
    allowWidening: options.allowWidening ?? false,
    expandProtocols: options.expandProtocols ?? false,
    ...(options.file !== undefined && { file: options.file }),
    ...(options.baseFile !== undefined && { baseFile: options.baseFile }),
  });
  return planned.plans.map((p, i) => {
    if (p.target.provider !== options.to)
      throw new TranslateError('usage', `--base is a ${p.target.provider} group, not a ${String(options.to)} one`);
    const g = groups[i]!;
    return {
      source: {
        provider: g.provider,
        action: sourceAction(parsed.value, g.provider, operation, g.rules),
        ...(g.id !== undefined && { groupId: g.id }),
        pointer: g.pointer ?? '',
      },
      target: p.steps.map((s) => ({ action: s.action, request: s.request })),
      verdict: p.after,
      findings: p.findings,
    };
  });
}

/**
 * The changes a request input makes, translated. A function of its own so that no closure of
 * prepareConversion holds the parsed input: its groups are converted after the parse tree is garbage.
 */
function requestChanges(
  parsed: ParsedInput,
  read: ReadResult,
  readReport: Report,
  options: ConvertOptions,
  mapping: Mapping,
): TranslatedChange[] {
  if (options.base !== undefined)
    return changesWithBase(
      parsed,
      read.groups,
      read.operation === 'revoke' || read.operation === 'modify' ? read.operation : 'authorize',
      options,
      mapping,
    );
  const locate = fieldLocator(readReport.provenance);
  return read.groups.map((g): TranslatedChange => {
    const to = options.to as ProviderId;
    const groupReport = new Report();
    const targetId = targetIdFor(g, to, mapping, groupReport, locate);
    const operation = read.operation === undefined || read.operation === 'describe' ? 'authorize' : read.operation;
    const action = sourceAction(parsed.value, g.provider, operation, g.rules);
    return translateChange(g, operation, action, [...readReport.findings, ...groupReport.findings], {
      to,
      mapping,
      locate,
      targetId,
      allowWidening: options.allowWidening ?? false,
      expandProtocols: options.expandProtocols ?? false,
    });
  });
}

/** Convert, keeping the canonical groups alongside the result (for renderers). */
export function convertDetailed(input: ParsedInput | string, options: ConvertOptions): ConvertDetail {
  return convertAll(input, options, true);
}

/**
 * The conversion of every group; `keepCanonical` false leaves `canonical` empty, so a large document's
 * canonical groups are garbage as soon as each group is written, not held (and traced by every major GC)
 * until the last group is done.
 */
function convertAll(input: ParsedInput | string, options: ConvertOptions, keepCanonical: boolean): ConvertDetail {
  const prepared = prepareConversion(input, options);
  if (prepared.whole !== undefined) return prepared.whole;
  const groups: ConvertedGroup[] = [];
  const canonical: CanonicalPair[] = [];
  for (let i = 0; i < prepared.groupCount; i++) {
    const done = prepared.convertGroupAt(i);
    groups.push(done.group);
    if (keepCanonical) canonical.push(done.canonical);
  }
  return { result: { from: prepared.from, to: options.to, groups }, canonical };
}

/**
 * An input read once, its groups then converted one at a time by index, each exactly as `convert` converts
 * it (the context that depends on the whole input, such as placeholders of unmapped sibling groups and the
 * reader's findings of each group, is computed here). What `convert` and the worker threads of
 * `convertInParallel` share.
 */
export interface PreparedConversion {
  readonly from: SourceKind;
  /** The whole result when there is nothing to convert group by group (request inputs: changes). */
  readonly whole?: ConvertDetail;
  /** Groups read (0 when `whole` is given). */
  readonly groupCount: number;
  /** Each group is read when it is converted (prepareConversionGroupwise), not all when prepared. */
  readonly groupwise?: boolean;
  /** Convert the group at `index` (0 ≤ index < groupCount). */
  convertGroupAt(index: number): { group: ConvertedGroup; canonical: CanonicalPair };
}

/** Read the input and compute what every group's conversion shares (see PreparedConversion). */
export function prepareConversion(input: ParsedInput | string, options: ConvertOptions): PreparedConversion {
  const file = options.file;
  return withFile(file, (): PreparedConversion => {
    const parsed = typeof input === 'string' ? parseInput(input, file) : input;
    const detected = detectInput(parsed, options.from, options.shape);
    const readReport = new Report();
    const read = readDetected(parsed, detected, readReport, file, { skipInvalid: options.skipInvalid ?? false });
    for (const placeholder of parsed.placeholders ?? []) readReport.add('doc_placeholder_ignored', '', { placeholder });
    const mapping = toMapping(options.map);
    const nothingPerGroup = (whole: ConvertDetail): PreparedConversion => ({
      from: detected.from,
      whole,
      groupCount: 0,
      convertGroupAt: (index) => {
        throw new RangeError(`no group ${index}: the input is converted whole`);
      },
    });
    if (options.to !== 'model' && REQUEST_SHAPES.has(read.shape) && read.operation !== 'describe')
      return nothingPerGroup({
        result: {
          from: detected.from,
          to: options.to,
          groups: [],
          changes: requestChanges(parsed, read, readReport, options, mapping),
        },
        canonical: [],
      });
    const perGroup = assignToGroups(
      readReport.findings,
      read.groups.map((g) => g.pointer ?? ''),
    );
    const ctx = groupContext(options, read.shape, fieldLocator(readReport.provenance), read.groups, mapping);
    return {
      from: detected.from,
      groupCount: read.groups.length,
      convertGroupAt: (i) => withFile(file, () => convertGroup(read.groups[i]!, perGroup[i] ?? [], ctx)),
    };
  });
}

/** What the conversion of every group of one input shares (`groups`: all of the input's, for placeholders). */
function groupContext(
  options: ConvertOptions,
  shape: string,
  locate: FieldLocator,
  groups: readonly Pick<SecurityGroup, 'provider' | 'id' | 'name' | 'pointer'>[],
  mapping: Mapping,
): GroupContext {
  return {
    to: options.to,
    locate,
    shape,
    mapping,
    options,
    limits:
      options.to === 'aws' ? shardLimits(options.rulesPerGroup, options.maxGroupsPerInterface) : DEFAULT_SHARD_LIMITS,
    siblings: siblingPlaceholders(groups, options.to, mapping),
  };
}

/**
 * `prepareConversion` for a thread that converts only some of the input's groups: each group is read when it
 * is converted (`convertGroupAt`), so reading is shared between threads instead of done whole by each; the
 * result of every group is `prepareConversion`'s. Undefined when the input's shape is not read one group at
 * a time (readDetectedGroupwise), or when preparing fails (then `prepareConversion` gives the error).
 *
 * Fails open on bad input, unlike prepareConversion: a group that cannot be read fails only when it is
 * converted, and not with the error `prepareConversion` throws for the input (which names the first
 * unreadable rule of the whole input, and counts them). After any failure, a caller that must fail as one
 * thread does calls `prepareConversion`, whose error (if it throws) is the one to report.
 */
export function prepareConversionGroupwise(
  input: ParsedInput | string,
  options: ConvertOptions,
): PreparedConversion | undefined {
  const file = options.file;
  try {
    return withFile(file, () => {
      const parsed = typeof input === 'string' ? parseInput(input, file) : input;
      const detected = detectInput(parsed, options.from, options.shape);
      const docReport = new Report();
      const reader = readDetectedGroupwise(parsed, detected, docReport, file, {
        skipInvalid: options.skipInvalid ?? false,
      });
      if (reader === undefined) return undefined;
      // As prepareConversion: the document's findings go to the first group, the input's placeholders after
      // that group's own (they are reported after the whole input is read).
      const before = docReport.findings.length;
      for (const placeholder of parsed.placeholders ?? [])
        docReport.add('doc_placeholder_ignored', '', { placeholder });
      const docFindings = docReport.findings;
      const mapping = toMapping(options.map);
      const ctx = groupContext(options, reader.shape, fieldLocator(docReport.provenance), reader.groups, mapping);
      return {
        from: detected.from,
        groupCount: reader.groups.length,
        groupwise: true,
        convertGroupAt: (i) =>
          withFile(file, () => {
            const { group, report } = reader.readGroupAt(i);
            const own = report.findings;
            const findings = i === 0 ? [...docFindings.slice(0, before), ...own, ...docFindings.slice(before)] : own;
            return convertGroup(group, findings, { ...ctx, locate: fieldLocator(report.provenance) });
          }),
      };
    });
  } catch {
    return undefined;
  }
}

/**
 * Convert security groups between clouds (or to/from the canonical model).
 *
 * @example
 * const result = convert(readFileSync('sg.json', 'utf8'), { to: 'aws', map: { groups: { 'sg-ali': 'sg-0abc' } } });
 * for (const g of result.groups) console.log(g.source.id, g.verdict, g.findings.length);
 */
export function convert(input: ParsedInput | string, options: ConvertOptions): ConvertResult {
  return convertAll(input, options, false).result;
}

/** The canonical model document of a `to: 'model'` conversion (what `--to model` prints). */
export function toModelDocument(result: ConvertResult): { modelVersion: number; groups: Record<string, unknown>[] } {
  if (result.to !== 'model') throw new TranslateError('usage', 'toModelDocument needs a conversion with to: model');
  return { modelVersion: MODEL_VERSION, groups: result.groups.map((g) => g.target) };
}
