/** The AWS reader: picks the shape (detected or forced), converts XML and query input, and reads. */
import { TranslateError } from '../../src/errors.js';
import type { ParsedInput } from '../../src/parse/text.js';
import type { Report } from '../../src/report/report.js';
import type { GroupwiseRead, ReadOptions, ReadResult } from '../types.js';
import { AWS_SHAPES, detectShape, type AwsShape } from './detect.js';
import { Node, isPlainObject, type NodeContext, type SourceMap } from './values.js';
import { unflattenQuery } from './query.js';
import { CLI_EXAMPLES, readExamples } from './read-examples.js';
import {
  DESCRIBE_GROUPS,
  describeGroupKey,
  describeGroupNodes,
  readDescribeGroup,
  readDescribeGroups,
} from './read-groups.js';
import { AUTHORIZE_REQUEST, readRequest } from './read-request.js';
import { DESCRIBE_RULES, readDescribeRules } from './read-rules.js';
import { xmlToSdk } from './xml.js';

/** The input as SDK-named JSON plus how to read it (pointers into the original, text scalars). */
export function sdkView(input: ParsedInput): { doc: unknown; ctx: NodeContext } {
  if (input.format === 'xml') {
    const sources: SourceMap = new WeakMap();
    return { doc: xmlToSdk(input.value, sources).doc, ctx: { sources, textual: true } };
  }
  if (input.format === 'query') {
    if (!isPlainObject(input.value))
      throw new TranslateError('input_invalid', 'expected query parameters', { pointer: '' });
    const sources: SourceMap = new WeakMap();
    return { doc: unflattenQuery(input.value as Record<string, string>, sources), ctx: { sources, textual: true } };
  }
  return { doc: input.value, ctx: {} };
}

export function resolveShape(input: ParsedInput, options?: ReadOptions): AwsShape {
  const forced = options?.shape;
  if (forced !== undefined) {
    if (!(AWS_SHAPES as readonly string[]).includes(forced)) {
      throw new TranslateError('usage', `unknown AWS shape ${forced}; expected one of ${AWS_SHAPES.join(', ')}`);
    }
    return forced as AwsShape;
  }
  const shape = detectShape(input);
  if (shape === undefined)
    throw new TranslateError('input_unrecognized', 'not an AWS security-group payload', { pointer: '' });
  return shape;
}

/**
 * A Describe output that is one page of a longer listing (`NextToken` set): the groups or rules on later
 * pages are missing, so no result may claim to describe the whole account or group.
 */
function reportTruncated(root: Node, what: string, report: Report): void {
  const token = root.value['NextToken'];
  if (token === undefined || token === null || token === '') return;
  report.add('input_truncated', root.at('NextToken'), { why: 'NextToken is set', what });
}

/** A DescribeSecurityGroups document's root (an object, or a bare array of groups), its paging checked. */
function describeGroupsRoot(doc: unknown, ctx: NodeContext, report: Report): Node | Node[] {
  const root = Array.isArray(doc) ? doc.map((g, i) => Node.root(g, ctx, `/${i}`)) : Node.root(doc, ctx);
  if (!Array.isArray(root) && root.has('SecurityGroups'))
    reportTruncated(root, 'account or region (later groups are missing)', report);
  return root;
}

export function readAws(input: ParsedInput, report: Report, options?: ReadOptions): ReadResult {
  const shape = resolveShape(input, options);
  const { doc, ctx } = sdkView(input);
  switch (shape) {
    case DESCRIBE_GROUPS:
      return { shape, groups: readDescribeGroups(describeGroupsRoot(doc, ctx, report), report), operation: 'describe' };
    case DESCRIBE_RULES: {
      const root = Node.root(doc, ctx);
      reportTruncated(root, 'group (later rules are missing)', report);
      return { shape, groups: readDescribeRules(root, report), operation: 'describe' };
    }
    case AUTHORIZE_REQUEST: {
      const { group, operation } = readRequest(Node.root(doc, ctx), report);
      return { shape, groups: [group], operation };
    }
    case CLI_EXAMPLES: {
      const { groups, operation } = readExamples(Node.root(doc, ctx), report);
      return { shape, groups, operation };
    }
  }
}

/**
 * A DescribeSecurityGroups document in JSON (or YAML) read one group at a time (see GroupwiseRead): every
 * finding of a group points inside it, since its pointers are its own object's. XML and query input (whose
 * pointers come from a source map) and other shapes are read whole.
 */
export function readAwsGroupwise(input: ParsedInput, report: Report, options?: ReadOptions): GroupwiseRead | undefined {
  if (input.format === 'xml' || input.format === 'query') return undefined;
  const shape = resolveShape(input, options);
  if (shape !== DESCRIBE_GROUPS) return undefined;
  const nodes = describeGroupNodes(describeGroupsRoot(sdkView(input).doc, {}, report), report);
  return {
    shape,
    groups: nodes.map(describeGroupKey),
    readGroupAt: (index, groupReport) => readDescribeGroup(nodes[index]!, groupReport),
  };
}
