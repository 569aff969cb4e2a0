/**
 * Turning the bytes of an input into a parsed value. Formats: JSON, YAML (the model document and mapping
 * files), XML (AWS API responses) and query strings (Aliyun / EC2 Query API request examples, with or
 * without a URL in front). Adapters see `ParsedInput` and never re-parse text.
 */
import { XMLParser } from 'fast-xml-parser';
import YAML from 'yaml';
import { TranslateError } from '../errors.js';
import { INTRINSIC_TAGS } from './yaml-tags.js';

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

const xmlParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false, // keep "22" as a string: the adapter decides what is a number
  trimValues: true,
  isArray: (name) => name === 'item',
});

export function parseInput(text: string, file = '<input>', force?: InputFormat): ParsedInput {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw new TranslateError('input_unreadable', 'the input is empty', { file, pointer: '' });
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
        return { format, value: YAML.parse(trimmed, { logLevel: 'error', customTags: INTRINSIC_TAGS }) };
      case 'xml':
        return { format, value: xmlParser.parse(trimmed, true) };
      case 'query':
        return { format, value: parseQuery(trimmed) };
    }
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new TranslateError('input_unreadable', `not valid ${format.toUpperCase()}: ${why}`, { file, pointer: '' });
  }
}
