/**
 * The XML reader agrees with the SDK's own deserializer: the same XML body is fed to a real EC2Client (with a
 * request handler that answers locally, no network), and its DescribeSecurityGroups output is read as JSON.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { awsAdapter } from '../../adapters/aws/index.js';
import { parseInput } from '../../src/parse/text.js';
import type { SecurityGroup } from '../../src/model/group.js';
import { FIXTURES, fixture, newReport } from './helpers.js';

/** Pointers differ by design (they name the XML elements); everything else must be equal. */
function withoutPointers(groups: SecurityGroup[]): unknown {
  return groups.map(({ pointer: _p, ...g }) => ({ ...g, rules: g.rules.map(({ origin: _o, ...r }) => r) }));
}

async function sdkDeserialize(xml: string): Promise<unknown> {
  const client = new EC2Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'offline' },
    requestHandler: {
      handle: () =>
        Promise.resolve({
          response: {
            statusCode: 200,
            reason: 'OK',
            headers: { 'content-type': 'text/xml' },
            body: Readable.from([Buffer.from(xml)]),
          },
        }),
    } as never,
  });
  const { $metadata: _m, ...output } = await client.send(new DescribeSecurityGroupsCommand({}));
  return output;
}

describe('DescribeSecurityGroups XML', () => {
  const xmlGroups = awsAdapter.read(fixture('describe-groups.xml'), newReport()).groups;

  it('reads to the same model as the SDK deserializer output of the same XML', async () => {
    const sdkOutput = await sdkDeserialize(readFileSync(resolve(FIXTURES, 'describe-groups.xml'), 'utf8'));
    const fromSdk = awsAdapter.read({ format: 'json', value: sdkOutput }, newReport()).groups;
    expect(withoutPointers(xmlGroups)).toEqual(withoutPointers(fromSdk));
  });

  it('reads to the same model as the equivalent CLI JSON fixture', () => {
    const jsonGroups = awsAdapter.read(fixture('describe-groups.json'), newReport()).groups;
    expect(withoutPointers(xmlGroups)).toEqual(withoutPointers(jsonGroups));
  });

  it('reports the same findings at the XML elements', () => {
    const xmlReport = newReport();
    const jsonReport = newReport();
    awsAdapter.read(fixture('describe-groups.xml'), xmlReport);
    awsAdapter.read(fixture('describe-groups.json'), jsonReport);
    expect(xmlReport.findings.map((f) => f.code)).toEqual(jsonReport.findings.map((f) => f.code));
    expect(
      xmlReport.findings.every((f) =>
        f.pointer.startsWith('/DescribeSecurityGroupsResponse/securityGroupInfo/item/0/'),
      ),
    ).toBe(true);
  });

  it('reads DescribeSecurityGroupRules XML', () => {
    const xml = `<DescribeSecurityGroupRulesResponse><requestId>r</requestId><securityGroupRuleSet><item>
      <securityGroupRuleId>sgr-0123456789abcdef0</securityGroupRuleId><groupId>sg-1a2b3c4d</groupId><groupOwnerId>1</groupOwnerId>
      <isEgress>true</isEgress><ipProtocol>tcp</ipProtocol><fromPort>443</fromPort><toPort>443</toPort>
      <referencedGroupInfo><groupId>sg-1a2b3c4d</groupId><userId>1</userId></referencedGroupInfo><tagSet/>
      </item></securityGroupRuleSet></DescribeSecurityGroupRulesResponse>`;
    const result = awsAdapter.read(parseInput(xml, 'inline.xml'), newReport());
    expect(result.shape).toBe('describe-security-group-rules');
    expect(result.groups[0]!.rules[0]).toMatchObject({
      direction: 'egress',
      protocol: 6,
      ports: { from: 443, to: 443 },
      peer: { kind: 'group', groupId: 'sg-1a2b3c4d', ownerId: '1' },
      origin: {
        ruleId: 'sgr-0123456789abcdef0',
        pointer: '/DescribeSecurityGroupRulesResponse/securityGroupRuleSet/item/0',
      },
    });
  });
});
