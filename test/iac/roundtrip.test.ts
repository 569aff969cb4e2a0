/**
 * Round trips proven by the engine: source → provisioning code → read back by sgbridge's own readers (HCL first
 * parsed by HCL's own parser, @cdktf/hcl2json) → compared with the (mapped) source: the verdict is the one the
 * conversion reported. For Terraform it is always the verdict of `convert` itself; CloudFormation and ROS differ
 * only where the writer reported why (iac_egress_sentinel, iac_inner_access_unsupported).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectInput, readDetected } from '../../adapters/index.js';
import { IAC_WRITERS, type IacFormat } from '../../adapters/iac/index.js';
import { convertDetailed } from '../../src/convert/convert.js';
import { emitIac, writtenGroups } from '../../src/convert/emit-iac.js';
import { sameUnlessReported } from './helpers.js';
import { verdict } from '../../src/semantics/index.js';
import { parseInput } from '../../src/parse/text.js';
import { parseMapping } from '../../src/idmap/index.js';
import { Report } from '../../src/report/report.js';
import { EXAMPLES } from '../convert/helpers.js';

const mapping = parseMapping(readFileSync(path.join(EXAMPLES, 'mapping.json'), 'utf8'), 'mapping.json');

const SOURCES = [
  ['aliyun-web-tier.json', 'aws', true],
  ['aliyun-web-tier.json', 'aws', false],
  ['aliyun-web-tier.json', 'aliyun', false],
  ['aws-icmp-ipv6-prefix.json', 'aliyun', true],
  ['aws-icmp-ipv6-prefix.json', 'aws', false],
  ['model-provisioning.yaml', 'aws', false],
  ['model-provisioning.yaml', 'aliyun', false],
  ['model-tiers.yaml', 'aws', true],
  ['model-tiers.yaml', 'aliyun', false],
  ['diff-aliyun.json', 'aws', true],
] as const;

const CASES = SOURCES.flatMap(([file, to, mapped]) =>
  (Object.keys(IAC_WRITERS) as IacFormat[])
    .filter((f) => (IAC_WRITERS[f].clouds as readonly string[]).includes(to))
    .map((format) => ({ file, to, mapped, format })),
);

/** The written text as the user's tools would give it to sgbridge: HCL through hcl2json, YAML and JSON as they are. */
async function parsedOutput(format: IacFormat, text: string) {
  if (format === 'terraform') return parseInput(JSON.stringify(await parseHcl('main.tf', text)));
  return parseInput(text);
}

describe('round trips through provisioning code', () => {
  it.each(CASES)(
    '$file → $to as $format (mapping: $mapped) reads back to the verdict reported',
    async ({ file, to, mapped, format }) => {
      const detail = convertDetailed(readFileSync(path.join(EXAMPLES, file), 'utf8'), {
        to,
        ...(mapped && { map: mapping }),
      });
      const out = emitIac(detail, format);
      const parsed = await parsedOutput(format, out.text);
      const detected = detectInput(parsed);
      expect(detected.from).toBe(to);
      const back = writtenGroups(
        readDetected(parsed, detected, new Report()).groups,
        out.addresses,
        detail.canonical.map((c) => c.target.id!),
      );
      out.result.groups.forEach((g, i) => {
        expect(verdict(detail.canonical[i]!.source, back[i]!)).toBe(g.verdict);
        sameUnlessReported(g, detail.result.groups[i]!, format);
      });
    },
  );

  it('should reference groups of the same output by resource address and logical ID', () => {
    const detail = convertDetailed(readFileSync(path.join(EXAMPLES, 'model-tiers.yaml'), 'utf8'), {
      to: 'aws',
      map: mapping,
    });
    const tf = emitIac(detail, 'terraform').text;
    expect(tf).toContain('referenced_security_group_id = aws_security_group.web_tier.id');
    expect(tf).toContain('referenced_security_group_id = aws_security_group.lb_tier.id');
    const cfn = emitIac(detail, 'cloudformation-json');
    const resources = JSON.parse(cfn.text).Resources as Record<
      string,
      { Type: string; Properties: Record<string, unknown> }
    >;
    const webFromLb = Object.entries(resources).filter(
      ([, r]) =>
        r.Type === 'AWS::EC2::SecurityGroupIngress' &&
        JSON.stringify(r.Properties['SourceSecurityGroupId']) ===
          JSON.stringify({ 'Fn::GetAtt': ['LbTier', 'GroupId'] }),
    );
    expect(webFromLb.map(([id, r]) => [id, r.Properties['GroupId']])).toEqual([
      ['WebTierIngress2', { 'Fn::GetAtt': ['WebTier', 'GroupId'] }],
    ]);
  });
});

