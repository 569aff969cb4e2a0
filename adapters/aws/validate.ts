/**
 * Offline validation of AWS payloads with EC2's own error codes (reference B.5). Every problem found is
 * returned (not only the first), each with the JSON pointer of the bad value in the original input.
 */
import { awsCapabilities } from '../../tables/capabilities.js';
import { ICMP, ICMP_PROTOCOLS, PORT_PROTOCOLS, parseProtocol } from '../../tables/protocols.js';
import { TranslateError } from '../../src/errors.js';
import type { ParsedInput } from '../../src/parse/text.js';
import { canonicalCidr, cidrFamily } from '../../src/address/index.js';
import type { ProviderIssue, ReadOptions } from '../types.js';
import { FLAT_PERMISSION_FIELDS, IGNORABLE_FIELDS, REQUEST_FIELDS } from './fields.js';
import { Node } from './values.js';
import { resolveShape, sdkView } from './read.js';
import { CLI_EXAMPLES } from './read-examples.js';
import { DESCRIBE_GROUPS } from './read-groups.js';
import { AUTHORIZE_REQUEST, REQUEST_ACTIONS } from './read-request.js';
import { DESCRIBE_RULES } from './read-rules.js';
import { isAwsText, type TextKind } from './strings.js';

/** ID formats from the EC2 error table (`sg-xxxxxxxxxxxxxxxxx`, `sgr-…`); old 8-digit IDs still exist. */
export const ID_FORMATS = {
  group: /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
  rule: /^sgr-[0-9a-f]{17}$/,
  prefixList: /^pl-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
} as const;

class Issues {
  readonly list: ProviderIssue[] = [];
  add(providerCode: string, pointer: string, message: string): void {
    this.list.push({ providerCode, pointer, message });
  }
  /** Run a check; a type error from the node accessors becomes an issue instead of stopping validation. */
  guard<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof TranslateError)) throw e;
      this.add(e.location.providerCode ?? 'InvalidParameterValue', e.location.pointer ?? '', e.message);
      return undefined;
    }
  }
}

interface PermissionOptions {
  /** Request payloads: ports are required where AWS requires them, and a peer is required. */
  readonly request: boolean;
  readonly operation?: 'authorize' | 'revoke' | 'modify';
}

function checkText(node: Node, key: string, kind: TextKind, issues: Issues): void {
  const text = issues.guard(() => node.rawStr(key));
  if (text !== undefined && !isAwsText(text, kind)) {
    issues.add(
      'InvalidParameterValue',
      node.at(key),
      `${key} must be at most 255 characters of a-zA-Z0-9 spaces and ._-:/()#,@[]+=${kind === 'group' ? '&' : ''};{}!$*`,
    );
  }
}

function checkId(node: Node, key: string, format: RegExp, code: string, issues: Issues): void {
  const id = issues.guard(() => node.str(key));
  if (id !== undefined && !format.test(id))
    issues.add(code, node.at(key), `${key} ${id} does not have the expected format`);
}

/** Protocol and ports of a permission, a flat request or a SecurityGroupRule. */
function checkMatch(node: Node, issues: Issues, request: boolean): string | undefined {
  const token = issues.guard(() => node.str('IpProtocol'));
  if (token === undefined) {
    issues.add('MissingParameter', node.at('IpProtocol'), 'IpProtocol is required');
    return undefined;
  }
  const protocol = parseProtocol(token);
  if (protocol === undefined) {
    issues.add('InvalidParameterValue', node.at('IpProtocol'), `invalid protocol ${token}`);
    return undefined;
  }
  const from = issues.guard(() => node.int('FromPort'));
  const to = issues.guard(() => node.int('ToPort'));
  if (protocol !== 'all' && PORT_PROTOCOLS.includes(protocol)) {
    if (from === undefined || to === undefined) {
      issues.add(
        'InvalidPermission.Malformed',
        node.at(from === undefined ? 'FromPort' : 'ToPort'),
        `${token} needs FromPort and ToPort`,
      );
    } else {
      if (from < 0 || from > 65535)
        issues.add('InvalidParameterValue', node.at('FromPort'), `FromPort ${from} is outside 0..65535`);
      if (to < 0 || to > 65535)
        issues.add('InvalidParameterValue', node.at('ToPort'), `ToPort ${to} is outside 0..65535`);
      if (from > to)
        issues.add('InvalidPermission.Malformed', node.at('FromPort'), `FromPort ${from} exceeds ToPort ${to}`);
    }
  } else if (protocol !== 'all' && ICMP_PROTOCOLS.includes(protocol)) {
    // icmp needs a type/code pair in a request; icmpv6 may omit both (reference B.2).
    if (request && protocol === ICMP && (from === undefined || to === undefined)) {
      issues.add(
        'InvalidPermission.Malformed',
        node.at(from === undefined ? 'FromPort' : 'ToPort'),
        'icmp needs FromPort (type) and ToPort (code)',
      );
    }
    if (from !== undefined && (from < -1 || from > 255))
      issues.add('InvalidParameterValue', node.at('FromPort'), `ICMP type ${from} is outside -1..255`);
    if (to !== undefined && (to < -1 || to > 255))
      issues.add('InvalidParameterValue', node.at('ToPort'), `ICMP code ${to} is outside -1..255`);
    if ((from === undefined || from === -1) && to !== undefined && to !== -1) {
      issues.add('InvalidPermission.Malformed', node.at('ToPort'), 'when FromPort is -1 (any type), ToPort must be -1');
    }
  }
  return token;
}

