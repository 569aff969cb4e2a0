/**
 * Provenance: readers record where each field of a rule came from, later stages name that field in their
 * findings, and none of it reaches the model document.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { ADAPTERS, detectInput, readDetected } from '../../adapters/index.js';
import { convert, toModelDocument } from '../../src/convert/convert.js';
import { fieldLocator } from '../../src/convert/locators.js';
import { Provenance, memberNamesBySubset, type ProvenanceField } from '../../src/model/provenance.js';
import { resolvePointer } from '../../src/model/pointer.js';
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

/** What the readers of one fixture (any shape, detected as the CLI does) recorded. */
function provenanceOf(fixture: string, text?: string): Provenance {
  const parsed = parseInput(text ?? readFileSync(resolve(repoRoot, 'test/fixtures', fixture), 'utf8'), fixture);
  const report = new Report();
  readDetected(parsed, detectInput(parsed), report, fixture, { skipInvalid: true });
  return report.provenance;
}

describe('every reader family records the fields later stages name', () => {
  it('Aliyun requests: flat, Permissions.N, a request list (group fields of a wire request too)', () => {
    const flat = provenanceOf('aliyun/request-flat.query');
    expect(flat.pointerOf('', 'id')).toBe('/SecurityGroupId');
    expect(flat.pointerOf('', 'region')).toBe('/RegionId');
    const list = provenanceOf('aliyun/request-list.json');
    expect(list.pointerOf('/2/Rule', 'nicType')).toBe('/2/Rule/NicType');
    expect(list.pointerOf('/0/Params', 'nicType')).toBe('/0/Params/NicType');
    expect(list.pointerOf('/0/Params', 'id')).toBe('/0/Params/SecurityGroupId');
  });

  it('AWS JSON: DescribeSecurityGroupRules, CLI examples and requests', () => {
    const rules = provenanceOf('aws/describe-rules.json');
    const first = '/SecurityGroupRules/0';
    expect(rules.pointerOf(first, 'id')).toBe(`${first}/GroupId`);
    expect(rules.pointerOf(first, 'ownerId')).toBe(`${first}/GroupOwnerId`);
    expect(rules.pointerOf(first, 'ruleId')).toBe(`${first}/SecurityGroupRuleId`);
    expect(rules.pointerOf(first, 'peerGroupId')).toBe(`${first}/ReferencedGroupInfo/GroupId`);
    expect(rules.pointerOf(first, 'peerOwnerId')).toBe(`${first}/ReferencedGroupInfo/UserId`);
    const examples = provenanceOf('aws/cli-examples.json');
    const out = '/Examples/3/Output/SecurityGroupRules/0';
    expect(examples.pointerOf(out, 'id')).toBe(`${out}/GroupId`);
    expect(provenanceOf('aws/authorize-request.json').pointerOf('', 'id')).toBe('/GroupId');
  });

  it('AWS XML: the members findings name by their own pointer', () => {
    const xml = provenanceOf('aws/describe-groups.xml');
    const group = '/DescribeSecurityGroupsResponse/securityGroupInfo/item/0';
    expect(xml.pointerOf(group, 'vpcId')).toBe(`${group}/vpcId`);
    expect(xml.pointerOf(group, 'ownerId')).toBe(`${group}/ownerId`);
    // Findings about the group ID name the group (a more precise pointer is a change of output).
    expect(xml.pointerOf(group, 'id')).toBeUndefined();
  });

  it('AWS query: findings keep naming the flat parameter group, so nothing is recorded below it', () => {
    const query = provenanceOf('aws/authorize-query.txt');
    expect(query.pointerOf('/IpPermissions.3.Groups.1', 'peerGroupId')).toBeUndefined();
    expect(query.pointerOf('', 'id')).toBe('/GroupId');
  });

  it('the model document: its own group and rule members', () => {
    const group = JSON.parse(readFileSync(resolve(repoRoot, 'test/fixtures/aws/write-group.model.json'), 'utf8')) as {
      pointer?: string;
      rules: { description?: string; origin?: unknown }[];
    };
    delete group.pointer;
    delete group.rules[0]!.origin;
    group.rules[0]!.description = 'web';
    const model = provenanceOf('model.json', JSON.stringify({ modelVersion: 1, groups: [group] }));
    expect(model.pointerOf('/groups/0', 'id')).toBe('/groups/0/id');
    expect(model.pointerOf('/groups/0', 'vpcId')).toBe('/groups/0/vpcId');
    expect(model.pointerOf('/groups/0/rules/0', 'description')).toBe('/groups/0/rules/0/description');
    // A group that carries the pointer of an earlier input is named by that pointer alone.
    const carried = provenanceOf(
      'model.json',
      JSON.stringify({ modelVersion: 1, groups: [{ ...group, pointer: '' }] }),
    );
    expect(carried.pointerOf('/groups/0', 'id')).toBeUndefined();
  });

  it('provisioning code: a state group ID, a template VPC', () => {
    const state = provenanceOf('iac/terraform-state-aws.json');
    const values = '/values/root_module/resources/0/values';
    expect(state.pointerOf(values, 'id')).toBe(`${values}/id`);
    const group = (type: string, description: string) => ({
      Resources: { Web: { Type: type, Properties: { [description]: 'web', VpcId: 'vpc-1' } } },
    });
    const ros = provenanceOf(
      'ros.json',
      JSON.stringify({ ROSTemplateFormatVersion: '2015-09-01', ...group('ALIYUN::ECS::SecurityGroup', 'Description') }),
    );
    expect(ros.pointerOf('/Resources/Web/Properties', 'vpcId')).toBe('/Resources/Web/Properties/VpcId');
    const cfn = provenanceOf(
      'cfn.json',
      JSON.stringify({
        AWSTemplateFormatVersion: '2010-09-09',
        ...group('AWS::EC2::SecurityGroup', 'GroupDescription'),
      }),
    );
    expect(cfn.pointerOf('/Resources/Web/Properties', 'vpcId')).toBe('/Resources/Web/Properties/VpcId');
  });
});

