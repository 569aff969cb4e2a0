/**
 * Terraform state, plan and configuration → canonical groups of one cloud, through that cloud's adapter reader
 * (iac/aws-groups.ts, iac/aliyun-groups.ts). Group resources: `aws_security_group` (inline `ingress` / `egress`
 * blocks), `alicloud_security_group`. Rule resources, attached to their group by `security_group_id` (a group's ID,
 * or in a configuration or plan the expression `aws_security_group.web.id`): `aws_security_group_rule`,
 * `aws_vpc_security_group_ingress_rule` / `_egress_rule`, `alicloud_security_group_rule`. A rule whose group is
 * not in the document forms a group of its own (iac_rule_without_group). A group without a known ID (a
 * configuration, or a plan before apply) is identified by its resource address, and references to it resolve to
 * that address. Expressions that name anything else leave their rule out (iac_reference_unresolved).
 */
import type { SecurityGroup } from '../../src/model/group.js';
import { childPointer } from '../../src/model/pointer.js';
import type { ProviderId } from '../../src/model/rule.js';
import type { Report } from '../../src/report/report.js';
import { AliyunGroupBuilder, TERRAFORM_ARGS, type FieldValue } from '../iac/aliyun-groups.js';
import { AwsGroupBuilder, type Sourced } from '../iac/aws-groups.js';
import { expressionOf, terraformResources, type TerraformShape, type TfResource } from './resources.js';

const GROUP_TYPES: Readonly<Record<ProviderId, string>> = {
  aws: 'aws_security_group',
  aliyun: 'alicloud_security_group',
};
const RULE_TYPES: Readonly<Record<ProviderId, readonly string[]>> = {
  aws: ['aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'],
  aliyun: ['alicloud_security_group_rule'],
};

/** Attributes a resource has that are bookkeeping of Terraform or the provider, not group content. */
const BOOKKEEPING = [
  'id',
  'arn',
  'tags_all',
  'timeouts',
  'revoke_rules_on_delete',
  'region',
  'security_group_rule_id',
  'resource_group_id',
  'create_time',
  'count',
  'for_each',
  'provider',
  'depends_on',
  'lifecycle',
];

/** Which clouds' security-group resources a document holds. */
export function terraformProviders(resources: readonly TfResource[]): ProviderId[] {
  return (['aws', 'aliyun'] as const).filter((p) =>
    resources.some((r) => r.type === GROUP_TYPES[p] || RULE_TYPES[p].includes(r.type)),
  );
}

function present(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === false) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

function reportOthers(r: TfResource, known: readonly string[], report: Report): void {
  for (const [k, v] of Object.entries(r.values)) {
    if (known.includes(k) || !present(v)) continue;
    if (BOOKKEEPING.includes(k)) {
      if (k === 'revoke_rules_on_delete' || k === 'resource_group_id')
        report.add('field_not_translated', childPointer(r.pointer, k), { field: k, to: 'the model' });
      continue;
    }
    report.add('field_not_translated', childPointer(r.pointer, k), { field: k, to: `the model (${r.type} argument)` });
  }
}

/** Resolving group references: group IDs, resource addresses, and plan references. */
class Groups {
  readonly #byId = new Map<string, string>();
  readonly #byAddress = new Map<string, string>();

  constructor(groups: readonly TfResource[]) {
    for (const g of groups) {
      const id =
        typeof g.values['id'] === 'string' && g.values['id'] !== '' && expressionOf(g.values['id']) === undefined
          ? g.values['id']
          : undefined;
      const key = id ?? g.address;
      if (id !== undefined) this.#byId.set(id, key);
      this.#byAddress.set(g.address.replace(/\[[^\]]*\]$/, ''), key);
    }
  }

  keyOf(g: TfResource): string {
    return this.#byAddress.get(g.address.replace(/\[[^\]]*\]$/, ''))!;
  }

