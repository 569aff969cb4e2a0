/**
 * DescribeSecurityGroupAttribute as XML (Format=XML, the API's other response format): read like its JSON.
 * The XML is built from the JSON fixture, element per field, as the API serialises it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { aliyunAdapter } from '../../adapters/aliyun/index.js';
import type { SecurityGroup } from '../../src/model/group.js';
import { parseInput } from '../../src/parse/text.js';
import { Report } from '../../src/report/report.js';
import { FIXTURES } from './helpers.js';

const escape = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function element(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join('');
  if (value !== null && typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${escape(String(value))}</${name}>`;
}

function toXml(response: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element('DescribeSecurityGroupAttributeResponse', response)}`;
}

function read(text: string): { groups: SecurityGroup[]; codes: string[] } {
  const report = new Report();
  const groups = aliyunAdapter.read(parseInput(text, 'fixture'), report).groups;
  return { groups, codes: report.findings.map((f) => `${f.code}@${f.pointer}`) };
}

describe('aliyun DescribeSecurityGroupAttribute XML', () => {
  const json = readFileSync(path.join(FIXTURES, 'describe-basic.json'), 'utf8');

  test('should read the XML form to the same groups and findings as the JSON form', () => {
    const fromJson = read(json);
    const fromXml = read(toXml(JSON.parse(json) as Record<string, unknown>));
    // Pointers into the XML start at its root element; otherwise everything is the same.
    const unrooted = <T>(v: T): T =>
      JSON.parse(JSON.stringify(v).replaceAll('/DescribeSecurityGroupAttributeResponse', '')) as T;
    expect(fromXml.groups[0]!.rules[0]!.origin?.pointer).toBe(
      '/DescribeSecurityGroupAttributeResponse/Permissions/Permission/0',
    );
    expect(unrooted(fromXml.groups)).toEqual(fromJson.groups);
    expect(unrooted(fromXml.codes)).toEqual(fromJson.codes);
    expect(fromXml.groups[0]!.rules.length).toBeGreaterThan(5);
  });

  test('should read a single Permission element as a one-rule list', () => {
    const response = JSON.parse(json) as { Permissions: { Permission: unknown[] } };
    response.Permissions.Permission = response.Permissions.Permission.slice(0, 1);
    const fromXml = read(toXml(response));
    expect(fromXml.groups[0]!.rules).toHaveLength(1);
    expect(fromXml.groups[0]!.rules[0]).toMatchObject({
      direction: 'ingress',
      protocol: 6,
      ports: { from: 443, to: 443 },
      peer: { kind: 'cidr', cidr: '0.0.0.0/0' },
    });
    expect(aliyunAdapter.validate(parseInput(toXml(response as unknown as Record<string, unknown>)))).toEqual([]);
  });
});
