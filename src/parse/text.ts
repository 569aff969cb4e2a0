/**
 * Turning the bytes of an input into a parsed value. Formats: JSON, YAML (the model document and mapping
 * files), XML (AWS API responses) and query strings (Aliyun / EC2 Query API request examples, with or
 * without a URL in front). Adapters see `ParsedInput` and never re-parse text.
 */
import { createRequire } from 'node:module';
import type { XMLParser } from 'fast-xml-parser';
import { TranslateError } from '../errors.js';
import { INTRINSIC_TAGS } from './yaml-tags.js';
import { jsonErrorOffset, jsonReason, lineColumn } from './syntax-error.js';

// The YAML and XML parsers are loaded on first use (both packages ship CommonJS, so `require` keeps parsing
// synchronous): most inputs are JSON, and a command should not pay for parsers it does not run.
const requireLazily = createRequire(import.meta.url);
let yamlModule: typeof import('yaml') | undefined;
let xmlParser: XMLParser | undefined;

/** The `yaml` package, loaded on first use. */
export function yaml(): typeof import('yaml') {
  yamlModule ??= requireLazily('yaml') as typeof import('yaml');
  return yamlModule;
}

function xml(): XMLParser {
  xmlParser ??= new (requireLazily('fast-xml-parser') as typeof import('fast-xml-parser')).XMLParser({
    ignoreAttributes: true,
    parseTagValue: false, // keep "22" as a string: the adapter decides what is a number
    trimValues: true,
    isArray: (name) => name === 'item',
  });
  return xmlParser;
}

export type InputFormat = 'json' | 'yaml' | 'xml' | 'query';

export interface ParsedInput {
  readonly format: InputFormat;
  /**
   * JSON and YAML: the parsed value. XML: fast-xml-parser's object (elements as keys, text as strings,
   * no attributes). Query: an object of decoded parameter name to value (`IpPermissions.1.FromPort` kept flat).
   */
  readonly value: unknown;
  /**
   * Query input pasted from API documentation: the placeholders that were left out (`<Common Request
   * Parameters>`, `<公共请求参数>`, `AUTHPARAMS`). Readers never see them; the report names them.
   */
  readonly placeholders?: readonly string[];
}

const QUERY_LINE = /^(?:https?:\/\/\S*?\?|\?)?[A-Za-z][\w.]*=[^\s]*(?:&[A-Za-z][\w.]*=[^\s]*)*$/;

/** A documentation placeholder standing for parameters the example does not spell out. */
const PLACEHOLDER = /^(?:<[^<>=&]*>|AUTHPARAMS)$/;
/** One `name=value` parameter as the docs print it (the value unencoded, possibly with spaces). */
const DOC_PARAM = /^[A-Za-z][\w.]*=.*$/;

/**
 * A request example as API documentation prints it: a URL with its parameters on separate lines (`&Name=…`
 * each), or on one line separated by ` &` (the EC2 examples, whose values may hold spaces), with placeholders
 * such as `&<Common Request Parameters>` or `&AUTHPARAMS`. Undefined when the text is not such an example.
 */
function docExample(text: string): { params: string[]; placeholders: string[] } | undefined {
  let body = text.trim();
  const url = /^(?:https?:\/\/\S*?\?|\?)/.exec(body);
  if (url) body = body.slice(url[0].length);
  const parts = body
    .split(/\s*\n\s*&?|\s+&|&(?=<)/)
    .map((p) => p.trim().replace(/^&/, ''))
    .filter((p) => p !== '');
  if (parts.length === 0) return undefined;
  const params: string[] = [];
  const placeholders: string[] = [];
  for (const part of parts) {
    if (PLACEHOLDER.test(part)) placeholders.push(part);
    else if (DOC_PARAM.test(part)) params.push(part);
    else return undefined;
  }
  return params.length > 0 ? { params, placeholders } : undefined;
}