  has(key: string): boolean {
    return [...this.#byAddress.values()].includes(key);
  }

  /**
   * A group reference: `{key}` (a group of the document, or an outside ID as written), or `{unresolved}` with the
   * expression. `undefined` when the attribute is absent.
   */
  resolve(r: TfResource, attr: string): { key: string } | { unresolved: string } | undefined {
    const raw = r.values[attr];
    if (typeof raw === 'string' && raw !== '') {
      const expr = expressionOf(raw);
      if (expr === undefined) return { key: this.#byId.get(raw) ?? raw };
      const m = /^([a-z0-9_]+\.[A-Za-z0-9_-]+)\.id$/.exec(expr);
      const key = m ? this.#byAddress.get(`${r.module}${m[1]!}`) : undefined;
      return key !== undefined ? { key } : { unresolved: raw };
    }
    if (raw === undefined || raw === null || raw === '') {
      const refs = r.references?.[attr];
      if (refs === undefined || refs.length === 0) return undefined;
      const address = refs.map((x) => /^(.+\.[A-Za-z0-9_-]+)\.id$/.exec(x)?.[1]).find((x) => x !== undefined);
      const key = address !== undefined ? this.#byAddress.get(`${r.module}${address}`) : undefined;
      return key !== undefined ? { key } : { unresolved: `\${${refs[0]!}} (unknown until apply)` };
    }
    return { unresolved: JSON.stringify(raw) };
  }
}

export interface TerraformReadContext {
  readonly report: Report;
  readonly kind: string;
}

/**
 * Plan only: arguments the plan cannot know until apply (absent, with references in the configuration), other
 * than the group references resolved on their own. Each is reported; the rule cannot be read without them.
 */
function unknownUntilApply(r: TfResource, ctx: TerraformReadContext, resolvedApart: readonly string[]): boolean {
  let unknown = false;
  for (const [attr, refs] of Object.entries(r.references ?? {})) {
    if (resolvedApart.includes(attr) || refs.length === 0) continue;
    const v = r.values[attr];
    if (v !== undefined && v !== null) continue;
    ctx.report.add('iac_reference_unresolved', childPointer(r.pointer, attr), {
      value: `\${${refs[0]!}} (unknown until apply)`,
      field: attr,
      kind: ctx.kind,
    });
    unknown = true;
  }
  return unknown;
}

/** The group a rule resource belongs to; undefined (reported) when it cannot be known. */
function ruleGroup(
  r: TfResource,
  groups: Groups,
  has: (key: string) => boolean,
  add: (key: string, pointer: string) => void,
  ctx: TerraformReadContext,
): string | undefined {
  const target = groups.resolve(r, 'security_group_id');
  const at = childPointer(r.pointer, 'security_group_id');
  if (target === undefined || 'unresolved' in target) {
    ctx.report.add('iac_reference_unresolved', at, {
      value: target === undefined ? '(absent)' : target.unresolved,
      field: 'security_group_id',
      kind: ctx.kind,
    });
    return undefined;
  }
  if (!has(target.key)) {
    ctx.report.add('iac_rule_without_group', at, { address: r.address, groupId: target.key, kind: ctx.kind });
    add(target.key, at);
  }
  return target.key;
}

// --- AWS ---------------------------------------------------------------------------------------------------------

function awsProtocol(v: unknown): unknown {
  if (typeof v === 'number') return String(v);
  return v === 'all' ? '-1' : v;
}

/** An IpPermission from Terraform rule arguments (inline block or rule resource). */
function awsPermission(
  b: AwsGroupBuilder,
  values: Record<string, unknown>,
  at: string,
  names: { protocol: string },
  peers: {
    cidrs: [string, string][];
    v6: [string, string][];
    prefixLists: [string, string][];
    groups: [string, string][];
  },
  description: Sourced | undefined,
): Record<string, unknown> {
  const num = (k: string): Sourced | undefined => {
    const v = values[k];
    return v === undefined || v === null
      ? undefined
      : [typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v, childPointer(at, k)];
  };
  const d = description === undefined ? {} : { Description: description };
  const protocol = awsProtocol(values[names.protocol]);
  // Terraform writes from_port = to_port = 0 for all protocols (-1): not a port range.
  const allZero = protocol === '-1' && Number(values['from_port'] ?? 0) === 0 && Number(values['to_port'] ?? 0) === 0;
  const perm = b.object(
    {
      IpProtocol: [protocol, childPointer(at, names.protocol)],
      FromPort: allZero ? undefined : num('from_port'),
      ToPort: allZero ? undefined : num('to_port'),
    },
    at,
  );
  perm['IpRanges'] = peers.cidrs.map(([v, p]) => b.object({ CidrIp: [v, p], ...d }, p));
  perm['Ipv6Ranges'] = peers.v6.map(([v, p]) => b.object({ CidrIpv6: [v, p], ...d }, p));
  perm['PrefixListIds'] = peers.prefixLists.map(([v, p]) => b.object({ PrefixListId: [v, p], ...d }, p));
  // `UserID/GroupID` names a group of another account (the provider's form for cross-account references).
  perm['UserIdGroupPairs'] = peers.groups.map(([v, p]) => {
    const slash = v.indexOf('/');
    return b.object(
      {
        GroupId: [slash < 0 ? v : v.slice(slash + 1), p],
        ...(slash >= 0 && { UserId: [v.slice(0, slash), p] as Sourced }),
        ...d,
      },
      p,
    );
  });
  return perm;
}

/** Literal strings of a list argument, each with its pointer; expressions are reported and left out. */
function literals(
  values: Record<string, unknown>,
  key: string,
  at: string,
  ctx: TerraformReadContext,
): [string, string][] {
  const v = values[key];
  if (v === undefined || v === null) return [];
  const items = Array.isArray(v) ? v : [v];
  const out: [string, string][] = [];
  items.forEach((item, i) => {
    const p = Array.isArray(v) ? childPointer(at, key, i) : childPointer(at, key);
    if (typeof item !== 'string' || item === '') return;
    if (expressionOf(item) !== undefined)
      ctx.report.add('iac_reference_unresolved', p, { value: item, field: key, kind: ctx.kind });
    else out.push([item, p]);
  });
  return out;
}

function groupRefs(
  values: Record<string, unknown>,
  key: string,
  at: string,
  groups: Groups,
  r: TfResource,
  ctx: TerraformReadContext,
): [string, string][] {
  const v = values[key];
  if (!Array.isArray(v)) return [];
  const out: [string, string][] = [];
  v.forEach((item, i) => {
    const p = childPointer(at, key, i);
    const resolved = groups.resolve({ ...r, values: { ref: item } }, 'ref');
    if (resolved === undefined) return;
    if ('unresolved' in resolved)
      ctx.report.add('iac_reference_unresolved', p, { value: resolved.unresolved, field: key, kind: ctx.kind });
    else out.push([resolved.key, p]);
  });
  return out;
}

function textField(values: Record<string, unknown>, key: string, at: string, report?: Report): Sourced | undefined {
  const v = values[key];
  if (typeof v !== 'string' || v === '') return undefined;
  if (expressionOf(v) !== undefined) {
    // A group field given as an expression (`var.vpc_id`): not known here, and no rule depends on it.
    report?.add('value_unreadable', childPointer(at, key), { value: v, field: key });
    return undefined;
  }
  return [v, childPointer(at, key)];
}

const AWS_GROUP_ARGS = ['name', 'name_prefix', 'description', 'vpc_id', 'owner_id', 'tags', 'ingress', 'egress'];
const AWS_INLINE_ARGS = [
  'protocol',
  'from_port',
  'to_port',
  'cidr_blocks',
  'ipv6_cidr_blocks',
  'prefix_list_ids',
  'security_groups',
  'self',
  'description',
];
const AWS_RULE_ARGS = [
  'type',
  'security_group_id',
  'protocol',
  'from_port',
  'to_port',
  'cidr_blocks',
  'ipv6_cidr_blocks',
  'prefix_list_ids',
  'source_security_group_id',
  'self',
  'description',
];
const AWS_VPC_RULE_ARGS = [
  'security_group_id',
  'ip_protocol',
  'from_port',
  'to_port',
  'cidr_ipv4',
  'cidr_ipv6',
  'prefix_list_id',
  'referenced_security_group_id',
  'description',
  'tags',
];

function readAwsResources(resources: readonly TfResource[], ctx: TerraformReadContext): SecurityGroup[] {
  const b = new AwsGroupBuilder();
  const groupResources = resources.filter((r) => r.type === 'aws_security_group');
  const groups = new Groups(groupResources);
  for (const r of groupResources) {
    const key = groups.keyOf(r);
    const v = r.values;
    reportOthers(r, AWS_GROUP_ARGS, ctx.report);
    const tags = v['tags'];
    const tagList =
      typeof tags === 'object' && tags !== null && !Array.isArray(tags)
        ? Object.entries(tags).map(([k, value]) =>
            b.object(
              {
                Key: [k, childPointer(r.pointer, 'tags', k)],
                Value: [String(value ?? ''), childPointer(r.pointer, 'tags', k)],
              },
              childPointer(r.pointer, 'tags', k),
            ),
          )
        : [];
    b.group(
      key,
      {
        GroupName: textField(v, 'name', r.pointer, ctx.report) ?? textField(v, 'name_prefix', r.pointer, ctx.report),
        Description: textField(v, 'description', r.pointer, ctx.report),
        VpcId: textField(v, 'vpc_id', r.pointer, ctx.report),
        OwnerId: textField(v, 'owner_id', r.pointer, ctx.report),
        ...(tagList.length > 0 && { Tags: [tagList, childPointer(r.pointer, 'tags')] as Sourced }),
      },
      r.pointer,
      // A state's `id` names the group (its provenance, src/model/provenance.ts).
      v['id'] !== undefined ? childPointer(r.pointer, 'id') : undefined,
    );
    for (const direction of ['ingress', 'egress'] as const) {
      const blocks = v[direction];
      if (!Array.isArray(blocks)) continue;
      blocks.forEach((block, i) => {
        if (typeof block !== 'object' || block === null) return;
        const bv = block as Record<string, unknown>;
        const at = childPointer(r.pointer, direction, i);
        reportOthers({ ...r, values: bv, pointer: at }, AWS_INLINE_ARGS, ctx.report);
        const own: [string, string][] = bv['self'] === true ? [[key, childPointer(at, 'self')]] : [];
        b.permission(
          key,
          direction,
          awsPermission(
            b,
            bv,
            at,
            { protocol: 'protocol' },
            {
              cidrs: literals(bv, 'cidr_blocks', at, ctx),
              v6: literals(bv, 'ipv6_cidr_blocks', at, ctx),
              prefixLists: literals(bv, 'prefix_list_ids', at, ctx),
              groups: [...groupRefs(bv, 'security_groups', at, groups, r, ctx), ...own],
            },
            textField(bv, 'description', at),
          ),
        );
      });
    }
  }
  const addOrphan = (key: string, pointer: string) => b.group(key, {}, pointer);
  for (const r of resources) {
    if (!RULE_TYPES.aws.includes(r.type)) continue;
    const key = ruleGroup(r, groups, (k) => b.has(k), addOrphan, ctx);
    if (
      key === undefined ||
      unknownUntilApply(r, ctx, ['security_group_id', 'source_security_group_id', 'referenced_security_group_id'])
    )
      continue;
    const v = r.values;
    if (r.type === 'aws_security_group_rule') {
      reportOthers(r, AWS_RULE_ARGS, ctx.report);
      const direction = v['type'] === 'egress' ? 'egress' : 'ingress';
      const source = groups.resolve(r, 'source_security_group_id');
      if (source !== undefined && 'unresolved' in source) {
        ctx.report.add('iac_reference_unresolved', childPointer(r.pointer, 'source_security_group_id'), {
          value: source.unresolved,
          field: 'source_security_group_id',
          kind: ctx.kind,
        });
        continue;
      }
      const pairs: [string, string][] = source
        ? [[source.key, childPointer(r.pointer, 'source_security_group_id')]]
        : [];
      if (v['self'] === true) pairs.push([key, childPointer(r.pointer, 'self')]);
      b.permission(
        key,
        direction,
        awsPermission(
          b,
          v,
          r.pointer,
          { protocol: 'protocol' },
          {
            cidrs: literals(v, 'cidr_blocks', r.pointer, ctx),
            v6: literals(v, 'ipv6_cidr_blocks', r.pointer, ctx),
            prefixLists: literals(v, 'prefix_list_ids', r.pointer, ctx),
            groups: pairs,
          },
          textField(v, 'description', r.pointer),
        ),
      );
      continue;
    }
    reportOthers(r, AWS_VPC_RULE_ARGS, ctx.report);
    const direction = r.type.endsWith('egress_rule') ? 'egress' : 'ingress';
    const referenced = groups.resolve(r, 'referenced_security_group_id');
    if (referenced !== undefined && 'unresolved' in referenced) {
      ctx.report.add('iac_reference_unresolved', childPointer(r.pointer, 'referenced_security_group_id'), {
        value: referenced.unresolved,
        field: 'referenced_security_group_id',
        kind: ctx.kind,
      });
      continue;
    }
    const cidrs = literals(v, 'cidr_ipv4', r.pointer, ctx);
    const v6 = literals(v, 'cidr_ipv6', r.pointer, ctx);
    const prefixLists = literals(v, 'prefix_list_id', r.pointer, ctx);
    const pairs: [string, string][] = referenced
      ? [[referenced.key, childPointer(r.pointer, 'referenced_security_group_id')]]
      : [];
    if (cidrs.length + v6.length + prefixLists.length + pairs.length === 0) continue; // its only peer was unresolved (reported)
    b.permission(
      key,
      direction,
      awsPermission(
        b,
        v,
        r.pointer,
        { protocol: 'ip_protocol' },
        { cidrs, v6, prefixLists, groups: pairs },
        textField(v, 'description', r.pointer),
      ),
    );
  }
  return b.read(ctx.report);
}

// --- Aliyun ------------------------------------------------------------------------------------------------------

const ALIYUN_GROUP_ARGS = [
  'name',
  'security_group_name',
  'description',
  'vpc_id',
  'security_group_type',
  'inner_access_policy',
  'inner_access',
  'tags',
];

function readAliyunResources(resources: readonly TfResource[], ctx: TerraformReadContext): SecurityGroup[] {
  const b = new AliyunGroupBuilder();
  const groupResources = resources.filter((r) => r.type === 'alicloud_security_group');
  const groups = new Groups(groupResources);
  for (const r of groupResources) {
    const v = r.values;
    reportOthers(r, ALIYUN_GROUP_ARGS, ctx.report);
    const text = (k: string) => textField(v, k, r.pointer, ctx.report)?.[0] as string | undefined;
    const inner =
      text('inner_access_policy') ??
      (v['inner_access'] === true ? 'Accept' : v['inner_access'] === false ? 'Drop' : undefined);
    const tags = v['tags'];
    const name = text('security_group_name') ?? text('name');
    const description = text('description');
    const vpcId = text('vpc_id');
    b.group(
      groups.keyOf(r),
      {
        ...(name !== undefined && { name }),
        ...(description !== undefined && { description }),
        ...(vpcId !== undefined && { vpcId }),
        // A state's `id` names the group; `vpc_id` is not recorded: findings name the resource for it today.
        ...(v['id'] !== undefined && { idPointer: childPointer(r.pointer, 'id') }),
        // The provider's default (security_group_type: normal).
        type: text('security_group_type') ?? 'normal',
        ...(inner !== undefined && { innerAccessPolicy: inner }),
        ...(typeof tags === 'object' &&
          tags !== null &&
          !Array.isArray(tags) && {
            tags: Object.entries(tags).map(([key, value]) => ({ key, value: String(value ?? '') })),
          }),
      },
      r.pointer,
      childPointer(r.pointer, 'security_group_type'),
    );
  }
  const addOrphan = (key: string, pointer: string) => b.group(key, {}, pointer);
  for (const r of resources) {
    if (r.type !== 'alicloud_security_group_rule') continue;
    const key = ruleGroup(r, groups, (k) => b.has(k), addOrphan, ctx);
    if (key === undefined || unknownUntilApply(r, ctx, ['security_group_id', 'source_security_group_id'])) continue;
    const v = r.values;
    const direction = v['type'] === 'egress' ? 'egress' : 'ingress';
    const fields = new Map<string, FieldValue>();
    let left = false;
    for (const [k, value] of Object.entries(v)) {
      const at = childPointer(r.pointer, k);
      if (k === 'type' || k === 'security_group_id' || value === null || value === undefined || value === '') continue;
      if (k === 'security_group_rule_id') {
        fields.set('SecurityGroupRuleId', { value, pointer: at });
        continue;
      }
      const wire = TERRAFORM_ARGS[k]?.[direction];
      if (wire === undefined) {
        if (!BOOKKEEPING.includes(k))
          ctx.report.add('field_not_translated', at, {
            field: k,
            to: 'the model (alicloud_security_group_rule argument)',
          });
        continue;
      }
      if (k === 'source_security_group_id') continue; // resolved below, also when a plan leaves it unknown
      if (typeof value === 'string' && expressionOf(value) !== undefined) {
        ctx.report.add('iac_reference_unresolved', at, { value, field: k, kind: ctx.kind });
        left = true;
        continue;
      }
      fields.set(wire, { value, pointer: at });
    }
    const ref = groups.resolve(r, 'source_security_group_id');
    if (ref !== undefined && 'unresolved' in ref) {
      ctx.report.add('iac_reference_unresolved', childPointer(r.pointer, 'source_security_group_id'), {
        value: ref.unresolved,
        field: 'source_security_group_id',
        kind: ctx.kind,
      });
      left = true;
    } else if (ref !== undefined)
      fields.set(TERRAFORM_ARGS['source_security_group_id']![direction], {
        value: ref.key,
        pointer: childPointer(r.pointer, 'source_security_group_id'),
      });
    if (!left) b.rule(key, direction, fields, r.pointer, ctx.report);
  }
  return b.read(ctx.report);
}

export function readTerraform(
  value: unknown,
  shape: TerraformShape,
  provider: ProviderId,
  report: Report,
): SecurityGroup[] {
  const resources = terraformResources(value, shape);
  const kind =
    shape === 'terraform-config'
      ? 'Terraform configuration'
      : shape === 'terraform-plan'
        ? 'Terraform plan'
        : 'Terraform state';
  const other: ProviderId = provider === 'aws' ? 'aliyun' : 'aws';
  const skipped = resources.filter((r) => r.type === GROUP_TYPES[other] || RULE_TYPES[other].includes(r.type)).length;
  if (skipped > 0) report.add('iac_other_cloud_skipped', '', { count: skipped, provider: other, kind });
  const ctx = { report, kind };
  return provider === 'aws' ? readAwsResources(resources, ctx) : readAliyunResources(resources, ctx);
}