const PROVENANCE_FIELDS: readonly ProvenanceField[] = [
  'id',
  'region',
  'vpcId',
  'ownerId',
  'arn',
  'description',
  'nicType',
  'ruleId',
  'createTime',
  'peerGroupId',
  'peerOwnerId',
  'peerOwnerAccount',
  'peerPrefixListId',
];

/** The cloud payloads the readers take: the adapter fixtures (goldens aside) and the shared corpus when present. */
function payloadFiles(): string[] {
  const files: string[] = [];
  for (const dir of ['test/fixtures/aliyun', 'test/fixtures/aws'])
    for (const name of readdirSync(resolve(repoRoot, dir)))
      if (!name.includes('golden') && !name.startsWith('write-group')) files.push(resolve(repoRoot, dir, name));
  const corpus = resolve(repoRoot, '../shared/corpus');
  if (existsSync(corpus))
    for (const cloud of ['aliyun', 'aws'])
      for (const name of readdirSync(resolve(corpus, cloud), { recursive: true }) as string[])
        if (/\.(json|xml)$/.test(name)) files.push(resolve(corpus, cloud, name));
  return files;
}

describe('every recorded pointer names a value of the input', () => {
  it('member tables and recorded pointers alike, on every fixture and corpus payload', () => {
    let checked = 0;
    for (const file of payloadFiles()) {
      const parsed = parseInput(readFileSync(file, 'utf8'), file);
      const report = new Report();
      let groups;
      try {
        groups = readDetected(parsed, detectInput(parsed), report, file, { skipInvalid: true }).groups;
      } catch {
        continue; // not a payload these readers take whole (covered by the corpus suites)
      }
      const objects = groups.flatMap((g) => [g.pointer ?? '', ...g.rules.map((r) => r.origin?.pointer ?? '')]);
      for (const object of objects)
        for (const field of PROVENANCE_FIELDS) {
          const at = report.provenance.pointerOf(object, field);
          if (at === undefined) continue;
          expect(resolvePointer(parsed.value, at), `${file} ${object} ${field} → ${at}`).not.toBeUndefined();
          checked++;
        }
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('later stages use the recorded pointer', () => {
  it('fieldLocator answers what the reader recorded, else the object itself', () => {
    const provenance = new Provenance();
    provenance.record('/Permissions/0', 'description', '/Permissions/0/Remark');
    const locate = fieldLocator(provenance);
    expect(locate('/Permissions/0', 'description')).toBe('/Permissions/0/Remark');
    expect(locate('/Permissions/0', 'nicType')).toBe('/Permissions/0');
    expect(locate('/Permissions/1', 'description')).toBe('/Permissions/1');
  });

  it('member tables: a field recorded by member name is found at objectPointer/name, and survives addAll', () => {
    const names = memberNamesBySubset([
      ['description', 'Description'],
      ['peerGroupId', 'GroupId'],
      ['peerGroupId', 'GroupName'],
    ]);
    // One table per subset, shared: the same mask gives the same object.
    expect(names(0b101)).toBe(names(0b101));
    expect(names(0b101)).toEqual({ description: 'Description', peerGroupId: 'GroupName' });
    const local = new Provenance();
    local.recordMembers('/SecurityGroups/0/IpPermissions/1/UserIdGroupPairs/2', names(0b011));
    local.record('/Permissions/0', 'description', '/Permissions/0/Remark');
    const provenance = new Provenance();
    provenance.addAll(local);
    const at = '/SecurityGroups/0/IpPermissions/1/UserIdGroupPairs/2';
    expect(provenance.pointerOf(at, 'description')).toBe(`${at}/Description`);
    expect(provenance.pointerOf(at, 'peerGroupId')).toBe(`${at}/GroupId`);
    expect(provenance.pointerOf(at, 'peerOwnerId')).toBeUndefined();
    expect(provenance.pointerOf('/Permissions/0', 'description')).toBe('/Permissions/0/Remark');
    expect(fieldLocator(provenance)(at, 'nicType')).toBe(at);
  });

  it('no stage after the readers holds a provider spelling of a field it locates', () => {
    // The locators take a model field name only; callers pass no list of spellings.
    const dirs = ['src/convert', 'src/lower'];
    const offenders: string[] = [];
    for (const dir of dirs)
      for (const name of readdirSync(resolve(repoRoot, dir)).filter((n) => n.endsWith('.ts'))) {
        const text = readFileSync(resolve(repoRoot, dir, name), 'utf8');
        for (const m of text.matchAll(/locate\w*\??\.?\(([^)]*)\)/g))
          if (m[1]!.includes('[')) offenders.push(`${dir}/${name}: ${m[0]}`);
        for (const spelling of ["'nic_type'", "'source_security_group_id'", 'GROUP_ID_FIELDS', 'OWNER_FIELDS'])
          if (text.includes(spelling)) offenders.push(`${dir}/${name}: ${spelling}`);
      }
    expect(offenders).toEqual([]);
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
