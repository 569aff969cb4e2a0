/**
 * A typed, pointer-aware view of one object of an AWS payload. Every accessor checks the value's type and
 * throws TranslateError('input_invalid') with the JSON pointer of the bad value, so readers never meet a raw
 * exception. XML and query inputs are first converted to the SDK's field names; their converters record where
 * each converted object and field came from (a `SourceMap`), so pointers still name the original input.
 */
import { TranslateError } from '../../src/errors.js';
import { childPointer } from '../../src/model/pointer.js';

export interface Provenance {
  /** Pointer of the object in the original input. */
  readonly pointer: string;
  /** Pointer of each (SDK-named) field in the original input. */
  readonly fields: Readonly<Record<string, string>>;
}
export type SourceMap = WeakMap<object, Provenance>;

export interface NodeContext {
  /** Where converted objects came from (XML, query); absent for JSON input. */
  readonly sources?: SourceMap;
  /** True when scalar values arrive as text (XML, query): "22" is read as 22, "true" as true. */
  readonly textual?: boolean;
}

export type Json = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function invalid(message: string, pointer: string, providerCode?: string): TranslateError {
  return new TranslateError('input_invalid', message, providerCode ? { pointer, providerCode } : { pointer });
}

export class Node {
  constructor(
    readonly value: Json,
    readonly pointer: string,
    readonly ctx: NodeContext = {},
  ) {}

  static root(value: unknown, ctx: NodeContext = {}, pointer = ''): Node {
    if (!isPlainObject(value)) throw invalid('expected an object', pointer);
    return new Node(value, ctx.sources?.get(value)?.pointer ?? pointer, ctx);
  }

  keys(): string[] {
    return Object.keys(this.value);
  }

  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  /** Pointer of one field of this object, in the original input. */
  at(key: string): string {
    return this.ctx.sources?.get(this.value)?.fields[key] ?? childPointer(this.pointer, key);
  }

  /** A string field; empty strings count as unset (public samples use "" for unused fields). */
  str(key: string): string | undefined {
    const v = this.value[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') throw invalid(`${key} must be a string`, this.at(key));
    return v;
  }

  /** A string field where "" is kept (descriptions may be written as "" on purpose). */
  rawStr(key: string): string | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw invalid(`${key} must be a string`, this.at(key));
    return v;
  }

  int(key: string): number | undefined {
    const v = this.value[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    if (this.ctx.textual && typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
    throw invalid(`${key} must be an integer`, this.at(key), 'InvalidParameterValue');
  }

  bool(key: string): boolean | undefined {
    const v = this.value[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'boolean') return v;
    if (this.ctx.textual && (v === 'true' || v === 'false')) return v === 'true';
    throw invalid(`${key} must be a boolean`, this.at(key), 'InvalidParameterValue');
  }

  obj(key: string): Node | undefined {
    const v = this.value[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (!isPlainObject(v)) throw invalid(`${key} must be an object`, this.at(key));
    return new Node(v, this.ctx.sources?.get(v)?.pointer ?? this.at(key), this.ctx);
  }

  /** A list of objects; absent or empty ("" from `<groups/>`) is []. */
  list(key: string): Node[] {
    const v = this.value[key];
    if (v === undefined || v === null || v === '') return [];
    const listAt = this.at(key); // once per list, not once per item
    if (!Array.isArray(v)) throw invalid(`${key} must be an array`, listAt);
    const sources = this.ctx.sources;
    return v.map((item, i) => {
      const p =
        (sources !== undefined && isPlainObject(item) ? sources.get(item)?.pointer : undefined) ??
        childPointer(listAt, i);
      if (!isPlainObject(item)) throw invalid(`${key}[${i}] must be an object`, p);
      return new Node(item, p, this.ctx);
    });
  }

  /** A list of strings, each with its pointer. */
  strList(key: string): { value: string; pointer: string }[] {
    const v = this.value[key];
    if (v === undefined || v === null || v === '') return [];
    if (!Array.isArray(v)) throw invalid(`${key} must be an array`, this.at(key));
    return v.map((item, i) => {
      const p = this.ctx.sources?.get(this.value)?.fields[`${key}/${i}`] ?? childPointer(this.at(key), i);
      if (typeof item !== 'string') throw invalid(`${key}[${i}] must be a string`, p);
      return { value: item, pointer: p };
    });
  }
}

/**
 * Fields of mapped input (XML, provisioning code) whose findings name the input member when it is spelled like
 * the API (`VpcId`) or in lower camel case (`vpcId`); for the others, findings name the object.
 */
const MAPPED_PROVENANCE = new Set(['Description', 'VpcId', 'OwnerId']);

/**
 * Where `name` of `node` was read, for provenance (src/model/provenance.ts): its pointer for JSON input. For
 * mapped input (a source map: XML, query, provisioning code) only the MAPPED_PROVENANCE members found directly
 * under the node's own pointer as `Name` or `name`; none for query input, whose findings name the flat
 * parameter's object. A more precise pointer for the others is a change of output, not made here.
 */
export function provenancePointer(node: Node, name: string): string | undefined {
  const at = node.at(name);
  if (node.ctx.sources === undefined) return at;
  if (!MAPPED_PROVENANCE.has(name)) return undefined;
  const lower = `${name.charAt(0).toLowerCase()}${name.slice(1)}`;
  return at === childPointer(node.pointer, name) || at === childPointer(node.pointer, lower) ? at : undefined;
}
