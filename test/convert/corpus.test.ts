/**
 * Every file of the shared corpus converts to the other cloud without a crash (exit-2 style TranslateErrors
 * are allowed for inputs the cloud itself would reject), every non-exact verdict has a finding of its effect,
 * and nothing is lost silently: each non-empty leaf of the input either reaches the output (target and
 * requests) or is named by a finding at its own pointer or at the rule or field that holds it. Fields that are
 * the rule's meaning (direction, policy, priority, protocol, ports, addresses) are proven by the engine's
 * verdict instead: the verdict compares the meanings, and a non-exact verdict must come with a finding of its
 * effect, so a change of meaning cannot be silent whatever the fields' spelling on the target.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { convertDetailed } from '../../src/convert/convert.js';
import { TranslateError } from '../../src/errors.js';
import { parseInput } from '../../src/parse/text.js';
import { parsePointer } from '../../src/model/pointer.js';
import type { ConvertedGroup } from '../../src/convert/types.js';
import { CORPUS, corpusPresent, leaves, normal } from './helpers.js';

/** The rule's meaning: proven by the engine's verdict, not compared as text. */
const MEANING = new Set([
  'Direction',
  'Policy',
  'Priority',
  'IpProtocol',
  'PortRange',
  'SourcePortRange',
  'FromPort',
  'ToPort',
  'SourceCidrIp',
  'DestCidrIp',
  'Ipv6SourceCidrIp',
  'Ipv6DestCidrIp',
  'CidrIp',
  'CidrIpv6',
  'InnerAccessPolicy',
  'CidrIpv4',
  'IsEgress',
  // terraform alicloud_security_group_rule arguments and request actions (the operation, not a value)
  'type',
  'ip_protocol',
  'port_range',
  'policy',
  'priority',
  'cidr_ip',
  'ipv6_cidr_ip',
  'source_port_range',
  'Action',
]);
/** Response metadata, not part of any group. */
const METADATA = new Set(['RequestId', 'ResponseMetadata', 'NextToken', 'Doc', 'DocCommit', 'Template', 'Source']);

function listFiles(dir: string): string[] {
  const abs = path.join(CORPUS, dir);
  return readdirSync(abs, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name)) : e.name.endsWith('.json') ? [path.join(dir, e.name)] : [],
  );
}

const files = corpusPresent ? [...listFiles('aliyun'), ...listFiles('aws')] : [];

/** Group-level findings that are about one group field (the writers report them at the group). */
const GROUP_FIELD_CODES: Record<string, readonly string[]> = {
  name_rewritten: ['SecurityGroupName', 'GroupName'],
  description_charset: ['Description'],
  description_truncated: ['Description'],
};

const parentOf = (p: string): string => p.slice(0, p.lastIndexOf('/'));

/**
 * Named by a finding: at the leaf itself; at a field or object holding it below the group; at its rule; at a
 * field of an input object that produced no rule at all (the finding says why the object was left out); or a
 * group-level finding about that very group field.
 */
function covered(at: string, group: ConvertedGroup, rulePointers: ReadonlySet<string>): boolean {
  const key = at.slice(at.lastIndexOf('/') + 1);
  return group.findings.some((f) => {
    if (f.pointer === at) return true;
    if (
      at.startsWith(`${f.pointer}/`) &&
      (f.pointer.length > group.source.pointer.length || rulePointers.has(f.pointer))
    )
      return true;
    if (
      f.pointer === group.source.pointer &&
      parentOf(at) === group.source.pointer &&
      GROUP_FIELD_CODES[f.code]?.includes(key)
    )
      return true;
    const holder = parentOf(f.pointer);
    return (
      holder !== '' &&
      at.startsWith(`${holder}/`) &&
      ![...rulePointers].some((r) => r === holder || r.startsWith(`${holder}/`))
    );
  });
}

function groupOfLeaf(at: string, groups: readonly ConvertedGroup[]): ConvertedGroup | undefined {
  let best: ConvertedGroup | undefined;
  for (const g of groups) {
    const p = g.source.pointer;
    if (
      (p === '' || at === p || at.startsWith(`${p}/`)) &&
      (best === undefined || p.length > best.source.pointer.length)
    )
      best = g;
  }
  return best;
}

describe.skipIf(!corpusPresent)('conversion of the shared corpus', () => {
  test.each(files)('should convert %s to the other cloud without silent loss', (file) => {
    const to = file.startsWith('aliyun') ? 'aws' : 'aliyun';
    const text = readFileSync(path.join(CORPUS, file), 'utf8');
    const input = parseInput(text, file);
    let detail;
    try {
      detail = convertDetailed(input, { to, file, emit: 'request' });
    } catch (e) {
      // Allowed: the input is refused with a one-line error that names the file (exit 2), never a crash.
      expect(e).toBeInstanceOf(TranslateError);
      expect((e as TranslateError).exitCode).toBe(2);
      expect((e as TranslateError).oneLine()).toContain(file);
      return;
    }
    const result = detail.result;
    expect(result.to).toBe(to);
    expect(result.groups.length).toBeGreaterThan(0);
    for (const g of result.groups) {
      if (g.verdict === 'narrower' || g.verdict === 'mixed')
        expect(
          g.findings.some((f) => f.effect === 'narrower'),
          `${g.source.pointer}`,
        ).toBe(true);
      if (g.verdict === 'wider' || g.verdict === 'mixed')
        expect(
          g.findings.some((f) => f.effect === 'wider'),
          `${g.source.pointer}`,
        ).toBe(true);
    }
    const lost: string[] = [];
    for (const [at, value] of leaves(input.value, '')) {
      const v = normal(value);
      if (v === '' || value === null) continue;
      const segments = parsePointer(at);
      if (segments.some((s) => METADATA.has(s))) continue;
      const group = groupOfLeaf(at, result.groups);
      if (group === undefined) continue; // a leaf outside every group (an example's command text, a wrapper)
      const rules = new Set(
        detail.canonical[result.groups.indexOf(group)]!.source.rules.map((r) => r.origin?.pointer ?? ''),
      );
      const key = segments[segments.length - 1]!;
      if (MEANING.has(key)) continue; // proven by the verdict checks above
      if (covered(at, group, rules)) continue;
      const written = new Set(leaves([group.target, group.requests ?? []], '').map(([, w]) => normal(w)));
      if (written.has(v)) continue;
      lost.push(`${at} = ${JSON.stringify(value)}`);
    }
    expect(lost).toEqual([]);
  });
});
