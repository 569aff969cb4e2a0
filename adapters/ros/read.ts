/**
 * ROS templates (JSON or YAML) → canonical Aliyun groups, through the Aliyun adapter's permission reader
 * (iac/aliyun-groups.ts). `ALIYUN::ECS::SecurityGroup` with SecurityGroupIngress/Egress entries (wire property
 * names), and `ALIYUN::ECS::SecurityGroupIngress` / `…Egress` resources attached to their group by SecurityGroupId.
 * A group's ID is its logical ID. SecurityGroupType defaults to normal, as ROS documents; ROS cannot set
 * InnerAccessPolicy, so a new basic group keeps the API default (Accept). Values that do not resolve within the
 * template leave their rule out (iac_reference_unresolved).
 */
import type { SecurityGroup } from '../../src/model/group.js';
import type { Direction, Tag } from '../../src/model/rule.js';
import type { Report } from '../../src/report/report.js';
import { AliyunGroupBuilder, isPermissionField, type FieldValue } from '../iac/aliyun-groups.js';
import type { TemplateContext } from '../iac/intrinsics.js';
import { Properties, templateParameters, templateResources } from '../iac/template-read.js';

const KIND = 'ROS template';
const GROUP_PROPERTIES = [
  'SecurityGroupName',
  'Description',
  'VpcId',
  'SecurityGroupType',
  'Tags',
  'SecurityGroupIngress',
  'SecurityGroupEgress',
];

/** One rule entry's wire fields, or undefined when a value does not resolve (reported). */
function fields(p: Properties, report: Report, groupKeys: readonly string[]): Map<string, FieldValue> | undefined {
  const out = new Map<string, FieldValue>();
  let unresolved = false;
  for (const k of p.keys()) {
    if (groupKeys.includes(k)) continue;
    if (!isPermissionField(k) || k === 'Direction') {
      report.add('field_not_translated', p.at(k), { field: k, to: 'the model (unknown rule property)' });
      continue;
    }
    const r = p.get(k);
    if (r === undefined) continue;
    if ('unresolved' in r) {
      report.add('iac_reference_unresolved', p.at(k), { value: r.unresolved, field: k, kind: KIND });
      unresolved = true;
      continue;
    }
    out.set(k, { value: r.value, pointer: p.at(k) });
  }
  return unresolved ? undefined : out;
}

export function readRos(template: unknown, report: Report): SecurityGroup[] {
  const resources = templateResources(template, 'ALIYUN::ECS::SecurityGroup');
  const groups = resources.filter((r) => r.type === 'ALIYUN::ECS::SecurityGroup');
  const ctx: TemplateContext = {
    parameters: templateParameters(template),
    groups: new Map(groups.map((g) => [g.logicalId, g.logicalId])),
    idAttribute: 'SecurityGroupId',
    report,
    kind: KIND,
  };
  const b = new AliyunGroupBuilder();
  for (const r of groups) {
    const p = new Properties(r.properties, r.pointer, ctx);
    for (const k of p.keys())
      if (!GROUP_PROPERTIES.includes(k))
        report.add('field_not_translated', p.at(k), { field: k, to: 'the model (unknown group property)' });
    const tags: Tag[] = p.list('Tags').flatMap(({ item }) => {
      const key = item.text('Key', report);
      return key === undefined ? [] : [{ key, value: item.text('Value', report) ?? '' }];
    });
    const name = p.text('SecurityGroupName', report);
    const description = p.text('Description', report);
    const vpcId = p.text('VpcId', report);
    b.group(
      r.logicalId,
      {
        ...(name !== undefined && { name }),
        ...(description !== undefined && { description }),
        ...(vpcId !== undefined && { vpcId, vpcIdPointer: p.at('VpcId') }),
        type: p.text('SecurityGroupType', report) ?? 'normal',
        tags,
      },
      r.pointer,
      p.at('SecurityGroupType'),
    );
    for (const [property, direction] of [
      ['SecurityGroupIngress', 'ingress'],
      ['SecurityGroupEgress', 'egress'],
    ] as const) {
      for (const { item } of p.list(property)) {
        const f = fields(item, report, []);
        if (f) b.rule(r.logicalId, direction, f, item.pointer, report);
      }
    }
  }
  for (const r of resources) {
    if (r.type !== 'ALIYUN::ECS::SecurityGroupIngress' && r.type !== 'ALIYUN::ECS::SecurityGroupEgress') continue;
    const direction: Direction = r.type.endsWith('Ingress') ? 'ingress' : 'egress';
    const p = new Properties(r.properties, r.pointer, ctx);
    const target = p.get('SecurityGroupId');
    if (target === undefined || 'unresolved' in target) {
      report.add('iac_reference_unresolved', p.at('SecurityGroupId'), {
        value: target === undefined ? '(no SecurityGroupId)' : target.unresolved,
        field: 'SecurityGroupId',
        kind: KIND,
      });
      continue;
    }
    const key = String(target.value);
    if (!b.has(key)) {
      report.add('iac_rule_without_group', p.at('SecurityGroupId'), { address: r.logicalId, groupId: key, kind: KIND });
      b.group(key, {}, p.at('SecurityGroupId'));
    }
    const f = fields(p, report, ['SecurityGroupId']);
    if (f) b.rule(key, direction, f, r.pointer, report);
  }
  return b.read(report);
}
