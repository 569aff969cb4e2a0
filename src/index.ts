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

// Explicit named exports only: each name here is public API (pinned by test/public-api.test.ts). Internals stay
// importable by path for the tests and the CLI, never through this entry.

// --- conversion ---------------------------------------------------------------------------------------------
export {
  /** Convert the groups of an input between clouds, or to or from the canonical model; the `--format json` document. */
  convert,
  /** `convert`, keeping the canonical source and target groups beside the result (what the renderers take). */
  convertDetailed,
  /** The canonical model document of a `to: 'model'` conversion (what `--to model` prints). */
  toModelDocument,
  /** Options of `convert`: target, forced source and shape, mapping, widening, quota split, requests, skip-invalid. */
  type ConvertOptions,
} from './convert/convert.js';
export {
  /** `convert` of several inputs, or of one input with many groups, in worker threads; the same results, in order. */
  convertInParallel,
  /** `convertInParallel`, each result as its JSON document (`JSON.stringify(result, null, 2)`). */
  convertInParallelToJson,
  /** `convertInParallelToJson`, each document handed to a callback in input order as soon as it is done. */
  convertEachInParallelToJson,
  /** `convertEachInParallelToJson` in pieces (one input of many groups: a piece per group), in order, each when done. */
  convertInParallelToJsonPieces,
  /** Options of `convertInParallel`: those of `convert` (but `base`) and `jobs`, the threads that convert. */
  type ParallelConvertOptions,
} from './convert/parallel.js';
export {
  /** Compare the groups of two inputs (any clouds) under each cloud's own semantics (`sgbridge diff`). */
  compareInputs,
  /** The result of `compareInputs`: equivalent or not, one comparison per pair of groups. */
  type CompareResult,
  /** The comparison of one pair of groups: what only A and only B allow, and the findings. */
  type GroupComparison,
  /** One side of `compareInputs`: the parsed input, its file name, forced source, one group ID, skip-invalid. */
  type DiffSide,
  /** The provider, ID, name and JSON pointer of a compared group. */
  type GroupRef,
} from './convert/compare.js';
export type {
  /** The result of `convert`: source and target kinds, converted groups (or changes, for request inputs). */
  ConvertResult,
  /** One converted group: source summary, native target group (and shards), requests when asked, verdict, findings. */
  ConvertedGroup,
  /** A target of `convert`: `aliyun`, `aws` or `model`. */
  ConvertTarget,
  /** The result of `convertDetailed`: the result and the canonical groups behind each converted group. */
  ConvertDetail,
  /** The canonical source and target groups behind one converted group. */
  CanonicalPair,
  /** A small, stable summary of a source group: provider, shape, ID, name, region, JSON pointer. */
  SourceSummary,
  /** One API request in the SDK's JSON shape: the action name and its input. */
  SdkRequest,
  /** A request input translated as a change: the target requests for the same change, never a group. */
  TranslatedChange,
  /** The source request of a translated change. */
  ChangeSource,
} from './convert/types.js';

// --- provisioning code ----------------------------------------------------------------------------------------
export {
  /** Terraform, CloudFormation or ROS text of a conversion, with each verdict proven on the written document. */
  emitIac,
  /** The groups of a written provisioning document read back, one per written group, in order. */
  writtenGroups,
  /** The result of `emitIac`: the format, the document text, and the conversion with proven verdicts. */
  type IacOutput,
} from './convert/emit-iac.js';
export {
  /** The names of the provisioning-code formats `convert --emit` writes. */
  IAC_FORMATS,
  /** The provisioning-code readers (Terraform state and plan, CloudFormation, ROS), with their shape names. */
  IAC_READERS,
  /** The provisioning-code writers, by format: the clouds each writes and how its document is read back. */
  IAC_WRITERS,
  /** One of `IAC_FORMATS`. */
  type IacFormat,
} from '../adapters/iac/index.js';