function checkCidr(node: Node, key: string, family: 4 | 6, issues: Issues): string | undefined {
  const text = issues.guard(() => node.str(key));
  if (text === undefined) {
    issues.add('MissingParameter', node.at(key), `${key} is required`);
    return undefined;
  }
  const cidr = canonicalCidr(text);
  if (cidr === undefined || cidrFamily(cidr) !== family || !text.includes('/')) {
    issues.add(
      'InvalidPermission.Malformed',
      node.at(key),
      `${text} is not an IPv${family} CIDR (a single host is written /${family === 4 ? 32 : 128})`,
    );
    return undefined;
  }
  return cidr;
}

/** One IpPermission; returns the atomic rule keys it holds (for duplicate detection), with their pointers. */
function checkPermission(perm: Node, issues: Issues, options: PermissionOptions): { key: string; pointer: string }[] {
  const match = checkMatch(perm, issues, options.request);
  const head = JSON.stringify([match?.toLowerCase(), perm.value.FromPort, perm.value.ToPort]);
  const keys: { key: string; pointer: string }[] = [];
  const list = (k: string) => issues.guard(() => perm.list(k)) ?? [];
  for (const r of list('IpRanges')) {
    const cidr = checkCidr(r, 'CidrIp', 4, issues);
    checkText(r, 'Description', 'group', issues);
    if (cidr !== undefined) keys.push({ key: `${head}cidr:${cidr}`, pointer: r.pointer });
  }
  for (const r of list('Ipv6Ranges')) {
    const cidr = checkCidr(r, 'CidrIpv6', 6, issues);
    checkText(r, 'Description', 'group', issues);
    if (cidr !== undefined) keys.push({ key: `${head}cidr:${cidr}`, pointer: r.pointer });
  }
  for (const r of list('PrefixListIds')) {
    const id = issues.guard(() => r.str('PrefixListId'));
    if (id === undefined) issues.add('MissingParameter', r.at('PrefixListId'), 'PrefixListId is required');
    checkId(r, 'PrefixListId', ID_FORMATS.prefixList, 'InvalidPrefixListId.Malformed', issues);
    checkText(r, 'Description', 'rule', issues);
    if (id !== undefined) keys.push({ key: `${head}pl:${id}`, pointer: r.pointer });
  }
  const pairs = list('UserIdGroupPairs');
  for (const r of pairs) {
    const id = issues.guard(() => r.str('GroupId'));
    const name = issues.guard(() => r.str('GroupName'));
    if (id === undefined && name === undefined)
      issues.add('MissingParameter', r.pointer, 'a group pair needs GroupId or GroupName');
    checkId(r, 'GroupId', ID_FORMATS.group, 'InvalidGroupId.Malformed', issues);
    checkText(r, 'Description', 'rule', issues);
    keys.push({
      key: `${head}group:${id ?? ''}/${name ?? ''}/${issues.guard(() => r.str('UserId')) ?? ''}`,
      pointer: r.pointer,
    });
  }
  if (
    options.request &&
    list('IpRanges').length + list('Ipv6Ranges').length + list('PrefixListIds').length + pairs.length === 0
  ) {
    issues.add(
      'MissingParameter',
      perm.pointer,
      'a permission needs at least one of IpRanges, Ipv6Ranges, PrefixListIds or UserIdGroupPairs',
    );
  }
  if (options.operation === 'revoke' && pairs.length > 0 && list('IpRanges').length + list('Ipv6Ranges').length > 0) {
    issues.add(
      'InvalidParameterCombination',
      perm.at('UserIdGroupPairs'),
      'a revoke cannot combine a source group and a CIDR in one permission',
    );
  }
  return keys;
}

