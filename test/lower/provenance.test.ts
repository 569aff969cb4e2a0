/**
 * Provenance: readers record where each field of a rule came from, later stages name that field in their
 * findings, and none of it reaches the model document.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../adapters/index.js';
import { convert, toModelDocument } from '../../src/convert/convert.js';
import { documentLocators } from '../../src/convert/locators.js';
import { Provenance } from '../../src/model/provenance.js';
import { parseInput } from '../../src/parse/text.js';
import { Report } from '../../src/report/report.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const aliyunText = readFileSync(resolve(repoRoot, 'test/fixtures/aliyun/describe-basic.json'), 'utf8');
const awsText = readFileSync(resolve(repoRoot, 'test/fixtures/aws/describe-groups.json'), 'utf8');

describe('readers record provenance', () => {
  it('Aliyun: each named field of a permission, at its own pointer', () => {
    const report = new Report();
    ADAPTERS.aliyun.read(parseInput(aliyunText), report);
    const p = report.provenance;
    const rule = (i: number) => `/Permissions/Permission/${i}`;
    expect(p.pointerOf(rule(0), 'description')).toBe(`${rule(0)}/Description`);
    expect(p.pointerOf(rule(0), 'nicType')).toBe(`${rule(0)}/NicType`);
    expect(p.pointerOf(rule(0), 'ruleId')).toBe(`${rule(0)}/SecurityGroupRuleId`);
    expect(p.pointerOf(rule(0), 'createTime')).toBe(`${rule(0)}/CreateTime`);
    expect(p.pointerOf(rule(2), 'peerGroupId')).toBe(`${rule(2)}/SourceGroupId`);
    expect(p.pointerOf(rule(2), 'peerOwnerAccount')).toBe(`${rule(2)}/SourceGroupOwnerAccount`);
    expect(p.pointerOf(rule(4), 'peerPrefixListId')).toBe(`${rule(4)}/DestPrefixListId`);
    expect(p.pointerOf('', 'id')).toBe('/SecurityGroupId');
    expect(p.pointerOf('', 'region')).toBe('/RegionId');
    expect(p.pointerOf('', 'vpcId')).toBe('/VpcId');
    // Fields a rule does not have are not recorded (empty strings count as unset).
    expect(p.pointerOf(rule(1), 'description')).toBeUndefined();
    expect(p.pointerOf(rule(0), 'peerGroupId')).toBeUndefined();
  });

  it('AWS: the fields of each peer entry (the rule is the entry)', () => {
    const report = new Report();
    const groups = ADAPTERS.aws.read(parseInput(awsText), report).groups;
    const withPair = groups.flatMap((g) => g.rules).find((r) => r.peer.kind === 'group')!;
    const at = withPair.origin!.pointer;
    expect(report.provenance.pointerOf(at, 'peerGroupId')).toBe(`${at}/GroupId`);
    const group = groups[0]!.pointer!;
    expect(report.provenance.pointerOf(group, 'id')).toBe(`${group}/GroupId`);
  });
});

describe('later stages use the recorded pointer', () => {
  it('documentLocators prefers what the reader recorded over a guessed spelling', () => {
    const doc = { Permissions: [{ Description: 'x', Remark: 'y' }] };
    const provenance = new Provenance();
    provenance.record('/Permissions/0', 'description', '/Permissions/0/Remark');
    const { locate, locateValue } = documentLocators(doc, provenance);
    expect(locate('/Permissions/0', ['Description'], 'description')).toBe('/Permissions/0/Remark');
    expect(locate('/Permissions/0', ['Description'])).toBe('/Permissions/0/Description');
    expect(locate('/Permissions/0', ['Description'], 'nicType')).toBe('/Permissions/0/Description');
    provenance.record('/Permissions/0', 'peerGroupId', '/Permissions/0/Remark');
    expect(locateValue('/Permissions/0', ['Description'], 'sg-1', 'peerGroupId')).toBe('/Permissions/0/Remark');
    expect(locateValue('/Permissions/0', ['Description'], 'sg-1')).toBe('/Permissions/0');
  });

  it('a conversion names each field its reader recorded (and the model document holds no provenance)', () => {
    const result = convert(aliyunText, { to: 'aws' });
    const pointers = result.groups[0]!.findings.map((f) => `${f.code} ${f.pointer}`);
    expect(pointers).toContain('field_not_translated /Permissions/Permission/0/SecurityGroupRuleId');
    expect(pointers).toContain('field_not_translated /Permissions/Permission/0/CreateTime');
    const model = JSON.stringify(toModelDocument(convert(aliyunText, { to: 'model' })));
    expect(model).not.toMatch(/provenance/i);
    expect(model).not.toContain('/NicType');
  });
});