// --- audit ----------------------------------------------------------------------------------------------------
export {
  /** Pair the groups of two fleets (any clouds) and compare every pair, ranked by exposure (`sgbridge audit`). */
  audit,
  /** One payload of an audit side: its text and the file name findings and errors name. */
  type AuditInput,
  /** Options of `audit`: mapping, pairing methods, disjoint members, threads, progress. */
  type AuditOptions,
} from './audit/audit.js';
export type {
  /** The result of `audit`: inputs, pairs (different first, worst first), unpaired groups, summary. */
  AuditResult,
  /** One compared pair: the two groups, how they were paired, the differences worst first, the findings. */
  PairResult,
  /** Traffic one side of a pair allows and the other does not, with its exposure and deciding rules. */
  Difference,
  /** A group with no counterpart on the other side, and why. */
  UnpairedGroup,
  /** How an audit pairs groups: `mapping`, `name` or `tag:<key>`. */
  PairingMethod,
  /** How an audit names a group: provider, ID, name, region, VPC, file and JSON pointer. */
  GroupRef as AuditGroupRef,
} from './audit/types.js';
export {
  /** The audit as its JSON document (docs/audit.md), with each difference's stable code. */
  renderAuditJson,
} from './audit/render-json.js';
export {
  /** The audit as text for a terminal: the summary, then the different pairs worst first. */
  renderAuditText,
} from './audit/render-text.js';
export {
  /** The audit as Markdown, for a pull request or a ticket. */
  renderAuditMarkdown,
} from './audit/render-markdown.js';
export {
  /** The audit as a SARIF 2.1.0 log, for code-scanning tools. */
  renderAuditSarif,
  /** Options of `renderAuditSarif`: version, line lookup, URI of a file. */
  type SarifOptions,
} from './audit/render-sarif.js';

// --- plans ----------------------------------------------------------------------------------------------------
export {
  /** The target requests that turn each base group into one with the desired meaning, proven (docs/plan.md). */
  plan,
  /** Plan one desired group onto one current group of the target cloud. */
  planGroup,
  /** The JSON document of a plan result: the plan itself for one group, `{plans}` for several. */
  planDocument,
  /** Options of `plan`: mapping, step order, widening, protocols, forced source, file names. */
  type PlanOptions,
} from './plan/plan.js';
export {
  /** Plan every desired group onto its base group, or onto a new group when the base has no counterpart. */
  planCreate,
  /** Options of `planCreate`: those of `plan`, plus the target cloud, region, VPC and mapping file of new groups. */
  type CreateOptions,
} from './plan/create.js';
export {
  /** The effect of one plan step on a group (the in-memory model of the API call). */
  applyStep,
  /** The effect of one API call, as parsed from a request, on a group of the call's cloud. */
  applyRequest,
  /** A request to apply: the API action name and its input. */
  type StepRequest,
  /** The group after a call, or the provider's error code and message when the call would fail. */
  type EffectResult,
  /** Options of `applyStep` and `applyRequest` (the IDs new rules get). */
  type EffectOptions,
} from './plan/effects.js';
export {
  /** `sha256:<hex>` of a group's identity, type, policy and rules: the base a plan was made for. */
  baseDigest,
} from './plan/digest.js';
export {
  /** How a state relates to current ∪ desired (does it widen?) and to current ∩ desired (transient denial). */
  checkState,
  /** The result of `checkState`. */
  type StateCheck,
} from './plan/proof.js';
export type {
  /** The plan for one target group: target, base digest, steps, verdicts before and after, findings. */
  Plan,
  /** One step of a plan: the API action, its request, and whether it denies for a while what both allow. */
  PlanStep,
  /** Several plans: `{plans}`. */
  PlanResult,
  /** The order of a plan's steps: `safe` (never widens), `authorize-first` or `revoke-first`. */
  PlanOrder,
} from './plan/types.js';
export {
  /** A plan result as text for people (`sgbridge plan`). */
  renderPlanText,
  /** A plan result as Markdown (`sgbridge plan --format markdown`). */
  renderPlanMarkdown,
} from './report/render-plan.js';