function checkDuplicates(keys: { key: string; pointer: string }[], issues: Issues): void {
  const seen = new Map<string, string>();
  for (const { key, pointer } of keys) {
    const first = seen.get(key);
    if (first !== undefined)
      issues.add('InvalidPermission.Duplicate', pointer, `the same rule is already given at ${first}`);
    else seen.set(key, pointer);
  }
}

function checkGroup(g: Node, issues: Issues): void {
  checkId(g, 'GroupId', ID_FORMATS.group, 'InvalidGroupId.Malformed', issues);
  checkText(g, 'Description', 'group', issues);
  checkText(g, 'GroupName', 'group', issues);
  for (const key of ['IpPermissions', 'IpPermissionsEgress']) {
    const keys = (issues.guard(() => g.list(key)) ?? []).flatMap((p) => checkPermission(p, issues, { request: false }));
    // AWS itself never returns the same rule twice; a describe payload that does was edited or assembled.
    checkDuplicates(keys, issues);
  }
}

function checkRequest(req: Node, issues: Issues, hintDirection?: 'ingress' | 'egress'): void {
  for (const key of req.keys()) {
    if (!REQUEST_FIELDS.includes(key as (typeof REQUEST_FIELDS)[number]) && !IGNORABLE_FIELDS.includes(key)) {
      issues.add('UnknownParameter', req.at(key), `unknown parameter ${key}`);
    }
  }
  const action = issues.guard(() => req.str('Action'));
  const kind = action === undefined ? undefined : REQUEST_ACTIONS[action];
  if (action !== undefined && kind === undefined)
    issues.add('InvalidAction', req.at('Action'), `${action} does not take IpPermissions`);
  const direction = kind?.direction ?? hintDirection;
  const groupId = issues.guard(() => req.str('GroupId'));
  const groupName = issues.guard(() => req.str('GroupName'));
  if (groupId === undefined && (groupName === undefined || direction === 'egress')) {
    issues.add(
      'MissingParameter',
      req.at('GroupId'),
      direction === 'egress' ? 'GroupId is required for egress' : 'GroupId or GroupName is required',
    );
  }
  checkId(req, 'GroupId', ID_FORMATS.group, 'InvalidGroupId.Malformed', issues);
  const perms = issues.guard(() => req.list('IpPermissions')) ?? [];
  const flat = FLAT_PERMISSION_FIELDS.filter((k) => req.has(k));
  const ids = issues.guard(() => req.strList('SecurityGroupRuleIds')) ?? [];
  if (flat.length > 0 && perms.length > 0)
    issues.add('InvalidParameterCombination', req.at(flat[0]!), `${flat[0]} cannot be combined with IpPermissions`);
  if (flat.length > 0 && direction === 'egress')
    issues.add(
      'InvalidParameterCombination',
      req.at(flat[0]!),
      `${flat[0]} is not supported for egress; use IpPermissions`,
    );
  if (ids.length > 0 && (perms.length > 0 || flat.length > 0))
    issues.add(
      'InvalidParameterCombination',
      req.at('SecurityGroupRuleIds'),
      'SecurityGroupRuleIds cannot be combined with IpPermissions',
    );
  for (const id of ids)
    if (!ID_FORMATS.rule.test(id.value))
      issues.add('InvalidSecurityGroupRuleId.Malformed', id.pointer, `${id.value} does not have the expected format`);
  if (perms.length === 0 && flat.length === 0 && ids.length === 0)
    issues.add('MissingParameter', req.at('IpPermissions'), 'IpPermissions is required');
  const keys = perms.flatMap((p) => checkPermission(p, issues, { request: true, operation: kind?.operation }));
  if (kind === undefined || kind.operation === 'authorize')
    checkRuleQuota(perms, direction ?? 'ingress', req.at('IpPermissions'), issues);
  if (flat.length > 0) {
    checkMatch(req, issues, true);
    if (req.has('CidrIp')) checkCidr(req, 'CidrIp', 4, issues);
    else if (!req.has('SourceSecurityGroupName'))
      issues.add('MissingParameter', req.pointer, 'the flat form needs CidrIp or SourceSecurityGroupName');
  }
  checkDuplicates(keys, issues);
}

