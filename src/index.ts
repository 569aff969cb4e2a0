/**
 * sgbridge: translate security-group rules between Alibaba Cloud ECS (`aliyun`) and AWS EC2 (`aws`), prove what
 * each translation means, and compare groups across the two clouds.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { convert } from 'sgbridge';
 *
 * const result = convert(readFileSync('web-tier.json', 'utf8'), {
 *   to: 'aws',
 *   map: { groups: { 'sg-j6c4webtier0001': 'sg-0a1b2c3d4e5f60001' } },
 *   file: 'web-tier.json',
 * });
 * for (const g of result.groups) {
 *   console.log(g.source.id, '→', g.target['GroupId'], g.verdict); // verdict: exact | narrower | wider | mixed
 *   for (const f of g.findings) console.log(`  ${f.severity} ${f.code} at ${f.pointer}: ${f.message}`);
 * }
 * ```
 */

// --- conversion ---------------------------------------------------------------------------------------------
/** Convert groups between clouds or to/from the canonical model; see {@link ConvertOptions}. */
export { convert, convertDetailed, toModelDocument, type ConvertOptions } from './convert/convert.js';
/** Compare the groups of two inputs (any clouds) under each cloud's own semantics. */
export { compareInputs, type CompareResult, type GroupComparison, type DiffSide, type GroupRef } from './convert/compare.js';
export type {
  ConvertResult,
  ConvertedGroup,
  ConvertTarget,
  ConvertDetail,
  CanonicalPair,
  SourceSummary,
  SdkRequest,
  TranslatedChange,
  ChangeSource,
} from './convert/types.js';

/** Provisioning code (Terraform, CloudFormation, ROS) from a conversion, with the verdict proven on the document. */
export { emitIac, writtenGroups, type IacOutput } from './convert/emit-iac.js';
export { IAC_FORMATS, IAC_READERS, IAC_WRITERS, type IacFormat } from '../adapters/iac/index.js';
// --- plans ----------------------------------------------------------------------------------------------------
/**
 * `plan(desired, base, options)`: the target requests that turn the base group into one with the desired meaning,
 * proven (docs/plan.md). `applyStep` is the in-memory model of each API call's effect; `baseDigest` identifies
 * the base a plan was made for.
 */
export { plan, planGroup, planDocument, type PlanOptions } from './plan/plan.js';
export { planCreate, type CreateOptions } from './plan/create.js';
export { applyStep, applyRequest, type StepRequest, type EffectResult, type EffectOptions } from './plan/effects.js';
export { baseDigest } from './plan/digest.js';
export { checkState, type StateCheck } from './plan/proof.js';
export type { Plan, PlanStep, PlanResult, PlanOrder } from './plan/types.js';
export { renderPlanText, renderPlanMarkdown } from './report/render-plan.js';

// --- inputs, mapping file and adapters ----------------------------------------------------------------------
/** Parse input text (JSON, YAML, XML or a query string; detected, or forced). */
export { parseInput, parseQuery, type ParsedInput, type InputFormat } from './parse/text.js';
/** The mapping file (group, account, prefix-list, region and port-list IDs across clouds), read both ways. */
export { parseMapping, createMapping, EMPTY_MAPPING, MappingFile, type Mapping, type MappingFileInput, type PairKind } from './idmap/index.js';
/** The provider adapters and input detection (both clouds plus the canonical model document). */
export { ADAPTERS, detectInput, readDetected, SOURCE_KINDS, type SourceKind, type DetectedInput } from '../adapters/index.js';
export type { Adapter, ProviderIssue, ReadOptions, ReadResult } from '../adapters/types.js';

// --- semantic engine ----------------------------------------------------------------------------------------
/**
 * The engine: `meaning(group)` (the allow-set), `explain(group, packet)`, `parsePacket(spec)`, `diff(a, b)`,
 * `equivalent(a, b)`, `verdict(source, target)`, `compile(group, options)` and `lint(group, report)`.
 */
export { meaning, explain, parsePacket, diff, equivalent, verdict, compile, lint } from './semantics/index.js';
export type {
  Packet,
  Decision,
  Explanation,
  Region,
  DiffResult,
  Verdict,
  CompileOptions,
  CompileResult,
  Atom,
} from './semantics/api.js';

// --- model, report, errors ----------------------------------------------------------------------------------
/** The canonical model: zod schemas and the types inferred from them (spec: docs/model.md). */
export * from './model/index.js';
/** CIDR text as the model holds it: canonicalCidr('10.1.2.3/8') is '10.0.0.0/8'; undefined when not a CIDR. */
export { canonicalCidr, isCanonicalCidr, cidrFamily, type Family } from './address/index.js';
/** Findings as data; `Report` collects them. Codes: tables/finding-codes.ts (docs/findings.md). */
export { Report, makeFinding, type Finding, type Detail } from './report/report.js';
export { FINDING_CODES, FINDING_CODE_LIST, type FindingCode, type Effect, type Severity } from '../tables/finding-codes.js';
/** Errors stop a run: a stable code, an exit status, and the file / JSON pointer / provider code. */
export { TranslateError, ERROR_CODES, type ErrorCode, type ErrorLocation } from './errors.js';
/** Rendering of a conversion for people (JSON is the ConvertResult itself). */
export { renderText, type TextOptions } from './report/render-text.js';
export { renderMarkdown } from './report/render-markdown.js';
export { summaryLine } from './report/render-summary.js';