// --- inputs, mapping file and adapters ----------------------------------------------------------------------
export {
  /** Parse input text: JSON, YAML, XML or a query string, detected or forced. */
  parseInput,
  /** Parse a query string (optionally a whole URL, or one parameter per line, as the API docs print them). */
  parseQuery,
  /** Parsed input: its format, its value, and the placeholders left out of a pasted API-docs example. */
  type ParsedInput,
  /** An input format: `json`, `yaml`, `xml` or `query`. */
  type InputFormat,
} from './parse/text.js';
export {
  /** Parse mapping-file text (JSON or YAML) and validate it. */
  parseMapping,
  /** Validate a parsed mapping value; errors name the file and the JSON pointer of the bad value. */
  createMapping,
  /** A mapping that names nothing: every cross-cloud reference becomes a finding. */
  EMPTY_MAPPING,
  /** The zod schema of the mapping file (groups, accounts, prefix lists and entries, VPCs, regions, port lists). */
  MappingFile,
  /** A validated mapping: the counterpart of an ID across clouds, read in both directions. */
  type Mapping,
  /** The mapping file as written (the input side of `MappingFile`). */
  type MappingFileInput,
  /** A section of the mapping file: `groups`, `accounts`, `prefixLists`, `regions` or `vpcs`. */
  type PairKind,
} from './idmap/index.js';
export {
  /** The cloud adapters by provider: detection, reading, writing and offline validation of payloads. */
  ADAPTERS,
  /** Recognise an input's source (a cloud or the model document) and shape, or force them. */
  detectInput,
  /** Read a detected input into canonical groups; findings about reading go to the report. */
  readDetected,
  /** The sources an input can come from: `aliyun`, `aws` and `model`. */
  SOURCE_KINDS,
  /** One of `SOURCE_KINDS`. */
  type SourceKind,
  /** A detected input: its source, shape and adapter (none for the model document). */
  type DetectedInput,
} from '../adapters/index.js';
export type {
  /** A cloud adapter: its shapes, detection, reader, writers and validator (`sgbridge validate`). */
  Adapter,
  /** One problem the provider itself would reject, under the provider's own error code. */
  ProviderIssue,
  /** Options of an adapter's reader (a forced shape). */
  ReadOptions,
  /** What an adapter's reader returns: the shape read and the canonical groups, in input order. */
  ReadResult,
} from '../adapters/types.js';

// --- semantic engine ----------------------------------------------------------------------------------------
export {
  /** The normalised allow-set of a group, per direction. */
  meaning,
  /** Allowed or denied, and what decided, for every host a packet stands for (`sgbridge explain`). */
  explain,
  /** Parse a packet description such as `ingress tcp 10.0.0.5:22`. */
  parsePacket,
  /** What only A allows and what only B allows, as readable regions. */
  diff,
  /** True when both groups allow exactly the same packets, for every host. */
  equivalent,
  /** How a target group relates to its source: `exact`, `narrower`, `wider` or `mixed`. */
  verdict,
  /** Report rules that never match, duplicate rules and shadowed rules. */
  lint,
} from './semantics/index.js';
export {
  /** A group of the target cloud that allows no more than the source, with findings for what it cannot hold. */
  compileForTarget as compile,
} from './lower/index.js';
export type {
  /** A packet: direction, protocol, ports or ICMP type and code, peer, local address, memberships. */
  Packet,
  /** What decided a packet: a rule, a default, or the group's inner-access policy. */
  Decision,
  /** The answer of `explain`: outcome, the deciding rule, and the cases when it depends on the host. */
  Explanation,
  /** A readable region of packet space, merged and sorted; what `diff` returns. */
  Region,
  /** The result of `diff`: equivalent or not, and the regions only A and only B allow. */
  DiffResult,
  /** `exact`, `narrower`, `wider` or `mixed`. */
  Verdict,
  /** Options of `compile`: target cloud and group ID, which peers can be written, widening, quota, report. */
  CompileOptions,
  /** The result of `compile`: the target group and its rule counts per direction and family. */
  CompileResult,
  /** A symbolic peer: `group:<groupId>` (`group-name:<name>` for name-only references) or `prefixList:<id>`. */
  Atom,
} from './semantics/api.js';

