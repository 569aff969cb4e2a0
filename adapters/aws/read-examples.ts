/**
 * AWS CLI documentation examples: `{Examples: [{Command, Output}]}`. The output of an Authorize command and of
 * describe-security-group-rules is the DescribeSecurityGroupRules shape (rules with their IDs and IsEgress), so
 * it is read when present and the command only gives the operation. Without an output, the command's simple
 * flags (`--group-id --protocol --port --cidr --source-group`) or a JSON `--ip-permissions` are read; the
 * shorthand syntax is not parsed (reported).
 */
import type { SecurityGroup } from '../../src/model/group.js';
import type { Report } from '../../src/report/report.js';
import { reportUnknownFields } from './fields.js';
import { isPlainObject, Node, type Json, type SourceMap } from './values.js';
import { readDescribeGroups } from './read-groups.js';
import { readRequest, type Operation, type RequestHint } from './read-request.js';
import { DESCRIBE_RULES, readRuleList } from './read-rules.js';

export const CLI_EXAMPLES = 'cli-examples';

const COMMAND = /\baws\s+ec2\s+(authorize|revoke|describe)-security-group(?:s|-rules|-(ingress|egress))\b/;

/** Split a shell command line into words (single and double quotes, no expansion). */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  let inWord = false;
  for (const ch of command) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

function flagValues(words: string[]): Map<string, string[]> {
  const flags = new Map<string, string[]>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!w.startsWith('--')) continue;
    const values: string[] = [];
    while (i + 1 < words.length && !words[i + 1]!.startsWith('--')) values.push(words[++i]!);
    flags.set(w.slice(2), values);
  }
  return flags;
}

/** The request a command line makes, in SDK field names; undefined when its permissions are in shorthand. */
export function commandToRequest(command: string): Json | undefined {
  const flags = flagValues(shellWords(command));
  const one = (k: string) => flags.get(k)?.[0];
  const req: Json = {};
  if (one('group-id') !== undefined) req.GroupId = one('group-id');
  if (one('group-name') !== undefined) req.GroupName = one('group-name');
  const perms = flags.get('ip-permissions');
  if (perms !== undefined) {
    try {
      const parsed: unknown[] = perms.flatMap((p) => {
        const v: unknown = JSON.parse(p);
        return Array.isArray(v) ? (v as unknown[]) : [v];
      });
      if (!parsed.every(isPlainObject)) return undefined;
      req.IpPermissions = parsed;
    } catch {
      return undefined; // shorthand syntax
    }
    return req;
  }
  const protocol = one('protocol');
  if (protocol === undefined) return undefined;
  const perm: Json = { IpProtocol: protocol };
  const port = one('port');
  if (port !== undefined) {
    const m = /^(-?\d+)(?:-(\d+))?$/.exec(port);
    if (m === null) return undefined;
    perm.FromPort = Number(m[1]);
    perm.ToPort = Number(m[2] ?? m[1]);
  }
  if (one('cidr') !== undefined) perm.IpRanges = [{ CidrIp: one('cidr') }];
  if (one('source-group') !== undefined) {
    perm.UserIdGroupPairs = [
      { GroupId: one('source-group'), ...(one('group-owner') ? { UserId: one('group-owner') } : {}) },
    ];
  }
  req.IpPermissions = [perm];
  return req;
}

/** Every field of a synthesised object (and its members) points at the command it came from. */
function pointAllAt(value: unknown, pointer: string, sources: SourceMap): void {
  if (Array.isArray(value)) value.forEach((v) => pointAllAt(v, pointer, sources));
  if (!isPlainObject(value)) return;
  sources.set(value, { pointer, fields: Object.fromEntries(Object.keys(value).map((k) => [k, pointer])) });
  Object.values(value).forEach((v) => pointAllAt(v, pointer, sources));
}

function readExample(ex: Node, report: Report): { groups: SecurityGroup[]; operation: Operation | 'describe' } {
  reportUnknownFields(ex, ['Command', 'Output'], report, CLI_EXAMPLES);
  const command = ex.str('Command') ?? '';
  const m = COMMAND.exec(command);
  const operation: Operation | 'describe' = m === null ? 'describe' : (m[1] as Operation | 'describe');
  const output = ex.obj('Output');
  const shown = command.replace(/\s+/g, ' ').slice(0, 80);
  if (output !== undefined && (output.has('SecurityGroupRules') || output.has('SecurityGroups'))) {
    report.add('cli_command_not_read', ex.at('Command'), { command: shown, readFrom: 'its output' });
    if (output.has('SecurityGroups')) return { groups: readDescribeGroups(output, report), operation };
    reportUnknownFields(output, ['SecurityGroupRules'], report, DESCRIBE_RULES);
    return { groups: readRuleList(output.list('SecurityGroupRules'), report), operation };
  }
  if (output !== undefined) reportUnknownFields(output, [], report, CLI_EXAMPLES);
  const request = m !== null && m[2] !== undefined ? commandToRequest(command) : undefined;
  if (request === undefined || m === null || m[2] === undefined) {
    report.add('cli_command_not_read', ex.at('Command'), {
      command: shown,
      readFrom: 'nowhere (no rules in its output, command not parsed)',
    });
    return { groups: [], operation };
  }
  const sources: SourceMap = new WeakMap();
  pointAllAt(request, ex.at('Command'), sources);
  const hint: RequestHint = {
    operation: m[1] as Operation,
    direction: m[2] as 'ingress' | 'egress',
    pointer: ex.at('Command'),
  };
  const { group } = readRequest(Node.root(request, { sources }), report, hint);
  return { groups: [group], operation: hint.operation };
}

export function readExamples(
  root: Node,
  report: Report,
): { groups: SecurityGroup[]; operation: Operation | 'describe' } {
  reportUnknownFields(root, ['Examples'], report, CLI_EXAMPLES);
  const results = root.list('Examples').map((ex) => readExample(ex, report));
  const operations = new Set(results.map((r) => r.operation));
  return {
    groups: results.flatMap((r) => r.groups),
    operation: operations.size === 1 ? [...operations][0]! : 'describe',
  };
}