/**
 * The default quota of rules per group, direction and address family (reference B.4: 60, adjustable). One
 * request over it is refused by a group with the default quota: a warning, since the quota may be raised.
 * A prefix-list or group reference counts against both families (as the writer counts).
 */
function checkRuleQuota(
  perms: readonly Node[],
  direction: 'ingress' | 'egress',
  pointer: string,
  issues: Issues,
): void {
  const limit = awsCapabilities.limits.rulesPerDirectionPerFamily;
  const count = { 4: 0, 6: 0 };
  const size = (p: Node, k: string) => issues.guard(() => p.list(k).length) ?? 0;
  for (const p of perms) {
    const both = size(p, 'PrefixListIds') + size(p, 'UserIdGroupPairs');
    count[4] += size(p, 'IpRanges') + both;
    count[6] += size(p, 'Ipv6Ranges') + both;
  }
  for (const family of [4, 6] as const) {
    if (count[family] > limit) {
      issues.list.push({
        providerCode: 'RulesPerSecurityGroupLimitExceeded',
        pointer,
        message: `${count[family]} IPv${family} ${direction} rules in one request exceed the default quota of ${limit} per group (adjustable)`,
        severity: 'warning',
      });
    }
  }
}

function checkRule(r: Node, issues: Issues): void {
  checkId(r, 'SecurityGroupRuleId', ID_FORMATS.rule, 'InvalidSecurityGroupRuleId.Malformed', issues);
  checkId(r, 'GroupId', ID_FORMATS.group, 'InvalidGroupId.Malformed', issues);
  checkMatch(r, issues, false);
  checkText(r, 'Description', 'rule', issues);
  const peers = ['CidrIpv4', 'CidrIpv6', 'PrefixListId', 'ReferencedGroupInfo'].filter(
    (k) => r.has(k) && r.value[k] !== '',
  );
  if (peers.length === 0)
    issues.add('MissingParameter', r.pointer, 'a rule needs CidrIpv4, CidrIpv6, PrefixListId or ReferencedGroupInfo');
  if (peers.length > 1)
    issues.add(
      'InvalidParameterCombination',
      r.at(peers[1]!),
      `a rule has exactly one peer; found ${peers.join(', ')}`,
    );
  if (r.has('CidrIpv4')) checkCidr(r, 'CidrIpv4', 4, issues);
  if (r.has('CidrIpv6')) checkCidr(r, 'CidrIpv6', 6, issues);
  checkId(r, 'PrefixListId', ID_FORMATS.prefixList, 'InvalidPrefixListId.Malformed', issues);
  const ref = issues.guard(() => r.obj('ReferencedGroupInfo'));
  if (ref !== undefined) checkId(ref, 'GroupId', ID_FORMATS.group, 'InvalidGroupId.Malformed', issues);
  if (ref !== undefined && issues.guard(() => ref.str('GroupId') ?? ref.str('GroupName')) === undefined) {
    issues.add('MissingParameter', ref.pointer, 'a group pair needs GroupId or GroupName');
  }
}

export function validateAws(input: ParsedInput, options?: ReadOptions): ProviderIssue[] {
  const issues = new Issues();
  const shape = resolveShape(input, options);
  const { doc, ctx } = sdkView(input);
  issues.guard(() => {
    switch (shape) {
      case DESCRIBE_GROUPS: {
        if (Array.isArray(doc)) doc.forEach((g, i) => checkGroup(Node.root(g, ctx, `/${i}`), issues));
        else {
          const root = Node.root(doc, ctx);
          if (root.has('SecurityGroups')) root.list('SecurityGroups').forEach((g) => checkGroup(g, issues));
          else checkGroup(root, issues);
        }
        break;
      }
      case DESCRIBE_RULES:
        Node.root(doc, ctx)
          .list('SecurityGroupRules')
          .forEach((r) => checkRule(r, issues));
        break;
      case AUTHORIZE_REQUEST:
        checkRequest(Node.root(doc, ctx), issues);
        break;
      case CLI_EXAMPLES:
        for (const ex of Node.root(doc, ctx).list('Examples')) {
          const output = ex.obj('Output');
          output?.list('SecurityGroupRules').forEach((r) => checkRule(r, issues));
          output?.list('SecurityGroups').forEach((g) => checkGroup(g, issues));
        }
        break;
    }
  });
  return issues.list;
}
