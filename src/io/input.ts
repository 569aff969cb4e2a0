/**
 * Turning the bytes of an input into a parsed value. Formats: JSON, YAML (the model document and mapping
 * files), XML (AWS API responses) and query strings (Aliyun / EC2 Query API request examples, with or
 * without a URL in front). Adapters see `ParsedInput` and never re-parse text.
 */
import { createRequire } from 'node:module';
import type { XMLParser } from 'fast-xml-parser';
import { TranslateError } from '../errors.js';
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
}

const QUERY_LINE = /^(?:https?:\/\/\S*?\?|\?)?[A-Za-z][\w.]*=[^\s]*(?:&[A-Za-z][\w.]*=[^\s]*)*$/;

/** Parse a query string (optionally a whole URL, optionally with `&` on separate lines, as the docs print). */
export function parseQuery(text: string): Record<string, string> {
  let body = text.trim().replace(/\s*\n\s*&?/g, '&').replace(/&&+/g, '&');
  const q = body.indexOf('?');
  if (q >= 0 && /^https?:\/\/|^\?/.test(body)) body = body.slice(q + 1);
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body)) out[k] = v;
  return out;
}

function looksLikeQuery(text: string): boolean {
  const joined = text.trim().replace(/\s*\n\s*&?/g, '&');
  return QUERY_LINE.test(joined);
}

export function parseInput(text: string, file = '<input>', force?: InputFormat): ParsedInput {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw new TranslateError('input_unreadable', 'the input is empty', { file });
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
        return { format, value: yaml().parse(trimmed) };
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