/** Parse a query string (optionally a whole URL, optionally with `&` on separate lines, as the docs print). */
export function parseQuery(text: string): Record<string, string> {
  let body = text
    .trim()
    .replace(/\s*\n\s*&?/g, '&')
    .replace(/&&+/g, '&');
  const q = body.indexOf('?');
  if (q >= 0 && /^https?:\/\/|^\?/.test(body)) body = body.slice(q + 1);
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body)) out[k] = v;
  return out;
}

/** The parameters of a documentation example (each `name=value` decoded on its own, spaces kept). */
function parseDocExample(example: { params: string[] }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const param of example.params) {
    const eq = param.indexOf('=');
    const decode = (t: string): string => {
      try {
        return decodeURIComponent(t);
      } catch {
        return t;
      }
    };
    out[decode(param.slice(0, eq))] = decode(param.slice(eq + 1));
  }
  return out;
}

function looksLikeQuery(text: string): boolean {
  const joined = text.trim().replace(/\s*\n\s*&?/g, '&');
  return QUERY_LINE.test(joined);
}

/** A documentation example that the plain query form does not read (placeholders, ` &` separators). */
function docExampleOf(text: string): { params: string[]; placeholders: string[] } | undefined {
  if (text.startsWith('{') || text.startsWith('[') || text.startsWith('<') || looksLikeQuery(text)) return undefined;
  const example = docExample(text);
  return example !== undefined && example.params.some((p) => p.startsWith('Action=')) ? example : undefined;
}

export function parseInput(text: string, file = '<input>', force?: InputFormat): ParsedInput {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw new TranslateError('input_unreadable', 'the input is empty', { file, pointer: '' });
  const example = force === undefined || force === 'query' ? docExampleOf(trimmed) : undefined;
  if (example !== undefined)
    return { format: 'query', value: parseDocExample(example), placeholders: example.placeholders };
  const format: InputFormat =
    force ??
    (trimmed.startsWith('<')
      ? 'xml'
      : trimmed.startsWith('{') || trimmed.startsWith('[')
        ? 'json'
        : looksLikeQuery(trimmed)
          ? 'query'
          : 'yaml');
  try {
    switch (format) {
      case 'json':
        return { format, value: JSON.parse(trimmed) };
      case 'yaml':
        // Warnings (an unknown directive, …) would go to the process's stderr; errors still throw. CloudFormation and
        // ROS short-form intrinsics (!Ref, !GetAtt, …) are read as their long forms.
        return { format, value: yaml().parse(trimmed, { logLevel: 'error', customTags: INTRINSIC_TAGS }) };
      case 'xml':
        return { format, value: xml().parse(trimmed, true) };
      case 'query':
        return { format, value: parseQuery(trimmed) };
    }
  } catch (e) {
    throw new TranslateError('input_unreadable', syntaxMessage(format, text, trimmed, e), { file, pointer: '' });
  }
}

/** One line saying why the text is not valid in its format, with a line and column where there is one. */
function syntaxMessage(format: InputFormat, text: string, trimmed: string, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof RangeError || /Maximum call stack size exceeded/.test(message)) {
    // A parser recursing per level: only a document nested thousands of levels deep gets here.
    return `not valid ${format.toUpperCase()}: nested too deeply to read (a security-group payload nests a few levels)`;
  }
  if (format === 'json') {
    const offset = jsonErrorOffset(trimmed);
    const reason = jsonReason(message);
    if (offset === undefined) return `not valid JSON: ${reason}`;
    // Positions count from the text as given (the scan ran on it without a BOM and leading blanks).
    const lead = text.length - text.replace(/^\uFEFF/, '').trimStart().length;
    const { line, column } = lineColumn(text, offset + lead);
    return `not valid JSON at line ${line}, column ${column}: ${reason}`;
  }
  return `not valid ${format.toUpperCase()}: ${message.split('\n')[0]}`;
}
