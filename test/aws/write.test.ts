import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeDescribePayload, writeRequestPayloads } from '../../src/lower/fit.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GROUP_DESCRIPTION, awsAdapter } from '../../adapters/aws/index.js';
import { TranslateError } from '../../src/errors.js';
import { SecurityGroup } from '../../src/model/group.js';
import type { Rule } from '../../src/model/rule.js';
import { goldenJson } from '../golden.js';
import { FIXTURES, findingData, newReport } from './helpers.js';

const model = SecurityGroup.parse(JSON.parse(readFileSync(resolve(FIXTURES, 'write-group.model.json'), 'utf8')));

describe('AWS writers (goldens)', () => {
  it('writeDescribe regroups rules by protocol and ports, in order of first appearance', async () => {
    const report = newReport();
    const out = writeDescribePayload(model, 'aws', report);
    await expect(goldenJson({ output: out, findings: findingData(report.findings) })).toMatchFileSnapshot(
      resolve(FIXTURES, 'write-group.describe.golden.json'),
    );
    // The contract: both permission lists always present, integer ports.
    expect(Array.isArray(out.IpPermissions) && Array.isArray(out.IpPermissionsEgress)).toBe(true);
    for (const p of [
      ...(out.IpPermissions as Record<string, unknown>[]),
      ...(out.IpPermissionsEgress as Record<string, unknown>[]),
    ]) {
      for (const k of ['FromPort', 'ToPort']) if (k in p) expect(Number.isInteger(p[k])).toBe(true);
    }
  });

  it('writeRequests gives one Authorize input per direction', async () => {
    const report = newReport();
    const out = writeRequestPayloads(model, 'aws', report);
    await expect(goldenJson({ output: out, findings: findingData(report.findings) })).toMatchFileSnapshot(
      resolve(FIXTURES, 'write-group.requests.golden.json'),
    );
    // The fixture's only egress rule is the one every new VPC group already has: not authorized again.
    expect(out.map((r) => r.action)).toEqual(['AuthorizeSecurityGroupIngress']);
    expect(report.findings.map((f) => f.code)).toContain('new_group_default_egress');
  });

  it('writeRequests revokes the new-group default egress rule first when the group must not have it', () => {
    const rules = [
      {
        direction: 'ingress',
        action: 'allow',
        protocol: 6,
        ports: { from: 22, to: 22 },
        peer: { kind: 'cidr', cidr: '10.0.0.0/8' },
      },
      {
        direction: 'egress',
        action: 'allow',
        protocol: 6,
        ports: { from: 443, to: 443 },
        peer: { kind: 'cidr', cidr: '0.0.0.0/0' },
      },
    ];
    const report = newReport();
    const out = writeRequestPayloads(SecurityGroup.parse({ provider: 'aws', id: 'sg-1a2b3c4d', rules }), 'aws', report);
    expect(out.map((r) => r.action)).toEqual([
      'AuthorizeSecurityGroupIngress',
      'RevokeSecurityGroupEgress',
      'AuthorizeSecurityGroupEgress',
    ]);
    expect(out[1]!.request).toEqual({
      GroupId: 'sg-1a2b3c4d',
      IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    });
    for (const { action, request } of out)
      expect(awsAdapter.validate({ format: 'json', value: { Action: action, ...request } })).toEqual([]);
  });

  it('writes what it read back to the same model (describe fixture)', () => {
    const input = JSON.parse(readFileSync(resolve(FIXTURES, 'describe-groups.json'), 'utf8'));
    const groups = awsAdapter.read({ format: 'json', value: input }, newReport()).groups;
    const written = groups.map((g) => writeDescribePayload(g, 'aws', newReport()));
    const again = awsAdapter.read({ format: 'json', value: { SecurityGroups: written } }, newReport()).groups;
    const strip = (gs: SecurityGroup[]) =>
      gs.map(({ pointer: _p, ...g }) => ({ ...g, rules: g.rules.map(({ origin: _o, ...r }) => r) }));
    expect(strip(again)).toEqual(strip(groups));
  });
});

describe('AWS writer safety', () => {
  const base = {
    direction: 'ingress',
    action: 'allow',
    protocol: 6,
    ports: { from: 22, to: 22 },
    peer: { kind: 'cidr', cidr: '10.0.0.0/8' },
  } as const;
  const group = (rule: Partial<Rule>) =>
    SecurityGroup.parse({
      provider: 'aws',
      id: 'sg-1a2b3c4d',
      name: 'g',
      description: 'd',
      rules: [{ ...base, ...rule }],
    });

  it.each([
    ['deny', { action: 'deny' as const }],
    ['priority', { priority: 1 }],
    ['source ports', { sourcePorts: { from: 1, to: 2 } }],
    ['local address', { local: '10.0.0.0/24' }],
    ['port list', { portList: { id: 'prl-1' } }],
  ])('throws internal on %s (the engine compiles these away first)', (_name, rule) => {
    for (const write of [
      (g: SecurityGroup) => writeDescribePayload(g, 'aws', newReport()),
      (g: SecurityGroup) => writeRequestPayloads(g, 'aws', newReport()),
      awsAdapter.writeDescribe.bind(awsAdapter),
      awsAdapter.writeRequests.bind(awsAdapter),
    ]) {
      expect(() => write(group(rule))).toThrowError(TranslateError);
      try {
        write(group(rule));
      } catch (e) {
        expect((e as TranslateError).code).toBe('internal');
      }
    }
  });

  it('fills a missing group description and rewrites names AWS refuses', () => {
    const report = newReport();
    const out = writeDescribePayload(
      SecurityGroup.parse({ provider: 'aliyun', id: 'sg-x', name: 'sg-名字', rules: [] }),
      'aws',
      report,
    );
    expect(out.Description).toBe(DEFAULT_GROUP_DESCRIPTION);
    expect(out.GroupName).toBe('group-sg-__');
    expect(report.findings.map((f) => f.code).sort()).toEqual([
      'description_charset',
      'description_missing',
      'name_rewritten',
    ]);
  });

  it('names the group by GroupName for ingress when it has no ID, and refuses egress without an ID', () => {
    const noId = SecurityGroup.parse({ provider: 'aws', name: 'legacy', rules: [base] });
    expect(writeRequestPayloads(noId, 'aws', newReport())[0]!.request).toMatchObject({ GroupName: 'legacy' });
    const egress = SecurityGroup.parse({ provider: 'aws', name: 'legacy', rules: [{ ...base, direction: 'egress' }] });
    expect(() => writeRequestPayloads(egress, 'aws', newReport())).toThrowError(/GroupId|group ID/);
  });
});