// --- canonical model (spec: docs/model.md) ------------------------------------------------------------------
export {
  /** The canonical model's version; readers refuse documents of another version. */
  MODEL_VERSION,
} from './model/version.js';
export {
  /** The zod schema of a cloud name: `aliyun` or `aws`. */
  ProviderId,
  /** The zod schema of a rule's direction: `ingress` or `egress`. */
  Direction,
  /** The zod schema of a rule's action: `allow` or `deny`. */
  Action,
  /** The zod schema of an inclusive port range in 0..65535. */
  PortRange,
  /** The zod schema of a protocol: `all` or an IANA protocol number. */
  Protocol,
  /** The zod schema of an ICMP type or code: `any` or 0..255. */
  IcmpValue,
  /** The zod schema of an ICMP or ICMPv6 type and code. */
  IcmpMatch,
  /** The zod schema of a CIDR, canonicalised (network address, lower-case, compressed IPv6). */
  Cidr,
  /** The zod schema of a CIDR peer. */
  CidrPeer,
  /** The zod schema of a security-group peer (by ID or name, optionally in another account). */
  GroupPeer,
  /** The zod schema of a prefix-list peer. */
  PrefixListPeer,
  /** The zod schema of a rule's peer: a CIDR, a group or a prefix list. */
  Peer,
  /** The zod schema of where a rule came from (provider, JSON pointer); findings point back here. */
  Origin,
  /** The zod schema of a tag. */
  Tag,
  /** The zod schema of a canonical rule. */
  Rule,
  /** A rule as written, before CIDRs are canonicalised (the input side of `Rule`). */
  type RuleInput,
} from './model/rule.js';
export {
  /** The zod schema of an Aliyun group type: `normal` or `enterprise`. */
  AliyunGroupType,
  /** The zod schema of a canonical security group. */
  SecurityGroup,
  /** A group as written, before CIDRs are canonicalised (the input side of `SecurityGroup`). */
  type SecurityGroupInput,
  /** The zod schema of the model document (`{modelVersion, groups}`): what `--to model` writes. */
  ModelDocument,
} from './model/group.js';
export {
  /** The JSON Schema of the model document, generated from the zod schemas (also `sgbridge/schema.json`). */
  modelJsonSchema,
  /** The `$id` of that JSON Schema. */
  MODEL_SCHEMA_ID,
} from './model/json-schema.js';

// --- findings, errors, rendering ----------------------------------------------------------------------------
export {
  /** The collector of findings; readers, the engine and writers add to it where meaning or information changes. */
  Report,
  /** A finding of a catalogue code at a pointer, with the code's severity, effect, message and hint filled in. */
  makeFinding,
  /** A finding as data: code, severity, effect, JSON pointer into the input, message, hint, detail. */
  type Finding,
  /** A finding's detail: a flat record of strings, numbers and booleans. */
  type Detail,
} from './report/report.js';
export {
  /** The catalogue of finding codes with their effect, severity and wording (docs/findings.md). */
  FINDING_CODES,
  /** The finding codes, in catalogue order. */
  FINDING_CODE_LIST,
  /** A finding code (a key of `FINDING_CODES`). */
  type FindingCode,
  /** What a finding does to meaning: `exact`, `narrower`, `wider` or `lossy`. */
  type Effect,
  /** A finding's severity: `error`, `warning` or `info`. */
  type Severity,
} from '../tables/finding-codes.js';
export {
  /** The error that stops a run: a stable code, an exit status, and the file, JSON pointer and provider code. */
  TranslateError,
  /** The error codes and the exit status of each. */
  ERROR_CODES,
  /** An error code (a key of `ERROR_CODES`). */
  type ErrorCode,
  /** Where an error is: file, JSON pointer, provider error code. */
  type ErrorLocation,
} from './errors.js';
export {
  /** A conversion as text for people (`--format text`). */
  renderText,
  /** Options of `renderText` (ANSI colours, width). */
  type TextOptions,
} from './report/render-text.js';
export {
  /** A conversion as Markdown (`--format markdown`). */
  renderMarkdown,
} from './report/render-markdown.js';
export {
  /** The one-line summary of a conversion, e.g. `3 groups: 2 exact, 1 narrower; 5 findings (2 warnings)`. */
  summaryLine,
} from './report/render-summary.js';
