/**
 * The contract every provider adapter keeps. An adapter knows one cloud's payload shapes: it recognises them
 * (`detect`), reads them into canonical groups with findings (`read`), writes canonical groups back as the
 * cloud's Describe shape or request shape (`writeDescribe`, `writeRequests`), and checks a payload offline
 * with the cloud's own error codes (`validate`). The canonical model document's adapter (adapters/model)
 * recognises, reads and validates only (`InputAdapter`).
 */
import type { ProviderId } from '../src/model/rule.js';
import type { SecurityGroup } from '../src/model/group.js';
import type { Report } from '../src/report/report.js';
import type { ParsedInput } from '../src/parse/text.js';

/** One problem the provider itself would reject, under the provider's own error code. */
export interface ProviderIssue {
  /** e.g. `InvalidParam.PortRange` (Aliyun) or `InvalidPermission.Malformed` (AWS). */
  readonly providerCode: string;
  /** JSON pointer of the offending value in the input's JSON view. */
  readonly pointer: string;
  readonly message: string;
  /**
   * `warning`: the provider may accept it (an adjustable quota, say); `validate` prints it and still exits 0.
   * Absent means an error.
   */
  readonly severity?: 'warning';
}

export interface ReadOptions {
  /** Force a shape instead of detecting it (one of `Adapter.shapes`). */
  readonly shape?: string;
  /** The input's file name, for readers whose errors name it (the model document's); others leave it to the caller. */
  readonly file?: string;
}

export interface ReadResult {
  /** The shape that was read (one of `Adapter.shapes`). */
  readonly shape: string;
  /** Groups in input order. Request payloads give one group holding the requested rules. */
  readonly groups: SecurityGroup[];
  /**
   * For request shapes: what the request does (authorize, revoke, modify). Groups always hold the rules the
   * request names; the operation tells a reader of the report what the rules were for.
   */
  readonly operation?: 'describe' | 'authorize' | 'revoke' | 'modify';
}

/**
 * An input whose groups are read one at a time, so a thread that converts some of them reads only those:
 * reading group `i` with `readGroupAt` gives the group and findings that `read` of the whole input gives for
 * it (the findings in the same order, each pointing inside the group), and `read` fails exactly when reading
 * some group fails. `groups` is what the conversion needs of every group without reading its rules.
 */
export interface GroupwiseRead {
  readonly shape: string;
  /** Each group's ID, name and pointer, as `read` gives them, in input order (the groups' count). */
  readonly groups: readonly Pick<SecurityGroup, 'provider' | 'id' | 'name' | 'pointer'>[];
  readGroupAt(index: number, report: Report): SecurityGroup;
}

/** What every input adapter does (a cloud's, and the canonical model document's): recognise, read, validate. */
export interface InputAdapter {
  /** Shape names this adapter reads, e.g. `describe-security-group-attribute`, `authorize-request`. */
  readonly shapes: readonly string[];
  /** The shape of a parsed input, or undefined when it is not this adapter's. Cheap and side-effect free. */
  detect(input: ParsedInput): string | undefined;
  /**
   * Read into canonical groups. Findings about reading (legacy values, ignored fields, normalised CIDRs)
   * go to `report`, each with the JSON pointer of the source value. Malformed input throws TranslateError
   * (code input_invalid, with the pointer and, where the provider has one, its error code); with
   * `report.leaveOutInvalid` (--skip-invalid) the rule holding the value is left out and recorded instead
   * (`report.skip`). A value no provider reads (a masked address) is always left out and recorded; callers
   * decide through src/convert/skipped.ts whether that stops the run.
   */
  read(input: ParsedInput, report: Report, options?: ReadOptions): ReadResult;
  /**
   * Optional, for shapes that list many independent groups: the input prepared to be read one group at a
   * time (`GroupwiseRead`), or undefined when this input cannot be (then `read` it whole). Findings about
   * the document itself go to `report` now; each group's go to the report given to `readGroupAt`.
   */
  readGroupwise?(input: ParsedInput, report: Report, options?: ReadOptions): GroupwiseRead | undefined;
  /** Offline validation of an input payload of this adapter, with the provider's own error codes. */
  validate(input: ParsedInput, options?: ReadOptions): ProviderIssue[];
}

/** A cloud's adapter: an input adapter that also writes the cloud's Describe and request shapes. */
export interface Adapter extends InputAdapter {
  readonly provider: ProviderId;
  /**
   * The cloud's Describe shape of each group (AWS: a DescribeSecurityGroups `SecurityGroups[]` item;
   * Aliyun: a DescribeSecurityGroupAttribute response). A pure formatter: the group must have been lowered
   * for this provider and shape first (src/lower: `fitToPayload`, after the engine's compile step), so it
   * holds only what the payload can; anything else throws TranslateError('internal').
   */
  writeDescribe(group: SecurityGroup): Record<string, unknown>;
  /**
   * The SDK request objects that create the group's rules: AWS AuthorizeSecurityGroupIngress/Egress
   * command inputs; Aliyun AuthorizeSecurityGroup/AuthorizeSecurityGroupEgress requests with Permissions.
   * Each item is `{ action, request }` with `request` in the SDK's own field names. A pure formatter, as
   * writeDescribe (lowered with the `request` shape).
   */
  writeRequests(group: SecurityGroup): { action: string; request: Record<string, unknown> }[];
}
