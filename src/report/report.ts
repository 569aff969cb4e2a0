/** Findings as data: a code from the catalogue, the input pointer, and a flat detail record. */
import { Provenance } from '../model/provenance.js';
import { FINDING_CODES, type Effect, type FindingCode, type Severity } from '../../tables/finding-codes.js';

export type Detail = Readonly<Record<string, string | number | boolean>>;

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly effect: Effect;
  /** JSON pointer into the input document (the source rule or field). */
  readonly pointer: string;
  readonly message: string;
  readonly hint: string;
  readonly detail: Detail;
}

/**
 * A template split once at its placeholders: even indexes are literal text, odd indexes placeholder names
 * (what `split` gives for a regex with one group). Findings are made by the hundred per group.
 */
const templateParts = new Map<string, string[]>();

function partsOf(template: string): string[] {
  let parts = templateParts.get(template);
  if (parts === undefined) templateParts.set(template, (parts = template.split(/\{(\w+)\}/)));
  return parts;
}

/** `{name}` replaced by the detail's value; a name the detail lacks stays as written. */
function fill(template: string, detail: Detail): string {
  if (!template.includes('{')) return template;
  const parts = partsOf(template);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i]!;
    out += (k in detail ? String(detail[k]) : `{${k}}`) + parts[i + 1]!;
  }
  return out;
}

export function makeFinding(code: FindingCode, pointer: string, detail: Detail = {}): Finding {
  const spec = FINDING_CODES[code];
  return {
    code,
    severity: spec.severity,
    effect: spec.effect,
    pointer,
    message: fill(spec.message, detail),
    hint: fill(spec.hint, detail),
    detail,
  };
}

/**
 * What a finding is apart from its pointer: its code, texts and detail. A stage that reports one fact per rule
 * (a field not carried over, say) makes the kind once and adds it at each rule's pointer (`Report.addKind`):
 * the texts are filled once, and the findings share them and the detail instead of holding a copy each.
 */
export type FindingKind = Omit<Finding, 'pointer'>;

export function findingKind(code: FindingCode, detail: Detail): FindingKind {
  const spec = FINDING_CODES[code];
  return {
    code,
    severity: spec.severity,
    effect: spec.effect,
    message: fill(spec.message, detail),
    hint: fill(spec.hint, detail),
    detail,
  };
}

/** A finding of `kind` at `pointer`, its properties in makeFinding's order (the same JSON, one object shape). */
function findingOfKind(kind: FindingKind, pointer: string): Finding {
  return {
    code: kind.code,
    severity: kind.severity,
    effect: kind.effect,
    pointer,
    message: kind.message,
    hint: kind.hint,
    detail: kind.detail,
  };
}

/** Details met before at one code and pointer, with their JSON text once it was needed. */
interface SeenDetail {
  readonly detail: Detail;
  json?: string;
}

/**
 * A rule a reader could not read and left out of its group. Readers record each one here (as well as the
 * finding that names the value); what happens next is decided in one place for every command
 * (src/convert/skipped.ts): a value the provider rejects stops the run unless the user opts in to skipping,
 * and a skipped rule always counts in the group's verdict.
 */
export interface SkippedRule {
  /** Pointer of the rule (permission, range entry, request item) that was left out. */
  readonly rulePointer: string;
  /** Pointer of the value that could not be read. */
  readonly pointer: string;
  /** What the rule would have done, when that much could be read. */
  readonly action: 'allow' | 'deny' | 'unknown';
  /**
   * True for a value only a tool could resolve (a terraform expression): `validate` accepts it, so it never
   * stops a run. Any other left-out rule holds a value the provider rejects.
   */
  readonly unresolved?: boolean;
  /** The provider's own error code (what `validate` prints); filled from `validate` when a reader has none. */
  readonly providerCode?: string;
  readonly message: string;
}

/**
 * What a reader returns in place of a rule it left out: made only by `Report.leaveOut`, which records the
 * SkippedRule, so a reader cannot return "no rule" without the run knowing (and the verdict counting it).
 */
export interface LeftOut {
  readonly leftOut: SkippedRule;
}

export function isLeftOut(x: unknown): x is LeftOut {
  return typeof x === 'object' && x !== null && 'leftOut' in x;
}

/** A collector; readers, the engine and writers add to it exactly where meaning or information changes. */
export class Report {
  readonly #findings: Finding[] = [];
  readonly #skipped: SkippedRule[] = [];
  #provenance: Provenance | undefined;
  /** Where readers found each field of the rules and groups they read (see src/model/provenance.ts). */
  get provenance(): Provenance {
    return (this.#provenance ??= new Provenance());
  }
  /**
   * Whether readers leave out a rule holding a value the provider rejects (recorded with `skip`) instead of
   * throwing. Set by the caller that asked for it (`--skip-invalid`); readers only read it.
   */
  leaveOutInvalid = false;
  /**
   * Details already reported per code and pointer: the one detail met so far (most pointers have one finding
   * of a code), or a list of them once a second came. A detail is serialised only when its code and pointer
   * were met before.
   */
  readonly #seen = new Map<FindingCode, Map<string, Detail | SeenDetail[]>>();

  /**
   * True the first time a fact (code, pointer, detail as JSON) is met: one finding per fact, however many times a
   * pass meets it.
   */
  #firstTime(code: FindingCode, pointer: string, detail: Detail): boolean {
    // By code, then pointer: no key text is built per finding.
    let byPointer = this.#seen.get(code);
    if (byPointer === undefined) this.#seen.set(code, (byPointer = new Map<string, Detail | SeenDetail[]>()));
    const earlier = byPointer.get(pointer);
    if (earlier === undefined) {
      byPointer.set(pointer, detail);
      return true;
    }
    let seen: SeenDetail[];
    if (Array.isArray(earlier)) seen = earlier;
    else byPointer.set(pointer, (seen = [{ detail: earlier }]));
    const json = JSON.stringify(detail);
    if (seen.some((e) => e.detail === detail || (e.json ??= JSON.stringify(e.detail)) === json)) return false;
    seen.push({ detail, json });
    return true;
  }

  add(code: FindingCode, pointer: string, detail: Detail = {}): void {
    if (this.#firstTime(code, pointer, detail)) this.#findings.push(makeFinding(code, pointer, detail));
  }

  /** A finding of `kind` (see findingKind) at `pointer`: what `add` does, without filling its texts again. */
  addKind(kind: FindingKind, pointer: string): void {
    if (this.#firstTime(kind.code, pointer, kind.detail)) this.#findings.push(findingOfKind(kind, pointer));
  }

  addAll(findings: readonly Finding[]): void {
    for (const f of findings) this.add(f.code, f.pointer, f.detail);
  }

  get findings(): readonly Finding[] {
    return this.#findings;
  }

  /** Record a rule a reader left out (see SkippedRule). */
  skip(rule: SkippedRule): void {
    this.#skipped.push(rule);
  }

  /** Record a rule a reader left out and return the token the reader returns in its place. */
  leaveOut(rule: SkippedRule): LeftOut {
    this.skip(rule);
    return { leftOut: rule };
  }

  get skipped(): readonly SkippedRule[] {
    return this.#skipped;
  }

  has(effect: Effect): boolean {
    return this.#findings.some((f) => f.effect === effect);
  }
}