type Peer = { kind: 'cidr'; cidr: string } | { kind: 'group'; groupId: string };

/** Generated same-cloud groups (the written document must mean exactly what the pipeline compiled). */
const cidr = fc.constantFrom('10.0.0.0/8', '10.1.0.0/16', '192.0.2.0/24', '0.0.0.0/0', '2001:db8::/32', '::/0');
const rule = (provider: 'aws' | 'aliyun') =>
  fc
    .record({
      direction: fc.constantFrom('ingress', 'egress'),
      action: provider === 'aws' ? fc.constant('allow') : fc.constantFrom('allow', 'deny'),
      ...(provider === 'aliyun' ? { priority: fc.integer({ min: 1, max: 100 }) } : {}),
      protocol: fc.constantFrom('all', 6, 17, 1, 58),
      ports: fc.constantFrom({ from: 22, to: 22 }, { from: 80, to: 443 }, { from: 1, to: 65535 }),
      peer: fc.oneof(
        cidr.map((c): Peer => ({ kind: 'cidr', cidr: c })),
        fc.constantFrom('sg-peer1', 'sg-self').map((groupId): Peer => ({ kind: 'group', groupId })),
      ),
    })
    // Only rules the cloud accepts: ICMP with IPv4 peers, ICMPv6 with IPv6 peers, and no self-reference on Aliyun.
    .filter(
      (r) =>
        r.peer.kind !== 'cidr' ||
        ((r.protocol !== 1 || !r.peer.cidr.includes(':')) && (r.protocol !== 58 || r.peer.cidr.includes(':'))),
    )
    .filter((r) => provider === 'aws' || r.peer.kind !== 'group' || r.peer.groupId !== 'sg-self')
    .map((r) => {
      const out: Record<string, unknown> = { ...r };
      if (r.protocol !== 6 && r.protocol !== 17) delete out['ports'];
      return out;
    });

describe('round trips of generated groups', () => {
  it.each(['aws', 'aliyun'] as const)(
    "%s: terraform-json of a same-cloud conversion always reads back to the conversion's verdict",
    (provider) => {
      fc.assert(
        fc.property(fc.array(rule(provider), { maxLength: 8 }), fc.constantFrom('accept', 'drop'), (rules, inner) => {
          const group = {
            provider,
            id: 'sg-self',
            name: 'generated',
            ...(provider === 'aliyun' && { type: 'normal', innerAccessPolicy: inner }),
            rules,
          };
          const detail = convertDetailed(JSON.stringify({ modelVersion: 1, groups: [group] }), { to: provider });
          const out = emitIac(detail, 'terraform-json');
          const back = writtenGroups(
            IAC_WRITERS['terraform-json'].readBack(
              { text: out.text, document: JSON.parse(out.text), addresses: out.addresses },
              provider,
            ),
            out.addresses,
            ['sg-self'],
          );
          expect(out.result.groups[0]!.verdict).toBe(detail.result.groups[0]!.verdict);
          expect(verdict(detail.canonical[0]!.source, back[0]!)).toBe(detail.result.groups[0]!.verdict);
        }),
        { numRuns: 60 },
      );
    },
  );
});
